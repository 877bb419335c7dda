"""Open Council Data: council compositions by year, and the councillors defending their seats.

Compositions: one row per council per year, a snapshot after that year's elections; the
composition before a poll is the previous year's row, after it this year's.

Councillors: the list of the year before a poll; those whose next election is polling day hold
the seats being fought. They are matched to the results' wards by `match_wards` (normalised
names, then spacing, a prefixed place, a one-in-ten spelling difference); wards that match
nothing are reported, never dropped silently. The council is taken to be on new boundaries
when fewer than 90 per cent (`BOUNDARY_MATCH`) of the results' wards match: where every seat
was up, in name and number of seats, and with as many wards as the list; where part of the
council was up, in name. Then there is no defender per ward and no ward gain, and the change is
against the council before the poll. A ward that fights more seats than it has councillors due
(casual vacancies filled at the poll) has the extra seats' holders settled by `Vacancies`
where the lists prove them, else no defenders.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dateutil.relativedelta import relativedelta

from storygen.errors import InputFormatError, InputNotFoundError
from storygen.ingest.imports.common import (
    ALL_OUT_SHARE,
    PARTY_UNKNOWN,
    CouncilImport,
    Enrichment,
    ResultRow,
    infer_type,
    match_wards,
    normalise_name,
)
from storygen.model import Composition, DefendedSeat, ElectionType, Provenance, Source
from storygen.names import display_name, same_person
from storygen.parties import PartyTable, party_table

COMPOSITION_COLUMNS = {
    "con": "C", "lab": "Lab", "ld": "LD", "green": "Grn", "ukip": "UKIP",
    "ref": "Reform", "pc": "PC", "snp": "SNP", "other": "Oth",
}  # fmt: skip
BOUNDARY_MATCH = 0.9  # below this share of wards matched, the boundaries are new


def _open_csv(path: Path, needed: set[str]) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputNotFoundError(
            "file not found", file=str(path), expected="an Open Council Data CSV"
        ) from None
    reader = csv.DictReader(text.splitlines())
    missing = needed - set(reader.fieldnames or ())
    if missing:
        raise InputFormatError(
            f"missing columns {', '.join(sorted(missing))}",
            file=str(path),
            row=1,
            expected="Open Council Data's header: " + ", ".join(sorted(needed)),
        )
    return [(n, row) for n, row in enumerate(reader, start=2)]


class CouncilIndex:
    """Council names matched across files: exact normalised name, else a unique prefix."""

    def __init__(self, names: list[str]) -> None:
        self.by_key = {normalise_name(n): n for n in names}

    def find(self, name: str) -> str | None:
        key = normalise_name(name)
        if key in self.by_key:
            return self.by_key[key]
        prefixed = [n for k, n in self.by_key.items() if k.startswith(key + " ")]
        return prefixed[0] if len(prefixed) == 1 else None


@dataclass(frozen=True)
class Compositions:
    """Council compositions by year."""

    path: Path
    rows: dict[tuple[str, int], tuple[int, dict[str, str]]]
    index: CouncilIndex

    @classmethod
    def read(cls, path: Path) -> Compositions:
        """Read the compositions file."""
        rows = {}
        for n, row in _open_csv(path, {"authority", "year", "total", *COMPOSITION_COLUMNS}):
            rows[(row["authority"], int(row["year"]))] = (n, row)
        return cls(path, rows, CouncilIndex(sorted({a for a, _ in rows})))

    def same_council(self, council: str, year: int, other: int) -> bool:
        """Whether two years' rows are of one council: Open Council Data gives a council made
        anew (Dorset's unitary of 2019, its id 408) another id than the one it replaced (the
        county, 6), under the same name. True where either row or id is missing."""
        name = self.index.find(council)
        a = self.rows.get((name, year)) if name else None
        b = self.rows.get((name, other)) if name else None
        if a is None or b is None:
            return True
        ids = (a[1].get("council id") or "").strip(), (b[1].get("council id") or "").strip()
        return not all(ids) or ids[0] == ids[1]

    def get(self, council: str, year: int, which: str) -> tuple[Composition, int] | None:
        """A council's composition at the end of `year`, and its size."""
        name = self.index.find(council)
        found = self.rows.get((name, year)) if name else None
        if found is None:
            return None
        n, row = found
        # a party with its own column is known to hold its seats, none included; others only
        # when there are some
        seats = {
            code: int(row[col] or 0)
            for col, code in COMPOSITION_COLUMNS.items()
            if code != "Oth" or int(row[col] or 0)
        }
        return (
            Composition(
                id=f"composition/{which}",
                year=year,
                seats=seats,
                source=Source(file=self.path.name, row=n, cite=f"Open Council Data, {name} {year}"),
            ),
            int(row["total"]),
        )


