"""A desk's edits of one council's draft, kept in a sidecar file, and the draft they make.

The edits (facts left out or forced in, phrasings, the headline, quote wording) name facts,
messages and quotes by id. `generate`, `batch` and the preview all write a draft through
`draft_with`, so an edit made in the preview is the draft every command writes (`--no-edits`
ignores them). Where the edits live: an election folder keeps them in `.storygen-edits.json`;
a council of a national file keeps them beside its draft in the batch folder
(`<key>.edits.json`). Writes are atomic and, with `locked`, serialised across processes.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)

from storygen.analyse.summary import NeighbourSummary
from storygen.detect.fact import Fact
from storygen.errors import EditsError
from storygen.model import Election, Source
from storygen.pipeline import plan_of
from storygen.plan import DocumentPlan
from storygen.realise.draft import Draft
from storygen.realise.render import realise
from storygen.realise.style import DEFAULT_STYLE, StyleSettings

SIDECAR = ".storygen-edits.json"
BATCH_SUFFIX = ".edits.json"

HEADLINE_MAX = 300  # characters: a long wire headline is about 100
QUOTE_MAX = 3000  # characters: several paragraphs of speech
ID_MAX = 200
MAX_ITEMS = 2000  # facts, phrasings or quotes named in one sidecar

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _no_control(text: str) -> str:
    if _CONTROL.search(text):
        raise ValueError("control characters are not allowed in copy")
    return text


Id = Annotated[str, StringConstraints(min_length=1, max_length=ID_MAX), AfterValidator(_no_control)]
Headline = Annotated[str, StringConstraints(max_length=HEADLINE_MAX), AfterValidator(_no_control)]
QuoteText = Annotated[str, StringConstraints(max_length=QUOTE_MAX), AfterValidator(_no_control)]
Phrasing = Annotated[int, Field(ge=1, le=99)]


class Choices(BaseModel):
    """What an editor changed: facts left out or forced in, phrasings, headline, quotes."""

    model_config = ConfigDict(extra="forbid")

    left_out: Annotated[list[Id], Field(max_length=MAX_ITEMS)] = []
    forced_in: Annotated[list[Id], Field(max_length=MAX_ITEMS)] = []
    variants: Annotated[dict[Id, Phrasing], Field(max_length=MAX_ITEMS)] = {}
    headline: Headline | None = None
    quotes: Annotated[dict[Id, QuoteText], Field(max_length=MAX_ITEMS)] = {}

    def empty(self) -> bool:
        """No edit at all."""
        return self == Choices()

    def fingerprint(self) -> str:
        """The edits as canonical text, for a batch's fingerprint of its input."""
        return self.model_dump_json()


def folder_sidecar(folder: Path) -> Path:
    """Where an election folder's edits are kept."""
    return folder / SIDECAR


def batch_sidecar(out: Path, key: str) -> Path:
    """Where the edits of a council drafted from a national file are kept: beside its draft."""
    return out / f"{key}{BATCH_SUFFIX}"


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on a folder (flock on the directory itself: no lock file to
    leave behind), so that two processes or threads reading, changing and saving its files
    one after the other lose nothing. Never nest it for one folder."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def read_choices(path: Path) -> Choices:
    """The edits saved at `path` (none saved: no edits); a damaged file is an EditsError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Choices()
    except (OSError, UnicodeDecodeError) as exc:
        raise EditsError(
            f"unreadable editor's choices: {exc}", file=str(path), expected=SIDECAR_EXPECTED
        ) from None
    try:
        return Choices.model_validate(json.loads(text))
    except (json.JSONDecodeError, ValidationError, RecursionError) as exc:
        detail = str(exc).splitlines()[0][:200]
        raise EditsError(
            f"unreadable editor's choices: {detail}",
            file=str(path),
            expected=SIDECAR_EXPECTED,
            hint="the preview sets a damaged file aside; --no-edits ignores it",
        ) from None


SIDECAR_EXPECTED = "storygen's edits JSON (left_out, forced_in, variants, headline, quotes)"


def save_choices(path: Path, choices: Choices) -> None:
    """Save edits atomically (a restart or new results keep them); no edits, no file."""
    from storygen.batch import write_atomically

    if choices.empty():
        path.unlink(missing_ok=True)
        return
    write_atomically(path, choices.model_dump_json(indent=2) + "\n")


def set_aside(path: Path, now: datetime | None = None) -> Path:
    """Rename a damaged file out of the way (kept for the desk), and say where it went."""
    stamp = (now or datetime.now()).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    os.replace(path, target)
    return target


def set_aside_files(path: Path) -> list[Path]:
    """Damaged copies of `path` set aside earlier, oldest first."""
    return sorted(path.parent.glob(f"{path.name}.damaged-*"))


@dataclass(frozen=True)
class Applied:
    """An election with the editor's quote edits, and the choices that no longer apply."""

    election: Election
    stale: list[str]
    edited_quotes: tuple[str, ...]


