"""Results night for general elections: replay in the real declaration order, and watch."""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

import pytest

from storygen import pipeline
from storygen.cli import main
from storygen.general import stories
from storygen.ingest.general import load_general
from storygen.live import stage
from storygen.publish.wire import LONDON

from .conftest import SHARED

PARLIAMENT = SHARED / "parliament"
GE2017 = PARLIAMENT / "ge-2017-06-08.csv"
GE2019 = PARLIAMENT / "ge-2019-12-12.csv"
NEEDED = 326  # more than half of the 650 seats


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _party(row: dict[str, str]) -> str:
    if row["Candidate is standing as Commons Speaker"] == "true":
        return "Spk"
    if row["Candidate is standing as independent"] == "true":
        return "Ind"
    return row["Main party abbreviation"]


def declarations(path: Path) -> list[tuple[str, str]]:
    """(constituency, winner's party) in declaration order, ties within a minute by name."""
    seats: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in _rows(path):
        seats[row["Constituency name"]].append(row)
    order = sorted(seats, key=lambda n: (seats[n][0]["Declaration time"], n))
    return [(n, _party(max(seats[n], key=lambda r: int(r["Candidate vote count"])))) for n in order]


def test_replay_of_2019_states_the_majority_exactly_when_it_becomes_certain(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    night = declarations(GE2019)
    tally: Counter[str] = Counter()
    certain = None
    for count, (_, party) in enumerate(night, start=1):
        tally[party] += 1
        if certain is None and tally["Con"] >= NEEDED:
            certain = count
    assert certain is not None
    assert main(["replay", str(GE2019), "--out", str(tmp_path), "--stories", "national"]) == 0
    capsys.readouterr()
    index = json.loads((tmp_path / "uk-2019-12-12-replay.json").read_text())
    assert [v["version"] for v in index] == list(range(1, 651))
    assert all(v["status"] == "ok" for v in index)
    for count, (name, _) in enumerate(night, start=1):
        text = (tmp_path / f"uk-2019-12-12-v{count:03d}.txt").read_text(encoding="utf-8")
        assert f"Update {count}: {name} declared" in text  # the real order, one by one
        states_majority = "overall majority" in text or "Commons majority" in text
        assert states_majority == (count >= certain), count
        assert "hung" not in text
        if count == certain:
            assert "the Conservatives have won an overall majority" in text
            assert f"With {count} of 650 seats declared" in text
    final = (tmp_path / "uk-2019-12-12-v650.txt").read_text(encoding="utf-8")
    assert "overall majority of 80" in final and "declared" not in final.split("\n\n", 2)[2]


def test_2017_hung_parliament_is_said_exactly_when_no_party_can_reach_a_majority() -> None:
    night = declarations(GE2017)
    tally: Counter[str] = Counter()
    certain = None
    for count, (_, party) in enumerate(night, start=1):
        tally[party] += 1
        if certain is None and max(tally.values()) + (650 - count) < NEEDED:
            certain = count
    assert certain is not None and certain < 650
    uk = stories(load_general(GE2017))[0]
    order = list(uk.declaration_order)
    assert [uk.ward(w).name for w in order] == [n for n, _ in night]
    for count in (certain - 1, certain):
        draft = pipeline.generate(stage(uk, set(order[:count])))
        text = " ".join(s.text for s in draft.sentences())
        assert ("no party can now win an overall majority" in text) == (count == certain)


def _subset(tmp_path: Path, names: list[str]) -> tuple[Path, Path]:
    for source, target in ((GE2019, "ge-2019-12-12.csv"), (GE2017, "ge-2017-06-08.csv")):
        rows = [r for r in _rows(source) if r["Constituency name"] in names]
        with (tmp_path / target).open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return tmp_path / "ge-2019-12-12.csv", tmp_path / "ge-2017-06-08.csv"


SEATS = ["Bolsover", "Bury North", "Glasgow South West", "Kensington"]


def test_replay_all_keeps_each_constituency_nation_and_region_story(tmp_path: Path) -> None:
    current, _ = _subset(tmp_path, SEATS)
    out = tmp_path / "out"
    assert main(["replay", str(current), "--out", str(out)]) == 0
    names = {p.name for p in out.iterdir()}
    assert {"uk-2019-12-12-v004.txt", "bolsover-2019-12-12-v001.txt"} <= names
    assert "scotland-2019-12-12-v001.txt" in names and "scotland-2019-12-12-v002.txt" not in names
    bolsover = (out / "bolsover-2019-12-12-v001.txt").read_text(encoding="utf-8")
    assert bolsover.startswith("[Bolsover declared.]")
    assert "Dennis Skinner" in bolsover
    ninjs = json.loads((out / "uk-2019-12-12-v002.ninjs.json").read_text(encoding="utf-8"))
    assert ninjs["version"] == "2"


def test_watch_a_folder_fed_one_declaration_at_a_time(tmp_path: Path) -> None:
    _, baseline = _subset(tmp_path, SEATS)
    rows = _rows(GE2019)
    folder = tmp_path / "night"
    folder.mkdir()
    baseline.rename(folder / baseline.name)
    (folder / "general.toml").write_text(
        '[general]\nresults = "declared-*.csv"\nprevious = "ge-2017-06-08.csv"\n',
        encoding="utf-8",
    )

    def declare(number: int, name: str, change: int = 0) -> None:
        seat = [dict(r) for r in rows if r["Constituency name"] == name]
        seat[0]["Candidate vote count"] = str(int(seat[0]["Candidate vote count"]) + change)
        valid = str(int(seat[0]["Election valid vote count"]) + change)
        for row in seat:
            row["Election valid vote count"] = valid
            row["Majority"] = ""  # the export's own majority is not what the story uses
            row["Candidate vote share"] = ""
        with (folder / f"declared-{number:03d}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(seat[0]))
            writer.writeheader()
            writer.writerows(seat)

    out = tmp_path / "out"
    clock = ["--now", "2019-12-13 01:00"]
    declare(1, "Bury North")
    assert main(["watch", str(folder), "--out", str(out), "--once", *clock]) == 0
    first = (out / "uk-2019-12-12-v001.txt").read_text(encoding="utf-8")
    assert first.startswith("[First version.]") and "With one of four seats declared" in first
    assert (out / "bury-north-2019-12-12-v001.txt").exists()
    assert main(["watch", str(folder), "--out", str(out), "--once", *clock]) == 0
    assert not (out / "uk-2019-12-12-v002.txt").exists()  # nothing changed, nothing written
    declare(2, "Bolsover")
    assert main(["watch", str(folder), "--out", str(out), "--once", *clock]) == 0
    second = (out / "uk-2019-12-12-v002.txt").read_text(encoding="utf-8")
    assert second.startswith("[Update: Bolsover declared.]")
    assert not (out / "bury-north-2019-12-12-v002.txt").exists()
    declare(3, "Bury North", change=-10)  # a recount: the winner had ten votes fewer
    assert main(["watch", str(folder), "--out", str(out), "--once", *clock]) == 0
    corrected = (out / "bury-north-2019-12-12-v002.txt").read_text(encoding="utf-8")
    assert corrected.startswith("[Correction: Bury North: James Daly 21,660 to 21,650.]")
    assert "majority of 95" in corrected
    ninjs = json.loads((out / "uk-2019-12-12-v003.ninjs.json").read_text(encoding="utf-8"))
    assert ninjs["version"] == "3"
    assert datetime.fromisoformat(ninjs["firstcreated"]).astimezone(LONDON).hour == 1
