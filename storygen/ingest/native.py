"""The native format: `<council>-<year>/` with `election.toml` (or `.json`) and `candidates.csv`.

The context file carries what a desk knows before the poll (composition, holders, targets,
threats, areas, people) and the reporter's quotes; the CSV carries the results in LEAP's column
order. `ContextFile` is the schema of the context file; `load_election` resolves both into an
`Election`, collecting every error it can find before it gives up.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, WithJsonSchema

from storygen.errors import (
    FieldValueError,
    InconsistentDataError,
    InputFormatError,
    InputNotFoundError,
    StorygenError,
    UnknownPartyError,
    UnknownPersonError,
    UnknownWardError,
    ValidationFailed,
)
from storygen.ingest.cells import clean_text, read_regular_file
from storygen.ingest.dates import parse_desk_date
from storygen.ingest.imports.common import ResultRow
from storygen.ingest.imports.previous import match_previous, previous_from_rows
from storygen.ingest.leap import CandidateRow, read_candidate_rows
from storygen.ingest.validate import validate
from storygen.model import (
    Area,
    Candidate,
    Composition,
    Council,
    DataWarning,
    DefendedSeat,
    Election,
    ElectionType,
    FactKind,
    Person,
    PreviousCandidate,
    PreviousContest,
    PreviousElection,
    Provenance,
    Quote,
    Source,
    Target,
    Threat,
    Turnout,
    TurnoutBasis,
    Ward,
    incumbency,
    slugify,
)
from storygen.names import same_person
from storygen.parties import Party, local_party, normalise_party_key, party_table

CONTEXT_NAMES = ("election.toml", "election.json")
DEFAULT_CANDIDATES = "candidates.csv"

DeskDate = Annotated[
    date,
    BeforeValidator(parse_desk_date),
    WithJsonSchema(
        {
            "type": "string",
            "description": "a date as desks type it: 2016-05-05, 5 May 2016, 5/5/2016 (day first)",
        }
    ),
]
Count = Annotated[int, Field(ge=0)]


FORMAT_VERSION = 1
CONTEXT_LIMIT = 5_000_000  # bytes: a context file is a few KB, quotes and all
CANDIDATES_LIMIT = 20_000_000  # bytes: a council's candidates file is 100 KB


def _format_version(value: object) -> int:
    if isinstance(value, bool) or value != FORMAT_VERSION:
        raise ValueError(
            f"unknown format version {value!r}: this storygen reads format {FORMAT_VERSION}"
        )
    return FORMAT_VERSION


class In(BaseModel):
    """Base of the context-file models: unknown keys are errors, so typos do not pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class CouncilIn(In):
    """The council: its name as in the results file, its ONS code, its size, its neighbours."""

    name: str
    full_name: str | None = Field(default=None, description='e.g. "Birmingham City Council"')
    code: str | None = None
    total_seats: Annotated[int, Field(ge=1)] | None = Field(
        default=None, description="seats on the council; without it, no claim about control"
    )
    neighbours: list[str] = []


class ElectionIn(In):
    """The poll: date, type, the next scheduled election, and the results file."""

    date: DeskDate
    type: ElectionType
    next_election: DeskDate | None = None
    next_election_note: str | None = None
    candidates: str = DEFAULT_CANDIDATES
    declaration_order: list[str] = Field(
        default=[], description="ward names in the order they declared (for replays)"
    )
    source: str | None = None


class CompositionIn(In):
    """Seats per party on the whole council; parties by any code or name in the party table."""

    seats: dict[str, Count]
    note: str | None = None
    source: str | None = None


class HistoryIn(CompositionIn):
    """The council's composition in an earlier year (its control history), oldest first."""

    year: Annotated[int, Field(ge=1800, le=2200)]


class TurnoutIn(In):
    """A council-wide turnout as reported; basis 'ballots' (papers issued) or 'votes' if said."""

    percent: Annotated[float, Field(ge=0, le=100)]
    basis: TurnoutBasis = TurnoutBasis.UNKNOWN
    ballots: Count | None = None
    electorate: Count | None = None
    source: str | None = None


class DefendingIn(In):
    """A seat being defended: the party, and the councillor when known."""

    party: str
    councillor: str | None = None


class PreviousCandidateIn(In):
    """A candidate at the previous contest."""

    name: str
    party: str
    votes: Count
    elected: bool


class PreviousIn(In):
    """The previous contest for the same seats: a full result, or winner, runner-up and majority."""

    year: int
    date: DeskDate | None = None
    winner: str | None = None
    runner_up: str | None = None
    majority: Count | None = None
    candidates: list[PreviousCandidateIn] = []
    note: str | None = None
    source: str | None = None


