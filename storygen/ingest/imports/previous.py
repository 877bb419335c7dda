"""The previous contest for the same seats, found in earlier results files.

`EarlierResults` holds every council of the files given with `--previous` (any layout the
importers read). For one election, `find_previous` picks the contest that last fought the same
seats, by the council's cycle:

- thirds or halves: the contest four years before, counting the contests of 2020 as held in
  2021 (they were postponed: the seats fought in 2021 were last fought in 2016, those of 2024 in
  2021), unless an all-out contest since then fought every seat again (an all-out 2021 is the
  previous contest of 2022's and 2024's seats);
- all-out: the last all-out contest;
- a by-election: for each ward, the last contest the files show for it, whatever its kind.

By-elections are never the previous contest of an ordinary election. Councils are matched by
normalised name, and where both files give an ONS code, codes of one kind (a county's E10 is not
the unitary E06 that replaced it). Wards are matched by ONS code where both files have one, else
by `match_wards` (the normalised names); where code and name disagree the ward is left out,
except where the codes are the same set on both sides, assigned to other wards (one file's
codes are shifted, no ward is new). Every ward left unmatched is named in the notes. When fewer
than half of the wards match (`BOUNDARY_MATCH`), or the election is on new boundaries, the
council was redrawn in between: only council-wide comparisons are made; otherwise the wards
that match are compared (a few redrawn wards have new codes, and are left out).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from storygen.ingest.imports.common import (
    CouncilImport,
    ResultRow,
    infer_type,
    match_wards,
    normalise_name,
    tidy_person,
    tidy_place,
)
from storygen.model import (
    Election,
    ElectionType,
    PreviousCandidate,
    PreviousContest,
    PreviousElection,
    Provenance,
    Source,
    Ward,
    slugify,
)
from storygen.parties import Party, party_table

BOUNDARY_MATCH = 0.5  # below this share of wards matched, the council was redrawn in between
CYCLE = 4  # years between two contests for the same seats
POSTPONED = {2020: 2021}  # contests of a year held in another (COVID-19: 2020 held in 2021)
MULTI_MEMBER = 1.5  # seats filled per ward at or above which a contest was all-out
SHOWN = 8  # ward names listed in one note


@dataclass(frozen=True)
class EarlierContest:
    """One council's contest in an earlier file, and what kind of contest it was."""

    imported: CouncilImport
    kind: ElectionType

    @property
    def polling_day(self) -> date:
        """The day of the contest."""
        return self.imported.polling_day


TotalSeats = Callable[[str, int], int | None]  # council, year -> the council's size that year


def contest_kind(imported: CouncilImport, total: int | None) -> ElectionType:
    """What an earlier contest was: as its file says; else from the seats filled.

    All-out when it filled at least 95 per cent of the council's seats (its size known) or,
    its size unknown, at least 1.5 seats a ward (every seat of multi-member wards); one or two
    wards with one or two seats, a by-election; else thirds.
    """
    seats: dict[str, int] = {}
    for row in imported.rows:
        key = normalise_name(row.ward)
        seats[key] = row.seats or seats.get(key, 0) + (1 if row.elected else 0)
    filled, wards = sum(seats.values()), len(seats)
    if imported.election_type is not None:
        return imported.election_type
    kind = infer_type(filled, wards, total)
    if kind is ElectionType.THIRDS and total is None and wards and filled / wards >= MULTI_MEMBER:
        return ElectionType.ALL_OUT
    return kind


def _code_kind(code: str | None) -> str | None:
    return code[:3] if code else None


