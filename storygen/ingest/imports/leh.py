"""The Local Elections Handbook importer: a Commons Library workbook -> a CouncilImport per council.

Each workbook (2021, 2022, 2024, 2025) has a candidates sheet and a wards sheet, found by name
("Candidates-results", "Candidates results", "Candidates result"; "Wards-results", "Wards results",
"Ward results"). Row 1 is a title ("Local election results by candidate, 2021"), row 2 the header,
and the header names differ by year: `CANDIDATE_COLUMNS` and `WARD_COLUMNS` list every spelling
of each field (first present wins). "NA" and blank cells are missing values; blank rows are skipped.

The council:
- 2025: "Upper tier authority" (Kent, not the district the division lies in).
- 2021: "Local authority name" is the *district*, also for county divisions; a division of a county
  council (wards-sheet Type "SC", or an E58 division code) belongs to "County name" / "County code".
- 2022, 2024: "Local authority name" (no county council elections those years; 2022's "County name"
  is the county a district lies in, and "COUNTYNAME" a geographic county: neither is the council).

Polling day: the year of the candidates sheet's title (else of the file name) in `POLLING_DAYS`.

Turnout is a percentage in 2021-2022 and a fraction in 2024-2025 (`TURNOUT_SCALE`; 2024's column
is headed "Turnout (%)" all the same); it is stored as a percentage. Its basis:
- 2025 "Turnout (EC method)": ballot papers (valid and invalid) over electorate -> BALLOTS, with the
  "Ballots" column as ward ballots.
- 2024: "Total votes" is the sum of the candidates' votes (so, in a ward of several seats, several
  votes per voter). Where the turnout equals it over the electorate in a single-seat ward -> VOTES;
  where it does so in a ward of several seats the turnout counts voters several times: reported as
  an error and dropped; elsewhere UNKNOWN. "Total votes" is never taken as ballots.
- 2021, 2022: the Notes do not say -> UNKNOWN.

Election type: 2024-2025 "Election type" ("All", "By thirds"); 2021-2022 "Type", an authority
code that says the pattern only for unitaries and districts (UAA/SDA all-out, UAT/SDT thirds).
County councils (SC) and London boroughs (LB) always elect all-out; metropolitan boroughs (MB)
mostly by thirds but not always, so MB gives None (the builder infers it). A council whose rows
disagree gets None, and so, reported, does a "thirds" or "halves" council most of whose wards fill
several seats (an all-out poll on new wards under the council's usual code).

Candidates: the name as printed ("Wye T.", "Loader, J."), or "First names Last names" where the
sheet has them (2025: "Adam Eveleigh" for the printed "Adam Richard Eveleigh"); Incumbent and
Elected are 1/0 or TRUE/FALSE; seats are "Vacancies" / "Seats contested" (2021: from the wards
sheet). A ward whose elected flags do not add up to its seats (17 in 2025, two winners of one
seat) is kept as the file gives it: the validation layer voids its result (nothing is said of
it, and the draft needs review). No wards sheet: reported, candidates still imported.

Parties are kept as the file prints them ("LAB" in 2021-2024, "Labour and Co-operative Party" in
2025); the party table resolves them, and the workbook's "Party names" sheet names the local
codes (`party_names`).
"""

from __future__ import annotations

import bisect
import contextlib
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

from storygen.errors import (
    FieldValueError,
    InconsistentDataError,
    InputFormatError,
    InputNotFoundError,
    StorygenError,
)
from storygen.ingest.cells import (
    MAX_COUNT,
    MAX_TEXT,
    check_regular_file,
    clean_text,
    decimal_number,
    whole_number,
)
from storygen.ingest.imports.common import (
    CouncilImport,
    ResultRow,
    WardFigures,
    fix_mojibake,
    normalise_name,
    unreadable_row,
)
from storygen.ingest.imports.party_names import find_party_key, name_parties
from storygen.model import (
    DataWarning,
    ElectionType,
    FactKind,
    Incumbency,
    Provenance,
    Source,
    TurnoutBasis,
    slugify,
)
from storygen.names import same_person

LICENCE = "Open Parliament Licence v3.0"
MAX_WORKBOOK = 500_000_000  # bytes: the Handbook's workbooks are 1 to 4 MB

