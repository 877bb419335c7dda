"""The LEAP importer: one national CSV (no header, quoted) -> one CouncilImport per council."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from storygen.errors import FieldValueError, InputFormatError, StorygenError
from storygen.ingest.imports.common import CouncilImport, ResultRow
from storygen.ingest.leap import read_candidate_rows
from storygen.model import Provenance, Source

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


def read_leap(path: Path) -> tuple[list[CouncilImport], list[StorygenError]]:
    """Every council in a LEAP file, and the rows that could not be read."""
    polling_day = polling_day_from_name(path)
    rows, errors = read_candidate_rows(path, display_name=path.name, allow_incumbent=False)
    if not rows and not errors:
        errors.append(InputFormatError("no rows", file=path.name, expected="LEAP candidate rows"))
    councils: dict[str, CouncilImport] = {}
    provenance = (Provenance(file=path.name, origin="LEAP national file", licence=LICENCE),)
    for row in rows:
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
    return list(councils.values()), errors