@dataclass(frozen=True)
class Councillor:
    """A sitting councillor and the seat they hold."""

    council: str
    ward: str
    name: str
    next_election: date | None
    party: str
    row: int


@dataclass(frozen=True)
class Councillors:
    """A councillor list."""

    path: Path
    people: list[Councillor]
    index: CouncilIndex
    unreadable: int  # rows whose next election is not a date

    @classmethod
    def read(cls, path: Path) -> Councillors:
        """Read a councillors file."""
        people, unreadable = [], 0
        needed = {"Council", "Ward Name", "Councillor Name", "Next Election", "Party Name"}
        for n, row in _open_csv(path, needed):
            try:
                when: date | None = date.fromisoformat((row["Next Election"] or "").strip())
            except ValueError:
                when, unreadable = None, unreadable + 1
            people.append(
                Councillor(
                    council=row["Council"],
                    ward=row["Ward Name"],
                    name=row["Councillor Name"],
                    next_election=when,
                    party=row["Party Name"] or "",
                    row=n,
                )
            )
        return cls(path, people, CouncilIndex(sorted({p.council for p in people})), unreadable)

    def sitting(self, council: str) -> list[Councillor]:
        """Every councillor of a council on the list."""
        name = self.index.find(council)
        return [p for p in self.people if p.council == name]

    def defending(self, council: str, polling_day: date) -> list[Councillor]:
        """The councillors of a council whose seats are fought on polling day."""
        name = self.index.find(council)
        return [p for p in self.people if p.council == name and p.next_election == polling_day]


def listed_after(imported: CouncilImport, after: Councillors, extra: Enrichment) -> None:
    """The councillors of the list of the election's own year in each ward of the results (by
    `match_wards`): the names winners go by."""
    people = after.sitting(imported.council)
    extra.provenance.append(
        Provenance(
            file=after.path.name,
            origin=f"Open Council Data councillors of {imported.polling_day.year}: "
            "the names of the winners",
            licence="CC BY-SA 4.0; Open Council Data UK",
        )
    )
    if not people:
        extra.notes.append(
            f"no councillor of {imported.council} in {after.path.name}: winners named as "
            "the results give them"
        )
        return
    by_ward: dict[str, list[tuple[str, str]]] = {}
    for person in people:
        by_ward.setdefault(normalise_name(person.ward), []).append(
            (person.name.strip(), person.party.strip())
        )
    result_wards = {normalise_name(r.ward) for r in imported.rows}
    for key, ward_key in match_wards(result_wards, by_ward).items():
        extra.listed_after[key] = list(by_ward[ward_key])