class PreviousElectionIn(In):
    """The last contest for the same seats across the council: its results, in LEAP's column
    order, in a file of the folder. Each ward is compared with its own contest there (matched
    by ONS code and name), unless `[wards."Name".previous]` gives one."""

    year: Annotated[int, Field(ge=1800, le=2200)]
    date: DeskDate | None = None
    type: ElectionType | None = None
    candidates: str = Field(default="previous.csv", description="the file of its results")
    wards_compared: bool = Field(
        default=True,
        description="false where the wards were redrawn since: council-wide comparisons only",
    )
    source: str | None = None


class WardIn(In):
    """What a desk knows of one ward before the count, keyed by the ward's name in the results."""

    seats_up: Annotated[int, Field(ge=1)] | None = None
    electorate: Count | None = None
    ballots: Count | None = None
    turnout: Annotated[float, Field(ge=0, le=100)] | None = None
    turnout_basis: TurnoutBasis | None = None
    defending: str | DefendingIn | list[str | DefendingIn] | None = None
    previous: PreviousIn | None = None
    source: str | None = None


class TargetIn(In):
    """Wards a party targeted; `top` names its declared top target, when a source says so."""

    party: str
    wards: list[str]
    top: str | None = None
    note: str | None = None
    source: str | None = None


class ThreatIn(In):
    """A feared challenge: the party and the wards."""

    party: str
    wards: list[str]
    note: str | None = None
    source: str | None = None


class AreaIn(In):
    """A named part of the council area and its wards."""

    name: str
    wards: list[str]
    source: str | None = None


class PersonIn(In):
    """Someone the story may name."""

    name: str
    role: str | None = None
    party: str | None = None
    ward: str | None = None
    note: str | None = None
    source: str | None = None


class ReactsToIn(In):
    """What a quote reacts to: fact kinds and wards."""

    kinds: list[FactKind] = []
    wards: list[str] = []


class QuoteIn(In):
    """A reaction supplied by the reporter, word for word."""

    id: str | None = None
    speaker: str
    text: str
    role: str | None = None
    party: str | None = None
    reacts_to: ReactsToIn = ReactsToIn()
    source: str | None = None


class ProvenanceIn(In):
    """A file of the folder and where it came from."""

    file: str
    origin: str
    licence: str | None = None
    note: str | None = None


class LocalPartyIn(In):
    """A local party the party table does not know, declared for this election."""

    name: str = Field(description="the name (or code) as the results file writes it")
    full_name: str | None = Field(
        default=None, description="the party's name in prose, where the results give a code"
    )
    pa: str | None = Field(default=None, description="abbreviation for the results box")
    noun: str | None = Field(
        default=None, description='prose noun, e.g. "the Ashfield Independents"'
    )
    adjective: str | None = Field(default=None, description='e.g. "Ashfield Independent"')
    plural: bool | None = Field(default=None, description="whether the noun takes a plural verb")
    unnamed: bool = Field(
        default=False,
        description="the results' code is no name and no source names it: prose says "
        '"a local party"',
    )
    source: str | None = None


class ContextFile(In):
    """The context file of a native election folder (election.toml or election.json)."""

    format: Annotated[int, BeforeValidator(_format_version)] = Field(
        default=FORMAT_VERSION, description="version of this format (1)"
    )
    council: CouncilIn
    election: ElectionIn
    composition_before: CompositionIn | None = None
    composition_after: CompositionIn | None = None
    history: list[HistoryIn] = []
    turnout: TurnoutIn | None = None
    previous: PreviousElectionIn | None = None
    wards: dict[str, WardIn] = {}
    targets: list[TargetIn] = []
    threats: list[ThreatIn] = []
    areas: list[AreaIn] = []
    people: list[PersonIn] = []
    quotes: list[QuoteIn] = []
    parties: list[LocalPartyIn] = []
    provenance: list[ProvenanceIn] = []


def context_schema() -> dict[str, Any]:
    """The JSON Schema of the context file, generated from the models."""
    schema = ContextFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "storygen election context"
    return schema


def unknown_ward(
    name: str, known: list[str], file: str | None, field: str, expected: str
) -> UnknownWardError:
    """The error for a context file's ward that no result has, with the closest names."""
    close = difflib.get_close_matches(name, known, n=3)
    return UnknownWardError(
        f"no ward {name!r} in the results",
        file=file,
        field=field,
        expected=expected,
        hint=f"did you mean {' or '.join(map(repr, close))}?" if close else None,
    )


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("&", "and")).strip().casefold()


T = TypeVar("T")


