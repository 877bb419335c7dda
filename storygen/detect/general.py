"""General-election rules: each constituency's result, and the UK's, nations' and regions' count.

Constituency stories: hold or gain (against the baseline, "on notional figures" where it is
notional), the sitting MP defeated, the majority and its change, shares and their change, the
swing between the top two, turnout and its change, a former MP returning, the Speaker's seat,
the closest and biggest majorities of the night, and the PA-style results line. UK, nation and
region stories: the seats won and their net change, an overall majority or a hung parliament
(UK only, and only once the arithmetic is certain), gains by party, shares and their change,
the swing between the two leading parties, the biggest swings, sitting MPs defeated, the
closest and biggest majorities, turnout, and a results line per party.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from storygen.analyse.general import NOT_PARTIES, GeneralAnalysis, SeatResult
from storygen.detect.fact import Entity, Fact
from storygen.detect.registry import Rule, RuleInput, make_fact, rule
from storygen.model import FactKind, GeneralScope

Figures = dict[str, int | float | str | bool | None]

NARROW_SHARE = 1  # a majority under this per cent of the valid votes is won "narrowly"
SHARE_MIN = 5  # per cent: parties below this are not named in a seat's shares
SHARE_PARTIES = 3  # at most this many parties in a seat's share sentence
NATIONAL_PARTIES = 4  # at most this many parties in a national share sentence
NATIONAL_SHARE_MIN = 2  # per cent of all valid votes: smaller parties are not named
SWINGS_LISTED = 3  # the biggest swings named in a UK, nation or region story
DEFEATS_NAMED = 3  # sitting MPs named among the defeated: those with the biggest majorities
GREW = 2  # a majority more than this many times the previous one "more than doubled"
SHRANK = 0.5  # below this fraction of the previous one it "fell by more than half"


def whole(value: float) -> int:
    """The size of a change in whole points, half-way values up (as the copy rounds them)."""
    return int(Decimal(str(abs(value))).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _signed(value: float) -> int:
    """A change in whole points with its sign (the copy says "up" or "down")."""
    return whole(value) if value >= 0 else -whole(value)


def _ge(data: RuleInput) -> GeneralAnalysis | None:
    return data.general


def _seat_entity(data: RuleInput, seat: SeatResult) -> Entity:
    return Entity(id=seat.ward.ward_id, type="constituency", name=seat.ward.name)


def _the_seat(data: RuleInput) -> SeatResult | None:
    """A constituency story's one seat, once it has declared."""
    ge = _ge(data)
    if ge is None or ge.scope is not GeneralScope.CONSTITUENCY or not ge.seats:
        return None
    seat = ge.seats[0]
    return seat if seat.declared else None


def _key(seat: SeatResult) -> str:
    return seat.ward.ward_id.removeprefix("constituency/")


def _baseline(ge: GeneralAnalysis) -> Figures:
    return {"previous_year": ge.baseline_year}


def _base_qualifiers(ge: GeneralAnalysis) -> dict[str, str]:
    return {"scope": ge.scope.value, **({"notional": "yes"} if ge.notional else {})}


def _seat_sources(seat: SeatResult) -> list[str]:
    ids = [seat.ward.ward_id, *(p.candidate_id for p in seat.ward.placings)]
    if seat.previous is not None:
        ids.append(seat.previous.id)
    return ids


def _narrow(seat: SeatResult) -> dict[str, str]:
    share = seat.ward.majority_share
    return {"narrow": "yes"} if share is not None and share < NARROW_SHARE else {}


def _result_fact(registered: Rule, data: RuleInput, seat: SeatResult) -> Fact:
    ge = _ge(data)
    assert ge is not None and seat.winner is not None
    winner, runner = seat.winner, seat.runner_up
    entities: dict[str, tuple[Entity, ...]] = {
        "constituency": (_seat_entity(data, seat),),
        "winner": (data.candidate(winner),),
        "party": (data.party(winner.party),),
        "runner_up": (data.party(runner.party),) if runner else (),
        "runner_up_candidate": (data.candidate(runner),) if runner else (),
        "losers": (data.party(seat.previous_winner),)
        if seat.outcome == "gain" and seat.previous_winner
        else (),
    }
    figures: Figures = {
        "majority": seat.ward.majority,
        "votes": winner.votes,
        "previous_majority": seat.previous_majority if seat.outcome == "gain" else None,
        **_baseline(ge),
    }
    return make_fact(
        registered,
        _key(seat),
        score=100,
        entities=entities,
        figures=figures,
        qualifiers={
            "outcome": seat.outcome,
            **_base_qualifiers(ge),
            **_narrow(seat),
            **({"incumbent": "yes"} if winner.incumbent.value == "yes" else {}),
            **({"independent": "yes"} if winner.party == "Ind" else {}),
        },
        sources=_seat_sources(seat),
    )


