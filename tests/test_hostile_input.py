"""Hostile and contradictory input: every contradiction is a finding of the validation layer (an
error, or a warning that leaves out what rests on it and asks for review), and every malformed
cell is a clean error naming file, row and field, never a crash or a confident draft."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from storygen import pipeline
from storygen.check import Vocabulary
from storygen.check.checker import check_text
from storygen.check.claims import number_value
from storygen.cli import main
from storygen.errors import FieldValueError, InputFormatError, StorygenError, ValidationFailed
from storygen.ingest import load_election
from storygen.ingest.cells import csv_lines
from storygen.model import Election
from storygen.publish.writers import to_text
from storygen.realise.draft import Draft

from .conftest import BIRMINGHAM, MINI_CONTEXT, Build, MakeElection, context, ward_rows


def text_of(draft: Draft) -> str:
    return " ".join(s.text for s in draft.sentences())


def status(election: Election) -> str:
    """The check status of the election's draft."""
    draft = pipeline.generate(election)
    return pipeline.check(election, draft).status


def codes(election: Election) -> set[str]:
    return {w.code for w in election.warnings}


def errors_of(exc: StorygenError) -> list[StorygenError]:
    return exc.errors if isinstance(exc, ValidationFailed) else [exc]


def first_error(folder: Path) -> StorygenError:
    """The first error loading a folder reports (the others follow from it)."""
    with pytest.raises(StorygenError) as info:
        load_election(folder)
    return errors_of(info.value)[0]


# -- contradictions of the results (item 1) -----------------------------------------------------


def six_elected(ward: str = "North") -> list[tuple[str, ...]]:
    return ward_rows(
        ward,
        *[(f"Cand {i}", "Lab" if i % 2 else "C", 900 - 10 * i, i < 6) for i in range(8)],
    )


def test_six_elected_in_one_ward_of_a_thirds_election(build: Build) -> None:
    rows = six_elected() + ward_rows("South", ("Cat Cole", "C", 700, True), ("Dan", "LD", 6, False))
    election = build(rows, total_seats=60)
    [warning] = [w for w in election.warnings if w.code == "too-many-seats"]
    assert warning.records == ("ward/north",) and warning.omit and warning.review
    assert election.ward("ward/north").void and not election.ward("ward/south").void
    assert status(election) == "needs review"


def test_six_elected_all_out_is_no_contradiction(build: Build) -> None:
    rows = six_elected() + ward_rows("South", ("Cat Cole", "C", 700, True), ("Dan", "LD", 6, False))
    election = build(rows, total_seats=7, kind="all-out")
    assert "too-many-seats" not in codes(election)


def test_a_contested_ward_with_no_votes_is_void_not_decided_by_lot(build: Build) -> None:
    rows = ward_rows("North", ("Ann Able", "Lab", 0, True), ("Bob Baker", "C", 0, False))
    rows += ward_rows("South", ("Cat Cole", "C", 700, True), ("Dan Dyer", "LD", 650, False))
    election = build(rows)
    assert "no-votes" in codes(election) and election.ward("ward/north").void
    draft = pipeline.generate(election)
    assert "lot" not in text_of(draft) and "Ann Able" not in text_of(draft)
    assert pipeline.check(election, draft).status == "needs review"


def test_votes_far_above_the_ballots_or_the_electorate(build: Build) -> None:
    rows = ward_rows("North", ("Ann Able", "Lab", 27600, True), ("Bob Baker", "C", 800, False))
    rows += ward_rows("South", ("Cat Cole", "C", 700, True), ("Dan Dyer", "LD", 650, False))
    ballots = build(rows, "[wards.North]\nballots = 3000\nelectorate = 90000\n")
    assert "votes-above-ballots" in codes(ballots) and ballots.ward("ward/north").void
    electorate = build(rows, "[wards.North]\nelectorate = 9000\n")
    assert "votes-above-electorate" in codes(electorate)
    assert electorate.ward("ward/north").void
    assert status(ballots) == status(electorate) == "needs review"


def test_votes_adding_up_to_more_than_the_ballots_leave_the_turnout_out(build: Build) -> None:
    rows = ward_rows("North", ("Ann Able", "Lab", 900, True), ("Bob Baker", "C", 800, False))
    rows += ward_rows("South", ("Cat Cole", "C", 700, True), ("Dan Dyer", "LD", 650, False))
    election = build(rows, "[wards.North]\nballots = 1000\nelectorate = 4000\nturnout = 25\n")
    [warning] = [w for w in election.warnings if w.code == "ballots-below-votes"]
    assert warning.kinds == ("turnout",) and warning.omit and warning.review
    assert not election.ward("ward/north").void
    draft = pipeline.generate(election)
    assert not [f for f in draft.facts if f.kind == "turnout" and "ward/north" in f.sources]


