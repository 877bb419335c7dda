"""Derived figures of a UK general election, following UK practice as the brief defines it.

- hold / gain: the winner's party against the seat's winner at the baseline, the previous
  election on the same boundaries (declared, or notional on new boundaries); no baseline, no
  gain or hold (the seat was "won").
- majority: the winner's votes minus the runner-up's; its change only where the same party won
  both times.
- shares: per cent of the constituency's valid votes, by party; their change in points against
  the baseline, for parties that stood both times (independents and the Speaker are people, not
  parties: no change).
- swing (Butler): ((A2 - A1) + (B1 - B2)) / 2 in points, from the runner-up's party B to the
  winner's party A, where both stood both times; nationally, between the two parties with most
  votes.
- turnout: valid plus rejected ballots over the electorate; its change only against a declared
  baseline on the same boundaries (a notional result has no turnout).
- the House: a party with more than half of all seats has an overall majority of its seats
  minus all other seats (the Speaker's among them); otherwise the parliament is hung. Mid-count
  a majority is certain once a party has won more than half of all seats, and a hung parliament
  once no party could reach that even by winning every seat still to declare.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from storygen.analyse.figures import Analysis, Placing, WardResult, analyse_ward
from storygen.model import Election, GeneralScope, NightRank, PreviousContest, Ward
from storygen.parties import party_table

NOT_PARTIES = ("Ind", "Spk")  # people standing as themselves: no share change, no swing


@dataclass(frozen=True)
class SeatResult:
    """One constituency's result against its baseline."""

    ward: WardResult
    outcome: str  # gain, hold, won (no baseline), undeclared
    winner: Placing | None
    runner_up: Placing | None
    previous: PreviousContest | None
    shares: dict[str, float]  # party -> per cent of valid votes
    previous_shares: dict[str, float]
    share_changes: dict[str, float]  # points, parties that stood both times
    swing: float | None  # Butler, from the runner-up's party to the winner's, in points
    turnout: float | None
    previous_turnout: float | None  # only against a declared result on the same boundaries
    previous_majority: int | None

    @property
    def declared(self) -> bool:
        """Whether the seat has declared."""
        return self.outcome != "undeclared"

    @property
    def winner_party(self) -> str | None:
        """The winner's party."""
        return self.winner.party if self.winner else None

    @property
    def previous_winner(self) -> str | None:
        """The party that won the seat at the baseline."""
        return self.previous.winner if self.previous else None

    @property
    def defeated_mps(self) -> tuple[Placing, ...]:
        """Sitting MPs who stood here and lost."""
        if not self.declared:
            return ()
        return tuple(p for p in self.ward.placings if p.incumbent.value == "yes" and not p.elected)


@dataclass(frozen=True)
class Swing:
    """A Butler swing from one party to another, in points."""

    to_party: str
    from_party: str
    points: float
    ward_id: str | None = None


@dataclass(frozen=True)
class Tally:
    """Seats, votes and changes over the constituencies a story covers."""

    seats: int  # constituencies covered
    declared: int
    won: dict[str, int]  # party -> seats won so far
    before: dict[str, int] | None  # baseline seats over every constituency covered
    change: dict[str, int] | None  # won minus baseline winners, over the seats declared
    gains: dict[str, dict[str, int]]  # winner -> previous holder -> seats taken
    votes: dict[str, int]
    total_votes: int
    shares: dict[str, float]  # only once every seat covered has declared
    previous_shares: dict[str, float]
    share_changes: dict[str, float]
    swing: Swing | None  # between the two parties with most votes
    turnout: float | None
    previous_turnout: float | None
    largest: tuple[str, ...]  # most seats won (all tied)

    @property
    def complete(self) -> bool:
        """Every seat covered has declared."""
        return self.declared == self.seats


@dataclass(frozen=True)
class House:
    """The House of Commons: what the seats won make certain."""

    seats: int
    needed: int  # more than half of all seats
    majority_party: str | None  # a party with more than half of the seats won so far
    majority: int | None  # its seats minus all others, once every seat has declared
    hung: bool  # no party can now reach a majority


@dataclass(frozen=True)
class GeneralAnalysis:
    """Everything derived from one general-election story's constituencies."""

    scope: GeneralScope
    seats: tuple[SeatResult, ...]
    tally: Tally
    house: House | None  # UK stories only
    notional: bool
    baseline_year: int | None
    by_ward: dict[str, SeatResult] = field(default_factory=dict)

    declared_ids: tuple[str, ...] = ()  # the constituencies declared, in the story's order

    def seat(self, ward_id: str) -> SeatResult:
        """The result of one constituency."""
        return self.by_ward[ward_id]


def _shares(votes: Counter[str], total: int) -> dict[str, float]:
    return {p: 100.0 * v / total for p, v in votes.items()} if total else {}


