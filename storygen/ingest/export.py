"""Write an imported Election as a native election folder a desk can read, edit and keep.

`election.toml` gets what the import knew (council, poll, compositions, who defended each seat,
ward electorates and turnouts, local parties, provenance) and its notes as comments;
`candidates.csv` gets the candidate rows in LEAP's order with the incumbent column;
`previous.csv` the previous contest for the same seats, where the import found one (a
by-election's ward contests go in the ward's own `previous` table instead).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from datetime import datetime
from pathlib import Path

from storygen.errors import OutputError
from storygen.model import Composition, Election, PreviousContest
from storygen.parties import party_table

PREVIOUS_CSV = "previous.csv"


def _str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a TOML basic string is a JSON string


def _seats(composition: Composition) -> str:
    table = party_table()
    parts = []
    for code, n in composition.seats.items():
        party = table.parties.get(code)
        parts.append(f"{_str(party.name if party else code)} = {n}")
    return "{ " + ", ".join(parts) + " }"


def to_toml(election: Election, extra: str = "") -> str:
    """The context file of an election, with its import notes as comments."""
    table = party_table()
    lines = ["# Written by `storygen import`: edit freely; the results are in candidates.csv."]
    lines += [f"# import note: {note}" for note in election.notes]
    lines += ["format = 1", "", "[council]", f"name = {_str(election.council.name)}"]
    if election.council.full_name:
        lines.append(f"full_name = {_str(election.council.full_name)}")
    if election.council.code:
        lines.append(f"code = {_str(election.council.code)}")
    total = election.council.total_seats
    if total is None:
        lines.append("# total_seats = ?  (no source gave the council's size: add it for control)")
    else:
        lines.append(f"total_seats = {total}")
    lines += [
        "",
        "[election]",
        f"date = {_str(election.date.isoformat())}",
        f"type = {_str(election.type.value)}",
    ]
    for key, comp in (
        ("composition_before", election.composition_before),
        ("composition_after", election.composition_after),
    ):
        if comp is not None:
            lines += ["", f"[{key}]", f"seats = {_seats(comp)}"]
            lines.append(f"source = {_str(str(comp.source))}")
    for comp in election.history:
        lines += ["", "[[history]]", f"year = {comp.year}", f"seats = {_seats(comp)}"]
        lines.append(f"source = {_str(str(comp.source))}")
    previous = election.previous
    if previous is not None:
        lines += ["", "[previous]", f"year = {previous.year}"]
        if previous.date is not None:
            lines.append(f"date = {_str(previous.date.isoformat())}")
        if previous.type is not None:
            lines.append(f"type = {_str(previous.type.value)}")
        lines.append(f"candidates = {_str(PREVIOUS_CSV)}")
        if not previous.wards_compared:
            lines.append("wards_compared = false  # redrawn since: council-wide comparisons only")
        lines.append(f"source = {_str(str(previous.source))}")
    for ward in election.wards:
        body = []
        if ward.defending:
            items = []
            for seat in ward.defending:
                party = table.parties.get(seat.party)
                name = party.name if party else seat.party
                item = f"party = {_str(name)}"
                if seat.councillor:
                    item += f", councillor = {_str(seat.councillor)}"
                items.append("{ " + item + " }")
            body.append(f"defending = [{', '.join(items)}]")
        if not ward.declared:
            body.append(f"seats_up = {ward.seats_up}")
        for key in ("electorate", "ballots", "turnout"):
            value = getattr(ward, key)
            if value is not None:
                body.append(f"{key} = {round(value, 2) if isinstance(value, float) else value}")
        if ward.turnout_basis is not None and ward.turnout is not None:
            body.append(f"turnout_basis = {_str(ward.turnout_basis.value)}")
        if body:
            lines += ["", f"[wards.{_str(ward.name)}]", *body]
        contest = ward.previous
        if contest is not None and (previous is None or contest not in previous.wards):
            lines += ["", f"[wards.{_str(ward.name)}.previous]", *_previous_contest(contest)]
    wards = {w.id: w.name for w in election.wards}
    for person in election.people:
        lines += ["", "[[people]]", f"name = {_str(person.name)}"]
        if person.role:
            lines.append(f"role = {_str(person.role)}")
        if person.party:
            party = election.party_table().parties.get(person.party)
            lines.append(f"party = {_str(party.name if party else person.party)}")
        if person.ward and person.ward in wards:
            lines.append(f"ward = {_str(wards[person.ward])}")
        if person.note:
            lines.append(f"note = {_str(person.note)}")
        lines.append(f"source = {_str(str(person.source))}")
    named = {p.code: p for p in election.parties}
    local = sorted(
        {c.party for w in election.wards for c in w.candidates} - set(table.parties)
        | {d.party for w in election.wards for d in w.defending} - set(table.parties)
        | {
            c.party
            for contest in (
                *(w.previous for w in election.wards if w.previous is not None),
                *(previous.wards if previous else ()),
            )
            for c in contest.candidates
        }
        - set(table.parties)
    )
    for code in local:
        lines += ["", "[[parties]]", f"name = {_str(code)}"]
        party = named.get(code)
        if party is None:
            lines.append("unnamed = true  # no source names this code: prose says 'a local party'")
            continue
        if party.name != code:
            lines.append(f"full_name = {_str(party.name)}")
        if party.pa != code:
            lines.append(f"pa = {_str(party.pa)}")
        lines.append(f"noun = {_str(party.noun)}")
        lines.append(f"adjective = {_str(party.adjective)}")
        lines.append(f"plural = {'true' if party.plural else 'false'}")
        if party.source:
            lines.append(f"source = {_str(party.source)}")
    for prov in election.provenance:
        lines += [
            "",
            "[[provenance]]",
            f"file = {_str(prov.file)}",
            f"origin = {_str(prov.origin)}",
        ]
        if prov.licence:
            lines.append(f"licence = {_str(prov.licence)}")
    text = "\n".join(lines) + "\n"
    return text + (("\n" + extra.strip() + "\n") if extra.strip() else "")


def _previous_contest(contest: PreviousContest) -> list[str]:
    """A ward's own previous contest (a by-election's: its last contest, wherever it was)."""
    table = party_table()
    lines = [f"year = {contest.year}"]
    if contest.date is not None:
        lines.append(f"date = {_str(contest.date.isoformat())}")
    for key in ("winner", "runner_up"):
        code = getattr(contest, key)
        if code is not None:
            party = table.parties.get(code)
            lines.append(f"{key} = {_str(party.name if party else code)}")
    if contest.majority is not None:
        lines.append(f"majority = {contest.majority}")
    lines.append(f"source = {_str(str(contest.source))}")
    if contest.candidates:
        lines.append("candidates = [")
        for cand in contest.candidates:
            party = table.parties.get(cand.party)
            name = party.name if party else cand.party
            lines.append(
                f"  {{ name = {_str(cand.name)}, party = {_str(name)}, votes = {cand.votes}, "
                f"elected = {str(cand.elected).lower()} }},"
            )
        lines.append("]")
    return lines


def previous_csv(election: Election) -> str:
    """The previous contest's rows in LEAP's column order (every ward, as it was then)."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    table = party_table()
    previous = election.previous
    for contest in previous.wards if previous else ():
        for cand in contest.candidates:
            party = table.parties.get(cand.party)
            writer.writerow(
                [
                    election.council.name,
                    election.council.code or "",
                    contest.ward or "",
                    contest.code or "",
                    cand.name,
                    party.pa if party else cand.party,
                    str(cand.votes),
                    str(int(cand.elected)),
                ]
            )
    return out.getvalue()


