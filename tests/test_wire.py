"""Wire formats: ninjs documents valid against the official schemas, HTML pages, a fixed clock."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import jsonschema
import pytest

from storygen.cli import main
from storygen.ingest import load_election
from storygen.pipeline import check, generate
from storygen.publish.wire import LONDON, WireSettings, london, to_html, to_ninjs

from .conftest import BIRMINGHAM, FIXTURES, SHARED

SCHEMAS = SHARED.parent / "schemas"


def validator(version: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / f"ninjs-schema_{version}.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


NOW = datetime(2016, 5, 6, 2, 30, tzinfo=LONDON)


@pytest.mark.parametrize("version", ["2.2", "3.1"])
@pytest.mark.parametrize("folder", sorted(p for p in FIXTURES.iterdir() if p.is_dir()))
def test_ninjs_validates_against_the_official_schema(folder: Path, version: str) -> None:
    election = load_election(folder)
    draft = generate(election, results=True)
    settings = WireSettings(
        now=NOW, embargo=datetime(2016, 5, 6, 6, 0), version=3, ednote="Update."
    )
    doc = json.loads(to_ninjs(draft, check(election, draft), settings, version))
    validator(version).validate(doc)
    times = (
        ("versioncreated", "embargoed")
        if version == "2.2"
        else ("versionCreated", "embargoedUntil")
    )
    assert doc[times[0]] == "2016-05-06T02:30:00+01:00"  # British Summer Time
    assert doc[times[1]] == "2016-05-06T06:00:00+01:00"
    assert doc["version"] == "3"
    source = doc["digitalsourcetype" if version == "2.2" else "digitalSourceType"]
    assert source["uri"].endswith("/algorithmicMedia")
    body = doc["bodies"][0]["value"]
    assert body.rstrip().endswith("checked against them.")


def test_an_invalid_document_is_caught_by_the_schema_check() -> None:
    with pytest.raises(jsonschema.ValidationError):
        validator("2.2").validate({"uri": "urn:x", "pubstatus": "published"})


def test_winter_times_are_gmt() -> None:
    assert london(datetime(2025, 1, 10, 12, 0)) == "2025-01-10T12:00:00+00:00"


def test_same_draft_and_clock_give_the_same_bytes(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["generate", str(BIRMINGHAM), "-f", "ninjs", "--now", "2016-05-06 02:30"]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert main(args) == 0
    assert capsys.readouterr().out == first
    assert json.loads(first)["versioncreated"] == "2016-05-06T02:30:00+01:00"


def test_html_page_is_semantic_and_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "birmingham-2016"
    import shutil

    shutil.copytree(BIRMINGHAM, folder)
    toml = (folder / "election.toml").read_text(encoding="utf-8")
    toml = toml.replace("It’s been pretty much treading water.", "<script>alert(1)</script> water.")
    (folder / "election.toml").write_text(toml, encoding="utf-8")
    page = to_html(generate(folder))
    assert page.startswith("<!DOCTYPE html>") and "<article>" in page and "<h1>" in page
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'data-facts="defeated_incumbent/weoley/eddie-freeman"' in page


def test_a_bad_clock_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", str(BIRMINGHAM), "-f", "ninjs", "--now", "yesterday-ish"]) == 1
    assert "--now: not a time" in capsys.readouterr().err
