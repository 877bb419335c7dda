"""The LEAP importer: one national CSV (no header, quoted) -> one CouncilImport per council."""

from __future__ import annotations

import bisect
import re
from datetime import date
from pathlib import Path

from storygen.errors import FieldValueError, InputFormatError, StorygenError
from storygen.ingest.cells import read_regular_file
from storygen.ingest.imports.common import CouncilImport, ResultRow
from storygen.ingest.imports.party_names import leap_parties, name_parties
from storygen.ingest.leap import MAX_FILE, read_candidate_rows
from storygen.model import DataWarning, Provenance, Source

LICENCE = "CC BY-SA 3.0 / GFDL; Andrew Teale, Local Elections Archive Project"


def polling_day_from_name(path: Path) -> date:
    """LEAP files are named by polling day: leap-2016-05-05.csv."""
    match = re.search(r"(\d{4}-\d{2}-\d{2})", path.name)
    if match is None:
        raise FieldValueError(
            "no polling day in the file name",
            file=path.name,
            expected="a LEAP file named like leap-2016-05-05.csv",
        )
    return date.fromisoformat(match.group(1))


def read_leap(
    path: Path,
) -> tuple[list[CouncilImport], list[StorygenError], dict[str, list[StorygenError]]]:
    """Every council in a LEAP file; errors that name no council; and councils with bad rows.

    A council with a row that cannot be read is not imported (a missing candidate would make a
    false story): it is returned with its errors instead.
    """
    polling_day = polling_day_from_name(path)
    data = read_regular_file(
        path, display=path.name, limit=MAX_FILE, expected="a LEAP CSV", what="results file"
    )
    notices: list[DataWarning] = []
    rows, errors = read_candidate_rows(
        path, display_name=path.name, allow_incumbent=False, notices=notices, data=data
    )
    if not rows and not errors:
        errors.append(InputFormatError("no rows", file=path.name, expected="LEAP candidate rows"))
    lines = data.split(b"\n")
    by_row = sorted((r.row, r.council) for r in rows)
    known = {r.council for r in rows}
    broken: dict[str, list[StorygenError]] = {}
    unplaced: list[StorygenError] = []
    for error in errors:
        fields: list[str] = []
        if error.row is not None and 0 < error.row <= len(lines):
            text = lines[error.row - 1].decode("utf-8", errors="replace")
            fields = [f.strip().strip('"') for f in text.split(",")]
        if len(fields) > 5 and "NULL" in (fields[4], fields[5]):
            # LEAP's placeholder for an elected mayor: no candidate, no votes; skip it
            unplaced.append(error)
            continue
        if error.council in known or (error.council and len(fields) == 8):
            owners = {error.council}  # its own council (every row of which may be bad)
        else:  # nothing in the row says whose it is: the councils either side
            owners = _neighbours(by_row, error.row)
        for owner in sorted(c for c in owners if c):
            broken.setdefault(owner, []).append(error)
        if not owners:
            unplaced.append(error)
    councils: dict[str, CouncilImport] = {}
    provenance = (Provenance(file=path.name, origin="LEAP national file", licence=LICENCE),)
    for row in rows:
        if row.council in broken:
            continue
        imported = councils.get(row.council)
        if imported is None:
            imported = councils[row.council] = CouncilImport(
                council=row.council,
                polling_day=polling_day,
                council_code=row.council_code or None,
                provenance=provenance,
            )
        imported.rows.append(
            ResultRow(
                council=row.council,
                council_code=row.council_code or None,
                ward=row.ward,
                ward_code=row.ward_code or None,
                candidate=row.candidate,
                party=row.party,
                votes=row.votes,
                elected=row.elected,
                source=Source(file=path.name, row=row.row),
            )
        )
    council_of = dict(by_row)
    for notice in notices:
        imported = councils.get(council_of.get(notice.row or 0, ""))
        if imported is not None:
            imported.warnings.append(notice)
    named = leap_parties()
    for imported in councils.values():
        name_parties(imported, named.get)
    return list(councils.values()), unplaced, broken


def _neighbours(by_row: list[tuple[int, str]], row: int | None) -> set[str]:
    """The councils of the readable rows either side of an unreadable one: LEAP lists a council's
    rows together, so the row is one of theirs (both are failed rather than guess)."""
    if row is None or not by_row:
        return set()
    index = bisect.bisect_left(by_row, (row, ""))
    around = by_row[max(index - 1, 0) : index + 1]
    return {council for _, council in around}