@rule(FactKind.GAIN, general=True)
def seat_gain(data: RuleInput) -> Iterator[Fact]:
    """A gain: the winner's party did not win the seat last time on the same boundaries.

    Against the previous election on the same boundaries, on notional figures where the
    boundaries are new.
    The overturned majority is given where the previous result is known.
    """
    seat = _the_seat(data)
    if seat is not None and seat.outcome == "gain":
        yield _result_fact(seat_gain, data, seat)


@rule(FactKind.HOLD, thresholds=(NARROW_SHARE,), general=True)
def seat_hold(data: RuleInput) -> Iterator[Fact]:
    """A hold: the winner's party also won the seat last time on the same boundaries.

    Against the previous election on the same boundaries, on notional figures where the
    boundaries are new.
    A majority under 1 per cent of the valid votes is held "narrowly".
    """
    seat = _the_seat(data)
    if seat is not None and seat.outcome == "hold":
        yield _result_fact(seat_hold, data, seat)


@rule(FactKind.WARD_RESULT, general=True)
def seat_won(data: RuleInput) -> Iterator[Fact]:
    """A seat won where there is no previous election on the same boundaries: no hold or gain."""
    seat = _the_seat(data)
    if seat is not None and seat.outcome == "won":
        yield _result_fact(seat_won, data, seat)


@rule(FactKind.DEFEATED_INCUMBENT, general=True)
def defeated_mp(data: RuleInput) -> Iterator[Fact]:
    """A sitting MP who stood in this constituency and lost, and who beat them.

    The margin is given only when the sitting MP came second (it is then the majority).
    """
    seat = _the_seat(data)
    if seat is None or seat.winner is None:
        return
    winner = seat.winner
    for order, mp in enumerate(seat.defeated_mps):
        second = seat.runner_up is not None and seat.runner_up.candidate_id == mp.candidate_id
        yield make_fact(
            defeated_mp,
            mp.candidate_id.removeprefix("candidate/"),
            score=92,
            entities={
                "candidate": (data.candidate(mp),),
                "party": (data.party(mp.party),),
                "constituency": (_seat_entity(data, seat),),
                "winner": (data.candidate(winner),),
                "winner_party": (data.party(winner.party),),
            },
            figures={"votes": mp.votes, "margin": seat.ward.majority if second else None},
            qualifiers={"second": "yes"} if second else {},
            sources=[mp.candidate_id, seat.ward.ward_id, winner.candidate_id],
            group="seat",
            order=order,
        )


@rule(FactKind.MAJORITY_CHANGE, thresholds=(GREW, SHRANK), general=True)
def seat_majority_change(data: RuleInput) -> Iterator[Fact]:
    """A held seat's majority against its majority at the previous election.

    Thresholds: "more than doubled" when the new majority is more than 2 times the old; "fell
    by more than half" below 0.5 of it. Said "notional" where the previous result is.
    """
    seat = _the_seat(data)
    ge = _ge(data)
    if seat is None or ge is None or seat.outcome != "hold":
        return
    now, before = seat.ward.majority, seat.previous_majority
    if not now or not before or now == before:
        return
    ratio = now / before
    change = "more_than_doubled" if ratio > GREW else "more_than_halved" if ratio < SHRANK else ""
    yield make_fact(
        seat_majority_change,
        _key(seat),
        score=60 + min(10, 3 * abs(math.log(ratio))),
        entities={
            "constituency": (_seat_entity(data, seat),),
            "party": (data.party(seat.winner_party or ""),),
            "winner": (data.candidate(seat.winner),) if seat.winner else (),
        },
        figures={"majority": now, "previous_majority": before, **_baseline(ge)},
        qualifiers={
            "direction": "up" if now > before else "down",
            **({"person": "yes"} if seat.winner_party in NOT_PARTIES else {}),
            **({"change": change} if change else {}),
            **_base_qualifiers(ge),
        },
        sources=_seat_sources(seat),
    )


