"""Control rules: the new composition and net change, control, no overall control."""

from __future__ import annotations

from collections.abc import Iterator

from storygen.detect.fact import Fact
from storygen.detect.registry import RuleInput, make_fact, rule
from storygen.model import ElectionType, FactKind

Figures = dict[str, int | float | str | bool | None]


def _composition_sources(data: RuleInput) -> list[str]:
    election = data.election
    sources = []
    if election.composition_before:
        sources.append(election.composition_before.id)
    if election.composition_after:
        sources.append(election.composition_after.id)
    return [*sources, *(w.ward_id for w in data.analysis.wards)]


@rule(FactKind.COMPOSITION)
def composition(data: RuleInput) -> Iterator[Fact]:
    """The council's new composition and each party's net change (seats won minus defended).

    The change is the composition after minus the composition before where both are reported
    (so the copy's totals and changes agree); otherwise the net change from the wards (seats won
    minus defended), which needs every ward declared and every defender known, with the
    composition after computed from the composition before plus that change.
    """
    a = data.analysis
    if a.net_change is None and a.after is None:
        return
    change = a.net_change or {}
    from_compositions = False
    reported = a.after is not None and a.before is not None and not a.after_is_computed
    if reported and a.after is not None and a.before is not None:
        # both compositions reported: their difference is the change the totals agree with;
        # where the wards' own net change disagrees (a defection, a by-election in the year),
        # that party's change is not stated at all
        change = {p: a.after.get(p, 0) - a.before.get(p, 0) for p in {*a.after, *a.before}}
        if a.net_change is not None:
            change = {p: n for p, n in change.items() if a.net_change.get(p, 0) == n}
        from_compositions = True
    # a year's change in a partial election includes what happened between polls
    over_the_year = (
        from_compositions
        and a.net_change is None
        and data.election.type is not ElectionType.ALL_OUT
    )
    after = a.after or {}
    # most seats first (the copy says "ahead of"), then the code; others always last
    codes = sorted(
        (p for p in {*after, *change} if after.get(p) or change.get(p)),
        key=lambda p: (p == "Oth", -after.get(p, 0), p),
    )
    figures: Figures = {}
    for code in codes:
        entity = data.party(code).id
        if code in after:
            figures[f"seats:{entity}"] = after[code]
        if code in change:
            figures[f"change:{entity}"] = change[code]
        if a.before is not None and code in a.before:
            figures[f"before:{entity}"] = a.before[code]
    figures["total_seats"] = a.total_seats
    gainers = [p for p in codes if change.get(p, 0) > 0]
    yield make_fact(
        composition,
        "council",
        score=90,
        entities={
            "council": (data.council(),),
            "parties": tuple(data.party(p) for p in codes),
            "gainers": tuple(data.party(p) for p in gainers),
        },
        figures=figures,
        qualifiers={
            **({"after": "computed"} if a.after_is_computed else {}),
            **({"change": "compositions"} if from_compositions else {}),
            **({"year": "yes"} if over_the_year else {}),
        },
        sources=_composition_sources(data),
    )


def _control_status(before: dict[str, int] | None, kept: bool) -> str:
    if before is None:
        return "unknown"  # no composition before: say who controls, not whether it changed
    return "retained" if kept else "gained"


@rule(FactKind.CONTROL)
def control(data: RuleInput) -> Iterator[Fact]:
    """Control: a party holds more than half of all seats after the election.

    Says whether it kept control or took it (only when the composition before is known), and
    until when (the next scheduled election). A party that kept control with a net gain of
    seats "tightened its grip"; with a net loss it "kept control despite" it.
    """
    a = data.analysis
    party = a.control_after
    if party is None or a.after is None:
        return
    seats = a.after[party]
    until = data.election.next_election
    yield make_fact(
        control,
        party,
        score=95 if a.control_before == party or a.before is None else 100,
        entities={"party": (data.party(party),), "council": (data.council(),)},
        figures={
            "seats": seats,
            "total_seats": a.total_seats,
            "majority_needed": a.majority_needed,
            "until": until.year if until else None,
        },
        qualifiers={"status": _control_status(a.before, a.control_before == party)},
        sources=_composition_sources(data),
    )


