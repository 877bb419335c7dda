"""Readers of the raw files: LEAP CSVs, LEH workbooks, Open Council Data compositions and lists.

Each reader returns plain records; nothing here judges what they mean (see derive.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .names import council_key, label_key
from .parties import source_party


@dataclass
class Candidate:
    """One candidate row as the source gives it."""

    name: str
    label: str
    party: str
    votes: int | None
    elected: bool
    incumbent: bool | None = None
    row: int = 0
    alt_name: str = ""  # the workbook's first and last names, where they differ from name
    listed: list[str] = field(default_factory=list)  # names a councillor list gives them


@dataclass
class Ward:
    """One ward (or division) of one council on polling day."""

    name: str
    code: str
    candidates: list[Candidate] = field(default_factory=list)
    seats: int | None = None  # seats the source says were up (LEH); None in LEAP
    electorate: int | None = None
    ballots: int | None = None
    turnout: float | None = None  # reported, as a fraction
    all_out: bool | None = None  # the source's election type, where it has one


@dataclass
class Council:
    """One council's rows of a results file."""

    name: str
    code: str
    source: str
    polling_day: dt.date
    wards: dict[str, Ward] = field(default_factory=dict)
    party_names: dict[str, str] = field(default_factory=dict)  # party key -> full name
    abbreviations: dict[str, str] = field(default_factory=dict)  # party key -> abbreviation

    @property
    def key(self) -> str:
        """The council's matching key."""
        return council_key(self.name)


def first_thursday_of_may(year: int) -> dt.date:
    """The usual polling day of a year's May local elections."""
    day = dt.date(year, 5, 1)
    while day.weekday() != 3:
        day += dt.timedelta(days=1)
    return day