def _previous_votes(previous: PreviousContest | None, now: Iterable[str]) -> Counter[str]:
    """A baseline's votes by party; a party since renamed (the Brexit Party, now Reform UK) is
    counted as the party it became where that stands now and it does not."""
    standing = set(now)
    renamed = party_table().successors()
    votes: Counter[str] = Counter()
    for cand in previous.candidates if previous else ():
        code = cand.party
        new = renamed.get(code)
        if new is not None and new in standing and code not in standing:
            code = new
        votes[code] += cand.votes
    return votes


def butler(
    now: dict[str, float], before: dict[str, float], to_party: str, from_party: str
) -> float | None:
    """Butler swing from one party to another in points; None unless both stood both times and
    both are parties."""
    if to_party in NOT_PARTIES or from_party in NOT_PARTIES or to_party == from_party:
        return None
    if not all(p in now and p in before for p in (to_party, from_party)):
        return None
    return ((now[to_party] - before[to_party]) + (before[from_party] - now[from_party])) / 2


def _changes(now: dict[str, float], before: dict[str, float]) -> dict[str, float]:
    return {p: now[p] - before[p] for p in now if p in before and p not in NOT_PARTIES}


# Results night re-analyses the same constituencies after every declaration: a seat's figures
# depend on its own record only, so they are kept by the identity of that (immutable) record.
_SEATS: dict[int, tuple[Ward, WardResult, SeatResult]] = {}
_SEATS_MAX = 20_000


def _seat(ward: Ward) -> tuple[WardResult, SeatResult]:
    cached = _SEATS.get(id(ward))
    if cached is not None and cached[0] is ward:
        return cached[1], cached[2]
    result = analyse_ward(ward)
    seat = seat_result(ward, result)
    if len(_SEATS) >= _SEATS_MAX:
        _SEATS.clear()
    _SEATS[id(ward)] = (ward, result, seat)
    return result, seat


def analyse_constituencies(election: Election) -> Analysis:
    """A general-election story's analysis: each constituency's ward figures (winners,
    majorities, shares, turnout). The council-wide figures (compositions, control, the running
    count of a council) do not apply: the House and the tallies are `analyse_general`'s."""
    wards = tuple(_seat(w)[0] for w in election.wards)
    declared = [w for w in wards if w.declared]
    return Analysis(
        election_id=election.id,
        total_seats=len(wards),
        seats_up=len(wards),
        wards=wards,
        parties={},
        total_votes=sum(w.total_votes or 0 for w in declared),
        all_declared=len(declared) == len(wards),
        defending_known=all(w.defending_known for w in wards),
        net_change=None,
        before=None,
        after=None,
        majority_needed=None,
        control_before=None,
        control_after=None,
        counting=len(declared) < len(wards),
        declared_wards=len(declared),
    )


def seat_result(ward: Ward, result: WardResult) -> SeatResult:
    """One constituency's figures against its baseline."""
    previous = ward.previous
    if not result.declared or not result.contested:
        return SeatResult(
            ward=result,
            outcome="undeclared",
            winner=None,
            runner_up=None,
            previous=previous,
            shares={},
            previous_shares={},
            share_changes={},
            swing=None,
            turnout=None,
            previous_turnout=None,
            previous_majority=previous.majority if previous else None,
        )
    winner = result.winners[0]
    runner = result.runner_up
    votes: Counter[str] = Counter()
    for p in result.placings:
        votes[p.party] += p.votes or 0
    shares = _shares(votes, result.total_votes or 0)
    before_votes = _previous_votes(previous, votes)
    before = _shares(before_votes, sum(before_votes.values()))
    if previous is None or previous.winner is None:
        outcome = "won"
    else:
        outcome = "hold" if previous.winner == winner.party else "gain"
    previous_turnout = None
    if previous and not previous.notional and previous.electorate and previous.ballots:
        previous_turnout = 100.0 * previous.ballots / previous.electorate
    return SeatResult(
        ward=result,
        outcome=outcome,
        winner=winner,
        runner_up=runner,
        previous=previous,
        shares=shares,
        previous_shares=before,
        share_changes=_changes(shares, before),
        swing=butler(shares, before, winner.party, runner.party) if runner else None,
        turnout=result.turnout,
        previous_turnout=previous_turnout if result.turnout is not None else None,
        previous_majority=previous.majority if previous else None,
    )