# The Handbook's polling days; the workbooks hold the year only.
POLLING_DAYS = {
    2021: date(2021, 5, 6),
    2022: date(2022, 5, 5),
    2024: date(2024, 5, 2),
    2025: date(2025, 5, 1),
}
# What a turnout cell is multiplied by to give a percentage.
TURNOUT_SCALE = {2021: 1.0, 2022: 1.0, 2024: 100.0, 2025: 100.0}
# The basis of a turnout the workbook does not define (2021, 2022: "Turnout (%)"). It matches
# Trafford's own ballot-paper turnouts in 37 of the 39 wards both publish, but the Notes are silent.
UNSTATED_BASIS = TurnoutBasis.UNKNOWN
# Years whose turnout is, in some wards, "Total votes" over electorate, unrounded (see above).
TOTAL_VOTES_TURNOUT = {2024}

CANDIDATES_SHEET = re.compile(r"^candidates?[\s_-]*results?$", re.IGNORECASE)
WARDS_SHEET = re.compile(r"^wards?[\s_-]*results?$", re.IGNORECASE)
EXPECTED_CANDIDATES = (
    "a candidates sheet: 'Candidates-results' (2021, 2022), 'Candidates results' (2024) "
    "or 'Candidates result' (2025)"
)
EXPECTED_WARDS = (
    "a wards sheet: 'Wards-results' (2021, 2022), 'Wards results' (2024) or 'Ward results' (2025)"
)

_COMMON_COLUMNS: dict[str, tuple[str, ...]] = {
    "ward": ("ward/ed name", "ward name", "ward/ county electoral district name"),
    "ward_code": ("ward/ed code", "ward code", "ons ward code"),
    "council": ("upper tier authority", "local authority name"),
    "council_code": ("ons local authority code", "local authority code"),
    "county": ("county name",),
    "county_code": ("county code",),
    "type": ("election type", "type"),
}
CANDIDATE_COLUMNS: dict[str, tuple[str, ...]] = {
    **_COMMON_COLUMNS,
    "name": ("candidate name", "name"),
    "first": ("first names",),
    "last": ("last names",),
    "party": ("party name",),
    "votes": ("votes", "votes cast"),
    "elected": ("elected",),
    "incumbent": ("incumbent", "inumbent"),  # 2021 spells it "Inumbent"
    "seats": ("vacancies", "seats contested"),
}
WARD_COLUMNS: dict[str, tuple[str, ...]] = {
    **_COMMON_COLUMNS,
    "seats": ("vacancies", "seats"),
    "electorate": ("electorate",),
    "ballots": ("ballots",),
    "total_votes": ("total votes",),
    "turnout": ("turnout (ec method)", "turnout (%)"),
}
REQUIRED_CANDIDATE = ("ward", "council", "party", "votes", "elected")
REQUIRED_WARD = ("ward", "council")

ELECTION_TYPES: dict[str, ElectionType | None] = {
    "all": ElectionType.ALL_OUT,
    "by thirds": ElectionType.THIRDS,
    "thirds": ElectionType.THIRDS,
    "by halves": ElectionType.HALVES,
    "halves": ElectionType.HALVES,
    "by-election": ElectionType.BY_ELECTION,
    "by election": ElectionType.BY_ELECTION,
    "uaa": ElectionType.ALL_OUT,  # unitary authority electing all
    "sda": ElectionType.ALL_OUT,  # shire district electing all
    "uat": ElectionType.THIRDS,  # unitary authority electing by thirds
    "sdt": ElectionType.THIRDS,  # shire district electing by thirds
    "sc": ElectionType.ALL_OUT,  # shire county: county councils elect all-out
    "lb": ElectionType.ALL_OUT,  # London boroughs elect all-out
    "mb": None,  # metropolitan borough: thirds or all-out, the code does not say
}
TURNOUT_KINDS = (FactKind.TURNOUT.value,)
COUNTY_TYPE = "sc"
COUNTY_DIVISION_CODE = "E58"  # ONS code prefix of county electoral divisions


def _header_key(text: object) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


