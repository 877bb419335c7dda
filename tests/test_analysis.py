"""Derived figures on small hand-made elections, each expected figure worked out by hand."""

from __future__ import annotations

import pytest

from storygen.analyse import analyse
from storygen.analyse.figures import WardResult, analyse_ward
from storygen.model import TurnoutBasis

from .conftest import Build, Cand, ward_rows


def one_ward(build: Build, *cands: Cand, extra: str = "") -> WardResult:
    election = build(ward_rows("North", *cands), extra)
    return analyse_ward(election.ward("ward/north"))


# -- majorities, shares, placings ---------------------------------------------------------------


def test_single_member_majority_is_winner_minus_runner_up(build: Build) -> None:
    result = one_ward(
        build,
        ("Cy Cole", "LD", 300, False),
        ("Ann Able", "Lab", 900, True),
        ("Bob Baker", "C", 800, False),
    )
    assert result.contested and result.declared
    assert result.total_votes == 2000
    assert result.majority == 100  # 900 - 800
    assert result.majority_share == pytest.approx(5.0)  # 100 / 2000
    assert result.runner_up is not None and result.runner_up.name == "Bob Baker"
    assert not result.runner_up_tied and not result.decided_by_lot
    assert result.winner_party == "Lab"


def test_placings_ordered_by_votes_with_shares_of_all_valid_votes(build: Build) -> None:
    result = one_ward(
        build,
        ("Cy Cole", "LD", 300, False),
        ("Ann Able", "Lab", 900, True),
        ("Bob Baker", "C", 800, False),
    )
    assert [p.name for p in result.placings] == ["Ann Able", "Bob Baker", "Cy Cole"]
    assert [p.share for p in result.placings] == pytest.approx([45.0, 40.0, 15.0])
    assert [p.elected for p in result.placings] == [True, False, False]


def test_tie_for_second_place_keeps_majority_and_names_no_runner_up(build: Build) -> None:
    result = one_ward(
        build,
        ("Ann Able", "Lab", 900, True),
        ("Bob Baker", "C", 700, False),
        ("Cy Cole", "LD", 700, False),
    )
    assert result.majority == 200  # 900 - 700
    assert result.runner_up is None
    assert result.runner_up_tied
    assert not result.decided_by_lot


def test_tie_for_the_seat_is_decided_by_lot_with_majority_zero(build: Build) -> None:
    result = one_ward(
        build,
        ("Ann Able", "Lab", 800, True),
        ("Bob Baker", "C", 800, False),
        ("Cy Cole", "LD", 400, False),
    )
    assert result.majority == 0
    assert result.decided_by_lot
    assert not result.runner_up_tied
    assert result.runner_up is not None and result.runner_up.party == "C"
    assert [p.name for p in result.winners] == ["Ann Able"]


def test_swing_after_a_tie_for_the_seat_is_between_the_winner_and_runner_up(
    build: Build,
) -> None:
    # The loser of the lot is listed first; the winner is still Labour (elected), runner-up C.
    # Now: Lab 800/2000 = 40, C 40, LD 20. Before: Lab 1000/2000 = 50, C 30, LD 20.
    # Butler, C to Lab: ((40 - 50) + (30 - 40)) / 2 = -10.
    previous = """
    [wards.North.previous]
    year = 2020
    candidates = [
      { name = "Al Able", party = "Lab", votes = 1000, elected = true },
      { name = "Bo Baker", party = "C", votes = 600, elected = false },
      { name = "Cal Cole", party = "LD", votes = 400, elected = false },
    ]
    """
    result = one_ward(
        build,
        ("Bob Baker", "C", 800, False),
        ("Ann Able", "Lab", 800, True),
        ("Cy Cole", "LD", 400, False),
        extra=previous,
    )
    assert result.winner_party == "Lab"
    assert result.runner_up is not None and result.runner_up.party == "C"
    assert result.swing == pytest.approx(-10.0)


