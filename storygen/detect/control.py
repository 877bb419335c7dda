"""Control rules: the new composition and net change, control, no overall control."""

from __future__ import annotations

from collections.abc import Iterator

from storygen.detect.fact import Entity, Fact
from storygen.detect.registry import RuleInput, make_fact, rule
from storygen.model import ElectionType, FactKind

Figures = dict[str, int | float | str | bool | None]


def _composition_sources(data: RuleInput) -> list[str]:
    election = data.election
    sources = []
    if election.composition_before:
        sources.append(election.composition_before.id)
    if election.composition_after and data.analysis.after_basis == "reported":
        sources.append(election.composition_after.id)
    return [*sources, *(w.ward_id for w in data.analysis.wards)]


@rule(FactKind.COMPOSITION)
def composition(data: RuleInput) -> Iterator[Fact]:
    """The council's new composition and each party's net change.

    The composition after comes from the day's results (the tally of winners where every seat
    was up; else the composition before minus the seats defended plus the seats won), a reported
    one only where the results cannot give it. The change is against the seats each party
    defended where every defender is known, else against the composition a year earlier
    (said as such); parties a composition lumps into others are compared as others.

    Not for a by-election: its result, held or gained, is the story.
    """
    a = data.analysis
    if data.election.type is ElectionType.BY_ELECTION:
        return
    change = a.change if a.change is not None else a.net_change
    if change is None and a.after is None:
        return
    change = change or {}
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
    figures["total_seats"] = a.total_seats if a.after is not None else None
    figures["before_total"] = a.before_total
    figures["seats_up"] = a.seats_up
    # the biggest net gainer first (the lead is about it), then most seats
    gainers = sorted(
        (p for p in codes if change.get(p, 0) > 0), key=lambda p: (p == "Oth", -change[p])
    )
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
            **({"after": a.after_basis} if a.after_basis else {}),
            **({"change": a.change_basis} if a.change_basis else {}),
            **({"year": "yes"} if a.change_basis == "year" else {}),
            # the seats before: those defended at an all-out poll, else a year earlier's
            "before": "defended" if a.before_basis == "defended" else "year",
        },
        sources=_composition_sources(data),
    )


@rule(FactKind.CONTROL)
def control(data: RuleInput) -> Iterator[Fact]:
    """Control: a party holds more than half of all seats after the election.

    Each composition is judged against its own size; others and independents never control.
    Says whether the party kept control, took it (from whom, or from no overall control) or
    whether that is not known (no composition before, or one whose others could hide a
    majority), and until when (the next scheduled election). From the earlier years'
    compositions: since when the party it took control from had held it, and whether the new
    party controls for the first time the compositions know of.
    """
    a = data.analysis
    party = a.control_after
    if party is None or a.after is None:
        return
    seats = a.after[party]
    until = data.election.next_election
    if a.control_before == party:
        status = "retained"
    elif a.control_before is not None or a.no_control_before:
        status = "gained"
    else:
        status = "unknown"
    entities: dict[str, tuple[Entity, ...]] = {
        "party": (data.party(party),),
        "council": (data.council(),),
    }
    figures: Figures = {
        "seats": seats,
        "total_seats": a.total_seats,
        "majority_needed": a.majority_needed,
        "until": until.year if until else None,
    }
    qualifiers = {"status": status}
    history = a.history
    figures["known_since"] = history.since
    if status == "gained" and a.control_before is not None:
        entities["from"] = (data.party(a.control_before),)
        figures["held_since"] = history.held_since(a.control_before)
    if status == "gained" and history.never_controlled(party):
        qualifiers["first_time"] = "yes"
        figures["first_since"] = history.since
    yield make_fact(
        control,
        party,
        score=100 if status == "gained" else 95,
        entities=entities,
        figures=figures,
        qualifiers=qualifiers,
        sources=[*_composition_sources(data), *_history_sources(data)],
    )


@rule(FactKind.NO_OVERALL_CONTROL)
def no_overall_control(data: RuleInput) -> Iterator[Fact]:
    """No overall control: no party holds more than half of all seats; the largest party named.

    Only where that is certain (others, who may be one local group, hold no more than half).
    Says whether a party lost control in this election, and how far the largest party is short;
    the largest party is not named where the others, who may be one group, have as many seats.
    """
    a = data.analysis
    if a.after is None or a.control_after is not None or not a.no_control_after:
        return
    if a.majority_needed is None:
        return
    largest = a.largest_after
    figures: Figures = {"total_seats": a.total_seats, "majority_needed": a.majority_needed}
    if largest:
        seats = a.after[largest[0]]
        figures.update(seats=seats, short_by=a.majority_needed - seats)
    entities = {
        "largest": tuple(data.party(p) for p in largest),
        "council": (data.council(),),
    }
    if a.control_before:
        entities["lost"] = (data.party(a.control_before),)
        figures["held_since"] = a.history.held_since(a.control_before)
        figures["known_since"] = a.history.since
        status = "lost"
    else:
        status = "continues" if a.no_control_before else "unknown"
    yield make_fact(
        no_overall_control,
        "council",
        score=100 if status == "lost" else 95,  # a council lost is the bigger story
        entities=entities,
        figures=figures,
        qualifiers={"status": status},
        sources=_composition_sources(data),
    )


def _history_sources(data: RuleInput) -> list[str]:
    return [c.id for c in data.election.history]


@rule(FactKind.FIRST_SEATS)
def first_seats(data: RuleInput) -> Iterator[Fact]:
    """A party's first seats: it won seats and held none in any composition of earlier years.

    Said as "for the first time since at least" the earliest year the compositions give;
    others and independents are no party. Where the party stood in a ward whose result cannot
    be read, its seats are the least it won ("at least").
    """
    a = data.analysis
    if a.counting or a.history.since is None:
        return
    unread = data.unread_parties()
    for order, (party, seats) in enumerate(sorted(a.history.first_seats.items())):
        wards = [w for w in a.wards if w.won.get(party)]
        yield make_fact(
            first_seats,
            party,
            score=88,
            entities={
                "party": (data.party(party),),
                "council": (data.council(),),
                "wards": tuple(data.ward(w) for w in wards),
            },
            figures={"seats": seats, "since": a.history.since},
            qualifiers={"at_least": "yes"} if party in unread else {},
            sources=[
                *(w.ward_id for w in wards),
                *_history_sources(data),
                *(
                    [data.election.composition_before.id]
                    if data.election.composition_before
                    else []
                ),
            ],
            group="all",
            order=order,
        )


@rule(FactKind.PROGRESS)
def progress(data: RuleInput) -> Iterator[Fact]:
    """The count so far: how many wards have declared, while some are still to come."""
    a = data.analysis
    if not a.counting or not a.declared_wards:
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
    if not a.counting or a.net_change_so_far is None:
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
    if not a.counting or a.secured is None or a.secured_seats is None:
        return  # a final count with a void ward says nothing it cannot prove
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
    if not a.counting or not a.no_majority_possible:
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
