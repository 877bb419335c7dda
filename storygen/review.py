"""What a batch folder keeps for the desk's review of a whole polling day.

Beside the drafts and `index.json`, a batch leaves, for each council drafted, the election it
drafted from (`.storygen-review/<key>.json`: the election as storygen read it, the neighbours'
results it used, where its edits live, and a summary for the list: lead, control, wards), so
the review page can show and re-draft any council without the national file. The desk's review
state of each council (approved, held; anything else needs review) is the batch folder's
sidecar `.storygen-review.json`, exported in `index.json` under each council's `review`: an
approval names the digest of the draft files it approved, so a draft changed since (new
results, a new edit) needs review again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from storygen.analyse.summary import NeighbourSummary
from storygen.detect.fact import Fact
from storygen.edits import SIDECAR, batch_sidecar
from storygen.errors import EditsError
from storygen.model import Election, FactKind
from storygen.realise.draft import Draft

if TYPE_CHECKING:  # the checker imports spaCy: a --no-check batch must not
    from storygen.check import CheckReport

STORE = ".storygen-review"
STATES = ".storygen-review.json"
FORMAT = 1


class ReviewState(BaseModel):
    """The desk's decision on one council's draft."""

    model_config = ConfigDict(extra="forbid")

    state: Literal["approved", "held"]
    at: str  # when, ISO 8601 with its offset
    draft: str  # digest of the draft files the decision was about


class ReviewStates(BaseModel):
    """Every decision in one batch folder, by council key."""

    model_config = ConfigDict(extra="forbid")

    councils: dict[str, ReviewState] = {}


def states_path(out: Path) -> Path:
    """The batch folder's review sidecar."""
    return out / STATES


def read_states(out: Path) -> ReviewStates:
    """The review states of a batch folder (none yet: none); a damaged file is an EditsError."""
    path = states_path(out)
    try:
        return ReviewStates.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return ReviewStates()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, ValidationError) as exc:
        detail = str(exc).splitlines()[0][:200]
        raise EditsError(
            f"unreadable review states: {detail}",
            file=str(path),
            expected="storygen's review JSON ({councils: {key: {state, at, draft}}})",
        ) from None


def save_states(out: Path, states: ReviewStates) -> None:
    """Save the review states atomically."""
    from storygen.batch import write_atomically

    write_atomically(states_path(out), states.model_dump_json(indent=2) + "\n")


def draft_digest(out: Path, files: list[str]) -> str | None:
    """A digest of a council's draft files as they are on disk (None: a file is missing)."""
    digest = hashlib.sha256()
    for name in files:
        try:
            data = (out / name).read_bytes()
        except OSError:
            return None
        digest.update(name.encode() + b"\0" + data + b"\0")
    return f"sha256:{digest.hexdigest()}" if files else None


def exported(state: ReviewState | None, current: str | None) -> dict[str, str]:
    """A council's review state as index.json gives it to whatever publishes the drafts."""
    if state is None:
        return {"state": "needs review"}
    if state.state == "approved" and state.draft != current:
        return {
            "state": "needs review",
            "note": f"approved at {state.at}, but the draft has changed since",
        }
    return {"state": state.state, "at": state.at, "draft": state.draft}


def annotate(out: Path, councils: list[dict[str, Any]]) -> None:
    """Add each council's review state to its entry of index.json (in place)."""
    try:
        states = read_states(out).councils
    except EditsError:
        states = {}  # nothing counts as approved until the desk's file is readable again
    for council in councils:
        key = str(council.get("key"))
        state = states.get(key)
        files = council.get("files")
        current = draft_digest(out, [str(f) for f in files]) if state and files else None
        council["review"] = exported(state, current)


def now_iso() -> str:
    """The time now in Europe/London, to the second, with its offset."""
    from storygen.publish.wire import LONDON

    return datetime.now(LONDON).isoformat(timespec="seconds")


# -- what the review page needs of each council --------------------------------------------


def store_path(out: Path, key: str) -> Path:
    """Where a batch keeps what the review page needs of one council."""
    return out / STORE / f"{key}.json"