# -- multi-member wards and all-out elections ---------------------------------------------------


TWO_SEATS = (
    ("Ann Able", "Lab", 1200, True),
    ("Al Avery", "Lab", 1100, True),
    ("Bob Baker", "C", 1000, False),
    ("Bea Brown", "C", 900, False),
)


def test_multi_member_majority_is_lowest_elected_minus_highest_unelected(build: Build) -> None:
    result = one_ward(build, *TWO_SEATS)
    assert result.seats_up == 2
    assert result.majority == 100  # 1100 - 1000
    assert result.total_votes == 4200
    assert result.runner_up is not None and result.runner_up.name == "Bob Baker"


def test_multi_member_gains_are_seats_won_minus_seats_defended(build: Build) -> None:
    extra = '[wards.North]\ndefending = [{ party = "Lab" }, { party = "C" }]\n'
    result = one_ward(build, *TWO_SEATS, extra=extra)
    assert result.defended == {"Lab": 1, "C": 1}
    assert result.won == {"Lab": 2}
    assert result.gains == {"Lab": 1}
    assert result.losses == {"C": 1}
    assert result.held_by is None


def test_multi_member_ward_with_a_defender_unknown_has_no_gains(build: Build) -> None:
    result = one_ward(build, *TWO_SEATS, extra='[wards.North]\ndefending = "C"\n')
    assert not result.defending_known
    assert result.gains == {} and result.losses == {}


def test_all_out_election_takes_its_composition_from_the_tally_of_winners(
    build: Build,
) -> None:
    rows = [
        *ward_rows(
            "North",
            ("A1", "Lab", 1500, True),
            ("A2", "Lab", 1400, True),
            ("A3", "C", 1300, True),
            ("A4", "C", 1200, False),
        ),
        *ward_rows(
            "South",
            ("B1", "C", 900, True),
            ("B2", "C", 850, True),
            ("B3", "Lab", 800, False),
        ),
        *ward_rows(
            "East",
            ("C1", "Lab", 700, True),
            ("C2", "Lab", 650, True),
            ("C3", "LD", 600, False),
        ),
    ]
    # a reported composition that contradicts the winners is overruled by the results
    extra = "[composition_after]\nseats = { Lab = 3, C = 4 }\n"
    election = build(rows, extra, total_seats=7, kind="all-out")
    a = analyse(election)
    assert election.seats_up == 7 and a.seats_up == 7  # 3 + 2 + 2
    assert [w.seats_up for w in a.wards] == [3, 2, 2]
    assert a.after == {"Lab": 4, "C": 3} and a.after_basis == "tally"
    (warning,) = a.warnings
    assert warning.code == "composition-differs" and not warning.review  # one seat: drift
    assert a.majority_needed == 4  # 7 // 2 + 1
    assert a.control_after == "Lab"
    assert a.net_change is None  # no defenders on new boundaries
    assert a.ward("ward/north").majority == 100  # 1300 - 1200
    assert a.parties["Lab"].seats_won == 4 and a.parties["C"].seats_won == 3


# -- uncontested wards ----------------------------------------------------------------------------


def test_uncontested_ward_has_no_majority_share_or_turnout(build: Build) -> None:
    rows = [
        *ward_rows("North", ("Ann Able", "Lab", 0, True)),
        *ward_rows("South", ("Cat Cole", "C", 700, True), ("Dan Dyer", "LD", 650, False)),
    ]
    extra = "[wards.North]\nelectorate = 5000\n"
    a = analyse(build(rows, extra))
    north = a.ward("ward/north")
    assert north.declared and not north.contested
    assert north.majority is None and north.majority_share is None
    assert north.total_votes is None
    assert [p.share for p in north.placings] == [None]
    assert [p.votes for p in north.placings] == [None]
    assert north.runner_up is None
    assert north.turnout is None and north.turnout_basis is None
    assert north.won == {"Lab": 1}
    assert a.total_votes == 1350  # only the contested ward's votes: 700 + 650


