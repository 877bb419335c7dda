"""Local parties by the names the sources give: LEH's "Party names" sheets, the curated LEAP
table and its sources, the prose forms of a name, and the copy describing an unnamed code."""

from __future__ import annotations

import csv
import re
import tomllib
from pathlib import Path

import openpyxl
import pytest

from storygen import pipeline
from storygen.ingest.imports.leap import read_leap
from storygen.ingest.imports.party_names import find_party_key, leap_parties
from storygen.parties import Party, local_forms, local_party, party_table
from storygen.realise.render import Namer

from .conftest import ROOT, SHARED, MakeElection, ward_rows
from .test_import_leh import imported

LEH = {year: SHARED / "leh" / f"leh-{year}.xlsx" for year in (2021, 2022, 2024, 2025)}


def party_key(year: int):  # type: ignore[no-untyped-def]
    workbook = openpyxl.load_workbook(LEH[year], read_only=True, data_only=True)
    try:
        key = find_party_key(workbook, LEH[year].name)
    finally:
        workbook.close()
    assert key is not None
    return key


@pytest.mark.parametrize(
    ("year", "cell", "council", "name", "pa"),
    [
        (2021, "ASHIND", None, "Ashfield Independents", "ASHIND"),  # abbreviation column first
        (2021, "SWFCTA", None, "South Woodham Ferrers Council Taxpayers Association", "SWFCTA"),
        (2022, "ASP", None, "Aspire", "ASP"),
        (2022, "PROP", None, "Propel", "PROP"),
        (2022, "FIRST", "Bolton", "Bolton First", "FIRST"),  # two names: the council's own
        (2022, "FIRST", "Rossendale", "Rossendale First", "FIRST"),
        (2024, "KNOW CMTY", None, "Knowle Community", "KNOW CMTY"),  # name column first
        (2024, "B and D IND", None, "Basingstoke & Deane Independents", "B and D IND"),
        (2024, "FandKFP", None, "Farnworth and Kearsley First Party", "FandKFP"),
        (2024, "FANT and OAKWOOD INDEPENDENTS", None, "Fant & Oakwood Independents", "F & O Ind"),
        (2024, "PETE FIRST", None, "Peterborough First", "PETE FIRST"),
        (2024, "W and ST.G IND", None, "Weybridge & St.Georges Independents", "W and ST.G IND"),
        (2025, "Ashfield Independents", None, "Ashfield Independents", "Ash Ind"),  # names
    ],
)
def test_leh_party_names_sheet(
    year: int, cell: str, council: str | None, name: str, pa: str
) -> None:
    found = party_key(year).party(cell, council)
    assert isinstance(found, Party), found
    assert (found.code, found.name, found.pa) == (cell, name, pa)
    assert found.source and LEH[year].name in found.source and "row" in found.source


def test_leh_ambiguous_code_stays_unnamed_and_national_names_resolve() -> None:
    assert party_key(2022).party("FIRST") is None  # Bolton First or Rossendale First?
    assert party_key(2022).party("FIRST", "Wigan") is None
    # the key names a national party: the candidate is that party's
    assert party_key(2021).party("GREEN ACCIDENTAL CANDIDATE") == "Greens"
    assert party_key(2021).party("NOT IN THE SHEET") is None


@pytest.mark.parametrize("year", sorted(LEH))
def test_every_seat_winning_leh_code_is_named(year: int) -> None:
    """Every local code that wins a seat is named by its workbook, but for one the 2024 key
    leaves out ("NORK RES": the sheet lists "Nork RA")."""
    table = party_table()
    councils, _ = imported(year)  # read once for the whole run
    unnamed = {
        r.party
        for c in councils
        for r in c.rows
        if r.elected and table.get(r.party) is None and r.party not in c.parties
    }
    assert unnamed == ({"NORK RES"} if year == 2024 else set())
    renamed = [r for c in councils for r in c.rows if "ACCIDENTAL" in r.party]
    assert not renamed  # "GREEN ACCIDENTAL CANDIDATE" is the Green Party's candidate


def _leap_winning_codes() -> set[str]:
    table = party_table()
    codes = set()
    for path in sorted((SHARED / "leap").glob("*.csv")):
        with path.open(encoding="utf-8-sig", errors="replace") as f:
            for row in csv.reader(f):
                if len(row) >= 8 and row[7].strip() == "1" and table.get(row[5]) is None:
                    codes.add(row[5].strip())
    return codes