def enrich(
    imported: CouncilImport,
    compositions: Compositions | None = None,
    councillors: Councillors | None = None,
    councillors_after: Councillors | None = None,
) -> Enrichment:
    """Compositions before and after, the council's size and the seats defended, with notes;
    with `councillors_after`, the list of the poll's own year, the names winners go by."""
    extra = Enrichment()
    if councillors_after is not None:
        listed_after(imported, councillors_after, extra)
    year = imported.polling_day.year
    licence = "CC BY-SA 4.0; Open Council Data UK"
    if compositions is not None:
        extra.provenance.append(
            Provenance(
                file=compositions.path.name,
                origin=f"Open Council Data compositions: {year - 1} (before) and {year} (after)",
                licence=licence,
            )
        )
        after = compositions.get(imported.council, year, "after")
        before = compositions.get(imported.council, year - 1, "before")
        if before is not None and not compositions.same_council(imported.council, year, year - 1):
            extra.notes.append(
                f"{compositions.path.name}: {imported.council}'s row of {year - 1} is of the "
                f"council it replaced (another council id): no composition before the poll"
            )
            before = None
        if after is None:
            extra.notes.append(
                f"no composition for {imported.council} {year} in {compositions.path.name}"
            )
        else:
            extra.after, extra.total_seats = after
        if before is not None:
            extra.before = before[0]
            if extra.total_seats is None:
                extra.total_seats = before[1]
        # the years before, as far as the file goes: the council's control history
        history: list[Composition] = []
        for earlier in range(year - 2, year - 40, -1):
            if not all(
                compositions.same_council(imported.council, y, earlier) for y in (year, year - 1)
            ):
                break  # the council it replaced: not this council's history
            if (found := compositions.get(imported.council, earlier, f"{earlier}")) is not None:
                history.append(found[0])
        extra.history = history[::-1]
    if councillors is None:
        return extra
    extra.provenance.append(
        Provenance(
            file=councillors.path.name,
            origin=f"Open Council Data councillors whose next election was {imported.polling_day}",
            licence=licence,
        )
    )
    # a vacant seat has no defending party: its ward gets no defender list, so no gain or hold
    holders = councillors.defending(imported.council, imported.polling_day)
    sitting = councillors.sitting(imported.council)
    extra.listed_before = [
        (p.name.strip(), p.party.strip(), normalise_name(p.ward)) for p in sitting
    ]
    filled = sum(1 for r in imported.rows if r.elected)
    # the lists do not always say the next election right (Hull 2018 gives every councillor
    # 2019): every seat was defended only if the results fill them too
    extra.every_seat_defended = (
        bool(holders) and len(holders) == len(sitting) and filled >= ALL_OUT_SHARE * len(sitting)
    )
    vacant = {
        normalise_name(p.ward)
        for p in holders
        if re.search(r"\bvacan", f"{p.name} {p.party}", re.I)
    }
    holders = [p for p in holders if normalise_name(p.ward) not in vacant]
    extra.up_before = [(p.name.strip(), p.party.strip(), normalise_name(p.ward)) for p in holders]
    for key in sorted(vacant):
        extra.notes.append(f"a seat in ward {key!r} was vacant: no defender, no gain or hold")
    if not holders and _looks_like_by_election(imported, extra.total_seats):
        _by_election_defenders(imported, councillors, sitting, extra)
        return extra
    if not holders:
        extra.notes.append(
            f"no councillor in {councillors.path.name} has {imported.polling_day.isoformat()} as "
            f"next election for {imported.council}: defenders unknown"
        )
        return extra
    result_wards = {normalise_name(r.ward): r.ward for r in imported.rows}
    seats: dict[str, int] = {}
    for row in imported.rows:
        key = normalise_name(row.ward)
        # the file's own seats where it gives them (a ward may flag too many winners)
        seats[key] = row.seats or seats.get(key, 0) + (1 if row.elected else 0)
    by_ward: dict[str, list[Councillor]] = {}
    for person in holders:
        by_ward.setdefault(normalise_name(person.ward), []).append(person)
    matched = match_wards(result_wards, by_ward)  # results ward -> councillors' ward
    listed: dict[str, int] = {}  # every councillor's ward (vacant seats too) and its seats
    for person in sitting:
        listed[normalise_name(person.ward)] = listed.get(normalise_name(person.ward), 0) + 1
    listed_wards = set(listed)
    all_out = sum(seats.values()) >= ALL_OUT_SHARE * len(sitting)
    if all_out:
        # every seat up: the same wards, in name and in seats, and as many of them
        every = match_wards(result_wards, listed)
        same = {k for k, v in every.items() if listed[v] == seats.get(k)}
        redrawn = len(result_wards) != len(listed_wards) or len(same) < BOUNDARY_MATCH * len(
            result_wards
        )
        what = "in name and seats"
    else:
        # part of the council up: the wards fought are among the councillors' wards by name
        same = set(matched)
        redrawn = len(same) < BOUNDARY_MATCH * len(result_wards)
        what = "in name"
    if redrawn:
        extra.boundaries_changed = True
        extra.notes.append(
            f"{len(same)} of {len(result_wards)} wards match {councillors.path.name}'s "
            f"{len(listed_wards)} wards {what}: taken as new boundaries (no ward gains; the "
            "change is against the council before the poll)"
        )
        return extra
    table = party_table()
    rows_of: dict[str, list[ResultRow]] = {}
    for row in imported.rows:
        rows_of.setdefault(normalise_name(row.ward), []).append(row)
    listed_in: dict[str, list[Councillor]] = {}  # every councillor by ward, vacant seats too
    for person in sitting:
        listed_in.setdefault(normalise_name(person.ward), []).append(person)
    later = councillors_after.sitting(imported.council) if councillors_after else []
    vacancies = Vacancies(
        councillors.path.name,
        councillors_after.path.name if councillors_after and later else None,
        later,
        imported.polling_day,
        table,
        rows_of,
        extra.total_seats is not None and len(sitting) < extra.total_seats,
    )
    for key, ward_key in sorted(matched.items()):
        parties = [_defending_party(p, rows_of.get(key, []), table) for p in by_ward[ward_key]]
        unknown = [p for p, party in zip(by_ward[ward_key], parties, strict=True) if not party]
        if unknown:
            extra.notes.append(
                f"ward {result_wards[key]!r}: {unknown[0].name.strip()} is listed "
                f"{unknown[0].party.strip()!r}, which files local parties' councillors too, and "
                "a local party stood there: defender unknown, no gain or hold"
            )
        # the names stay (a sitting councillor who stood again is one, whatever the party)
        extra.defending[key] = [
            DefendedSeat(party=party or PARTY_UNKNOWN, councillor=display_name(p.name.strip()))
            for p, party in zip(by_ward[ward_key], parties, strict=True)
        ]
        due = by_ward[ward_key]
        if not unknown and not all_out and seats.get(key, 0) > len(due):
            # more seats fought than councillors due: casual vacancies filled at the poll
            rest = [p for p in listed_in.get(ward_key, []) if p not in due]
            extra.defending[key].extend(
                vacancies.settle(result_wards[key], due, rest, seats[key], key, extra)
            )
    unmatched = sorted(set(result_wards) - set(matched))
    # a ward with no councillor due but seats fought: a vacancy filled inside the poll
    spare = {w for w in listed_in if w not in by_ward and w not in vacant}
    elsewhere = match_wards(unmatched, spare)
    for key in unmatched:
        if key in elsewhere and seats.get(key) and not all_out:
            rest = listed_in[elsewhere[key]]
            if settled := vacancies.settle(result_wards[key], [], rest, seats[key], key, extra):
                extra.defending[key] = settled
            continue
        extra.notes.append(
            f"ward {result_wards[key]!r} matches no ward in {councillors.path.name}: "
            "defender unknown"
        )
    for key in sorted(set(by_ward) - set(matched.values())):
        extra.notes.append(
            f"councillors' ward {by_ward[key][0].ward!r} matches no ward in the results"
        )
    return extra


