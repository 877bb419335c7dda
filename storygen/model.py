"""The election model: everything a desk knows about one council election, each record citable."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from enum import StrEnum
from functools import lru_cache
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, computed_field

from storygen.names import same_person
from storygen.parties import Party, PartyTable, party_table


@lru_cache(maxsize=16384)  # pure, and called on the same names again and again
def slugify(text: str) -> str:
    """A stable, readable id fragment: ASCII, lower case, words joined by hyphens.

    Letters with no ASCII form (Cyrillic, Greek, Chinese, "ß", "Ł") would be lost, and two such
    names would share one id: the fragment then ends with a hash of the whole name, so
    "Иван Петров" and "Пётр Иванов" differ while every Latin name keeps its plain id.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    # an ASCII letter or digit is its own ASCII form: only other text needs looking at
    lost = not text.isascii() and any(ch.isalnum() and not _ascii_form(ch) for ch in text)
    if (not slug and text.strip()) or lost:
        key = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
        digest = hashlib.sha256(key.encode()).hexdigest()[:8]
        slug = f"{slug}-{digest}" if slug else digest
    return slug


def _ascii_form(char: str) -> bool:
    return any(c.isalnum() for c in unicodedata.normalize("NFKD", char) if c.isascii())


class Record(BaseModel):
    """Base of every model: immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(Record):
    """Where a record came from: the file and row (or key) that holds it, and whom it cites."""

    file: str
    row: int | None = None
    key: str | None = None
    cite: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" row {self.row}"
        if self.key:
            where += f" [{self.key}]"
        if self.cite:
            where += f" ({self.cite})"
        return where


class ElectionType(StrEnum):
    """How many of the council's seats the election fills."""

    THIRDS = "thirds"
    HALVES = "halves"
    ALL_OUT = "all-out"
    BY_ELECTION = "by-election"


class FactKind(StrEnum):
    """The kinds of newsworthy fact the rules detect; quotes say which kinds they react to."""

    COMPOSITION = "composition"
    CONTROL = "control"
    NO_OVERALL_CONTROL = "no_overall_control"
    GAIN = "gain"
    HOLD = "hold"
    DEFEATED_INCUMBENT = "defeated_incumbent"
    HELD_UNDER_PRESSURE = "held_under_pressure"
    TARGET_WON = "target_won"
    TARGET_MISSED = "target_missed"
    HELD_AGAINST_CHALLENGER = "held_against_challenger"
    FAILED_CHALLENGE = "failed_challenge"
    MAJORITY_CHANGE = "majority_change"
    TURNOUT = "turnout"
    CLOSEST_RESULT = "closest_result"
    BIGGEST_MAJORITY = "biggest_majority"
    VOTE_SHARE = "vote_share"
    SHARE_CHANGE = "share_change"  # council-wide shares against the last contest for the seats
    WARD_SHARE_CHANGE = "ward_share_change"  # one ward's shares against its previous contest
    SHUT_OUT = "shut_out"
    NEIGHBOUR = "neighbour"
    FIRST_SEATS = "first_seats"
    WARD_RESULT = "ward_result"
    PROGRESS = "progress"
    # general elections
    SWING = "swing"  # councils too: the Butler swing since the same seats were last fought
    RETURNING_MEMBER = "returning_member"
    SPEAKER_SEAT = "speaker_seat"


