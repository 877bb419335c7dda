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
from storygen.model import Composition, Election, Ward
from storygen.parties import party_table
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


def _party_name(code: str) -> str:
    """A party as a note names a candidate's or defender's: "Conservative", "Green"."""
    party = party_table().parties.get(code)
    return party.adjective if party else code


def _party_group(code: str) -> str:
    """A party as a note names its seats: "Conservatives", "Greens"."""
    party = party_table().parties.get(code)
    return party.name if party else code


def _seats(comp: Composition | None) -> dict[str, int] | None:
    return dict(sorted(comp.seats.items())) if comp is not None else None


def snapshot(election: Election, draft: Draft | None = None) -> dict[str, Any]:
    """What a version says, for telling the next one apart: each ward's candidates (party,
    votes, elected), defenders and state, the compositions and size, and the story's facts."""
    wards = {
        w.name: {
            "declared": w.declared,
            "void": w.void,
            "seats": w.seats_up,
            "candidates": {
                c.name: {"party": c.party, "votes": c.votes, "elected": bool(c.elected)}
                for c in w.candidates
            },
            "defending": [
                f"{d.councillor} ({_party_name(d.party)})" if d.councillor else _party_name(d.party)
                for d in w.defending
            ],
        }
        for w in election.wards
    }
    facts = {}
    if draft is not None:
        for fact in draft.facts:
            names = [e.name for role in sorted(fact.entities) for e in fact.entities[role]]
            facts[fact.id] = {
                "about": f"{fact.kind.value.replace('_', ' ')}"
                + (f" ({', '.join(dict.fromkeys(names[:2]))})" if names else ""),
                "figures": json.dumps(fact.figures, sort_keys=True, default=str),
            }
    return {
        "format": 2,
        "wards": wards,
        "composition_before": _seats(election.composition_before),
        "composition_after": _seats(election.composition_after),
        "total_seats": election.council.total_seats,
        "facts": facts,
        "text": hashlib.sha256(
            " ".join(s.text for s in draft.sentences()).encode() if draft else b""
        ).hexdigest()[:16],
    }


def _legacy(shot: dict[str, Any]) -> dict[str, Any]:
    """A snapshot of the first format (ward -> declared, votes, elected) in the current one."""
    if shot.get("format") == 2:
        return shot
    wards = {}
    for name, ward in shot.items():
        if not isinstance(ward, dict):
            continue
        elected = set(ward.get("elected") or ())
        wards[name] = {
            "declared": ward.get("declared"),
            "candidates": {
                c: {"votes": v, "elected": c in elected}
                for c, v in (ward.get("votes") or {}).items()
            },
        }
    return {"format": 2, "wards": wards}


def _ward_changes(ward: str, then: dict[str, Any], now: dict[str, Any]) -> list[str]:
    """What changed in one ward that has declared (and had)."""
    out: list[str] = []
    old, new = then.get("candidates", {}), now.get("candidates", {})
    for name in old:
        if name not in new:
            out.append(f"{ward}: {name} removed")
    for name, cand in new.items():
        if name not in old:
            votes = f", {figure(cand['votes'])} votes" if cand.get("votes") is not None else ""
            out.append(f"{ward}: {name} ({_party_name(cand['party'])}{votes}) added")
            continue
        was = old[name]
        if "party" in was and was["party"] != cand["party"]:
            out.append(
                f"{ward}: {name} is {_party_name(cand['party'])}, not {_party_name(was['party'])}"
            )
        then_votes, now_votes = was.get("votes"), cand["votes"]
        if then_votes is not None and now_votes is not None and then_votes != now_votes:
            out.append(f"{ward}: {name} {figure(then_votes)} to {figure(now_votes)}")
    won_then = sorted(n for n, c in old.items() if c.get("elected"))
    won_now = sorted(n for n, c in new.items() if c.get("elected"))
    if won_now != won_then:
        out.append(f"{ward}: now won by {', '.join(won_now) or 'nobody'}")
    if "defending" in then and then["defending"] != now.get("defending"):
        defenders = ", ".join(now.get("defending") or []) or "unknown"
        out.append(
            f"{ward}: defended by {defenders} (was {', '.join(then['defending']) or 'unknown'})"
        )
    if "void" in then and then["void"] != now.get("void"):
        out.append(
            f"{ward}: its result cannot be used (the data contradict themselves)"
            if now.get("void")
            else f"{ward}: its result stands again"
        )
    return out