OTHERS_LABEL = "independent / other"  # Open Council Data's label for independents and local groups
# the parties its lists name apart from that label
LISTED_APART = frozenset(["C", "Lab", "LD", "Grn", "UKIP", "Reform", "PC", "SNP"])


def _defending_party(
    person: Councillor, rows: Sequence[ResultRow], table: PartyTable
) -> str | None:
    """The party a listed councillor defends a ward for: the list's, except that its
    "Independent / Other" files local and minor parties' councillors too (Leeds' Morley
    Borough Independents, Elmbridge's residents' associations, Ryedale's Liberals). Such a
    councillor is the party's they stood for again in the ward, if not one the list names
    apart; else, where a local or minor party stood there, not known (None)."""
    listed = person.party.strip()
    party = table.get(listed)
    if " ".join(listed.casefold().split()) != OTHERS_LABEL:
        return party.code if party else listed

    def code(raw: str) -> str:
        found = table.get(raw)
        return found.code if found else raw.strip()

    def other(raw: str) -> bool:
        """A party the label may hide: a local or minor one (the Liberal Party)."""
        found = table.get(raw)
        return found is None or (not found.independent and found.code not in LISTED_APART)

    own = {
        code(r.party)
        for r in rows
        if code(r.party) not in LISTED_APART and same_person(person.name.strip(), r.candidate)
    }
    if len(own) == 1:
        return own.pop()  # they stood again: as an independent, or for the party the label hid
    if not any(other(r.party) for r in rows):
        return party.code if party else listed
    return None