@dataclass
class EarlierResults:
    """Every council of the earlier files, by normalised council name."""

    contests: dict[str, list[EarlierContest]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    @classmethod
    def of(
        cls, imports: Iterable[CouncilImport], total_seats: TotalSeats | None = None
    ) -> EarlierResults:
        """Index the councils of earlier files; `total_seats` gives a council's size in a year."""
        out = cls()
        for imported in imports:
            total = (
                total_seats(imported.council, imported.polling_day.year) if total_seats else None
            )
            contest = EarlierContest(imported, contest_kind(imported, total))
            out.contests.setdefault(normalise_name(imported.council), []).append(contest)
            for prov in imported.provenance:
                if prov.file not in out.files:
                    out.files.append(prov.file)
        for contests in out.contests.values():
            contests.sort(key=lambda c: c.polling_day)
        return out

    def of_council(self, name: str, code: str | None, before: date) -> list[EarlierContest]:
        """The council's contests before a day, oldest first (the same kind of council)."""
        found = self.contests.get(normalise_name(name), [])
        return [
            c
            for c in found
            if c.polling_day < before
            and (
                code is None
                or c.imported.council_code is None
                or _code_kind(c.imported.council_code) == _code_kind(code)
            )
        ]


def target_year(year: int) -> int:
    """The year the seats fought in `year` were last due to be fought (thirds, halves)."""
    held_as = {v: k for k, v in POSTPONED.items()}
    due = held_as.get(year, year) - CYCLE
    return POSTPONED.get(due, due)


def choose_contest(
    kind: ElectionType, year: int, contests: Sequence[EarlierContest]
) -> EarlierContest | None:
    """The contest that last fought the same seats as an ordinary election of this kind."""
    ordinary = [c for c in contests if c.kind is not ElectionType.BY_ELECTION]
    if kind is ElectionType.ALL_OUT:
        found = [c for c in ordinary if c.kind is ElectionType.ALL_OUT]
    else:
        target = target_year(year)
        found = [
            c
            for c in ordinary
            if c.polling_day.year == target
            or (c.kind is ElectionType.ALL_OUT and target <= c.polling_day.year < year)
        ]
    return found[-1] if found else None


@dataclass(frozen=True)
class _WardKey:
    key: str  # normalised name
    name: str
    code: str | None


def pair_wards(
    current: Sequence[_WardKey], earlier: Sequence[_WardKey]
) -> tuple[dict[str, str], list[str], set[str]]:
    """This election's wards paired with an earlier contest's (normalised names), the notes on
    wards whose code and name disagree, and those wards (normalised names)."""
    by_name = match_wards([w.key for w in current], [w.key for w in earlier])
    earlier_by_key = {w.key: w for w in earlier}
    codes_then = {w.code: w.key for w in earlier if w.code}
    codes_now = {w.code for w in current if w.code}
    named = set(by_name.values())
    pairs: dict[str, str] = {}
    shifted: list[str] = []
    clashes: list[str] = []
    told: set[str] = set()
    for ward in current:
        name_pair = by_name.get(ward.key)
        then = earlier_by_key.get(name_pair) if name_pair else None
        code_pair = codes_then.get(ward.code) if ward.code else None
        if then is not None and (not ward.code or not then.code or then.code == ward.code):
            pairs[ward.key] = then.key  # the same name, and no code says otherwise
        elif then is not None and ward.code in codes_then and then.code in codes_now:
            # the same codes in both files, given to other wards: one file's are shifted
            pairs[ward.key] = then.key
            shifted.append(ward.name)
        elif then is not None:
            clashes.append(f"{ward.name} ({ward.code}, then {then.code})")
            told.add(ward.key)
        elif code_pair is not None and code_pair not in named:
            pairs[ward.key] = code_pair  # renamed: the same ONS code
    notes = []
    if shifted:
        notes.append(
            "the files give other ONS codes to "
            + _names(shifted)
            + " (the same codes, assigned to other wards): matched by name"
        )
    if clashes:
        notes.append(
            "ONS code and name disagree for " + _names(clashes) + ": taken as redrawn, not compared"
        )
    return pairs, notes, told


def _names(items: Sequence[str]) -> str:
    shown = ", ".join(items[:SHOWN])
    return shown + (f" and {len(items) - SHOWN} more" if len(items) > SHOWN else "")


def contest_of_ward(
    rows: Sequence[ResultRow], year: int, day: date | None, stv: bool = False
) -> PreviousContest:
    """A ward's contest as an earlier file gives it: every candidate, winner, runner-up, majority.

    The majority is the lowest elected's votes minus the highest unelected's (none where an
    elected candidate polled fewer votes than one not elected, as first preferences of an STV
    count can, or where the ward was uncontested); a tie for the first unelected place names no
    runner-up and leaves the majority as it is.
    """
    table = party_table()
    first = rows[0]
    candidates = []
    for row in rows:
        party = table.get(row.party)
        candidates.append(
            PreviousCandidate(
                name=tidy_person(row.candidate),
                party=party.code if party else row.party.strip(),
                votes=row.votes or 0,
                elected=bool(row.elected),
            )
        )
    seats = first.seats or sum(1 for c in candidates if c.elected) or 1
    ranked = sorted(candidates, key=lambda c: (-c.votes, not c.elected))
    elected = [c for c in ranked if c.elected]
    unelected = [c for c in ranked if not c.elected]
    winner = elected[0].party if elected else None
    runner_up = majority = None
    contested = len(candidates) > seats and sum(c.votes for c in candidates) > 0
    if contested and elected and unelected and not stv:
        lowest, highest = min(c.votes for c in elected), unelected[0].votes
        if lowest >= highest:
            majority = lowest - highest
            tied = [c for c in unelected if c.votes == highest]
            runner_up = tied[0].party if len(tied) == 1 else None
    return PreviousContest(
        id=f"previous/{slugify(first.ward)}/{year}",
        year=year,
        date=day,
        winner=winner,
        runner_up=runner_up,
        majority=majority,
        candidates=tuple(candidates),
        ward=tidy_place(first.ward),
        code=first.ward_code or None,
        seats=seats,
        source=first.source,
    )


def _wards_of(imported: CouncilImport) -> dict[str, list[ResultRow]]:
    wards: dict[str, list[ResultRow]] = {}
    for row in imported.rows:
        wards.setdefault(normalise_name(row.ward), []).append(row)
    return wards


def _contests(contest: EarlierContest) -> dict[str, PreviousContest]:
    imported = contest.imported
    stv = (imported.council_code or "").startswith("S")
    day = imported.polling_day
    return {
        key: contest_of_ward(rows, day.year, day, stv) for key, rows in _wards_of(imported).items()
    }


def _keys(wards: Iterable[Ward]) -> list[_WardKey]:
    return [_WardKey(normalise_name(w.name), w.name, w.code) for w in wards]


def _earlier_keys(contests: dict[str, PreviousContest]) -> list[_WardKey]:
    return [_WardKey(k, c.ward or k, c.code) for k, c in contests.items()]


@dataclass
class Found:
    """What the earlier files give one election: its previous contest, each ward's, and notes."""

    council: PreviousElection | None = None
    wards: dict[str, PreviousContest] = field(default_factory=dict)  # by ward id
    notes: list[str] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)
    # local parties the earlier files name, for parties of the previous contests only
    parties: dict[str, Party] = field(default_factory=dict)

    def add_parties(self, contest: EarlierContest, compared: Iterable[PreviousContest]) -> None:
        """The names the earlier file gives the local parties of the contests compared."""
        named = contest.imported.parties
        for ward in compared:
            for cand in ward.candidates:
                if cand.party in named:
                    self.parties.setdefault(cand.party, named[cand.party])