@rule(FactKind.VOTE_SHARE, thresholds=(SHARE_MIN, SHARE_PARTIES), general=True)
def seat_shares(data: RuleInput) -> Iterator[Fact]:
    """The leading parties' shares of the seat's valid votes, and their change in points.

    Parties with at least 5 per cent, at most 3 of them, most votes first; independents and the
    Speaker each on their own, by name. A change only for a party that stood at the previous
    election (a renamed party counts as the one it became); a party that did not is said not to
    have stood then.
    """
    seat = _the_seat(data)
    ge = _ge(data)
    if seat is None or ge is None or len(seat.ward.placings) < 2:
        return
    entries: list[tuple[Entity, float, str | None]] = []  # who, share, party (None: a person)
    for party, share in seat.shares.items():
        if party not in NOT_PARTIES:
            entries.append((data.party(party), share, party))
    for placing in seat.ward.placings:
        if placing.party in NOT_PARTIES and placing.share is not None:
            entries.append((data.candidate(placing), placing.share, None))
    entries.sort(key=lambda e: (-e[1], e[0].id))
    chosen = [e for e in entries if e[1] >= SHARE_MIN][:SHARE_PARTIES]
    if len(chosen) < 2:
        return
    figures: Figures = {**_baseline(ge)}
    # a decimal where it decides the order (whole numbers tie, one decimal does not)
    whole_tie = len({whole(share) for _, share, _ in chosen}) < len(chosen)
    tenths = {
        int(Decimal(str(share * 10)).quantize(Decimal(1), ROUND_HALF_UP)) for _, share, _ in chosen
    }
    ties = whole_tie and len(tenths) == len(chosen)
    for entity, share, code in chosen:
        figures[f"share:{entity.id}"] = share
        change = seat.share_changes.get(code) if code else None
        if change is not None:
            figures[f"share_change:{entity.id}"] = change
            figures[f"change_points:{entity.id}"] = _signed(change)
        elif code is not None and seat.previous is not None:
            figures[f"new:{entity.id}"] = True
    yield make_fact(
        seat_shares,
        _key(seat),
        score=50,
        entities={
            "constituency": (_seat_entity(data, seat),),
            "parties": tuple(e for e, _, _ in chosen),
        },
        figures=figures,
        qualifiers={**_base_qualifiers(ge), **({"decimals": "yes"} if ties else {})},
        sources=_seat_sources(seat),
    )


@rule(FactKind.SWING, general=True)
def seat_swing(data: RuleInput) -> Iterator[Fact]:
    """The Butler swing between the seat's top two parties.

    From the runner-up's party to the winner's (or the other way when it is negative).
    Only where both parties stood at the previous election, and only when it rounds to at
    least one whole point.
    """
    seat = _the_seat(data)
    ge = _ge(data)
    if seat is None or ge is None or seat.swing is None or seat.runner_up is None:
        return
    if whole(seat.swing) < 1 or seat.winner is None:
        return
    a, b = seat.winner.party, seat.runner_up.party
    to_party, from_party = (a, b) if seat.swing > 0 else (b, a)
    yield make_fact(
        seat_swing,
        _key(seat),
        score=45,
        entities={
            "constituency": (_seat_entity(data, seat),),
            "to_party": (data.party(to_party),),
            "from_party": (data.party(from_party),),
        },
        figures={"swing": abs(seat.swing), "swing_points": whole(seat.swing), **_baseline(ge)},
        qualifiers={"towards": "winner" if seat.swing > 0 else "runner_up", **_base_qualifiers(ge)},
        sources=_seat_sources(seat),
    )


@rule(FactKind.TURNOUT, general=True)
def seat_turnout(data: RuleInput) -> Iterator[Fact]:
    """The seat's turnout (valid plus rejected ballots over the electorate) and its change.

    A change only against a declared result on the same boundaries: a notional result has none.
    """
    seat = _the_seat(data)
    ge = _ge(data)
    if seat is None or ge is None or seat.turnout is None:
        return
    previous = seat.previous_turnout
    figures: Figures = {"turnout": seat.turnout, "previous_turnout": previous, **_baseline(ge)}
    qualifiers = _base_qualifiers(ge)
    if previous is not None:
        diff = whole(seat.turnout) - whole(previous)
        qualifiers["direction"] = "up" if diff > 0 else "down" if diff < 0 else "same"
    yield make_fact(
        seat_turnout,
        _key(seat),
        score=35,
        entities={"constituency": (_seat_entity(data, seat),)},
        figures=figures,
        qualifiers=qualifiers,
        sources=[seat.ward.ward_id, *([seat.previous.id] if seat.previous else [])],
    )


