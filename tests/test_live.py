"""Results night: a replayed count never claims what the final result contradicts; watched
folders give new versions with notes saying what changed."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from storygen import live
from storygen.cli import main
from storygen.ingest import load_election
from storygen.model import Election
from storygen.pipeline import facts_of, generate
from storygen.publish import write
from storygen.publish.wire import LONDON

from .conftest import BIRMINGHAM, SHARED
from .test_wire import validator


@pytest.fixture(scope="module")
def election() -> Election:
    return load_election(BIRMINGHAM)


@pytest.fixture(scope="module")
def replayed(election: Election, tmp_path_factory: pytest.TempPathFactory) -> list[live.Version]:
    return live.replay(election, tmp_path_factory.mktemp("replay"), order="alphabetical")


def test_every_ward_declares_once_and_the_last_version_is_the_story(
    election: Election, replayed: list[live.Version]
) -> None:
    assert len(replayed) == len(election.wards) == 40
    names = sorted(w.name for w in election.wards)
    for version, name in zip(replayed, names, strict=True):
        assert f"{name} declared ({version.number} of 40 wards)" in version.note
        assert version.status == "ok"
    final = generate(election, results=True)
    assert write(replayed[-1].draft, "text") == write(final, "text")


def test_no_version_claims_what_the_final_result_contradicts(
    election: Election, replayed: list[live.Version]
) -> None:
    final = {f.id: f for f in facts_of(election)}
    final_control = next(f for f in final.values() if f.kind == "control")
    for version in replayed[:-1]:
        for fact in version.draft.facts:
            if fact.kind == "progress" or fact.qualifiers.get("partial"):
                continue  # "so far" and "N of 40 declared" are true of their moment
            if fact.qualifiers.get("status") == "secured":
                assert fact.entity("party") == final_control.entity("party")
                continue
            assert fact.id in final, f"v{version.number}: {fact.id} is gone by the end"
            assert fact.figures == final[fact.id].figures, f"v{version.number}: {fact.id}"
        text = write(version.draft, "text")
        for final_only in ("will stay in control", "The closest result", "per cent", "said:"):
            assert final_only not in text, f"v{version.number} says {final_only!r} too soon"


def test_control_is_declared_exactly_when_it_becomes_certain(
    replayed: list[live.Version],
) -> None:
    """Computed from the sources: Labour's 78 seats less the 28 it defended continue; 61 of
    120 is a majority; Labour has it once its continuing seats and wins so far reach 61."""
    with (SHARED / "birmingham-2016" / "context.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    defended = sum(1 for r in rows if r["fact"] == "defending_party" and r["value"] == "Labour")
    continuing = 78 - defended
    with (SHARED / "leap" / "leap-2016-05-05.csv").open(encoding="utf-8") as f:
        winners = {r[2]: r[5] for r in csv.reader(f) if r[0] == "Birmingham" and r[7] == "1"}
    won = 0
    for version, ward in zip(replayed, sorted(winners), strict=True):
        won += winners[ward] == "Lab"
        certain = continuing + won >= 61
        text = write(version.draft, "text")
        if version.number < 40:
            assert ("Labour has secured control" in text) == certain, f"v{version.number}"


def test_replay_versions_are_valid_ninjs_with_their_numbers(tmp_path: Path) -> None:
    assert (
        main(["replay", str(BIRMINGHAM), "--out", str(tmp_path), "--start", "2016-05-05 23:00"])
        == 0
    )
    doc = json.loads((tmp_path / "birmingham-2016-05-05-v07.ninjs.json").read_text())
    validator("2.2").validate(doc)
    assert doc["version"] == "7"
    assert doc["firstcreated"] == "2016-05-05T23:00:00+01:00"
    assert doc["versioncreated"] == "2016-05-06T00:00:00+01:00"  # six steps of ten minutes
    assert "Brandwood declared (7 of 40 wards)" in doc["ednote"]  # alphabetical: no order given


def _watch(src: Path, out: Path, hour: int) -> list[str]:
    return live.watch_once(src, out, datetime(2016, 5, 6, hour, 0, tzinfo=LONDON))


def test_watch_versions_and_correction_notes(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(BIRMINGHAM, src / "birmingham-2016")
    toml = src / "birmingham-2016" / "election.toml"
    # the desk says how many seats Weoley fills, so the ward can be withdrawn and still load
    toml.write_text(
        toml.read_text().replace('[wards."Weoley"]\n', '[wards."Weoley"]\nseats_up = 1\n')
    )
    out.mkdir()
    assert _watch(src, out, 1) == ["birmingham-2016-05-05 v1: First version."]
    assert _watch(src, out, 2) == []  # unchanged input: nothing
    csv_path = src / "birmingham-2016" / "candidates.csv"
    csv_path.write_text(
        csv_path.read_text().replace('"Julie Johnson","Lab","2125"', '"Julie Johnson","Lab","2120"')
    )
    (line,) = _watch(src, out, 3)
    assert "v2: Correction: Weoley: Julie Johnson 2,125 to 2,120." in line
    doc = json.loads((out / "birmingham-2016-05-05-v02.ninjs.json").read_text())
    validator("2.2").validate(doc)
    assert doc["version"] == "2" and "Julie Johnson 2,125 to 2,120" in doc["ednote"]
    text = (out / "birmingham-2016-05-05-v02.txt").read_text()
    assert text.startswith("[Correction: Weoley: Julie Johnson 2,125 to 2,120.]")
    assert "losing by 177 votes" in text and "by 182 votes" not in text
    rows = [line for line in csv_path.read_text().splitlines(keepends=True)]
    withdrawn = [
        r.replace('","1"', '",""').replace('","0"', '",""') if '"Weoley"' in r else r for r in rows
    ]
    withdrawn = [
        r.replace('"2120"', '""')
        .replace('"1943"', '""')
        .replace('"739"', '""')
        .replace('"213"', '""')
        .replace('"200"', '""')
        if '"Weoley"' in r
        else r
        for r in withdrawn
    ]
    csv_path.write_text("".join(withdrawn))
    (line,) = _watch(src, out, 4)
    assert "v3: Correction: the Weoley result has been withdrawn." in line
    text = (out / "birmingham-2016-05-05-v03.txt").read_text()
    assert "39 of 40 wards declared" in text and "Julie Johnson" not in text


def test_control_is_still_declared_when_a_defender_is_unknown(tmp_path: Path) -> None:
    """Aston's defender taken out: the arithmetic takes the worst case for that seat (it may
    have been Labour's), so Labour needs 50 continuing seats plus 11 wins before "secured"."""
    folder = tmp_path / "birmingham-2016"
    shutil.copytree(BIRMINGHAM, folder)
    toml = folder / "election.toml"
    toml.write_text(toml.read_text().replace('[wards."Aston"]\ndefending = "Labour"\n', ""))
    election = load_election(folder)
    assert election.ward("ward/aston").defending == ()
    with (SHARED / "leap" / "leap-2016-05-05.csv").open(encoding="utf-8") as f:
        winners = {r[2]: r[5] for r in csv.reader(f) if r[0] == "Birmingham" and r[7] == "1"}
    won, said = 0, []
    for version, ward in zip(live.replay(election, tmp_path / "out"), sorted(winners), strict=True):
        won += winners[ward] == "Lab"
        if version.number < 40:
            secured = "Labour has secured control" in write(version.draft, "text")
            assert secured == (78 - 27 - 1 + won >= 61), f"v{version.number}"
            said.append(secured)
    assert any(said)