# -- turnout --------------------------------------------------------------------------------------


MINI = (("Ann Able", "Lab", 900, True), ("Bob Baker", "C", 800, False))


def test_reported_turnout_passes_through_with_its_basis(build: Build) -> None:
    extra = '[wards.North]\nturnout = 31.88\nturnout_basis = "ballots"\nelectorate = 9000\n'
    result = one_ward(build, *MINI, extra=extra)
    assert result.turnout == 31.88
    assert result.turnout_basis is TurnoutBasis.BALLOTS


def test_reported_turnout_without_a_basis_says_unknown(build: Build) -> None:
    result = one_ward(build, *MINI, extra="[wards.North]\nturnout = 28.4\n")
    assert result.turnout == 28.4
    assert result.turnout_basis is TurnoutBasis.UNKNOWN


def test_turnout_from_ballots_over_electorate(build: Build) -> None:
    extra = "[wards.North]\nelectorate = 8000\nballots = 2000\n"
    result = one_ward(build, *MINI, extra=extra)
    assert result.turnout == pytest.approx(25.0)  # 2000 / 8000
    assert result.turnout_basis is TurnoutBasis.BALLOTS


def test_turnout_from_total_votes_says_votes(build: Build) -> None:
    result = one_ward(build, *MINI, extra="[wards.North]\nelectorate = 10000\n")
    assert result.turnout == pytest.approx(17.0)  # (900 + 800) / 10000
    assert result.turnout_basis is TurnoutBasis.VOTES


def test_no_electorate_no_turnout(build: Build) -> None:
    result = one_ward(build, *MINI, extra="[wards.North]\nballots = 2000\n")
    assert result.turnout is None and result.turnout_basis is None


def test_multi_member_total_votes_are_not_a_turnout(build: Build) -> None:
    result = one_ward(build, *TWO_SEATS, extra="[wards.North]\nelectorate = 20000\n")
    assert result.turnout is None


# -- swing ----------------------------------------------------------------------------------------


def test_butler_swing_from_previous_full_result(build: Build) -> None:
    # Now: Lab 900/2000 = 45, C 800/2000 = 40, LD 15.
    # Before: Lab 800/2000 = 40, C 1000/2000 = 50, LD 10.
    # C to Lab: ((45 - 40) + (50 - 40)) / 2 = 7.5 points.
    extra = """
    [wards.North.previous]
    year = 2020
    winner = "C"
    majority = 200
    candidates = [
      { name = "Old Tory", party = "C", votes = 1000, elected = true },
      { name = "Old Labour", party = "Lab", votes = 800, elected = false },
      { name = "Old Liberal", party = "LD", votes = 200, elected = false },
    ]
    """
    result = one_ward(
        build,
        ("Ann Able", "Lab", 900, True),
        ("Bob Baker", "C", 800, False),
        ("Cy Cole", "LD", 300, False),
        extra=extra,
    )
    assert result.swing == pytest.approx(7.5)
    assert result.previous_majority == 200


def test_no_previous_result_no_swing(build: Build) -> None:
    assert one_ward(build, *MINI).swing is None


def test_previous_majority_without_candidates_gives_no_swing(build: Build) -> None:
    extra = '[wards.North.previous]\nyear = 2020\nwinner = "Lab"\nmajority = 150\n'
    result = one_ward(build, *MINI, extra=extra)
    assert result.swing is None
    assert result.previous_majority == 150


def test_swing_not_meaningful_when_runner_up_did_not_stand_before(build: Build) -> None:
    extra = """
    [wards.North.previous]
    year = 2020
    candidates = [
      { name = "Old Labour", party = "Lab", votes = 900, elected = true },
      { name = "Old Liberal", party = "LD", votes = 600, elected = false },
    ]
    """
    assert one_ward(build, *MINI, extra=extra).swing is None