@rule(FactKind.RETURNING_MEMBER, general=True)
def returning_member(data: RuleInput) -> Iterator[Fact]:
    """A former MP, not sitting in the last Parliament, elected again."""
    seat = _the_seat(data)
    if seat is None or seat.winner is None:
        return
    candidate = data.election.wards[0].candidates
    winner = next(c for c in candidate if c.id == seat.winner.candidate_id)
    if not winner.former_member:
        return
    yield make_fact(
        returning_member,
        _key(seat),
        score=70,
        entities={
            "candidate": (data.candidate(seat.winner),),
            "party": (data.party(seat.winner.party),),
            "constituency": (_seat_entity(data, seat),),
        },
        figures={},
        sources=[seat.winner.candidate_id],
    )


@rule(FactKind.SPEAKER_SEAT, general=True)
def speaker_seat(data: RuleInput) -> Iterator[Fact]:
    """The Speaker's seat: the Speaker re-elected, or a retired Speaker's seat won by a party.

    A sitting MP elected as the Speaker is "re-elected"; a Speaker not sitting before, elected.
    """
    seat = _the_seat(data)
    if seat is None or seat.winner is None:
        return
    if seat.winner_party == "Spk":
        status = "re-elected" if seat.winner.incumbent.value == "yes" else "elected"
    elif seat.previous_winner == "Spk":
        status = "former"
    else:
        return
    yield make_fact(
        speaker_seat,
        _key(seat),
        score=95,
        entities={
            "constituency": (_seat_entity(data, seat),),
            "winner": (data.candidate(seat.winner),),
            "party": (data.party(seat.winner.party),),
            "speaker": (data.party("Spk"),),
            "losers": (data.party(seat.previous_winner),)
            if seat.outcome == "gain" and seat.previous_winner
            else (),
        },
        figures={"majority": seat.ward.majority, "previous_year": info_year(data)},
        qualifiers={"status": status, "outcome": seat.outcome},
        sources=_seat_sources(seat),
    )


def info_year(data: RuleInput) -> int | None:
    """The baseline's year, when there is one."""
    info = data.election.general
    return info.baseline_year if info else None


def _night(data: RuleInput, which: str) -> Iterator[Fact]:
    seat = _the_seat(data)
    info = data.election.general
    if seat is None or info is None or info.night is None or seat.winner is None:
        return
    rank = info.night
    if not (rank.closest if which == "closest" else rank.biggest):
        return
    registered = seat_closest if which == "closest" else seat_biggest
    yield make_fact(
        registered,
        _key(seat),
        score=80 if which == "closest" else 40,
        entities={
            "constituency": (_seat_entity(data, seat),),
            "party": (data.party(seat.winner.party),),
        },
        figures={"majority": seat.ward.majority, "tied_with": rank.ties - 1},
        qualifiers={
            **({"tie": "yes"} if rank.ties > 1 else {}),
            **(_base_qualifiers(data.general) if data.general else {}),
        },
        sources=[seat.ward.ward_id],
    )


@rule(FactKind.CLOSEST_RESULT, general=True)
def seat_closest(data: RuleInput) -> Iterator[Fact]:
    """The smallest majority of any seat of the night, once every seat has declared."""
    yield from _night(data, "closest")


@rule(FactKind.BIGGEST_MAJORITY, general=True)
def seat_biggest(data: RuleInput) -> Iterator[Fact]:
    """The biggest majority of any seat of the night, once every seat has declared."""
    yield from _night(data, "biggest")