class _Resolver:
    """Turns a parsed context file and candidate rows into an Election, collecting errors."""

    def __init__(self, folder: Path, context_name: str, ctx: ContextFile) -> None:
        self.folder = folder
        self.ctx = ctx
        self.context_file = f"{folder.name}/{context_name}"
        self.errors: list[StorygenError] = []
        self.warnings: list[str] = []  # not errors, but worth a desk's second look
        self.parties = party_table()
        self.local_parties: dict[str, Party] = {}
        for p in ctx.parties:
            if p.unnamed:
                local = self.parties.local(p.name).model_copy(update={"pa": p.pa or p.name.strip()})
            else:
                local = local_party(
                    p.name,
                    p.full_name or p.name,
                    pa=p.pa,
                    source=p.source,
                    nouns=[p.noun] if p.noun else [],
                    adjectives=[p.adjective] if p.adjective else [],
                    plural=p.plural,
                )
            for key in (p.name, p.full_name):
                if key:
                    self.local_parties.setdefault(normalise_party_key(key), local)
        self.ward_ids: dict[str, str] = {}  # normalised name -> ward id
        self.ward_names: list[str] = []

    def source(self, key: str, cite: str | None) -> Source:
        return Source(file=self.context_file, key=key, cite=cite)

    def attempt(self, fn: Callable[[], T]) -> T | None:
        try:
            return fn()
        except StorygenError as exc:
            self.errors.append(exc)
            return None

    def resolve_party(self, text: str, file: str, row: int | None, field: str) -> Party:
        """A party of the table, or one the context declares as local; else an error."""
        local = self.local_parties.get(normalise_party_key(text))
        if local is not None:
            return local
        party = self.parties.get(text)
        if party is None:
            names = sorted({*self.parties.aliases(), *self.local_parties})
            close = difflib.get_close_matches(normalise_party_key(text), names, n=2)
            raise UnknownPartyError(
                f"unknown party {text.strip()!r}",
                file=file,
                row=row,
                field=field,
                expected="a party in the party table (storygen parties), or one declared "
                "under [[parties]] in the context file",
                hint=f"did you mean {' or '.join(map(repr, close))}?" if close else None,
            )
        return party

    def named_parties(self) -> tuple[Party, ...]:
        """The local parties declared with a name, each once."""
        found = {p.code: p for p in self.local_parties.values() if not p.unnamed}
        return tuple(found[code] for code in sorted(found))

    def party(self, text: str, key: str) -> str | None:
        party = self.attempt(
            lambda: self.resolve_party(text, file=self.context_file, row=None, field=key)
        )
        return party.code if isinstance(party, Party) else None

    def ward_id(self, name: str, key: str) -> str | None:
        ward_id = self.ward_ids.get(_norm(name))
        if ward_id is None and not self.ward_ids:
            return None  # no results at all: that error is reported once, not per ward
        if ward_id is None:
            self.errors.append(
                unknown_ward(
                    name,
                    self.ward_names,
                    self.context_file,
                    key,
                    "a ward name as written in the candidates file",
                )
            )
        return ward_id

    def ward_list(self, names: Iterable[str], key: str) -> tuple[str, ...]:
        ids = [self.ward_id(n, f"{key}[{i}]") for i, n in enumerate(names)]
        return tuple(i for i in ids if i is not None)

    # -- composition and turnout -------------------------------------------------------------

    def composition(self, comp: CompositionIn | None, key: str) -> Composition | None:
        if comp is None:
            return None
        seats: dict[str, int] = {}
        for name, count in comp.seats.items():
            code = self.party(name, f"{key}.seats.{name}")
            if code is not None and code in seats and code != "Oth":
                self.errors.append(
                    InconsistentDataError(
                        f"{name!r} is a party already listed",
                        file=self.context_file,
                        field=f"{key}.seats.{name}",
                        expected="each party once",
                    )
                )
            elif code is not None:
                seats[code] = seats.get(code, 0) + count
        total = self.ctx.council.total_seats
        # an earlier year's council, or the council before an all-out poll, may be of another size
        resized = key == "history" or (
            key == "composition_before" and self.ctx.election.type is ElectionType.ALL_OUT
        )
        if total is not None and not resized and sum(comp.seats.values()) != total:
            self.errors.append(
                InconsistentDataError(
                    f"seats add up to {sum(comp.seats.values())}",
                    file=self.context_file,
                    field=f"{key}.seats",
                    expected=f"council.total_seats, {total}",
                )
            )
        year = comp.year if isinstance(comp, HistoryIn) else None
        return Composition(
            id=f"composition/{year}" if year is not None else key.replace("_", "/"),
            year=year,
            seats=seats,
            note=comp.note,
            source=self.source(key, comp.source),
        )

    # -- wards ---------------------------------------------------------------------------------

    def wards(self, rows: list[CandidateRow]) -> list[Ward]:
        groups: dict[str, list[CandidateRow]] = {}
        for row in rows:
            groups.setdefault(_norm(row.ward), []).append(row)
        council = _norm(self.ctx.council.name)
        for row in rows:
            if _norm(row.council) != council:
                self.errors.append(
                    InconsistentDataError(
                        f"council {row.council!r} is not this election's council",
                        file=row.file,
                        row=row.row,
                        field="council",
                        expected=repr(self.ctx.council.name),
                    )
                )
        for norm, group in groups.items():
            self.ward_ids[norm] = f"ward/{slugify(group[0].ward)}"
            self.ward_names.append(group[0].ward)
        context_wards: dict[str, tuple[str, WardIn]] = {}
        for name, ward_in in self.ctx.wards.items():
            if self.ward_id(name, f"wards.{name}") is not None:
                context_wards[_norm(name)] = (name, ward_in)
        wards = []
        for norm, group in groups.items():
            name, ward_in = context_wards.get(norm, (group[0].ward, WardIn()))
            ward = self.attempt(lambda g=group, n=name, w=ward_in: self.ward(g, n, w))  # type: ignore[misc]
            if ward is not None:
                wards.append(ward)
        return wards

    def ward(self, rows: list[CandidateRow], key_name: str, ctx: WardIn) -> Ward:
        first = rows[0]
        ward_id = self.ward_ids[_norm(first.ward)]
        key = f"wards.{key_name}"
        for row in rows[1:]:
            if row.ward_code != first.ward_code:
                raise InconsistentDataError(
                    f"ward code {row.ward_code!r} differs from row {first.row}'s",
                    file=row.file,
                    row=row.row,
                    field="ward_code",
                    expected=repr(first.ward_code),
                )
        flagged = [r for r in rows if r.elected is not None]
        declared = bool(flagged)
        if declared and len(flagged) != len(rows):
            missing = next(r for r in rows if r.elected is None)
            raise FieldValueError(
                "elected flag missing in a declared ward",
                file=missing.file,
                row=missing.row,
                field="elected",
                expected="1 or 0",
            )
        if declared:
            seats_up = sum(1 for r in rows if r.elected)
            if seats_up == 0:
                others = [n for n in self.ward_names if _norm(n) != _norm(first.ward)]
                close = difflib.get_close_matches(first.ward, others, n=1)
                raise InconsistentDataError(
                    f"ward {first.ward!r} has nobody elected",
                    file=first.file,
                    row=first.row,
                    field="elected",
                    expected="at least one row with elected 1",
                    hint=f"a misspelling of {close[0]!r}?" if close else None,
                )
            if ctx.seats_up is not None and ctx.seats_up != seats_up:
                raise InconsistentDataError(
                    f"{seats_up} candidates elected",
                    file=self.context_file,
                    field=f"{key}.seats_up",
                    expected=f"as many as seats_up, {ctx.seats_up}",
                )
        elif ctx.seats_up is None:
            raise FieldValueError(
                "seats up unknown for a ward that has not declared",
                file=self.context_file,
                field=f"{key}.seats_up",
                expected="seats_up in the context file (the results do not say yet)",
            )
        else:
            seats_up = ctx.seats_up
        uncontested = declared and len(rows) <= seats_up
        if declared and not uncontested:
            self.check_votes(rows)
        defending = self.defending(ctx.defending, f"{key}.defending")
        if len(defending) > seats_up:
            raise InconsistentDataError(
                f"{len(defending)} seats defended",
                file=self.context_file,
                field=f"{key}.defending",
                expected=f"at most the {seats_up} seat(s) up",
            )
        standing = [r.candidate for r in rows]
        for seat in defending:
            if seat.councillor and not any(same_person(seat.councillor, c) for c in standing):
                # a near miss may be a misspelling; a councillor standing down is no news
                close = difflib.get_close_matches(seat.councillor, standing, n=1, cutoff=0.6)
                if close:
                    self.warnings.append(
                        f"{self.context_file}: {key}.defending: councillor "
                        f"{seat.councillor!r} is not among {first.ward}'s candidates, so taken "
                        f"as not standing (did you mean {close[0]!r}?)"
                    )
        candidates = []
        seen: dict[str, int] = {}
        for row in rows:
            cand_id = f"candidate/{ward_id.removeprefix('ward/')}/{slugify(row.candidate)}"
            if cand_id in seen:
                raise InconsistentDataError(
                    f"candidate {row.candidate!r} listed twice in {first.ward}",
                    file=row.file,
                    row=row.row,
                    field="candidate",
                    expected=f"one row per candidate (first at row {seen[cand_id]})",
                )
            seen[cand_id] = row.row
            incumbent = incumbency(row.candidate, defending, row.incumbent)
            party = self.resolve_party(row.party, file=row.file, row=row.row, field="party")
            candidates.append(
                Candidate(
                    id=cand_id,
                    name=row.candidate,
                    party=party.code,
                    votes=None if uncontested else row.votes,
                    elected=row.elected,
                    incumbent=incumbent,
                    source=Source(file=row.file, row=row.row),
                )
            )
        if ctx.ballots is not None and ctx.electorate is not None and ctx.ballots > ctx.electorate:
            raise InconsistentDataError(
                f"{ctx.ballots} ballots exceed the electorate of {ctx.electorate}",
                file=self.context_file,
                field=f"{key}.ballots",
                expected="ballots <= electorate",
            )
        return Ward(
            id=ward_id,
            name=first.ward,
            code=first.ward_code or None,
            seats_up=seats_up,
            electorate=ctx.electorate,
            ballots=ctx.ballots,
            turnout=ctx.turnout,
            turnout_basis=ctx.turnout_basis,
            declared=declared,
            defending=defending,
            previous=self.previous(ward_id, ctx.previous, f"{key}.previous"),
            candidates=tuple(candidates),
            source=Source(file=first.file, row=first.row, key=key if key_name else None),
        )

    @staticmethod
    def check_votes(rows: list[CandidateRow]) -> None:
        for row in rows:
            if row.votes is None:
                raise FieldValueError(
                    "votes missing in a declared, contested ward",
                    file=row.file,
                    row=row.row,
                    field="votes",
                    expected="a whole number",
                )
        lowest = min((r for r in rows if r.elected), key=lambda r: r.votes or 0)
        for row in rows:
            if not row.elected and (row.votes or 0) > (lowest.votes or 0):
                raise InconsistentDataError(
                    f"not elected with {row.votes} votes, while row {lowest.row} "
                    f"({lowest.candidate}) is elected with {lowest.votes}",
                    file=row.file,
                    row=row.row,
                    field="elected",
                    expected="the candidates with the most votes elected",
                )

    def defending(
        self, value: str | DefendingIn | list[str | DefendingIn] | None, key: str
    ) -> tuple[DefendedSeat, ...]:
        if value is None:
            return ()
        listed = value if isinstance(value, list) else [value]
        items = [DefendingIn(party=v) if isinstance(v, str) else v for v in listed]
        seats = []
        for item in items:
            code = self.party(item.party, key)
            if code is not None:
                seats.append(DefendedSeat(party=code, councillor=item.councillor))
        return tuple(seats)

    def previous(self, ward_id: str, prev: PreviousIn | None, key: str) -> PreviousContest | None:
        if prev is None:
            return None
        candidates = []
        for i, cand in enumerate(prev.candidates):
            code = self.party(cand.party, f"{key}.candidates[{i}].party")
            if code is not None:
                candidates.append(
                    PreviousCandidate(
                        name=cand.name, party=code, votes=cand.votes, elected=cand.elected
                    )
                )
        winner = self.party(prev.winner, f"{key}.winner") if prev.winner else None
        runner_up = self.party(prev.runner_up, f"{key}.runner_up") if prev.runner_up else None
        if candidates:
            ranked = sorted(candidates, key=lambda c: -c.votes)
            elected = [c for c in ranked if c.elected]
            unelected = [c for c in ranked if not c.elected]
            if elected and unelected:
                computed = min(c.votes for c in elected) - max(c.votes for c in unelected)
                if prev.majority is not None and prev.majority != computed:
                    self.errors.append(
                        InconsistentDataError(
                            f"majority {prev.majority} but the candidates give {computed}",
                            file=self.context_file,
                            field=f"{key}.majority",
                            expected="lowest elected minus highest unelected",
                        )
                    )
            if winner is not None and elected and elected[0].party != winner:
                self.errors.append(
                    InconsistentDataError(
                        f"winner {prev.winner!r} but the top elected candidate is "
                        f"{elected[0].name} ({elected[0].party})",
                        file=self.context_file,
                        field=f"{key}.winner",
                        expected="the party of the elected candidate",
                    )
                )
        return PreviousContest(
            id=f"previous/{ward_id.removeprefix('ward/')}/{prev.year}",
            year=prev.year,
            date=prev.date,
            winner=winner,
            runner_up=runner_up,
            majority=prev.majority,
            candidates=tuple(candidates),
            note=prev.note,
            source=self.source(key, prev.source),
        )

    # -- editorial context ---------------------------------------------------------------------

    def targets(self) -> list[Target]:
        out = []
        for i, t in enumerate(self.ctx.targets):
            key = f"targets[{i}]"
            code = self.party(t.party, f"{key}.party")
            wards = self.ward_list(t.wards, f"{key}.wards")
            top = self.ward_id(t.top, f"{key}.top") if t.top else None
            if top is not None and top not in wards:
                wards = (top, *wards)
            if code is not None:
                out.append(
                    Target(
                        id=f"target/{slugify(code)}/{i + 1}",
                        party=code,
                        wards=wards,
                        top=top,
                        note=t.note,
                        source=self.source(key, t.source),
                    )
                )
        return out

    def threats(self) -> list[Threat]:
        out = []
        for i, t in enumerate(self.ctx.threats):
            key = f"threats[{i}]"
            code = self.party(t.party, f"{key}.party")
            wards = self.ward_list(t.wards, f"{key}.wards")
            if code is not None:
                out.append(
                    Threat(
                        id=f"threat/{slugify(code)}/{i + 1}",
                        party=code,
                        wards=wards,
                        note=t.note,
                        source=self.source(key, t.source),
                    )
                )
        return out

    def areas(self) -> list[Area]:
        return [
            Area(
                id=f"area/{slugify(a.name)}",
                name=a.name,
                wards=self.ward_list(a.wards, f"areas[{i}].wards"),
                source=self.source(f"areas[{i}]", a.source),
            )
            for i, a in enumerate(self.ctx.areas)
        ]

    def people(self) -> list[Person]:
        out = []
        for i, p in enumerate(self.ctx.people):
            key = f"people[{i}]"
            out.append(
                Person(
                    id=f"person/{slugify(p.name)}",
                    name=p.name,
                    role=p.role,
                    party=self.party(p.party, f"{key}.party") if p.party else None,
                    ward=self.ward_id(p.ward, f"{key}.ward") if p.ward else None,
                    note=p.note,
                    source=self.source(key, p.source),
                )
            )
        return out

    def quotes(self, people: list[Person]) -> list[Quote]:
        by_name = {_norm(p.name): p for p in people}
        out = []
        for i, q in enumerate(self.ctx.quotes):
            key = f"quotes[{i}]"
            person = by_name.get(_norm(q.speaker))
            if person is None:
                self.errors.append(
                    UnknownPersonError(
                        f"speaker {q.speaker!r} is not among the people",
                        file=self.context_file,
                        field=f"{key}.speaker",
                        expected="the name of an entry in [[people]]",
                    )
                )
                continue
            if not q.text.strip():
                self.errors.append(
                    FieldValueError(
                        "empty quote",
                        file=self.context_file,
                        field=f"{key}.text",
                        expected="the words as spoken",
                    )
                )
                continue
            party = self.party(q.party, f"{key}.party") if q.party else person.party
            out.append(
                Quote(
                    id=q.id or f"quote/{i + 1}",
                    speaker=person.id,
                    text=q.text.strip(),
                    role=q.role or person.role,
                    party=party,
                    kinds=tuple(k.value for k in q.reacts_to.kinds),
                    wards=self.ward_list(q.reacts_to.wards, f"{key}.reacts_to.wards"),
                    source=self.source(key, q.source),
                )
            )
        return out