class Incumbency(StrEnum):
    """Whether a candidate held the seat being fought."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class TurnoutBasis(StrEnum):
    """What a turnout figure counts over the electorate."""

    BALLOTS = "ballots"  # ballot papers issued
    VOTES = "votes"  # total (valid) votes, where that is all there is
    UNKNOWN = "unknown"  # reported without saying which


Votes = Annotated[int, Field(ge=0)]
Percent = Annotated[float, Field(ge=0, le=100)]


class Candidate(Record):
    """One candidate in one ward: votes and elected are None until the ward declares."""

    id: str
    name: str
    party: str  # canonical party code
    votes: Votes | None
    elected: bool | None
    incumbent: Incumbency = Incumbency.UNKNOWN
    former_member: bool = False  # a general election's former MP (not sitting) standing again
    source: Source


class PreviousCandidate(Record):
    """A candidate at the previous contest for the same seats."""

    name: str
    party: str
    votes: Votes
    elected: bool


class PreviousContest(Record):
    """The last time the same seats were fought: the full result, or who won and by how much."""

    id: str
    year: int
    date: dt.date | None = None
    winner: str | None = None  # party code
    runner_up: str | None = None  # party code
    majority: Votes | None = None
    candidates: tuple[PreviousCandidate, ...] = ()
    note: str | None = None
    electorate: Votes | None = None  # when known, for a turnout to compare with
    ballots: Votes | None = None  # valid plus rejected ballots, when known
    notional: bool = False  # re-estimated on these boundaries, not a result anyone declared
    ward: str | None = None  # the ward's name in the earlier file, where it came from one
    code: str | None = None  # the ward's ONS code in the earlier file
    seats: Annotated[int, Field(ge=1)] | None = None  # seats filled then, when known
    source: Source

    @property
    def contested(self) -> bool:
        """Whether its full result gives shares: more candidates than seats, and votes cast."""
        seats = self.seats or sum(1 for c in self.candidates if c.elected) or 1
        return len(self.candidates) > seats and sum(c.votes for c in self.candidates) > 0


class PreviousElection(Record):
    """The last contest for the same seats across the whole council, ward by ward.

    Read from an earlier results file: every ward of that contest as it was then (its own names
    and codes), for council-wide comparisons; each ward of this election that is the same ward
    also has its contest as `Ward.previous`. `wards_compared` is false when the wards were
    redrawn in between: then only council-wide comparisons are made.
    """

    id: str  # "previous/<year>"
    year: int
    date: dt.date | None = None
    type: ElectionType | None = None
    wards: tuple[PreviousContest, ...]
    wards_compared: bool = True
    first_preferences_only: bool = False  # an STV count given by first preferences
    note: str | None = None
    source: Source

    @property
    def seats(self) -> int:
        """Seats filled across the council."""
        return sum(w.seats or 0 for w in self.wards)


class DefendedSeat(Record):
    """A seat being fought, with the party (and, when known, the councillor) that held it."""

    party: str
    councillor: str | None = None


class Ward(Record):
    """One ward (or division) and its contest."""

    id: str
    name: str
    code: str | None = None
    seats_up: Annotated[int, Field(ge=1)]
    electorate: Votes | None = None
    ballots: Votes | None = None
    turnout: Percent | None = None  # as reported; None when unknown, never computed by guess
    turnout_basis: TurnoutBasis | None = None
    declared: bool
    defending: tuple[DefendedSeat, ...] = ()
    # where `defending` is not known because the councillor list files a seat under its
    # "Independent / Other" (an independent or a local group, both "others" in the yearly
    # compositions): the defenders in the compositions' terms, those seats as "Oth"
    defending_others: tuple[DefendedSeat, ...] = ()
    previous: PreviousContest | None = None
    candidates: tuple[Candidate, ...]
    void: bool = False  # declared, but its result cannot be read (more elected than seats)
    source: Source

    @property
    def uncontested(self) -> bool:
        """Returned unopposed: no more candidates than seats."""
        return len(self.candidates) <= self.seats_up


class Composition(Record):
    """Seats held by each party on the whole council at one moment."""

    id: str
    seats: dict[str, Annotated[int, Field(ge=0)]]  # party code -> seats
    year: int | None = None  # the year of a yearly snapshot (after that year's elections)
    note: str | None = None
    source: Source

    @property
    def total(self) -> int:
        """All seats counted."""
        return sum(self.seats.values())


class Turnout(Record):
    """A council-wide turnout as reported, with its basis when the source gives it."""

    id: str = "turnout/council"
    percent: Percent
    basis: TurnoutBasis = TurnoutBasis.UNKNOWN
    ballots: Votes | None = None
    electorate: Votes | None = None
    source: Source


class Target(Record):
    """Wards a party hoped to win, and its top target when a source names one."""

    id: str
    party: str
    wards: tuple[str, ...]  # ward ids
    top: str | None = None  # ward id of the party's declared top target
    note: str | None = None
    source: Source


class Threat(Record):
    """A challenge a desk expected before the poll: a party feared in some wards."""

    id: str
    party: str
    wards: tuple[str, ...]  # ward ids
    note: str | None = None
    source: Source


class Area(Record):
    """A part of the council area the way a local reader knows it ("east of the city")."""

    id: str
    name: str
    wards: tuple[str, ...]
    source: Source


class Person(Record):
    """Someone the story may name: a leader, a group leader, a councillor."""

    id: str
    name: str
    role: str | None = None
    party: str | None = None
    ward: str | None = None  # ward id
    note: str | None = None
    source: Source


class Quote(Record):
    """A reaction supplied by the reporter, and what it reacts to."""

    id: str
    speaker: str  # person id
    text: str
    role: str | None = None
    party: str | None = None
    kinds: tuple[str, ...] = ()  # fact kinds it reacts to
    wards: tuple[str, ...] = ()  # ward ids it reacts to
    source: Source


class Provenance(Record):
    """A file the election folder was built from: what it is, where it came from, its licence."""

    file: str
    origin: str
    licence: str | None = None
    note: str | None = None


class GeneralScope(StrEnum):
    """What a general-election story covers."""

    UK = "uk"
    NATION = "nation"
    REGION = "region"
    CONSTITUENCY = "constituency"


class NightRank(Record):
    """Where one constituency's majority stands among every seat of the night (all declared)."""

    seats: Annotated[int, Field(ge=1)]  # seats ranked
    closest: bool = False  # the smallest majority of the night
    biggest: bool = False  # the biggest majority of the night
    ties: Annotated[int, Field(ge=1)] = 1  # seats sharing that majority


