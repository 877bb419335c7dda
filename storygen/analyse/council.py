"""The council after the poll: its composition from the day's results, and control.

The day's results are the authority; a reported composition (a yearly snapshot) is a baseline
before the poll and a cross-check after it.

- Composition after: where every seat was up, the tally of the winners (local parties under
  their own names); where part of the council was up, the composition before minus the seats
  defended plus the seats won (parties the composition before lumps into others stay among the
  others, as their continuing seats are not known). Only when neither can be done is a reported
  composition after used, and the story then says its changes are against a year earlier.
- Every seat was up when the election is all-out, or when the seats filled reach the council's
  size.
- Control: a party with more than half of that composition's own seats. Others ("Oth") and
  independents ("Ind") are not a party and never control. When no named party has a majority,
  no overall control is certain only if the others cannot hide one (they hold no more than
  half); otherwise nothing is said either way.
- A reported composition after that disagrees with the results is noted; a difference of more
  than `SNAPSHOT_DRIFT` seats, or in the council's size, is more than the defections and
  by-elections between the count and the snapshot can explain, and the draft needs review.
  Where some defenders are unknown the reported composition is used only if the results allow
  it (before minus defended plus won, whoever defended the seats not known). A snapshot the
  results cannot give is not the council on the night, and the change it makes against a year
  earlier would tell defections as the voters' verdict (Southampton 2024: the snapshot has
  Labour up one on 2023, the results have Labour down one): its seats are not said, and the
  draft needs review. Control is still said where, within `SNAPSHOT_DRIFT`, every composition
  the results allow gives the snapshot's party a majority (Adur 2024: Labour takes control);
  otherwise no composition or control is said.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from storygen.model import DataWarning, Election, ElectionType, FactKind

NOT_A_PARTY = ("Oth", "Ind")  # others and independents never control a council
SNAPSHOT_DRIFT = 2  # seats a snapshot may differ from the results by (later defections)
COMPOSITION_KINDS = (
    FactKind.COMPOSITION.value,
    FactKind.CONTROL.value,
    FactKind.NO_OVERALL_CONTROL.value,
)


@dataclass(frozen=True)
class Control:
    """Who controls a composition: a party, certainly no one, or not known."""

    party: str | None  # the party with more than half the seats
    none: bool  # certainly no overall control
    needed: int | None  # seats for a majority

    @property
    def known(self) -> bool:
        """Whether control (or its absence) is certain."""
        return self.party is not None or self.none


UNKNOWN = Control(party=None, none=False, needed=None)


def control_of(seats: dict[str, int] | None, total: int | None = None) -> Control:
    """Control of a composition judged against its own size (or `total` when given)."""
    if not seats:
        return UNKNOWN
    size = total if total is not None else sum(seats.values())
    if size <= 0:
        return UNKNOWN
    needed = size // 2 + 1
    for party, n in seats.items():
        if party not in NOT_A_PARTY and n >= needed:
            return Control(party=party, none=False, needed=needed)
    # others may hide a local group's majority; independents are no group
    hidden = seats.get("Oth", 0)
    return Control(party=None, none=hidden < needed, needed=needed)


def every_seat_up(election: Election) -> bool:
    """Whether the poll filled every seat of the council."""
    if election.type is ElectionType.ALL_OUT:
        return True
    total = election.council.total_seats
    return total is not None and election.seats_up >= total


@dataclass(frozen=True)
class After:
    """The composition after the poll and where it comes from."""

    seats: dict[str, int] | None
    basis: str | None  # "tally" (every seat up), "arithmetic" (before - defended + won), "reported"
    warnings: tuple[DataWarning, ...] = ()


def _sorted(seats: dict[str, int]) -> dict[str, int]:
    return dict(sorted(((p, n) for p, n in seats.items() if n > 0), key=lambda kv: (-kv[1], kv[0])))


def composition_after(
    election: Election,
    won: dict[str, int] | None,
    defended: dict[str, int] | None,
    known_defended: dict[str, int] | None = None,
    unknown_seats: int = 0,
) -> After:
    """The composition after the poll (see the module's notes).

    `won` is the seats won by party when every ward has a usable result (else None);
    `defended` the seats defended by party when every defender is known (else None);
    `known_defended` and `unknown_seats` the defenders known and the seats whose defender is
    not, with which a reported composition is checked against what the results allow.
    """
    before = election.composition_before.seats if election.composition_before else None
    seats: dict[str, int] | None = None
    basis: str | None = None
    if won is not None and every_seat_up(election):
        seats, basis = _sorted(won), "tally"
    elif (
        won is not None
        and defended is not None
        and before is not None
        and not election.boundaries_changed
    ):
        listed = set(before)
        after: Counter[str] = Counter(before)
        for party, n in defended.items():
            after[party if party in listed else "Oth"] -= n
        for party, n in won.items():
            after[party if party in listed else "Oth"] += n
        if all(n >= 0 for n in after.values()):
            seats, basis = _sorted(dict(after)), "arithmetic"
    reported = election.composition_after
    if seats is None:
        if reported is None or won is None:
            return After(seats=None, basis=None)
        if before is not None and known_defended is not None and not election.boundaries_changed:
            clash, off, bounds = _outside_bounds(
                dict(before), known_defended, unknown_seats, won, dict(reported.seats)
            )
            held = _robust_control(dict(before), dict(reported.seats), bounds)
            if clash and off <= SNAPSHOT_DRIFT and held:
                # the snapshot is not the council on the night, but every composition the
                # results allow gives the same party control: that is said, the seats are not
                return After(
                    seats=_sorted(dict(reported.seats)),
                    basis="reported",
                    warnings=(
                        DataWarning(
                            code="composition-differs",
                            message=f"the reported composition after the poll gives {clash}, "
                            "which the composition before and the results cannot give; "
                            f"whatever the seats not known, {held} has a majority: control "
                            "is said, the composition is not",
                            file=reported.source.file,
                            field=reported.id,
                            kinds=(
                                FactKind.COMPOSITION.value,
                                FactKind.NO_OVERALL_CONTROL.value,
                            ),
                            omit=True,
                            review=True,
                        ),
                    ),
                )
            if off > 0:
                return After(
                    seats=None,
                    basis=None,
                    warnings=(
                        DataWarning(
                            code="composition-not-borne-out",
                            message=f"the reported composition after the poll gives {clash}, "
                            "which the composition before and the results cannot give whoever "
                            "defended the seats not known: no composition or control is "
                            "said",
                            file=reported.source.file,
                            field=reported.id,
                            kinds=COMPOSITION_KINDS,
                            omit=True,
                            review=True,
                        ),
                    ),
                )
        return After(seats=_sorted(dict(reported.seats)), basis="reported")
    warnings: list[DataWarning] = []
    if reported is not None:
        warning = _cross_check(seats, dict(reported.seats), reported.source.file, reported.id)
        if warning is not None:
            warnings.append(warning)
    return After(seats=seats, basis=basis, warnings=tuple(warnings))


def _robust_control(
    before: dict[str, int], reported: dict[str, int], bounds: dict[str, tuple[int, int]]
) -> str | None:
    """The party the reported composition gives control, where the results bear it out
    whoever defended the seats not known (its fewest seats are still a majority of the
    council) and control before is known; else None."""
    party = control_of(reported).party
    size = sum(reported.values())
    if party is None or size != sum(before.values()):
        return None
    prior = control_of(before)
    if prior.party is None and not prior.none:
        return None  # control before not known: the story would have to give seats
    low = bounds.get(party, (0, 0))[0]
    return party if low >= size // 2 + 1 else None


def _outside_bounds(
    before: dict[str, int],
    known_defended: dict[str, int],
    unknown: int,
    won: dict[str, int],
    reported: dict[str, int],
) -> tuple[str, int, dict[str, tuple[int, int]]]:
    """The parties whose reported seats after no assignment of the unknown defenders allows
    (before minus defended plus won, each unknown seat anyone's), said ('' when all fit), by
    how many seats in all they fall outside, and each party's bounds (fewest, most)."""
    listed = set(before) | set(reported)
    lumped_won: Counter[str] = Counter()
    lumped_defended: Counter[str] = Counter()
    for party, n in won.items():
        lumped_won[party if party in listed else "Oth"] += n
    for party, n in known_defended.items():
        lumped_defended[party if party in listed else "Oth"] += n
    clashes = []
    off = 0
    bounds: dict[str, tuple[int, int]] = {}
    for party in sorted(listed):
        high = before.get(party, 0) - lumped_defended[party] + lumped_won[party]
        low = max(lumped_won[party], high - unknown)
        bounds[party] = (low, high)
        got = reported.get(party, 0)
        if not low <= got <= high:
            clashes.append(f"{party} {got} (the results allow {low} to {high})")
            off += low - got if got < low else got - high
    return ", ".join(clashes), (off + 1) // 2, bounds  # a seat moved is off for two parties


def _cross_check(
    results: dict[str, int], reported: dict[str, int], file: str, record: str
) -> DataWarning | None:
    """A warning where a reported composition after disagrees with the results' own."""
    listed = set(reported)
    lumped: Counter[str] = Counter()
    for party, n in results.items():
        lumped[party if party in listed else "Oth"] += n
    diff = {p: lumped.get(p, 0) - reported.get(p, 0) for p in {*lumped, *reported}}
    diff = {p: d for p, d in sorted(diff.items()) if d}
    if not diff:
        return None
    moved = sum(abs(d) for d in diff.values()) // 2
    size = sum(results.values()) != sum(reported.values())
    explained = not size and moved <= SNAPSHOT_DRIFT
    said = ", ".join(f"{p} {reported.get(p, 0)} (results {lumped.get(p, 0)})" for p in diff)
    why = (
        "a later defection or by-election can explain it"
        if explained
        else "more than later defections explain: check the source"
    )
    return DataWarning(
        code="composition-differs",
        message=f"the reported composition after the poll gives {said}; the story uses the "
        f"results ({why})",
        file=file,
        field=record,
        kinds=COMPOSITION_KINDS,
        review=not explained,
    )


def _known(seats: dict[str, int], party: str) -> int | None:
    """A party's seats in a composition, or None where others may hide them."""
    if party in seats:
        return seats[party]
    return None if seats.get("Oth") else 0


@dataclass(frozen=True)
class History:
    """The council before this poll, year by year, as far as the compositions go."""

    years: tuple[tuple[int, Control], ...]  # oldest first, the year before the poll last
    first_seats: dict[str, int]  # parties with seats now and none in any earlier year
    since: int | None  # the earliest year known

    def held_since(self, party: str) -> int | None:
        """The first year of the party's unbroken control up to the poll (None: it did not)."""
        start = None
        for year, control in reversed(self.years):
            if control.party != party:
                break
            start = year
        return start

    def never_controlled(self, party: str) -> bool:
        """Whether every earlier year is known and the party controlled in none."""
        return bool(self.years) and all(c.known and c.party != party for _, c in self.years)


def history_of(election: Election, won: dict[str, int]) -> History:
    """Control year by year before the poll, and the parties winning their first seats (seats
    won in this poll by a party that held none in any earlier composition)."""
    comps = [c for c in election.history if c.year is not None]
    before = election.composition_before
    if before is not None and before.year is not None:
        comps.append(before)
    comps.sort(key=lambda c: c.year or 0)
    years = tuple((c.year or 0, control_of(dict(c.seats))) for c in comps)
    first: dict[str, int] = {}
    if comps:
        for party, seats in won.items():
            if party in NOT_A_PARTY or seats <= 0:
                continue
            if all(_known(dict(c.seats), party) == 0 for c in comps):
                first[party] = seats
    return History(years=years, first_seats=first, since=comps[0].year if comps else None)
