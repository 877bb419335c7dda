"""Templates hold phrasing only: no figures, no names of wards, councils, parties or people."""

from __future__ import annotations

import csv
import re
import tomllib
from pathlib import Path

import pytest

from storygen.model import FactKind
from storygen.parties import party_table
from storygen.realise.render import TEMPLATES, TemplateFailure, _variant_macros, make_environment

from .conftest import FIXTURES

TEMPLATE_FILES = sorted(TEMPLATES.rglob("*.j2"))
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def _forbidden_names() -> set[str]:
    names: set[str] = set()
    for party in party_table():
        if party.code in ("Ind", "Oth"):
            continue  # "independent" and "other" are ordinary words
        names |= {party.name, *party.nouns, *party.adjectives, *party.registered}
    for folder in FIXTURES.iterdir():
        if not (folder / "election.toml").exists():
            continue  # a general election's fixture: its names are added in test_general_*
        context = tomllib.loads((folder / "election.toml").read_text(encoding="utf-8"))
        names.add(context["council"]["name"])
        names |= {p["name"] for p in context.get("people", [])}
        with (folder / "candidates.csv").open(encoding="utf-8") as f:
            for row in csv.reader(f):
                names |= {row[2].strip(), row[4].strip()}
    return {n.removeprefix("the ") for n in names if n}


FORBIDDEN = _forbidden_names()


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: p.name)
def test_no_figures_in_template_text(path: Path) -> None:
    literal = JINJA.sub(" ", path.read_text(encoding="utf-8"))
    assert not re.search(r"\d", literal), f"a figure in the text of {path.name}"


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: p.name)
def test_no_names_in_templates(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = sorted(n for n in FORBIDDEN if re.search(rf"\b{re.escape(n)}\b", text))
    assert not found, f"{path.name} names {found}"


def test_the_name_check_can_fail() -> None:
    assert "Weoley" in FORBIDDEN and "Labour" in FORBIDDEN and "Tory" in FORBIDDEN


def test_every_fact_kind_in_a_story_has_a_fragment_with_phrasings() -> None:
    env = make_environment()
    own_fragment = set(FactKind) - {
        FactKind.CONTROL,  # in the lead and the standing paragraph
        FactKind.NO_OVERALL_CONTROL,
        FactKind.COMPOSITION,
        FactKind.HOLD,  # not detected yet
        FactKind.TARGET_WON,  # reported as a gain
        FactKind.PROGRESS,  # mid-count: told in the lead and the headline
        # general elections only: their fragments are under general/ (test_general_templates)
        FactKind.SWING,
        FactKind.RETURNING_MEMBER,
        FactKind.SPEAKER_SEAT,
    }
    for kind in sorted(own_fragment):
        assert len(_variant_macros(env, kind.value)) >= 2, kind
    for fragment in ("lead", "standing", "headline", "standfirst"):
        assert len(_variant_macros(env, fragment)) >= 2, fragment


def test_missing_template_is_a_clear_error() -> None:
    with pytest.raises(TemplateFailure, match="cannot load template"):
        _variant_macros(make_environment(), "no_such_fragment")


def test_templates_run_sandboxed_and_strict(tmp_path: Path) -> None:
    (tmp_path / "fragments").mkdir()
    (tmp_path / "fragments" / "evil.j2").write_text(
        "{% macro variant_1(m, f, h) %}{{ m.__class__.__mro__ }}{% endmacro %}"
    )
    env = make_environment(tmp_path)
    (macro,) = _variant_macros(env, "evil")
    with pytest.raises(Exception, match=r"unsafe|not safely|access"):
        macro(object(), None, None)
