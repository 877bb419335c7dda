"""The Local Elections Handbook importer, against the real 2021-2025 workbooks and tiny made ones.

Every expected figure is counted here straight from the sheets with openpyxl, not via the code
under test; the literal counts beside them document what the workbooks hold.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest

from storygen.errors import FieldValueError, InconsistentDataError, InputFormatError, StorygenError
from storygen.ingest.imports.common import CouncilImport, build_election, normalise_name
from storygen.ingest.imports.leh import read_leh
from storygen.model import ElectionType, Incumbency, Provenance, Source, TurnoutBasis

from .conftest import SHARED

LEH = SHARED / "leh"
YEARS = (2021, 2022, 2024, 2025)
SHEETS = {
    2021: ("Candidates-results", "Wards-results"),
    2022: ("Candidates-results", "Wards-results"),
    2024: ("Candidates results", "Wards results"),
    2025: ("Candidates result", "Ward results"),
}
# councils and candidates in each workbook (also counted from the sheets below)
COUNTS = {2021: (143, 18044), 2022: (168, 18481), 2024: (107, 10029), 2025: (23, 8141)}


@cache
def imported(year: int) -> tuple[list[CouncilImport], list[StorygenError]]:
    return read_leh(LEH / f"leh-{year}.xlsx")


@cache
def council(year: int, name: str) -> CouncilImport:
    return next(c for c in imported(year)[0] if c.council == name)


@cache
def sheet(year: int, which: int) -> list[tuple[int, dict[str, Any]]]:
    """The data rows (sheet row number, header -> value) of a year's candidates (0) or wards (1)."""
    workbook = openpyxl.load_workbook(LEH / f"leh-{year}.xlsx", read_only=True, data_only=True)
    rows = list(workbook[SHEETS[year][which]].iter_rows(values_only=True))
    workbook.close()
    header = [str(h).strip() if h is not None else "" for h in rows[1]]
    out = []
    for number, values in enumerate(rows[2:], start=3):
        if any(v not in (None, "", "NA") for v in values):
            out.append((number, dict(zip(header, values, strict=False))))
    return out


def sheet_council(year: int, row: dict[str, Any]) -> str:
    """The council of a sheet row, by this test's own rule: a county division (E58 code) is
    the county's in 2021; the upper tier in 2025; the local authority otherwise."""
    if year == 2025:
        return str(row["Upper tier authority"])
    if year == 2021 and str(row["Ward/ED code"]).startswith("E58"):
        return str(row["County name"])
    return str(row["Local authority name"])


@pytest.mark.parametrize("year", YEARS)
def test_councils_and_candidates_match_the_sheet(year: int) -> None:
    councils, _ = imported(year)
    rows = sheet(year, 0)
    expected = Counter(sheet_council(year, r) for _, r in rows)
    assert {c.council: len(c.rows) for c in councils} == dict(expected)
    assert (len(councils), sum(len(c.rows) for c in councils)) == COUNTS[year]
    assert len(rows) == COUNTS[year][1]


@pytest.mark.parametrize("year", YEARS)
def test_polling_day_provenance_and_sources(year: int) -> None:
    days = {2021: date(2021, 5, 6), 2022: date(2022, 5, 5), 2024: date(2024, 5, 2)}
    days[2025] = date(2025, 5, 1)
    councils, _ = imported(year)
    file = f"leh-{year}.xlsx"
    assert {c.polling_day for c in councils} == {days[year]}
    assert councils[0].provenance == (
        Provenance(
            file=file,
            origin=f"House of Commons Library, Local Elections Handbook {year}",
            licence="Open Parliament Licence v3.0",
        ),
    )
    number, row = sheet(year, 0)[0]
    first = councils[0].rows[0]
    assert first.source == Source(file=file, row=number, key=SHEETS[year][0])
    assert first.votes == row.get("Votes", row.get("Votes cast"))


@pytest.mark.parametrize("year", YEARS)
def test_every_council_builds_an_election(year: int) -> None:
    for imported_council in imported(year)[0]:
        election, _ = build_election(imported_council)
        assert election.candidate_count == len(imported_council.rows)


@pytest.mark.parametrize("year", YEARS)
def test_incumbent_flags(year: int) -> None:
    column = "Inumbent" if year == 2021 else "Incumbent"  # sic, 2021
    flags = Counter(r[column] for _, r in sheet(year, 0))
    got = Counter(r.incumbent for c in imported(year)[0] for r in c.rows)
    assert got == {Incumbency.YES: flags[1], Incumbency.NO: flags[0]}
    assert flags[1] > 0


