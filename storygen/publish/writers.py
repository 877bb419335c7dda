"""Writers: each turns a draft into one output format, byte for byte the same for the same draft."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from storygen.realise.draft import Draft, Sentence

if TYPE_CHECKING:  # the checker imports spaCy: load it only where a check runs
    from storygen.check import CheckReport


def _review_line(report: CheckReport | None) -> str | None:
    if report is None or not report.errors:
        return None
    n = len(report.errors)
    return f"NEEDS REVIEW: the checker found {n} error{'s' if n != 1 else ''} (storygen check)"


def to_text(draft: Draft, report: CheckReport | None = None) -> str:
    """Plain text: headline, standfirst, then paragraphs, separated by blank lines."""
    review = _review_line(report)
    blocks = [review] if review else []
    blocks.append(draft.headline.text)
    if draft.standfirst:
        blocks.append(draft.standfirst.text)
    blocks += [p.text for p in draft.paragraphs]
    if draft.results:
        blocks.append("Results")
        blocks.append("\n".join(s.text for s in draft.results))
    return "\n\n".join(blocks) + "\n"


def _md_escape(text: str) -> str:
    for char in ("\\", "*", "_", "`", "#", "[", "]"):
        text = text.replace(char, "\\" + char)
    # Markdown passes raw HTML through: markup in a quote or headline must stay text
    return text.replace("<", "&lt;").replace(">", "&gt;")


def to_markdown(draft: Draft, report: CheckReport | None = None) -> str:
    """Markdown: the headline as a title, the standfirst in bold, then the paragraphs."""
    review = _review_line(report)
    blocks = [f"> **{review}**"] if review else []
    blocks.append(f"# {_md_escape(draft.headline.text)}")
    if draft.standfirst:
        blocks.append(f"**{_md_escape(draft.standfirst.text)}**")
    blocks += [_md_escape(p.text) for p in draft.paragraphs]
    if draft.results:
        blocks.append("## Results")
        blocks.append("\n".join(f"- {_md_escape(s.text)}" for s in draft.results))
    return "\n\n".join(blocks) + "\n"


def _sentence(s: Sentence) -> dict[str, Any]:
    out: dict[str, Any] = {"text": s.text, "facts": list(s.facts)}
    if s.quotes:
        out["quotes"] = list(s.quotes)
    out["fragment"] = s.fragment
    out["variant"] = s.variant
    return out


def to_json(draft: Draft, report: CheckReport | None = None) -> str:
    """JSON: headline, standfirst, paragraphs of sentences with their fact ids, and the facts."""
    used = {f for s in draft.sentences() for f in s.facts}
    document = {
        "election": draft.election_id,
        "status": report.status if report else "unchecked",
        "findings": [f.model_dump(mode="json") for f in report.findings] if report else [],
        "council": draft.council,
        "polling_day": draft.polling_day,
        "headline": _sentence(draft.headline),
        "standfirst": _sentence(draft.standfirst) if draft.standfirst else None,
        "paragraphs": [
            {"sentences": [_sentence(s) for s in p.sentences]} for p in draft.paragraphs
        ],
        "results": [_sentence(s) for s in draft.results],
        "facts": [
            {
                "id": f.id,
                "kind": f.kind.value,
                "rule": f.rule,
                "label": f.label,
                "score": f.score,
                "used": f.id in used,
                "entities": {
                    role: [e.model_dump(exclude_none=True) for e in es]
                    for role, es in f.entities.items()
                },
                "figures": f.figures,
                "qualifiers": f.qualifiers,
                "sources": list(f.sources),
            }
            for f in draft.facts
        ],
        "left_out": draft.left_out,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def to_html(draft: Draft, report: CheckReport | None = None) -> str:
    """A standalone semantic HTML page (see publish.wire)."""
    from storygen.publish.wire import to_html as page

    return page(draft, report)


FORMATS: dict[str, Callable[[Draft, CheckReport | None], str]] = {
    "text": to_text,
    "markdown": to_markdown,
    "json": to_json,
    "html": to_html,
}

EXTENSIONS = {
    "text": "txt",
    "markdown": "md",
    "json": "json",
    "html": "html",
    "ninjs": "ninjs.json",
}


def write(draft: Draft, fmt: str, report: CheckReport | None = None) -> str:
    """The draft in one of FORMATS, marked "needs review" when the check found errors."""
    return FORMATS[fmt](draft, report)
