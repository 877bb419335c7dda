"""Audit a batch directory of drafts against the raw files."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .box import check_box_line
from .claims import Ctx, check_sentence
from .derive import CouncilTruth, derive
from .findings import EXCUSED, OK, UNDERIVED, UNPARSED, WRONG, Finding, Sentence
from .lexicon import Lexicon
from .names import council_key
from .readers import Councillor, read_compositions, read_councillors, read_results


@dataclass
class DraftReport:
    """The findings on one draft."""

    council: str
    path: str
    status: str
    findings: list[Finding] = field(default_factory=list)

    def count(self, verdict: str) -> int:
        """How many findings have this verdict."""
        return sum(1 for f in self.findings if f.verdict == verdict)


@dataclass
class Audit:
    """The findings on a whole batch."""

    drafts: list[DraftReport] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # councils of the source with no draft

    def totals(self) -> Counter[str]:
        """Findings by verdict."""
        out: Counter[str] = Counter()
        for d in self.drafts:
            for f in d.findings:
                out[f.verdict] += 1
        return out


def load_truths(
    source: Path,
    compositions: Path | None,
    councillors: Path | None,
    councillors_after: Path | None = None,
) -> dict[str, CouncilTruth]:
    """Every council of a results file, derived."""
    councils = read_results(source)
    comps = read_compositions(compositions) if compositions else None
    lists = read_councillors(councillors) if councillors else None
    after = read_councillors(councillors_after) if councillors_after else None
    history = _history(councillors_after or councillors)
    return {key: derive(council, comps, lists, after, history) for key, council in councils.items()}


def _history(listed: Path | None) -> dict[str, list[Councillor]] | None:
    """Every year's councillor list beside the one given (councillors-YYYY.csv), merged."""
    if listed is None:
        return None
    out: dict[str, list[Councillor]] = {}
    for path in sorted(listed.parent.glob("councillors-*.csv")):
        for key, people in read_councillors(path).items():
            out.setdefault(key, []).extend(people)
    return out


def _sentences(draft: dict[str, Any]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for part in ("headline", "standfirst"):
        item = draft.get(part)
        if item and item.get("text"):
            out.append((item["text"], item.get("fragment") or part))
    for paragraph in draft.get("paragraphs") or []:
        for sentence in paragraph.get("sentences") or []:
            if sentence and sentence.get("text"):
                out.append((sentence["text"], sentence.get("fragment") or ""))
    return out


def audit_draft(truth: CouncilTruth, json_path: Path) -> DraftReport:
    """Check every claim of one draft (its JSON sentences, and its text's results box)."""
    draft = json.loads(json_path.read_text(encoding="utf-8"))
    status = str(draft.get("status") or "")
    review = status.replace("_", " ").lower() == "needs review"
    council_name = str(draft.get("council") or truth.council.name)
    report = DraftReport(council_name, str(json_path), status)
    lex = Lexicon(truth, {truth.council.key, council_key(council_name)})
    sentences = _sentences(draft)
    for text, kind in sentences:
        s = Sentence(text, council_name, json_path.name, review)
        check_sentence(truth, lex, s, kind)
        if truth.alternative is not None and any(f.verdict == WRONG for f in s.findings):
            _second_reading(truth.alternative, lex, s, kind, truth)
        report.findings.extend(s.findings)
    text_path = json_path.with_suffix(".txt")
    if text_path.exists():
        _check_text(truth, lex, text_path, sentences, report, review)
    return report


ALTERNATIVE_KINDS = {"composition", "control", "net change"}


def _second_reading(
    alt: CouncilTruth, lex: Lexicon, s: Sentence, kind: str, truth: CouncilTruth
) -> None:
    """A claim wrong by before-minus-defended-plus-won but true by the snapshot after the poll
    is not proved either way: the rows disagree (defections or by-elections in the year)."""
    again = Sentence(s.text, s.council, s.draft, s.review)
    check_sentence(alt, Lexicon(alt, lex.council_names), again, kind)
    by_claim = {(f.kind, f.claim): f for f in again.findings}
    for finding in s.findings:
        if finding.verdict != WRONG or finding.kind not in ALTERNATIVE_KINDS:
            continue
        other = by_claim.get((finding.kind, finding.claim))
        if other is not None and other.verdict == OK:
            finding.verdict = EXCUSED if s.review else UNDERIVED
            finding.rows = (
                f"the snapshot after the poll gives this, but the previous year's composition "
                f"minus defended plus won gives otherwise ({finding.rows})"
            )


def _check_text(
    truth: CouncilTruth,
    lex: Lexicon,
    path: Path,
    sentences: list[tuple[str, str]],
    report: DraftReport,
    review: bool,
) -> None:
    body, _, box = path.read_text(encoding="utf-8").partition("\nResults\n")
    rest = body
    for text, _kind in sentences:
        if text in rest:
            rest = rest.replace(text, "", 1)
        else:
            report.findings.append(
                Finding(
                    UNPARSED,
                    "text",
                    text,
                    "sentence of the JSON not in the text",
                    text,
                    report.council,
                    path.name,
                )
            )
    for line in rest.splitlines():
        line = line.strip()
        if line and not line.startswith("NEEDS REVIEW"):
            report.findings.append(
                Finding(
                    UNPARSED,
                    "text",
                    line,
                    "text not in the JSON's sentences",
                    line,
                    report.council,
                    path.name,
                )
            )
    for line in box.splitlines():
        line = line.strip()
        if not line:
            continue
        s = Sentence(line, report.council, path.name, review)
        check_box_line(Ctx(truth, lex, s), s)
        report.findings.extend(s.findings)


def audit_batch(
    batch: Path,
    source: Path,
    compositions: Path | None,
    councillors: Path | None,
    councillors_after: Path | None = None,
) -> Audit:
    """Audit every draft of a batch directory made from one source."""
    truths = load_truths(source, compositions, councillors, councillors_after)
    result = Audit()
    seen: set[str] = set()
    for json_path in sorted(batch.glob("*.json")):
        if json_path.name == "index.json":
            continue
        draft = json.loads(json_path.read_text(encoding="utf-8"))
        key = council_key(str(draft.get("council") or ""))
        truth = truths.get(key)
        if truth is None:
            report = DraftReport(
                str(draft.get("council")), str(json_path), str(draft.get("status"))
            )
            report.findings.append(
                Finding(
                    UNPARSED,
                    "council",
                    str(draft.get("council")),
                    "no such council in the source",
                    "",
                    report.council,
                    json_path.name,
                )
            )
            result.drafts.append(report)
            continue
        seen.add(key)
        result.drafts.append(audit_draft(truth, json_path))
    result.missing = sorted(t.council.name for k, t in truths.items() if k not in seen)
    return result


VERDICTS = (OK, WRONG, UNDERIVED, EXCUSED, UNPARSED)
__all__ = ["VERDICTS", "Audit", "DraftReport", "audit_batch", "audit_draft", "load_truths"]