@rule(FactKind.WARD_RESULT, general=True)
def seat_box(data: RuleInput) -> Iterator[Fact]:
    """The seat's results line, as the Press Association writes it.

    Every candidate's votes, hold or gain, majority, electorate, turnout and swing.
    """
    seat = _the_seat(data)
    ge = _ge(data)
    if seat is None or ge is None or seat.winner is None:
        return
    ward = data.election.wards[0]
    figures: Figures = {f"votes:{p.candidate_id}": p.votes for p in seat.ward.placings}
    figures |= {
        "majority": seat.ward.majority,
        "electorate": ward.electorate,
        "turnout": seat.turnout,
        "swing": abs(seat.swing) if seat.swing is not None else None,
        "swing_points": whole(seat.swing) if seat.swing is not None else None,
    }
    a = seat.winner.party
    b = seat.runner_up.party if seat.runner_up else None
    swing_to, swing_from = (a, b) if (seat.swing or 0) > 0 else (b, a)
    yield make_fact(
        seat_box,
        f"box/{_key(seat)}",
        score=5,
        entities={
            "constituency": (_seat_entity(data, seat),),
            "candidates": tuple(data.candidate(p) for p in seat.ward.placings),
            "parties": tuple(data.party(p.party) for p in seat.ward.placings),
            "winner_party": (data.party(a),),
            "losers": (data.party(seat.previous_winner),)
            if seat.outcome == "gain" and seat.previous_winner
            else (),
            "swing_to": (data.party(swing_to),) if seat.swing is not None and swing_to else (),
            "swing_from": (data.party(swing_from),)
            if seat.swing is not None and swing_from
            else (),
        },
        figures=figures,
        qualifiers={"outcome": seat.outcome, **_base_qualifiers(ge)},
        sources=_seat_sources(seat),
    )


# -- the UK, nations and regions -------------------------------------------------------------


def _area(data: RuleInput) -> GeneralAnalysis | None:
    ge = _ge(data)
    return ge if ge is not None and ge.scope is not GeneralScope.CONSTITUENCY else None


def _scope_entity(data: RuleInput) -> Entity:
    return data.council()


def _declared_ids(ge: GeneralAnalysis) -> tuple[str, ...]:
    return ge.declared_ids


def _partial(ge: GeneralAnalysis) -> dict[str, str]:
    return {} if ge.tally.complete else {"partial": "yes"}


@rule(FactKind.PROGRESS, general=True)
def count_progress(data: RuleInput) -> Iterator[Fact]:
    """The count so far: how many seats have declared, while some are still to come."""
    ge = _area(data)
    if ge is None or ge.tally.complete or not ge.tally.declared:
        return
    yield make_fact(
        count_progress,
        "count",
        score=99,
        entities={"area": (_scope_entity(data),)},
        figures={"declared": ge.tally.declared, "total_seats": ge.tally.seats},
        qualifiers=_base_qualifiers(ge),
        sources=_declared_ids(ge),
    )


def _party_order(ge: GeneralAnalysis) -> list[str]:
    tally = ge.tally
    change = tally.change or {}
    parties = {p for p, n in tally.won.items() if n} | {p for p, n in change.items() if n}
    return sorted(parties, key=lambda p: (-tally.won.get(p, 0), change.get(p, 0), p))


@rule(FactKind.COMPOSITION, general=True)
def seats_won(data: RuleInput) -> Iterator[Fact]:
    """Seats won by each party, and each party's net change over the seats declared.

    The change is against the previous election on the same boundaries (notional where they
    are new): seats won minus seats its candidates won there last time.
    """
    ge = _area(data)
    if ge is None or not ge.tally.declared:
        return
    tally = ge.tally
    codes = _party_order(ge)
    figures: Figures = {"total_seats": tally.seats, "declared": tally.declared, **_baseline(ge)}
    for code in codes:
        entity = data.party(code).id
        figures[f"seats:{entity}"] = tally.won.get(code, 0)
        if tally.change is not None:
            figures[f"change:{entity}"] = tally.change.get(code, 0)
    change = tally.change or {}
    yield make_fact(
        seats_won,
        "seats",
        score=90,
        entities={
            "area": (_scope_entity(data),),
            "parties": tuple(data.party(p) for p in codes),
            "largest": tuple(data.party(p) for p in tally.largest),
            "gainers": tuple(
                data.party(p)
                for p in sorted(codes, key=lambda p: -change.get(p, 0))
                if change.get(p, 0) > 0
            ),
            "losers": tuple(
                data.party(p)
                for p in sorted(codes, key=lambda p: change.get(p, 0))
                if change.get(p, 0) < 0
            ),
        },
        figures=figures,
        qualifiers={
            **_partial(ge),
            **_base_qualifiers(ge),
            **({"baseline": "none"} if tally.change is None else {}),
        },
        sources=[
            *(["composition/before"] if data.election.composition_before else []),
            *_declared_ids(ge),
        ],
    )


