"""The local-election open data importer, against Trafford's 2021 and 2022 files and made ones.

Expected figures are counted here with the csv module straight from the files.
"""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from storygen.errors import InconsistentDataError, InputFormatError
from storygen.ingest.imports.common import build_election, normalise_name
from storygen.ingest.imports.opendata import council_from_folder, read_opendata, title_surname
from storygen.model import Provenance, Source, TurnoutBasis

from .conftest import SHARED

TRAFFORD = SHARED / "trafford"
FILES = {
    2021: TRAFFORD / "2021-local_election_results_2021.csv",
    2022: TRAFFORD / "2022-local_election_results_2022.csv",
}
HEADER = (
    "election_date,ward_code,ward_name,candidate_surname,candidate_forenames,"
    "candidate_commonly_used_surname,candidate_commonly_used_forenames,candidate_description,"
    "political_party_uri,political_party_name,election_result,votes_won,votes_cast,"
    "eligible_electorate,turnout"
)


def records(year: int) -> list[dict[str, str]]:
    with FILES[year].open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(("year", "wards", "candidates"), [(2021, 21, 104), (2022, 21, 91)])
def test_trafford_wards_candidates_and_figures(year: int, wards: int, candidates: int) -> None:
    rows = records(year)
    by_ward: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_ward.setdefault(row["ward_name"], []).append(row)
    [imported], _ = read_opendata(FILES[year])
    assert imported.council == "Trafford"
    assert imported.election_type is None
    assert imported.polling_day == date.fromisoformat(rows[0]["election_date"])
    assert len(imported.rows) == len(rows) == candidates
    assert len(imported.wards) == len(by_ward) == wards
    assert Counter(r.ward for r in imported.rows) == {w: len(rs) for w, rs in by_ward.items()}
    for ward, ward_rows in by_ward.items():
        figures = imported.wards[normalise_name(ward)]
        assert figures.electorate == int(ward_rows[0]["eligible_electorate"])
        assert figures.turnout == float(ward_rows[0]["turnout"])
    assert sum(1 for r in imported.rows if r.elected) == sum(
        1 for r in rows if r["election_result"] == "ELECTED"
    )
    assert [r.votes for r in imported.rows] == [int(r["votes_won"]) for r in rows]
    assert imported.rows[0].source == Source(file=FILES[year].name, row=2)
    assert imported.provenance == (
        Provenance(
            file=FILES[year].name,
            origin="Trafford local election results, local-election open data layout",
            licence="Open Government Licence v3.0",
        ),
    )
    election, _ = build_election(imported)
    assert election.candidate_count == candidates


def test_votes_cast_counts_ballot_papers() -> None:
    """In every single-seat ward votes_cast exceeds the valid votes: it counts rejected papers
    too, so a turnout of votes_cast over electorate is a ballots turnout."""
    rows = records(2021)
    wards: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        wards.setdefault(row["ward_name"], []).append(row)
    single = [
        rs for rs in wards.values() if sum(r["election_result"] == "ELECTED" for r in rs) == 1
    ]
    assert single
    assert all(int(rs[0]["votes_cast"]) > sum(int(r["votes_won"]) for r in rs) for rs in single)
    [imported], _ = read_opendata(FILES[2021])
    altrincham = imported.wards["altrincham"]
    assert round(100 * 4301 / 9189, 1) == altrincham.turnout == 46.8
    assert (altrincham.ballots, altrincham.basis) == (4301, TurnoutBasis.BALLOTS)


def test_a_turnout_that_is_not_votes_cast_over_electorate_is_reported() -> None:
    [imported], errors = read_opendata(FILES[2021])
    [error] = errors
    assert isinstance(error, InconsistentDataError)
    line = next(n for n, r in enumerate(records(2021), start=2) if r["ward_name"] == "Hale Barns")
    assert (error.file, error.row, error.field) == (FILES[2021].name, line, "votes_cast")
    hale_barns = imported.wards["hale barns"]
    assert (hale_barns.turnout, hale_barns.ballots) == (43.5, None)
    assert hale_barns.basis is TurnoutBasis.UNKNOWN
    assert not read_opendata(FILES[2022])[1]


