"""Importers never drop rows silently, `import` says what is wrong and keeps a desk's edits, and a
batch lists every draft in its folder."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import openpyxl  # type: ignore[import-untyped]
import pytest

from storygen import batch
from storygen.cli import main
from storygen.ingest.imports.leh import read_leh

from .conftest import SHARED
from .test_import_leh import HEADER_2025, WARDS_2025, _cand_2025, _write

LEAP_2016 = SHARED / "leap" / "leap-2016-05-05.csv"
TRAFFORD = SHARED / "trafford" / "2022-local_election_results_2022.csv"


def leap_slice(tmp_path: Path, councils: tuple[str, ...] = ("Adur", "Canterbury")) -> Path:
    path = tmp_path / "leap-2016-05-05.csv"
    lines = LEAP_2016.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(
        "".join(line for line in lines if line.split(",", 1)[0].strip('"') in councils),
        encoding="utf-8",
    )
    return path


def statuses(path: Path, out: Path, council: str | None = None) -> dict[str, str]:
    jobs, failures, _ = batch.collect([path], council=council)
    outcomes = batch.run(jobs, out, workers=1, failures=failures)
    return {o.council: o.status for o in outcomes}


def small_workbook(path: Path, *, bad_votes: object = None, repeat: bool = False) -> Path:
    rows = [
        _cand_2025("North", "Ann Able", "Reform UK", 900, True),
        _cand_2025("North", "Bob Baker", "Labour Party", 800 if bad_votes is None else bad_votes,
                   False),
        _cand_2025("North", "Cat Cole", "Green Party", 300, False),
    ]  # fmt: skip
    if repeat:
        rows.append(list(rows[2]))
    ward = ["North", "E58000001", 1, "Testshire", "Testdale", "CC", "All", 1, 4000, 2100, 5,
            0.525, 0.5]  # fmt: skip
    return _write(
        path,
        {
            "Candidates result": [
                ["Local election results by candidate, 2025"],
                HEADER_2025,
                *rows,
            ],
            "Ward results": [["Local election results by ward, 2025"], WARDS_2025, ward],
        },
    )


# -- rows never dropped silently (item 2) --------------------------------------------------------


@pytest.mark.parametrize("bad", ["\u00b2", "\u2460", "lots", 1.5, -3, True])
def test_a_bad_cell_in_a_workbook_is_the_councils_warning(tmp_path: Path, bad: object) -> None:
    path = small_workbook(tmp_path / "leh-2025.xlsx", bad_votes=bad)
    councils, errors = read_leh(path)
    assert errors == []
    [warning] = councils[0].warnings
    assert (warning.row, warning.field, warning.review) == (4, "Votes cast", True)
    assert statuses(path, tmp_path / "out") == {"Testshire": "needs review"}


def test_import_prints_the_councils_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = small_workbook(tmp_path / "leh-2025.xlsx", bad_votes="\u00b2")
    assert main(["import", str(path), "--council", "Testshire", "--out", str(tmp_path / "t")]) == 0
    err = capsys.readouterr().err
    assert "warning: leh-2025.xlsx:4: Votes cast: North: a row cannot be read" in err


@pytest.mark.parametrize("kind", ["leap", "leh", "opendata"])
def test_a_repeated_candidate_row_reaches_the_check(tmp_path: Path, kind: str) -> None:
    if kind == "leap":
        path = leap_slice(tmp_path)
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        adur = [i for i, line in enumerate(lines) if line.startswith('"Adur"')]
        lines.insert(adur[-1], lines[adur[-1]])
        path.write_text("".join(lines), encoding="utf-8")
        council = "Adur"
    elif kind == "leh":
        path = small_workbook(tmp_path / "leh-2025.xlsx", repeat=True)
        council = "Testshire"
    else:
        folder = tmp_path / "trafford"
        folder.mkdir()
        path = folder / TRAFFORD.name
        lines = TRAFFORD.read_text(encoding="utf-8").splitlines(keepends=True)
        lines.insert(5, lines[4])
        path.write_text("".join(lines), encoding="utf-8")
        council = "Trafford"
    jobs, _, _ = batch.collect([path], council="Trafford" if kind == "opendata" else None)
    [job] = [j for j in jobs if j.election.council.name == council]
    assert "duplicate-candidate" in {w.code for w in job.election.warnings}
    found = statuses(path, tmp_path / "out", "Trafford" if kind == "opendata" else None)
    assert found[council] == "needs review"


def test_a_blank_elected_flag_in_a_final_file_is_not_a_count_going_on(tmp_path: Path) -> None:
    path = leap_slice(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(i for i, line in enumerate(lines) if line.startswith('"Adur"'))
    fields = next(csv.reader([lines[i]]))
    ward = fields[2]
    for j, line in enumerate(lines):
        row = next(csv.reader([line]))
        if row[0] == "Adur" and row[2] == ward:
            row[7] = ""
            lines[j] = ",".join(f'"{v}"' for v in row) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "out"
    assert statuses(path, out)["Adur"] == "needs review"
    text = (out / "adur-2016-05-05.txt").read_text(encoding="utf-8")
    assert "goes on" not in text and "declared" not in text.split("\n\n")[1]


def test_a_leap_row_the_council_of_which_cannot_be_read(tmp_path: Path) -> None:
    path = leap_slice(tmp_path, ("Adur", "Canterbury", "Barrow-in-Furness"))
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(i for i, line in enumerate(lines) if line.startswith('"Canterbury"')) + 1
    lines[i] = '"\u00b2,,,"\n'  # nothing says whose it is: the councils either side fail
    path.write_text("".join(lines), encoding="utf-8")
    found = statuses(path, tmp_path / "out")
    assert found["Canterbury"] == "failed"
    assert found["Barrow-in-Furness"] in ("ok", "needs review")


# -- import (item 8) -----------------------------------------------------------------------------


def test_import_of_a_truncated_workbook_says_what_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = small_workbook(tmp_path / "whole.xlsx")
    cut = tmp_path / "leh-2025.xlsx"
    cut.write_bytes(path.read_bytes()[:3000])
    assert main(["import", str(cut), "--council", "Testshire", "--out", str(tmp_path / "t")]) == 1
    err = capsys.readouterr().err
    assert "error: leh-2025.xlsx: not an Excel workbook" in err and "no council" not in err


def test_import_of_a_garbled_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = small_workbook(tmp_path / "leh-2025.xlsx")
    data = bytearray(path.read_bytes())
    book = openpyxl.load_workbook(path)
    book.close()
    for at in range(len(data) // 3, len(data) // 3 + 200):
        data[at] = (data[at] * 7 + 3) % 256
    path.write_bytes(bytes(data))
    code = main(["import", str(path), "--council", "Testshire", "--out", str(tmp_path / "t")])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("error: leh-2025.xlsx") and "internal error" not in err


def test_import_keeps_a_desks_edits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = leap_slice(tmp_path)
    out = tmp_path / "adur"
    args = ["import", str(source), "--council", "Adur", "--out", str(out)]
    assert main(args) == 0
    assert main(args) == 0  # nothing edited: written again
    toml = out / "election.toml"
    edited = toml.read_text(encoding="utf-8") + '\n[[people]]\nname = "A Desk"\n'
    toml.write_text(edited, encoding="utf-8")
    capsys.readouterr()
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "election.toml changed since storygen import wrote them" in err and "--force" in err
    assert toml.read_text(encoding="utf-8") == edited
    assert main([*args, "--force"]) == 0
    [backup] = (out / ".storygen-backup").iterdir()
    assert (backup / "election.toml").read_text(encoding="utf-8") == edited
    assert "A Desk" not in toml.read_text(encoding="utf-8")


def test_import_refuses_a_folder_it_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "adur"
    out.mkdir()
    (out / "candidates.csv").write_text("a desk's own file\n", encoding="utf-8")
    args = ["import", str(leap_slice(tmp_path)), "--council", "Adur", "--out", str(out)]
    assert main(args) == 1
    assert (out / "candidates.csv").read_text(encoding="utf-8") == "a desk's own file\n"


def test_an_imported_folder_with_its_backups_still_loads(tmp_path: Path) -> None:
    from storygen.ingest import load_election

    source = leap_slice(tmp_path)
    out = tmp_path / "adur"
    args = ["import", str(source), "--council", "Adur", "--out", str(out)]
    assert main(args) == 0
    (out / "candidates.csv").write_text(
        (out / "candidates.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    toml = out / "election.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert main([*args, "--force"]) == 0
    assert load_election(out).council.name == "Adur"


# -- batch folders and samples (item 8) ----------------------------------------------------------


def test_drafts_of_councils_no_longer_in_the_input_are_listed_as_stale(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert main(["batch", str(leap_slice(tmp_path / "a")), "--out", str(out)]) == 0
    assert main(["batch", str(leap_slice(tmp_path / "b", ("Adur",))), "--out", str(out)]) == 0
    document = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert [c["council"] for c in document["councils"]] == ["Adur"]
    [stale] = document["stale"]
    assert stale["key"] == "canterbury-2016-05-05" and stale["status"] == "stale"
    assert stale["files"] == ["canterbury-2016-05-05.txt"]
    listed = {f for c in document["councils"] for f in c["files"]} | set(stale["files"])
    drafts = {p.name for p in out.iterdir() if not p.name.startswith(".")} - {"index.json"}
    assert drafts == listed  # every draft in the folder is in the index


def test_samples_outside_the_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["samples"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "fixtures/" in err and "bug" not in err
    shutil.rmtree(tmp_path, ignore_errors=True)
