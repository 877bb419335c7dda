"""What a desk adds to the councils of a national results file: people and context files.

- A people file (`--people FILE`): a CSV with a header naming at least `council` and `name`,
  and usually `role` and `party` (optional: `ward`, `note`, `source`). Each row is someone
  the story may name: a council leader, a group leader. A defeated councillor the file gives
  a role is named with it ("council leader Roger Gough lost ..."). The party is any code or
  name the party table, or the council's own local parties, know.
- Context files (`--context DIR`): one `.toml` or `.json` file per council in the native
  format (README, "Input format"), holding what a desk knew before the poll: `[council]`
  (its `name` as the results give it, and optionally `full_name`, `neighbours`),
  `[election]` (optionally its `date`, which must be the results' polling day), and
  `[[targets]]`, `[[threats]]`, `[[areas]]`, `[[people]]`, `[[quotes]]`, `[[parties]]`,
  `[[provenance]]`. What the results give (wards, compositions, turnout) is not taken from a
  context file.

Councils are matched by name: the normalised name (`normalise_name`) without "county",
"borough", "district", "metropolitan" or "city" ("Kent County Council" is Kent). Wards are
matched by their normalised names as well ("St. Marys" is "St Mary's"). A file or row that
names a ward, party or speaker the council does not have is an error of that council alone:
its draft is not written, and the rest of the batch goes on. A row or file for a council not
in the sources is reported as a warning.
"""

from __future__ import annotations

import csv
import json
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, ValidationError

from storygen.errors import (
    FieldValueError,
    InconsistentDataError,
    InputFormatError,
    InputNotFoundError,
    StorygenError,
    UnknownWardError,
    ValidationFailed,
)
from storygen.ingest.imports.common import normalise_name
from storygen.ingest.native import (
    AreaIn,
    ContextFile,
    CouncilIn,
    DeskDate,
    ElectionIn,
    In,
    LocalPartyIn,
    PersonIn,
    ProvenanceIn,
    QuoteIn,
    TargetIn,
    ThreatIn,
    _field_error,
    _Resolver,
    unknown_ward,
)
from storygen.model import Election, Person, Provenance, Source, slugify

PEOPLE_COLUMNS = ("council", "name", "role", "party", "ward", "note", "source")
_COUNCIL_WORDS = re.compile(r"\b(county|borough|district|metropolitan|city)\b")


def council_key(name: str) -> str:
    """The key councils are matched on between a desk's files and the results."""
    return re.sub(r"\s+", " ", _COUNCIL_WORDS.sub(" ", normalise_name(name))).strip()


@dataclass(frozen=True)
class DeskPerson:
    """A row of a people file."""

    council: str
    name: str
    role: str | None
    party: str | None
    ward: str | None
    note: str | None
    cite: str | None
    file: str
    row: int


