"""Cases a review found: STV counts, vacant seats, mayoral placeholders, a bad file in a batch,
withheld wire copy, a mid-count turnout range, the preview under bad or concurrent requests."""

from __future__ import annotations

import json
import re
import shutil
import threading
from datetime import datetime
from pathlib import Path

import pytest

from storygen import live
from storygen.cli import main
from storygen.edits import SIDECAR
from storygen.ingest import load_election
from storygen.ingest.imports.common import CouncilImport, ResultRow, build_election
from storygen.ingest.imports.ocd import Councillors, enrich
from storygen.model import Source
from storygen.pipeline import check, facts_of, generate
from storygen.preview.app import create_app
from storygen.publish import write
from storygen.publish.wire import LONDON, WireSettings, to_ninjs

from .conftest import BIRMINGHAM, FIXTURES
from .preview_support import trusted


def leap_line(council: str, ward: str, name: str, party: str, votes: str, elected: str) -> str:
    return (
        ",".join(f'"{v}"' for v in (council, "S1", ward, "W", name, party, votes, elected)) + "\n"
    )


def test_an_stv_count_gets_no_majority_and_no_negative_figure(tmp_path: Path) -> None:
    rows = [  # three seats; the third elected on fewer first preferences than a loser
        ("Dyce", "A SNP", "SNP", "2000", "1"), ("Dyce", "B Lab", "Lab", "1500", "1"),
        ("Dyce", "C LD", "LD", "600", "1"), ("Dyce", "D C", "C", "900", "0"),
        ("Kirk", "E SNP", "SNP", "1200", "1"), ("Kirk", "F C", "C", "800", "0"),
        ("Mill", "G Lab", "Lab", "1000", "1"), ("Mill", "H SNP", "SNP", "700", "0"),
        ("Moss", "I C", "C", "900", "1"), ("Moss", "J Lab", "Lab", "850", "0"),
    ]  # fmt: skip
    source = tmp_path / "leap-2017-05-04.csv"
    source.write_text("".join(leap_line("Aberglen", *r) for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["batch", str(source), "--out", str(out)]) == 0
    text = (out / "aberglen-2017-05-04.txt").read_text(encoding="utf-8")
    assert not re.search(r"-\d", text)
    box = next(line for line in text.splitlines() if line.startswith("Dyce:"))
    assert "Majority" not in box
    assert json.loads((out / "index.json").read_text())["councils"][0]["status"] == "ok"


def test_a_mayoral_placeholder_row_does_not_fail_its_council(tmp_path: Path) -> None:
    lines = [
        leap_line("Dunham", "North", "A A", "Lab", "900", "1"),
        leap_line("Dunham", "North", "B B", "C", "800", "0"),
        leap_line("Dunham", "Elected Mayor", "NULL", "NULL", "NULL", "NULL"),
    ]
    source = tmp_path / "leap-2017-05-04.csv"
    source.write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["batch", str(source), "--out", str(out)]) == 0
    index = json.loads((out / "index.json").read_text())
    assert index["councils"][0]["status"] == "ok" and index["warnings"]


def test_a_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"not a workbook")
    good = tmp_path / "leap-2017-05-04.csv"
    good.write_text(
        leap_line("Dunham", "North", "A A", "Lab", "900", "1")
        + leap_line("Dunham", "North", "B B", "C", "800", "0"),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["batch", str(bad), str(good), "--out", str(out)]) == 1
    assert (out / "dunham-2017-05-04.txt").exists()


def test_a_vacant_seat_has_no_defender(tmp_path: Path) -> None:
    people = tmp_path / "councillors-2016.csv"
    people.write_text(
        "Council,Ward Name,Councillor Name,Next Election,Party Name\n"
        "Dunham,North,Vacancy,2017-05-04,Vacant\n"
        "Dunham,South,Cy Cole,2017-05-04,Conservative and Unionist\n",
        encoding="utf-8",
    )
    source = Source(file="x.csv", row=1)
    imported = CouncilImport(council="Dunham", polling_day=datetime(2017, 5, 4).date())
    for ward, name, party, votes, elected in [
        ("North", "A A", "Lab", 900, True), ("North", "B B", "C", 800, False),
        ("South", "Cy Cole", "C", 700, True), ("South", "D D", "Lab", 600, False),
    ]:  # fmt: skip
        imported.rows.append(
            ResultRow("Dunham", None, ward, None, name, party, votes, elected, source)
        )
    extra = enrich(imported, councillors=Councillors.read(people))
    election, notes = build_election(imported, extra)
    assert election.ward("ward/north").defending == ()
    assert [d.party for d in election.ward("ward/south").defending] == ["C"]
    assert any("vacant" in n for n in notes)
    assert not [f for f in facts_of(election) if f.kind == "gain"]