@rule(FactKind.CONTROL, general=True)
def commons_majority(data: RuleInput) -> Iterator[Fact]:
    """An overall majority: a party has won more than half of all seats in the Commons.

    Certain whatever the seats still to declare do.
    Its size (its seats minus all other seats, the Speaker's among them) only once every seat
    has declared; mid-count it is "secured" with the declaration that makes it certain.
    """
    ge = _area(data)
    if ge is None or ge.house is None or ge.house.majority_party is None:
        return
    house, party = ge.house, ge.house.majority_party
    yield make_fact(
        commons_majority,
        party,
        score=100,
        entities={"party": (data.party(party),), "area": (_scope_entity(data),)},
        figures={
            "seats": ge.tally.won[party],
            "majority": house.majority,
            "majority_needed": house.needed,
            "total_seats": house.seats,
            "change": (ge.tally.change or {}).get(party) if ge.tally.change else None,
            **_baseline(ge),
        },
        qualifiers={
            "status": "final" if house.majority is not None else "secured",
            **_base_qualifiers(ge),
        },
        sources=_declared_ids(ge),
    )


@rule(FactKind.NO_OVERALL_CONTROL, general=True)
def hung_parliament(data: RuleInput) -> Iterator[Fact]:
    """A hung parliament: no party has more than half of all seats in the Commons.

    The largest party is named with how far short it is. Mid-count only once no party can
    reach a majority even by winning every seat still to declare.
    """
    ge = _area(data)
    if ge is None or ge.house is None or ge.house.majority_party is not None:
        return
    tally, house = ge.tally, ge.house
    if not (tally.complete or house.hung):
        return
    largest = tally.largest
    seats = tally.won.get(largest[0], 0) if largest else 0
    yield make_fact(
        hung_parliament,
        "house",
        score=100,
        entities={
            "largest": tuple(data.party(p) for p in largest),
            "area": (_scope_entity(data),),
        },
        figures={
            "seats": seats,
            "short_by": house.needed - seats if tally.complete else None,
            "majority_needed": house.needed,
            "total_seats": house.seats,
        },
        qualifiers={"status": "final" if tally.complete else "certain", **_base_qualifiers(ge)},
        sources=_declared_ids(ge),
    )


@rule(FactKind.GAIN, general=True)
def party_gains(data: RuleInput) -> Iterator[Fact]:
    """A party's gains: seats it won that another party won last time, and from whom.

    Against the previous election on the same boundaries (on notional figures where the
    boundaries are new); the two parties it took most seats from are named.
    """
    ge = _area(data)
    if ge is None:
        return
    gains = ge.tally.gains
    ranked = sorted(gains, key=lambda p: (-sum(gains[p].values()), p))
    for order, party in enumerate(ranked):
        taken = sorted(gains[party].items(), key=lambda kv: (-kv[1], kv[0]))
        figures: Figures = {"seats": sum(n for _, n in taken), **_baseline(ge)}
        for loser, n in taken[:2]:
            figures[f"seats_from:{data.party(loser).id}"] = n
        yield make_fact(
            party_gains,
            party,
            score=85 - order,
            entities={
                "party": (data.party(party),),
                "losers": tuple(data.party(loser) for loser, _ in taken[:2]),
            },
            figures=figures,
            qualifiers={**_partial(ge), **_base_qualifiers(ge)},
            sources=[s.ward.ward_id for s in ge.seats if s.outcome == "gain"],
            group="all",
            order=order,
        )


