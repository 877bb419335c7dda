"""A council's headline result in a few figures, for the stories of its neighbours."""

from __future__ import annotations

from dataclasses import dataclass

from storygen.analyse.figures import Analysis
from storygen.model import Election


@dataclass(frozen=True)
class NeighbourSummary:
    """What a neighbour's story may say of this council: who leads, with how many seats."""

    council_id: str
    council: str
    total_seats: int | None
    leader: str | None  # party code of the largest party (None: a tie, or unknown)
    leader_seats: int | None
    controls: bool  # the leader has more than half of all seats
    leader_change: int | None  # its net change, from the wards or the compositions
    record_ids: tuple[str, ...]


def summarise(election: Election, analysis: Analysis) -> NeighbourSummary:
    """The headline result of an election, as far as its data supports one."""
    after = analysis.after or {}
    leader = analysis.largest_after[0] if len(analysis.largest_after) == 1 else None
    change: int | None = None
    if leader is not None and analysis.change is not None and leader in analysis.change:
        change = analysis.change[leader]
    records = tuple(
        c.id for c in (election.composition_before, election.composition_after) if c is not None
    )
    return NeighbourSummary(
        council_id=election.council.id,
        council=election.council.name,
        total_seats=analysis.total_seats,
        leader=leader,
        leader_seats=after.get(leader) if leader else None,
        controls=leader is not None and analysis.control_after == leader,
        leader_change=change,
        record_ids=tuple(f"{election.id}/{r}" for r in records),
    )
