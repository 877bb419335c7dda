"""Changes since the last contest for the same seats: vote shares, their change, the swing.

Shares are per cent of a base the comparison names, the same base both times:

- all votes: every vote cast for every candidate; used where both contests filled the same
  number of seats in each ward (so each voter had as many votes both times);
- top candidate: each party's best-placed candidate in each ward (an independent counts on
  their own), where the contests filled different numbers of seats (an all-out contest against
  a single seat): each party's top vote is as near as a multi-member ward comes to its voters;
- first preferences: a single transferable vote count, of which the files give first
  preferences only; each voter has one, so every first preference counts, whatever the seats.

A change is given for parties that stood both times; a party since renamed (the Brexit Party,
now Reform UK) counts as the one it became where that stands now and it does not. Independents
are not one party: no change, and no swing involving them. The Butler swing, ((A2 - A1) +
(B1 - B2)) / 2, is between the top two now (in a ward: the winner's party and the next, ties by
who was elected), only where both stood both times, and never for first preferences.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from storygen.model import Election, PreviousCandidate, PreviousContest
from storygen.parties import party_table

ALL_VOTES = "all votes"
TOP_CANDIDATE = "top candidate"
FIRST_PREFERENCES = "first preferences"
NOT_ONE_PARTY = ("Ind", "Oth")  # independents and others: no share change, no swing


@dataclass(frozen=True)
class Comparison:
    """Shares now and at the previous contest for the same seats, on one base, and the swing."""

    year: int
    base: str  # ALL_VOTES, TOP_CANDIDATE or FIRST_PREFERENCES
    now: dict[str, float]  # party -> per cent of the base now, most first
    then: dict[str, float]  # party -> per cent of the base then (renamed parties as now)
    votes_now: dict[str, int]  # party -> votes counted on the base now
    votes_then: dict[str, int]
    total_now: int
    total_then: int
    change: dict[str, float]  # points, for parties (not independents) that stood both times
    pair: tuple[str, str] | None  # the top two now, first the one the swing is towards
    swing: float | None  # Butler swing to pair[0] from pair[1], in points; None: not meaningful
    seats_now: int
    seats_then: int
    sources: tuple[str, ...]  # the previous contests' record ids
    wards: int = 1  # contested wards counted now
    wards_then: int = 1


Entry = tuple[str, str, int]  # party, candidate name, votes


def _counted(entries: Sequence[Entry], base: str) -> tuple[Counter[str], list[tuple[str, int]]]:
    """Votes by party on a base, and the entrants (a party, or an independent by name) with
    their votes in order of first appearance."""
    votes: Counter[str] = Counter()
    entrants: dict[str, tuple[str, int]] = {}
    for party, name, n in entries:
        key = f"{party}:{name}" if party in NOT_ONE_PARTY else party
        if base == TOP_CANDIDATE:
            best = entrants.get(key)
            if best is None or n > best[1]:
                entrants[key] = (party, n)
        else:
            old = entrants.get(key, (party, 0))
            entrants[key] = (party, old[1] + n)
    for party, n in entrants.values():
        votes[party] += n
    return votes, list(entrants.values())


def _renamed(then: Counter[str], now: Iterable[str]) -> Counter[str]:
    standing = set(now)
    successors = party_table().successors()
    out: Counter[str] = Counter()
    for code, n in then.items():
        new = successors.get(code)
        out[new if new and new in standing and code not in standing else code] += n
    return out


def _shares(votes: Counter[str], total: int) -> dict[str, float]:
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    return {p: 100.0 * v / total for p, v in ranked if v} if total else {}


def butler(now: dict[str, float], then: dict[str, float], a: str, b: str) -> float | None:
    """Butler swing to party a from party b; None unless both are parties that stood both
    times."""
    if a == b or a in NOT_ONE_PARTY or b in NOT_ONE_PARTY:
        return None
    if not all(p in now and p in then for p in (a, b)):
        return None
    return ((now[a] - then[a]) + (then[b] - now[b])) / 2


def _compare(
    year: int,
    base: str,
    entries_now: Sequence[Entry],
    entries_then: Sequence[Entry],
    ranked_now: Sequence[str],
    seats: tuple[int, int],
    sources: tuple[str, ...],
    wards: tuple[int, int] = (1, 1),
) -> Comparison | None:
    votes_now, _ = _counted(entries_now, base)
    raw_then, _ = _counted(entries_then, base)
    total_now, total_then = sum(votes_now.values()), sum(raw_then.values())
    if not total_now or not total_then:
        return None
    votes_then = _renamed(raw_then, votes_now)
    now, then = _shares(votes_now, total_now), _shares(votes_then, total_then)
    change = {p: now[p] - then[p] for p in now if p in then and p not in NOT_ONE_PARTY}
    pair = (ranked_now[0], ranked_now[1]) if len(ranked_now) > 1 else None
    swing = None
    if pair is not None and base != FIRST_PREFERENCES:
        swing = butler(now, then, *pair)
    return Comparison(
        year=year,
        base=base,
        now=now,
        then=then,
        votes_now=dict(votes_now),
        votes_then=dict(votes_then),
        total_now=total_now,
        total_then=total_then,
        change=change,
        pair=pair,
        swing=swing,
        seats_now=seats[0],
        seats_then=seats[1],
        sources=sources,
        wards=wards[0],
        wards_then=wards[1],
    )


def _base(first_preferences: bool, same_seats: bool) -> str:
    """First preferences for STV; all votes where the seats filled were the same; else each
    party's top candidate."""
    if first_preferences:
        return FIRST_PREFERENCES
    return ALL_VOTES if same_seats else TOP_CANDIDATE


