"""Rows in LEAP's column order.

Columns: council, council code, ward, ward code, candidate, party, votes, elected.

Shared by the native format (which may add a ninth column, incumbent) and the LEAP importer.
Fields may be quoted or not; padding is stripped; a first row naming the columns is skipped.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from storygen.errors import FieldValueError, InputFormatError, InputNotFoundError, StorygenError
from storygen.model import Incumbency

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


_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+")


def _votes(text: str, file: str, row: int) -> int | None:
    text = text.strip()
    if _THOUSANDS.fullmatch(text):
        text = text.replace(",", "")  # "1,234" as typed; "1,18" is not a number
    if not text:
        return None
    if not text.isdigit():
        raise FieldValueError(
            "not a vote count",
            file=file,
            row=row,
            field="votes",
            expected="a whole number of votes (blank if not declared)",
            got=text,
        )
    return int(text)


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


def read_candidate_rows(
    path: Path, *, display_name: str | None = None, allow_incumbent: bool = True
) -> tuple[list[CandidateRow], list[StorygenError]]:
    """Every well-formed row of a LEAP-order CSV, and an error for every bad one."""
    name = display_name or str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputNotFoundError(
            "results file not found", file=name, expected="a CSV of candidate rows"
        ) from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise InputFormatError(
            "not UTF-8 text",
            file=name,
            row=line,
            expected="a UTF-8 CSV",
            hint="saved from Excel as Windows-1252? save it as CSV UTF-8",
        ) from None
    widths = {len(COLUMNS), len(COLUMNS) + len(OPTIONAL_COLUMNS)} if allow_incumbent else {8}
    rows: list[CandidateRow] = []
    errors: list[StorygenError] = []
    reader = csv.reader(text.splitlines())
    for number, fields in enumerate(reader, start=1):
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
                    + ", ".join(COLUMNS + (OPTIONAL_COLUMNS if allow_incumbent else ())),
                )
            )
            continue
        f = [x.strip() for x in fields]
        try:
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
            errors.append(exc)
    return rows, errors