@dataclass
class _Sheet:
    """A results sheet: its name, the header text and index of each field found, and its rows."""

    file: str
    name: str
    columns: dict[str, tuple[int, str]]  # field -> (column index, header as printed)
    title: str
    cleaned: list[tuple[int, str]] = field(default_factory=list)  # (row, header) cleaned
    too_long: dict[int, tuple[int, int]] = field(default_factory=dict)  # row -> (column, chars)

    def header_at(self, index: int) -> str:
        """The header of the column at an index (for errors)."""
        for column, printed in self.columns.values():
            if column == index:
                return printed
        return f"column {index + 1}"

    def check_row(self, row: int) -> None:
        """FieldValueError when a cell of the row is too long to be a name or a figure."""
        if row in self.too_long:
            column, chars = self.too_long[row]
            raise FieldValueError(
                f"{chars:,} characters in sheet {self.name!r}",
                file=self.file,
                row=row,
                field=self.header_at(column),
                expected=f"at most {MAX_TEXT:,} characters",
            )

    def cell(self, values: tuple[Any, ...], name: str) -> Any:
        """The value of a field in a row; None when blank, "NA" or the sheet has no such column."""
        found = self.columns.get(name)
        if found is None or found[0] >= len(values):
            return None
        value = values[found[0]]
        if isinstance(value, str):
            value = value.strip()
            if value in ("", "NA"):
                return None
        return value

    def header(self, name: str) -> str:
        """The header of a field as the sheet prints it (for errors)."""
        found = self.columns.get(name)
        return found[1] if found else name

    def bad(self, row: int, name: str, message: str, expected: str, got: object) -> FieldValueError:
        """An error naming the file, row and column of a bad cell."""
        return FieldValueError(
            f"{message} in sheet {self.name!r}",
            file=self.file,
            row=row,
            field=self.header(name),
            expected=expected,
            got=got,
        )

    def whole(
        self, values: tuple[Any, ...], row: int, name: str, required: bool = False
    ) -> int | None:
        """A whole number from a cell; FieldValueError when it is not one."""
        value = self.cell(values, name)
        if value is None:
            if required:
                raise self.bad(row, name, "missing value", "a whole number", value)
            return None
        if isinstance(value, bool):
            raise self.bad(row, name, "not a whole number", "a whole number", value)
        if isinstance(value, int):
            number: int | None = value
        elif isinstance(value, float) and math.isfinite(value) and value.is_integer():
            number = int(value)
        else:
            # ASCII digits only: "²" and "①" pass isdigit() and break int()
            number = whole_number(str(value)) if isinstance(value, str) else None
            if number is None:
                raise self.bad(
                    row, name, "not a whole number", "a whole number (digits 0-9)", value
                )
        assert number is not None
        if number < 0:
            raise self.bad(row, name, "negative", "a whole number of 0 or more", value)
        if number > MAX_COUNT:
            raise self.bad(row, name, "too large", f"a whole number up to {MAX_COUNT:,}", value)
        return number

    def flag(self, values: tuple[Any, ...], row: int, name: str) -> bool | None:
        """A yes/no flag (1/0, TRUE/FALSE, yes/no); None when blank."""
        value = self.cell(values, name)
        if value is None:
            return None
        if isinstance(value, bool):
            return value
        if isinstance(value, float) and not math.isfinite(value):
            key = str(value)
        else:
            key = str(int(value)) if isinstance(value, int | float) else str(value).casefold()
        if key in ("1", "true", "yes", "y"):
            return True
        if key in ("0", "false", "no", "n"):
            return False
        raise self.bad(row, name, "not a yes/no flag", "1 or 0 (TRUE or FALSE)", value)

    def number(self, values: tuple[Any, ...], row: int, name: str) -> float | None:
        """A number from a cell; None when blank."""
        value = self.cell(values, name)
        if value is None:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            if not math.isfinite(value):
                raise self.bad(row, name, "not a number", "a number", value)
            return float(value)
        number = decimal_number(str(value)) if isinstance(value, str) else None
        if number is None:
            raise self.bad(row, name, "not a number", "a number (digits 0-9)", value)
        return number


def _find_sheet(workbook: Any, pattern: re.Pattern[str]) -> Any | None:
    for name in workbook.sheetnames:
        if pattern.match(name.strip()):
            return workbook[name]
    return None


