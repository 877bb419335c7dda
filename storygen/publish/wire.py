"""Wire formats: a standalone semantic HTML page and IPTC ninjs (2.2 and 3.1) JSON.

Times come from an injectable clock (`WireSettings.now`) and are written in Europe/London
time, so the same draft and clock give the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from dateutil import tz
from markupsafe import Markup

from storygen.realise.draft import Draft, Sentence

if TYPE_CHECKING:  # the checker imports spaCy: load it only where a check runs
    from storygen.check import CheckReport

LONDON = tz.gettz("Europe/London")
DIGITAL_SOURCE = {
    "uri": "http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia",
    "name": "Created by an algorithm from data, without training data",
}
AUTOMATION_LINE = (
    "This story was generated with automation by storygen from official results, "
    "and every figure in it was checked against them."
)
UNCHECKED_LINE = (
    "This story was generated with automation by storygen from official results; "
    "its figures have not been checked against them."
)
NINJS_VERSIONS = ("2.2", "3.1")


@dataclass(frozen=True)
class WireSettings:
    """What a wire desk sets on a story beyond its text."""

    now: datetime
    first_created: datetime | None = None  # the first version's time (default: now)
    version: int = 1
    byline: str = "storygen"
    automation_line: str = AUTOMATION_LINE
    embargo: datetime | None = None
    urgency: int = 4
    pubstatus: str = "usable"  # usable, withheld, canceled
    ednote: str | None = None  # an update or correction note
    notes: tuple[str, ...] = field(default=())


def london(moment: datetime) -> str:
    """A time as ISO 8601 in Europe/London time (a naive time is taken as London time)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LONDON)
    return moment.astimezone(LONDON).isoformat(timespec="seconds")


def _sentence_html(s: Sentence) -> Markup:
    facts = " ".join(s.facts)
    attrs = Markup(' data-facts="{}"').format(facts) if facts else Markup("")
    return Markup("<span{}>{}</span>").format(attrs, s.text)


def to_html(
    draft: Draft, report: CheckReport | None = None, settings: WireSettings | None = None
) -> str:
    """A standalone semantic HTML page: headline, standfirst, paragraphs, results, a footer."""
    line = settings.automation_line if settings else AUTOMATION_LINE
    if report is None and line == AUTOMATION_LINE:
        line = UNCHECKED_LINE  # never claim a check that did not run
    parts = [
        Markup('<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">'),
        Markup("<title>{}</title>\n</head>\n<body>\n<article>").format(draft.headline.text),
    ]
    if report is not None and report.errors:
        parts.append(
            Markup('<p role="alert" class="needs-review">Needs review: {} error(s)</p>').format(
                len(report.errors)
            )
        )
    parts.append(Markup("<header>\n<h1>{}</h1>").format(_sentence_html(draft.headline)))
    if draft.standfirst:
        parts.append(
            Markup('<p class="standfirst">{}</p>').format(_sentence_html(draft.standfirst))
        )
    parts.append(Markup("</header>"))
    for paragraph in draft.paragraphs:
        inner = Markup(" ").join(_sentence_html(s) for s in paragraph.sentences)
        quote = all(s.quotes for s in paragraph.sentences)
        tag = Markup('<p class="quote">') if quote else Markup("<p>")
        parts.append(tag + inner + Markup("</p>"))
    if draft.results:
        parts.append(Markup('<section class="results">\n<h2>Results</h2>\n<ul>'))
        parts += [Markup("<li>{}</li>").format(_sentence_html(s)) for s in draft.results]
        parts.append(Markup("</ul>\n</section>"))
    parts.append(Markup("<footer><p>{}</p></footer>\n</article>\n</body>\n</html>").format(line))
    return str(Markup("\n").join(parts)) + "\n"


def _body_text(draft: Draft, line: str) -> str:
    blocks = [p.text for p in draft.paragraphs]
    if draft.results:
        blocks.append("Results\n" + "\n".join(s.text for s in draft.results))
    blocks.append(line)
    return "\n\n".join(blocks) + "\n"


def _body_html(draft: Draft, line: str) -> str:
    parts = [Markup("<p>{}</p>").format(p.text) for p in draft.paragraphs]
    if draft.results:
        items = Markup("").join(Markup("<li>{}</li>").format(s.text) for s in draft.results)
        parts.append(Markup("<h2>Results</h2><ul>{}</ul>").format(items))
    parts.append(Markup('<p class="automation">{}</p>').format(line))
    return str(Markup("\n").join(parts))


def to_ninjs(
    draft: Draft,
    report: CheckReport | None,
    settings: WireSettings,
    version: str = "2.2",
) -> str:
    """An IPTC ninjs document (2.2 lower-case keys, 3.1 camelCase) for the draft."""
    if version not in NINJS_VERSIONS:
        raise ValueError(f"ninjs version {version!r}: expected one of {', '.join(NINJS_VERSIONS)}")
    camel = version.startswith("3")

    def key(lower: str, camel_case: str) -> str:
        return camel_case if camel else lower

    if report is None and settings.automation_line == AUTOMATION_LINE:
        settings = replace(settings, automation_line=UNCHECKED_LINE)
    ednotes = [n for n in (settings.ednote,) if n]
    if report is not None and report.errors:
        ednotes.append(f"Needs review: the checker found {len(report.errors)} error(s).")
    ednotes += list(settings.notes)
    doc: dict[str, Any] = {
        "uri": f"urn:storygen:{draft.election_id}",
        "standard": {
            "name": "ninjs",
            "version": version,
            "schema": f"http://www.iptc.org/std/ninjs/ninjs-schema_{version}.json#",
        },
        "type": "text",
        key("representationtype", "representationType"): "full",
        "version": str(settings.version),
        key("firstcreated", "firstCreated"): london(settings.first_created or settings.now),
        key("versioncreated", "versionCreated"): london(settings.now),
        # a draft that needs review is not for publication until an editor has looked
        key("pubstatus", "pubStatus"): (
            "withheld" if report is not None and report.errors else settings.pubstatus
        ),
        "urgency": settings.urgency,
        "language": "en-GB",
        "headlines": [{"value": draft.headline.text}],
        "by": settings.byline,
        "located": draft.council,
        "slugline": f"election-{draft.election_id}",
        "bodies": [
            {
                key("contenttype", "contentType"): "text/plain",
                "value": _body_text(draft, settings.automation_line),
            },
            {
                key("contenttype", "contentType"): "text/html",
                "value": _body_html(draft, settings.automation_line),
            },
        ],
        "places": [{"name": draft.council}],
        key("digitalsourcetype", "digitalSourceType"): DIGITAL_SOURCE,
    }
    if draft.standfirst:
        doc["descriptions"] = [{"role": "summary", "value": draft.standfirst.text}]
    if settings.embargo is not None:
        doc[key("embargoed", "embargoedUntil")] = london(settings.embargo)
    if ednotes:
        doc[key("ednote", "edNote")] = " ".join(ednotes)
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