def test_names_forenames_then_surname_in_title_case() -> None:
    [imported], _ = read_opendata(FILES[2021])
    names = {r.candidate for r in imported.rows}
    for name in (
        "Geraldine Philomena Coggins",
        "Duncan James McGlashan",
        "Dolores Catherine O’Sullivan",
        "Dawn Lee Carberry-Power",
        "Rodrigo Capucho Paulo",
    ):
        assert name in names
    [imported], _ = read_opendata(FILES[2022])
    assert "Tony O'Brien" in {r.candidate for r in imported.rows}


@pytest.mark.parametrize(
    ("shouted", "title"),
    [
        ("COGGINS", "Coggins"),
        ("MCGLASHAN", "McGlashan"),
        ("O'NEILL", "O'Neill"),
        ("O’SULLIVAN", "O’Sullivan"),
        ("ROBERTSON-BROWN", "Robertson-Brown"),
        ("CAPUCHO PAULO", "Capucho Paulo"),
        ("MACHIN", "Machin"),
        ("ZHI", "Zhi"),
        ("de Souza", "de Souza"),  # not shouted: kept
    ],
)
def test_title_surname(shouted: str, title: str) -> None:
    assert title_surname(shouted) == title


def test_parties_kept_as_printed() -> None:
    [imported], _ = read_opendata(FILES[2022])
    assert {r.party for r in imported.rows} == {r["political_party_name"] for r in records(2022)}


def test_council_from_the_folder_or_the_argument(tmp_path: Path) -> None:
    folder = tmp_path / "east-riding"
    folder.mkdir()
    copy = shutil.copy(FILES[2022], folder / "results.csv")
    assert council_from_folder(Path(copy)) == "East Riding"
    [imported], _ = read_opendata(Path(copy))
    assert imported.council == "East Riding"
    [imported], _ = read_opendata(Path(copy), council="Trafford")
    assert imported.council == "Trafford"
    assert {r.council for r in imported.rows} == {"Trafford"}


def test_a_malformed_row_is_reported_and_the_others_import(tmp_path: Path) -> None:
    path = tmp_path / "testshire" / "results.csv"
    path.parent.mkdir()
    path.write_text(
        "\n".join(
            [
                HEADER,
                "2024-05-02,W1,North,ABLE,Ann,NA,NA,x,u,Labour Party,ELECTED,900,1710,4000,42.8",
                "2024-05-02,W1,North,BAKER,Bob,NA,NA,x,u,Reform UK,NOT ELECTED,lots,1710,4000,42.8",
                ",,,,,,,,,,,,,,",
                "2024-05-02,W1,North,COLE,Cat,NA,NA,x,u,Green Party,NOT ELECTED,800,1710,4000,42.8",
                "2024-05-02,W1,North,DYER,Dan,NA,NA,x,u,Green Party,MAYBE,10,1710,4000,42.8",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    [imported], errors = read_opendata(path)
    assert errors == []  # the council's own warnings, not the file's
    assert [(w.code, w.file, w.row, w.field, w.records) for w in imported.warnings] == [
        ("unreadable-row", "results.csv", 3, "votes_won", ("ward/north",)),
        ("unreadable-row", "results.csv", 6, "election_result", ("ward/north",)),
    ]
    assert "lots" in str(imported.warnings[0])
    assert imported.council == "Testshire"
    assert [(r.candidate, r.votes, r.source.row) for r in imported.rows] == [
        ("Ann Able", 900, 2),
        ("Cat Cole", 800, 5),
    ]
    north = imported.wards["north"]
    assert (north.electorate, north.turnout, north.ballots) == (4000, 42.8, 1710)
    assert north.basis is TurnoutBasis.BALLOTS  # 1710 papers, 1700 valid votes


def test_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("election_date,ward_name,votes\n2024-05-02,North,3\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match="votes_won") as caught:
        read_opendata(path)
    assert (caught.value.file, caught.value.row) == ("bad.csv", 1)