def control_of(facts: tuple[Fact, ...] | list[Fact]) -> dict[str, Any]:
    """Who controls the council after the election, and whether that changed, as the draft's
    control facts say it (changed is None where they cannot say)."""
    for fact in facts:
        if fact.kind == FactKind.CONTROL:
            status = fact.qualifiers.get("status", "unknown")
            party = fact.entity("party")
            before = fact.entities.get("from", ())
            return {
                "after": party.name,
                "party": party.id,
                "status": status,
                "changed": {"gained": True, "retained": False}.get(status),
                "before": before[0].name if before else None,
                "fact": fact.id,
            }
    for fact in facts:
        if fact.kind == FactKind.NO_OVERALL_CONTROL:
            status = fact.qualifiers.get("status", "unknown")
            lost = fact.entities.get("lost", ())
            return {
                "after": "No overall control",
                "party": "noc",
                "status": status,
                "changed": {"lost": True, "continues": False}.get(status),
                "before": lost[0].name if lost else None,
                "fact": fact.id,
            }
    return {"after": None, "party": None, "status": "unknown", "changed": None, "before": None}


def summary_of(election: Election, draft: Draft, report: CheckReport | None) -> dict[str, Any]:
    """What the review list shows of a council: lead, control, wards, check status."""
    lead = draft.paragraphs[0].text if draft.paragraphs else ""
    return {
        "council": election.council.name,
        "polling_day": election.date.isoformat(),
        "headline": draft.headline.text,
        "lead": lead,
        "control": control_of(draft.facts),
        "wards": [w.name for w in election.wards],
        "check": report.status if report else "unchecked",
        "findings": len(report.findings) if report else 0,
    }


def store_council(
    out: Path,
    key: str,
    election: Election,
    neighbours: tuple[NeighbourSummary, ...],
    draft: Draft,
    report: CheckReport | None,
    folder: Path | None,
) -> None:
    """Keep what the review page needs of a council drafted in a batch (`folder`: the election
    folder it came from, whose sidecar holds its edits; None: a council of a national file)."""
    from storygen.batch import write_atomically

    document = {
        "storygen_review": FORMAT,
        "key": key,
        "folder": str(folder.resolve()) if folder else None,
        "summary": summary_of(election, draft, report),
        "neighbours": [asdict(n) for n in neighbours],
        "election": election.model_dump(mode="json", exclude={"seats_up"}),
    }
    write_atomically(store_path(out, key), json.dumps(document, ensure_ascii=False) + "\n")


def forget_council(out: Path, key: str) -> None:
    """A council that failed: no stale review data may pass for this run's."""
    store_path(out, key).unlink(missing_ok=True)


@dataclass(frozen=True)
class Stored:
    """One council as a batch left it for review."""

    key: str
    election: Election
    neighbours: tuple[NeighbourSummary, ...]
    summary: dict[str, Any]
    folder: Path | None

    def edits_path(self, out: Path) -> Path:
        """Where this council's edits live."""
        return self.folder / SIDECAR if self.folder else batch_sidecar(out, self.key)


def read_head(out: Path, key: str) -> tuple[dict[str, Any], Path | None]:
    """The list summary of a council and the election folder it came from ({}, None: the
    batch left nothing readable)."""
    try:
        document = json.loads(store_path(out, key).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return {}, None
    if not isinstance(document, dict):
        return {}, None
    summary = document.get("summary")
    folder = document.get("folder")
    return (
        summary if isinstance(summary, dict) else {},
        Path(folder) if isinstance(folder, str) and folder else None,
    )


def read_stored(out: Path, key: str) -> Stored:
    """A council as the batch left it; missing or unreadable data is an EditsError."""
    path = store_path(out, key)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(document, dict) or document.get("storygen_review") != FORMAT:
            raise ValueError("not storygen's review data of this version")
        election = Election.model_validate(document["election"])
        neighbours = tuple(
            NeighbourSummary(**{**n, "record_ids": tuple(n["record_ids"])})
            for n in document.get("neighbours", [])
        )
        folder = Path(document["folder"]) if document.get("folder") else None
    except FileNotFoundError:
        raise EditsError(
            "the batch left nothing to review for this council",
            file=str(path),
            hint="re-run storygen batch into this folder",
        ) from None
    except (OSError, ValueError, KeyError, TypeError, ValidationError) as exc:
        detail = str(exc).splitlines()[0][:200]
        raise EditsError(
            f"unreadable review data: {detail}",
            file=str(path),
            hint="re-run storygen batch into this folder",
        ) from None
    return Stored(key, election, neighbours, dict(document.get("summary") or {}), folder)
