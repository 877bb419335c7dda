"""Derived figures for one election, following UK practice as the brief defines it.

- majority: winner's votes minus runner-up's; in a multi-member ward, lowest elected minus highest
  unelected. A tie for the first unelected place names no single runner-up.
- gain / hold: against the party defending the seat; in a multi-member ward a party's gains are
  seats won minus seats it defended there.
- turnout: as reported, or ballots over electorate, or total votes over electorate (basis said);
  no electorate, no turnout.
- control: more than half of all seats; otherwise no overall control, with the largest party.
- swing (Butler): ((A2 - A1) + (B1 - B2)) / 2 in points, between this ward's top two parties
  (the winner's and the next), where the previous contest's full result is known and both
  stood both times; shares on the base `analyse.history` chooses (all votes, or each party's
  top candidate where the contests filled different numbers of seats).
- a ward where someone elected polled fewer votes than someone not (a Scottish STV count, of
  which the files give first preferences only) has no majority and no runner-up.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from storygen.analyse.council import (
    NOT_A_PARTY,
    Control,
    History,
    composition_after,
    control_of,
    history_of,
)
from storygen.analyse.history import Comparison, compare_council, compare_ward
from storygen.model import (
    DataWarning,
    Election,
    FactKind,
    Incumbency,
    PreviousContest,
    TurnoutBasis,
    Ward,
)


@dataclass(frozen=True)
class Placing:
    """A candidate's result in a ward, with the share of the ward's valid votes."""

    candidate_id: str
    name: str
    party: str
    votes: int | None
    elected: bool
    incumbent: Incumbency
    share: float | None  # per cent of all valid votes in the ward


@dataclass(frozen=True)
class WardResult:
    """One ward's result: placings, majority, seat changes, turnout, swing."""

    ward_id: str
    name: str
    seats_up: int
    declared: bool
    contested: bool
    placings: tuple[Placing, ...]  # by votes, most first
    total_votes: int | None
    majority: int | None
    majority_share: float | None  # majority as per cent of valid votes
    runner_up: Placing | None  # None when uncontested or tied for the first unelected place
    runner_up_tied: bool
    decided_by_lot: bool  # the last seat tied with the first unelected candidate
    defended: dict[str, int]  # party -> seats it defended here
    won: dict[str, int]  # party -> seats it won here
    turnout: float | None
    turnout_basis: TurnoutBasis | None
    previous: PreviousContest | None
    swing: float | None  # Butler swing to the winner's party from the next party's, in points
    void: bool = False  # declared, but its result cannot be read: treated as no result
    # where `defended` is not known: the defenders in the compositions' terms (others as "Oth")
    defended_others: dict[str, int] = field(default_factory=dict)
    comparison: Comparison | None = None  # shares against the previous contest, and the swing

    @property
    def winners(self) -> tuple[Placing, ...]:
        """The elected candidates, most votes first."""
        return tuple(p for p in self.placings if p.elected)

    @property
    def winner_party(self) -> str | None:
        """The party of the top elected candidate."""
        return self.winners[0].party if self.winners else None

    @property
    def defending_known(self) -> bool:
        """Whether the defending party of every seat up is known."""
        return sum(self.defended.values()) == self.seats_up

    @property
    def gains(self) -> dict[str, int]:
        """Seats won beyond those defended, by party (needs every defender known)."""
        if not (self.declared and self.defending_known):
            return {}
        return {
            p: n - self.defended.get(p, 0)
            for p, n in self.won.items()
            if n > self.defended.get(p, 0)
        }

    @property
    def losses(self) -> dict[str, int]:
        """Defended seats not won back, by party (needs every defender known)."""
        if not (self.declared and self.defending_known):
            return {}
        return {
            p: n - self.won.get(p, 0) for p, n in self.defended.items() if n > self.won.get(p, 0)
        }

    @property
    def held_by(self) -> str | None:
        """The party that held its only seat here, or None (changed hands, several seats)."""
        if self.seats_up == 1 and self.declared and self.defending_known:
            (party,) = self.defended
            return party if self.won.get(party) == 1 else None
        return None

    @property
    def previous_majority(self) -> int | None:
        """The majority at the previous contest for the same seats, when known."""
        return self.previous.majority if self.previous else None


