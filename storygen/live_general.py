"""Results night for a general election: replay the declarations, or watch a folder fed them.

A replay declares the constituencies in their real order (by declaration time, ties within the
minute broken by name; A to Z where the export has no times, as in 2024) and keeps every
version of the UK story ("With 420 of 650 seats declared, …"), each constituency's story as it
declares, and (with `stories="all"`) its nation's and region's. The analysis of the partial
count decides what may be said: an overall majority only once a party has won more than half
of all seats, a hung parliament only once no party can reach that, so no version states what a
later one contradicts. `watch_once` does the same for a folder whose export files grow one
declaration at a time, and notes corrections as councils' watches do.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from storygen import pipeline
from storygen.batch import write_atomically
from storygen.check import Vocabulary
from storygen.errors import StorygenError
from storygen.general import stories
from storygen.ingest.general import load_general
from storygen.live import _fingerprint, _legacy, changes, snapshot, undeclare
from storygen.model import Election, GeneralScope, Ward
from storygen.publish import write
from storygen.publish.wire import LONDON, WireSettings, to_ninjs


@dataclass
class Version:
    """One version of one general-election story."""

    story: str  # the story's election id
    number: int
    note: str
    files: list[str] = field(default_factory=list)
    status: str = "ok"
    headline: str = ""


_VOCABULARIES: dict[str, tuple[tuple[str, ...], Vocabulary]] = {}


def _vocabulary(election: Election) -> Vocabulary:
    """A story's names, built once a night: declarations change its votes, not its names."""
    names = tuple(c.id for w in election.wards for c in w.candidates)
    cached = _VOCABULARIES.get(election.id)
    if cached is None or cached[0] != names:
        cached = _VOCABULARIES[election.id] = (names, Vocabulary.from_election(election))
    return cached[1]


def _write(
    election: Election,
    out: Path,
    number: int,
    note: str,
    now: datetime,
    first: datetime,
    ninjs_version: str,
) -> Version:
    draft = pipeline.generate(election, results=True)
    report = pipeline.check(election, draft, vocabulary=_vocabulary(election))
    stem = f"{election.id}-v{number:03d}"
    settings = WireSettings(now=now, first_created=first, version=number, ednote=note)
    files = {
        f"{stem}.txt": f"[{note}]\n\n" + write(draft, "text", report),
        f"{stem}.ninjs.json": to_ninjs(draft, report, settings, ninjs_version),
    }
    for name, text in files.items():
        write_atomically(out / name, text)
    return Version(election.id, number, note, list(files), report.status, draft.headline.text)


def _staged(election: Election, wards: dict[str, Ward]) -> Election:
    """A story with its constituencies as they stand (declared, or not yet)."""
    return election.model_copy(update={"wards": tuple(wards[w.id] for w in election.wards)})


def _unranked(election: Election) -> Election:
    """A constituency's story as it declares: where it ranks on the night is not known yet."""
    info = election.general
    if info is None or info.night is None:
        return election
    return election.model_copy(update={"general": info.model_copy(update={"night": None})})


def _areas(elections: list[Election]) -> dict[str, list[Election]]:
    """The nation and region stories each constituency belongs to."""
    out: dict[str, list[Election]] = {}
    for election in elections:
        info = election.general
        if info is not None and info.scope in (GeneralScope.NATION, GeneralScope.REGION):
            for ward in election.wards:
                out.setdefault(ward.id, []).append(election)
    return out