def _read_context(folder: Path, notices: list[DataWarning]) -> tuple[str, ContextFile]:
    for name in CONTEXT_NAMES:
        path = folder / name
        if path.exists() or path.is_symlink():
            break
    else:
        raise InputNotFoundError(
            "no context file",
            file=str(folder),
            expected=" or ".join(CONTEXT_NAMES) + " in the election folder",
        )
    display = f"{folder.name}/{name}"
    data = read_regular_file(
        path,
        display=display,
        limit=CONTEXT_LIMIT,
        expected="a TOML or JSON context file",
        what="context file",
    )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFormatError(
            "not UTF-8 text",
            file=display,
            row=data[: exc.start].count(b"\n") + 1,
            expected="a UTF-8 file",
        ) from None
    try:
        raw = tomllib.loads(text) if name.endswith(".toml") else json.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise InputFormatError(
            f"not valid TOML: {str(exc).split(' (at')[0]}",
            file=display,
            row=int(match.group(1)) if match else None,
        ) from None
    except json.JSONDecodeError as exc:
        raise InputFormatError(f"not valid JSON: {exc.msg}", file=display, row=exc.lineno) from None
    if not isinstance(raw, dict):
        raise InputFormatError(
            f"a JSON {type(raw).__name__}, not an object", file=display, expected="a JSON object"
        )
    raw = _clean_strings(raw, display, notices)
    try:
        return name, ContextFile.model_validate(raw)
    except ValidationError as exc:
        raise ValidationFailed([_field_error(err, display) for err in exc.errors()]) from None


