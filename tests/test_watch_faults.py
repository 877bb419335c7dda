"""Results-night faults in `watch`: every correction is said for what it is, an error is said
once and the fix picked up, a damaged state file is set aside, and one folder never stops the
others."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from storygen import live
from storygen.cli import main
from storygen.publish.wire import LONDON

from .conftest import BIRMINGHAM, MINI_ROWS, MakeElection, write_rows

WEOLEY_LOSER = '"Birmingham","E08000025","Weoley","E05001217","Steve Haynes","LD","213","0"\n'


@pytest.fixture
def night(tmp_path: Path) -> tuple[Path, Path]:
    """A watched folder holding a copy of Birmingham, and the watch's output, after v1."""
    src, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(BIRMINGHAM, src / "birmingham-2016")
    out.mkdir()
    assert watch(src, out, 1) == ["birmingham-2016-05-05 v1: First version."]
    return src, out


def watch(src: Path, out: Path, hour: int, reported: dict[str, str] | None = None) -> list[str]:
    return live.watch_once(src, out, datetime(2016, 5, 6, hour, 0, tzinfo=LONDON), "2.2", reported)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def only_line(lines: list[str]) -> str:
    assert len(lines) == 1, lines
    assert "no result changed" not in lines[0]
    return lines[0]


def test_a_party_corrected(night: tuple[Path, Path]) -> None:
    src, out = night
    csv = src / "birmingham-2016" / "candidates.csv"
    edit(csv, '"Julie Johnson","Lab"', '"Julie Johnson","C"')
    line = only_line(watch(src, out, 2))
    assert "Correction: Weoley: Julie Johnson is Conservative, not Labour" in line


def test_a_losers_row_deleted(night: tuple[Path, Path]) -> None:
    src, out = night
    csv = src / "birmingham-2016" / "candidates.csv"
    edit(csv, WEOLEY_LOSER, "")
    assert "Correction: Weoley: Steve Haynes removed" in only_line(watch(src, out, 2))


def test_a_candidate_added(night: tuple[Path, Path]) -> None:
    src, out = night
    csv = src / "birmingham-2016" / "candidates.csv"
    edit(csv, WEOLEY_LOSER, WEOLEY_LOSER + WEOLEY_LOSER.replace("Steve Haynes", "Ann Other"))
    line = only_line(watch(src, out, 2))
    assert "Weoley: Ann Other (Liberal Democrat, 213 votes) added" in line


def test_a_ward_removed(make_election: MakeElection, tmp_path: Path) -> None:
    folder = make_election()
    out = tmp_path / "out"
    out.mkdir()
    assert watch(folder, out, 1) == ["testshire-2024-05-02 v1: First version."]
    write_rows(folder / "candidates.csv", [r for r in MINI_ROWS if r[2] != "South"])
    line = only_line(watch(folder, out, 2))
    assert "Correction: the South ward has been removed." in line


def test_the_defender_changed(night: tuple[Path, Path]) -> None:
    src, out = night
    toml = src / "birmingham-2016" / "election.toml"
    edit(
        toml,
        'defending = { party = "Conservative", councillor = "Eddie Freeman" }',
        'defending = { party = "Labour" }',
    )
    line = only_line(watch(src, out, 2))
    assert "Weoley: defended by Labour (was Eddie Freeman (Conservative))" in line


def test_the_composition_changed(night: tuple[Path, Path]) -> None:
    src, out = night
    toml = src / "birmingham-2016" / "election.toml"
    edit(toml, "Labour = 78, Conservative = 30", "Labour = 77, Conservative = 31")
    line = only_line(watch(src, out, 2))
    assert "the composition before the poll: Conservatives 30 to 31, Labour 78 to 77" in line


def test_a_quote_changed_is_not_no_change(night: tuple[Path, Path]) -> None:
    src, out = night
    toml = src / "birmingham-2016" / "election.toml"
    text = toml.read_text()
    start = text.index("[[quotes]]")
    quote = text.index('text = "', start) + len('text = "')
    toml.write_text(text[:quote] + "Indeed. " + text[quote:])
    line = only_line(watch(src, out, 2))
    assert "Update:" in line or "Correction:" in line


