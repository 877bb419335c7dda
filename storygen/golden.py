"""Golden samples: the drafts generated from fixtures/, kept in samples/ and compared on test."""

from __future__ import annotations

import difflib
from pathlib import Path

from storygen import pipeline
from storygen.ingest import load_election
from storygen.publish import FORMATS, write
from storygen.publish.writers import EXTENSIONS


def generate_samples(fixtures: Path) -> dict[str, str]:
    """Every sample file name (`<fixture>.<ext>`) and the text the code writes for it."""
    out = {}
    for folder in sorted(p for p in fixtures.iterdir() if p.is_dir()):
        election = load_election(folder)
        draft = pipeline.generate(election)
        report = pipeline.check(election, draft)
        for fmt in sorted(FORMATS):
            out[f"{folder.name}.{EXTENSIONS[fmt]}"] = write(draft, fmt, report)
    return out


def diff(current: str, expected: str, name: str) -> str:
    """A unified diff from the sample on disk to what the code writes now."""
    return "".join(
        difflib.unified_diff(
            current.splitlines(keepends=True),
            expected.splitlines(keepends=True),
            fromfile=f"{name} (on disk)",
            tofile=f"{name} (generated)",
        )
    )
