"""The native format on small hand-made elections: what it accepts and how it says what is wrong."""

from __future__ import annotations

import json
import tomllib

import pytest

from storygen.errors import (
    FieldValueError,
    InconsistentDataError,
    InputFormatError,
    InputNotFoundError,
    StorygenError,
    UnknownPartyError,
    UnknownPersonError,
    UnknownWardError,
    ValidationFailed,
)
from storygen.ingest import load_election
from storygen.model import Incumbency

from .conftest import MINI_CONTEXT, MINI_ROWS, MakeElection


def errors_of(exc: StorygenError) -> list[StorygenError]:
    return exc.errors if isinstance(exc, ValidationFailed) else [exc]


def test_minimal_election(make_election: MakeElection) -> None:
    election = load_election(make_election())
    assert election.id == "testshire-2024-05-02"
    assert [w.name for w in election.wards] == ["North", "South"]
    assert election.seats_up == 2 and election.candidate_count == 4
    assert election.composition_before is None and election.turnout is None
    assert all(c.incumbent is Incumbency.UNKNOWN for w in election.wards for c in w.candidates)


def test_json_context_reads_like_toml(make_election: MakeElection) -> None:
    folder = make_election('[wards.North]\ndefending = "Labour"\n')
    data = tomllib.loads((folder / "election.toml").read_text())
    (folder / "election.toml").unlink()
    (folder / "election.json").write_text(json.dumps(data))
    election = load_election(folder / "election.json")
    assert election.ward("ward/north").defending[0].party == "Lab"


def test_unknown_party_in_results_names_file_row_and_field(make_election: MakeElection) -> None:
    rows = [*MINI_ROWS[:3], ("Testshire", "E0", "South", "W2", "Dan Dyer", "Whig", "650", "0")]
    with pytest.raises(UnknownPartyError) as info:
        load_election(make_election(rows=rows))
    assert (info.value.file, info.value.row, info.value.field) == (
        "testshire-2024/candidates.csv",
        4,
        "party",
    )


def test_unknown_ward_suggests_the_closest(make_election: MakeElection) -> None:
    with pytest.raises(UnknownWardError, match="did you mean 'North'"):
        load_election(make_election('[wards.Nort]\ndefending = "Labour"\n'))


def test_all_errors_are_collected(make_election: MakeElection) -> None:
    extra = """
    [composition_before]
    seats = { Labour = 3, Conservative = 2 }
    [[targets]]
    party = "Whigs"
    wards = ["Middle"]
    [[people]]
    name = "Ann Able"
    [[quotes]]
    speaker = "Nobody"
    text = "Hello."
    """
    with pytest.raises(ValidationFailed) as info:
        load_election(make_election(extra))
    kinds = [type(e) for e in info.value.errors]
    assert kinds.count(UnknownPartyError) == 1
    assert kinds.count(UnknownWardError) == 1
    assert kinds.count(UnknownPersonError) == 1
    assert kinds.count(InconsistentDataError) == 1  # 5 seats listed, 6 on the council
    assert all(e.file == "testshire-2024/election.toml" for e in info.value.errors)


def test_schema_errors_name_the_key_and_the_valid_ones(make_election: MakeElection) -> None:
    with pytest.raises(StorygenError) as info:
        load_election(make_election('[wards.North]\ndefendng = "Labour"\n'))
    (err,) = errors_of(info.value)
    assert err.field == "wards.North.defendng"
    assert err.expected is not None and "defending" in err.expected


def test_bad_election_type_and_date(make_election: MakeElection) -> None:
    context = MINI_CONTEXT.replace("2 May 2024", "31/31/2024").replace("thirds", "quarters")
    with pytest.raises(ValidationFailed) as info:
        load_election(make_election(context=context))
    assert {e.field for e in info.value.errors} == {"election.date", "election.type"}


def test_elected_flags_must_follow_the_votes(make_election: MakeElection) -> None:
    rows = [
        *MINI_ROWS[:2],
        ("Testshire", "E0", "South", "W2", "Cat Cole", "C", "600", "1"),
        ("Testshire", "E0", "South", "W2", "Dan Dyer", "LD", "650", "0"),
    ]
    with pytest.raises(InconsistentDataError) as info:
        load_election(make_election(rows=rows))
    assert info.value.row == 4 and info.value.field == "elected"


def test_a_tie_decided_by_lot_is_accepted(make_election: MakeElection) -> None:
    rows = [
        *MINI_ROWS[:2],
        ("Testshire", "E0", "South", "W2", "Cat Cole", "C", "650", "1"),
        ("Testshire", "E0", "South", "W2", "Dan Dyer", "LD", "650", "0"),
    ]
    assert load_election(make_election(rows=rows)).seats_up == 2


