"""The local-election open data importer: one council's results CSV -> one CouncilImport per poll.

Layout (one row per candidate, a header row): election_date, ward_code, ward_name,
candidate_surname, candidate_forenames, candidate_commonly_used_surname,
candidate_commonly_used_forenames, candidate_description, political_party_uri,
political_party_name, election_result (ELECTED / NOT ELECTED), votes_won, votes_cast,
eligible_electorate, turnout (per cent). "NA" and blank cells are missing values.

- The council is not in the file: pass `council`, or it is the folder's name with hyphens and
  underscores as spaces and each word capitalised (".../trafford/x.csv" -> "Trafford").
- Candidate: "Forenames Surname"; a surname the file shouts (COGGINS) is title-cased by
  `title_surname`. Where the file gives commonly used forenames or surname (as the ballot
  paper printed them: "James McGlashan" for Duncan James McGlashan), prose uses those; the
  candidate's id stays that of the full name.
- Party: political_party_name as printed (the party table resolves it).
- Ward figures: eligible_electorate; turnout as printed (per cent); votes_cast.

What votes_cast counts decides the turnout's basis. In Trafford's files it is the ballot papers
counted, rejected ones included: in every single-seat ward it exceeds the candidates' votes
(Altrincham 2021: 4,301 against 4,274 valid votes), and turnout is it over the electorate
(4,301 / 9,189 = 46.8). So the file's single-seat wards decide: votes_cast above the valid
votes in most of them -> ballots (BALLOTS, and votes_cast is the ward's ballots); equal to
them -> valid votes (VOTES); no single-seat ward -> UNKNOWN. A ward whose turnout is not
votes_cast over electorate (Hale Barns 2021: 5,300 / 7,503 would be 70.6, the file says 43.5)
keeps its turnout with basis UNKNOWN and no ballots, and is reported.

Election type: None (the file does not say; the builder infers it). Polling day: election_date;
a file with several dates gives one CouncilImport per date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from storygen.errors import (
    FieldValueError,
    InconsistentDataError,
    InputFormatError,
    StorygenError,
)
from storygen.ingest.cells import (
    MAX_TEXT,
    clean_text,
    csv_lines,
    decimal_number,
    read_regular_file,
    whole_number,
)
from storygen.ingest.imports.common import (
    CouncilImport,
    ResultRow,
    WardFigures,
    normalise_name,
    unreadable_row,
)
from storygen.model import DataWarning, Provenance, Source, TurnoutBasis

LICENCE = "Open Government Licence v3.0"
COLUMNS = (
    "election_date",
    "ward_code",
    "ward_name",
    "candidate_surname",
    "candidate_forenames",
    "political_party_name",
    "election_result",
    "votes_won",
    "votes_cast",
    "eligible_electorate",
    "turnout",
)
RESULTS = {"elected": True, "not elected": False}
TURNOUT_ROUNDING = 0.051  # the file prints turnout to one decimal place
_APOSTROPHES = "'’"


def council_from_folder(path: Path) -> str:
    """The council a file's folder is named after: 'east-riding' -> 'East Riding'."""
    words = re.split(r"[-_\s]+", path.resolve().parent.name.strip())
    return " ".join(w[:1].upper() + w[1:] for w in words if w)


def _title_word(word: str) -> str:
    lower = word.lower()
    if lower.startswith("mc") and len(word) > 2:
        return "Mc" + lower[2].upper() + lower[3:]
    if len(word) > 2 and lower[0] == "o" and lower[1] in _APOSTROPHES:
        return "O" + word[1] + lower[2].upper() + lower[3:]
    return lower[:1].upper() + lower[1:]


def title_surname(surname: str) -> str:
    """A shouted surname in title case (MCGLASHAN -> McGlashan); one not all capitals is kept."""
    # O'Neill, O’Sullivan and Carberry-Power come out right; "Mac" stays plain title case
    # (MACDONALD -> Macdonald): Mack, Machin and Macey are not Mac-names, and the file cannot
    # tell MacDonald from Macdonald.
    text = re.sub(r"\s+", " ", surname).strip()
    if not text.isupper():
        return text
    return re.sub(r"[^\s-]+", lambda m: _title_word(m.group(0)), text)


@dataclass
class _Ward:
    """What the file says of one ward, from its first row, with the rows of its candidates."""

    name: str
    row: int
    votes_cast: int | None
    electorate: int | None
    turnout: float | None
    candidates: list[ResultRow] = field(default_factory=list)


def _cell(record: dict[str, str | None], name: str) -> str | None:
    value = (record.get(name) or "").strip()
    return None if value in ("", "NA") else value


def _whole(record: dict[str, str | None], name: str, file: str, row: int) -> int | None:
    value = _cell(record, name)
    if value is None:
        return None
    number = whole_number(value)  # digits 0-9 only: "²" and "①" pass isdigit() and break int()
    if number is None:
        raise FieldValueError(
            "not a whole number",
            file=file,
            row=row,
            field=name,
            expected="a whole number (digits 0-9)",
            got=value,
        )
    return number


