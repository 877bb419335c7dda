"""Seat rules: gains, defeated incumbents, parties that stood widely and won nothing."""

from __future__ import annotations

from collections.abc import Iterator

from storygen.detect.fact import Entity, Fact
from storygen.detect.registry import RuleInput, make_fact, rule
from storygen.model import ElectionType, FactKind, Incumbency
from storygen.names import same_person

LIST_MAX = 6  # more gains or defeated councillors than this are summed up, not listed
SUMMARY_LOSERS = 3  # a summed-up party's gains name at most this many parties they came from
SHUT_OUT_WARD_SHARE = 50  # per cent of the wards fought
SHUT_OUT_MIN_WARDS = 4  # fewer wards than this is too small a field to say "stood widely"


@rule(FactKind.GAIN)
def gains(data: RuleInput) -> Iterator[Fact]:
    """A gain: a party won a seat it was not defending (seats won minus seats defended).

    Needs the defending party of every seat in the ward; a ward whose defenders are not known
    gives no gain. The losers are named where that is clear: one party gained, or one lost.
    The fact notes when the ward was on the gaining party's target list; a gain that unseated a
    sitting councillor scores higher.
    """
    targeted = {(t.party, w) for t in data.election.targets for w in t.wards}
    for order, ward in enumerate(data.analysis.wards):
        # with several gaining and several losing parties, who took whose seat is not known
        losers = ward.losses if len(ward.gains) == 1 or len(ward.losses) == 1 else {}
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
                figures={"seats": seats, "majority": ward.majority, "ward_seats": ward.seats_up},
                qualifiers={"target": "yes"} if (party, ward.ward_id) in targeted else {},
                sources=[ward.ward_id, *(p.candidate_id for p in ward.placings)],
                group=party,
                claim=f"gain:{ward.ward_id}:{party}",
                order=order,
            )


@rule(FactKind.GAIN, thresholds=(LIST_MAX, SUMMARY_LOSERS))
def gains_summary(data: RuleInput) -> Iterator[Fact]:
    """Gains summed up: a party that gained more than 6 seats, and where most of them came from.

    Seats lost in a ward with a single gaining party count as taken by it, and seats gained in
    a ward with a single losing party as taken from it; the party that lost most of them is
    named with its number (and up to 3 parties in all); where a ward with several gainers and
    losers leaves it unclear, or the party stood in a ward whose result cannot be read, the
    numbers are said as the least taken ("at least"); where it stood in a ward whose defenders
    are not known, or whose result cannot be read, so is its total.
    """
    totals: dict[str, int] = {}
    unread = data.unread_parties()
    floor = unread | {
        p.party
        for w in data.analysis.wards
        if w.declared and not w.defending_known
        for p in w.placings
    }
    taken: dict[str, dict[str, int]] = {}
    unclear: set[str] = set()  # parties with a gain whose loser is not known
    wards: dict[str, list[str]] = {}
    for ward in data.analysis.wards:
        gains = ward.gains
        for party, seats in gains.items():
            totals[party] = totals.get(party, 0) + seats
            wards.setdefault(party, []).append(ward.ward_id)
        losses = ward.losses
        if len(gains) == 1:
            (party,) = gains
            for loser, seats in losses.items():
                taken.setdefault(party, {})[loser] = taken.get(party, {}).get(loser, 0) + seats
        elif len(losses) == 1:
            (loser,) = losses
            for party, seats in gains.items():
                taken.setdefault(party, {})[loser] = taken.get(party, {}).get(loser, 0) + seats
        else:
            for party in gains:
                unclear.add(party)
    for party, seats in sorted(totals.items()):
        if seats <= LIST_MAX:
            continue
        losers = sorted(taken.get(party, {}).items(), key=lambda kv: (-kv[1], kv[0]))
        figures: dict[str, int | float | str | bool | None] = {"seats": seats}
        entities: dict[str, tuple[Entity, ...]] = {"party": (data.party(party),)}
        if losers:
            figures["from_top"] = losers[0][1]
            entities["top_loser"] = (data.party(losers[0][0]),)
            # the others it took seats from, most first: "18 from the Tories, 12 from Labour"
            for rank, (_, taken_seats) in enumerate(losers[1:SUMMARY_LOSERS], start=2):
                figures[f"from_top_{rank}"] = taken_seats
            entities["losers"] = tuple(data.party(p) for p, _ in losers[:SUMMARY_LOSERS])
        yield make_fact(
            gains_summary,
            f"summary/{party}",
            score=87,
            entities=entities,
            figures=figures,
            qualifiers={
                "summary": "yes",
                **({"partial": "yes"} if data.analysis.counting else {}),
                # a ward with several gainers and losers, or one whose result cannot be read
                # where the party stood: the counts are the least taken
                **({"at_least": "yes"} if (party in unclear or party in unread) and losers else {}),
                # a ward the party stood in whose defenders are not known, or whose result
                # cannot be read: the total too is the least it made
                **({"floor": "yes"} if party in floor else {}),
            },
            sources=wards[party],
            group=f"summary:{party}",
        )