def test_multi_member_ward_and_defended_seats(make_election: MakeElection) -> None:
    rows = [
        ("Testshire", "E0", "East", "W3", "A One", "Lab", "900", "1"),
        ("Testshire", "E0", "East", "W3", "B Two", "Lab", "850", "1"),
        ("Testshire", "E0", "East", "W3", "C Three", "C", "840", "0"),
        ("Testshire", "E0", "East", "W3", "D Four", "C", "700", "0"),
    ]
    extra = """
    [wards.East]
    defending = [{ party = "C", councillor = "C Three" }, { party = "Lab" }]
    """
    ward = load_election(make_election(extra, rows=rows)).wards[0]
    assert ward.seats_up == 2
    assert [d.party for d in ward.defending] == ["C", "Lab"]
    assert {c.name: c.incumbent for c in ward.candidates}["C Three"] is Incumbency.YES
    # only one of the two defenders is named: the others' incumbency stays unknown
    assert {c.name: c.incumbent for c in ward.candidates}["A One"] is Incumbency.UNKNOWN


def test_more_defended_seats_than_seats_up(make_election: MakeElection) -> None:
    extra = '[wards.North]\ndefending = [{ party = "Lab" }, { party = "C" }]\n'
    with pytest.raises(InconsistentDataError, match="2 seats defended"):
        load_election(make_election(extra))


def test_uncontested_seat_has_no_votes(make_election: MakeElection) -> None:
    rows = [*MINI_ROWS[:2], ("Testshire", "E0", "South", "W2", "Cat Cole", "C", "0", "1")]
    south = load_election(make_election(rows=rows)).ward("ward/south")
    assert south.uncontested and south.declared
    assert south.candidates[0].votes is None and south.candidates[0].elected


def test_undeclared_ward_needs_its_seats_from_the_context(make_election: MakeElection) -> None:
    rows = [
        *MINI_ROWS[:2],
        ("Testshire", "E0", "South", "W2", "Cat Cole", "C", "", ""),
        ("Testshire", "E0", "South", "W2", "Dan Dyer", "LD", "", ""),
    ]
    with pytest.raises(FieldValueError, match="seats_up in the context"):
        load_election(make_election(rows=rows))
    election = load_election(make_election("[wards.South]\nseats_up = 1\n", rows=rows, name="b"))
    assert election.declared_count == 1 and election.seats_up == 2
    assert "(1 declared)" in election.summary()


def test_partly_declared_ward_is_an_error(make_election: MakeElection) -> None:
    rows = [*MINI_ROWS[:3], ("Testshire", "E0", "South", "W2", "Dan Dyer", "LD", "", "")]
    with pytest.raises(FieldValueError) as info:
        load_election(make_election(rows=rows))
    assert info.value.row == 4


def test_rows_of_another_council(make_election: MakeElection) -> None:
    rows = [*MINI_ROWS[:3], ("Otherton", "E9", "South", "W2", "Dan Dyer", "LD", "650", "0")]
    with pytest.raises(InconsistentDataError) as info:
        load_election(make_election(rows=rows))
    assert info.value.row == 4 and info.value.field == "council"


def test_duplicate_candidate(make_election: MakeElection) -> None:
    rows = [*MINI_ROWS, MINI_ROWS[3]]
    with pytest.raises(InconsistentDataError, match="listed twice"):
        load_election(make_election(rows=rows))


def test_previous_contest_must_add_up(make_election: MakeElection) -> None:
    extra = """
    [wards.North.previous]
    year = 2020
    winner = "Labour"
    majority = 50
    candidates = [
      { name = "Ann Able", party = "Lab", votes = 500, elected = true },
      { name = "Bob Baker", party = "C", votes = 460, elected = false },
    ]
    """
    with pytest.raises(InconsistentDataError, match="majority 50 but the candidates give 40"):
        load_election(make_election(extra))


def test_next_election_after_this_one(make_election: MakeElection) -> None:
    context = MINI_CONTEXT + 'next_election = "1 May 2020"\n'
    with pytest.raises(FieldValueError, match="not after this one"):
        load_election(make_election(context=context))


def test_missing_folder_and_files(make_election: MakeElection) -> None:
    with pytest.raises(InputNotFoundError):
        load_election("/no/such/election")
    folder = make_election()
    (folder / "candidates.csv").unlink()
    with pytest.raises(InputNotFoundError, match="results file not found"):
        load_election(folder)
    (folder / "election.toml").unlink()
    with pytest.raises(InputNotFoundError, match=r"election\.toml or election\.json"):
        load_election(folder)