def _provenance(contest: EarlierContest, what: str) -> list[Provenance]:
    return [
        Provenance(
            file=p.file,
            origin=f"{p.origin}: {what}",
            licence=p.licence,
            note=p.note,
        )
        for p in contest.imported.provenance
    ]


def find_previous(election: Election, earlier: EarlierResults) -> Found:
    """The previous contest for an election's seats, council-wide and ward by ward."""
    found = Found()
    council = election.council
    contests = earlier.of_council(council.name, council.code, election.date)
    files = ", ".join(earlier.files) or "the earlier files"
    if election.type is ElectionType.BY_ELECTION:
        return _by_election(election, contests, found, files)
    chosen = choose_contest(election.type, election.date.year, contests)
    if chosen is None:
        what = (
            "no earlier all-out contest"
            if election.type is ElectionType.ALL_OUT
            else f"no contest of {target_year(election.date.year)} (nor an all-out one since)"
        )
        found.notes.append(f"previous contest: {what} for {council.name} in {files}")
        return found
    day = chosen.polling_day
    first = chosen.imported.rows[0].source if chosen.imported.rows else Source(file=files)
    previous = PreviousElection(
        id=f"previous/{day.year}",
        year=day.year,
        date=day,
        type=chosen.kind,
        wards=tuple(v for _, v in sorted(_contests(chosen).items())),
        first_preferences_only=(chosen.imported.council_code or "").startswith("S"),
        source=Source(file=first.file, cite=f"{chosen.imported.council} {day.isoformat()}"),
    )
    found.council, found.wards, found.notes = match_previous(
        election.wards, previous, election.boundaries_changed
    )
    found.provenance = _provenance(chosen, f"the previous contest for the same seats ({day.year})")
    found.add_parties(chosen, previous.wards)
    return found