def _open_sheet(
    worksheet: Any, file: str, spec: dict[str, tuple[str, ...]], required: tuple[str, ...]
) -> tuple[_Sheet, Iterator[tuple[int, tuple[Any, ...]]]]:
    """The sheet's title and columns, and an iterator over its data rows (from row 3)."""
    rows = enumerate(worksheet.iter_rows(values_only=True), start=1)
    try:
        title_row = next(rows, (1, ()))[1]
        header_row = next(rows, (2, ()))[1]
    except Exception as exc:  # a damaged workbook
        raise _damaged(file, worksheet.title, 1, exc) from None
    title = " ".join(str(v) for v in title_row if v is not None)
    printed: dict[str, tuple[int, str]] = {}
    for index, text in enumerate(header_row):
        if text is not None:
            printed.setdefault(_header_key(text), (index, str(text).strip()))
    columns: dict[str, tuple[int, str]] = {}
    for name, spellings in spec.items():
        found = next((printed[s] for s in spellings if s in printed), None)
        if found is not None:
            columns[name] = found
    missing = [name for name in required if name not in columns]
    if missing:
        raise InputFormatError(
            f"sheet {worksheet.title!r} has no column for {', '.join(missing)}",
            file=file,
            row=2,
            expected="row 2 naming the columns: "
            + "; ".join(" or ".join(repr(s) for s in spec[m]) for m in missing),
        )
    sheet = _Sheet(file=file, name=worksheet.title, columns=columns, title=title)
    return sheet, _clean_rows(sheet, rows)