def test_bad_toml_names_the_line(make_election: MakeElection) -> None:
    folder = make_election()
    (folder / "election.toml").write_text('[council]\nname = "X"\ntotal_seats = \n')
    with pytest.raises(InputFormatError) as info:
        load_election(folder)
    assert info.value.row == 3


def test_validate_warns_when_compositions_disagree_with_the_results(
    make_election: MakeElection, capsys: pytest.CaptureFixture[str]
) -> None:
    from storygen.cli import main

    extra = """
    [composition_before]
    seats = { Labour = 3, Conservative = 3 }
    [composition_after]
    seats = { Labour = 4, Conservative = 2 }
    [wards.North]
    defending = "Labour"
    [wards.South]
    defending = "Conservative"
    """
    assert main(["validate", str(make_election(extra))]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("ok")
    assert "reported composition after the poll gives C 2 (results 3), Lab 4 (results 3)" in (
        captured.err
    )


def test_warnings_for_figures_that_look_wrong(
    make_election: MakeElection, capsys: pytest.CaptureFixture[str]
) -> None:
    from storygen.cli import main

    context = MINI_CONTEXT.replace("2 May 2024", "3 May 2024")  # a Friday
    extra = """
    [wards.North]
    defending = { party = "Labour", councillor = "Ann Abel" }
    turnout = 56.5
    ballots = 1395
    electorate = 3000
    """
    assert main(["validate", str(make_election(extra, context=context))]) == 0
    err = capsys.readouterr().err
    assert "2024-05-03 is a Friday" in err
    assert "councillor 'Ann Abel' is not among North's candidates" in err
    assert "did you mean 'Ann Able'?" in err
    assert "turnout 56.5 but ballots over electorate give 46.50" in err


def test_a_misspelt_ward_in_the_results_is_pointed_out(make_election: MakeElection) -> None:
    rows = [*MINI_ROWS[:3], ("Testshire", "E0", "Sauth", "W2", "Dan Dyer", "LD", "650", "0")]
    with pytest.raises(StorygenError) as info:
        load_election(make_election(rows=rows))
    message = str(errors_of(info.value)[0])
    assert "'Sauth' has nobody elected" in message and "misspelling of 'South'" in message


def test_windows_1252_file_names_the_line(make_election: MakeElection) -> None:
    folder = make_election()
    text = (folder / "candidates.csv").read_text()
    (folder / "candidates.csv").write_bytes(text.replace("Dan Dyer", "Dan Dyér").encode("cp1252"))
    with pytest.raises(InputFormatError) as info:
        load_election(folder)
    assert info.value.row == 4 and "UTF-8" in str(info.value)


def test_an_empty_results_file_is_one_error(make_election: MakeElection) -> None:
    folder = make_election('[wards.North]\ndefending = "Labour"\n', rows=[])
    with pytest.raises(InputFormatError, match="no candidate rows"):
        load_election(folder)


def test_votes_with_a_stray_comma_are_an_error(make_election: MakeElection) -> None:
    rows = [*MINI_ROWS[:3], ("Testshire", "E0", "South", "W2", "Dan Dyer", "LD", "1,18", "0")]
    with pytest.raises(FieldValueError, match="not a vote count"):
        load_election(make_election(rows=rows))


def test_a_party_listed_twice_in_a_composition(make_election: MakeElection) -> None:
    extra = '[composition_after]\nseats = { Conservative = 4, "the Tories" = 2 }\n'
    with pytest.raises(StorygenError) as info:
        load_election(make_election(extra))
    assert any("already listed" in str(e) for e in errors_of(info.value))


def test_out_of_range_says_what_was_expected(make_election: MakeElection) -> None:
    with pytest.raises(StorygenError) as info:
        load_election(make_election("[wards.North]\nturnout = 465\n"))
    (err,) = errors_of(info.value)
    assert err.expected == "a percentage at most 100" and err.field == "wards.North.turnout"


def test_elected_flag_error_names_both_rows(make_election: MakeElection) -> None:
    rows = [*MINI_ROWS[:2], ("Testshire", "E0", "South", "W2", "Cat Cole", "C", "600", "1"),
            ("Testshire", "E0", "South", "W2", "Dan Dyer", "LD", "650", "0")]  # fmt: skip
    with pytest.raises(InconsistentDataError, match=r"while row 3 \(Cat Cole\) is elected"):
        load_election(make_election(rows=rows))