@dataclass(frozen=True)
class Vacancies:
    """Who held the seats of a ward fought beyond its councillors due on polling day (casual
    vacancies filled at the poll, or a by-election seat inside a thirds or halves election),
    where the lists prove it; else no one (the ward's defenders stay unknown).

    In turn: (a) every other councillor the list of the year before names for the ward is of
    one party (as `_defending_party` resolves it): the extra seats were that party's,
    whichever of them left; (b) else, with the list of the poll's own year, as many of them
    as seats vacated are on it nowhere on the council (`same_person`): theirs were the seats
    vacated, of their parties, unless one of them stands in the ward (their seat may be the
    one up, the list's date wrong). Not where a seat of the ward is listed vacant, where one of
    them was elected since (their next election a whole term after the poll), where they are
    fewer than the extra seats, or where the earlier list leaves a seat out (a seat it leaves
    out may be the one vacated): it names fewer councillors than the council has seats, or
    fewer in the ward than the later list.
    """

    before: str  # the earlier list's file name
    after: str | None  # the later list's, where it names the council's councillors
    later: Sequence[Councillor]  # the council's councillors on the later list
    polling_day: date
    table: PartyTable
    rows: dict[str, list[ResultRow]]  # the results' rows by ward key
    short: bool  # the earlier list names fewer councillors than the council has seats

    def settle(
        self,
        name: str,
        due: Sequence[Councillor],
        rest: Sequence[Councillor],
        fought: int,
        key: str,
        extra: Enrichment,
    ) -> list[DefendedSeat]:
        """The seats of ward `name` (results key `key`) beyond its `due` councillors, `rest`
        its other councillors on the earlier list, with a note saying how they were settled,
        or why not; none when not settled."""
        vacated = fought - len(due)
        seats = f"{fought} seat(s) fought, {len(due)} councillor(s) due on polling day"
        others = f"the ward's other councillors in {self.before}"
        rows = self.rows.get(key, [])
        found, how = self._settle(due, vacated, rest, rows, extra.listed_after.get(key))
        if not found:
            extra.notes.append(f"ward {name!r}: {seats}; {others}: {how}: defender unknown")
            return []
        parties = ", ".join(s.party for s in found)
        extra.notes.append(
            f"ward {name!r}: {seats}; the {vacated} seat(s) vacated taken as held by {parties}: "
            f"{how}"
        )
        return found

    def _settle(
        self,
        due: Sequence[Councillor],
        vacated: int,
        rest: Sequence[Councillor],
        rows: Sequence[ResultRow],
        after: Sequence[tuple[str, str]] | None,
    ) -> tuple[list[DefendedSeat], str]:
        if not rest:
            return [], "none"
        if any(re.search(r"\bvacan", f"{p.name} {p.party}", re.I) for p in rest):
            return [], "a seat listed vacant"
        if later := [p for p in rest if elected_since(p, self.polling_day)]:
            return [], f"{later[0].name.strip()} is up a whole term after the poll"
        if len(rest) < vacated:
            return [], f"{len(rest)}, fewer than the seats vacated"
        if after is not None and len(after) > len(due) + len(rest):
            return [], "the later list names more councillors in the ward"
        if self.short:
            return [], f"{self.before} names fewer councillors than the council has seats"
        parties = [_defending_party(p, rows, self.table) for p in rest]
        known = {party for party in parties if party}
        if len(known) == 1 and all(parties):
            party = known.pop()
            return (
                [DefendedSeat(party=party)] * vacated,
                f"every other councillor {self.before} names for the ward ({len(rest)}) is {party}",
            )
        if self.after is None:
            return [], "of several parties (or one not known), and no later list"
        standing = [p for p in rest if _stands(p, due, rows)]
        if standing:
            # their seat may have been the one up (the list's next election wrong): whose seat
            # fell vacant, the later list cannot say
            return [], f"{standing[0].name.strip()}, not due, stands in the ward"
        gone = [
            (p, party)
            for p, party in zip(rest, parties, strict=True)
            if not any(same_person(p.name.strip(), o.name.strip()) for o in self.later)
        ]
        if len(gone) != vacated:
            return [], (
                f"of several parties (or one not known), and {len(gone)} of them gone from "
                f"{self.after} for {vacated} seat(s) vacated"
            )
        seats = [DefendedSeat(party=party) for _, party in gone if party]
        if len(seats) != vacated:
            return [], "the party of one gone from the later list not known"
        names = ", ".join(f"{display_name(p.name.strip())} ({party})" for p, party in gone)
        return (
            seats,
            f"of the ward's other councillors in {self.before}, only {names} "
            f"{'is' if vacated == 1 else 'are'} gone from {self.after}",
        )


