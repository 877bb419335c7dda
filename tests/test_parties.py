"""The party table maps every code and name a source uses to one canonical party."""

from __future__ import annotations

import csv

import pytest

from storygen.errors import UnknownPartyError
from storygen.parties import party_table

from .conftest import BIRMINGHAM, SHARED


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Lab", "Lab"),
        (" Lab ", "Lab"),  # LEAP pads some codes
        (" C ", "C"),
        ("LAB", "Lab"),  # LEH codes
        ("CON", "C"),
        ("GREEN", "Grn"),
        ("REF", "Reform"),
        ("Labour and Co-operative Party", "Lab"),  # registered names (LEH 2025)
        ("Conservative and Unionist Party", "C"),
        ("UK Independence Party (UKIP)", "UKIP"),
        ("Liberal Democrat", "LD"),
        ("the Tories", "C"),  # prose names
        ("Tory", "C"),
        ("Lib Dems", "LD"),
        ("Independent", "Ind"),
        ("Other", "Oth"),
    ],
)
def test_codes_and_names_resolve(text: str, code: str) -> None:
    assert party_table().resolve(text).code == code


def test_unknown_party_names_where_it_was_found() -> None:
    with pytest.raises(UnknownPartyError) as info:
        party_table().resolve("Selston ", file="x.csv", row=7)
    err = info.value
    assert (err.file, err.row, err.field) == ("x.csv", 7, "party")
    assert "'Selston'" in str(err) and "x.csv:7" in str(err)


def test_prose_names_and_pa_abbreviations() -> None:
    table = party_table()
    con = table["C"]
    assert con.nouns == ("the Conservatives", "the Tories")
    assert con.adjectives == ("Conservative", "Tory")
    assert con.pa == "C" and con.plural
    assert table["LD"].nouns == ("the Liberal Democrats", "the Lib Dems")
    assert table["Lab"].noun == "Labour" and not table["Lab"].plural
    assert table["Reform"].name == "Reform UK"
    assert table["Ind"].independent


def test_local_party_keeps_its_code() -> None:
    local = party_table().local(" Selston ")
    assert local.code == "Selston" and local.local and local.pa == "Selston"
    assert party_table().get("Selston") is None


def test_every_birmingham_code_is_known() -> None:
    with (BIRMINGHAM / "candidates.csv").open(encoding="utf-8") as f:
        codes = {row[5] for row in csv.reader(f)}
    assert all(party_table().get(c) for c in codes), codes


def test_the_main_leap_codes_are_known() -> None:
    """Every code used by 20 or more candidates across the LEAP files is in the table, or local."""
    counts: dict[str, int] = {}
    for path in sorted((SHARED / "leap").glob("*.csv")):
        with path.open(encoding="utf-8") as f:
            for row in csv.reader(f):
                counts[row[5].strip()] = counts.get(row[5].strip(), 0) + 1
    national = {"C", "Lab", "LD", "Grn", "UKIP", "Ind", "SNP", "PC", "TUSC", "Lib", "BNP", "SDP"}
    assert national <= set(counts)
    assert all(party_table().get(code) for code in national)