def _composition_change(label: str, then: dict[str, int] | None, now: dict[str, int] | None) -> str:
    if then == now:
        return ""
    if then is None or now is None:
        return f"the composition {label} is {'no longer given' if now is None else 'now given'}"
    moved = [
        f"{_party_group(code)} {figure(then.get(code, 0))} to {figure(now.get(code, 0))}"
        for code in sorted({*then, *now})
        if then.get(code, 0) != now.get(code, 0)
    ]
    return f"the composition {label}: {', '.join(moved)}"


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[str, bool]:
    """A note saying what changed between two snapshots, and whether it corrects a result."""
    before, after = _legacy(before), _legacy(after)
    old_wards, new_wards = before.get("wards", {}), after.get("wards", {})
    declared: list[str] = []
    corrections: list[str] = []
    updates: list[str] = []
    for ward, then in old_wards.items():
        if ward not in new_wards:
            (corrections if then.get("declared") else updates).append(
                f"the {ward} ward has been removed"
            )
    for ward, now in new_wards.items():
        then = old_wards.get(ward)
        if then is None:
            if now["declared"]:
                declared.append(ward)
            else:
                updates.append(f"{ward} added")
            continue
        if now["declared"] and not then.get("declared"):
            declared.append(ward)
            continue
        if then.get("declared") and not now["declared"]:
            corrections.append(f"the {ward} result has been withdrawn")
            continue
        found = _ward_changes(ward, then, now)
        (corrections if now["declared"] else updates).extend(found)
    for key, label in (
        ("composition_before", "before the poll"),
        ("composition_after", "after it"),
    ):
        if key in before:
            text = _composition_change(label, before.get(key), after.get(key))
            if text:
                corrections.append(text)
    if "total_seats" in before and before.get("total_seats") != after.get("total_seats"):
        size_then, size_now = before.get("total_seats"), after.get("total_seats")
        corrections.append(
            f"the council has {figure(size_now) if size_now else 'an unknown number of'} seats "
            f"(was {figure(size_then) if size_then else 'unknown'})"
        )
    parts = []
    if corrections:
        parts.append("Correction: " + "; ".join(corrections) + ".")
    if declared:
        parts.append(f"Update: {', '.join(declared)} declared.")
    if updates:
        parts.append("Update: " + "; ".join(updates) + ".")
    if not parts and "facts" in before:
        parts.extend(_fact_changes(before["facts"], after.get("facts", {})))
    if not parts and "text" in before and before["text"] != after.get("text"):
        parts.append("Update: the story's wording changed; no result or fact changed.")
    return " ".join(parts), bool(corrections)


def _fact_changes(then: dict[str, Any], now: dict[str, Any]) -> list[str]:
    dropped = [then[f]["about"] for f in then if f not in now]
    added = [now[f]["about"] for f in now if f not in then]
    revised = [
        now[f]["about"] for f in now if f in then and then[f]["figures"] != now[f]["figures"]
    ]
    found = []
    for what, items in (("no longer said", dropped), ("now said", added), ("revised", revised)):
        if items:
            shown = "; ".join(items[:4]) + (f" and {len(items) - 4} more" if len(items) > 4 else "")
            found.append(f"{what}: {shown}")
    return [f"Correction: the facts changed ({'; '.join(found)})."] if found else []


def _fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue  # the preview's edits, import's record and backups are not the input
        digest.update(relative.as_posix().encode())
        try:
            digest.update(path.read_bytes())
        except OSError as exc:  # unreadable now (being written?): it counts as changed
            digest.update(f"unreadable: {exc}".encode())
    return digest.hexdigest()[:16]


