"""Challenger rules: targets missed, seats held against a challenger by area, failed challenges."""

from __future__ import annotations

from collections.abc import Iterator

from storygen.detect.fact import Entity, Fact
from storygen.detect.registry import RuleInput, make_fact, rule
from storygen.model import FactKind

NARROW_SHARE = 10  # a hold by a majority under this per cent of the votes is narrow
FAILED_GAP = 10  # a feared party this far (per cent of the votes) behind the winner "failed"


@rule(FactKind.TARGET_MISSED, thresholds=(NARROW_SHARE,))
def targets_missed(data: RuleInput) -> Iterator[Fact]:
    """A target missed: a ward a party targeted before the poll, held by its defender.

    A party's declared top target is reported on its own. A hold by a majority under 10 per cent
    of the votes is narrow ("clung on").
    """
    a = data.analysis
    for target in data.election.targets:
        for rank, ward_id in enumerate(target.wards):
            ward = a.ward(ward_id)
            holder = ward.held_by
            if holder is None or holder == target.party or ward.majority_share is None:
                continue
            top = target.top == ward_id and len(target.wards) > 1
            qualifiers = {"narrow": "yes"} if ward.majority_share < NARROW_SHARE else {}
            if top:
                qualifiers["top"] = "yes"
            winner = ward.winners[0]
            yield make_fact(
                targets_missed,
                f"{target.id.removeprefix('target/')}/{ward_id.removeprefix('ward/')}",
                score=68 if top else 60,
                entities={
                    "party": (data.party(target.party),),
                    "holder": (data.party(holder),),
                    "ward": (data.ward(ward),),
                    "winner": (data.candidate(winner),),
                },
                figures={"majority": ward.majority, "rank": rank + 1},
                qualifiers=qualifiers,
                sources=[target.id, ward.ward_id, winner.candidate_id],
                group=f"{target.id}:{'top' if top else holder}",
                claim=f"held:{ward.ward_id}:{holder}:{target.party}",
                order=rank,
            )


@rule(FactKind.HELD_AGAINST_CHALLENGER)
def held_against_challenger(data: RuleInput) -> Iterator[Fact]:
    """Held against a challenger, by area: defenders who held wards of one named area.

    The wards are grouped by holder and by the party second in each; no threshold, the
    runner-up placing decides.
    """
    a = data.analysis
    for area in data.election.areas:
        for order, ward_id in enumerate(area.wards):
            ward = a.ward(ward_id)
            holder, runner = ward.held_by, ward.runner_up
            if holder is None or runner is None:
                continue
            yield make_fact(
                held_against_challenger,
                f"{area.id.removeprefix('area/')}/{ward_id.removeprefix('ward/')}",
                score=62,
                entities={
                    "area": (Entity(id=area.id, type="area", name=area.name),),
                    "party": (data.party(holder),),
                    "challenger": (data.party(runner.party),),
                    "ward": (data.ward(ward),),
                },
                figures={"majority": ward.majority},
                sources=[area.id, ward.ward_id, ward.winners[0].candidate_id, runner.candidate_id],
                group=f"{area.id}:{holder}:{runner.party}",
                claim=f"held:{ward.ward_id}:{holder}:{runner.party}",
                order=order,
            )


@rule(FactKind.FAILED_CHALLENGE, thresholds=(FAILED_GAP,))
def failed_challenges(data: RuleInput) -> Iterator[Fact]:
    """A failed challenge: a party feared in a ward before the poll won no seat there.

    "Failed to materialise" only when the feared party finished at least 10 per cent of the
    votes behind the last winner; closer than that it "fell short" by its number of votes.
    The fact notes when the same party did win another of the wards where it was feared.
    """
    a = data.analysis
    for threat in data.election.threats:
        declared = [a.ward(w) for w in threat.wards if a.ward(w).declared]
        won_any = any(w.won.get(threat.party) for w in declared)
        for order, ward in enumerate(declared):
            if ward.won.get(threat.party):
                continue
            placing = next((p for p in ward.placings if p.party == threat.party), None)
            position = ward.placings.index(placing) + 1 if placing else None
            qualifiers = {"partial": "yes"} if won_any else {}
            if ward.held_by is not None:
                qualifiers["held"] = "yes"
            last = ward.winners[-1].votes or 0
            short_by = last - (placing.votes or 0) if placing else None
            close = (
                placing is not None
                and ward.total_votes is not None
                and short_by is not None
                and 100 * short_by < FAILED_GAP * ward.total_votes
            )
            if close:
                qualifiers["close"] = "yes"
            yield make_fact(
                failed_challenges,
                f"{threat.id.removeprefix('threat/')}/{ward.ward_id.removeprefix('ward/')}",
                score=55,
                entities={
                    "party": (data.party(threat.party),),
                    "ward": (data.ward(ward),),
                    "holder": (data.party(ward.winners[0].party),),
                },
                figures={
                    "votes": placing.votes if placing else None,
                    "position": position,
                    "short_by": short_by,
                },
                qualifiers=qualifiers,
                sources=[threat.id, ward.ward_id, *([placing.candidate_id] if placing else [])],
                group=f"{threat.id}:{ward.ward_id}" if close else threat.id,
                claim=f"threat:{ward.ward_id}:{threat.party}",
                order=order,
            )