def test_kent_2025() -> None:
    rows = [r for _, r in sheet(2025, 0) if r["Upper tier authority"] == "Kent"]
    name = "Ward/ County Electoral District name"
    divisions = {r[name]: r["Seats contested"] for r in rows}
    reform = sum(1 for r in rows if r["Party name"] == "Reform UK" and r["Elected"] is True)
    kent = council(2025, "Kent")
    assert len(kent.rows) == len(rows) == 427
    # 72 divisions (some of two seats) fill Kent's 81 seats
    assert len({normalise_name(r.ward) for r in kent.rows}) == len(divisions) == 72
    assert sum(divisions.values()) == 81
    assert sum(1 for r in kent.rows if r.party == "Reform UK" and r.elected) == reform == 57
    assert kent.election_type is ElectionType.ALL_OUT
    assert kent.council_code is None  # the 2025 workbook has no council codes
    election, _ = build_election(kent)
    assert election.seats_up == 81
    assert len(election.wards) == 72


def test_2025_keeps_labour_and_cooperative_apart_and_uses_first_and_last_names() -> None:
    parties = Counter(r.party for c in imported(2025)[0] for r in c.rows)
    assert parties["Labour and Co-operative Party"] > 0
    assert parties["Labour Party"] > 0
    number, row = sheet(2025, 0)[0]
    first = imported(2025)[0][0].rows[0]
    assert first.candidate == f"{row['First names']} {row['Last names']}"
    assert first.source.row == number


def test_2021_to_2024_names_kept_as_printed() -> None:
    for year, column in ((2021, "Candidate name"), (2022, "Candidate name"), (2024, "Name")):
        printed = [r[column] for _, r in sheet(year, 0)]
        assert [r.candidate for c in imported(year)[0] for r in c.rows][:50] == printed[:50]
    assert council(2024, "Adur").rows[0].candidate == "Loader, J."


def test_2021_county_divisions_belong_to_the_county() -> None:
    kent = council(2021, "Kent")
    rows = [r for _, r in sheet(2021, 0) if r["County name"] == "Kent"]
    divisions = [r for r in rows if str(r["Ward/ED code"]).startswith("E58")]
    assert len(kent.rows) == len(divisions) < len(rows)  # Kent's districts also held polls
    assert kent.council_code == "E10000016"
    assert kent.election_type is ElectionType.ALL_OUT
    # "Local authority name" of a division is the district it lies in: a council only if the
    # district held its own election too (Maidstone, Tunbridge Wells), not otherwise (Dover)
    districts = {r["Local authority name"] for r in divisions}
    polling = {r["Local authority name"] for r in rows if r not in divisions}
    councils = {c.council for c in imported(2021)[0]}
    assert "Dover" in districts - polling
    assert (districts - polling) & councils == set()
    assert polling <= councils


def _ward_cells(year: int) -> dict[tuple[str, str], dict[str, Any]]:
    """Wards-sheet rows by (council, ward code); codes two wards share are left out."""
    code = {2021: "Ward/ED code", 2025: "ONS ward code"}.get(year, "Ward code")
    out: dict[tuple[str, str], dict[str, Any]] = {}
    shared = set()
    for _, row in sheet(year, 1):
        key = (sheet_council(year, row), str(row[code]))
        if key in out:
            shared.add(key)
        out[key] = row
    return {k: v for k, v in out.items() if k not in shared}


def _figures_by_code(year: int) -> dict[tuple[str, str], Any]:
    """The imported ward figures by (council, ward code)."""
    out = {}
    for imported_council in imported(year)[0]:
        for row in imported_council.rows:
            key = normalise_name(row.ward)
            if key in imported_council.wards:
                out[(imported_council.council, str(row.ward_code))] = imported_council.wards[key]
    return out


@pytest.mark.parametrize("year", (2024, 2025))
def test_turnout_fractions_become_percentages(year: int) -> None:
    column = "Turnout (EC method)" if year == 2025 else "Turnout (%)"
    cells = _ward_cells(year)
    figures = _figures_by_code(year)
    dropped = {e.row for e in imported(year)[1] if e.field == column}
    checked = 0
    for key, figure in figures.items():
        if key not in cells:
            continue
        cell = cells[key][column]
        if cell is None or figure.turnout is None:
            continue
        assert 0 < cell < 1
        assert 0 < figure.turnout < 100
        assert figure.turnout == pytest.approx(100 * cell, abs=1e-9)
        assert figure.electorate == cells[key]["Electorate"]
        checked += 1
    assert checked > 0.99 * len(figures)
    if year == 2025:
        # "Turnout (EC method)" is ballot papers over electorate, and "Ballots" the ballots
        assert {f.basis for f in figures.values() if f.turnout is not None} == {
            TurnoutBasis.BALLOTS
        }
        assert all(f.ballots == cells[k]["Ballots"] for k, f in figures.items() if k in cells)
    else:
        assert dropped == {1160, 1346, 1676}