def _read_state(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """The watch state of a council, or None; a damaged file is set aside (and said so)."""
    if not path.exists():
        return None, None
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(state, dict):
            raise ValueError("not an object")
        if not isinstance(state["fingerprint"], str) or not isinstance(state["snapshot"], dict):
            raise ValueError("bad fingerprint or snapshot")
        int(state["version"])
        datetime.fromisoformat(state["first"])
        return state, None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        aside = path.with_name(path.name + ".damaged")
        n = 1
        while aside.exists():
            n += 1
            aside = path.with_name(f"{path.name}.damaged-{n}")
        try:
            path.replace(aside)
        except OSError:
            return None, f"warning: {path}: damaged ({exc}) and cannot be set aside"
        return None, f"warning: {path}: damaged ({exc}): set aside as {aside.name}"


def _last_version(out: Path, election_id: str) -> tuple[int, datetime | None]:
    """The highest version already written for an election, and its first-created time."""
    numbers = []
    for path in out.glob(f"{election_id}-v*.ninjs.json"):
        tail = path.name.removeprefix(f"{election_id}-v").removesuffix(".ninjs.json")
        if tail.isascii() and tail.isdigit():
            numbers.append(int(tail))
    if not numbers:
        return 0, None
    first = None
    try:
        doc = json.loads((out / f"{election_id}-v{max(numbers):02d}.ninjs.json").read_text())
        stamp = doc.get("firstcreated") or doc.get("firstCreated")
        first = datetime.fromisoformat(stamp) if isinstance(stamp, str) else None
    except (OSError, ValueError, AttributeError):
        first = None
    return max(numbers), first


def watch_once(
    source: Path,
    out: Path,
    now: datetime,
    ninjs_version: str = "2.2",
    reported: dict[str, str] | None = None,
) -> list[str]:
    """Look at every election folder under `source` once; regenerate only those that changed.

    Returns a line per council regenerated (its version and note) and per error; unchanged
    input, nothing. `reported` (folder -> fingerprint) remembers errors already reported by a
    running watch, so the same error is said once, and the fix is picked up when it comes.
    """

    def is_election(folder: Path) -> bool:
        return any((folder / name).exists() for name in ("election.toml", "election.json"))

    seen = reported if reported is not None else {}
    try:
        folders = (
            [source]
            if is_election(source)
            else sorted(
                p
                for p in source.iterdir()
                if p.is_dir() and not p.name.startswith(".") and is_election(p)
            )
        )
    except OSError as exc:
        if seen.get(str(source)) == "unreadable":
            return []
        seen[str(source)] = "unreadable"
        return [f"error: {source}: cannot be read ({exc.strerror}); still watching"]
    seen.pop(str(source), None)
    report = []
    for folder in folders:
        try:
            fingerprint = _fingerprint(folder)
        except OSError as exc:
            report.append(f"error: {folder.name}: cannot be read ({exc.strerror})")
            continue
        if seen.get(folder.name) == fingerprint:
            continue  # the same broken input: said already
        seen.pop(folder.name, None)
        state_path = out / f".{folder.name}.state.json"
        state, warning = _read_state(state_path)
        if warning:
            report.append(warning)
        if state is not None and state["fingerprint"] == fingerprint:
            continue
        try:
            line = _regenerate(folder, out, now, ninjs_version, state, state_path, fingerprint)
        except StorygenError as exc:
            report.append(f"error: {exc}")  # one bad folder never stops the watch
            seen[folder.name] = fingerprint
            continue
        except Exception as exc:  # a bug: reported once for this folder, the watch goes on
            report.append(
                f"error: {folder.name}: internal error ({type(exc).__name__}: {exc}); "
                "a bug in storygen, the other folders go on"
            )
            seen[folder.name] = fingerprint
            continue
        if line:
            report.append(line)
    return report


def _regenerate(
    folder: Path,
    out: Path,
    now: datetime,
    ninjs_version: str,
    state: dict[str, Any] | None,
    state_path: Path,
    fingerprint: str,
) -> str | None:
    election = load_election(folder)
    draft = pipeline.generate(election, results=True)
    shot = snapshot(election, draft)
    if state is None:
        number, first = _last_version(out, election.id)
        if number:  # the state was lost or damaged: carry on from the last version written
            note = "Update: the story restated in full (the record of earlier versions was lost)."
        else:
            note = "First version."
        number += 1
        first = first or now
    else:
        note, _ = changes(state["snapshot"], shot)
        first = datetime.fromisoformat(state["first"])
        if not note:  # the input changed but not the story: nothing to send
            _save_state(state_path, fingerprint, int(state["version"]), first, shot)
            return None
        number = int(state["version"]) + 1
    _write_version(election, draft, out, number, note, now, first, ninjs_version)
    _save_state(state_path, fingerprint, number, first, shot)
    return f"{election.id} v{number}: {note}"


def _save_state(
    path: Path, fingerprint: str, version: int, first: datetime, shot: dict[str, Any]
) -> None:
    write_atomically(
        path,
        json.dumps(
            {
                "fingerprint": fingerprint,
                "version": version,
                "first": first.isoformat(),
                "snapshot": shot,
            },
            indent=2,
        ),
    )