def _tally(election: Election, seats: tuple[SeatResult, ...]) -> Tally:
    declared = [s for s in seats if s.declared]
    won: Counter[str] = Counter(s.winner_party for s in declared if s.winner_party)
    before_comp = election.composition_before
    change: dict[str, int] | None = None
    gains: dict[str, dict[str, int]] = {}
    if before_comp is not None:
        change_count: Counter[str] = Counter()
        for s in declared:
            if s.previous_winner is None or s.winner_party is None:
                continue
            change_count[s.winner_party] += 1
            change_count[s.previous_winner] -= 1
            if s.outcome == "gain":
                taken = gains.setdefault(s.winner_party, {})
                taken[s.previous_winner] = taken.get(s.previous_winner, 0) + 1
        parties = {*won, *before_comp.seats}
        change = {p: change_count.get(p, 0) for p in parties}
    votes: Counter[str] = Counter()
    for s in declared:
        for p in s.ward.placings:
            votes[p.party] += p.votes or 0
    total = sum(votes.values())
    complete = len(declared) == len(seats)
    shares = _shares(votes, total) if complete else {}
    previous_shares: dict[str, float] = {}
    swing = None
    turnout = previous_turnout = None
    if complete and seats and all(s.previous for s in seats):
        before_votes: Counter[str] = Counter()
        for s in seats:
            before_votes.update(_previous_votes(s.previous, votes))
        previous_shares = _shares(before_votes, sum(before_votes.values()))
    if complete:
        ranked = [p for p, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))]
        parties_ranked = [p for p in ranked if p not in NOT_PARTIES]
        if len(parties_ranked) >= 2 and previous_shares:
            a, b = parties_ranked[0], parties_ranked[1]
            value = butler(shares, previous_shares, a, b)
            if value is not None:
                swing = Swing(to_party=a, from_party=b, points=value)
        wards = [s.ward for s in seats]
        ballots = [w.turnout for w in wards]
        if all(b is not None for b in ballots):
            electorate = sum(_ward_electorate(election, s) for s in seats)
            cast = sum(_ward_ballots(election, s) for s in seats)
            turnout = 100.0 * cast / electorate if electorate else None
            prev = [s.previous for s in seats]
            if all(p and not p.notional and p.electorate and p.ballots for p in prev):
                prev_electorate = sum(p.electorate or 0 for p in prev if p)
                prev_cast = sum(p.ballots or 0 for p in prev if p)
                previous_turnout = 100.0 * prev_cast / prev_electorate
    top = max(won.values(), default=0)
    return Tally(
        seats=len(seats),
        declared=len(declared),
        won=dict(sorted(won.items(), key=lambda kv: (-kv[1], kv[0]))),
        before=dict(before_comp.seats) if before_comp else None,
        change=change,
        gains=gains,
        votes=dict(votes),
        total_votes=total,
        shares=shares,
        previous_shares=previous_shares,
        share_changes=_changes(shares, previous_shares) if previous_shares else {},
        swing=swing,
        turnout=turnout,
        previous_turnout=previous_turnout,
        largest=tuple(sorted(p for p, n in won.items() if n == top)) if top else (),
    )


def _ward_electorate(election: Election, seat: SeatResult) -> int:
    return election.ward(seat.ward.ward_id).electorate or 0


def _ward_ballots(election: Election, seat: SeatResult) -> int:
    return election.ward(seat.ward.ward_id).ballots or 0


def _house(election: Election, tally: Tally) -> House | None:
    info = election.general
    if info is None or info.scope is not GeneralScope.UK:
        return None
    seats = info.house_seats
    needed = seats // 2 + 1
    leader = next((p for p, n in tally.won.items() if n >= needed), None)
    majority = None
    if leader is not None and tally.declared == seats:
        majority = tally.won[leader] - (seats - tally.won[leader])
    undeclared = seats - tally.declared
    hung = leader is None and all(n + undeclared < needed for n in tally.won.values())
    if not tally.won:
        hung = undeclared < needed
    return House(seats=seats, needed=needed, majority_party=leader, majority=majority, hung=hung)


def analyse_general(election: Election, analysis: Analysis) -> GeneralAnalysis | None:
    """The general-election figures of a story's constituencies (None for a council)."""
    info = election.general
    if info is None:
        return None
    seats = tuple(
        _seat(ward)[1] if _SEATS.get(id(ward), (None,))[0] is ward else seat_result(ward, result)
        for ward, result in zip(election.wards, analysis.wards, strict=True)
    )
    tally = _tally(election, seats)
    if info.scope is GeneralScope.UK and info.house_seats > tally.seats:
        # seats no file names yet (no baseline lists them): still to declare
        tally = replace(tally, seats=info.house_seats)
    return GeneralAnalysis(
        scope=info.scope,
        seats=seats,
        tally=tally,
        house=_house(election, tally),
        notional=info.notional,
        baseline_year=info.baseline_year,
        by_ward={s.ward.ward_id: s for s in seats},
        declared_ids=tuple(s.ward.ward_id for s in seats if s.declared),
    )


def night_ranks(analysis: Analysis) -> dict[str, NightRank]:
    """Each seat with the smallest or the biggest majority of the night, once every seat has
    declared (ties all ranked alike)."""
    contested = [w for w in analysis.wards if w.contested and w.majority is not None]
    if not analysis.all_declared or len(contested) < 2:
        return {}
    ranks: dict[str, NightRank] = {}
    for which, value in (
        ("closest", min(w.majority or 0 for w in contested)),
        ("biggest", max(w.majority or 0 for w in contested)),
    ):
        tied = [w for w in contested if w.majority == value]
        for ward in tied:
            ranks[ward.ward_id] = NightRank(seats=len(contested), ties=len(tied), **{which: True})
    return ranks
