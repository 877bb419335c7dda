"""Context rules: vote share across the council."""

from __future__ import annotations

from collections.abc import Iterator

from storygen.detect.fact import Entity, Fact
from storygen.detect.registry import RuleInput, make_fact, rule
from storygen.model import FactKind

SHARE_PARTIES = 3  # the leading parties named
SHARE_MIN_WARDS = 3  # a council-wide share needs at least this many contested wards


@rule(FactKind.VOTE_SHARE, thresholds=(SHARE_PARTIES, SHARE_MIN_WARDS))
def vote_share(data: RuleInput) -> Iterator[Fact]:
    """Vote share: the 3 leading parties' shares of all valid votes in contested wards.

    Base: all votes cast for every candidate (said in the fact); only once every ward declared,
    and across at least 3 contested wards. Independents are left out of the ranking, as they
    are not one party.
    """
    a = data.analysis
    contested = sum(1 for w in a.wards if w.contested)
    if not a.all_declared or not a.total_votes or contested < SHARE_MIN_WARDS:
        return
    ranked = sorted(
        (t for t in a.parties.values() if t.party not in ("Ind", "Oth") and t.votes),
        key=lambda t: -t.votes,
    )[:SHARE_PARTIES]
    figures: dict[str, int | float | str | bool | None] = {"total_votes": a.total_votes}
    for t in ranked:
        figures[f"share:party/{t.party}"] = t.share
        figures[f"votes:party/{t.party}"] = t.votes
    seats = a.seats_up
    figures["seats_up"] = seats
    leader = ranked[0] if ranked else None
    if leader is not None:
        figures["leader_seats"] = leader.seats_won
    yield make_fact(
        vote_share,
        "council",
        score=38,
        entities={"parties": tuple(data.party(t.party) for t in ranked)},
        figures=figures,
        qualifiers={"base": "all votes"},
        sources=[w.ward_id for w in a.wards if w.contested],
        claim="shares:council",  # the shares with their change since last time state these too
    )


@rule(FactKind.NEIGHBOUR)
def neighbours(data: RuleInput) -> Iterator[Fact]:
    """A neighbouring council's headline result, when it is in the same batch.

    Says only what its data supports: the largest party and its seats, control (more than half
    of all seats), and its net change where known. A neighbour with no single largest party is
    left out.
    """
    for order, summary in enumerate(data.neighbours):
        if summary.leader is None or summary.leader_seats is None:
            continue
        qualifiers = {"status": "control" if summary.controls else "largest"}
        if summary.leader_change:
            qualifiers["change"] = "up" if summary.leader_change > 0 else "down"
        yield make_fact(
            neighbours,
            summary.council_id.removeprefix("council/"),
            score=48,
            entities={
                "council": (Entity(id=summary.council_id, type="council", name=summary.council),),
                "party": (data.party(summary.leader),),
            },
            figures={
                "seats": summary.leader_seats,
                "total_seats": summary.total_seats,
                "change": summary.leader_change,
            },
            qualifiers=qualifiers,
            sources=summary.record_ids,
            group="neighbours",
            order=order,
        )