@rule(FactKind.VOTE_SHARE, thresholds=(NATIONAL_SHARE_MIN, NATIONAL_PARTIES), general=True)
def area_shares(data: RuleInput) -> Iterator[Fact]:
    """Each leading party's share of all valid votes, and its change in points.

    Once every seat has declared; parties with at least 2 per cent, at most 4 of them (not
    independents or the Speaker, who are not one party).
    """
    ge = _area(data)
    if ge is None or not ge.tally.complete or not ge.tally.shares:
        return
    tally = ge.tally
    ranked = sorted(tally.shares.items(), key=lambda kv: (-kv[1], kv[0]))
    chosen = [p for p, s in ranked if s >= NATIONAL_SHARE_MIN and p not in ("Ind", "Spk")]
    chosen = chosen[:NATIONAL_PARTIES]
    figures: Figures = {**_baseline(ge)}
    for party in chosen:
        entity = data.party(party).id
        figures[f"share:{entity}"] = tally.shares[party]
        if party in tally.share_changes:
            figures[f"share_change:{entity}"] = tally.share_changes[party]
            figures[f"change_points:{entity}"] = _signed(tally.share_changes[party])
    yield make_fact(
        area_shares,
        "shares",
        score=60,
        entities={"area": (_scope_entity(data),), "parties": tuple(data.party(p) for p in chosen)},
        figures=figures,
        qualifiers=_base_qualifiers(ge),
        sources=_declared_ids(ge),
    )


@rule(FactKind.SWING, general=True)
def area_swing(data: RuleInput) -> Iterator[Fact]:
    """The Butler swing between the two parties with most votes, once every seat has declared.

    Only where both stood at the previous election, and only when it rounds to at least one
    whole point.
    """
    ge = _area(data)
    if ge is None or ge.tally.swing is None:
        return
    swing = ge.tally.swing
    if whole(swing.points) < 1:
        return
    to_party, from_party = swing.to_party, swing.from_party
    if swing.points < 0:
        to_party, from_party = from_party, to_party
    yield make_fact(
        area_swing,
        "area",
        score=59,
        entities={
            "area": (_scope_entity(data),),
            "to_party": (data.party(to_party),),
            "from_party": (data.party(from_party),),
        },
        figures={
            "swing": abs(swing.points),
            "swing_points": whole(swing.points),
            **_baseline(ge),
        },
        qualifiers=_base_qualifiers(ge),
        sources=_declared_ids(ge),
    )


@rule(FactKind.SWING, thresholds=(SWINGS_LISTED,), general=True)
def biggest_swings(data: RuleInput) -> Iterator[Fact]:
    """The biggest swings to a seat's winner from its runner-up: the top 3 seats.

    Once every seat has declared.
    """
    ge = _area(data)
    if ge is None or not ge.tally.complete:
        return
    swung = [s for s in ge.seats if s.swing is not None and s.swing > 0 and s.runner_up]
    swung.sort(key=lambda s: (-(s.swing or 0), s.ward.name))
    for order, seat in enumerate(swung[:SWINGS_LISTED]):
        assert seat.winner is not None and seat.runner_up is not None
        yield make_fact(
            biggest_swings,
            f"seat/{_key(seat)}",
            score=40,
            entities={
                "constituency": (_seat_entity(data, seat),),
                "to_party": (data.party(seat.winner.party),),
                "from_party": (data.party(seat.runner_up.party),),
            },
            figures={"swing": seat.swing, "swing_points": whole(seat.swing or 0)},
            qualifiers={"biggest": "yes", **_base_qualifiers(ge)},
            sources=_seat_sources(seat),
            group="biggest",
            order=order,
        )


