"""Context rules: vote share across the council."""

from __future__ import annotations

from collections.abc import Iterator

from storygen.detect.fact import Fact
from storygen.detect.registry import RuleInput, make_fact, rule
from storygen.model import FactKind

SHARE_PARTIES = 3  # the leading parties named


@rule(FactKind.VOTE_SHARE, thresholds=(SHARE_PARTIES,))
def vote_share(data: RuleInput) -> Iterator[Fact]:
    """Vote share: the 3 leading parties' shares of all valid votes in contested wards.

    Base: all votes cast for every candidate (said in the fact); only once every ward declared.
    Independents are left out of the ranking, as they are not one party.
    """
    a = data.analysis
    if not a.all_declared or not a.total_votes:
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
    )
