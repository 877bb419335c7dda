"""General-election fixtures and samples: the inputs are the shared exports byte for byte, the
samples' figures are the raw rows', and the templates hold no names."""

from __future__ import annotations

import csv
import gzip
import io
import re
import tomllib
from pathlib import Path

import pytest

from storygen import pipeline
from storygen.general import find_story, stories
from storygen.ingest.general import load_general
from storygen.model import slugify
from storygen.plan.general import FRAGMENTS
from storygen.realise.render import TEMPLATES, _variant_macros, make_environment

from .conftest import FIXTURES, ROOT, SHARED

GENERAL = sorted(p for p in FIXTURES.iterdir() if (p / "general.toml").exists())
SINGLE_PHRASING = {"general/seat_box", "general/party_line"}  # results-box lines: one format


def _context(folder: Path) -> dict[str, object]:
    return tomllib.loads((folder / "general.toml").read_text(encoding="utf-8"))["general"]


def _raw(path: Path) -> list[dict[str, str]]:
    text = gzip.decompress(path.read_bytes()).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_there_are_general_election_fixtures() -> None:
    assert [p.name for p in GENERAL] == ["ge-2019", "ge-2024"]


@pytest.mark.parametrize("folder", GENERAL, ids=lambda p: p.name)
def test_fixture_files_are_the_shared_exports_byte_for_byte(folder: Path) -> None:
    for packed in folder.glob("*.csv.gz"):
        original = SHARED / "parliament" / packed.name.removesuffix(".gz")
        assert gzip.decompress(packed.read_bytes()) == original.read_bytes(), packed.name
    context = tomllib.loads((folder / "general.toml").read_text(encoding="utf-8"))
    assert {p["file"] for p in context["provenance"]} == {p.name for p in folder.glob("*.gz")}


def _party(row: dict[str, str]) -> str:
    if row["Candidate is standing as Commons Speaker"] == "true":
        return "Spk"
    if row["Candidate is standing as independent"] == "true":
        return "Ind"
    return row["Main party abbreviation"]


@pytest.mark.parametrize("folder", GENERAL, ids=lambda p: p.name)
def test_each_sample_seat_says_what_its_rows_say(folder: Path) -> None:
    context = _context(folder)
    results = _raw(folder / str(context["results"]))
    elections = stories(load_general(folder))
    samples = context["samples"]
    assert isinstance(samples, list) and samples
    for name in samples:
        rows = sorted(
            (r for r in results if r["Constituency name"] == name),
            key=lambda r: -int(r["Candidate vote count"]),
        )
        first, second = rows[0], rows[1]
        majority = int(first["Candidate vote count"]) - int(second["Candidate vote count"])
        election = find_story(elections, name)
        draft = pipeline.generate(election, results=True)
        assert pipeline.check(election, draft).findings == ()
        lead = draft.paragraphs[0].sentences[0].text
        winner = f"{first['Candidate given name']} {first['Candidate family name']}"
        assert winner in lead and name in lead
        assert f"{majority:,}" in lead or f"majority of {majority:,}" in lead
        summary = first["Election result summary"]
        box = draft.results[0].text
        assert box.startswith(f"{name}: {winner} (")
        assert f"Majority {majority:,}." in box
        # the box lists every candidate, most votes first, with the votes of the rows
        votes = [int(v.replace(",", "")) for v in re.findall(r"\) (\d[\d,]*)", box)]
        assert votes == [int(r["Candidate vote count"]) for r in rows]
        if " gain from " in summary:
            assert " gain from " in box, name
            assert any(
                w in lead for w in ("took", "gained", "held by", "won the seat in", "a gain from")
            )
        else:
            assert " hold" in box, name
        sitting = [r for r in rows[1:] if r["Candidate is sitting MP"] == "true"]
        for mp in sitting:
            assert f"{mp['Candidate given name']} {mp['Candidate family name']}" in lead
        named = f"{folder.name}-{slugify(name)}.txt"
        assert (
            (ROOT / "samples" / named).read_text(encoding="utf-8").startswith(draft.headline.text)
        )


def test_general_templates_hold_no_constituency_or_candidate_names() -> None:
    names: set[str] = set()
    for folder in GENERAL:
        for packed in folder.glob("*.csv.gz"):
            for row in _raw(packed):
                names.add(row["Constituency name"])
                given, family = row["Candidate given name"], row["Candidate family name"]
                if given and family:
                    names.add(f"{given} {family}")
    assert "South West Norfolk" in names and "Liz Truss" in names
    for path in sorted((TEMPLATES / "fragments" / "general").glob("*.j2")):
        text = path.read_text(encoding="utf-8")
        found = [n for n in names if n in text and re.search(rf"\b{re.escape(n)}\b", text)]
        assert not found, f"{path.name} names {found}"


def test_every_general_fragment_has_several_phrasings() -> None:
    env = make_environment()
    fragments = {
        *FRAGMENTS.values(),
        "general/seat_lead",
        "general/area_lead",
        "general/headline",
        "general/standfirst",
        "general/standing",
        "general/defeated_named",
        "general/shares_more",
        "general/overturned",
    }
    for fragment in sorted(fragments - SINGLE_PHRASING):
        assert len(_variant_macros(env, fragment)) >= 2, fragment
    for fragment in SINGLE_PHRASING:
        assert _variant_macros(env, fragment), fragment
