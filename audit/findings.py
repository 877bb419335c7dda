"""Findings: what the auditor says about each claim of a draft."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import number_spans

OK = "ok"
WRONG = "wrong"
UNDERIVED = "underived"
EXCUSED = "excused"  # underived, but the draft is marked NEEDS REVIEW
UNPARSED = "unparsed"


@dataclass
class Finding:
    """One claim and the auditor's verdict on it."""

    verdict: str
    kind: str  # what the claim is about: composition, control, gain, majority, ...
    claim: str
    rows: str
    sentence: str = ""
    council: str = ""
    draft: str = ""


@dataclass
class Sentence:
    """A sentence being checked: its findings and which stretches of it were read."""

    text: str
    council: str
    draft: str
    review: bool
    findings: list[Finding] = field(default_factory=list)
    covered: list[tuple[int, int]] = field(default_factory=list)
    match: re.Match[str] | None = None

    def cover(self, *groups: str) -> None:
        """Mark the named groups of the current match as read (their numbers are claims)."""
        if self.match is None:
            return
        for group in groups:
            if self.match.group(group) is not None:
                self.covered.append(self.match.span(group))

    def cover_all(self) -> None:
        """Mark the whole sentence as read."""
        self.covered.append((0, len(self.text)))

    def add(self, verdict: str, kind: str, claim: str, rows: str, *groups: str) -> None:
        """Record a verdict on one claim."""
        if verdict == UNDERIVED and self.review:
            verdict = EXCUSED
        self.findings.append(
            Finding(verdict, kind, claim, rows, self.text, self.council, self.draft)
        )
        self.cover(*groups)

    def expect(
        self, kind: str, claim: str, stated: object, truth: object, why: str = "", *groups: str
    ) -> None:
        """A claim that a stated value equals what the rows give (None: the rows cannot say)."""
        if truth is None:
            self.add(UNDERIVED, kind, claim, why or "the rows cannot establish it", *groups)
        elif stated == truth:
            self.add(OK, kind, claim, f"{truth}", *groups)
        else:
            self.add(
                WRONG, kind, claim, f"the rows give {truth}" + (f" ({why})" if why else ""), *groups
            )

    def uncovered_numbers(self) -> list[str]:
        """Numbers in the sentence that no claim accounted for."""
        out = []
        for start, end in number_spans(self.text):
            if not any(a <= start and end <= b for a, b in self.covered):
                out.append(self.text[start:end])
        return out