def test_2024_turnout_basis() -> None:
    cells = _ward_cells(2024)
    for key, figure in _figures_by_code(2024).items():
        cell = cells[key]
        total_share = cell["Total votes"] / cell["Electorate"]
        if cell["Vacancies"] == 1 and cell["Turnout (%)"] == pytest.approx(total_share, abs=1e-8):
            assert figure.basis is TurnoutBasis.VOTES
        elif cell["Vacancies"] > 1 and cell["Turnout (%)"] == pytest.approx(total_share, abs=1e-8):
            assert figure.turnout is None  # several votes a voter: no turnout
        else:
            assert figure.basis is TurnoutBasis.UNKNOWN
        assert figure.ballots is None  # "Total votes" is the candidates' votes summed


def test_2024_multi_seat_turnout_from_summed_votes_is_reported() -> None:
    errors = [e for e in imported(2024)[1] if e.field == "Turnout (%)"]
    assert all(isinstance(e, InconsistentDataError) for e in errors)
    assert [(e.file, e.row, e.field) for e in errors] == [
        ("leh-2024.xlsx", 1160, "Turnout (%)"),
        ("leh-2024.xlsx", 1346, "Turnout (%)"),
        ("leh-2024.xlsx", 1676, "Turnout (%)"),
    ]
    assert council(2024, "Sheffield").wards["firth park"].turnout is None
    assert council(2024, "Sheffield").wards["firth park"].electorate == 14380


@pytest.mark.parametrize("year", (2021, 2022))
def test_2021_2022_turnout_kept_as_percent(year: int) -> None:
    cells = _ward_cells(year)
    checked = 0
    for key, figure in _figures_by_code(year).items():
        if key not in cells:
            continue
        cell = cells[key]["Turnout (%)"]
        if cell in (None, "NA"):
            assert figure.turnout is None
            continue
        assert figure.turnout == cell
        assert figure.basis is TurnoutBasis.UNKNOWN  # the Notes do not say
        assert figure.electorate == cells[key]["Electorate"]
        checked += 1
    assert checked > 3000
    assert max(f.turnout or 0 for f in _figures_by_code(year).values()) > 1


def test_2025_double_winners_void_the_ward_and_need_review() -> None:
    """17 wards of the 2025 workbook flag two winners for one seat: nothing is said of them."""
    voided = 0
    for item in imported(2025)[0]:
        election, _ = build_election(item)
        over = [w for w in election.warnings if w.code == "over-elected"]
        voided += len(over)
        assert all(w.review and w.omit and w.file == "leh-2025.xlsx" for w in over)
        for warning in over:
            (ward_id,) = warning.records
            ward = election.ward(ward_id)
            assert ward.void and ward.declared
            assert sum(1 for c in ward.candidates if c.elected) > ward.seats_up
    assert voided == 17
    election, _ = build_election(council(2025, "Northumberland"))
    ward = next(w for w in election.wards if w.name == "Cramlington Village")
    assert ward.void


def test_2022_wards_sharing_a_code_keep_their_own_figures() -> None:
    richmond = council(2022, "Richmond upon Thames")
    assert richmond.wards["hampton"].electorate == 7353
    assert richmond.wards["hampton wick"].electorate == 8073


@pytest.mark.parametrize(
    ("year", "name", "field"),
    [
        (2021, "Basingstoke And Deane", "Type (wards sheet)"),
        (2021, "Oxford", "Type (wards sheet)"),
        (2022, "Reading", "Type"),
        (2024, "Basildon", "Election type"),
    ],
)
def test_thirds_code_on_an_all_out_poll_is_reported(year: int, name: str, field: str) -> None:
    """The code is the council's usual cycle; these polls filled several seats in every ward."""
    wards = {}
    code = {2021: "Ward/ED code"}.get(year, "Ward code")
    for _, row in sheet(year, 1):
        if sheet_council(year, row) == name:
            wards[row[code]] = row["Vacancies"]
    assert all(seats > 1 for seats in wards.values())
    assert council(year, name).election_type is None
    [error] = [e for e in imported(year)[1] if name in e.message]
    assert isinstance(error, InconsistentDataError)
    assert (error.file, error.field) == (f"leh-{year}.xlsx", field)
    assert error.row == council(year, name).rows[0].source.row


