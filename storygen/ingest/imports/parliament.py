"""The UK Parliament general-election importer: the results export (electionresults.parliament.uk).

Two layouts share one header: the candidate layout (one row per candidate of every constituency,
with names, sitting and former MP flags and, for 2017 and 2019, the declaration time) and the
notional layout (a previous result re-estimated on new boundaries, one row per party, no names;
the file starts with a byte-order mark). Party names are HTML-escaped in the export
(`Social Democratic &amp; Labour Party`) and unescaped here; the Speaker seeking re-election and
independents have no party and are flagged instead.

The export's own `Election result summary`, `Candidate vote share`, `Candidate vote change` and
`Majority` columns are read only to cross-check what is derived from the votes: a disagreement
is a warning, never a figure in a story.
"""

from __future__ import annotations

import csv
import gzip
import html
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from storygen.errors import FieldValueError, InputFormatError, InputNotFoundError, StorygenError
from storygen.ingest.cells import decimal_number, whole_number
from storygen.model import Provenance
from storygen.parties import party_table

LICENCE = (
    "Open Parliament Licence v3.0; UK Parliament election results (electionresults.parliament.uk)"
)
HEADER_START = "Parliament number"

COLUMNS = (
    "General election polling date",
    "General election is notional",
    "Country name",
    "English region name",
    "Constituency name",
    "Constituency geographic code",
    "Boundary set start date",
    "Electorate",
    "Election valid vote count",
    "Election invalid vote count",
    "Declaration time",
    "Election result summary",
    "Candidate family name",
    "Candidate given name",
    "Candidate is sitting MP",
    "Candidate is former MP",
    "Main party name",
    "Main party abbreviation",
    "Candidate is standing as Commons Speaker",
    "Candidate is standing as independent",
    "Candidate vote count",
    "Candidate vote share",
    "Majority",
    "Candidate result position",
)
NOTIONAL_COLUMN = "Candidate is notional political party aggregate"
SPEAKER = "Spk"
INDEPENDENT = "Ind"
SHARE_TOLERANCE = 0.0005  # the export's share (a fraction) against votes over valid votes


@dataclass(frozen=True)
class ExportCandidate:
    """One candidate (or, in the notional layout, one party) of one constituency."""

    row: int
    name: str  # "" in the notional layout
    party: str  # a party-table code, or a local party's own name
    votes: int | None  # None: not declared yet
    sitting: bool
    former: bool
    position: int | None  # the export's result position, used only to break a tie for first
    share: float | None  # the export's share (a fraction), for cross-checks only
    abbreviation: str = ""  # the party as the export's result summary writes it ("Con", "Spk")


@dataclass
class ExportConstituency:
    """One constituency's rows."""

    name: str
    code: str
    country: str
    region: str | None
    row: int  # first row
    electorate: int | None
    valid: int | None
    invalid: int | None
    declared_at: datetime | None
    summary: str | None  # the export's result summary, for cross-checks only
    majority: int | None  # the export's majority, for cross-checks only
    candidates: list[ExportCandidate] = field(default_factory=list)
    issues: list[StorygenError] = field(default_factory=list)  # the export against its votes

    @property
    def declared(self) -> bool:
        """Every candidate has a vote count."""
        return bool(self.candidates) and all(c.votes is not None for c in self.candidates)


@dataclass
class ExportFile:
    """One export file: its polling day, layout and constituencies (by geographic code)."""

    display: str
    polling_day: date
    notional: bool
    boundaries: date | None  # the boundary set's start date
    constituencies: dict[str, ExportConstituency]
    provenance: Provenance


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix.lower() == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def is_parliament_export(path: Path) -> bool:
    """Whether a file is a UK Parliament export (its header starts with `Parliament number`)."""
    name = path.name.lower()
    if not (name.endswith(".csv") or name.endswith(".csv.gz")) or not path.is_file():
        return False
    try:
        with _open_text(path) as f:
            return f.readline().startswith(HEADER_START)
    except (OSError, UnicodeDecodeError, EOFError):
        return False


def peek(path: Path) -> tuple[date, bool, date | None] | None:
    """Polling day, notional flag and boundary start of an export, from its first data row."""
    try:
        with _open_text(path) as f:
            reader = csv.DictReader(f)
            first = next(reader, None)
    except (OSError, UnicodeDecodeError, EOFError, csv.Error):
        return None
    if first is None:
        return None
    try:
        day = date.fromisoformat((first.get("General election polling date") or "").strip())
    except ValueError:
        return None
    boundaries = _date_or_none(first.get("Boundary set start date") or "")
    return day, (first.get("General election is notional") or "").strip() == "true", boundaries


