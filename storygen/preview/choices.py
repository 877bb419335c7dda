"""An editor's choices for one election, kept in a sidecar file beside its input.

Choices name facts, messages and quotes by id; applying them to new results keeps those that
still apply and reports the rest as stale, so nothing an editor did is silently dropped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from storygen.batch import write_atomically
from storygen.detect.fact import Fact
from storygen.errors import InputFormatError
from storygen.model import Election

SIDECAR = ".storygen-edits.json"


class Choices(BaseModel):
    """What an editor changed: facts left out or forced in, phrasings, headline, quotes."""

    model_config = ConfigDict(extra="forbid")

    left_out: list[str] = []
    forced_in: list[str] = []
    variants: dict[str, int] = {}
    headline: str | None = None
    quotes: dict[str, str] = {}


def sidecar_path(folder: Path) -> Path:
    """Where an election folder's choices are kept."""
    return folder / SIDECAR


def load_choices(folder: Path) -> Choices:
    """The saved choices of an election folder (none saved: no choices)."""
    path = sidecar_path(folder)
    if not path.exists():
        return Choices()
    try:
        return Choices.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, ValidationError) as exc:
        raise InputFormatError(
            f"unreadable editor choices: {exc}", file=str(path), expected="storygen's sidecar JSON"
        ) from None


def save_choices(folder: Path, choices: Choices) -> None:
    """Save choices atomically: a restart or new results keep them."""
    write_atomically(sidecar_path(folder), choices.model_dump_json(indent=2) + "\n")


@dataclass(frozen=True)
class Applied:
    """An election with the editor's quote edits, and the choices that no longer apply."""

    election: Election
    stale: list[str]


def apply_quotes(election: Election, choices: Choices) -> Applied:
    """The election with edited quotes; choices naming a quote that is gone are stale."""
    quotes = {q.id: q for q in election.quotes}
    stale = [f"quote {qid}: no such quote any more" for qid in choices.quotes if qid not in quotes]
    edited = tuple(
        q.model_copy(update={"text": choices.quotes[q.id].strip()})
        if q.id in choices.quotes and choices.quotes[q.id].strip()
        else q
        for q in election.quotes
    )
    return Applied(election.model_copy(update={"quotes": edited}), stale)


def stale_facts(choices: Choices, facts: list[Fact], messages: set[str]) -> list[str]:
    """Choices that name a fact or message the current results no longer have."""
    ids = {f.id for f in facts}
    stale = [f"left out {i}: that fact is gone" for i in choices.left_out if i not in ids]
    stale += [f"forced in {i}: that fact is gone" for i in choices.forced_in if i not in ids]
    stale += [
        f"phrasing of {m}: that sentence is gone" for m in choices.variants if m not in messages
    ]
    return stale
