"""Local parties by the names the sources give them.

- LEH workbooks: each has a "Party names" sheet, the key to its codes ("Key to party names in
  results tabs"): row 1 a title, row 2 the header, then one row per code and name. The columns
  come in either order (2021-2022: "Party abbreviation", "Party name"; 2024-2025: the other way
  round) and are found by their headers. A code may have several rows (2022 "FIRST": Bolton
  First and Rossendale First; "ADF" spelt with "&" and with "and"), and the candidates sheet
  does not always print the code as the key does (2024: "B and D IND" for "B & D Ind",
  "FandKFP" for "F&KFP", "FANT and OAKWOOD INDEPENDENTS" for the name "Fant & Oakwood
  Independents"; 2025 prints names). `PartyKey.find` matches a cell to a row ignoring case,
  "&" and "and", and spacing; then by its name; several rows of different names are matched
  only when one of them names the council ("Bolton First" in Bolton), else the code stays
  unnamed.
- LEAP files have no key: `storygen/data/local_parties.toml` is a curated table of the local
  codes that win seats in the shared LEAP files, each with its source
  (`scripts/local_party_sources.py` prints the evidence).

A code whose name is a national party's ("GREEN ACCIDENTAL CANDIDATE": "Green") is that party;
a code no source names stays unnamed, and the copy describes it ("a local party").
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

from storygen.ingest.imports.common import CouncilImport
from storygen.parties import Party, local_party, party_table

PARTY_NAMES_SHEET = re.compile(r"^party\s*names?$", re.IGNORECASE)


def _key(text: str) -> str:
    """Case folded, "&" as "and", spacing collapsed: "B & D Ind" and "B and D IND" agree."""
    return re.sub(r"\s+", " ", text.replace("&", " and ")).strip().casefold()


def _squashed(text: str) -> str:
    """Only letters and digits, "&" as "and": "F&KFP" and "FandKFP" agree."""
    return re.sub(r"[^0-9a-z]", "", _key(text))


@dataclass(frozen=True)
class KeyRow:
    """One row of a file's key to its party codes."""

    row: int
    code: str
    name: str


@dataclass(frozen=True)
class PartyKey:
    """A results file's key to its party codes: each code and the name the source gives it."""

    file: str
    sheet: str
    rows: tuple[KeyRow, ...]

    def find(self, value: str, council: str | None = None) -> KeyRow | None:
        """The row a results cell stands for (see the module), or None."""
        for norm in (_key, _squashed):
            target = norm(value)
            for field in ("code", "name"):
                found = [r for r in self.rows if norm(getattr(r, field)) == target]
                chosen = _one(found, council)
                if chosen is not None:
                    return chosen
                if found:
                    return None  # several names, none of them the council's: ambiguous
        return None

    def party(self, value: str, council: str | None = None) -> Party | str | None:
        """A local Party named by the key, the name of the national party the key names, or
        None when the key does not name the code."""
        row = self.find(value, council)
        if row is None:
            return None
        national = party_table().get(row.name)
        if national is not None:
            return national.name
        by_code = _key(row.code) == _key(value) or _squashed(row.code) == _squashed(value)
        return local_party(
            value,
            row.name,
            # the results box keeps the file's own code; a file that prints names (2025)
            # gets the key's abbreviation
            pa=value if by_code else row.code,
            source=f"{self.file}, sheet {self.sheet!r} row {row.row}: {row.code!r} = {row.name!r}",
        )


def _one(rows: list[KeyRow], council: str | None) -> KeyRow | None:
    names = {_key(r.name) for r in rows}
    if len(names) == 1:
        return rows[0]
    if council and rows:
        place = _key(council)
        naming = [r for r in rows if re.search(rf"\b{re.escape(place)}\b", _key(r.name))]
        if len({_key(r.name) for r in naming}) == 1:
            return naming[0]
    return None


def read_party_key(worksheet: Any, file: str) -> PartyKey | None:
    """The key to a workbook's party codes, from its "Party names" sheet; None when the sheet
    has no header naming an abbreviation and a name column."""
    rows = worksheet.iter_rows(values_only=True)
    code_col = name_col = None
    found: list[KeyRow] = []
    for n, values in enumerate(rows, start=1):
        texts = ["" if v is None else re.sub(r"\s+", " ", str(v)).strip() for v in values]
        if code_col is None or name_col is None:
            headers = [t.casefold() for t in texts]
            if "party abbreviation" in headers and "party name" in headers:
                code_col = headers.index("party abbreviation")
                name_col = headers.index("party name")
            continue
        if max(code_col, name_col) >= len(texts):
            continue
        code, name = texts[code_col], texts[name_col]
        if code and name:
            found.append(KeyRow(row=n, code=code, name=name))
    if code_col is None or name_col is None:
        return None
    return PartyKey(file=file, sheet=worksheet.title, rows=tuple(found))


def find_party_key(workbook: Any, file: str) -> PartyKey | None:
    """The key of a workbook, or None when it has no "Party names" sheet."""
    for name in workbook.sheetnames:
        if PARTY_NAMES_SHEET.match(name.strip()):
            return read_party_key(workbook[name], file)
    return None


@cache
def leap_parties() -> dict[str, Party]:
    """The curated table of LEAP's local codes (storygen/data/local_parties.toml), by code."""
    text = resources.files("storygen").joinpath("data/local_parties.toml").read_text("utf-8")
    out: dict[str, Party] = {}
    for entry in tomllib.loads(text)["leap"]:
        party = local_party(
            entry["code"],
            entry["name"],
            source=entry["source"],
            nouns=entry.get("nouns", ()),
            adjectives=entry.get("adjectives", ()),
            plural=entry.get("plural"),
        )
        if "registered" in entry:
            party = party.model_copy(update={"registered": (entry["registered"],)})
        out[party.code] = party
    return out


def name_parties(
    imported: CouncilImport, lookup: Callable[[str], Party | str | None]
) -> CouncilImport:
    """A council's rows with their local codes named: a code the lookup gives a national
    party's name becomes that party, one it names locally goes into `parties`."""
    table = party_table()
    renamed: dict[str, str] = {}
    for code in sorted({r.party.strip() for r in imported.rows if table.get(r.party) is None}):
        found = lookup(code)
        if isinstance(found, str):
            renamed[code] = found
        elif found is not None:
            imported.parties[code] = found
    if renamed:
        imported.rows = [
            replace(r, party=renamed[r.party.strip()]) if r.party.strip() in renamed else r
            for r in imported.rows
        ]
    return imported
