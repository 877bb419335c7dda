"""People a desk knows (`--people`) and per-council context files (`--context`), merged with a
national file's results; a file that does not fit a council fails that council alone."""

from __future__ import annotations

import textwrap
import tomllib
from pathlib import Path

import pytest

from storygen import batch, pipeline
from storygen.cli import main
from storygen.ingest import load_election
from storygen.ingest.imports.common import build_election
from storygen.ingest.imports.ocd import Compositions, Councillors, enrich

from .conftest import SHARED, write_rows
from .test_import_leh import council

OCD = SHARED / "ocd"


def prose(draft: pipeline.Draft) -> str:
    return "\n".join(s.text for s in draft.sentences() if s not in draft.results)


@pytest.fixture(scope="module")
def kent(tmp_path_factory: pytest.TempPathFactory) -> pipeline.Draft:
    """Kent 2025 as `batch --people` drafts it (the workbook read once for the whole run)."""
    people = tmp_path_factory.mktemp("desk") / "people.csv"
    people.write_text(
        "council,name,role,party\nKent County Council,Roger Gough,council leader,Conservative\n",
        encoding="utf-8",
    )
    item = council(2025, "Kent")
    extra = enrich(
        item,
        Compositions.read(OCD / "council-composition-2016-2025.csv"),
        Councillors.read(OCD / "councillors-2024.csv"),
        Councillors.read(OCD / "councillors-2025.csv"),
    )
    desk = batch._Desk.read(people, None)
    election = desk.merge(build_election(item, extra)[0])
    assert not desk.unused()
    leader = next(p for p in election.people if p.name == "Roger Gough")
    assert (leader.role, leader.party, leader.source.row) == ("council leader", "C", 2)
    return pipeline.generate(election)


def test_a_defeated_council_leader_is_named_with_the_role(kent: pipeline.Draft) -> None:
    sentence = next(s for s in prose(kent).split("\n") if "Roger Gough" in s)
    assert "council leader Roger Gough" in sentence
    assert "Sevenoaks North & Darent Valley" in sentence
    assert "Reform UK's Marc Logen" in sentence and "188 votes" in sentence


# two small councils in LEAP's layout: the error handling needs no national file
ROWS = [
    ("Northshire", "E1", "Abbey", "W1", "Ann Able", "Lab", "900", "1"),
    ("Northshire", "E1", "Abbey", "W1", "Bob Baker", "C", "800", "0"),
    ("Northshire", "E1", "St. Marys", "W2", "Cat Cole", "C", "700", "1"),
    ("Northshire", "E1", "St. Marys", "W2", "Dan Dyer", "Lab", "650", "0"),
    ("Northshire", "E1", "Castle", "W4", "Gus Gale", "Lab", "610", "1"),
    ("Northshire", "E1", "Castle", "W4", "Hal Hope", "C", "600", "0"),
    ("Southshire", "E2", "Bridge", "W3", "Eve East", "LD", "500", "1"),
    ("Southshire", "E2", "Bridge", "W3", "Fay Fox", "C", "400", "0"),
]


@pytest.fixture
def leap(tmp_path: Path) -> Path:
    path = tmp_path / "leap-2024-05-02.csv"
    write_rows(path, ROWS)
    return path


def context(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


NORTH = """
[council]
name = "Northshire"
full_name = "Northshire County Council"

[election]
date = "2 May 2024"

[[targets]]
party = "Conservatives"
wards = ["Abbey"]

[[areas]]
name = "the east of the county"
wards = ["Abbey", "St Mary's"]

[[people]]
name = "Ann Able"
role = "Labour group leader"
party = "Labour"

[[quotes]]
speaker = "Ann Able"
text = "We held Abbey."
"""


def test_context_files_are_merged_by_council(leap: Path, tmp_path: Path) -> None:
    folder = context(tmp_path / "ctx", "north.toml", NORTH)
    jobs, failures, notes = batch.collect([leap], context=folder)
    assert not failures and not notes
    north = next(j.election for j in jobs if j.election.council.name == "Northshire")
    assert north.council.full_name == "Northshire County Council"
    assert [t.wards for t in north.targets] == [("ward/abbey",)]
    # "St Mary's" in the context is the results' "St. Marys"
    assert north.areas[0].wards == ("ward/abbey", "ward/st-marys")
    assert [q.text for q in north.quotes] == ["We held Abbey."]
    assert any(p.file == "north.toml" for p in north.provenance)
    south = next(j.election for j in jobs if j.election.council.name == "Southshire")
    assert not south.targets and not south.quotes
    draft = pipeline.generate(north)
    assert "We held Abbey." in prose(draft)
    assert not pipeline.check(north, draft).errors


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (NORTH.replace('wards = ["Abbey"]', 'wards = ["Abbey Park"]'), "no ward 'Abbey Park'"),
        (NORTH.replace('party = "Conservatives"', 'party = "Tory Party"'), "unknown party"),
        (NORTH.replace('speaker = "Ann Able"', 'speaker = "Zed Zee"'), "speaker 'Zed Zee'"),
        (NORTH.replace('date = "2 May 2024"', 'date = "4 May 2023"'), "context is for 2023"),
        (NORTH + "\n[wards.Abbey]\nelectorate = 3\n", "the results give it"),
        (NORTH.replace("[[targets]]", "[[target]]"), "unknown key"),
    ],
)
def test_a_context_that_does_not_fit_fails_its_council_alone(
    leap: Path, tmp_path: Path, text: str, error: str
) -> None:
    folder = context(tmp_path / "ctx", "north.toml", text)
    jobs, failures, _ = batch.collect([leap], context=folder)
    assert [j.election.council.name for j in jobs] == ["Southshire"]
    (failure,) = failures
    assert failure.council == "Northshire" and failure.status == "failed"
    assert error in failure.errors[0] and "north.toml" in failure.errors[0]


