"""The whole pipeline for one election: ingest -> analyse -> detect -> plan -> realise -> check."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from storygen.analyse import Analysis, analyse
from storygen.analyse.summary import NeighbourSummary
from storygen.detect import Fact, detect
from storygen.ingest import load_election
from storygen.model import Election
from storygen.plan import DocumentPlan, plan
from storygen.realise.draft import Draft
from storygen.realise.render import realise
from storygen.realise.style import DEFAULT_STYLE, StyleSettings

if TYPE_CHECKING:  # the checker imports spaCy: it is loaded by check() alone
    from storygen.check import CheckReport, Vocabulary


def analysis_of(election: Election) -> Analysis:
    """The derived figures of an election (a general election's are its constituencies')."""
    if election.general is not None:
        from storygen.analyse.general import analyse_constituencies

        return analyse_constituencies(election)
    return analyse(election)


def facts_of(election: Election, neighbours: tuple[NeighbourSummary, ...] = ()) -> list[Fact]:
    """Every fact the rules find in an election, highest score first."""
    return detect(election, analysis_of(election), neighbours)


def generate(
    source: str | Path | Election,
    *,
    templates: Path | None = None,
    settings: StyleSettings = DEFAULT_STYLE,
    results: bool = False,
    neighbours: tuple[NeighbourSummary, ...] = (),
) -> Draft:
    """The draft story of an election folder (or an already loaded election).

    `neighbours` are the headline results of neighbouring councils in the same batch.
    """
    election = source if isinstance(source, Election) else load_election(source)
    _, planned = plan_of(election, neighbours)
    return realise(planned, templates=templates, settings=settings, results=results)


def plan_of(
    election: Election,
    neighbours: tuple[NeighbourSummary, ...] = (),
    *,
    left_out: Iterable[str] = (),
    forced_in: Iterable[str] = (),
    variants: dict[str, int] | None = None,
) -> tuple[list[Fact], DocumentPlan]:
    """The facts of an election and its document plan, with an editor's choices (facts left
    out or forced in, phrasings by message id) where there are any."""
    analysis = analysis_of(election)
    facts = detect(election, analysis, neighbours)
    planned = plan(
        election,
        facts,
        left_out=left_out,
        forced_in=forced_in,
        variants=variants,
        warnings=(*election.warnings, *analysis.warnings),
    )
    return facts, planned


def check(
    election: Election,
    draft: Draft,
    *,
    text: str | None = None,
    settings: StyleSettings = DEFAULT_STYLE,
    vocabulary: Vocabulary | None = None,
) -> CheckReport:
    """Check a draft (or an editor's text of it) against the election's facts.

    Doubtful data the story touches (the validation layer's review warnings) is an error too:
    the draft needs review whatever its sentences say. `vocabulary` is the election's names,
    when the caller already has them (results night checks one story after every declaration).
    """
    from storygen.check import CheckReport, Finding, Vocabulary, check_draft, check_text

    vocabulary = vocabulary or Vocabulary.from_election(election)
    if text is not None:
        report = check_text(text, draft, vocabulary, settings)
    else:
        report = check_draft(draft, vocabulary, settings)
    data = tuple(
        Finding(
            severity="error",
            code="doubtful-data",
            location="data",
            sentence="",
            message=reason,
        )
        for reason in draft.review
    )
    # nothing empty is ever written: an empty or punctuation-only sentence is an error
    data += tuple(
        Finding(
            severity="error",
            code="empty-sentence",
            location=sentence.message,
            sentence=sentence.text,
            message="the sentence says nothing",
        )
        for sentence in draft.sentences()
        if not any(ch.isalnum() for ch in sentence.text)
    )
    from storygen.check.checker import check_facts

    # the facts themselves, proved against the records by a separate derivation
    data += check_facts(election, draft)
    return CheckReport(findings=(*data, *report.findings)) if data else report
