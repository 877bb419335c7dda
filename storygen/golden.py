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
        if (folder / "general.toml").exists():
            out.update(_general_samples(folder))
            continue
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


GENERAL_SEAT_FORMATS = ("text", "json")  # a constituency's sample: the copy, and its facts


def _general_samples(folder: Path) -> dict[str, str]:
    """A general election's samples: the UK story in every format, and each constituency the
    fixture names (`<fixture>-<constituency>.<ext>`) as text and JSON, results box included."""
    from storygen.general import find_story, stories
    from storygen.ingest.general import load_general
    from storygen.model import Election, slugify

    ge = load_general(folder)
    elections = stories(ge)
    out = {}
    picks: list[tuple[str, Election, tuple[str, ...]]] = [
        (folder.name, elections[0], tuple(sorted(FORMATS)))
    ]
    for name in ge.samples:
        picks.append(
            (f"{folder.name}-{slugify(name)}", find_story(elections, name), GENERAL_SEAT_FORMATS)
        )
    for stem, election, formats in picks:
        draft = pipeline.generate(election, results=True)
        report = pipeline.check(election, draft)
        for fmt in formats:
            out[f"{stem}.{EXTENSIONS[fmt]}"] = write(draft, fmt, report)
    return out
