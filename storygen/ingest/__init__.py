"""Ingest: read results and desk context into validated election models."""

from __future__ import annotations

from pathlib import Path

from storygen.ingest import native
from storygen.model import Election


def load_election(path: str | Path, story: str | None = None) -> Election:
    """An election folder's election; or, for a UK Parliament export (or a folder holding
    `general.toml`), one story of that general election: the UK's unless `story` names a
    constituency, nation or English region."""
    from storygen.ingest.general import is_general_source

    if is_general_source(Path(path)):
        from storygen.general import load_story  # the stories rank seats by their majorities

        return load_story(path, story)
    if story is not None:
        from storygen.errors import InputFormatError

        raise InputFormatError(
            "--story names a story of a general election",
            file=str(path),
            expected="a UK Parliament results export, or a folder with general.toml",
        )
    return native.load_election(path)


__all__ = ["load_election"]