def test_forty_wards_typed_as_a_by_election(build: Build) -> None:
    rows = [
        row
        for i in range(40)
        for row in ward_rows(f"Ward {i}", (f"A {i}", "Lab", 500, True), (f"B {i}", "C", 400, False))
    ]
    election = build(rows, total_seats=120, kind="by-election")
    [warning] = [w for w in election.warnings if w.code == "type-mismatch"]
    assert "40 wards" in warning.message and warning.review
    assert status(election) == "needs review"


def test_an_all_out_poll_filling_a_tenth_of_the_council(build: Build) -> None:
    rows = ward_rows("North", ("Ann Able", "Lab", 900, True), ("Bob Baker", "C", 800, False))
    election = build(rows, total_seats=20, kind="all-out")
    assert "type-mismatch" in codes(election)


@pytest.mark.parametrize(
    "previous",
    [
        'year = 2025\nwinner = "Labour"',  # a later year
        'year = 2024\ndate = "2 May 2024"\nwinner = "Labour"',  # this very day
        'year = 2024\ndate = "3 May 2024"\nwinner = "Labour"',  # the day after
        'year = 2020\ndate = "7 May 2021"\nwinner = "Labour"',  # a date not in its year
    ],
)
def test_a_previous_contest_dated_after_this_one(build: Build, previous: str) -> None:
    rows = ward_rows("North", ("Ann Able", "Lab", 900, True), ("Bob Baker", "C", 800, False))
    rows += ward_rows("South", ("Cat Cole", "C", 700, True), ("Dan Dyer", "LD", 650, False))
    election = build(rows, f"[wards.North]\ndefending = 'C'\n[wards.North.previous]\n{previous}\n")
    [warning] = [w for w in election.warnings if w.code == "previous-after"]
    prev = election.ward("ward/north").previous
    assert prev is not None and warning.records == (prev.id,) and warning.omit
    draft = pipeline.generate(election)
    assert not [f for f in draft.facts if prev.id in f.sources]
    assert pipeline.check(election, draft).status == "needs review"


def test_a_sound_previous_contest_passes(build: Build) -> None:
    rows = ward_rows("North", ("Ann Able", "Lab", 900, True), ("Bob Baker", "C", 800, False))
    election = build(rows, '[wards.North.previous]\nyear = 2020\ndate = "7 May 2020"\n')
    assert "previous-after" not in codes(election)


def test_more_seats_fought_than_the_council_has_in_an_import(tmp_path: Path) -> None:
    from storygen.ingest.imports.common import CouncilImport, Enrichment, ResultRow, build_election
    from storygen.model import Source

    day = pipeline.load_election(BIRMINGHAM).date
    rows = [
        ResultRow("T", None, f"W{i}", None, f"C{i}{j}", "Lab", 100 - j, j == 0, Source(file="x"))
        for i in range(5)
        for j in range(2)
    ]
    imported = CouncilImport(council="T", polling_day=day, rows=rows)
    election, _ = build_election(imported, Enrichment(total_seats=3))
    [warning] = [w for w in election.warnings if w.code == "seats-above-total"]
    assert "control" in warning.kinds and warning.omit and warning.review