class GeneralInfo(Record):
    """What a general-election story is about and what it is compared with.

    The baseline is the previous election on the same boundaries: a declared result (2017 for
    2019) or a notional one (2019 re-estimated on the 2024 boundaries); None, no comparisons.
    """

    scope: GeneralScope
    house_seats: Annotated[int, Field(ge=1)]  # seats in the House of Commons
    area: str | None = None  # the nation or region a story covers, as the source names it
    area_prose: str | None = None  # as prose writes it after "in" ("the North East")
    country: str | None = None  # a constituency's nation
    region: str | None = None  # a constituency's English region
    baseline_year: int | None = None
    baseline_date: dt.date | None = None
    notional: bool = False
    declared_at: dt.datetime | None = None  # a constituency's declaration (UTC)
    night: NightRank | None = None  # derived from every seat's result (storygen.general)


class DataWarning(Record):
    """A finding of the validation layer: input that is doubtful or contradicts itself.

    `records` are the ids of the records it concerns (none: the whole election) and `kinds` the
    fact kinds it bears on (none: every kind). Facts it touches are left out of the story when
    `omit` is set; the draft is marked NEEDS REVIEW when `review` is set and the warning touches
    a fact the story would tell (or concerns the whole election).
    """

    code: str  # stable, for tests and the index: "over-elected", "turnout-mismatch", ...
    message: str
    file: str | None = None
    row: int | None = None
    field: str | None = None
    expected: str | None = None
    records: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    omit: bool = False
    review: bool = False

    def touches(self, kind: str, sources: Iterable[str]) -> bool:
        """Whether a fact of this kind resting on these records is concerned."""
        if self.kinds and kind not in self.kinds:
            return False
        return not self.records or not set(self.records).isdisjoint(sources)

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.row}: " if self.row is not None else f"{self.file}: "
        if self.field:
            where += f"{self.field}: "
        text = f"{where}{self.message}"
        if self.expected:
            text += f"; expected {self.expected}"
        return text


class Council(Record):
    """The council itself."""

    id: str
    name: str
    full_name: str | None = None  # "Birmingham City Council"
    code: str | None = None
    total_seats: Annotated[int, Field(ge=1)] | None  # None: no source gives the council's size
    neighbours: tuple[str, ...] = ()