def replay(
    elections: list[Election],
    out: Path,
    *,
    order: str = "fixture",
    start: datetime | None = None,
    step: timedelta = timedelta(minutes=1),
    ninjs_version: str = "2.2",
    which: str = "all",
) -> list[Version]:
    """Declare a general election's constituencies one by one and keep every version.

    `which`: "national" (the UK story only) or "all" (also each constituency's story as it
    declares, and its nation's and region's). A version's time is its declaration's where the
    export gives one, else `start` plus `step` per declaration.
    """
    out.mkdir(parents=True, exist_ok=True)
    uk = elections[0]
    seats = {
        e.wards[0].id: _unranked(e)
        for e in elections
        if e.general is not None and e.general.scope is GeneralScope.CONSTITUENCY
    }
    final = {w.id: w for w in uk.wards}
    now_wards = {w.id: undeclare(w) for w in uk.wards}
    alphabetical = [w.id for w in sorted(uk.wards, key=lambda w: w.name)]
    if order == "fixture" and uk.declaration_order:
        sequence = list(uk.declaration_order)
        sequence += [w for w in alphabetical if w not in set(sequence)]
    else:
        sequence = alphabetical
    first = start or datetime.combine(uk.date, datetime.min.time(), LONDON).replace(hour=22)
    areas = _areas(elections) if which == "all" else {}
    numbers: dict[str, int] = {}
    versions: list[Version] = []
    total = len(sequence)
    for count, ward_id in enumerate(sequence, start=1):
        now_wards[ward_id] = final[ward_id]
        seat = seats.get(ward_id)
        declared = seat.general.declared_at if seat and seat.general else None
        when = declared.astimezone(LONDON) if declared else first + step * (count - 1)
        name = final[ward_id].name
        note = f"Update {count}: {name} declared ({count} of {total} seats)."
        targets = [uk, *areas.get(ward_id, [])]
        if which == "all" and seat is not None:
            targets.append(seat)
        for election in targets:
            numbers[election.id] = numbers.get(election.id, 0) + 1
            staged = election if election is seat else _staged(election, now_wards)
            story_note = note if election is not seat else f"{name} declared."
            versions.append(
                _write(staged, out, numbers[election.id], story_note, when, first, ninjs_version)
            )
    index = [
        {
            "story": v.story,
            "version": v.number,
            "note": v.note,
            "headline": v.headline,
            "status": v.status,
            "files": v.files,
        }
        for v in versions
    ]
    write_atomically(out / f"{uk.id}-replay.json", json.dumps(index, indent=2) + "\n")
    return versions


def watch_once(folder: Path, out: Path, now: datetime, ninjs_version: str = "2.2") -> list[str]:
    """Look at a general election's folder once; when its exports changed, write a new version
    of the UK story (and of each nation and region touched), and of each constituency that has
    declared or been corrected since, with a note saying what changed."""
    state_path = out / f".{folder.name}.state.json"
    state: dict[str, Any] | None = (
        json.loads(state_path.read_text()) if state_path.exists() else None
    )
    fingerprint = _fingerprint(folder)
    if state is not None and state["fingerprint"] == fingerprint:
        return []
    try:
        elections = stories(load_general(folder))
    except StorygenError as exc:
        return [f"error: {exc}"]  # one bad file never stops the watch
    uk = elections[0]
    shot = snapshot(uk)
    versions: dict[str, int] = dict(state["versions"]) if state else {}
    first = datetime.fromisoformat(state["first"]) if state else now
    before: dict[str, Any] = _legacy(state["snapshot"]) if state else {}
    seats, seats_before = shot["wards"], before.get("wards", {})
    changed = {name for name, value in seats.items() if seats_before.get(name) != value}
    if state is None:
        note = "First version."
    else:
        note, _ = changes(before, shot)
        note = note or "Update: the input changed; no result changed."
    report = []
    by_name = {w.name: w.id for w in uk.wards}
    touched = {by_name[n] for n in changed if n in by_name}
    for election in elections:
        info = election.general
        assert info is not None
        ids = {w.id for w in election.wards}
        if info.scope is GeneralScope.CONSTITUENCY:
            if not election.wards[0].declared or not ids & touched:
                continue
            name = election.wards[0].name
            previous = (
                {"format": 2, "wards": {name: seats_before[name]}} if name in seats_before else {}
            )
            seat_note, _ = changes(previous, {"format": 2, "wards": {name: seats[name]}})
            story_note = seat_note or note
        elif info.scope is GeneralScope.UK or ids & touched:
            story_note = note
        else:
            continue
        number = versions.get(election.id, 0) + 1
        _write(election, out, number, story_note, now, first, ninjs_version)
        versions[election.id] = number
        report.append(f"{election.id} v{number}: {story_note}")
    write_atomically(
        state_path,
        json.dumps(
            {
                "fingerprint": fingerprint,
                "versions": versions,
                "first": first.isoformat(),
                "snapshot": shot,
            },
            indent=2,
        ),
    )
    return report
