"""Defenders the councillor lists prove beyond those due on polling day: casual vacancies filled
at the poll, and a local party's code named by the list of the poll's own year (hand-made)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from storygen.ingest.imports.common import CouncilImport, ResultRow, build_election
from storygen.ingest.imports.ocd import Councillors, enrich
from storygen.model import Election, Source

DAY = date(2024, 5, 2)
HEADER = "Council,Ward Name,Councillor Name,Next Election,Party Name\n"
C, LAB, LD = "Conservative and Unionist", "Labour Party", "Liberal Democrats"


def _list(path: Path, people: list[tuple[str, str, str, str]]) -> Councillors:
    path.write_text(
        HEADER + "".join(f"Dunham,{w},{n},{when},{p}\n" for w, n, when, p in people),
        encoding="utf-8",
    )
    return Councillors.read(path)


def _election(
    tmp_path: Path,
    before: list[tuple[str, str, str, str]],
    after: list[tuple[str, str, str, str]],
    rows: list[tuple[str, str, str, bool]],
) -> tuple[Election, list[str]]:
    source = Source(file="x.csv", row=1)
    imported = CouncilImport(council="Dunham", polling_day=DAY)
    for n, (ward, name, party, elected) in enumerate(rows):
        imported.rows.append(
            ResultRow("Dunham", None, ward, None, name, party, 1000 - n, elected, source)
        )
    extra = enrich(
        imported,
        councillors=_list(tmp_path / "councillors-2023.csv", before),
        councillors_after=_list(tmp_path / "councillors-2024.csv", after),
    )
    return build_election(imported, extra)


# quiet wards, one seat up in each as the list says: the poll is not all-out, and nine wards
# of ten match the list's wards with a councillor due, so the boundaries are the same
QUIET = [f"Quiet {n}" for n in range(1, 10)]
QUIET_BEFORE = [
    (w, f"{first} {w.split()[1]}son", when, LAB)
    for w in QUIET
    for first, when in (
        ("Quinn", "2024-05-02"),
        ("Quentin", "2026-05-07"),
        ("Queenie", "2027-05-06"),
    )
]
QUIET_AFTER = [
    (w, n, "2028-05-04" if when == "2024-05-02" else when, p) for w, n, when, p in QUIET_BEFORE
]
QUIET_ROWS = [
    row
    for w in QUIET
    for row in ((w, f"Quinn {w.split()[1]}son", "Lab", True), (w, "Q Ott", "C", False))
]


def test_the_other_councillors_all_of_one_party_held_the_vacated_seat(tmp_path: Path) -> None:
    before = [
        *QUIET_BEFORE,
        ("North", "Ann Ash", "2024-05-02", C),
        ("North", "Bob Birch", "2026-05-07", C),
        ("North", "Cat Cedar", "2027-05-06", C),
    ]
    after = [*QUIET_AFTER, ("North", "Bob Birch", "2026-05-07", C)]
    rows = [
        *QUIET_ROWS,
        *NORTH_ROWS,
    ]
    election, notes = _election(tmp_path, before, after, rows)
    assert sorted(d.party for d in election.ward("ward/north").defending) == ["C", "C"]
    assert any("North" in n and "held by C" in n for n in notes)


# two wards of three seats, one up plus a vacancy: who of the others left is the question
NORTH_SOUTH_BEFORE = [
    ("North", "Ann Ash", "2024-05-02", C),
    ("North", "Bob Birch", "2026-05-07", LD),
    ("North", "Cat Cedar", "2027-05-06", LAB),
    ("South", "Sam Ash", "2024-05-02", C),
    ("South", "Sue Birch", "2026-05-07", LD),
    ("South", "Sid Cedar", "2027-05-06", LAB),
]
NORTH_ROWS = [
    ("North", "Ann Ash", "C", True),
    ("North", "Dan Dale", "C", True),
    ("North", "Eve Elm", "Lab", False),
]


def test_the_councillor_gone_from_the_later_list_held_the_vacated_seat(tmp_path: Path) -> None:
    before = [
        *QUIET_BEFORE,
        *NORTH_SOUTH_BEFORE,  # South: both others still listed after the poll, not known
    ]
    after = [
        *QUIET_AFTER,
        ("North", "Cat Cedar", "2027-05-06", LAB),
        ("South", "Sue Birch", "2026-05-07", LD),
        ("South", "Sid Cedar", "2027-05-06", LAB),
    ]
    rows = [
        *QUIET_ROWS,
        *NORTH_ROWS,
        ("South", "Sam Ash", "C", True),
        ("South", "Tom Dale", "C", True),
        ("South", "Una Elm", "Lab", False),
    ]
    election, notes = _election(tmp_path, before, after, rows)
    assert sorted(d.party for d in election.ward("ward/north").defending) == ["C", "LD"]
    assert any("Bob Birch (LD)" in n for n in notes)
    assert election.ward("ward/south").defending == ()


def test_a_vacated_seat_is_not_settled_where_the_list_may_be_wrong(tmp_path: Path) -> None:
    """One ward settled; beside it, the same but for a doubt each: another councillor not due
    stands in the ward (their seat may be the one up), or one is up a whole term after the
    poll (elected since)."""
    before = [
        *QUIET_BEFORE,
        *NORTH_SOUTH_BEFORE,
        ("West", "Wes Ash", "2024-05-02", C),
        ("West", "Wyn Birch", "2028-05-04", C),
        ("West", "Will Cedar", "2027-05-06", C),
    ]
    after = [
        *QUIET_AFTER,
        ("North", "Cat Cedar", "2027-05-06", LAB),
        ("South", "Sid Cedar", "2027-05-06", LAB),
    ]
    rows = [
        *QUIET_ROWS,
        *NORTH_ROWS,
        ("South", "Sam Ash", "C", True),
        ("South", "Sid Cedar", "Lab", True),  # not due, standing
        ("South", "Una Elm", "Lab", False),
        ("West", "Wes Ash", "C", True),
        ("West", "Xan Dale", "C", True),
    ]
    election, notes = _election(tmp_path, before, after, rows)
    assert sorted(d.party for d in election.ward("ward/north").defending) == ["C", "LD"]
    assert election.ward("ward/south").defending == ()
    assert any("Sid Cedar, not due, stands" in n for n in notes)
    assert election.ward("ward/west").defending == ()
    assert any("a whole term after" in n for n in notes)


def test_a_ward_with_no_councillor_due_takes_its_councillors_party(tmp_path: Path) -> None:
    """A by-election seat inside a thirds poll: the ward's listed councillors, none due, all
    Liberal Democrats."""
    before = [
        *QUIET_BEFORE,
        ("East", "Fay Fir", "2026-05-07", LD),
        ("East", "Gus Gum", "2027-05-06", LD),
    ]
    after = [*QUIET_AFTER, ("East", "Gus Gum", "2027-05-06", LD)]
    rows = [*QUIET_ROWS, ("East", "Hal Hazel", "Lab", True), ("East", "Ida Ivy", "LD", False)]
    election, notes = _election(tmp_path, before, after, rows)
    assert [d.party for d in election.ward("ward/east").defending] == ["LD"]
    assert not any("East" in n and "matches no ward" in n for n in notes)


def test_a_local_code_is_named_by_its_winners_in_the_later_list(tmp_path: Path) -> None:
    """The results' "DRA" is the lists' "Dunham Residents' Group": its one winner is listed so
    after the poll, so the defender listed so is DRA's (a hold); "DIG", whose winner the later
    list files as "Independent / Other", is not named by it."""
    group = "Dunham Residents' Group"
    before = [
        *QUIET_BEFORE,
        ("North", "Ann Ash", "2024-05-02", group),
        ("North", "Bob Birch", "2026-05-07", group),
        ("South", "Sam Ash", "2024-05-02", "Dunham Independent Group"),
        ("South", "Sue Birch", "2026-05-07", LAB),
    ]
    after = [
        *QUIET_AFTER,
        ("North", "Dan Dale", "2028-05-04", group),
        ("North", "Bob Birch", "2026-05-07", group),
        ("South", "Tom Dale", "2028-05-04", "Independent / Other"),
        ("South", "Sue Birch", "2026-05-07", LAB),
    ]
    rows = [
        *QUIET_ROWS,
        ("North", "Dale, D.", "DRA", True),
        ("North", "Elm, E.", "C", False),
        ("South", "Dale, T.", "DIG", True),
        ("South", "Elm, U.", "C", False),
    ]
    election, notes = _election(tmp_path, before, after, rows)
    assert [d.party for d in election.ward("ward/north").defending] == ["DRA"]
    assert any("'DRA'" in n and group in n for n in notes)
    assert election.ward("ward/south").defending == ()