@dataclass(frozen=True)
class PartyTotals:
    """One party across the election."""

    party: str
    candidates: int
    wards_contested: int
    seats_won: int
    seats_defended: int
    votes: int
    share: float | None  # per cent of all valid votes in contested, declared wards


@dataclass(frozen=True)
class Analysis:
    """Everything derived from one election, for the rules to read."""

    election_id: str
    total_seats: int | None
    seats_up: int
    wards: tuple[WardResult, ...]
    parties: dict[str, PartyTotals]
    total_votes: int
    all_declared: bool  # every ward has a usable result
    defending_known: bool
    net_change: dict[str, int] | None  # won minus defended, when every defender is known
    before: dict[str, int] | None  # the baseline of `change`
    after: dict[str, int] | None  # the composition after the poll (see analyse.council)
    majority_needed: int | None  # seats for overall control after (None: size unknown)
    control_before: str | None  # the party with a majority before (judged on its own size)
    control_after: str | None
    counting: bool = False  # wards still to declare (never in a final count)
    before_total: int | None = None  # the size of the council before the poll
    after_basis: str | None = None  # "tally", "arithmetic" or "reported" (see analyse.council)
    change: dict[str, int] | None = None  # each party's change against `before`
    change_basis: str | None = None  # "defended" (the seats fought) or "year" (a year earlier)
    before_basis: str | None = None  # `before` is "defended" (all-out: at the poll) or "year"
    no_control_before: bool = False  # certainly no overall control before
    no_control_after: bool = False  # certainly no overall control after
    largest_after: tuple[str, ...] = field(default=())
    warnings: tuple[DataWarning, ...] = ()  # figures that disagree with the results
    history: History = field(default_factory=lambda: History(years=(), first_seats={}, since=None))
    # while wards are still to declare: the running count, and what is already certain
    declared_wards: int = 0
    undeclared_seats: int = 0
    net_change_so_far: dict[str, int] | None = None
    continuing: dict[str, int] | None = None  # seats not fought this time, by party
    secured: str | None = None  # a party whose majority no undeclared ward can take away
    secured_seats: int | None = None  # the fewest seats it can have: already a majority
    no_majority_possible: bool = False  # no party can reach a majority whatever remains
    turnout: float | None = None  # council-wide, per cent: as reported, or summed from wards
    turnout_basis: str | None = None
    turnout_sources: tuple[str, ...] = ()
    comparison: Comparison | None = None  # council-wide shares against the previous contest

    def ward(self, ward_id: str) -> WardResult:
        """The result of the ward with this id."""
        for ward in self.wards:
            if ward.ward_id == ward_id:
                return ward
        raise KeyError(ward_id)


def _share(votes: int | None, total: int | None) -> float | None:
    if votes is None or not total:
        return None
    return 100.0 * votes / total


def _turnout(ward: Ward, total_votes: int | None) -> tuple[float | None, TurnoutBasis | None]:
    if ward.turnout is not None:
        return ward.turnout, ward.turnout_basis or TurnoutBasis.UNKNOWN
    if ward.electorate:
        if ward.ballots is not None:
            return 100.0 * ward.ballots / ward.electorate, TurnoutBasis.BALLOTS
        if total_votes is not None and ward.seats_up == 1:
            # with several seats each voter has several votes: total votes is no turnout
            return 100.0 * total_votes / ward.electorate, TurnoutBasis.VOTES
    return None, None


