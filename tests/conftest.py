"""Shared test helpers: paths to the fixtures and shared data, and tiny hand-made elections."""

from __future__ import annotations

import itertools
import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from storygen.ingest import load_election
from storygen.model import Election

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
BIRMINGHAM = FIXTURES / "birmingham-2016"
# The real published data the fixtures were built from, beside the checkout (as in CI).
SHARED = Path(os.environ.get("STORYGEN_SHARED_DATA", ROOT.parent / "shared" / "data"))
if not (SHARED / "SOURCES.md").is_file():
    raise RuntimeError(
        f"shared data not found at {SHARED}: the tests check fixtures against it; "
        "clone beside ../shared or set STORYGEN_SHARED_DATA"
    )

MINI_CONTEXT = """
[council]
name = "Testshire"
total_seats = 6

[election]
date = "2 May 2024"
type = "thirds"
"""

MINI_ROWS = [
    ("Testshire", "E0", "North", "W1", "Ann Able", "Lab", "900", "1"),
    ("Testshire", "E0", "North", "W1", "Bob Baker", "C", "800", "0"),
    ("Testshire", "E0", "South", "W2", "Cat Cole", "C", "700", "1"),
    ("Testshire", "E0", "South", "W2", "Dan Dyer", "LD", "650", "0"),
]

MakeElection = Callable[..., Path]


def write_rows(path: Path, rows: list[tuple[str, ...]], quote: bool = True) -> None:
    """Write candidate rows in LEAP's layout, quoted like LEAP or bare."""
    fmt = (lambda v: f'"{v}"') if quote else (lambda v: v)
    path.write_text("".join(",".join(fmt(v) for v in r) + "\n" for r in rows), encoding="utf-8")


@pytest.fixture
def make_election(tmp_path: Path) -> MakeElection:
    """A factory for a small native election folder: context TOML text plus candidate rows."""

    def make(
        extra: str = "",
        rows: list[tuple[str, ...]] | None = None,
        context: str = MINI_CONTEXT,
        name: str = "testshire-2024",
    ) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        toml = textwrap.dedent(context) + textwrap.dedent(extra)
        (folder / "election.toml").write_text(toml, encoding="utf-8")
        write_rows(folder / "candidates.csv", MINI_ROWS if rows is None else rows)
        return folder

    return make


# (candidate, party, votes or None, elected or None); None, None: the ward has not declared
Cand = tuple[str, str, int | None, bool | None]
Row = tuple[str, ...]
Build = Callable[..., Election]


def ward_rows(ward: str, *cands: Cand) -> list[Row]:
    """Candidate rows of one ward in LEAP's column order."""
    code = "W-" + ward.replace(" ", "").lower()
    return [
        (
            "Testshire",
            "E0",
            ward,
            code,
            name,
            party,
            "" if votes is None else str(votes),
            "" if elected is None else str(int(elected)),
        )
        for name, party, votes, elected in cands
    ]


def context(total_seats: int = 6, kind: str = "thirds") -> str:
    return (
        f'[council]\nname = "Testshire"\ntotal_seats = {total_seats}\n\n'
        f'[election]\ndate = "2 May 2024"\ntype = "{kind}"\n'
    )


@pytest.fixture
def build(make_election: MakeElection) -> Build:
    """Load a hand-made election: rows, extra TOML, council size and election type."""
    names = itertools.count(1)

    def make(
        rows: list[Row], extra: str = "", total_seats: int = 6, kind: str = "thirds"
    ) -> Election:
        folder = make_election(extra, rows, context(total_seats, kind), name=f"e{next(names)}")
        return load_election(folder)

    return make


@pytest.fixture(scope="session")
def leh_2024_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The LEH 2024 national file drafted as `storygen batch` drafts it (107 councils), once
    per test run; copy it before changing it."""
    from storygen import batch

    out = tmp_path_factory.mktemp("leh-2024") / "batch"
    ocd = SHARED / "ocd"
    jobs, failures, warnings = batch.collect(
        [SHARED / "leh" / "leh-2024.xlsx"],
        ocd / "council-composition-2016-2025.csv",
        ocd / "councillors-2023.csv",
        out=out,
    )
    batch.run(jobs, out, workers=2, failures=failures, warnings=warnings)
    return out