def apply_quotes(election: Election, choices: Choices, sidecar: str = SIDECAR) -> Applied:
    """The election with the desk's wording of quotes; each edited quote cites the edit (not the
    reporter) as its source. Choices naming a quote that is gone are stale."""
    if not choices.quotes:
        return Applied(election, [], ())
    quotes = {q.id: q for q in election.quotes}
    stale = [f"quote {qid}: no such quote any more" for qid in choices.quotes if qid not in quotes]
    edited = []
    out = []
    for quote in election.quotes:
        text = " ".join(choices.quotes.get(quote.id, "").split())
        if not text or text == quote.text:
            out.append(quote)
            continue
        edited.append(quote.id)
        source = Source(
            file=sidecar,
            key=f"quotes.{quote.id}",
            cite=f"edited by the desk; supplied in {quote.source}",
        )
        out.append(quote.model_copy(update={"text": text, "source": source}))
    return Applied(election.model_copy(update={"quotes": tuple(out)}), stale, tuple(edited))


def stale_facts(choices: Choices, facts: list[Fact], messages: set[str]) -> list[str]:
    """Choices that name a fact or message the current results no longer have."""
    ids = {f.id for f in facts}
    stale = [f"left out {i}: that fact is gone" for i in choices.left_out if i not in ids]
    stale += [f"forced in {i}: that fact is gone" for i in choices.forced_in if i not in ids]
    stale += [
        f"phrasing of {m}: that sentence is gone" for m in choices.variants if m not in messages
    ]
    return stale


@dataclass(frozen=True)
class Edited:
    """A council's draft with the desk's edits applied, and what it was made from."""

    election: Election  # with the desk's wording of quotes: check the draft against this
    facts: list[Fact]
    plan: DocumentPlan
    draft: Draft
    stale: list[str]  # edits that no longer apply
    edited_quotes: tuple[str, ...]


def plan_with(
    election: Election,
    choices: Choices,
    neighbours: tuple[NeighbourSummary, ...] = (),
    sidecar: str = SIDECAR,
) -> tuple[Applied, list[Fact], DocumentPlan]:
    """The quote edits, the facts and the plan with the desk's choices (no prose yet)."""
    applied = apply_quotes(election, choices, sidecar)
    facts, planned = plan_of(
        applied.election,
        neighbours,
        left_out=choices.left_out,
        forced_in=choices.forced_in,
        variants=choices.variants,
    )
    return applied, facts, planned


def write_with(
    applied: Applied,
    facts: list[Fact],
    planned: DocumentPlan,
    choices: Choices,
    *,
    results: bool = False,
    templates: Path | None = None,
    settings: StyleSettings = DEFAULT_STYLE,
) -> Edited:
    """The draft of a plan made with `plan_with`, with the desk's headline."""
    written = realise(planned, templates=templates, settings=settings, results=results)
    if choices.headline and choices.headline.strip():
        headline = written.headline.model_copy(update={"text": " ".join(choices.headline.split())})
        written = written.model_copy(update={"headline": headline})
    messages = {s.message for s in written.sentences()}
    stale = applied.stale + stale_facts(choices, facts, messages)
    return Edited(applied.election, facts, planned, written, stale, applied.edited_quotes)


def draft_with(
    election: Election,
    choices: Choices,
    *,
    neighbours: tuple[NeighbourSummary, ...] = (),
    results: bool = False,
    templates: Path | None = None,
    settings: StyleSettings = DEFAULT_STYLE,
    sidecar: str = SIDECAR,
) -> Edited:
    """The draft of an election with the desk's edits (with no edits: the plain draft)."""
    applied, facts, planned = plan_with(election, choices, neighbours, sidecar)
    return write_with(
        applied, facts, planned, choices, results=results, templates=templates, settings=settings
    )


def describe(choices: Choices) -> list[str]:
    """The edits in a few words each, for notes and the batch index."""
    out = []
    if choices.left_out:
        out.append(f"left out: {', '.join(choices.left_out)}")
    if choices.forced_in:
        out.append(f"forced in: {', '.join(choices.forced_in)}")
    if choices.variants:
        out.append(f"phrasing chosen for: {', '.join(sorted(choices.variants))}")
    if choices.headline:
        out.append("headline edited")
    if choices.quotes:
        out.append(f"quotes edited: {', '.join(sorted(choices.quotes))}")
    return out
