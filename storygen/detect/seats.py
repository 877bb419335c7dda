"""Seat rules: gains, defeated incumbents, parties that stood widely and won nothing."""

from __future__ import annotations

from collections.abc import Iterator

from storygen.detect.fact import Fact
from storygen.detect.registry import RuleInput, make_fact, rule
from storygen.model import ElectionType, FactKind, Incumbency

SHUT_OUT_WARD_SHARE = 50  # per cent of the wards fought
SHUT_OUT_MIN_WARDS = 4  # fewer wards than this is too small a field to say "stood widely"


@rule(FactKind.GAIN)
def gains(data: RuleInput) -> Iterator[Fact]:
    """A gain: a party won a seat it was not defending (seats won minus seats defended).

    Needs the defending party of every seat in the ward; a ward whose defenders are not known
    gives no gain. The fact notes when the ward was on the gaining party's target list; a gain
    that unseated a sitting councillor scores higher.
    """
    targeted = {(t.party, w) for t in data.election.targets for w in t.wards}
    for order, ward in enumerate(data.analysis.wards):
        losers = ward.losses
        for party, seats in sorted(ward.gains.items()):
            winners = [p for p in ward.winners if p.party == party]
            unseated = any(p.incumbent is Incumbency.YES and not p.elected for p in ward.placings)
            yield make_fact(
                gains,
                f"{ward.ward_id.removeprefix('ward/')}/{party}",
                score=85 + min(seats, 5) + (2 if unseated else 0),
                entities={
                    "party": (data.party(party),),
                    "losers": tuple(data.party(p) for p in sorted(losers)),
                    "ward": (data.ward(ward),),
                    "winners": tuple(data.candidate(p) for p in winners),
                },
                figures={"seats": seats, "majority": ward.majority},
                qualifiers={"target": "yes"} if (party, ward.ward_id) in targeted else {},
                sources=[ward.ward_id, *(p.candidate_id for p in ward.placings)],
                group=party,
                claim=f"gain:{ward.ward_id}:{party}",
                order=order,
            )


@rule(FactKind.DEFEATED_INCUMBENT)
def defeated_incumbents(data: RuleInput) -> Iterator[Fact]:
    """A defeated incumbent: a councillor defending a seat stood again and was not elected.

    Only candidates known to be incumbents count; where incumbency is unknown, nothing is said.
    The margin is to the last candidate elected in the ward, who is the one named.
    """
    for order, ward in enumerate(data.analysis.wards):
        if not ward.declared:
            continue
        for placing in ward.placings:
            if placing.incumbent is not Incumbency.YES or placing.elected:
                continue
            winners = ward.winners
            lowest = winners[-1]
            margin = (
                (lowest.votes - placing.votes)
                if lowest.votes is not None and placing.votes is not None
                else None
            )
            # the margin is to the last candidate elected, so that is who the copy names
            yield make_fact(
                defeated_incumbents,
                placing.candidate_id.removeprefix("candidate/"),
                score=75,
                entities={
                    "candidate": (data.candidate(placing),),
                    "party": (data.party(placing.party),),
                    "ward": (data.ward(ward),),
                    "winner": (data.candidate(lowest),),
                    "winner_party": (data.party(lowest.party),),
                },
                figures={"votes": placing.votes, "margin": margin},
                sources=[placing.candidate_id, ward.ward_id, lowest.candidate_id],
                group=placing.party,
                order=order,
            )


@rule(FactKind.SHUT_OUT, thresholds=(SHUT_OUT_WARD_SHARE, SHUT_OUT_MIN_WARDS))
def shut_out(data: RuleInput) -> Iterator[Fact]:
    """A party that stood widely and won nothing: candidates in at least 50 per cent of the wards.

    Only in elections of at least 4 wards; independents are not a party and are left out;
    every ward must have declared.
    """
    analysis = data.analysis
    if not analysis.all_declared or len(analysis.wards) < SHUT_OUT_MIN_WARDS:
        return
    total = len(analysis.wards)
    for order, totals in enumerate(analysis.parties.values()):
        if totals.seats_won or totals.party in ("Ind", "Oth"):
            continue
        if 100 * totals.wards_contested / total < SHUT_OUT_WARD_SHARE:
            continue
        yield make_fact(
            shut_out,
            totals.party,
            score=30 + 10 * totals.wards_contested / total,
            entities={"party": (data.party(totals.party),)},
            figures={"wards_contested": totals.wards_contested, "wards": total},
            qualifiers={"everywhere": "yes"} if totals.wards_contested == total else {},
            sources=[data.election.id],
            group="all",
            order=order,
        )


BY_ELECTION_SCORE = 80  # a by-election's result is its story
RESULT_SCORE = 5  # elsewhere a ward's result is for the results box


@rule(FactKind.WARD_RESULT)
def ward_results(data: RuleInput) -> Iterator[Fact]:
    """A ward's result: every candidate's votes, the majority, and gain or hold.

    For a by-election this is the story; otherwise it fills the results box. Gain or hold only
    where the defending party of every seat is known.
    """
    by_election = data.election.type is ElectionType.BY_ELECTION
    for order, ward in enumerate(data.analysis.wards):
        if not ward.declared:
            continue
        if not ward.contested:
            outcome = "uncontested"
        elif ward.gains:
            outcome = "gain"
        elif ward.defending_known:
            outcome = "hold"
        else:
            outcome = "unknown"
        figures: dict[str, int | float | str | bool | None] = {
            f"votes:{p.candidate_id}": p.votes for p in ward.placings
        }
        figures["majority"] = ward.majority
        figures["seats"] = ward.seats_up
        entities = {
            "ward": (data.ward(ward),),
            "candidates": tuple(data.candidate(p) for p in ward.placings),
            "parties": tuple(data.party(p.party) for p in ward.placings),
            "winners": tuple(data.candidate(p) for p in ward.winners),
            "winner_party": (data.party(ward.winners[0].party),),
            "runner_up": (data.party(ward.runner_up.party),) if ward.runner_up else (),
            "gainers": tuple(data.party(p) for p in sorted(ward.gains)),
            "losers": tuple(data.party(p) for p in sorted(ward.losses)),
        }
        qualifiers = {"outcome": outcome}
        if by_election:
            qualifiers["by_election"] = "yes"
        yield make_fact(
            ward_results,
            ward.ward_id.removeprefix("ward/"),
            score=BY_ELECTION_SCORE if by_election else RESULT_SCORE,
            entities=entities,
            figures=figures,
            qualifiers=qualifiers,
            sources=[ward.ward_id, *(p.candidate_id for p in ward.placings)],
            group=None,
            order=order,
        )