def _date_or_none(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None


class _Row:
    """One CSV row with typed accessors that raise errors naming the file, row and field."""

    def __init__(
        self, display: str, number: int, cells: list[str], columns: dict[str, int]
    ) -> None:
        self.display, self.number, self.cells, self.columns = display, number, cells, columns

    def raw(self, column: str) -> str:
        index = self.columns.get(column)
        return self.cells[index] if index is not None and index < len(self.cells) else ""

    def text(self, column: str) -> str:
        value = self.raw(column).strip()
        return html.unescape(value) if "&" in value else value

    def required(self, column: str, expected: str) -> str:
        value = self.text(column)
        if not value:
            raise FieldValueError(
                "blank", file=self.display, row=self.number, field=column, expected=expected
            )
        return value

    def count(self, column: str, expected: str) -> int | None:
        value = self.text(column)
        if not value:
            return None
        number = whole_number(value)  # digits 0-9 only: "²" passes isdigit() and breaks int()
        if number is None:
            raise FieldValueError(
                "not a count",
                file=self.display,
                row=self.number,
                field=column,
                expected=expected,
                got=self.raw(column),
            )
        return number

    def flag(self, column: str) -> bool:
        value = self.text(column).lower()
        if value in ("true", "false", ""):
            return value == "true"
        raise FieldValueError(
            "not a flag",
            file=self.display,
            row=self.number,
            field=column,
            expected="true or false",
            got=self.raw(column),
        )

    def fraction(self, column: str) -> float | None:
        value = self.text(column)
        if not value:
            return None
        number = decimal_number(value)
        if number is None or not 0 <= number <= 1:
            raise FieldValueError(
                "not a share",
                file=self.display,
                row=self.number,
                field=column,
                expected="a fraction between 0 and 1 (0.532 for 53.2 per cent)",
                got=self.raw(column),
            )
        return number

    def timestamp(self, column: str) -> datetime | None:
        value = self.text(column)
        if not value:
            return None
        try:
            return datetime.strptime(value, "%Y-%m-%d %H:%M:%S UTC").replace(tzinfo=UTC)
        except ValueError:
            raise FieldValueError(
                "not a declaration time",
                file=self.display,
                row=self.number,
                field=column,
                expected="a UTC time like 2019-12-13 02:30:00 UTC (blank if not known)",
                got=self.raw(column),
            ) from None


def _rows(path: Path, display: str) -> Iterator[_Row]:
    if not path.exists():
        raise InputNotFoundError("no such file", file=display, expected="a UK Parliament export")
    try:
        with _open_text(path) as f:
            reader = csv.reader(f)
            header = next(reader, [])
            if not header or header[0] != HEADER_START:
                raise InputFormatError(
                    "not a UK Parliament results export",
                    file=display,
                    row=1,
                    expected=f"a header row starting {HEADER_START!r}",
                    got=(header[0] if header else ""),
                )
            missing = [c for c in COLUMNS if c not in header]
            if missing:
                raise InputFormatError(
                    f"missing column(s) {', '.join(repr(c) for c in missing)}",
                    file=display,
                    row=1,
                    expected="the columns of the UK Parliament general election export",
                )
            columns = {name: i for i, name in enumerate(header)}
            for number, cells in enumerate(reader, start=2):
                if len(cells) > len(header):
                    raise InputFormatError(
                        "more fields than the header has columns",
                        file=display,
                        row=number,
                        expected=f"{len(header)} fields",
                    )
                if cells:
                    yield _Row(display, number, cells, columns)
    except UnicodeDecodeError as exc:
        raise InputFormatError(
            f"not UTF-8 text ({exc.reason})", file=display, expected="a UTF-8 CSV file"
        ) from None
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise InputFormatError(f"cannot read: {exc}", file=display) from None
    except csv.Error as exc:
        raise InputFormatError(f"not a CSV file: {exc}", file=display) from None


def party_of(name: str, speaker: bool, independent: bool) -> str:
    """The party code of a candidate: the Speaker, an independent, a party of the table, or a
    local party kept under its own name."""
    if speaker:
        return SPEAKER
    if independent or not name:
        return INDEPENDENT
    party = party_table().get(name)
    return party.code if party is not None else name


def read_parliament(
    path: Path, display: str | None = None
) -> tuple[ExportFile, list[StorygenError], dict[str, list[StorygenError]]]:
    """An export file; warnings (figures the export reports that the votes contradict); and
    constituencies (by name) with rows that cannot be read, which are left out.

    The whole file fails only when it is not an export at all (header, columns, encoding) or
    holds more than one polling day.
    """
    display = display or path.name
    constituencies: dict[str, ExportConstituency] = {}
    broken: dict[str, list[StorygenError]] = {}
    polling_day: date | None = None
    notional: bool | None = None
    boundaries: date | None = None
    for row in _rows(path, display):
        name = row.text("Constituency name")
        try:
            day_text = row.required("General election polling date", "an ISO date (2019-12-12)")
            try:
                day = date.fromisoformat(day_text)
            except ValueError:
                raise FieldValueError(
                    "not a date",
                    file=display,
                    row=row.number,
                    field="General election polling date",
                    expected="an ISO date (2019-12-12)",
                    got=day_text,
                ) from None
            if polling_day is None:
                polling_day = day
                notional = row.flag("General election is notional")
                boundaries = _date_or_none(row.text("Boundary set start date"))
            elif day != polling_day:
                raise InputFormatError(
                    "a second polling day in one file",
                    file=display,
                    row=row.number,
                    field="General election polling date",
                    expected=polling_day.isoformat(),
                    got=day_text,
                )
            name = row.required("Constituency name", "the constituency's name")
            code = row.required("Constituency geographic code", "an ONS code (E14000530)")
            seat = constituencies.get(code)
            if seat is None:
                seat = ExportConstituency(
                    name=name,
                    code=code,
                    country=row.required("Country name", "England, Scotland, Wales or N. Ireland"),
                    region=row.text("English region name") or None,
                    row=row.number,
                    electorate=row.count("Electorate", "the number of electors"),
                    valid=row.count("Election valid vote count", "the number of valid votes"),
                    invalid=row.count(
                        "Election invalid vote count", "the number of rejected ballots"
                    ),
                    declared_at=row.timestamp("Declaration time"),
                    summary=row.text("Election result summary") or None,
                    majority=None,
                )
                constituencies[code] = seat
            elif seat.name != name:
                raise FieldValueError(
                    "one code, two constituency names",
                    file=display,
                    row=row.number,
                    field="Constituency name",
                    expected=repr(seat.name),
                    got=name,
                )
            speaker = row.flag("Candidate is standing as Commons Speaker")
            independent = row.flag("Candidate is standing as independent")
            given, family = row.text("Candidate given name"), row.text("Candidate family name")
            position = row.count("Candidate result position", "1 for the winner, 2, 3 …")
            majority = row.count("Majority", "the winner's majority")
            if majority is not None:
                seat.majority = majority
            seat.candidates.append(
                ExportCandidate(
                    row=row.number,
                    name=" ".join(p for p in (given, family) if p),
                    party=party_of(row.text("Main party name"), speaker, independent),
                    votes=row.count("Candidate vote count", "a whole number of votes"),
                    sitting=row.flag("Candidate is sitting MP"),
                    former=row.flag("Candidate is former MP"),
                    position=position,
                    share=row.fraction("Candidate vote share"),
                    abbreviation="Spk"
                    if speaker
                    else "Ind"
                    if independent
                    else row.text("Main party abbreviation"),
                )
            )
        except InputFormatError:
            raise
        except StorygenError as exc:
            broken.setdefault(name or f"row {row.number}", []).append(exc)
    if polling_day is None:
        raise InputFormatError("no rows", file=display, expected="one row per candidate")
    for seat in list(constituencies.values()):
        if seat.name in broken:
            del constituencies[seat.code]
    warnings = []
    for seat in constituencies.values():
        seat.issues = list(_cross_check(seat, display))
        warnings += seat.issues
    provenance = Provenance(
        file=display,
        origin="UK Parliament election results export"
        + (" (notional results on new boundaries)" if notional else ""),
        licence=LICENCE,
    )
    return (
        ExportFile(
            display=display,
            polling_day=polling_day,
            notional=bool(notional),
            boundaries=boundaries,
            constituencies=constituencies,
            provenance=provenance,
        ),
        warnings,
        broken,
    )


def _cross_check(seat: ExportConstituency, display: str) -> Iterator[StorygenError]:
    """Where the export's own figures disagree with its votes: the votes win, with a warning."""
    if not seat.declared:
        return
    votes = [c.votes or 0 for c in seat.candidates]
    total = sum(votes)
    if seat.valid is not None and total != seat.valid:
        yield FieldValueError(
            f"{seat.name}: the candidates' votes add up to {total:,}",
            file=display,
            row=seat.row,
            field="Election valid vote count",
            expected=f"{total:,}",
            got=seat.valid,
        )
    ranked = sorted(votes, reverse=True)
    if seat.majority is not None and len(ranked) > 1 and seat.majority != ranked[0] - ranked[1]:
        yield FieldValueError(
            f"{seat.name}: the top two polled {ranked[0]:,} and {ranked[1]:,}",
            file=display,
            row=seat.row,
            field="Majority",
            expected=f"{ranked[0] - ranked[1]:,}",
            got=seat.majority,
        )
    for cand in seat.candidates:
        if (
            cand.share is not None
            and total
            and abs(cand.share - (cand.votes or 0) / total) > (SHARE_TOLERANCE)
        ):
            yield FieldValueError(
                f"{seat.name}: {cand.votes:,} of {total:,} valid votes",
                file=display,
                row=cand.row,
                field="Candidate vote share",
                expected=f"{(cand.votes or 0) / total:.4f}",
                got=cand.share,
            )