def _seats_then(previous: PreviousContest) -> int:
    return previous.seats or sum(1 for c in previous.candidates if c.elected) or 1


def _then_entries(candidates: Iterable[PreviousCandidate]) -> list[Entry]:
    return [(c.party, c.name, c.votes) for c in candidates]


def _ranked(entrants: Sequence[tuple[str, int]]) -> list[str]:
    """Entrants' parties, most votes first (a stable sort keeps the order given on a tie)."""
    order = sorted(range(len(entrants)), key=lambda i: -entrants[i][1])
    return [entrants[i][0] for i in order]


def compare_ward(
    placings: Sequence[tuple[str, str, int]],
    seats: int,
    previous: PreviousContest | None,
    first_preferences: bool = False,
) -> Comparison | None:
    """One contested ward against its previous contest (placings: party, name, votes, in the
    order of the result, most votes first and the elected first on a tie)."""
    if previous is None or not previous.candidates or not previous.contested or not placings:
        return None
    then_seats = _seats_then(previous)
    base = _base(first_preferences, then_seats == seats)
    entries = list(placings)
    _, entrants = _counted(entries, base)
    return _compare(
        previous.year,
        base,
        entries,
        _then_entries(previous.candidates),
        _ranked(entrants),
        (seats, then_seats),
        (previous.id,),
    )


def compare_council(
    election: Election, wards: Sequence[tuple[Sequence[tuple[str, str, int]], int]]
) -> Comparison | None:
    """The whole council against the previous contest for the same seats (wards: each
    contested ward's placings and seats now). All votes where each contest filled the same
    seats ward for ward, else each party's top candidate; first preferences for STV."""
    previous = election.previous
    if previous is None or not wards:
        return None
    earlier = [w for w in previous.wards if w.contested]
    if not earlier:
        return None
    stv = election.first_preferences_only or previous.first_preferences_only
    seats_now = sorted(seats for _, seats in wards)
    seats_then = sorted(_seats_then(w) for w in earlier)
    base = _base(stv, seats_now == seats_then)
    # each ward on its own base: a party's top candidate is its best in that ward
    now_votes = _by_ward([list(p) for p, _ in wards], base)
    then_votes = _by_ward([_then_entries(c.candidates) for c in earlier], base)
    # the top two parties (independents together are not one)
    ranked = [
        p for p, _ in sorted(now_votes.items(), key=lambda kv: -kv[1]) if p not in NOT_ONE_PARTY
    ]
    return _compare(
        previous.year,
        base,
        [(p, p, v) for p, v in now_votes.items()],
        [(p, p, v) for p, v in then_votes.items()],
        ranked,
        (sum(seats_now), sum(seats_then)),
        (previous.id, *(w.id for w in earlier)),
        (len(wards), len(earlier)),
    )


def _by_ward(wards: Sequence[Sequence[Entry]], base: str) -> Counter[str]:
    out: Counter[str] = Counter()
    for entries in wards:
        counted, _ = _counted(entries, base)
        out.update(counted)
    return out