def to_csv(election: Election) -> str:
    """The candidate rows in LEAP's column order, with the incumbent column."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    table = party_table()
    for ward in election.wards:
        for cand in ward.candidates:
            party = table.parties.get(cand.party)
            votes = "" if cand.votes is None else str(cand.votes)
            if ward.declared and cand.votes is None:
                votes = "0"  # uncontested, as LEAP writes it
            writer.writerow(
                [
                    election.council.name,
                    election.council.code or "",
                    ward.name,
                    ward.code or "",
                    cand.name,
                    party.pa if party else cand.party,
                    votes,
                    "" if cand.elected is None else str(int(cand.elected)),
                    cand.incumbent.value,
                ]
            )
    return out.getvalue()


MANIFEST = ".storygen-import.json"  # what `import` last wrote: tells a desk's edits apart
BACKUPS = ".storygen-backup"
WRITTEN = ("election.toml", "candidates.csv", PREVIOUS_CSV)


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def edited_files(folder: Path) -> list[str]:
    """The files of a folder that `import` did not write as they are now (a desk's edits, or
    a folder import never wrote)."""
    present = [name for name in WRITTEN if (folder / name).exists()]
    if not present:
        return []
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        written = manifest["files"] if isinstance(manifest, dict) else {}
    except (FileNotFoundError, json.JSONDecodeError, KeyError, TypeError, UnicodeDecodeError):
        return present  # not written by import (or by an import that kept no record)
    if not isinstance(written, dict):
        return present
    return [name for name in present if written.get(name) != _digest(folder / name)]


def write_native(
    election: Election, folder: Path, extra: str = "", *, force: bool = False
) -> Path | None:
    """Write an election as a native folder (election.toml, candidates.csv and, with a
    previous contest, previous.csv).

    A folder whose files were edited since `import` wrote them (or that it did not write) is
    not overwritten unless `force`, and then its files are first copied to
    `.storygen-backup/<time>/`, whose path is returned.
    """
    edited = edited_files(folder)
    if edited and not force:
        raise OutputError(
            f"{', '.join(edited)} changed since storygen import wrote them (a desk's edits?)",
            file=str(folder),
            expected="a new folder, or --force to overwrite (the old files are kept in "
            f"{BACKUPS}/)",
        )
    backup = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if edited:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            backup = folder / BACKUPS / stamp
            n = 1
            while backup.exists():
                n += 1
                backup = folder / BACKUPS / f"{stamp}-{n}"
            backup.mkdir(parents=True)
            for name in WRITTEN:
                if (folder / name).exists():
                    shutil.copy2(folder / name, backup / name)
        texts = {"election.toml": to_toml(election, extra), "candidates.csv": to_csv(election)}
        if election.previous is not None:
            texts[PREVIOUS_CSV] = previous_csv(election)
        elif (folder / PREVIOUS_CSV).exists():
            (folder / PREVIOUS_CSV).unlink()  # an earlier import's: this one compares with none
        for name, text in texts.items():
            (folder / name).write_text(text, encoding="utf-8")
        manifest = {
            "files": {n: hashlib.sha256(t.encode("utf-8")).hexdigest() for n, t in texts.items()}
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise OutputError(
            f"cannot write: {exc.strerror}", file=str(folder), expected="a writable folder"
        ) from None
    return backup