def _int(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return round(value)
    text = str(value).strip().replace(",", "")
    if not text or text.upper() in {"NA", "N/A", "-"}:
        return None
    try:
        return round(float(text))
    except ValueError:
        return None


def _float(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().rstrip("%")
    try:
        return float(text)
    except ValueError:
        return None


def _flag(value: Any) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "y", "elected"}:
        return True
    if text in {"0", "false", "no", "n", "not elected", ""}:
        return False
    return None


# --- LEAP ------------------------------------------------------------------------------------


def read_leap(path: Path) -> dict[str, Council]:
    """A LEAP CSV (no header: council, code, ward, ward code, candidate, party, votes, elected)."""
    match = re.search(r"(\d{4})-(\d{2})-(\d{2})", path.name)
    if not match:
        raise ValueError(f"{path}: no polling day in the file name")
    day = dt.date(int(match[1]), int(match[2]), int(match[3]))
    councils: dict[str, Council] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            if len(row) < 8 or not row[0].strip():
                continue
            council_name, code, ward_name, ward_code, name, label, votes, elected = (
                # the archive writes some names with HTML entities ('Dunstable &ndash; Icknield')
                html.unescape(cell.strip())
                for cell in row[:8]
            )
            if name == "NULL" and label == "NULL":
                continue  # a placeholder row (Leicester 2019's 'Elected Mayor')
            council = councils.setdefault(
                council_key(council_name), Council(council_name, code, path.name, day)
            )
            ward = council.wards.setdefault(ward_name, Ward(ward_name, ward_code))
            ward.candidates.append(
                Candidate(
                    name=name,
                    label=label,
                    party=source_party(label),
                    votes=_int(votes),
                    elected=_flag(elected) is True,
                    row=number,
                )
            )
    return councils


# --- LEH -------------------------------------------------------------------------------------

_LEH_SHEETS = {
    "candidates": ("Candidates-results", "Candidates results", "Candidates result"),
    "wards": ("Wards-results", "Wards results", "Ward results"),
}
_COLUMNS = {
    "council": ("Upper tier authority", "Local authority name"),
    "ward": ("Ward/ County Electoral District name", "Ward/ED name", "Ward name"),
    "ward_code": ("ONS ward code", "Ward/ED code", "Ward code"),
    "name": ("Candidate name", "Name"),
    "first": ("First names",),
    "last": ("Last names",),
    "party": ("Party name",),
    "votes": ("Votes cast", "Votes"),
    "elected": ("Elected",),
    "incumbent": ("Incumbent", "Inumbent"),
    "seats": ("Seats contested", "Seats", "Vacancies"),
    "type": ("Election type", "Type"),
    "electorate": ("Electorate",),
    # 2024's 'Total votes' are the valid votes (its turnout counts every ballot paper)
    "ballots": ("Ballots",),
    "turnout": ("Turnout (EC method)", "Turnout (%)"),
}


def _header_index(header: tuple[Any, ...]) -> dict[str, int]:
    names = [str(cell).strip() if cell is not None else "" for cell in header]
    index: dict[str, int] = {}
    for field_name, options in _COLUMNS.items():
        for option in options:
            if option in names:
                index[field_name] = names.index(option)
                break
    return index


def _all_out(value: Any) -> bool | None:
    text = str(value or "").strip().upper()
    if text in {"ALL", "SC", "LB"} or (len(text) == 3 and text.endswith("A")):
        return True
    if "THIRD" in text or "HALF" in text or text.endswith("T") or text.endswith("H"):
        return False
    return None


def _find_sheet(names: list[str], options: tuple[str, ...]) -> str:
    for option in options:
        if option in names:
            return option
    raise ValueError(f"none of the sheets {options} in the workbook ({names})")


def _rows(sheet: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    rows = sheet.iter_rows(values_only=True)
    next(rows, None)  # title
    index = _header_index(next(rows, ()))
    for number, row in enumerate(rows, start=3):
        yield number, {key: row[col] if col < len(row) else None for key, col in index.items()}


def read_leh(path: Path) -> dict[str, Council]:
    """A Local Elections Handbook workbook (2021, 2022, 2024 or 2025 layout)."""
    import openpyxl  # type: ignore[import-untyped]

    match = re.search(r"(20\d\d)", path.name)
    if not match:
        raise ValueError(f"{path}: no year in the file name")
    day = first_thursday_of_may(int(match[1]))
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        names = list(book.sheetnames)
        councils: dict[str, Council] = {}
        full_names: dict[str, str] = {}
        abbreviations: dict[str, str] = {}
        if "Party names" in names:
            for row in book["Party names"].iter_rows(min_row=3, values_only=True):
                if len(row) < 2 or not row[0] or not row[1]:
                    continue
                first, second = str(row[0]).strip(), str(row[1]).strip()
                # 2021-2022: abbreviation, name; 2024-2025: name, abbreviation
                abbreviation, full = (
                    (first, second) if len(first) < len(second) else (second, first)
                )
                full_names[label_key(abbreviation)] = full
                # 'H&BFI' in the sheet is 'HandBFI' in the results
                full_names.setdefault(label_key(abbreviation).replace(" ", ""), full)
                abbreviations[label_key(full)] = abbreviation
        for number, row in _rows(book[_find_sheet(names, _LEH_SHEETS["candidates"])]):
            council_name = str(row.get("council") or "").strip()
            ward_name = str(row.get("ward") or "").strip()
            if not council_name or not ward_name:
                continue
            council = councils.setdefault(
                council_key(council_name), Council(council_name, "", path.name, day)
            )
            ward = council.wards.setdefault(
                ward_name, Ward(ward_name, str(row.get("ward_code") or "").strip())
            )
            label = str(row.get("party") or "").strip()
            party = source_party(label)
            name = str(row.get("name") or "").strip()
            alt = " ".join(str(row.get(k) or "").strip() for k in ("first", "last")).strip()
            spaced = label_key(label)
            for code in (spaced, spaced.replace(" ", "")):
                if party.startswith("L:") and code in full_names:
                    council.party_names.setdefault(party, full_names[code])
            if label_key(label) in abbreviations:
                council.abbreviations[party] = abbreviations[label_key(label)]
            ward.candidates.append(
                Candidate(
                    name=name,
                    label=label,
                    party=party,
                    votes=_int(row.get("votes")),
                    elected=_flag(row.get("elected")) is True,
                    incumbent=_flag(row.get("incumbent")),
                    row=number,
                    alt_name=alt if alt and alt != name else "",
                )
            )
            if ward.seats is None:
                ward.seats = _int(row.get("seats"))
            if ward.all_out is None:
                ward.all_out = _all_out(row.get("type"))
            if ward.electorate is None:
                ward.electorate = _int(row.get("electorate"))
            if ward.ballots is None:
                ward.ballots = _int(row.get("ballots"))
            if ward.turnout is None:
                ward.turnout = _turnout(row.get("turnout"))
        for _number, row in _rows(book[_find_sheet(names, _LEH_SHEETS["wards"])]):
            found = councils.get(council_key(str(row.get("council") or "")))
            if found is None:
                continue
            ward_name = str(row.get("ward") or "").strip()
            ward_or_none = found.wards.get(ward_name)
            if ward_or_none is None:
                continue
            ward = ward_or_none
            if ward.seats is None:
                ward.seats = _int(row.get("seats"))
            if ward.all_out is None:
                ward.all_out = _all_out(row.get("type"))
            if ward.electorate is None:
                ward.electorate = _int(row.get("electorate"))
            if ward.ballots is None:
                ward.ballots = _int(row.get("ballots"))
            if ward.turnout is None:
                ward.turnout = _turnout(row.get("turnout"))
        return councils
    finally:
        book.close()


def _turnout(value: Any) -> float | None:
    number = _float(value)
    if number is None:
        return None
    return number / 100 if number > 1.5 else number


def read_results(path: Path) -> dict[str, Council]:
    """Any results file the auditor knows: LEAP .csv or LEH .xlsx."""
    if path.suffix.lower() == ".xlsx":
        return read_leh(path)
    return read_leap(path)


# --- Open Council Data -----------------------------------------------------------------------


@dataclass(frozen=True)
class CompositionRow:
    """One council's seats by party in one year (the snapshot after that year's elections)."""

    authority: str
    year: int
    total: int | None
    seats: dict[str, int]  # party key (national, or OTHER) -> seats
    majority: str
    row: int


def read_compositions(path: Path) -> dict[tuple[str, int], CompositionRow]:
    """Open Council Data's compositions, keyed by (council key, year)."""
    from .parties import COMPOSITION_COLUMNS

    rows: dict[tuple[str, int], CompositionRow] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            year = _int(row.get("year"))
            if year is None:
                continue
            seats = {key: _int(row.get(column)) or 0 for column, key in COMPOSITION_COLUMNS.items()}
            authority = (row.get("authority") or "").strip()
            rows[(council_key(authority), year)] = CompositionRow(
                authority, year, _int(row.get("total")), seats, row.get("majority") or "", number
            )
    return rows


@dataclass(frozen=True)
class Councillor:
    """A sitting councillor of a list."""

    council: str
    ward: str
    name: str
    next_election: dt.date | None
    label: str
    party: str
    row: int


def read_councillors(path: Path) -> dict[str, list[Councillor]]:
    """An Open Council Data councillor list, by council key."""
    out: dict[str, list[Councillor]] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            council = (row.get("Council") or "").strip()
            text = (row.get("Next Election") or "").strip()
            try:
                nxt = dt.date.fromisoformat(text) if text else None
            except ValueError:
                nxt = None
            label = (row.get("Party Name") or "").strip()
            out.setdefault(council_key(council), []).append(
                Councillor(
                    council=council,
                    ward=(row.get("Ward Name") or "").strip(),
                    name=(row.get("Councillor Name") or "").strip(),
                    next_election=nxt,
                    label=label,
                    party=source_party(label),
                    row=number,
                )
            )
    return out