def analyse_ward(
    ward: Ward, first_preferences_only: bool = False, compare: bool = True
) -> WardResult:
    """The derived figures of one ward (no majority from an STV count's first preferences).

    A void ward (its result cannot be read) has no result: no placings' votes, no winners.
    `compare`: measure the ward against its previous contest (shares, swing).
    """
    if ward.void:
        ward = ward.model_copy(
            update={
                "declared": False,
                "void": False,
                "candidates": tuple(
                    c.model_copy(update={"votes": None, "elected": None}) for c in ward.candidates
                ),
            }
        )
        return replace(analyse_ward(ward, first_preferences_only), void=True)
    order = {c.id: i for i, c in enumerate(ward.candidates)}
    # on equal votes the elected candidate (a tie decided by lot) comes first
    ranked = sorted(ward.candidates, key=lambda c: (-(c.votes or 0), not c.elected, order[c.id]))
    contested = ward.declared and not ward.uncontested
    total = sum(c.votes or 0 for c in ranked) if contested else None
    placings = tuple(
        Placing(
            candidate_id=c.id,
            name=c.name,
            party=c.party,
            votes=c.votes,
            elected=bool(c.elected),
            incumbent=c.incumbent,
            share=_share(c.votes, total) if contested else None,
        )
        for c in ranked
    )
    majority = majority_share = runner_up = None
    runner_up_tied = decided_by_lot = False
    if contested:
        elected = [p for p in placings if p.elected]
        unelected = [p for p in placings if not p.elected]
        lowest = min(p.votes or 0 for p in elected)
        highest = max(p.votes or 0 for p in unelected)
        if lowest >= highest and not first_preferences_only:
            majority = lowest - highest
            majority_share = _share(majority, total)
            tied = [p for p in unelected if p.votes == highest]
            runner_up_tied = len(tied) > 1
            runner_up = None if runner_up_tied else tied[0]
            decided_by_lot = majority == 0
        # else an elected candidate polled fewer votes than a loser: a transferable vote (STV)
        # count, whose first preferences give no majority and no runner-up
    won: Counter[str] = Counter(p.party for p in placings if p.elected)
    defended: Counter[str] = Counter(d.party for d in ward.defending)
    turnout, basis = _turnout(ward, total)
    comparison = None
    if contested and compare:
        comparison = compare_ward(
            [(p.party, p.name, p.votes or 0) for p in placings],
            ward.seats_up,
            ward.previous,
            first_preferences_only,
        )
    return WardResult(
        ward_id=ward.id,
        name=ward.name,
        seats_up=ward.seats_up,
        declared=ward.declared,
        contested=contested,
        placings=placings,
        total_votes=total,
        majority=majority,
        majority_share=majority_share,
        runner_up=runner_up,
        runner_up_tied=runner_up_tied,
        decided_by_lot=decided_by_lot,
        defended=dict(defended),
        defended_others=dict(Counter(d.party for d in ward.defending_others)),
        won=dict(won) if ward.declared else {},
        turnout=turnout,
        turnout_basis=basis,
        previous=ward.previous,
        swing=comparison.swing if comparison else None,
        comparison=comparison,
    )


