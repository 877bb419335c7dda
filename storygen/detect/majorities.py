"""Majority rules: closest result, biggest majority, majority change, seats held under pressure."""

from __future__ import annotations

import math
from collections.abc import Iterator

from storygen.analyse import WardResult
from storygen.detect.fact import Fact
from storygen.detect.registry import RuleInput, make_fact, rule
from storygen.model import FactKind

PRESSURE_SHARE = 10  # majority under this per cent of the votes
MIN_WARDS = 3  # closest and biggest only among at least this many contested wards
GREW = 2  # new majority more than this many times the old
TREBLED = 3
TENFOLD = 10
SHRANK = 0.5  # new majority less than this fraction of the old


def _contested(data: RuleInput) -> list[WardResult]:
    return [w for w in data.analysis.wards if w.contested and w.majority is not None]


def _outcome(ward: WardResult) -> str:
    if ward.held_by is not None:
        return "held"
    return "gain" if ward.gains else "won"


def _extreme(data: RuleInput, which: str) -> Iterator[Fact]:
    wards = _contested(data)
    if len(wards) < MIN_WARDS or not data.analysis.all_declared:
        return
    pick = min if which == "closest" else max
    value = pick(w.majority or 0 for w in wards)
    ties = [w for w in wards if w.majority == value]
    registered = closest_result if which == "closest" else biggest_majority
    for order, ward in enumerate(ties):
        runner = ward.runner_up
        # the majority is the last seat's: the last elected over the first not elected
        last = ward.winners[-1]
        yield make_fact(
            registered,
            ward.ward_id.removeprefix("ward/"),
            score=(45 if value < 50 else 40) if which == "closest" else 30,
            entities={
                "ward": (data.ward(ward),),
                "party": (data.party(last.party),),
                "runner_up": (data.party(runner.party),) if runner else (),
                "winner": (data.candidate(last),),
                "loser": (data.candidate(runner),) if runner else (),
            },
            figures={"majority": ward.majority, "wards": len(ties), "seats": ward.seats_up},
            qualifiers={
                "outcome": _outcome(ward),
                **({"tie": "yes"} if len(ties) > 1 else {}),
                **({"lot": "yes"} if ward.decided_by_lot else {}),
            },
            sources=[ward.ward_id, *(p.candidate_id for p in ward.placings)],
            group="all",
            order=order,
        )


@rule(FactKind.CLOSEST_RESULT, thresholds=(MIN_WARDS,))
def closest_result(data: RuleInput) -> Iterator[Fact]:
    """The closest result: the smallest majority of any contested ward (ties all named).

    In a ward of several seats the majority is the last seat's, credited to the last candidate
    elected and measured to the first not elected, each named with their party.

    Only once every ward has declared, and among at least 3 contested wards; uncontested wards
    have no majority.
    """
    yield from _extreme(data, "closest")


@rule(FactKind.BIGGEST_MAJORITY, thresholds=(MIN_WARDS,))
def biggest_majority(data: RuleInput) -> Iterator[Fact]:
    """The biggest majority of any contested ward (ties all named).

    In a ward of several seats it is the last seat's majority, credited to the last elected.

    Only once every ward has declared, and among at least 3 contested wards.
    """
    yield from _extreme(data, "biggest")


@rule(FactKind.HELD_UNDER_PRESSURE, thresholds=(PRESSURE_SHARE,))
def held_under_pressure(data: RuleInput) -> Iterator[Fact]:
    """Held under pressure: the defender held a ward its runner-up had targeted.

    Thresholds: majority under 10 per cent of the votes cast in the ward, and the runner-up party
    made a net gain of seats across the council (its pressure was real elsewhere).
    """
    a = data.analysis
    change = a.net_change or {}
    targeted = {(t.party, w) for t in data.election.targets for w in t.wards}
    for order, ward in enumerate(a.wards):
        holder, runner = ward.held_by, ward.runner_up
        if holder is None or runner is None or ward.majority_share is None:
            continue
        if (runner.party, ward.ward_id) not in targeted or change.get(runner.party, 0) <= 0:
            continue
        if ward.majority_share >= PRESSURE_SHARE:
            continue
        winner = ward.winners[0]
        qualifiers = {"pressure": "intense"}
        if change.get(holder, 0) < 0:
            qualifiers["consolation"] = "yes"
        yield make_fact(
            held_under_pressure,
            ward.ward_id.removeprefix("ward/"),
            score=70,
            entities={
                "party": (data.party(holder),),
                "challenger": (data.party(runner.party),),
                "ward": (data.ward(ward),),
                "winner": (data.candidate(winner),),
            },
            figures={"majority": ward.majority},
            qualifiers=qualifiers,
            sources=[ward.ward_id, winner.candidate_id, runner.candidate_id],
            group=f"{holder}:{runner.party}",
            claim=f"held:{ward.ward_id}:{holder}:{runner.party}",
            order=order,
        )


@rule(FactKind.MAJORITY_CHANGE, thresholds=(GREW, SHRANK, TREBLED, TENFOLD))
def majority_change(data: RuleInput) -> Iterator[Fact]:
    """A majority that changed sharply since the same seats were last fought, by the same party.

    Thresholds: "more than doubled" when the new majority is more than 2 times the old, "more
    than trebled" above 3 times, "more than tenfold" above 10 times; "fell by more than half"
    when below 0.5 of the old. Needs the
    previous majority as a figure: a majority known only roughly gives nothing, and a tie
    (majority 0) gives no ratio. One seat both times: a majority of an all-out contest is its
    last seat's, not comparable.
    """
    for order, ward in enumerate(data.analysis.wards):
        prev = ward.previous
        if prev is None or not prev.majority or not ward.majority:
            continue  # no figure, or a tie decided by lot: no ratio to speak of
        party = ward.winner_party
        if party is None or prev.winner != party or ward.seats_up != 1:
            continue
        if prev.seats not in (None, 1):
            continue  # a seat of an all-out contest then: its majority was the last seat's
        ratio = ward.majority / prev.majority
        if ratio > TENFOLD:
            change = "more_than_tenfold"
        elif ratio > TREBLED:
            change = "more_than_trebled"
        elif ratio > GREW:
            change = "more_than_doubled"
        elif ratio < SHRANK:
            change = "more_than_halved"
        else:
            continue
        winner = ward.winners[0]
        yield make_fact(
            majority_change,
            ward.ward_id.removeprefix("ward/"),
            score=45 + min(15, 5 * abs(math.log(ratio))),
            entities={
                "party": (data.party(party),),
                "ward": (data.ward(ward),),
                "winner": (data.candidate(winner),),
            },
            figures={
                "majority": ward.majority,
                "previous_majority": prev.majority,
                "previous_year": prev.year,
            },
            qualifiers={
                "change": change,
                "direction": "up" if ratio > 1 else "down",
                **({"incumbent": "yes"} if winner.incumbent.value == "yes" else {}),
            },
            sources=[ward.ward_id, winner.candidate_id, prev.id],
            group=f"{party}:{change}",
            order=order,
        )