def test_validate_and_generate_show_the_same_warnings(
    build: Build, make_election: MakeElection, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = ward_rows("North", ("Ann Able", "Lab", 0, True), ("Bob Baker", "C", 0, False))
    rows += ward_rows("South", ("Cat Cole", "C", 700, True), ("Dan Dyer", "LD", 650, False))
    folder = make_election(rows=rows, context=context(), name="zero")
    assert main(["validate", str(folder)]) == 0
    shown = [line for line in capsys.readouterr().err.splitlines() if "warning" in line]
    assert any("every candidate has 0 votes" in line for line in shown)
    assert main(["generate", str(folder)]) == 1  # needs review
    err = capsys.readouterr().err
    for line in shown:
        assert line in err


# -- the context file (item 7) -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["/etc/passwd", "../other/candidates.csv", "sub/../../x.csv", ""])
def test_candidates_must_name_a_file_inside_the_folder(
    make_election: MakeElection, name: str
) -> None:
    folder = make_election(context=MINI_CONTEXT + f"candidates = {name!r}\n".replace("'", '"'))
    with pytest.raises(FieldValueError) as info:
        load_election(folder)
    assert info.value.field == "election.candidates"
    assert "inside the election folder" in str(info.value)


def test_a_symlink_out_of_the_folder_is_refused(make_election: MakeElection) -> None:
    folder = make_election(context=MINI_CONTEXT + 'candidates = "rows.csv"\n')
    (folder / "rows.csv").symlink_to("/etc/passwd")
    with pytest.raises(FieldValueError, match="outside the election folder"):
        load_election(folder)


def test_a_device_is_never_read(make_election: MakeElection, tmp_path: Path) -> None:
    folder = make_election(context=MINI_CONTEXT + 'candidates = "rows.csv"\n')
    (folder / "rows.csv").symlink_to(folder / "zero")
    (folder / "zero").symlink_to("/dev/zero")
    with pytest.raises(StorygenError) as info:  # a symlink leading out, or not a regular file
        load_election(folder)
    assert "candidates" in str(info.value) or "regular file" in str(info.value)


def test_a_fifo_is_refused_without_hanging(make_election: MakeElection) -> None:
    folder = make_election(context=MINI_CONTEXT + 'candidates = "pipe.csv"\n')
    os.mkfifo(folder / "pipe.csv")
    with pytest.raises(InputFormatError, match="not a regular file"):
        load_election(folder)


def test_an_oversized_candidates_file_is_refused(
    make_election: MakeElection, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storygen.ingest import native

    monkeypatch.setattr(native, "CANDIDATES_LIMIT", 100)
    with pytest.raises(InputFormatError, match="at most 100 bytes"):
        load_election(make_election())


def test_a_context_file_that_is_a_fifo(make_election: MakeElection) -> None:
    folder = make_election()
    (folder / "election.toml").unlink()
    os.mkfifo(folder / "election.toml")
    with pytest.raises(InputFormatError, match="not a regular file"):
        load_election(folder)


@pytest.mark.parametrize("version", ["99", "0", "true", '"1"'])
def test_an_unknown_format_version_is_refused(make_election: MakeElection, version: str) -> None:
    error = first_error(make_election(context=f"format = {version}\n" + MINI_CONTEXT))
    assert isinstance(error, FieldValueError)
    assert error.field == "format" and "format 1" in str(error)


def test_total_seats_left_out_works_end_to_end(
    make_election: MakeElection, capsys: pytest.CaptureFixture[str]
) -> None:
    ctx = '[council]\nname = "Testshire"\n\n[election]\ndate = "2 May 2024"\ntype = "thirds"\n'
    extra = "[composition_before]\nseats = { Labour = 3, Conservative = 3 }\n"
    folder = make_election(extra, context=ctx)
    election = load_election(folder)
    assert election.council.total_seats is None
    draft = pipeline.generate(election)
    assert not [f for f in draft.facts if f.kind in ("control", "no_overall_control")]
    for fmt in ("text", "markdown", "json", "html", "ninjs"):
        assert main(["generate", str(folder), "-f", fmt, "--now", "2024-05-03 02:00"]) in (0, 1)
    assert "internal error" not in capsys.readouterr().err


# -- dates wherever they are read (item 6) --------------------------------------------------------


@pytest.mark.parametrize("value", ['"2016"', '"2016-13-01"', "0", '"May 2024"', "2024"])
def test_incomplete_dates_in_the_context_file(make_election: MakeElection, value: str) -> None:
    ctx = MINI_CONTEXT.replace('date = "2 May 2024"', f"date = {value}")
    error = first_error(make_election(context=ctx))
    assert isinstance(error, FieldValueError) and error.field == "election.date"
    assert "expected e.g. 2016-05-05" in str(error)


@pytest.mark.parametrize("option", ["--now", "--embargo"])
@pytest.mark.parametrize("value", ["2016", "2016-13-01 02:00", "0", "tomorrow"])
def test_incomplete_times_on_the_command_line(
    option: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["generate", str(BIRMINGHAM), "-f", "ninjs", "--now", "2016-05-06 02:30"]
    assert main([*args, option, value]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {option}: not a time") and err.count("\n") == 1


def test_replay_start_must_be_complete(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["replay", str(BIRMINGHAM), "--out", str(tmp_path), "--start", "2016"]) == 1
    assert "--start: not a time" in capsys.readouterr().err


# -- names, ids and control characters (item 8) ---------------------------------------------------


def test_two_non_latin_names_in_one_ward(build: Build) -> None:
    rows = ward_rows(
        "North", ("Иван Петров", "Lab", 900, True), ("Пётр Иванов", "C", 800, False)
    ) + ward_rows("Южный", ("王伟", "C", 700, True), ("李娜", "LD", 650, False))
    election = build(rows)
    ids = [c.id for w in election.wards for c in w.candidates]
    assert len(set(ids)) == 4
    assert len({w.id for w in election.wards}) == 2 and "ward/" not in [
        w.id for w in election.wards
    ]
    assert status(election) in ("ok", "needs review")


def test_latin_ids_are_unchanged() -> None:
    election = load_election(BIRMINGHAM)
    assert election.ward("ward/weoley").candidates[0].id.startswith("candidate/weoley/")
    assert all("-" not in c.id.rsplit("/", 1)[1] or c.id.rsplit("-", 1)[1].isalpha()
               for w in election.wards for c in w.candidates)  # fmt: skip


def test_control_characters_are_taken_out_with_a_warning(make_election: MakeElection) -> None:
    rows = [
        ("Testshire", "E0", "North", "W1", "Ann\x00 Able", "Lab", "900", "1"),
        ("Testshire", "E0", "North", "W1", "\x1b[31mBob Baker\x1b[0m", "C", "800", "0"),
        ("Testshire", "E0", "South", "W2", "Cat Cole", "C", "700", "1"),
        ("Testshire", "E0", "South", "W2", "Dan Dyer", "LD", "650", "0"),
    ]
    extra = textwrap.dedent(
        """
        [[people]]
        name = "Ann Able"
        role = "leader\\u001b[2J"
        [[quotes]]
        speaker = "Ann Able"
        text = "We won\\u0000 it."
        """
    )
    election = load_election(make_election(extra, rows))
    names = [c.name for w in election.wards for c in w.candidates]
    assert names[:2] == ["Ann Able", "Bob Baker"]
    assert election.quotes[0].text == "We won it." and election.people[0].role == "leader"
    found = [(w.field, w.code) for w in election.warnings if w.code == "control-characters"]
    assert ("candidate", "control-characters") in found
    assert ("quotes[0].text", "control-characters") in found
    text = text_of(pipeline.generate(election))
    assert "\x00" not in text and "\x1b" not in text


# -- one character (item 3) ----------------------------------------------------------------------


@pytest.mark.parametrize("votes", ["²", "①", "٣٤", "1²", "9" * 40, "1e3", "NaN", "-5", "0x10"])
def test_odd_digits_in_a_vote_count_are_a_clean_error(
    make_election: MakeElection, votes: str
) -> None:
    rows = [("Testshire", "E0", "North", "W1", "Ann Able", "Lab", votes, "1"), *
            [("Testshire", "E0", "North", "W1", "Bob Baker", "C", "800", "0")]]  # fmt: skip
    error = first_error(make_election(rows=rows))
    assert isinstance(error, FieldValueError) and (error.row, error.field) == (1, "votes")


def test_a_line_break_inside_quotes_is_not_2760(make_election: MakeElection) -> None:
    folder = make_election()
    (folder / "candidates.csv").write_text(
        '"Testshire","E0","North","W1","Ann Able","Lab","27\n60","1"\n'
        '"Testshire","E0","North","W1","Bob Baker","C","800","0"\n',
        encoding="utf-8",
    )
    with pytest.raises(StorygenError) as info:
        load_election(folder)
    found = errors_of(info.value)
    assert found[0].row == 1 and "quoted field" in found[0].message
    assert all(e.file and e.row for e in found)


def test_a_field_over_the_csv_limit(make_election: MakeElection) -> None:
    rows = [("Testshire", "E0", "North", "W1", "A" * 140_000, "Lab", "900", "1"),
            ("Testshire", "E0", "North", "W1", "Bob Baker", "C", "800", "0")]  # fmt: skip
    error = first_error(make_election(rows=rows))
    assert (error.row, error.field) == (1, "candidate") and "131,072" in error.message


def test_a_long_field_under_the_csv_limit(make_election: MakeElection) -> None:
    rows = [("Testshire", "E0", "North", "W1", "A" * 5_000, "Lab", "900", "1"),
            ("Testshire", "E0", "North", "W1", "Bob Baker", "C", "800", "0")]  # fmt: skip
    error = first_error(make_election(rows=rows))
    assert (error.row, error.field) == (1, "candidate")
    assert "at most 1,000 characters" in str(error)


def test_the_rest_of_a_row_broken_by_a_line_break_is_not_a_row_of_its_own() -> None:
    data = (
        b'"Aville","E1","North","W1","Ann Able","Lab","27\n60","1"\n'
        b'"Beeton","E2","South","W2","Bob Baker","C","800","1"\n'
    )
    lines = list(csv_lines(data))
    assert [line.number for line in lines] == [1, 3]
    assert lines[0].problem and lines[0].fields[0] == "Aville"
    assert lines[1].problem is None and lines[1].fields[0] == "Beeton"


def test_a_superscript_is_no_figure_to_the_checker() -> None:
    election = load_election(BIRMINGHAM)
    draft = pipeline.generate(election)
    text = to_text(draft) + "\n\nTurnout was up ² points in ², the 2² ward.\n"
    report = check_text(text, draft, Vocabulary.from_election(election))
    assert report.findings  # a sentence no fact supports, said as such: no crash
    assert number_value("²") is None and number_value("1,799") == 1799