def test_an_edit_that_changes_nothing_sends_nothing(night: tuple[Path, Path]) -> None:
    src, out = night
    toml = src / "birmingham-2016" / "election.toml"
    toml.write_text(toml.read_text() + "\n# a comment\n")
    assert watch(src, out, 2) == []
    assert not (out / "birmingham-2016-05-05-v02.txt").exists()


def test_an_error_is_said_once_and_the_fix_picked_up(night: tuple[Path, Path]) -> None:
    src, out = night
    csv = src / "birmingham-2016" / "candidates.csv"
    good = csv.read_text()
    csv.write_text(good.replace('"Julie Johnson","Lab","2125"', '"Julie Johnson","Lab","2¹25"'))
    reported: dict[str, str] = {}
    [error] = watch(src, out, 2, reported)
    assert error.startswith("error: birmingham-2016/candidates.csv:") and "votes" in error
    assert watch(src, out, 3, reported) == []  # the same error: not said again
    assert watch(src, out, 4, reported) == []
    csv.write_text(good.replace('"Julie Johnson","Lab","2125"', '"Julie Johnson","Lab","2120"'))
    line = only_line(watch(src, out, 5, reported))
    assert "v2: Correction: Weoley: Julie Johnson 2,125 to 2,120." in line


def test_a_damaged_state_file_is_set_aside(night: tuple[Path, Path]) -> None:
    src, out = night
    state = out / ".birmingham-2016.state.json"
    state.write_text('{"fingerprint": ')
    csv = src / "birmingham-2016" / "candidates.csv"
    edit(csv, '"2125"', '"2120"')
    lines = watch(src, out, 2)
    assert lines[0].startswith("warning:") and "set aside" in lines[0]
    assert (out / ".birmingham-2016.state.json.damaged").exists()
    assert lines[1].startswith("birmingham-2016-05-05 v2:")  # the versions go on, not from 1
    doc = json.loads((out / "birmingham-2016-05-05-v02.ninjs.json").read_text())
    assert doc["version"] == "2"
    assert watch(src, out, 3) == []  # the new state is sound


@pytest.mark.parametrize("damage", ["[]", '{"fingerprint": 1}', "\x00\x01", ""])
def test_any_damage_to_the_state(night: tuple[Path, Path], damage: str) -> None:
    src, out = night
    (out / ".birmingham-2016.state.json").write_text(damage)
    edit(src / "birmingham-2016" / "candidates.csv", '"2125"', '"2120"')
    lines = watch(src, out, 2)
    assert [line.split(":")[0] for line in lines] == ["warning", "birmingham-2016-05-05 v2"]


def test_one_broken_folder_never_stops_the_others(
    night: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    src, out = night
    shutil.copytree(BIRMINGHAM, src / "b2")
    edit(src / "b2" / "election.toml", 'date = "', 'date = "2016"\n#')
    reported: dict[str, str] = {}
    lines = watch(src, out, 2, reported)
    assert len(lines) == 1 and lines[0].startswith("error: b2/election.toml:")
    real = live.pipeline.generate

    def broken(election, **kwargs):  # type: ignore[no-untyped-def]
        if election.council.name == "Birmingham" and kwargs.get("results"):
            raise ZeroDivisionError("a bug")
        return real(election, **kwargs)

    monkeypatch.setattr(live.pipeline, "generate", broken)
    edit(src / "birmingham-2016" / "candidates.csv", '"2125"', '"2120"')
    [line] = watch(src, out, 3, reported)
    assert "birmingham-2016: internal error (ZeroDivisionError: a bug)" in line


def test_watch_command_reports_once_and_keeps_watching(
    night: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    src, out = night
    edit(src / "birmingham-2016" / "candidates.csv", '"2125"', '"2①25"')
    args = ["watch", str(src), "--out", str(out), "--once", "--now", "2016-05-06 03:00"]
    assert main(args) == 1
    assert capsys.readouterr().err.count("error:") == 1