class Election(Record):
    """One council's election: what was known before the poll and the results."""

    id: str
    council: Council
    date: dt.date
    type: ElectionType
    composition_before: Composition | None = None
    composition_after: Composition | None = None
    history: tuple[Composition, ...] = ()  # earlier years' compositions, oldest first
    turnout: Turnout | None = None
    next_election: dt.date | None = None
    next_election_note: str | None = None
    wards: tuple[Ward, ...]
    targets: tuple[Target, ...] = ()
    threats: tuple[Threat, ...] = ()
    areas: tuple[Area, ...] = ()
    people: tuple[Person, ...] = ()
    quotes: tuple[Quote, ...] = ()
    # local parties the party table does not know, by the code the results give them, with the
    # names a source gives them; a local code not here is unnamed (prose describes it)
    parties: tuple[Party, ...] = ()
    provenance: tuple[Provenance, ...] = ()
    declaration_order: tuple[str, ...] = ()  # ward ids, as they declared (when known)
    first_preferences_only: bool = False  # an STV count given by first preferences: no majorities
    boundaries_changed: bool = False  # new wards: no ward gains, composition change only
    final: bool = False  # a final count (a national results file): never told as mid-count
    notes: tuple[str, ...] = ()  # what an import could not derive, and why
    # a UK general election's story (type all-out: every seat is up): its scope and baseline
    general: GeneralInfo | None = None
    warnings: tuple[DataWarning, ...] = ()  # the validation layer's findings
    previous: PreviousElection | None = None  # the last contest for the same seats, council-wide

    @computed_field  # type: ignore[prop-decorator]
    @property
    def seats_up(self) -> int:
        """Seats being fought across all wards."""
        return sum(w.seats_up for w in self.wards)

    @property
    def candidate_count(self) -> int:
        """Candidates across all wards."""
        return sum(len(w.candidates) for w in self.wards)

    @property
    def declared_count(self) -> int:
        """Wards that have declared."""
        return sum(1 for w in self.wards if w.declared)

    def party_table(self) -> PartyTable:
        """The party table with this election's local parties."""
        return party_table().with_local(self.parties)

    def ward(self, ward_id: str) -> Ward:
        """The ward with this id."""
        for ward in self.wards:
            if ward.id == ward_id:
                return ward
        raise KeyError(ward_id)

    def record_sources(self) -> dict[str, Source]:
        """Every record's id and where it came from, for citing what a fact rests on."""
        index: dict[str, Source] = {}
        for ward in self.wards:
            index[ward.id] = ward.source
            for cand in ward.candidates:
                index[cand.id] = cand.source
            if ward.previous:
                index[ward.previous.id] = ward.previous.source
        if self.previous is not None:
            index[self.previous.id] = self.previous.source
            for contest in self.previous.wards:
                index.setdefault(contest.id, contest.source)
        for comp in (self.composition_before, self.composition_after, *self.history):
            if comp:
                index[comp.id] = comp.source
        if self.turnout:
            index[self.turnout.id] = self.turnout.source
        for target in self.targets:
            index[target.id] = target.source
        for threat in self.threats:
            index[threat.id] = threat.source
        for area in self.areas:
            index[area.id] = area.source
        for person in self.people:
            index[person.id] = person.source
        for quote in self.quotes:
            index[quote.id] = quote.source
        return index

    def summary(self) -> str:
        """One line: council, date, type, wards, candidates, seats."""
        declared = self.declared_count
        if self.general is not None:
            seats = f"{len(self.wards)} constituencies"
            if declared != len(self.wards):
                seats += f" ({declared} declared)"
            baseline = self.general.baseline_year
            return (
                f"{self.council.name} general election {self.date.isoformat()}: {seats}, "
                f"{self.candidate_count} candidates; "
                + (
                    f"compared with the {'notional ' if self.general.notional else ''}"
                    f"{baseline} result"
                    if baseline
                    else "no previous result on these boundaries"
                )
            )
        wards = f"{len(self.wards)} wards"
        if declared != len(self.wards):
            wards += f" ({declared} declared)"
        total = self.council.total_seats
        return (
            f"{self.council.name} {self.date.isoformat()} ({self.type.value}): {wards}, "
            f"{self.candidate_count} candidates, {self.seats_up} seats up, "
            + (f"{total} seats in all" if total else "council size unknown")
        )


def incumbency(
    candidate: str, defending: tuple[DefendedSeat, ...], given: Incumbency | None = None
) -> Incumbency:
    """Whether a candidate holds the seat: as the source says, else from the named defenders
    (not the incumbent only when every defender of the ward is named)."""
    if given is not None and given is not Incumbency.UNKNOWN:
        return given
    if any(d.councillor and same_person(d.councillor, candidate) for d in defending):
        return Incumbency.YES
    if defending and all(d.councillor for d in defending):
        return Incumbency.NO
    return Incumbency.UNKNOWN