@rule(FactKind.DEFEATED_INCUMBENT, thresholds=(DEFEATS_NAMED,), general=True)
def defeated_mps(data: RuleInput) -> Iterator[Fact]:
    """Sitting MPs defeated: how many, and how many from the party that lost most.

    Names the 3 whose seats had the biggest majorities at the previous election (the upsets).
    """
    ge = _area(data)
    if ge is None:
        return
    lost = [(s, mp) for s in ge.seats for mp in s.defeated_mps]
    if not lost:
        return
    by_party: dict[str, int] = {}
    for _, mp in lost:
        by_party[mp.party] = by_party.get(mp.party, 0) + 1
    top, top_count = sorted(by_party.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    named = sorted(
        (pair for pair in lost if pair[0].previous_majority and pair[0].outcome == "gain"),
        key=lambda pair: (-(pair[0].previous_majority or 0), pair[1].name),
    )[:DEFEATS_NAMED]
    figures: Figures = {"count": len(lost), "top_count": top_count, **_baseline(ge)}
    for seat, mp in named:
        figures[f"previous_majority:{mp.candidate_id}"] = seat.previous_majority
    yield make_fact(
        defeated_mps,
        "summary",
        score=74,
        entities={
            "top_party": (data.party(top),),
            "candidates": tuple(data.candidate(mp) for _, mp in named),
            "parties": tuple(data.party(mp.party) for _, mp in named),
            "constituencies": tuple(_seat_entity(data, s) for s, _ in named),
            "winner_parties": tuple(data.party(s.winner_party or "") for s, _ in named),
            "previous_parties": tuple(data.party(s.previous_winner or "") for s, _ in named),
        },
        figures=figures,
        qualifiers={"summary": "yes", **_partial(ge), **_base_qualifiers(ge)},
        sources=[mp.candidate_id for _, mp in lost],
    )


def _area_extreme(data: RuleInput, which: str) -> Iterator[Fact]:
    ge = _area(data)
    if ge is None or not ge.tally.complete:
        return
    seats = [s for s in ge.seats if s.ward.majority is not None and s.winner]
    if len(seats) < 2:
        return
    pick = min if which == "closest" else max
    value = pick(s.ward.majority or 0 for s in seats)
    tied = [s for s in seats if s.ward.majority == value]
    registered = area_closest if which == "closest" else area_biggest
    for order, seat in enumerate(tied):
        assert seat.winner is not None
        yield make_fact(
            registered,
            _key(seat),
            score=45 if which == "closest" else 30,
            entities={
                "constituency": (_seat_entity(data, seat),),
                "party": (data.party(seat.winner.party),),
                "winner": (data.candidate(seat.winner),),
                "runner_up": (data.party(seat.runner_up.party),) if seat.runner_up else (),
            },
            figures={"majority": seat.ward.majority},
            qualifiers={
                "outcome": seat.outcome,
                **({"tie": "yes"} if len(tied) > 1 else {}),
                **_base_qualifiers(ge),
            },
            sources=_seat_sources(seat),
            group="all",
            order=order,
        )


@rule(FactKind.CLOSEST_RESULT, general=True)
def area_closest(data: RuleInput) -> Iterator[Fact]:
    """The smallest majority of any seat covered, once every seat has declared (ties all)."""
    yield from _area_extreme(data, "closest")


@rule(FactKind.BIGGEST_MAJORITY, general=True)
def area_biggest(data: RuleInput) -> Iterator[Fact]:
    """The biggest majority of any seat covered, once every seat has declared (ties all)."""
    yield from _area_extreme(data, "biggest")


@rule(FactKind.TURNOUT, general=True)
def area_turnout(data: RuleInput) -> Iterator[Fact]:
    """Turnout over every seat covered, and its change where the boundaries are the same.

    Valid plus rejected ballots over the electorate; a change only against a declared previous
    election on the same boundaries.
    """
    ge = _area(data)
    if ge is None or ge.tally.turnout is None:
        return
    tally = ge.tally
    figures: Figures = {
        "turnout": tally.turnout,
        "previous_turnout": tally.previous_turnout,
        **_baseline(ge),
    }
    qualifiers = {}
    if tally.previous_turnout is not None:
        diff = whole(ge.tally.turnout or 0) - whole(tally.previous_turnout)
        qualifiers["direction"] = "up" if diff > 0 else "down" if diff < 0 else "same"
    yield make_fact(
        area_turnout,
        "area",
        score=40,
        entities={"area": (_scope_entity(data),)},
        figures=figures,
        qualifiers={**qualifiers, **_base_qualifiers(ge)},
        sources=_declared_ids(ge),
    )


@rule(FactKind.WARD_RESULT, general=True)
def party_lines(data: RuleInput) -> Iterator[Fact]:
    """A results line per party: seats won and their net change, share and its change.

    The share of the vote and its change once every seat has declared.
    """
    ge = _area(data)
    if ge is None or not ge.tally.declared:
        return
    tally = ge.tally
    for order, party in enumerate(_party_order(ge)):
        entity = data.party(party)
        yield make_fact(
            party_lines,
            f"party/{party}",
            score=5,
            entities={"party": (entity,)},
            figures={
                "seats": tally.won.get(party, 0),
                "change": (tally.change or {}).get(party) if tally.change is not None else None,
                "share": tally.shares.get(party),
                "share_change": tally.share_changes.get(party),
            },
            qualifiers=_partial(ge),
            sources=[s.ward.ward_id for s in ge.seats if s.winner_party == party]
            or _declared_ids(ge),
            order=order,
        )
