"""What a check found: findings and the report, as plain data.

The checker (storygen.check, which imports spaCy) makes them; the writers, the review page and
the batch read them. Here, outside that package, they can be read without importing spaCy: a
batch's checker process sends each report back for the batch process to write the drafts.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Severity = Literal["error", "warning"]


class Finding(BaseModel):
    """One problem in the copy: where, what, and what was expected."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    severity: Severity
    code: str
    location: str  # "headline", "standfirst", "paragraph 3, sentence 1"
    sentence: str
    span: tuple[int, int] | None = None
    text: str | None = None  # the offending words
    message: str
    expected: str | None = None

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        what = f" {self.text!r}" if self.text else ""
        line = f"{self.severity}: {where}{self.message}{what}"
        if self.expected:
            line += f"; expected {self.expected}"
        return line


class CheckReport(BaseModel):
    """Every finding of one check; any error means the draft needs review."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    findings: tuple[Finding, ...] = ()

    @property
    def errors(self) -> list[Finding]:
        """The error-level findings."""
        return [f for f in self.findings if f.severity == "error"]

    @property
    def status(self) -> str:
        """'ok', or 'needs review' when any finding is an error."""
        return "needs review" if self.errors else "ok"
