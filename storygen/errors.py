"""User-facing errors: one type per failure, all under StorygenError, naming where it happened."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class StorygenError(Exception):
    """Base of every error a user can cause; printed in one line by the CLI, never a traceback."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        row: int | None = None,
        field: str | None = None,
        expected: str | None = None,
        got: object = None,
        hint: str | None = None,
        council: str | None = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.row = row
        self.field = field
        self.expected = expected
        self.got = got
        self.hint = hint
        self.council = council  # the council a national file's bad row belongs to, when known
        super().__init__(str(self))

    @property
    def location(self) -> str:
        """Where the error is, as `file:row` (or just the file), or '' when unknown."""
        if self.file is None:
            return ""
        return f"{self.file}:{self.row}" if self.row is not None else self.file

    def __str__(self) -> str:
        parts = []
        if self.location:
            parts.append(f"{self.location}:")
        if self.field:
            parts.append(f"{self.field}:")
        parts.append(self.message)
        text = " ".join(parts)
        if self.expected is not None:
            text += f"; expected {self.expected}"
            if self.got is not None:
                text += f", got {self.got!r}"
        elif self.got is not None:
            text += f" (got {self.got!r})"
        if self.hint:
            text += f" ({self.hint})"
        return text


class InputNotFoundError(StorygenError):
    """A path the user gave, or a file an election folder must hold, does not exist."""


class InputFormatError(StorygenError):
    """A file cannot be read as its format: bad TOML or JSON, wrong CSV columns, bad encoding."""


class FieldValueError(StorygenError):
    """One field holds a value of the wrong kind or out of range."""


class UnknownPartyError(StorygenError):
    """A party name or code is not in the party table."""


class UnknownWardError(StorygenError):
    """The context names a ward that has no results rows."""


class UnknownPersonError(StorygenError):
    """A quote names a speaker who is not among the election's people."""


class InconsistentDataError(StorygenError):
    """Figures that must agree do not (seats, totals, majorities, elected flags)."""


class OutputError(StorygenError):
    """An output file cannot be written (a missing folder, no permission)."""


class ValidationFailed(StorygenError):
    """Several errors found in one input; each is reported on its own line."""

    def __init__(self, errors: Sequence[StorygenError]) -> None:
        self.errors = list(errors)
        first = self.errors[0] if self.errors else None
        super().__init__(
            f"{len(self.errors)} error(s) in the input",
            file=first.file if first else None,
        )

    def __str__(self) -> str:
        return "; ".join(str(e) for e in self.errors)


class EditsError(StorygenError):
    """A desk's edits cannot be read or applied (a damaged sidecar, an edit the draft refuses)."""
