"""The desk's edits made in the preview are the draft every command writes: generate, check,
batch (election folders and national files) and the exports; --no-edits ignores them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from storygen.cli import main
from storygen.edits import SIDECAR, Choices, draft_with, read_choices
from storygen.ingest import load_election
from storygen.model import FactKind

from .conftest import BIRMINGHAM

EDITS = {
    "left_out": ["turnout/council"],
    "headline": "Labour hold Birmingham",
    "quotes": {"quote/3": "We held our ground."},
    "variants": {"lead": 1},
}


@pytest.fixture
def edited(tmp_path: Path) -> Path:
    folder = tmp_path / "birmingham-2016"
    shutil.copytree(BIRMINGHAM, folder)
    (folder / SIDECAR).write_text(json.dumps(EDITS), encoding="utf-8")
    return folder


def test_generate_writes_the_edited_draft_and_says_so(
    edited: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["generate", str(edited)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Labour hold Birmingham\n")
    assert "disappointing 32 per cent" not in out
    assert "Alden said: “We held our ground.”" in out
    assert "Labour ended the night two seats up in Birmingham" in out
    assert f"note: with the desk's edits in {edited / SIDECAR}" in err


def test_no_edits_ignores_them(edited: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", str(edited), "--no-edits"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Labour strengthens hold on Birmingham\n")
    assert "disappointing 32 per cent" in out and "note:" not in err


def test_check_checks_the_edited_draft(edited: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (edited / SIDECAR).write_text(json.dumps({"headline": "Labour win 90 seats"}))
    assert main(["check", str(edited)]) == 1  # 90 is no figure of the facts
    assert "needs review" in capsys.readouterr().out
    assert main(["check", str(edited), "--no-edits"]) == 0


def test_exports_carry_the_edits(edited: Path, tmp_path: Path) -> None:
    target = tmp_path / "draft.json"
    assert main(["generate", str(edited), "-o", str(target)]) == 0
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["headline"]["text"] == "Labour hold Birmingham"
    assert "turnout/council" in document["left_out"]


def test_a_damaged_sidecar_is_one_clear_error(
    edited: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (edited / SIDECAR).write_text("{broken")
    assert main(["generate", str(edited)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {edited / SIDECAR}: unreadable editor's choices")
    assert "--no-edits" in err and "Traceback" not in err
    assert main(["generate", str(edited), "--no-edits"]) == 0


def test_a_stale_edit_is_a_warning(edited: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (edited / SIDECAR).write_text(json.dumps({"left_out": ["gain/nowhere/Lab"]}))
    assert main(["generate", str(edited)]) == 0
    assert "warning: an edit no longer applies: left out gain/nowhere/Lab" in (
        capsys.readouterr().err
    )


def test_an_edited_quote_cites_the_desk_not_the_reporter(edited: Path) -> None:
    result = draft_with(load_election(edited), read_choices(edited / SIDECAR))
    assert result.edited_quotes == ("quote/3",)
    quote = next(q for q in result.election.quotes if q.id == "quote/3")
    assert quote.source.file == SIDECAR and quote.source.cite is not None
    assert quote.source.cite.startswith("edited by the desk; supplied in")
    untouched = next(q for q in result.election.quotes if q.id == "quote/1")
    assert untouched.source.file != SIDECAR


def test_batch_of_election_folders_applies_their_edits_and_keeps_them_on_a_rerun(
    edited: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert main(["batch", str(edited), "--out", str(out), "--jobs", "1"]) == 0
    draft = out / "birmingham-2016-05-05.txt"
    assert draft.read_text(encoding="utf-8").startswith("Labour hold Birmingham\n")
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    (entry,) = index["councils"]
    assert "edited by the desk: headline edited" in entry["notes"]
    assert entry["review"] == {"state": "needs review"}
    # an edit changes the fingerprint: the re-run redrafts; --no-edits drafts without them
    (edited / SIDECAR).write_text(json.dumps({"headline": "Labour keep Birmingham"}))
    assert main(["batch", str(edited), "--out", str(out), "--jobs", "1"]) == 0
    assert draft.read_text(encoding="utf-8").startswith("Labour keep Birmingham\n")
    assert main(["batch", str(edited), "--out", str(out), "--jobs", "1", "--no-edits"]) == 0
    assert draft.read_text(encoding="utf-8").startswith("Labour strengthens hold on Birmingham")
    # what the review page needs was left beside the drafts, naming the folder of the edits
    stored = json.loads((out / ".storygen-review" / "birmingham-2016-05-05.json").read_text())
    assert stored["folder"] == str(edited.resolve())
    assert stored["summary"]["control"]["status"] == "retained"


def test_no_edits_is_the_plain_draft() -> None:
    election = load_election(BIRMINGHAM)
    from storygen.pipeline import generate

    assert draft_with(election, Choices()).draft == generate(election)
    facts = draft_with(election, Choices()).facts
    assert any(f.kind == FactKind.CONTROL for f in facts)