def _clean_strings(
    value: Any, file: str, notices: list[DataWarning], path: tuple[str | int, ...] = ()
) -> Any:
    """The parsed context with control characters taken out of every string, each noted."""
    if isinstance(value, str):
        cleaned, changed = clean_text(value)
        if changed:
            key = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
            notices.append(
                DataWarning(
                    code="control-characters",
                    message="control characters (a NUL byte, an escape sequence, a line break) "
                    "taken out",
                    file=file,
                    field=key or None,
                )
            )
        return cleaned
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            name = _clean_strings(k, file, notices, (*path, k)) if isinstance(k, str) else k
            out[name] = _clean_strings(v, file, notices, (*path, name))
        return out
    if isinstance(value, list):
        return [_clean_strings(v, file, notices, (*path, i)) for i, v in enumerate(value)]
    return value


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The context-file model that holds the key at `loc`, for naming the keys it accepts."""
    model: type[BaseModel] = ContextFile
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            # a key of a dict field (a ward name): the value model is the dict's
            continue
        found = None
        for arg in _walk_types(field.annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                found = arg
        if found is None:
            return None
        model = found
    return model


def _walk_types(tp: object) -> Iterable[object]:
    yield tp
    for arg in getattr(tp, "__args__", ()):
        yield from _walk_types(arg)


def _field_error(err: Any, display: str) -> StorygenError:
    loc = tuple(err["loc"])
    field = ".".join(str(p) for p in loc) or None
    value = err.get("input")
    got = value if not isinstance(value, dict | list) else None
    if err["type"] == "extra_forbidden":
        model = _model_at(loc)
        keys = ", ".join(model.model_fields) if model else None
        return FieldValueError(
            "unknown key", file=display, field=field, expected=f"one of: {keys}" if keys else None
        )
    if err["type"] == "missing":
        return FieldValueError("missing", file=display, field=field, expected="a value")
    context = err.get("ctx") or {}
    if err["type"] in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = next(iter(context.values()), None)
        if isinstance(bound, float) and bound.is_integer():
            bound = int(bound)
        words = {
            "greater_than_equal": "at least",
            "less_than_equal": "at most",
            "greater_than": "more than",
            "less_than": "less than",
        }[err["type"]]
        what = (
            "a percentage"
            if "turnout" in (field or "") or "percent" in (field or "")
            else "a number"
        )
        return FieldValueError(
            "out of range", file=display, field=field, expected=f"{what} {words} {bound}", got=got
        )
    message = str(err["msg"]).removeprefix("Value error, ")
    return FieldValueError(message, file=display, field=field, got=got)


def load_election(path: str | Path) -> Election:
    """Read and validate a native election folder (or its context file) into an Election."""
    path = Path(path).resolve()
    if not path.exists():
        raise InputNotFoundError(
            "no such file or folder", file=str(path), expected="an election folder"
        )
    folder = path.parent if path.is_file() else path
    notices: list[DataWarning] = []
    context_name, ctx = _read_context(folder, notices)
    resolver = _Resolver(folder, context_name, ctx)
    csv_path = _candidates_path(folder, ctx.election.candidates, resolver.context_file)
    display = f"{folder.name}/{ctx.election.candidates}"
    data = read_regular_file(
        csv_path,
        display=display,
        limit=CANDIDATES_LIMIT,
        expected="a CSV of candidate rows",
        what="results file",
    )
    rows, row_errors = read_candidate_rows(
        csv_path, display_name=display, notices=notices, data=data
    )
    resolver.errors.extend(row_errors)
    if not rows and not row_errors:
        resolver.errors.append(
            InputFormatError(
                "no candidate rows",
                file=f"{folder.name}/{ctx.election.candidates}",
                expected="one row per candidate",
            )
        )
    wards = resolver.wards(rows)
    previous = resolver.attempt(lambda: _previous(folder, resolver, ctx))
    if previous is not None:
        previous, matched, notes = match_previous(wards, previous)
        wards = [
            w.model_copy(update={"previous": matched[w.id]})
            if w.id in matched and w.previous is None
            else w
            for w in wards
        ]
        resolver.warnings += notes
    before = resolver.composition(ctx.composition_before, "composition_before")
    after = resolver.composition(ctx.composition_after, "composition_after")
    people = resolver.people()
    election = resolver.attempt(
        lambda: Election(
            id=f"{slugify(ctx.council.name)}-{ctx.election.date.isoformat()}",
            council=Council(
                id=f"council/{slugify(ctx.council.name)}",
                name=ctx.council.name,
                full_name=ctx.council.full_name,
                code=ctx.council.code,
                total_seats=ctx.council.total_seats,
                neighbours=tuple(ctx.council.neighbours),
            ),
            date=ctx.election.date,
            type=ctx.election.type,
            composition_before=before,
            composition_after=after,
            history=tuple(
                c
                for h in sorted(ctx.history, key=lambda h: h.year)
                if (c := resolver.composition(h, "history")) is not None
            ),
            turnout=(
                Turnout(
                    percent=ctx.turnout.percent,
                    basis=ctx.turnout.basis,
                    ballots=ctx.turnout.ballots,
                    electorate=ctx.turnout.electorate,
                    source=resolver.source("turnout", ctx.turnout.source),
                )
                if ctx.turnout
                else None
            ),
            next_election=ctx.election.next_election,
            next_election_note=ctx.election.next_election_note,
            wards=tuple(wards),
            targets=tuple(resolver.targets()),
            threats=tuple(resolver.threats()),
            areas=tuple(resolver.areas()),
            people=tuple(people),
            quotes=tuple(resolver.quotes(people)),
            parties=resolver.named_parties(),
            provenance=tuple(
                Provenance(file=p.file, origin=p.origin, licence=p.licence, note=p.note)
                for p in ctx.provenance
            ),
            notes=tuple(resolver.warnings),
            warnings=tuple(notices),
            declaration_order=resolver.ward_list(
                ctx.election.declaration_order, "election.declaration_order"
            ),
            previous=previous,
        )
    )
    if election is not None:
        resolver.attempt(lambda: _check_totals(election, resolver.context_file))
    if resolver.errors:
        if len(resolver.errors) == 1:
            raise resolver.errors[0]
        raise ValidationFailed(resolver.errors)
    assert election is not None
    return validate(election)


def _previous(folder: Path, resolver: _Resolver, ctx: ContextFile) -> PreviousElection | None:
    """The previous contest of `[previous]`, read from its results file."""
    prev = ctx.previous
    if prev is None:
        return None
    csv_path = _candidates_path(
        folder, prev.candidates, resolver.context_file, field="previous.candidates"
    )
    display = f"{folder.name}/{prev.candidates}"
    data = read_regular_file(
        csv_path,
        display=display,
        limit=CANDIDATES_LIMIT,
        expected="a CSV of the previous contest's candidate rows",
        what="previous results file",
    )
    rows, errors = read_candidate_rows(csv_path, display_name=display, data=data)
    if errors:
        raise errors[0] if len(errors) == 1 else ValidationFailed(errors)
    if not rows:
        raise InputFormatError("no candidate rows", file=display, expected="one row per candidate")
    results = [
        ResultRow(
            council=r.council,
            council_code=r.council_code or None,
            ward=r.ward,
            ward_code=r.ward_code or None,
            candidate=r.candidate,
            party=r.party,
            votes=r.votes,
            elected=r.elected,
            source=Source(file=r.file, row=r.row),
        )
        for r in rows
    ]
    if prev.date is not None and prev.date.year != prev.year:
        raise InconsistentDataError(
            f"date {prev.date.isoformat()} is not in {prev.year}",
            file=resolver.context_file,
            field="previous.date",
            expected="a date in the year given",
        )
    return previous_from_rows(
        results,
        prev.year,
        prev.date,
        prev.type,
        prev.wards_compared,
        resolver.source("previous", prev.source),
    )


def _candidates_path(
    folder: Path, name: str, context_file: str, field: str = "election.candidates"
) -> Path:
    """The results file the context names: a file inside the election folder, nowhere else."""
    expected = "the name of a file inside the election folder, e.g. candidates.csv"
    relative = Path(name)
    if not name.strip() or relative.is_absolute() or ".." in relative.parts or "\\" in name:
        raise FieldValueError(
            "not a file of the election folder",
            file=context_file,
            field=field,
            expected=expected,
            got=name,
        )
    path = folder / relative
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        inside = False
    if not inside:
        raise FieldValueError(
            "leads outside the election folder",
            file=context_file,
            field=field,
            expected=expected,
            got=name,
        )
    return path


def _check_totals(election: Election, context_file: str) -> None:
    total = election.council.total_seats
    if total is not None and election.seats_up > total:
        raise InconsistentDataError(
            f"{election.seats_up} seats up",
            file=context_file,
            field="council.total_seats",
            expected=f"no more than the council's {total} seats",
        )
    if election.next_election is not None and election.next_election <= election.date:
        raise FieldValueError(
            "next election is not after this one",
            file=context_file,
            field="election.next_election",
            expected=f"a date after {election.date.isoformat()}",
            got=election.next_election.isoformat(),
        )