def _stands(person: Councillor, due: Sequence[Councillor], rows: Sequence[ResultRow]) -> bool:
    """Whether a councillor not due stands in the ward: more of its candidates are theirs by
    `same_person` than the councillors due among those candidates take ("Fox, J." is the due
    John Fox, not Judy Fox as well)."""
    mine = [r for r in rows if same_person(person.name.strip(), r.candidate)]
    taken = [d for d in due if any(same_person(d.name.strip(), r.candidate) for r in mine)]
    return len(mine) > len(taken)


TERM_YEARS = 4  # a councillor's term: one who sat before polling day is up within it
POSTPONED_TO = 2021  # the year the 2020 local elections were held (Covid)


def elected_since(person: Councillor, polling_day: date) -> bool:
    """Whether a listed councillor was elected on or after polling day: their next election is
    at least a whole term after it, which no one sitting before the poll can have."""
    if person.next_election is None:
        return False
    due = person.next_election
    if due.year == POSTPONED_TO:
        # 2020's polls were held in 2021: a seat up then may be a 2016 election's
        due -= relativedelta(years=1)
    return due >= polling_day + relativedelta(years=TERM_YEARS)


def _looks_like_by_election(imported: CouncilImport, total: int | None) -> bool:
    seats: dict[str, int] = {}
    for row in imported.rows:
        key = normalise_name(row.ward)
        seats[key] = row.seats or seats.get(key, 0) + (1 if row.elected else 0)
    if imported.election_type is not None:
        return imported.election_type is ElectionType.BY_ELECTION
    return infer_type(sum(seats.values()), len(seats), total) is ElectionType.BY_ELECTION


