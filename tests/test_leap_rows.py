"""Rows in LEAP's column order, quoted or not, with clear errors for bad rows."""

from __future__ import annotations

from pathlib import Path

from storygen.errors import FieldValueError, InputFormatError
from storygen.ingest.leap import read_candidate_rows
from storygen.model import Incumbency

from .conftest import MINI_ROWS, write_rows


def test_quoted_and_bare_rows_read_the_same(tmp_path: Path) -> None:
    write_rows(tmp_path / "q.csv", MINI_ROWS, quote=True)
    write_rows(tmp_path / "b.csv", MINI_ROWS, quote=False)
    quoted, e1 = read_candidate_rows(tmp_path / "q.csv", display_name="x")
    bare, e2 = read_candidate_rows(tmp_path / "b.csv", display_name="x")
    assert not e1 and not e2
    assert quoted == bare
    assert [(r.candidate, r.votes, r.elected) for r in quoted][:2] == [
        ("Ann Able", 900, True),
        ("Bob Baker", 800, False),
    ]


def test_header_padding_blank_and_incumbent_column(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "council,council_code,ward,ward_code,candidate,party,votes,elected,incumbent\n"
        '"T","E0","North","W1","Ann Able"," Lab ","1,234","1","yes"\n'
        '"T","E0","South","W2","Bob Baker","C","","",""\n',
        encoding="utf-8",
    )
    rows, errors = read_candidate_rows(path)
    assert not errors
    assert rows[0].party == "Lab" and rows[0].votes == 1234 and rows[0].row == 2
    assert rows[0].incumbent is Incumbency.YES
    assert rows[1].votes is None and rows[1].elected is None
    assert rows[1].incumbent is Incumbency.UNKNOWN


def test_every_bad_row_is_reported_with_row_and_field(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        '"T","E0","North","W1","Ann Able","Lab","9O0","1"\n'
        '"T","E0","North","W1","Bob Baker","C","800"\n'
        '"T","E0","North","W1","Cy Coe","C","80","maybe"\n'
        '"T","E0","North","W1","Di Dee","LD","8","0"\n',
        encoding="utf-8",
    )
    rows, errors = read_candidate_rows(path, display_name="c.csv")
    assert [r.candidate for r in rows] == ["Di Dee"]
    assert [(type(e), e.row, e.field) for e in errors] == [
        (FieldValueError, 1, "votes"),
        (InputFormatError, 2, None),
        (FieldValueError, 3, "elected"),
    ]
    assert "c.csv:1: votes: not a vote count" in str(errors[0])
    assert "'9O0'" in str(errors[0])
