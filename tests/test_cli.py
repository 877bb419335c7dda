"""The command line: one line per user error, non-zero exit, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

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