def match_previous(
    wards: Sequence[Ward], previous: PreviousElection, new_boundaries: bool = False
) -> tuple[PreviousElection, dict[str, PreviousContest], list[str]]:
    """Each ward's contest in a previous election (by ward id), the previous election marked
    as compared ward by ward or not (new boundaries, or too few wards matching), and notes on
    what did not match."""
    year = previous.year
    by_key = {normalise_name(c.ward or c.id): c for c in previous.wards}
    pairs, notes, told = pair_wards(_keys(wards), _earlier_keys(by_key))
    notes = [f"previous contest ({year}): {n}" for n in notes]
    compared = previous.wards_compared and not new_boundaries
    if compared and len(pairs) < BOUNDARY_MATCH * len(wards):
        compared = False
        notes.append(
            f"previous contest ({year}): {len(pairs)} of {len(wards)} wards match the "
            f"{year} results: taken as redrawn since, so only council-wide shares are compared"
        )
    elif not compared:
        notes.append(
            f"previous contest ({year}): new boundaries, so only council-wide shares are compared"
        )
    matched: dict[str, PreviousContest] = {}
    if compared:
        for ward in wards:
            key = pairs.get(normalise_name(ward.name))
            if key is not None:
                matched[ward.id] = by_key[key]
        missing = [
            w.name for w in wards if w.id not in matched and normalise_name(w.name) not in told
        ]
        if missing:
            notes.append(
                f"previous contest ({year}): no {year} result for ward(s) {_names(missing)}: "
                "no comparison there"
            )
    return previous.model_copy(update={"wards_compared": compared}), matched, notes


def previous_from_rows(
    rows: Sequence[ResultRow],
    year: int,
    day: date | None = None,
    kind: ElectionType | None = None,
    wards_compared: bool = True,
    source: Source | None = None,
) -> PreviousElection:
    """A previous election from its candidate rows (one council's)."""
    stv = any((r.council_code or "").startswith("S") for r in rows[:1])
    wards: dict[str, list[ResultRow]] = {}
    for row in rows:
        wards.setdefault(normalise_name(row.ward), []).append(row)
    contests = {k: contest_of_ward(v, year, day, stv) for k, v in wards.items()}
    return PreviousElection(
        id=f"previous/{year}",
        year=year,
        date=day,
        type=kind,
        wards=tuple(v for _, v in sorted(contests.items())),
        wards_compared=wards_compared,
        first_preferences_only=stv,
        source=source or (rows[0].source if rows else Source(file="previous")),
    )


def _by_election(
    election: Election, contests: Sequence[EarlierContest], found: Found, files: str
) -> Found:
    """Each by-election ward against the last contest the files show for it."""
    used: list[EarlierContest] = []
    for ward in election.wards:
        for contest in reversed(contests):
            by_key = _contests(contest)
            pairs, notes, _ = pair_wards(_keys([ward]), _earlier_keys(by_key))
            key = pairs.get(normalise_name(ward.name))
            if key is None:
                continue
            found.wards[ward.id] = by_key[key]
            found.add_parties(contest, [by_key[key]])
            found.notes += [f"previous contest ({contest.polling_day.year}): {n}" for n in notes]
            if contest not in used:
                used.append(contest)
            break
        else:
            found.notes.append(f"previous contest: no earlier result for {ward.name} in {files}")
    for contest in used:
        found.provenance += _provenance(
            contest, f"the ward's previous contest ({contest.polling_day.year})"
        )
    return found


def attach_previous(election: Election, found: Found) -> Election:
    """The election with its previous contests (a ward's own, where one is given, is kept)."""
    wards = tuple(
        w.model_copy(update={"previous": found.wards[w.id]})
        if w.id in found.wards and w.previous is None
        else w
        for w in election.wards
    )
    known = {p.code for p in election.parties} | set(party_table().parties)
    named = {p.code: p for p in election.parties}
    named.update((c, p) for c, p in found.parties.items() if c not in known)
    return election.model_copy(
        update={
            "wards": wards,
            "parties": tuple(named[c] for c in sorted(named)),
            "previous": found.council or election.previous,
            "provenance": (*election.provenance, *found.provenance),
            "notes": (*election.notes, *found.notes),
        }
    )


__all__ = [
    "BOUNDARY_MATCH",
    "EarlierContest",
    "EarlierResults",
    "Found",
    "attach_previous",
    "choose_contest",
    "contest_kind",
    "contest_of_ward",
    "find_previous",
    "match_previous",
    "pair_wards",
    "previous_from_rows",
    "target_year",
]