def test_curated_leap_table_cites_a_real_row_for_every_name() -> None:
    """Each entry is a code that wins seats in the LEAP files, not a national party, and its
    source names a councillor-list row whose party is the name (as registered)."""
    raw = tomllib.loads((ROOT / "storygen/data/local_parties.toml").read_text(encoding="utf-8"))
    winning = _leap_winning_codes()
    lists: dict[str, list[dict[str, str]]] = {}
    for entry in raw["leap"]:
        assert entry["code"] in winning, entry["code"]
        assert party_table().get(entry["code"]) is None
        match = re.search(r"(councillors-\d{4}\.csv) row (\d+) \((.+)\)", entry["source"])
        assert match, entry["source"]
        file, row, where = match.group(1), int(match.group(2)), match.group(3)
        if file not in lists:
            with (SHARED / "ocd" / file).open(encoding="utf-8-sig") as f:
                lists[file] = list(csv.DictReader(f))
        listed = lists[file][row - 2]
        assert where == f"{listed['Council']}, {listed['Ward Name']}"
        assert listed["Party Name"] == entry.get("registered", entry["name"]), entry["code"]


def test_curated_codes_named_in_leap_imports() -> None:
    councils, _, _ = read_leap(SHARED / "leap" / "leap-2019-05-02.csv")
    ashfield = next(c for c in councils if c.council == "Ashfield")
    party = ashfield.parties["Ashfield"]
    assert party.name == "Ashfield Independents" and party.noun == "the Ashfield Independents"
    assert party.pa == "Ashfield" and party.plural and party.source
    chelmsford = next(c for c in councils if c.council == "Chelmsford")
    assert chelmsford.parties["SWFCTA"].name.startswith("South Woodham Ferrers")
    # a code no source names stays unnamed: Mansfield's "MIF" is not guessed from its
    # councillors' later party
    mansfield = next(c for c in councils if c.council == "Mansfield")
    assert "MIF" not in mansfield.parties
    assert set(leap_parties()) <= _leap_winning_codes()


@pytest.mark.parametrize(
    ("name", "noun", "adjective", "plural"),
    [
        ("Ashfield Independents", "the Ashfield Independents", "Ashfield Independent", True),
        ("Aspire", "Aspire", "Aspire", False),
        ("Residents for Uttlesford", "Residents for Uttlesford", "Residents for Uttlesford", True),
        ("The Party for Poole People Ltd.", "the Party for Poole People", "Party for Poole People",
         False),
        ("Tunbridge Wells Alliance", "the Tunbridge Wells Alliance", "Tunbridge Wells Alliance",
         False),
        ("Tendring First", "Tendring First", "Tendring First", False),
        ("Community Campaign (Hart)", "the Community Campaign (Hart)", "Community Campaign (Hart)",
         False),
    ],
)  # fmt: skip
def test_prose_forms_of_a_local_name(name: str, noun: str, adjective: str, plural: bool) -> None:
    assert local_forms(name) == (noun, adjective, plural)


def test_namer_describes_an_unnamed_code_and_names_one_independent() -> None:
    table = party_table().with_local([local_party("ASHIND", "Ashfield Independents")])
    namer = Namer(table=table)
    assert namer.noun("ASHIND") == "the Ashfield Independents"
    assert namer.noun("BlckCtry") == "a local party"
    assert namer.noun("SWFCTA") == "another local party"
    assert namer.noun("BlckCtry") == "a local party"  # two unnamed parties: never "the"
    assert namer.adjective("BlckCtry") == "local party"
    assert namer.name("BlckCtry") == "local party"
    assert namer.of_party("BlckCtry", "Jo Bloggs") == "local party candidate Jo Bloggs"
    assert table.party("BlckCtry").pa == "BlckCtry"  # the results box keeps the code
    one = Namer(table=table)
    assert one.noun("BlckCtry") == "a local party" and one.noun("BlckCtry") == "the local party"
    assert one.one("Ind", 1) == "an independent" and one.one("Ind", 2) == "independents"
    assert one.possessive("Ind", 1) == "an independent's"
    assert one.possessive("Ind") == "independents'"
    assert one.of_party("Ind", "Jo Bloggs") == "independent Jo Bloggs"


def test_unnamed_local_party_is_described_in_prose_and_kept_in_the_box(
    make_election: MakeElection, tmp_path: Path
) -> None:
    rows = ward_rows("North", ("Ann Able", "BlckCtry", 900, True), ("Bob Baker", "C", 800, False))
    rows += ward_rows("South", ("Cat Cole", "BlckCtry", 700, True), ("Dan Dyer", "C", 650, False))
    extra = """
    [wards.North]
    defending = "C"
    [wards.South]
    defending = "C"

    [[parties]]
    name = "BlckCtry"
    unnamed = true
    """
    draft = pipeline.generate(make_election(extra, rows), results=True)
    prose = " ".join(s.text for s in draft.sentences() if s not in draft.results)
    assert "BlckCtry" not in prose and "local party" in prose
    assert any("(BlckCtry)" in s.text for s in draft.results)