LUMPED = "independent / other"  # Open Council Data's party for independents and local parties


def _lumped_local(people: Sequence[Councillor], rows: Sequence[ResultRow]) -> str | None:
    """A local or minor party standing in the ward, where the list gives its councillors only
    as "Independent / Other" (which the list uses for those parties too)."""
    if not people or any(p.party.strip().casefold() != LUMPED for p in people):
        return None
    table = party_table()
    for row in rows:
        party = table.get(row.party)
        if party is None or (party.local and not party.independent):
            return row.party.strip()
    return None


def _by_election_defenders(
    imported: CouncilImport, councillors: Councillors, sitting: list[Councillor], extra: Enrichment
) -> None:
    """A by-election's defending party: the party of every councillor the year before's list
    names for the ward (which of them left, the list does not say); none where they are of
    several parties, or the ward is not on the list."""
    table = party_table()
    by_ward: dict[str, list[Councillor]] = {}
    for person in sitting:
        if re.search(r"\bvacan", f"{person.name} {person.party}", re.I):
            continue
        by_ward.setdefault(normalise_name(person.ward), []).append(person)
    result_wards = {normalise_name(r.ward): r.ward for r in imported.rows}
    seats: dict[str, int] = {}
    for row in imported.rows:
        key = normalise_name(row.ward)
        seats[key] = row.seats or seats.get(key, 0) + (1 if row.elected else 0)
    matched = match_wards(result_wards, by_ward)
    winners: dict[str, list[str]] = {}
    rows: dict[str, list[ResultRow]] = {}
    for row in imported.rows:
        rows.setdefault(normalise_name(row.ward), []).append(row)
        if row.elected:
            winners.setdefault(normalise_name(row.ward), []).append(row.candidate)
    for key, name in sorted(result_wards.items()):
        people = by_ward.get(matched.get(key, ""), [])
        later = [c for c in people if elected_since(c, imported.polling_day)]
        if later:
            # Brent 2016's list gives Kilburn's councillors as up in 2022: elected after the poll
            extra.notes.append(
                f"by-election in {name}: {councillors.path.name} gives the ward's councillors a "
                f"next election of {later[0].next_election}, a whole term after the poll: taken "
                "after it, so the defender is unknown"
            )
            continue
        parties = {(p.code if (p := table.get(c.party)) else c.party.strip()) for c in people}
        listed = [
            c.name for c in people if any(same_person(c.name, w) for w in winners.get(key, []))
        ]
        if listed:
            # the list already has the by-election's winner: it was taken after the poll
            extra.notes.append(
                f"by-election in {name}: {councillors.path.name} already lists the winner, "
                f"{display_name(listed[0].strip())}: taken after the poll, so the defender is "
                "unknown"
            )
        elif len(parties) == 1 and seats.get(key) and (local := _lumped_local(people, rows[key])):
            # the list's "Independent / Other" covers local and minor parties too: with one
            # standing here, the seat may be that party's as well as an independent's
            extra.notes.append(
                f"by-election in {name}: {councillors.path.name} lists the ward's councillors as "
                f"{people[0].party.strip()!r}, which covers local and minor parties too, and "
                f"{local} stands: defender unknown, so no gain or hold"
            )
        elif len(parties) == 1 and seats.get(key):
            (party,) = parties
            extra.defending[key] = [DefendedSeat(party=party)] * seats[key]
            extra.notes.append(
                f"by-election in {name}: every councillor {councillors.path.name} names for the "
                f"ward ({len(people)}) is {party}: taken as the party defending the seat"
            )
        elif people:
            extra.notes.append(
                f"by-election in {name}: the ward's councillors in {councillors.path.name} are of "
                f"{len(parties)} parties: which seat fell vacant is not known, so no gain or hold"
            )
        else:
            extra.notes.append(
                f"by-election in {name}: the ward is not in {councillors.path.name}: defender "
                "unknown"
            )