def test_wire_copy_that_needs_review_is_withheld() -> None:
    election = load_election(BIRMINGHAM)
    draft = generate(election)
    paragraphs = list(draft.paragraphs)
    first = paragraphs[1].sentences[0]
    bad = first.model_copy(update={"text": first.text.replace("182", "183")})
    paragraphs[1] = paragraphs[1].model_copy(update={"sentences": (bad,)})
    wrong = draft.model_copy(update={"paragraphs": tuple(paragraphs)})
    settings = WireSettings(now=datetime(2016, 5, 6, 2, 0, tzinfo=LONDON))
    assert json.loads(to_ninjs(wrong, check(election, wrong), settings))["pubstatus"] == "withheld"
    assert json.loads(to_ninjs(draft, check(election, draft), settings))["pubstatus"] == "usable"


def test_kent_replay_claims_nothing_the_final_contradicts(tmp_path: Path) -> None:
    election = load_election(FIXTURES / "kent-2025")
    final = {f.id: f for f in facts_of(election)}
    for version in live.replay(election, tmp_path, order="alphabetical")[:-1]:
        for fact in version.draft.facts:
            if fact.kind == "progress" or fact.qualifiers.get("partial"):
                continue
            if fact.qualifiers.get("status") == "secured":
                continue
            assert fact.id in final and fact.figures == final[fact.id].figures, fact.id
        text = write(version.draft, "text")
        assert "Turnout ranged" not in text, f"v{version.number}"


def test_watch_ignores_the_preview_sidecar(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(BIRMINGHAM, src / "birmingham-2016")
    out.mkdir()
    now = datetime(2016, 5, 6, 1, 0, tzinfo=LONDON)
    assert len(live.watch_once(src, out, now)) == 1
    (src / "birmingham-2016" / SIDECAR).write_text("{}")
    assert live.watch_once(src, out, now) == []


@pytest.fixture
def client(tmp_path: Path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "birmingham-2016"
    shutil.copytree(BIRMINGHAM, folder)
    return trusted(create_app([folder])), folder


@pytest.mark.parametrize(
    "body",
    [{"variant": 5}, {"variant": ["x", "y"]}, {"quote": "abc"},
     {"fact": "turnout/council", "include": "false"}, {"headline": 3}],
)  # fmt: skip
def test_malformed_changes_are_400(client, body) -> None:  # type: ignore[no-untyped-def]
    app, _ = client
    assert app.post("/e/birmingham-2016/choices", json=body).status_code == 400


def test_a_damaged_sidecar_is_set_aside_and_said(client) -> None:  # type: ignore[no-untyped-def]
    app, folder = client
    (folder / SIDECAR).write_text("{not json")
    answer = app.get("/e/birmingham-2016/choices")
    assert answer.status_code == 200 and answer.get_json()["left_out"] == []
    assert "set aside" in answer.get_json()["notices"][0]
    assert not (folder / SIDECAR).exists() and list(folder.glob(f"{SIDECAR}.damaged-*"))
    assert app.post("/e/birmingham-2016/choices", json={"reset": True}).status_code == 200


def test_concurrent_saves_are_all_kept(client) -> None:  # type: ignore[no-untyped-def]
    app, folder = client
    ids = [f.id for f in facts_of(load_election(folder)) if f.kind == "ward_result"][:8]

    def leave_out(fact_id: str) -> None:
        app.post("/e/birmingham-2016/choices", json={"fact": fact_id, "include": False})

    threads = [threading.Thread(target=leave_out, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(json.loads((folder / SIDECAR).read_text())["left_out"]) == sorted(ids)


def test_markdown_export_keeps_markup_as_text(client) -> None:  # type: ignore[no-untyped-def]
    app, _ = client
    app.post("/e/birmingham-2016/choices", json={"headline": "<img src=x onerror=alert(1)>"})
    text = app.get("/e/birmingham-2016/export/markdown").get_data(as_text=True)
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