def _percent(record: dict[str, str | None], name: str, file: str, row: int) -> float | None:
    value = _cell(record, name)
    if value is None:
        return None
    number = decimal_number(value.removesuffix("%"))
    if number is None or not 0 <= number <= 100:
        raise FieldValueError(
            "not a percentage",
            file=file,
            row=row,
            field=name,
            expected="a number from 0 to 100",
            got=value,
        )
    return number


def _read_row(
    record: dict[str, str | None], file: str, row: int, council: str
) -> tuple[date, ResultRow, _Ward]:
    """One candidate row, and what it says of its ward; FieldValueError naming a bad field."""
    when = _cell(record, "election_date")
    try:
        polling_day = date.fromisoformat(when or "")
    except ValueError:
        raise FieldValueError(
            "not a date",
            file=file,
            row=row,
            field="election_date",
            expected="an ISO date like 2021-05-06",
            got=when,
        ) from None
    ward = _cell(record, "ward_name")
    if ward is None:
        raise FieldValueError(
            "no ward name", file=file, row=row, field="ward_name", expected="a ward name"
        )
    surname = _cell(record, "candidate_surname")
    if surname is None:
        raise FieldValueError(
            "no surname", file=file, row=row, field="candidate_surname", expected="a surname"
        )
    forenames = _cell(record, "candidate_forenames")
    # the name the ballot paper printed, where the candidate asked for one: prose uses it
    used_surname = _cell(record, "candidate_commonly_used_surname")
    used_forenames = _cell(record, "candidate_commonly_used_forenames")
    known_as = None
    if used_surname or used_forenames:
        parts = (used_forenames or forenames, title_surname(used_surname or surname))
        known_as = re.sub(r"\s+", " ", " ".join(p for p in parts if p))
    party = _cell(record, "political_party_name")
    if party is None:
        raise FieldValueError(
            "no party",
            file=file,
            row=row,
            field="political_party_name",
            expected="a party name (Independent for independents)",
        )
    result = (_cell(record, "election_result") or "").casefold()
    if result not in RESULTS:
        raise FieldValueError(
            "not a result",
            file=file,
            row=row,
            field="election_result",
            expected="ELECTED or NOT ELECTED",
            got=record.get("election_result"),
        )
    name = " ".join(p for p in (forenames, title_surname(surname)) if p)
    candidate = ResultRow(
        council=council,
        council_code=None,
        ward=re.sub(r"\s+", " ", ward),
        ward_code=_cell(record, "ward_code"),
        candidate=re.sub(r"\s+", " ", name),
        known_as=known_as,
        party=re.sub(r"\s+", " ", party),
        votes=_whole(record, "votes_won", file, row),
        elected=RESULTS[result],
        source=Source(file=file, row=row),
    )
    figures = _Ward(
        name=candidate.ward,
        row=row,
        votes_cast=_whole(record, "votes_cast", file, row),
        electorate=_whole(record, "eligible_electorate", file, row),
        turnout=_percent(record, "turnout", file, row),
    )
    return polling_day, candidate, figures


def _votes_cast_basis(wards: list[_Ward]) -> TurnoutBasis:
    """What votes_cast counts, from the single-seat wards: ballot papers or valid votes."""
    above = equal = 0
    for ward in wards:
        valid = sum(c.votes or 0 for c in ward.candidates)
        if ward.votes_cast is None or sum(1 for c in ward.candidates if c.elected) != 1:
            continue
        if ward.votes_cast > valid:
            above += 1
        elif ward.votes_cast == valid:
            equal += 1
    if above == equal == 0:
        return TurnoutBasis.UNKNOWN
    return TurnoutBasis.BALLOTS if above > equal else TurnoutBasis.VOTES


def _figures(
    ward: _Ward, basis: TurnoutBasis, file: str
) -> tuple[WardFigures, StorygenError | None]:
    """The ward's figures, and an error when its turnout is not votes_cast over electorate."""
    if ward.turnout is None:
        return WardFigures(electorate=ward.electorate), None
    cast, electorate = ward.votes_cast, ward.electorate
    if cast is not None and electorate:
        computed = 100 * cast / electorate
        if abs(computed - ward.turnout) <= TURNOUT_ROUNDING:
            ballots = cast if basis is TurnoutBasis.BALLOTS else None
            return WardFigures(electorate, ballots, ward.turnout, basis), None
        error = InconsistentDataError(
            f"{ward.name}: votes_cast {cast} over electorate {electorate} is {computed:.1f}%, "
            f"not the turnout {ward.turnout}: turnout kept, its basis unknown",
            file=file,
            row=ward.row,
            field="votes_cast",
            got=cast,
        )
        return WardFigures(electorate, None, ward.turnout, TurnoutBasis.UNKNOWN), error
    return WardFigures(electorate, None, ward.turnout, TurnoutBasis.UNKNOWN), None


MAX_FILE = 200_000_000  # bytes: a council's file of several years is 1 MB