@rule(FactKind.DEFEATED_INCUMBENT, thresholds=(LIST_MAX,))
def defeated_summary(data: RuleInput) -> Iterator[Fact]:
    """Defeated councillors summed up: more than 6 sitting councillors lost, and whose they were.

    The party that lost most sitting councillors is named with its number (two level on the
    most both are; more, none). Where a sitting councillor stood in a ward whose result cannot
    be read, or a beaten candidate may be one, the count is the least ("at least").
    """
    by_party: dict[str, int] = {}
    ids: list[str] = []
    unread = any(
        (w.void and any(p.incumbent is Incumbency.YES for p in w.placings))
        # a beaten candidate who may be a sitting councillor (a list's namesake elsewhere)
        or (
            w.declared
            and any(p.incumbent is Incumbency.UNKNOWN and not p.elected for p in w.placings)
        )
        for w in data.analysis.wards
    )
    for ward in data.analysis.wards:
        for placing in ward.placings:
            if ward.declared and placing.incumbent is Incumbency.YES and not placing.elected:
                by_party[placing.party] = by_party.get(placing.party, 0) + 1
                ids.append(placing.candidate_id)
    total = sum(by_party.values())
    if total <= LIST_MAX:
        return
    ranked = sorted(by_party.items(), key=lambda kv: (-kv[1], kv[0]))
    count = ranked[0][1]
    # parties level on the most are named together (two at most; more, and none is)
    tied = [p for p, n in ranked if n == count]
    yield make_fact(
        defeated_summary,
        "summary",
        score=74,
        entities={"top_party": tuple(data.party(p) for p in tied)} if len(tied) <= 2 else {},
        figures={"count": total, "top_count": count},
        qualifiers={
            "summary": "yes",
            **({"partial": "yes"} if data.analysis.counting else {}),
            **({"at_least": "yes"} if unread else {}),
        },
        sources=ids,
        group="summary",
    )


@rule(FactKind.DEFEATED_INCUMBENT)
def defeated_incumbents(data: RuleInput) -> Iterator[Fact]:
    """A defeated incumbent: a councillor defending a seat stood again and was not elected.

    Only candidates known to be incumbents count; where incumbency is unknown, nothing is said.
    In a one-seat ward the winner is named with the margin; with several seats (or an STV count,
    or a tie decided by lot) no one is, as who beat whom is not known. A councillor
    the desk lists among its people with a role other than "councillor" (a council leader)
    scores higher and is named with that role.
    """
    # a role beyond "councillor" (a leader, a cabinet member) makes a defeat notable
    roles = {
        p.name: p.role
        for p in data.election.people
        if p.role and p.role.strip().casefold() != "councillor"
    }
    for order, ward in enumerate(data.analysis.wards):
        if not ward.declared:
            continue
        for placing in ward.placings:
            if placing.incumbent is not Incumbency.YES or placing.elected:
                continue
            winners = ward.winners
            lowest = winners[-1]
            # only in a one-seat ward is the winner the one who beat them, and by how much;
            # with several seats, an STV count or a tie decided by lot, no one is named
            margin = (
                (lowest.votes - placing.votes)
                if lowest.votes is not None
                and placing.votes is not None
                and ward.majority
                and ward.seats_up == 1
                else None
            )
            role = next((r for n, r in roles.items() if same_person(n, placing.name)), None)
            yield make_fact(
                defeated_incumbents,
                placing.candidate_id.removeprefix("candidate/"),
                score=78 if role else 75,
                entities={
                    "candidate": (data.candidate(placing),),
                    "party": (data.party(placing.party),),
                    "ward": (data.ward(ward),),
                    "winner": (data.candidate(lowest),) if margin is not None else (),
                    "winner_party": (data.party(lowest.party),) if margin is not None else (),
                },
                figures={"votes": placing.votes, "margin": margin},
                qualifiers={"role": role} if role else {},
                sources=[placing.candidate_id, ward.ward_id, lowest.candidate_id],
                group=f"role:{placing.candidate_id}" if role else placing.party,
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
    # told most widely standing first (the order of the parties' votes between equals)
    ranked = sorted(analysis.parties.values(), key=lambda t: -t.wards_contested)
    for order, totals in enumerate(ranked):
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
    where the defending party of every seat is known. With the ward's previous contest, the
    Butler swing between its top two parties where both stood both times (and it is not a
    single transferable vote count), on the base the comparison names.
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
        compared = ward.comparison
        if compared is not None and compared.swing is not None and compared.pair is not None:
            a, b = compared.pair
            to_party, from_party = (a, b) if compared.swing > 0 else (b, a)
            figures["swing"] = abs(compared.swing)
            figures["previous_year"] = compared.year
            entities["swing_to"] = (data.party(to_party),)
            entities["swing_from"] = (data.party(from_party),)
            qualifiers["swing_base"] = compared.base
        yield make_fact(
            ward_results,
            ward.ward_id.removeprefix("ward/"),
            score=BY_ELECTION_SCORE if by_election else RESULT_SCORE,
            entities=entities,
            figures=figures,
            qualifiers=qualifiers,
            sources=[
                ward.ward_id,
                *(p.candidate_id for p in ward.placings),
                *(compared.sources if compared is not None else ()),
            ],
            group=None,
            order=order,
        )
