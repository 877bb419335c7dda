"""The UK Parliament export importer: both layouts, the baseline, and clean one-line errors."""

from __future__ import annotations

import csv
import gzip
from collections import Counter
from pathlib import Path

import pytest

from storygen.cli import main
from storygen.errors import FieldValueError, InputFormatError
from storygen.ingest.general import area_prose, find_baseline, load_general, story_elections
from storygen.ingest.imports.parliament import is_parliament_export, read_parliament
from storygen.model import GeneralScope

from .conftest import SHARED

PARLIAMENT = SHARED / "parliament"
GE2017 = PARLIAMENT / "ge-2017-06-08.csv"
GE2019 = PARLIAMENT / "ge-2019-12-12.csv"
GE2024 = PARLIAMENT / "ge-2024-07-04.csv"
NOTIONAL = PARLIAMENT / "ge-2019-12-12-notional-2024-boundaries.csv"


def _raw(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize(
    ("path", "candidates", "notional"),
    [(GE2017, 3304, False), (GE2019, 3320, False), (GE2024, 4515, False), (NOTIONAL, 3529, True)],
    ids=["2017", "2019", "2024", "notional"],
)
def test_every_row_of_every_file_is_read(path: Path, candidates: int, notional: bool) -> None:
    export, warnings, broken = read_parliament(path)
    assert not broken and not warnings  # the real files are consistent with their own votes
    assert len(export.constituencies) == 650
    assert sum(len(c.candidates) for c in export.constituencies.values()) == candidates
    assert export.notional is notional
    assert is_parliament_export(path)


def test_the_notional_file_s_byte_order_mark_and_names() -> None:
    assert NOTIONAL.read_bytes()[:3] == b"\xef\xbb\xbf"
    export, _, _ = read_parliament(NOTIONAL)
    chorley = next(c for c in export.constituencies.values() if c.name == "Chorley")
    assert {c.party for c in chorley.candidates} == {"Spk", "Ind", "Grn"}
    assert all(c.name == "" for c in chorley.candidates)  # no candidate names in this layout


def test_html_entities_are_unescaped_and_parties_resolved() -> None:
    export, _, _ = read_parliament(GE2024)
    names = {c.name for c in export.constituencies.values()}
    assert "Queen's Park and Maida Vale" in names
    parties = Counter(c.party for s in export.constituencies.values() for c in s.candidates)
    # "Social Democratic &amp; Labour Party", "Sinn Féin", "Green Party Northern Ireland"
    assert parties["SDLP"] == 18 and parties["SF"] == 14 and parties["Reform"] == 609
    assert parties["Spk"] == 1 and parties["Ind"] == 459
    assert "Workers Party" not in parties and parties["WP"] == 152


def test_declaration_times_are_utc() -> None:
    export, _, _ = read_parliament(GE2019)
    timed = [c for c in export.constituencies.values() if c.declared_at is not None]
    assert len(timed) == 650
    first = min(timed, key=lambda c: (c.declared_at, c.name))
    assert first.name == "Newcastle Upon Tyne Central"  # as the export spells it
    raw = {r["Declaration time"] for r in _raw(GE2019) if r["Constituency name"] == first.name}
    assert raw == {"2019-12-12 23:27:00 UTC"}
    assert first.declared_at is not None and first.declared_at.isoformat() == (
        "2019-12-12T23:27:00+00:00"
    )


def test_the_baseline_is_the_previous_election_on_the_same_boundaries() -> None:
    assert find_baseline(GE2019) == GE2017
    assert find_baseline(GE2024) == NOTIONAL
    assert find_baseline(GE2017) is None
    assert find_baseline(NOTIONAL) is None


def test_stories_cover_the_uk_nations_regions_and_every_constituency() -> None:
    stories = story_elections(load_general(GE2024))
    scopes = Counter(s.general.scope for s in stories if s.general)
    assert scopes == {
        GeneralScope.UK: 1,
        GeneralScope.NATION: 4,
        GeneralScope.REGION: 9,
        GeneralScope.CONSTITUENCY: 650,
    }
    uk = stories[0]
    assert uk.composition_before is not None
    # the notional 2019 result: the winner of every constituency on the new boundaries
    assert uk.composition_before.seats["C"] == 372 and uk.composition_before.seats["Lab"] == 200
    assert {s.council.full_name for s in stories if s.general and s.general.area} >= {
        "the North East",
        "Yorkshire and the Humber",
        "the East of England",
    }


def test_2017_has_no_baseline_and_no_comparisons() -> None:
    ge = load_general(GE2017)
    assert ge.baseline is None
    uk = story_elections(ge)[0]
    assert uk.composition_before is None
    assert all(w.previous is None and not w.defending for w in uk.wards)


def test_area_prose() -> None:
    assert area_prose("North East") == "the North East"
    assert area_prose("Yorkshire and The Humber") == "Yorkshire and the Humber"
    assert area_prose("London") == "London"
    assert area_prose("East of England") == "the East of England"


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _two_seats() -> list[dict[str, str]]:
    rows = _raw(GE2019)
    keep = {rows[0]["Constituency name"], rows[-1]["Constituency name"]}
    return [r for r in rows if r["Constituency name"] in keep]


def test_a_bad_vote_count_is_reported_and_the_other_seats_go_on(tmp_path: Path) -> None:
    rows = _two_seats()
    rows[1]["Candidate vote count"] = "6,5l8"
    export, _, broken = read_parliament(_write(tmp_path / "ge.csv", rows))
    assert list(broken) == [rows[0]["Constituency name"]]
    (error,) = broken[rows[0]["Constituency name"]]
    assert isinstance(error, FieldValueError)
    assert str(error) == (
        "ge.csv:3: Candidate vote count: not a count; expected a whole number of votes, got '6,5l8'"
    )
    assert len(export.constituencies) == 1


def test_a_share_that_is_not_a_fraction(tmp_path: Path) -> None:
    rows = _two_seats()
    rows[0]["Candidate vote share"] = "53.8"
    _, _, broken = read_parliament(_write(tmp_path / "ge.csv", rows))
    (error,) = next(iter(broken.values()))
    assert "expected a fraction between 0 and 1" in str(error)


def test_the_export_s_own_figures_are_cross_checked(tmp_path: Path) -> None:
    rows = _two_seats()
    rows[0]["Majority"] = "10491"
    _, warnings, broken = read_parliament(_write(tmp_path / "ge.csv", rows))
    assert not broken
    assert [str(w) for w in warnings] == [
        "ge.csv:2: Majority: Aberavon: the top two polled 17,008 and 6,518; expected 10,490, "
        "got 10491"
    ]


def test_missing_columns_and_other_files_fail_in_one_line(tmp_path: Path) -> None:
    rows = _two_seats()
    for row in rows:
        del row["Candidate vote count"]
    with pytest.raises(InputFormatError, match=r"ge.csv:1: missing column\(s\) 'Candidate vote"):
        read_parliament(_write(tmp_path / "ge.csv", rows))
    other = tmp_path / "leap.csv"
    other.write_text('"Birmingham","E08000025","Acocks Green"\n', encoding="utf-8")
    with pytest.raises(InputFormatError, match="not a UK Parliament results export"):
        read_parliament(other)


def test_two_polling_days_in_one_file_fail(tmp_path: Path) -> None:
    rows = _two_seats()
    rows[-1]["General election polling date"] = "2017-06-08"
    with pytest.raises(InputFormatError, match="a second polling day in one file"):
        read_parliament(_write(tmp_path / "ge.csv", rows))


def test_gzipped_exports_read_the_same(tmp_path: Path) -> None:
    path = tmp_path / "ge-2019-12-12.csv.gz"
    path.write_bytes(gzip.compress(GE2019.read_bytes()))
    plain, _, _ = read_parliament(GE2019)
    packed, _, _ = read_parliament(path)
    assert is_parliament_export(path)
    assert [c.candidates for c in packed.constituencies.values()] == [
        c.candidates for c in plain.constituencies.values()
    ]


def test_cli_prints_a_bad_story_name_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", str(GE2019), "--story", "Bury Nrth"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "no story 'Bury Nrth'" in err and "did you mean 'Bury North'" in err