def _open(path: Path) -> tuple[list[tuple[int, dict[str, str | None]]], str, list[_Bad]]:
    """The records of the file by line number, its name, and the lines that cannot be read."""
    file = path.name
    data = read_regular_file(
        path,
        display=file,
        limit=MAX_FILE,
        expected="a local-election open data CSV",
        what="results file",
    )
    lines = iter(csv_lines(data))
    first = next(lines, None)
    if first is not None and first.problem is not None:
        raise InputFormatError(
            f"header: {first.problem}", file=file, row=first.number, expected=first.expected
        )
    header = [h.strip() for h in (first.fields if first else [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InputFormatError(
            f"missing columns {', '.join(missing)}",
            file=file,
            row=1,
            expected="the local-election open data header: " + ", ".join(COLUMNS),
        )
    records: list[tuple[int, dict[str, str | None]]] = []
    bad: list[_Bad] = []
    for line in lines:
        record: dict[str, str | None] = dict(zip(header, line.fields, strict=False))
        if line.problem is not None:
            field = (
                header[line.field] if line.field is not None and line.field < len(header) else None
            )
            error = InputFormatError(
                line.problem, file=file, row=line.number, field=field, expected=line.expected
            )
            bad.append(_Bad(error, record))
            continue
        if len(line.fields) > len(header):
            error = InputFormatError(
                f"{len(line.fields)} columns",
                file=file,
                row=line.number,
                expected=f"{len(header)} columns, as the header names",
            )
            bad.append(_Bad(error, record))
            continue
        records.append((line.number, record))
    return records, file, bad


@dataclass(frozen=True)
class _Bad:
    """A row that cannot be read, with what could be read of it (to say whose it is)."""

    error: StorygenError
    record: dict[str, str | None]


def _clean_record(
    record: dict[str, str | None], file: str, row: int, notes: list[DataWarning]
) -> dict[str, str | None]:
    """The record with control characters taken out (noted); too long a cell is an error."""
    out: dict[str, str | None] = {}
    for name, value in record.items():
        if isinstance(value, str):
            if len(value) > MAX_TEXT:
                raise FieldValueError(
                    f"{len(value):,} characters",
                    file=file,
                    row=row,
                    field=name,
                    expected=f"at most {MAX_TEXT:,} characters",
                )
            value, changed = clean_text(value)
            if changed:
                notes.append(
                    DataWarning(
                        code="control-characters",
                        message="control characters (a NUL byte, an escape sequence, a line "
                        "break) taken out",
                        file=file,
                        row=row,
                        field=name,
                    )
                )
        out[name] = value
    return out


def read_opendata(
    path: Path, council: str | None = None, licence: str = LICENCE
) -> tuple[list[CouncilImport], list[StorygenError]]:
    """Every poll in a local-election open data CSV, and the rows that could not be read."""
    records, file, bad = _open(path)
    name = council or council_from_folder(path)
    errors: list[StorygenError] = []
    polls: dict[date, dict[str, _Ward]] = {}
    notes: dict[int, list[DataWarning]] = {}
    for row, record in records:
        if not any((v or "").strip() for v in record.values() if isinstance(v, str)):
            continue
        try:
            row_notes: list[DataWarning] = []
            record = _clean_record(record, file, row, row_notes)
            polling_day, candidate, seen = _read_row(record, file, row, name)
        except StorygenError as exc:
            bad.append(_Bad(exc, record))
            continue
        notes.setdefault(polling_day.toordinal(), []).extend(row_notes)
        wards = polls.setdefault(polling_day, {})
        ward = wards.setdefault(normalise_name(candidate.ward), seen)
        figures_then = (ward.votes_cast, ward.electorate, ward.turnout)
        if (seen.votes_cast, seen.electorate, seen.turnout) != figures_then:
            errors.append(
                InconsistentDataError(
                    f"{candidate.ward}: votes_cast, electorate or turnout differ from row "
                    f"{ward.row}: row {ward.row}'s kept",
                    file=file,
                    row=row,
                    field="votes_cast, eligible_electorate, turnout",
                )
            )
        ward.candidates.append(candidate)
    provenance = (
        Provenance(
            file=file,
            origin=f"{name} local election results, local-election open data layout",
            licence=licence,
        ),
    )
    imports: list[CouncilImport] = []
    for polling_day, wards in sorted(polls.items()):
        basis = _votes_cast_basis(list(wards.values()))
        imported = CouncilImport(council=name, polling_day=polling_day, provenance=provenance)
        for key, ward in wards.items():
            imported.rows.extend(ward.candidates)
            figures, error = _figures(ward, basis, file)
            imported.wards[key] = figures
            if error is not None:
                errors.append(error)
        imported.warnings.extend(notes.get(polling_day.toordinal(), []))
        imports.append(imported)
    for item in bad:
        # the row's poll, when its date can be read; else every poll of the file
        when = _cell(item.record, "election_date") or ""
        owners = [i for i in imports if i.polling_day.isoformat() == when.strip()] or imports
        ward_name = _cell(item.record, "ward_name")
        for imported in owners:
            imported.warnings.append(unreadable_row(imported, item.error, ward_name))
        if not owners:
            errors.append(item.error)
    if not imports and not errors:
        errors.append(InputFormatError("no rows", file=file, expected="candidate rows"))
    return imports, errors