def test_two_contexts_for_one_council_and_one_for_no_council(leap: Path, tmp_path: Path) -> None:
    folder = context(tmp_path / "ctx", "a.toml", NORTH)
    context(folder, "b.toml", NORTH)
    context(folder, "c.toml", '[council]\nname = "Westshire"\n')
    context(folder, "d.toml", "[[targets]]\nparty = 'Labour'\nwards = []\n")
    _, failures, notes = batch.collect([leap], context=folder)
    assert [f.council for f in failures] == ["Northshire"]
    assert "2 context files for Northshire" in failures[0].errors[0]
    assert any("c.toml" in n and "Westshire" in n for n in notes)
    assert any("d.toml" in n and "names no council" in n for n in notes)


def test_people_file_rows(leap: Path, tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text(
        "Council,Name,Role,Party,Ward\n"
        "Northshire,Bob Baker,council leader,C,Abbey\n"
        "Southshire,Fay Fox,opposition leader,Reform UK,\n"
        "Westshire,Gil Grey,council leader,Labour,\n",
        encoding="utf-8",
    )
    jobs, failures, notes = batch.collect([leap], people=people)
    assert not failures
    north = next(j.election for j in jobs if j.election.council.name == "Northshire")
    (bob,) = north.people
    assert (bob.role, bob.party, bob.ward) == ("council leader", "C", "ward/abbey")
    assert any("people.csv:4" in n and "Westshire" in n for n in notes)
    south = next(j.election for j in jobs if j.election.council.name == "Southshire")
    assert south.people[0].party == "Reform" and south.people[0].ward is None


def test_a_people_row_that_does_not_fit_fails_its_council(leap: Path, tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text(
        "council,name,role,party\nNorthshire,Bob Baker,council leader,Whig\n", encoding="utf-8"
    )
    jobs, failures, _ = batch.collect([leap], people=people)
    assert [j.election.council.name for j in jobs] == ["Southshire"]
    assert "people.csv:2" in failures[0].errors[0] and "'Whig'" in failures[0].errors[0]
    people.write_text("name,role\nBob Baker,leader\n", encoding="utf-8")
    assert main(["batch", str(leap), "--out", str(tmp_path / "o"), "--people", str(people)]) == 1


def test_batch_and_import_options(leap: Path, tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    people.write_text("council,name,role,party\nNorthshire,Bob Baker,leader,C\n", "utf-8")
    folder = context(tmp_path / "ctx", "north.toml", NORTH)
    out = tmp_path / "out"
    args = ["batch", str(leap), "--out", str(out), "--people", str(people), "--context"]
    assert main([*args, str(folder), "--jobs", "1"]) == 0
    assert "We held Abbey." in (out / "northshire-2024-05-02.txt").read_text(encoding="utf-8")
    folder_out = tmp_path / "north"
    assert main(["import", str(leap), "--council", "Northshire", "--out", str(folder_out),
                 "--people", str(people)]) == 0  # fmt: skip
    written = tomllib.loads((folder_out / "election.toml").read_text(encoding="utf-8"))
    assert written["people"] == [
        {"name": "Bob Baker", "role": "leader", "party": "Conservatives",
         "source": "people.csv row 2"}
    ]  # fmt: skip
    assert load_election(folder_out).people[0].role == "leader"