def _clean_rows(
    sheet: _Sheet, rows: Iterator[tuple[int, tuple[Any, ...]]]
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Data rows with control characters taken out of text cells (noted on the sheet), and
    cells too long for a name noted; a workbook that breaks off is an error naming the row."""
    row = 2
    try:
        for row, values in rows:
            out = []
            for index, value in enumerate(values):
                if isinstance(value, str):
                    if len(value) > MAX_TEXT:
                        sheet.too_long.setdefault(row, (index, len(value)))
                        value = value[:MAX_TEXT]
                    value, changed = clean_text(value)
                    if changed:
                        sheet.cleaned.append((row, sheet.header_at(index)))
                out.append(value)
            yield row, tuple(out)
    except StorygenError:
        raise
    except Exception as exc:  # zlib, zip and XML errors of a damaged workbook, and the like
        raise _damaged(sheet.file, sheet.name, row + 1, exc) from None


def _damaged(file: str, sheet: str, row: int | None, exc: Exception) -> InputFormatError:
    where = f"sheet {sheet!r} cannot be read" + (f" from row {row}" if row else "")
    return InputFormatError(
        f"the workbook is damaged: {where} ({type(exc).__name__}: {exc})",
        file=file,
        row=row,
        expected="an LEH .xlsx workbook as the Commons Library publishes it (truncated or "
        "garbled in transfer? download it again)",
    )


def _blank(values: tuple[Any, ...]) -> bool:
    return all(v is None or (isinstance(v, str) and v.strip() in ("", "NA")) for v in values)


def _year(title: str, path: Path) -> int:
    for text, where in ((title, "the sheet title"), (path.name, "the file name")):
        match = re.search(r"\b(20\d\d)\b", text.replace("_", " ").replace("-", " "))
        if match:
            year = int(match.group(1))
            if year not in POLLING_DAYS:
                raise FieldValueError(
                    f"no polling day known for {year} (from {where})",
                    file=path.name,
                    expected="a Handbook year: " + ", ".join(str(y) for y in POLLING_DAYS),
                    got=year,
                )
            return year
    raise FieldValueError(
        "no year in the candidates sheet title or the file name",
        file=path.name,
        expected="a title like 'Local election results by candidate, 2025' or a name like "
        "leh-2025.xlsx",
    )


@dataclass(frozen=True)
class _WardRow:
    """A wards-sheet row: its type code (case folded), seats and figures."""

    kind: str | None
    seats: int | None
    figures: WardFigures


def _council_of(
    sheet: _Sheet, values: tuple[Any, ...], kind: str | None
) -> tuple[str | None, str | None]:
    """The council a row belongs to: the county for a county division, else the authority."""
    county = sheet.cell(values, "county")
    code = str(sheet.cell(values, "ward_code") or "")
    if county is not None and (
        kind == COUNTY_TYPE or (kind is None and code.startswith(COUNTY_DIVISION_CODE))
    ):
        county_code = sheet.cell(values, "county_code")
        return str(county), str(county_code) if county_code is not None else None
    council = sheet.cell(values, "council")
    council_code = sheet.cell(values, "council_code")
    if council_code is not None and not isinstance(council_code, str):
        council_code = None  # 2024's "Local authority code" is the Elections Centre's number
    return (str(council) if council is not None else None), council_code


def _ward_keys(sheet: _Sheet, values: tuple[Any, ...]) -> tuple[str, str | None, str, str]:
    """A row's authority (code, else name) and ward code, and its normalised council and ward."""
    council = normalise_name(str(sheet.cell(values, "council") or ""))
    council_code = sheet.cell(values, "council_code")
    authority = str(council_code) if isinstance(council_code, str) else council
    ward_code = sheet.cell(values, "ward_code")
    ward = normalise_name(str(sheet.cell(values, "ward") or ""))
    return authority, str(ward_code) if ward_code is not None else None, council, ward


class _WardIndex:
    """Wards-sheet rows found from a candidate row: by ward code and name, by a ward code no
    other ward shares, then by name.

    The sheets may spell names differently ("Basingstoke And Deane" and "Basingstoke & Deane",
    "St Mary's" and "St. Marys"), and 2022 gives two wards one code (Hampton and Hampton Wick,
    Bethnal Green East and West), so neither codes nor names alone will do.
    """

    def __init__(self) -> None:
        self.by_code_name: dict[tuple[str, str | None, str], _WardRow] = {}
        self.by_code: dict[tuple[str, str], list[_WardRow]] = {}
        self.by_name: dict[tuple[str, str], _WardRow] = {}

    def add(self, keys: tuple[str, str | None, str, str], ward: _WardRow) -> bool:
        """Index a row; False when a row with the same code and name is already there."""
        authority, code, council, name = keys
        if (authority, code, name) in self.by_code_name:
            return False
        self.by_code_name[(authority, code, name)] = ward
        if code is not None:
            self.by_code.setdefault((authority, code), []).append(ward)
        self.by_name.setdefault((council, name), ward)
        return True

    def find(self, keys: tuple[str, str | None, str, str]) -> _WardRow | None:
        """The wards-sheet row of a candidate row, or None."""
        authority, code, council, name = keys
        found = self.by_code_name.get((authority, code, name))
        if found is None and code is not None:
            same_code = self.by_code.get((authority, code), [])
            found = same_code[0] if len(same_code) == 1 else None
        return found or self.by_name.get((council, name))


def _kind(sheet: _Sheet, values: tuple[Any, ...]) -> str | None:
    value = sheet.cell(values, "type")
    return _header_key(value) if value is not None else None


def _turnout(
    sheet: _Sheet,
    values: tuple[Any, ...],
    row: int,
    scale: float,
    seats: int | None,
    check_total: bool,
) -> tuple[float | None, TurnoutBasis | None]:
    """The ward's turnout as a percentage and its basis (see the module's notes)."""
    raw = sheet.number(values, row, "turnout")
    if raw is None:
        return None, None
    percent = round(raw * scale, 9)  # drop the float noise of x100, keep every reported digit
    if not 0 <= percent <= 100:
        raise sheet.bad(
            row,
            "turnout",
            "turnout out of range",
            "a percentage" if scale == 1 else "a fraction between 0 and 1",
            raw,
        )
    if sheet.header("turnout").casefold() == "turnout (ec method)":
        return percent, TurnoutBasis.BALLOTS
    total = sheet.whole(values, row, "total_votes") if check_total else None
    electorate = sheet.whole(values, row, "electorate")
    if total is not None and electorate and abs(percent - 100 * total / electorate) < 1e-6:
        if seats == 1:
            return percent, TurnoutBasis.VOTES
        if seats is not None and seats > 1:
            raise InconsistentDataError(
                f"turnout is total votes over electorate in a ward of {seats} seats, where "
                "each voter had several votes: turnout dropped",
                file=sheet.file,
                row=row,
                field=sheet.header("turnout"),
                got=raw,
            )
    return percent, UNSTATED_BASIS


@dataclass(frozen=True)
class _Problem:
    """A cell that could not be read, and the council and ward its row belongs to (if known)."""

    error: StorygenError
    council: str | None
    ward: str | None
    kinds: tuple[str, ...] = ()  # the fact kinds it leaves out; none: the ward is void


def _read_wards(
    worksheet: Any,
    file: str,
    scale: float,
    check_total: bool,
    errors: list[StorygenError],
    problems: list[_Problem],
) -> _WardIndex:
    """Every ward's type, seats and figures; a figure that cannot be read is left out and
    noted as a problem of its ward."""
    sheet, rows = _open_sheet(worksheet, file, WARD_COLUMNS, REQUIRED_WARD)
    index = _WardIndex()
    for row, values in rows:
        if _blank(values) or all(
            sheet.cell(values, name) is None for name in ("council", "ward", "ward_code")
        ):
            continue  # 2022 ends with a row of party totals, labelled NA
        kind = _kind(sheet, values)
        ward = sheet.cell(values, "ward")
        council = sheet.cell(values, "council")
        owner = _council_of(sheet, values, kind)[0]
        ward_name = re.sub(r"\s+", " ", str(ward)).strip() if ward is not None else None
        try:
            sheet.check_row(row)
            if council is None or ward is None:
                missing = "council" if council is None else "ward"
                raise sheet.bad(row, missing, f"no {missing} name", f"a {missing} name", None)
        except StorygenError as exc:
            errors.append(exc)
            continue

        def figure(name: str, kinds: tuple[str, ...] = TURNOUT_KINDS) -> int | None:
            try:
                return sheet.whole(values, row, name)  # noqa: B023 (called at once)
            except StorygenError as exc:
                problems.append(_Problem(exc, owner, ward_name, kinds))  # noqa: B023
                return None

        seats = figure("seats", ())
        try:
            turnout, basis = _turnout(sheet, values, row, scale, seats, check_total)
        except InconsistentDataError as exc:
            errors.append(exc)
            turnout, basis = None, None
        except StorygenError as exc:
            problems.append(_Problem(exc, owner, ward_name, TURNOUT_KINDS))
            turnout, basis = None, None
        electorate, ballots = figure("electorate"), figure("ballots")
        figures = WardFigures(
            electorate=electorate, ballots=ballots, turnout=turnout, basis=basis, seats=seats
        )
        if not index.add(_ward_keys(sheet, values), _WardRow(kind, seats, figures)):
            errors.append(
                InconsistentDataError(
                    f"ward {ward!r} of {council} listed twice in sheet {sheet.name!r}: first kept",
                    file=file,
                    row=row,
                    field=sheet.header("ward"),
                )
            )
    return index


def _candidate_name(sheet: _Sheet, values: tuple[Any, ...], row: int) -> str:
    """'First Last' when the sheet has those columns (2025), else the name as printed."""
    first, last = sheet.cell(values, "first"), sheet.cell(values, "last")
    if first is not None and last is not None:
        return f"{str(first).strip()} {str(last).strip()}"
    name = sheet.cell(values, "name")
    if name is None:
        raise sheet.bad(row, "name", "no candidate name", "a candidate name", None)
    return re.sub(r"\s+", " ", str(name)).strip()


def _words(text: str) -> list[str]:
    text = re.sub("['\u2019]", "", text)  # "L'Olive" and "L’Olive" alike
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return re.findall(r"[a-z]+", plain)


def _name_clash(sheet: _Sheet, values: tuple[Any, ...]) -> str | None:
    """The printed name where the sheet's last name is not in it (Gloucestershire 2025:
    "Samuel Jacob Coxson", last name "Coxon"); else None. A first name may differ: it is the
    one the candidate goes by ("Angie" for the printed "Angela")."""
    last, printed = sheet.cell(values, "last"), sheet.cell(values, "name")
    if last is None or printed is None:
        return None
    words, family = _words(fix_mojibake(str(printed))), _words(fix_mojibake(str(last)))
    n = len(family)
    if len("".join(family)) < 2 and len(words) > 2:
        return re.sub(r"\s+", " ", str(printed)).strip()  # "Neil Jackson D", last name "D"
    if not words or not n or any(words[i : i + n] == family for i in range(len(words) - n + 1)):
        return None
    return re.sub(r"\s+", " ", str(printed)).strip()


def _name_warning(
    printed: str, result: ResultRow, sheet: _Sheet, field: str, used: str
) -> DataWarning:
    """The sheet's two names for a candidate disagree: the draft that tells the ward's result
    needs review."""
    return DataWarning(
        code="name-fields-disagree",
        message=f"the candidate's name is printed {printed!r} but given as "
        f"{result.candidate!r} in the first and last names: the {used} used",
        file=result.source.file,
        row=result.source.row,
        field=sheet.header(field),
        expected="first and last names that are the printed name's (or a short form)",
        records=(f"ward/{slugify(result.ward)}",),
        review=True,
    )


def _incumbent(sheet: _Sheet, values: tuple[Any, ...], row: int) -> Incumbency:
    flag = sheet.flag(values, row, "incumbent")
    if flag is None:
        return Incumbency.UNKNOWN
    return Incumbency.YES if flag else Incumbency.NO


def _check_type(imported: CouncilImport, sheet: _Sheet) -> StorygenError | None:
    """An error when the file says thirds or halves but most wards fill several seats.

    The code gives the council's usual cycle, not always this year's contest: Basingstoke and
    Deane 2021, Reading 2022 and Basildon 2024 went all-out on new wards, three seats each, and
    Oxford 2021 and Cheltenham 2024 are "thirds" with two seats a ward. The type is then left to
    the builder (from the share of the council's seats fought).
    """
    if imported.election_type not in (ElectionType.THIRDS, ElectionType.HALVES):
        return None
    seats: dict[str, int | None] = {}
    for row in imported.rows:
        seats.setdefault(normalise_name(row.ward), row.seats)
    several = sum(1 for n in seats.values() if n is not None and n > 1)
    if several * 2 <= len(seats):
        return None
    return InconsistentDataError(
        f"{imported.council}: the file says {imported.election_type.value} but {several} of "
        f"{len(seats)} wards fill several seats: election type left unknown",
        file=sheet.file,
        row=imported.rows[0].source.row,
        field=sheet.header("type") if "type" in sheet.columns else "Type (wards sheet)",
        got=imported.election_type.value,
    )


def read_leh(path: Path) -> tuple[list[CouncilImport], list[StorygenError]]:
    """Every council in a Local Elections Handbook workbook, and the rows that could not be read."""
    if not path.is_file():
        raise InputNotFoundError("workbook not found", file=str(path), expected="an LEH .xlsx")
    check_regular_file(  # a FIFO or a device is refused before openpyxl opens it
        path, display=path.name, limit=MAX_WORKBOOK, expected="an LEH .xlsx", what="workbook"
    )
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise InputFormatError(
            f"not an Excel workbook ({exc})",
            file=path.name,
            expected="an LEH .xlsx workbook (truncated or garbled in transfer? download it again)",
        ) from None
    except Exception as exc:  # a zip whose parts are damaged: XML, zlib errors and the like
        raise _damaged(path.name, "(workbook)", None, exc) from None
    try:
        return _read_workbook(workbook, path)
    except StorygenError:
        raise
    except Exception as exc:
        raise _damaged(path.name, "(workbook)", None, exc) from None
    finally:
        with contextlib.suppress(Exception):
            workbook.close()


def _attribute(
    problems: list[_Problem], councils: dict[str, CouncilImport], order: list[tuple[int, str]]
) -> list[StorygenError]:
    """Each unreadable cell as a warning of the council its row belongs to (its own council
    cell, else the councils of the rows either side); errors for the rest."""
    rows = sorted(order)
    unplaced: list[StorygenError] = []
    for problem in problems:
        owners = [problem.council] if problem.council else []
        if not owners and problem.error.row is not None and rows:
            at = bisect.bisect_left(rows, (problem.error.row, ""))
            owners = sorted({c for _, c in rows[max(at - 1, 0) : at + 1]})
        placed = False
        for owner in owners:
            imported = councils.get(owner)
            if imported is not None:
                imported.warnings.append(
                    unreadable_row(imported, problem.error, problem.ward, problem.kinds)
                )
                placed = True
        if not placed:
            problem.error.council = problem.error.council or (owners[0] if owners else None)
            unplaced.append(problem.error)
    return unplaced


def _read_workbook(workbook: Any, path: Path) -> tuple[list[CouncilImport], list[StorygenError]]:
    file = path.name
    errors: list[StorygenError] = []
    problems: list[_Problem] = []
    candidates = _find_sheet(workbook, CANDIDATES_SHEET)
    if candidates is None:
        raise InputFormatError(
            f"no candidates sheet (sheets: {', '.join(workbook.sheetnames)})",
            file=file,
            expected=EXPECTED_CANDIDATES,
        )
    sheet, rows = _open_sheet(candidates, file, CANDIDATE_COLUMNS, REQUIRED_CANDIDATE)
    if "name" not in sheet.columns and not {"first", "last"} <= sheet.columns.keys():
        raise InputFormatError(
            f"sheet {sheet.name!r} has no candidate name column",
            file=file,
            row=2,
            expected="'Candidate name', 'Name', or 'First names' and 'Last names'",
        )
    year = _year(sheet.title, path)
    polling_day = POLLING_DAYS[year]
    wards_sheet = _find_sheet(workbook, WARDS_SHEET)
    if wards_sheet is None:
        errors.append(
            InputFormatError(
                f"no wards sheet (sheets: {', '.join(workbook.sheetnames)}): "
                "no electorate or turnout",
                file=file,
                expected=EXPECTED_WARDS,
            )
        )
        index = _WardIndex()
    else:
        check_total = year in TOTAL_VOTES_TURNOUT
        index = _read_wards(wards_sheet, file, TURNOUT_SCALE[year], check_total, errors, problems)
    provenance = (
        Provenance(
            file=file,
            origin=f"House of Commons Library, Local Elections Handbook {year}",
            licence=LICENCE,
        ),
    )
    councils: dict[str, CouncilImport] = {}
    kinds: dict[str, set[str | None]] = {}
    order: list[tuple[int, str]] = []  # (row, council) of every row read, in sheet order
    for row, values in rows:
        if _blank(values):
            continue
        council: str | None = None
        ward: object = None
        try:
            ward_row = index.find(_ward_keys(sheet, values))
            kind = _kind(sheet, values) or (ward_row.kind if ward_row else None)
            council, council_code = _council_of(sheet, values, kind)
            ward = sheet.cell(values, "ward")
            sheet.check_row(row)
            if council is None or ward is None:
                missing = "council" if council is None else "ward"
                raise sheet.bad(row, missing, f"no {missing} name", f"a {missing} name", None)
            party = sheet.cell(values, "party")
            if party is None:
                raise sheet.bad(row, "party", "no party", "a party name", None)
            seats = sheet.whole(values, row, "seats")
            result = ResultRow(
                council=council,
                council_code=council_code,
                ward=re.sub(r"\s+", " ", str(ward)).strip(),
                ward_code=str(sheet.cell(values, "ward_code") or "") or None,
                candidate=_candidate_name(sheet, values, row),
                party=re.sub(r"\s+", " ", str(party)).strip(),
                votes=sheet.whole(values, row, "votes"),
                elected=sheet.flag(values, row, "elected"),
                source=Source(file=file, row=row, key=sheet.name),
                incumbent=_incumbent(sheet, values, row),
                seats=seats if seats is not None else (ward_row.seats if ward_row else None),
            )
        except StorygenError as exc:
            ward_name = re.sub(r"\s+", " ", str(ward)).strip() if ward is not None else None
            problems.append(_Problem(exc, council, ward_name))
            continue
        imported = councils.get(council)
        if imported is None:
            imported = councils[council] = CouncilImport(
                council=council,
                polling_day=polling_day,
                council_code=council_code,
                provenance=provenance,
            )
        clash = _name_clash(sheet, values)
        printed = sheet.cell(values, "name")
        if clash is not None:
            # which spelling is right the file cannot say: its printed name, and a desk checks
            imported.warnings.append(_name_warning(clash, result, sheet, "last", "printed name"))
            result = replace(result, candidate=clash)
        elif printed is not None and not same_person(
            fix_mojibake(str(printed)), fix_mojibake(result.candidate)
        ):
            # "Chuks Nwajei" printed, "Chris" as the first name: which the ballot gave, the
            # file cannot say; the first name (the one a candidate goes by) is kept
            imported.warnings.append(
                _name_warning(str(printed).strip(), result, sheet, "first", "first and last names")
            )
        imported.rows.append(result)
        order.append((row, council))
        if ward_row is not None:
            imported.wards.setdefault(normalise_name(result.ward), ward_row.figures)
        kinds.setdefault(council, set()).add(kind)
    errors.extend(_attribute(problems, councils, order))
    council_of = dict(order)
    for row, header in sheet.cleaned:
        if row in council_of:
            councils[council_of[row]].warnings.append(
                DataWarning(
                    code="control-characters",
                    message="control characters (a NUL byte, an escape sequence, a line break) "
                    "taken out",
                    file=file,
                    row=row,
                    field=header,
                )
            )
    key = find_party_key(workbook, file)
    for name, imported in councils.items():
        if key is not None:
            name_parties(imported, partial(key.party, council=name))
        mapped = {ELECTION_TYPES.get(k) for k in kinds[name] if k is not None}
        imported.election_type = mapped.pop() if len(mapped) == 1 else None
        error = _check_type(imported, sheet)
        if error is not None:
            errors.append(error)
            imported.election_type = None
    if not councils and not errors:
        errors.append(
            InputFormatError(f"no rows in sheet {sheet.name!r}", file=file, expected="candidates")
        )
    return list(councils.values()), errors
