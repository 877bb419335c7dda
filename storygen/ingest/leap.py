"""Rows in LEAP's column order.

Columns: council, council code, ward, ward code, candidate, party, votes, elected.

Shared by the native format (which may add a ninth column, incumbent) and the LEAP importer.
Fields may be quoted or not; padding is stripped; a first row naming the columns is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from storygen.errors import FieldValueError, InputFormatError, StorygenError
from storygen.ingest.cells import MAX_TEXT, clean_text, csv_lines, read_regular_file, whole_number
from storygen.model import DataWarning, Incumbency

COLUMNS = ("council", "council_code", "ward", "ward_code", "candidate", "party", "votes", "elected")
OPTIONAL_COLUMNS = ("incumbent",)

_TRUE = {"1", "yes", "y", "true", "elected"}
_FALSE = {"0", "no", "n", "false", "not elected"}
_INCUMBENCY = {
    **{v: Incumbency.YES for v in ("yes", "y", "1", "true")},
    **{v: Incumbency.NO for v in ("no", "n", "0", "false")},
    **{v: Incumbency.UNKNOWN for v in ("", "unknown", "?")},
}


@dataclass(frozen=True)
class CandidateRow:
    """One typed row; party is still the text of the file (resolved by the caller)."""

    file: str
    row: int
    council: str
    council_code: str
    ward: str
    ward_code: str
    candidate: str
    party: str
    votes: int | None
    elected: bool | None
    incumbent: Incumbency | None


def _votes(text: str, file: str, row: int) -> int | None:
    text = text.strip()
    if not text:
        return None
    votes = whole_number(text)  # "1,234" as typed; "1,18", "²" and "٣" are not vote counts
    if votes is None:
        raise FieldValueError(
            "not a vote count",
            file=file,
            row=row,
            field="votes",
            expected="a whole number of votes (blank if not declared)",
            got=text,
        )
    return votes


def _elected(text: str, file: str, row: int) -> bool | None:
    key = text.strip().lower()
    if not key:
        return None
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise FieldValueError(
        "not an elected flag",
        file=file,
        row=row,
        field="elected",
        expected="1 or 0 (blank if not declared)",
        got=text,
    )


def _incumbent(text: str, file: str, row: int) -> Incumbency:
    key = text.strip().lower()
    if key in _INCUMBENCY:
        return _INCUMBENCY[key]
    raise FieldValueError(
        "not an incumbent flag",
        file=file,
        row=row,
        field="incumbent",
        expected="yes, no or unknown",
        got=text,
    )


def _is_header(fields: list[str]) -> bool:
    return [f.strip().lower() for f in fields[:2]] == ["council", "council_code"]


TEXT_FIELDS = ("council", "council_code", "ward", "ward_code", "candidate", "party")
MAX_FILE = 200_000_000  # bytes: a national file is 2 MB, a council's 100 KB


def read_candidate_rows(
    path: Path,
    *,
    display_name: str | None = None,
    allow_incumbent: bool = True,
    notices: list[DataWarning] | None = None,
    data: bytes | None = None,
) -> tuple[list[CandidateRow], list[StorygenError]]:
    """Every well-formed row of a LEAP-order CSV, and an error for every bad one.

    Each error names the council its row belongs to when the row says (`StorygenError.council`).
    Control characters taken out of a text field are noted in `notices`, when given.
    """
    name = display_name or str(path)
    if data is None:
        data = read_regular_file(
            path,
            display=name,
            limit=MAX_FILE,
            expected="a CSV of candidate rows",
            what="results file",
        )
    widths = {len(COLUMNS), len(COLUMNS) + len(OPTIONAL_COLUMNS)} if allow_incumbent else {8}
    names = COLUMNS + (OPTIONAL_COLUMNS if allow_incumbent else ())
    rows: list[CandidateRow] = []
    errors: list[StorygenError] = []
    for line in csv_lines(data):
        number, fields = line.number, line.fields
        council = fields[0].strip() if fields and len(fields[0]) <= MAX_TEXT else None
        council = clean_text(council)[0] or None if council else None
        if line.problem is not None:
            field = (
                names[line.field] if line.field is not None and line.field < len(names) else None
            )
            errors.append(
                InputFormatError(
                    line.problem,
                    file=name,
                    row=number,
                    field=field,
                    expected=line.expected,
                    council=council,
                )
            )
            continue
        if not any(f.strip() for f in fields):
            continue
        if number == 1 and _is_header(fields):
            continue
        if len(fields) not in widths:
            errors.append(
                InputFormatError(
                    f"{len(fields)} columns",
                    file=name,
                    row=number,
                    expected=f"{' or '.join(str(w) for w in sorted(widths))} columns: "
                    + ", ".join(names),
                    council=council,
                )
            )
            continue
        try:
            f = _clean_fields(fields, name, number, notices)
            for field, value in (("council", f[0]), ("ward", f[2]), ("candidate", f[4])):
                if not value:
                    raise FieldValueError(
                        "empty", file=name, row=number, field=field, expected=f"a {field} name"
                    )
            if not f[5]:
                raise FieldValueError(
                    "empty", file=name, row=number, field="party", expected="a party code or name"
                )
            rows.append(
                CandidateRow(
                    file=name,
                    row=number,
                    council=f[0],
                    council_code=f[1],
                    ward=f[2],
                    ward_code=f[3],
                    candidate=f[4],
                    party=f[5],
                    votes=_votes(f[6], name, number),
                    elected=_elected(f[7], name, number),
                    incumbent=_incumbent(f[8], name, number) if len(f) > 8 else None,
                )
            )
        except StorygenError as exc:
            exc.council = exc.council or council
            errors.append(exc)
    return rows, errors


def _clean_fields(
    fields: list[str], file: str, row: int, notices: list[DataWarning] | None
) -> list[str]:
    """The fields stripped of padding and control characters; too long a field is an error."""
    out = []
    for index, value in enumerate(fields):
        label = (COLUMNS + OPTIONAL_COLUMNS)[index]
        if len(value) > MAX_TEXT:
            raise FieldValueError(
                f"{len(value):,} characters",
                file=file,
                row=row,
                field=label,
                expected=f"at most {MAX_TEXT:,} characters",
            )
        cleaned, changed = clean_text(value)
        if changed and notices is not None:
            notices.append(
                DataWarning(
                    code="control-characters",
                    message="control characters (a NUL byte, an escape sequence, a line break) "
                    "taken out",
                    file=file,
                    row=row,
                    field=label,
                )
            )
        out.append(cleaned.strip())
    return out
