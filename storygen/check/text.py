"""Edited texts as the checker reads them, from any export: plain text, Markdown or HTML.

An export is read back into paragraphs of prose and the lines of its results box. The marks a
writer adds are not copy: the NEEDS REVIEW banner, Markdown's heading and bold marks and
escapes, HTML tags and entities, the results heading, the automation line of the page footer.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

BANNER = re.compile(r"^(?:>\s*)?(?:\*\*)?NEEDS REVIEW\b.*$", re.I)
HTML_HINT = re.compile(r"<(?:!doctype|html|body|article|p|h1|h2|span|li|ul|section)\b", re.I)
MD_ESCAPE = re.compile(r"\\([\\*_`#\[\]])")
RESULTS_HEADINGS = ("results", "## results")
BLOCKS = ("p", "h1", "h2", "h3", "li", "title", "div", "header", "footer", "section", "ul")


@dataclass
class Export:
    """An edited text: its paragraphs of prose, and the lines of its results box."""

    paragraphs: list[str] = field(default_factory=list)
    results: list[str] = field(default_factory=list)


class _Page(HTMLParser):
    """Collects the text of each block of a page, skipping what is not copy."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.export = Export()
        self.skip = 0  # inside <title>, <script>, <style>, a footer or the review banner
        self.in_results = False
        self.stack: list[str] = []
        self.current: list[str] = []
        self.item = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag in ("title", "script", "style", "footer") or (
            attributes.get("role") == "alert" or "needs-review" in classes
        ):
            self.flush()
            self.skip += 1
            self.stack.append(tag + ":skip")
            return
        if tag == "section" and "results" in classes:
            self.in_results = True
        if tag in BLOCKS:
            self.flush()
        if tag == "li":
            self.item = True
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            top = self.stack.pop()
            if top.endswith(":skip"):
                self.skip -= 1
                if top.startswith(tag):
                    return
                continue
            if top == tag:
                break
        if tag in BLOCKS:
            self.flush()
        if tag == "section":
            self.in_results = False

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.current.append(data)

    def flush(self) -> None:
        text = " ".join("".join(self.current).split())
        self.current = []
        item, self.item = self.item, False
        if not text or text.lower() == "results":
            return
        if self.in_results or item:
            self.export.results.append(text)
        else:
            self.export.paragraphs.append(text)


def read_export(text: str) -> Export:
    """The paragraphs and results lines of an exported draft, whatever its format."""
    if HTML_HINT.search(text):
        page = _Page()
        page.feed(text)
        page.close()
        page.flush()
        return page.export
    export = Export()
    in_results = False
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if len(lines) == 1 and BANNER.match(lines[0]):
            continue  # the NEEDS REVIEW banner of a text or Markdown export
        if lines[0].lower() in RESULTS_HEADINGS:
            in_results = True
            lines = lines[1:]
            if not lines:
                continue
        if in_results:
            export.results += [
                _markdown(line.removeprefix("- ").removeprefix("* ")) for line in lines
            ]
        else:
            export.paragraphs.append(_markdown(" ".join(lines)))
    return export


def _markdown(text: str) -> str:
    """Prose without Markdown's marks: '# ' headings, bold, escapes, escaped angle brackets."""
    text = re.sub(r"^#{1,6}\s+", "", text)
    text = re.sub(r"^\*\*(.*)\*\*$", r"\1", text)
    text = MD_ESCAPE.sub(r"\1", text)
    return html.unescape(text) if "&" in text else text