def read_people(path: Path) -> list[DeskPerson]:
    """Every row of a people file; InputFormatError when it is not one."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputNotFoundError("file not found", file=str(path), expected="a CSV") from None
    except UnicodeDecodeError:
        raise InputFormatError("not UTF-8 text", file=path.name, expected="a UTF-8 CSV") from None
    reader = csv.DictReader(text.splitlines())
    header = {(h or "").strip().casefold(): h for h in reader.fieldnames or ()}
    missing = [c for c in ("council", "name") if c not in header]
    if missing:
        raise InputFormatError(
            f"no column {', '.join(missing)} in the header",
            file=path.name,
            row=1,
            expected="a header naming council, name, role, party (optional: ward, note, source)",
        )
    people = []
    for n, raw in enumerate(reader, start=2):

        def cell(column: str, raw: dict[str, str] = raw) -> str | None:
            value = raw.get(header[column]) if column in header else None
            value = re.sub(r"\s+", " ", value or "").strip()
            return value or None

        if not any((v or "").strip() for v in raw.values() if isinstance(v, str)):
            continue  # a blank line
        council, name = cell("council"), cell("name")
        if council is None or name is None:
            raise FieldValueError(
                "missing value",
                file=path.name,
                row=n,
                field="council" if council is None else "name",
                expected="the council and the person's name",
            )
        people.append(
            DeskPerson(
                council=council,
                name=name,
                role=cell("role"),
                party=cell("party"),
                ward=cell("ward"),
                note=cell("note"),
                cite=cell("source"),
                file=path.name,
                row=n,
            )
        )
    return people


class DeskCouncilIn(In):
    """The council of a batch context file: its name as the results give it."""

    name: str
    full_name: str | None = None
    neighbours: list[str] = Field(default_factory=list)


class DeskElectionIn(In):
    """The poll of a batch context file: its date, when given, must be polling day."""

    date: DeskDate | None = None


class DeskContext(In):
    """A batch context file: what a desk knew of one council before the poll."""

    format: int = 1
    council: DeskCouncilIn
    election: DeskElectionIn | None = None
    targets: list[TargetIn] = Field(default_factory=list)
    threats: list[ThreatIn] = Field(default_factory=list)
    areas: list[AreaIn] = Field(default_factory=list)
    people: list[PersonIn] = Field(default_factory=list)
    quotes: list[QuoteIn] = Field(default_factory=list)
    parties: list[LocalPartyIn] = Field(default_factory=list)
    provenance: list[ProvenanceIn] = Field(default_factory=list)


@dataclass(frozen=True)
class ContextEntry:
    """A context file: the council it names, and its content or why it cannot be read."""

    path: Path
    council: str | None  # None: the file names no council (it cannot be placed)
    context: DeskContext | None
    error: StorygenError | None = None


def read_context_dir(folder: Path) -> list[ContextEntry]:
    """Every context file of a folder (`*.toml`, `*.json`), read and validated."""
    if not folder.is_dir():
        raise InputNotFoundError(
            "no such folder", file=str(folder), expected="a folder of context files"
        )
    entries = []
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in (".toml", ".json")):
        raw: object = None
        try:
            raw = _load(path)
            entries.append(ContextEntry(path, _council_of(raw), _validate(path, raw)))
        except StorygenError as exc:
            entries.append(ContextEntry(path, _council_of(raw), None, exc))
    return entries


def _council_of(raw: object) -> str | None:
    council = raw.get("council") if isinstance(raw, dict) else None
    name = council.get("name") if isinstance(council, dict) else None
    return name.strip() or None if isinstance(name, str) else None


def _load(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputFormatError("not UTF-8 text", file=path.name, expected="a UTF-8 file") from None
    try:
        raw = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise InputFormatError(
            f"not valid TOML: {str(exc).split(' (at')[0]}",
            file=path.name,
            row=int(match.group(1)) if match else None,
        ) from None
    except json.JSONDecodeError as exc:
        raise InputFormatError(
            f"not valid JSON: {exc.msg}", file=path.name, row=exc.lineno
        ) from None
    return raw


def _validate(path: Path, raw: object) -> DeskContext:
    if isinstance(raw, dict):
        for section in ("wards", "composition_before", "composition_after", "turnout"):
            if section in raw:
                raise FieldValueError(
                    "not taken from a batch context file: the results give it",
                    file=path.name,
                    field=section,
                    expected="targets, threats, areas, people, quotes, parties or provenance",
                )
    try:
        return DeskContext.model_validate(raw)
    except ValidationError as exc:
        errors = [_field_error(err, path.name) for err in exc.errors()]
        raise errors[0] if len(errors) == 1 else ValidationFailed(errors) from None


class _DeskResolver(_Resolver):
    """The native format's resolver, over a council's imported results."""

    def __init__(self, path: Path, ctx: ContextFile, election: Election) -> None:
        super().__init__(path.parent, path.name, ctx)
        self.context_file = path.name
        base = election.party_table()
        self.parties = base.with_local(
            [p for p in self.local_parties.values() if not p.unnamed and p.code not in base]
        )
        self.ward_ids = {normalise_name(w.name): w.id for w in election.wards}
        self.ward_names = [w.name for w in election.wards]

    def ward_id(self, name: str, key: str) -> str | None:
        found = self.ward_ids.get(normalise_name(name))
        if found is None:
            self.errors.append(
                unknown_ward(
                    name,
                    self.ward_names,
                    self.context_file,
                    key,
                    "a ward of this council's results",
                )
            )
        return found


def merge_context(election: Election, entry: ContextEntry) -> Election:
    """A council's election with a desk's context file merged in; StorygenError (or
    ValidationFailed, with every error) when it names what the results do not have."""
    if entry.context is None:
        raise entry.error or InputFormatError("cannot be read", file=entry.path.name)
    desk = entry.context
    if desk.election is not None and desk.election.date is not None:
        day = desk.election.date
        if day != election.date:
            raise InconsistentDataError(
                f"the context is for {day.isoformat()}",
                file=entry.path.name,
                field="election.date",
                expected=f"the results' polling day, {election.date.isoformat()}",
            )
    ctx = ContextFile(
        council=CouncilIn(name=election.council.name),
        election=ElectionIn(date=election.date, type=election.type),
        targets=desk.targets,
        threats=desk.threats,
        areas=desk.areas,
        people=desk.people,
        quotes=desk.quotes,
        parties=desk.parties,
    )
    resolver = _DeskResolver(entry.path, ctx, election)
    targets, threats, areas = resolver.targets(), resolver.threats(), resolver.areas()
    people = _merge_people(election.people, resolver.people())
    quotes = resolver.quotes(list(people))
    if resolver.errors:
        errors = resolver.errors
        raise errors[0] if len(errors) == 1 else ValidationFailed(errors)
    council = election.council.model_copy(
        update={
            "full_name": desk.council.full_name or election.council.full_name,
            "neighbours": tuple(desk.council.neighbours) or election.council.neighbours,
        }
    )
    local = {p.code: p for p in election.parties}
    for party in resolver.named_parties():
        local.setdefault(party.code, party)
    provenance = [
        Provenance(file=p.file, origin=p.origin, licence=p.licence, note=p.note)
        for p in desk.provenance
    ] or [Provenance(file=entry.path.name, origin="the desk's context file")]
    return election.model_copy(
        update={
            "council": council,
            "targets": (*election.targets, *targets),
            "threats": (*election.threats, *threats),
            "areas": (*election.areas, *areas),
            "people": people,
            "quotes": (*election.quotes, *quotes),
            "parties": tuple(local[c] for c in sorted(local)),
            "provenance": (*election.provenance, *provenance),
        }
    )


def _merge_people(first: Iterable[Person], then: Iterable[Person]) -> tuple[Person, ...]:
    """People by id, the later entry filling what the earlier leaves out."""
    out: dict[str, Person] = {}
    for person in (*first, *then):
        known = out.get(person.id)
        if known is None:
            out[person.id] = person
        else:
            update = {k: v for k, v in person.model_dump().items() if v is not None}
            out[person.id] = known.model_copy(update={**update, "source": known.source})
    return tuple(out.values())


def add_people(election: Election, rows: Sequence[DeskPerson]) -> Election:
    """A council's election with the people a desk's file gives it; StorygenError naming the
    row when a party or ward is not the council's."""
    if not rows:
        return election
    table = election.party_table()
    wards = {normalise_name(w.name): w.id for w in election.wards}
    people = []
    for row in rows:
        party = None
        if row.party is not None:
            found = table.get(row.party)
            if found is None:
                raise FieldValueError(
                    f"unknown party {row.party!r} for {election.council.name}",
                    file=row.file,
                    row=row.row,
                    field="party",
                    expected="a party in the party table (storygen parties) or one of the "
                    "council's local parties",
                )
            party = found.code
        ward = None
        if row.ward is not None:
            ward = wards.get(normalise_name(row.ward))
            if ward is None:
                raise UnknownWardError(
                    f"no ward {row.ward!r} in {election.council.name}'s results",
                    file=row.file,
                    row=row.row,
                    field="ward",
                    expected="a ward of the council's results",
                )
        people.append(
            Person(
                id=f"person/{slugify(row.name)}",
                name=row.name,
                role=row.role,
                party=party,
                ward=ward,
                note=row.note,
                source=Source(file=row.file, row=row.row, cite=row.cite),
            )
        )
    return election.model_copy(update={"people": _merge_people(election.people, people)})