@pytest.mark.parametrize(
    ("year", "kinds"),
    [
        (2021, {"Type (wards sheet)": 7}),
        (2022, {"Type": 3}),
        (2024, {"Turnout (%)": 3, "Election type": 16}),
        (2025, {}),  # its double winners are the validation layer's (over-elected)
    ],
)
def test_every_reported_error(year: int, kinds: dict[str, int]) -> None:
    errors = imported(year)[1]
    assert Counter(e.field for e in errors) == kinds
    assert all(e.file == f"leh-{year}.xlsx" and e.row for e in errors)


# --- tiny made workbooks -------------------------------------------------------------------

HEADER_2025 = [
    "Ward/ County Electoral District name", "ONS ward code ", "EC ward code",
    "Upper tier authority", "Lower tier authority", "Candidate name", "Party name",
    "Local authority type", "Election type", "Seats contested", "Votes cast", "Elected", "Rank",
    "First names", "Last names", "Gender", "Votes effective", "Incumbent",
]  # fmt: skip
WARDS_2025 = [
    "Ward/ County Electoral District name", "ONS ward code ", "EC ward code",
    "Upper tier authority", "Lower tier authority", "Local authority type", "Election type",
    "Seats", "Electorate", "Ballots", "Invalid votes", "Turnout (EC method)",
    "Valid vote turnout (HoC method)",
]  # fmt: skip


def _cand_2025(ward: str, name: str, party: str, votes: object, elected: bool) -> list[object]:
    first, last = name.split(" ", 1)
    return [ward, "E58000001", 1, "Testshire", "Testdale", name, party, "CC", "All", 1, votes,
            elected, 1, first, last, "female", True, 0]  # fmt: skip


