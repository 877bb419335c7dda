"""The command line: one line per user error, non-zero exit, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from storygen.cli import main

from .conftest import BIRMINGHAM, MINI_ROWS, ROOT, MakeElection


def test_validate_birmingham(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(BIRMINGHAM)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok")
    assert "40 wards, 208 candidates, 40 seats up, 120 seats in all" in out


def test_validate_reports_every_error_in_one_line_each(
    make_election: MakeElection, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [*MINI_ROWS[:3], ("Testshire", "E0", "South", "W2", "Dan Dyer", "Whig", "6x0", "0")]
    folder = make_election('[wards.Nowhere]\ndefending = "Labour"\n', rows=rows)
    assert main(["validate", str(folder)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == "2 errors"
    assert err[0].startswith("error: testshire-2024/candidates.csv:4: votes:")
    assert "no ward 'Nowhere'" in err[1]


def test_no_traceback_from_the_console_script(tmp_path: object) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "storygen", "validate", "/no/such/folder"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        "error: /no/such/folder: no such file or folder; expected an election folder"
    )


def test_usage_errors_exit_non_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 2
    assert "Missing argument" in capsys.readouterr().err


def test_schema_command_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "storygen election context"
    assert {"council", "election", "wards", "quotes"} <= set(schema["properties"])


def test_parties_command_lists_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parties"]) == 0
    lines = capsys.readouterr().out.splitlines()
    con = next(line for line in lines if line.startswith("C "))
    assert "Conservative and Unionist Party" in con


def test_generate_prints_the_text_draft(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", str(BIRMINGHAM)]) == 0
    out = capsys.readouterr().out
    assert out == (ROOT / "samples" / "birmingham-2016.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(("fmt", "ext"), [("markdown", "md"), ("json", "json"), ("text", "txt")])
def test_generate_formats_to_a_file(fmt: str, ext: str, tmp_path: Path) -> None:
    out = tmp_path / f"draft.{ext}"
    assert main(["generate", str(BIRMINGHAM), "--format", fmt, "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == (
        ROOT / "samples" / f"birmingham-2016.{ext}"
    ).read_text(encoding="utf-8")


def test_generate_json_links_sentences_to_facts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", str(BIRMINGHAM), "-f", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    facts = {f["id"]: f for f in doc["facts"]}
    sentences = [s for p in doc["paragraphs"] for s in p["sentences"]]
    assert doc["headline"]["text"] and doc["standfirst"]["text"]
    for sentence in sentences:
        assert sentence["facts"] or sentence.get("quotes")
        for fact_id in sentence["facts"]:
            assert facts[fact_id]["used"] and facts[fact_id]["sources"]
    weoley = next(s for s in sentences if "Eddie Freeman" in s["text"])
    assert facts[weoley["facts"][0]]["kind"] == "defeated_incumbent"
    assert facts[weoley["facts"][0]]["figures"]["margin"] == 182


def test_number_words_setting(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", str(BIRMINGHAM), "--number-words", "10"]) == 0
    out = capsys.readouterr().out
    assert "the Lib Dems, with ten," in out


def test_generate_on_bad_input_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["generate", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and "election.toml" in err[0]


def test_facts_lists_scores_labels_and_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["facts", str(BIRMINGHAM)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["95.00", "control/Lab"]
    assert "held_under_pressure/kingstanding" in out
    assert "majority under 10 per cent" not in out  # the label is the first line only
    assert "Held under pressure: the defender held a ward its runner-up had targeted." in out


def test_samples_command_reports_a_stale_sample(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    shutil.copytree(ROOT / "fixtures", tmp_path / "fixtures")
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    assert main(["samples", "--root", str(tmp_path)]) == 0
    assert "samples up to date" in capsys.readouterr().out
    txt = tmp_path / "samples" / "birmingham-2016.txt"
    txt.write_text(txt.read_text().replace("Sparkbrook", "Sparkhill"))
    assert main(["samples", "--root", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "-Labour recorded the biggest majority, 5,726 in Sparkhill." in captured.out
    assert "storygen samples --update" in captured.err
    assert main(["samples", "--root", str(tmp_path), "--update"]) == 0
    assert "Sparkbrook" in txt.read_text()


def test_output_does_not_depend_on_hash_seed() -> None:
    outputs = set()
    for seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-m", "storygen", "generate", str(BIRMINGHAM), "-f", "json"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1


def test_output_to_a_missing_folder_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", str(BIRMINGHAM), "-o", "/no/such/folder/draft.txt"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: /no/such/folder/draft.txt: cannot write")
    assert "Traceback" not in err


def test_output_format_follows_the_file_extension(tmp_path: Path) -> None:
    out = tmp_path / "draft.md"
    assert main(["generate", str(BIRMINGHAM), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("# ")


def test_a_bug_is_one_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from storygen import pipeline

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(pipeline, "check", broken)
    monkeypatch.delenv("STORYGEN_DEBUG", raising=False)
    assert main(["generate", str(BIRMINGHAM)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("internal error: ZeroDivisionError") and "Traceback" not in err