@rule(FactKind.NO_OVERALL_CONTROL)
def no_overall_control(data: RuleInput) -> Iterator[Fact]:
    """No overall control: no party holds more than half of all seats; the largest party named.

    Says whether a party lost control in this election, and how far the largest party is short.
    """
    a = data.analysis
    if a.after is None or a.control_after is not None or not a.largest_after:
        return
    if a.majority_needed is None:
        return  # without the council's size, no claim about control
    largest = a.largest_after
    seats = a.after[largest[0]]
    figures: Figures = {
        "seats": seats,
        "total_seats": a.total_seats,
        "majority_needed": a.majority_needed,
        "short_by": a.majority_needed - seats,
    }
    entities = {
        "largest": tuple(data.party(p) for p in largest),
        "council": (data.council(),),
    }
    if a.control_before:
        entities["lost"] = (data.party(a.control_before),)
    yield make_fact(
        no_overall_control,
        "council",
        score=100 if a.control_before else 95,  # a council lost is the bigger story
        entities=entities,
        figures=figures,
        qualifiers={
            "status": "unknown"
            if a.before is None
            else ("lost" if a.control_before else "continues")
        },
        sources=_composition_sources(data),
    )


@rule(FactKind.PROGRESS)
def progress(data: RuleInput) -> Iterator[Fact]:
    """The count so far: how many wards have declared, while some are still to come."""
    a = data.analysis
    if a.declared_wards == len(a.wards) or not a.declared_wards:
        return
    yield make_fact(
        progress,
        "count",
        score=99,
        entities={"council": (data.council(),)},
        figures={"declared": a.declared_wards, "wards": len(a.wards)},
        sources=[w.ward_id for w in a.wards if w.declared],
    )


@rule(FactKind.COMPOSITION)
def net_change_so_far(data: RuleInput) -> Iterator[Fact]:
    """The net change so far (seats won minus defended in the wards declared), mid-count.

    Said as "so far": the undeclared wards can change it.
    """
    a = data.analysis
    if a.net_change_so_far is None:
        return
    change = {p: n for p, n in a.net_change_so_far.items() if n and p != "Oth"}
    codes = sorted(change, key=lambda p: (-change[p], p))
    figures: Figures = {f"change:{data.party(p).id}": change[p] for p in codes}
    yield make_fact(
        net_change_so_far,
        "so-far",
        score=90,
        entities={
            "council": (data.council(),),
            "parties": tuple(data.party(p) for p in codes),
            "gainers": tuple(data.party(p) for p in codes if change[p] > 0),
        },
        figures=figures,
        qualifiers={"partial": "yes"},
        sources=[w.ward_id for w in a.wards if w.declared],
    )


@rule(FactKind.CONTROL)
def control_secured(data: RuleInput) -> Iterator[Fact]:
    """Control secured mid-count, whatever the wards still to declare do.

    A party's continuing seats plus the seats it has won so far are a majority. No claim is
    made before the arithmetic is certain (no "on course").
    """
    a = data.analysis
    if a.secured is None or a.secured_seats is None or a.majority_needed is None:
        return
    party = a.secured
    yield make_fact(
        control_secured,
        f"{party}/secured",
        score=100,
        entities={"party": (data.party(party),), "council": (data.council(),)},
        figures={
            "seats_at_least": a.secured_seats,
            "majority_needed": a.majority_needed,
            "total_seats": a.total_seats,
        },
        qualifiers={"status": "secured"},
        sources=_composition_sources(data),
    )


@rule(FactKind.NO_OVERALL_CONTROL)
def no_majority_possible(data: RuleInput) -> Iterator[Fact]:
    """No overall control certain mid-count: no party can now reach a majority.

    Not even by winning every seat still to declare.
    """
    a = data.analysis
    if not a.no_majority_possible or a.declared_wards == len(a.wards):
        return
    yield make_fact(
        no_majority_possible,
        "certain",
        score=100,
        entities={"council": (data.council(),), "largest": ()},
        figures={"majority_needed": a.majority_needed, "total_seats": a.total_seats},
        qualifiers={"status": "certain"},
        sources=_composition_sources(data),
    )