def _write(path: Path, sheets: Mapping[str, Sequence[Sequence[object]]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        worksheet = workbook.create_sheet(title)
        for row in rows:
            worksheet.append(row)
    workbook.save(path)
    return path


def test_a_malformed_row_is_reported_and_the_others_import(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "leh-2025.xlsx",
        {
            "Notes and definitions": [["Notes"]],
            "Candidates result": [
                ["Local election results by candidate, 2025"],
                HEADER_2025,
                _cand_2025("North", "Ann Able", "Reform UK", 900, True),
                _cand_2025("North", "Bob Baker", "Labour Party", "lots", False),
                [None] * 5,
                _cand_2025("North", "Cat Cole", "Labour and Co-operative Party", 300, False),
            ],
            "Ward results": [
                ["Local election results by ward, 2025"],
                WARDS_2025,
                [
                    "North",
                    "E58000001",
                    1,
                    "Testshire",
                    "Testdale",
                    "CC",
                    "All",
                    1,
                    4000,
                    1500,
                    5,
                    0.375,
                    0.37375,
                ],
            ],
        },
    )
    councils, errors = read_leh(path)
    assert errors == []  # not a file-level warning: the council's own
    [testshire] = councils
    [warning] = testshire.warnings
    assert (warning.code, warning.file, warning.row, warning.field) == (
        "unreadable-row",
        "leh-2025.xlsx",
        4,
        "Votes cast",
    )
    assert warning.records == ("ward/north",) and warning.omit and warning.review
    assert "leh-2025.xlsx:4" in str(warning) and "lots" in str(warning)
    election, _ = build_election(testshire)
    assert election.ward("ward/north").void  # nothing is said of the ward it belongs to
    assert testshire.council == "Testshire"
    assert testshire.polling_day == date(2025, 5, 1)
    assert [(r.candidate, r.party, r.votes, r.source.row) for r in testshire.rows] == [
        ("Ann Able", "Reform UK", 900, 3),
        ("Cat Cole", "Labour and Co-operative Party", 300, 6),
    ]
    figures = testshire.wards["north"]
    assert figures.turnout == pytest.approx(37.5)
    assert (figures.electorate, figures.ballots, figures.basis) == (
        4000,
        1500,
        TurnoutBasis.BALLOTS,
    )


def test_no_candidates_sheet_names_the_sheets_expected(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "leh-2025.xlsx",
        {"Notes and definitions": [["Notes"]], "Ward results": [["title"], WARDS_2025]},
    )
    with pytest.raises(InputFormatError) as caught:
        read_leh(path)
    text = str(caught.value)
    assert caught.value.file == "leh-2025.xlsx"
    for expected in ("Candidates-results", "Candidates results", "Candidates result"):
        assert repr(expected) in text
    assert "Notes and definitions, Ward results" in text  # the sheets it found


def test_missing_columns_are_named(tmp_path: Path) -> None:
    header = [h for h in HEADER_2025 if h != "Votes cast"]
    path = _write(tmp_path / "leh-2025.xlsx", {"Candidates result": [["t 2025"], header]})
    with pytest.raises(InputFormatError, match="votes") as caught:
        read_leh(path)
    assert caught.value.row == 2


def test_2021_layout_county_division_and_district_ward(tmp_path: Path) -> None:
    cand_header = [
        "County code", "County name", "Local authority code", "Local authority name",
        "Ward/ED code", "Ward/ED name", "Year", "Candidate number", "Candidate name",
        "Candidate gender", "Inumbent", "Votes", "Votes (%)", "Elected", "Party ID",
        "Total valid votes", "Party name", "Party group", "Vote effective",
    ]  # fmt: skip
    ward_header = [
        "County code", "County name", "Local authority code", "Local authority name",
        "Ward/ED code", "Ward/ED name", "Vacancies", "Type", "Electorate", "Turnout (%)",
    ]  # fmt: skip
    place = ["E10000016", "Kent", "E07000105", "Ashford"]
    path = _write(
        tmp_path / "leh-2021.xlsx",
        {
            "Candidates-results": [
                ["Local election results by candidate, 2021"],
                cand_header,
                [*place, "E58000001", "Ashford Central", 2021, 1, "Able A.", "F", 1, 900, 0.6,
                 1, 1, 1500, "CON", "CON", 1],
                [*place, "E58000001", "Ashford Central", 2021, 2, "Baker B.", "M", 0, 600, 0.4,
                 0, 2, 1500, "LAB", "LAB", 1],
                [*place, "E05000001", "Aylesford & East Stour", 2021, 1, "Cole C.", "F", "yes",
                 400, 1.0, 1, 3, 400, "GREEN", "GREEN", 1],
            ],
            "Wards-results": [
                ["Local election results by ward, 2021"],
                ward_header,
                [*place, "E58000001", "Ashford Central", 1, "SC", 5000, 30.2],
                [*place, "E05000001", "Aylesford and East Stour", 1, "SDT", 2000, 20.5],
            ],
        },
    )  # fmt: skip
    councils, errors = read_leh(path)
    assert not errors
    by_name = {c.council: c for c in councils}
    assert set(by_name) == {"Kent", "Ashford"}
    kent, ashford = by_name["Kent"], by_name["Ashford"]
    assert (kent.council_code, kent.election_type) == ("E10000016", ElectionType.ALL_OUT)
    assert (ashford.council_code, ashford.election_type) == ("E07000105", ElectionType.THIRDS)
    assert [(r.candidate, r.incumbent, r.elected, r.seats) for r in kent.rows] == [
        ("Able A.", Incumbency.YES, True, 1),
        ("Baker B.", Incumbency.NO, False, 1),
    ]
    assert kent.wards["ashford central"].turnout == 30.2
    # the two sheets spell the ward differently: found by its code
    assert ashford.wards["aylesford and east stour"].electorate == 2000
    assert ashford.rows[0].incumbent is Incumbency.YES
    assert kent.polling_day == date(2021, 5, 6)


def test_bad_flag_and_out_of_range_turnout(tmp_path: Path) -> None:
    bad = _cand_2025("North", "Dan Dyer", "Green Party", 100, True)
    bad[11] = "maybe"
    path = _write(
        tmp_path / "leh-2025.xlsx",
        {
            "Candidates result": [
                ["2025"], HEADER_2025, _cand_2025("North", "Ann Able", "Reform UK", 900, True), bad,
            ],
            "Ward results": [
                ["2025"], WARDS_2025,
                ["North", "E58000001", 1, "Testshire", "Testdale", "CC", "All", 1, 4000, 1500, 5,
                 37.5, 0.37],
            ],
        },
    )  # fmt: skip
    councils, errors = read_leh(path)
    assert errors == []
    found = sorted((w.row or 0, w.field or "", w.code, w.kinds) for w in councils[0].warnings)
    assert found == [
        (3, "Turnout (EC method)", "unreadable-figure", ("turnout",)),
        (4, "Elected", "unreadable-row", ()),
    ]
    assert len(councils[0].rows) == 1
    figures = councils[0].wards["north"]  # the figures that could be read are kept
    assert (figures.electorate, figures.ballots, figures.turnout) == (4000, 1500, None)


def test_year_not_in_the_table(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "leh-2023.xlsx",
        {"Candidates result": [["Local election results by candidate, 2023"], HEADER_2025]},
    )
    with pytest.raises(FieldValueError, match="2023"):
        read_leh(path)