def analyse(election: Election) -> Analysis:
    """All derived figures of an election."""
    compare = election.general is None  # a general election measures its seats itself
    wards = tuple(analyse_ward(w, election.first_preferences_only, compare) for w in election.wards)
    declared = [w for w in wards if w.declared]
    all_declared = len(declared) == len(wards)
    counting = not election.final and any(not w.declared and not w.void for w in wards)
    defending_known = all(w.defending_known for w in wards)
    total_votes = sum(w.total_votes or 0 for w in declared)
    stats: dict[str, dict[str, int]] = {}
    for ward in wards:
        for party in {p.party for p in ward.placings} | set(ward.defended):
            s = stats.setdefault(party, Counter())
            s["defended"] += ward.defended.get(party, 0)
            s["won"] += ward.won.get(party, 0)
        for p in ward.placings:
            s = stats[p.party]
            s["candidates"] += 1
            s["votes"] += (p.votes or 0) if ward.contested else 0
        for party in {p.party for p in ward.placings}:
            stats[party]["wards"] += 1
    parties = {
        party: PartyTotals(
            party=party,
            candidates=s["candidates"],
            wards_contested=s["wards"],
            seats_won=s["won"],
            seats_defended=s["defended"],
            votes=s["votes"],
            share=_share(s["votes"], total_votes),
        )
        for party, s in sorted(stats.items(), key=lambda kv: (-kv[1]["won"], -kv[1]["votes"]))
    }
    net_change = None
    if all_declared and defending_known and not election.boundaries_changed:
        net_change = {p: t.seats_won - t.seats_defended for p, t in parties.items()}
    won = {p: t.seats_won for p, t in parties.items() if t.seats_won} if all_declared else None
    defended = (
        {p: t.seats_defended for p, t in parties.items() if t.seats_defended}
        if defending_known and not election.boundaries_changed
        else None
    )
    known: dict[str, int] = {}
    unknown_seats = 0
    for ward in wards:
        # seats whose defender is only known to be one of the compositions' others count
        # under "Oth": enough for before minus defended plus won in the compositions' columns
        others = ward.defended_others if sum(ward.defended_others.values()) == ward.seats_up else {}
        if ward.defending_known or others:
            for party, n in (ward.defended if ward.defending_known else others).items():
                known[party] = known.get(party, 0) + n
        else:
            unknown_seats += ward.seats_up
    # the arithmetic of a partial poll needs only the columns; net change needs every party
    columns = defended
    if columns is None and not unknown_seats and not election.boundaries_changed:
        columns = dict(known)
    found = composition_after(
        election, won, columns, known if election.composition_before else None, unknown_seats
    )
    after = found.seats
    reported_before = election.composition_before
    before = dict(reported_before.seats) if reported_before else None
    change: dict[str, int] | None = None
    change_basis: str | None = None
    before_basis = "year" if before is not None else None
    if after is not None and net_change is not None and found.basis != "reported":
        change, change_basis = net_change, "defended"
        if found.basis == "tally" and defended is not None:
            before = defended  # every seat was defended: the council as it went to the poll
            before_basis = "defended"
    elif after is not None and before is not None:
        # against the composition a year earlier; parties it lumps into others are compared
        # as others
        listed = set(before)
        lumped: Counter[str] = Counter()
        for party, n in after.items():
            lumped[party if party in listed else "Oth"] += n
        change = {p: lumped.get(p, 0) - before.get(p, 0) for p in listed | set(lumped)}
        change = {p: n for p, n in change.items() if p in after or p in before}
        change_basis = "year"
    before_control = control_of(dict(reported_before.seats) if reported_before else None)
    after_control = control_of(after)
    after_total = sum(after.values()) if after else None
    total_seats = after_total or election.council.total_seats
    warnings = found.warnings
    size = election.council.total_seats
    if found.basis == "tally" and after and after_total and size and size > after_total:
        # every seat up but not every seat in the results (a poll postponed in one ward:
        # North Kesteven 2019, 42 of 43): control only where the seats to come cannot change it
        missing = size - after_total
        after_control = control_of(after, size)
        top = max((n for p, n in after.items() if p not in NOT_A_PARTY), default=0)
        if after_control.party is None and top + missing >= (after_control.needed or 0):
            after_control = Control(party=None, none=False, needed=after_control.needed)
        total_seats = size
        warnings = (
            *warnings,
            DataWarning(
                code="seats-not-in-results",
                message=f"{missing} of the council's {size} seats are not in the results (a "
                "poll postponed?): the seats each party holds are of those filled",
                kinds=(FactKind.COMPOSITION.value,),
                review=True,
            ),
        )
    needed = after_control.needed or (total_seats // 2 + 1 if total_seats else None)
    largest: tuple[str, ...] = ()
    named = {p: n for p, n in (after or {}).items() if p not in NOT_A_PARTY and n > 0}
    # others (local groups lumped by the composition before) as many as the top party may be
    # one group as large or larger: the largest party is then not known (Hart 2024)
    if named and (after or {}).get("Oth", 0) < max(named.values()):
        top = max(named.values())
        largest = tuple(p for p, n in named.items() if n == top)
    size = election.council.total_seats or (reported_before.total if reported_before else None)
    running = _running_count(election, wards, parties, before, size, all_declared)
    return Analysis(
        **running,
        election_id=election.id,
        total_seats=total_seats,
        seats_up=election.seats_up,
        wards=wards,
        parties=parties,
        total_votes=total_votes,
        all_declared=all_declared,
        counting=counting,
        defending_known=defending_known,
        net_change=net_change,
        before=before,
        before_total=reported_before.total if reported_before else None,
        after=after,
        after_basis=found.basis,
        change=change,
        change_basis=change_basis,
        before_basis=before_basis,
        majority_needed=needed,
        control_before=before_control.party,
        no_control_before=before_control.none,
        control_after=after_control.party,
        no_control_after=after_control.none,
        largest_after=largest,
        warnings=warnings,
        history=history_of(election, {p: t.seats_won for p, t in parties.items()}),
        comparison=_council_comparison(election, wards, all_declared and not counting),
        **_council_turnout(election),
    )


def _council_comparison(
    election: Election, wards: tuple[WardResult, ...], final: bool
) -> Comparison | None:
    """The council's shares against the previous contest for the same seats, once every ward
    has declared."""
    if not final or election.previous is None or election.general is not None:
        return None
    contested = [
        ([(p.party, p.name, p.votes or 0) for p in w.placings], w.seats_up)
        for w in wards
        if w.contested and not w.void
    ]
    return compare_council(election, contested)


def _running_count(
    election: Election,
    wards: tuple[WardResult, ...],
    parties: dict[str, PartyTotals],
    before: dict[str, int] | None,
    size: int | None,
    all_declared: bool,
) -> dict[str, Any]:
    """Where the count stands with wards still to declare, and what arithmetic makes certain.

    Continuing seats are the composition before less every seat being fought (all-out: none);
    where a ward's defender is unknown the arithmetic takes the worst case each way. A party has
    secured control once the fewest continuing seats it can have plus the seats it has won reach
    a majority; no party can win one once none could even with the most continuing seats and
    every undeclared seat.
    """
    declared = [w for w in wards if w.declared]
    undeclared_seats = sum(w.seats_up for w in wards if not w.declared)
    out: dict[str, Any] = {"declared_wards": len(declared), "undeclared_seats": undeclared_seats}
    if all_declared:
        return out
    if all(w.defending_known for w in declared) and not election.boundaries_changed:
        out["net_change_so_far"] = {
            p: sum(w.won.get(p, 0) - w.defended.get(p, 0) for w in declared)
            for p in parties
            if any(w.won.get(p) or w.defended.get(p) for w in declared)
        }
    if size is None:
        return out
    total, needed = size, size // 2 + 1
    # continuing seats by party: at least (a seat whose defender is unknown may be the party's)
    # and at most (it may not); with every defender known the two are the same
    if election.seats_up >= total:
        low: dict[str, int] | None = {}
        high: dict[str, int] = {}
    elif before is not None:
        defended: dict[str, int] = {}
        for w in wards:
            for p, n in w.defended.items():
                defended[p] = defended.get(p, 0) + n
        unknown = sum(w.seats_up for w in wards if not w.defending_known)
        high = {p: before.get(p, 0) - defended.get(p, 0) for p in {*before, *defended}}
        low = {p: max(0, n - unknown) for p, n in high.items()}
        if any(n < 0 for n in high.values()):
            low = None  # the composition and the defenders disagree: claim nothing
    else:
        low = None
    if low is None:
        return out
    if all(w.defending_known for w in wards):
        out["continuing"] = low
    won = {p: sum(w.won.get(p, 0) for w in declared) for p in {*low, *parties}}
    for party, n in won.items():
        if party not in NOT_A_PARTY and low.get(party, 0) + n >= needed:
            out["secured"] = party
            out["secured_seats"] = low.get(party, 0) + n
    out["no_majority_possible"] = all(
        high.get(p, 0) + won.get(p, 0) + undeclared_seats < needed
        for p in {*high, *won, *parties}
        if p not in NOT_A_PARTY
    )
    return out


def _council_turnout(election: Election) -> dict[str, Any]:
    """The council-wide turnout as reported, else ballots over electorate summed over every
    ward; with no electorate for every ward, none."""
    if not all(w.declared for w in election.wards):
        return {}  # a council-wide turnout is only known once every ward has declared
    if election.turnout is not None:
        return {
            "turnout": election.turnout.percent,
            "turnout_basis": election.turnout.basis.value,
            "turnout_sources": (election.turnout.id,),
        }
    wards = election.wards
    if not wards or any(w.ballots is None or not w.electorate for w in wards):
        return {}
    ballots = sum(w.ballots or 0 for w in wards)
    electorate = sum(w.electorate or 0 for w in wards)
    return {
        "turnout": 100 * ballots / electorate,
        "turnout_basis": "ballots",
        "turnout_sources": tuple(w.id for w in wards),
    }