# -- seats and control ----------------------------------------------------------------------------


MINI_ROWS = [
    *ward_rows("North", ("Ann Able", "Lab", 900, True), ("Bob Baker", "C", 800, False)),
    *ward_rows("South", ("Cat Cole", "C", 700, True), ("Dan Dyer", "LD", 650, False)),
]
BOTH_DEFENDED_BY_C = '[wards.North]\ndefending = "C"\n[wards.South]\ndefending = "C"\n'


def test_no_overall_control_before_and_after_names_largest_party(build: Build) -> None:
    # Before Lab 2, C 3, LD 1 of 6; Lab takes North from C: after Lab 3, C 2, LD 1.
    extra = BOTH_DEFENDED_BY_C + "[composition_before]\nseats = { Lab = 2, C = 3, LD = 1 }\n"
    a = analyse(build(MINI_ROWS, extra))
    assert a.net_change == {"Lab": 1, "C": -1, "LD": 0}
    assert a.after == {"Lab": 3, "C": 2, "LD": 1} and a.after_basis == "arithmetic"
    assert a.majority_needed == 4  # 6 // 2 + 1
    assert a.control_before is None and a.control_after is None
    assert a.largest_after == ("Lab",)


def test_control_gained_from_no_overall_control(build: Build) -> None:
    extra = BOTH_DEFENDED_BY_C + "[composition_before]\nseats = { Lab = 3, C = 3 }\n"
    a = analyse(build(MINI_ROWS, extra))
    assert a.after == {"Lab": 4, "C": 2}
    assert a.control_before is None
    assert a.control_after == "Lab"


def test_half_the_seats_is_not_control(build: Build) -> None:
    extra = '[wards.North]\ndefending = "Lab"\n[wards.South]\ndefending = "C"\n'
    extra += "[composition_before]\nseats = { Lab = 3, C = 3 }\n"
    a = analyse(build(MINI_ROWS, extra))
    assert a.after == {"Lab": 3, "C": 3}
    assert a.control_after is None
    assert set(a.largest_after) == {"Lab", "C"}


@pytest.mark.parametrize(("total", "needed"), [(6, 4), (7, 4), (120, 61), (101, 51)])
def test_majority_needed_is_half_the_seats_plus_one(build: Build, total: int, needed: int) -> None:
    assert analyse(build(MINI_ROWS, total_seats=total)).majority_needed == needed


def test_net_change_needs_every_ward_declared(build: Build) -> None:
    rows = [
        *MINI_ROWS[:2],
        *ward_rows("South", ("Cat Cole", "C", None, None), ("Dan Dyer", "LD", None, None)),
    ]
    extra = '[wards.North]\ndefending = "C"\n[wards.South]\ndefending = "C"\nseats_up = 1\n'
    extra += "[composition_before]\nseats = { Lab = 3, C = 3 }\n"
    a = analyse(build(rows, extra))
    assert not a.all_declared
    assert a.net_change is None
    assert a.after is None and a.control_after is None
    assert a.ward("ward/north").gains == {"Lab": 1}  # the declared ward's gain still stands


def test_net_change_needs_every_defender_known(build: Build) -> None:
    extra = '[wards.North]\ndefending = "C"\n[composition_before]\nseats = { Lab = 3, C = 3 }\n'
    a = analyse(build(MINI_ROWS, extra))
    assert a.all_declared and not a.defending_known
    assert a.net_change is None
    assert a.after is None


def test_party_totals_over_the_election(build: Build) -> None:
    a = analyse(build(MINI_ROWS, BOTH_DEFENDED_BY_C))
    assert a.total_votes == 3050  # 900 + 800 + 700 + 650
    c = a.parties["C"]
    assert (c.candidates, c.wards_contested, c.seats_won, c.seats_defended) == (2, 2, 1, 2)
    assert c.votes == 1500
    assert c.share == pytest.approx(100 * 1500 / 3050)
