"""Results night: replay a count ward by ward, and watch folders for new or amended results.

Each version of a council's story is generated from the wards declared so far, checked, and
written with its version number and a note saying what changed; the arithmetic of the partial
count (analyse) decides what may be claimed, so no version says what a later one contradicts.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from storygen import pipeline
from storygen.batch import write_atomically
from storygen.errors import StorygenError
from storygen.ingest import load_election
from storygen.model import Election, Ward
from storygen.publish import write
from storygen.publish.wire import LONDON, WireSettings, to_ninjs
from storygen.realise.draft import Draft
from storygen.realise.style import figure


def undeclare(ward: Ward) -> Ward:
    """A ward as it stands before its declaration: candidates known, no votes, nobody elected."""
    return ward.model_copy(
        update={
            "declared": False,
            "candidates": tuple(
                c.model_copy(update={"votes": None, "elected": None}) for c in ward.candidates
            ),
        }
    )


def stage(election: Election, declared: set[str]) -> Election:
    """The election with only the given wards declared."""
    wards = tuple(w if w.id in declared else undeclare(w) for w in election.wards)
    return election.model_copy(update={"wards": wards})


def declaration_order(election: Election, how: str = "fixture") -> list[str]:
    """Ward ids in the order they declared: the fixture's order if it gives one, else A to Z."""
    alphabetical = [w.id for w in sorted(election.wards, key=lambda w: w.name)]
    if how == "fixture" and election.declaration_order:
        given = list(election.declaration_order)
        return given + [w for w in alphabetical if w not in given]
    return alphabetical


@dataclass
class Version:
    """One version of a council's story."""

    number: int
    note: str
    draft: Draft
    files: list[str] = field(default_factory=list)
    status: str = "ok"


def _write_version(
    election: Election,
    draft: Draft,
    out: Path,
    number: int,
    note: str,
    now: datetime,
    first: datetime,
    ninjs_version: str,
) -> tuple[list[str], str]:
    report = pipeline.check(election, draft)
    stem = f"{election.id}-v{number:02d}"
    settings = WireSettings(now=now, first_created=first, version=number, ednote=note)
    files = {
        # the note heads the text version too, so a desk reading the .txt sees what changed
        f"{stem}.txt": f"[{note}]\n\n" + write(draft, "text", report),
        f"{stem}.ninjs.json": to_ninjs(draft, report, settings, ninjs_version),
    }
    for name, text in files.items():
        write_atomically(out / name, text)
    return list(files), report.status


def replay(
    election: Election,
    out: Path,
    *,
    order: str = "fixture",
    start: datetime | None = None,
    step: timedelta = timedelta(minutes=10),
    ninjs_version: str = "2.2",
) -> list[Version]:
    """Declare the wards one by one and keep every version of the story."""
    first = start or datetime.combine(election.date, datetime.min.time(), LONDON).replace(hour=23)
    wards = {w.id: w for w in election.wards}
    declared: set[str] = set()
    versions = []
    sequence = declaration_order(election, order)
    for number, ward_id in enumerate(sequence, start=1):
        declared.add(ward_id)
        staged = stage(election, declared)
        draft = pipeline.generate(staged, results=True)
        note = (
            f"Update {number}: {wards[ward_id].name} declared ({number} of {len(sequence)} wards)."
        )
        files, status = _write_version(
            staged, draft, out, number, note, first + step * (number - 1), first, ninjs_version
        )
        versions.append(Version(number, note, draft, files, status))
    index = [
        {"version": v.number, "note": v.note, "files": v.files, "status": v.status}
        for v in versions
    ]
    write_atomically(out / f"{election.id}-replay.json", json.dumps(index, indent=2) + "\n")
    return versions


# -- watch ---------------------------------------------------------------------------------------


def snapshot(election: Election) -> dict[str, Any]:
    """What a version of the results says, ward by ward, for telling the next one apart."""
    return {
        w.name: {
            "declared": w.declared,
            "votes": {c.name: c.votes for c in w.candidates},
            "elected": sorted(c.name for c in w.candidates if c.elected),
        }
        for w in election.wards
    }


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[str, bool]:
    """A note saying what changed between two snapshots, and whether it corrects a result."""
    declared, corrections = [], []
    for ward, now in after.items():
        then = before.get(ward)
        if then is None or (now["declared"] and not then["declared"]):
            if now["declared"]:
                declared.append(ward)
            continue
        if then["declared"] and not now["declared"]:
            corrections.append(f"the {ward} result has been withdrawn")
            continue
        if not now["declared"]:
            continue
        moved = [
            f"{name} {figure(old)} to {figure(new)}"
            for name, old in then["votes"].items()
            if (new := now["votes"].get(name)) is not None and old is not None and new != old
        ]
        if moved:
            corrections.append(f"{ward}: " + ", ".join(moved))
        if now["elected"] != then["elected"]:
            corrections.append(f"{ward}: now won by {', '.join(now['elected'])}")
    parts = []
    if corrections:
        parts.append("Correction: " + "; ".join(corrections) + ".")
    if declared:
        parts.append(f"Update: {', '.join(declared)} declared.")
    return " ".join(parts), bool(corrections)


def _fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def watch_once(source: Path, out: Path, now: datetime, ninjs_version: str = "2.2") -> list[str]:
    """Look at every election folder under `source` once; regenerate only those that changed.

    Returns a line per council regenerated (its version and note); unchanged input, nothing.
    """

    def is_election(folder: Path) -> bool:
        return any((folder / name).exists() for name in ("election.toml", "election.json"))

    folders = (
        [source]
        if is_election(source)
        else sorted(p for p in source.iterdir() if p.is_dir() and is_election(p))
    )
    report = []
    for folder in folders:
        state_path = out / f".{folder.name}.state.json"
        state = json.loads(state_path.read_text()) if state_path.exists() else None
        fingerprint = _fingerprint(folder)
        if state is not None and state["fingerprint"] == fingerprint:
            continue
        try:
            election = load_election(folder)
        except StorygenError as exc:
            report.append(f"error: {exc}")  # one bad folder never stops the watch
            continue
        shot = snapshot(election)
        if state is None:
            number, note, first = 1, "First version.", now
        else:
            number = state["version"] + 1
            note, _ = changes(state["snapshot"], shot)
            note = note or "Update: the input changed; no result changed."
            first = datetime.fromisoformat(state["first"])
        draft = pipeline.generate(election, results=True)
        _write_version(election, draft, out, number, note, now, first, ninjs_version)
        write_atomically(
            state_path,
            json.dumps(
                {
                    "fingerprint": fingerprint,
                    "version": number,
                    "first": first.isoformat(),
                    "snapshot": shot,
                },
                indent=2,
            ),
        )
        report.append(f"{election.id} v{number}: {note}")
    return report
