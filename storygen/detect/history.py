"""History rules: shares, their change and the swing since the same seats were last fought.

The comparisons come from `analyse.history`: shares on one base both times (all votes; each
party's top candidate where the contests filled different numbers of seats; first
preferences for a single transferable vote count), changes only for parties that stood both
times, the Butler swing only between the top two where both did (never for first
preferences). The base is said in every fact (`base`), so the copy can say it.
"""

from __future__ import annotations

from collections.abc import Iterator

from storygen.analyse.history import FIRST_PREFERENCES, NOT_ONE_PARTY, Comparison
from storygen.detect.fact import Entity, Fact
from storygen.detect.general import whole
from storygen.detect.registry import RuleInput, make_fact, rule
from storygen.model import ElectionType, FactKind

SHARE_PARTIES = 4  # parties named in a council's shares
SHARE_MIN = 5  # per cent, now or then, for a party to be named
MIN_WARDS = 3  # council-wide comparisons need this many contested wards both times
SWING_MIN = 1  # a swing is told only when it rounds to at least this many points
NOTABLE = 10  # points: a ward's biggest rise or fall is told only from this size
WARD_PARTIES = 2  # parties named in one ward's shares

Figures = dict[str, int | float | str | bool | None]


def _signed(value: float) -> int:
    """A change in whole points with its sign, as the copy rounds it."""
    return whole(value) if value >= 0 else -whole(value)


def _base(comparison: Comparison) -> dict[str, str]:
    qualifiers = {"base": comparison.base}
    if comparison.base == FIRST_PREFERENCES:
        qualifiers["first_preferences"] = "yes"
    return qualifiers


def _party_figures(
    data: RuleInput, comparison: Comparison, parties: list[str]
) -> tuple[tuple[Entity, ...], Figures]:
    """Each party's share now and then, and its change (or that it did not stand then)."""
    figures: Figures = {"previous_year": comparison.year}
    for party in parties:
        pid = f"party/{party}"
        now, then = comparison.now.get(party), comparison.then.get(party)
        figures[f"share:{pid}"] = now
        figures[f"previous_share:{pid}"] = then
        if party in comparison.change:
            change = comparison.change[party]
            figures[f"share_change:{pid}"] = change
            figures[f"change_points:{pid}"] = _signed(change)
        elif now is not None and then is None:
            figures[f"new:{pid}"] = True
        elif now is None:
            figures[f"absent:{pid}"] = True
    return tuple(data.party(p) for p in parties), figures


def _leading(comparison: Comparison, limit: int) -> list[str]:
    """The parties to name: at least 5 per cent now or then, most votes now first, the party
    with most votes then before any that stood nowhere now."""
    named = [
        p
        for p in {*comparison.now, *comparison.then}
        if p not in NOT_ONE_PARTY
        and max(comparison.now.get(p, 0.0), comparison.then.get(p, 0.0)) >= SHARE_MIN
    ]
    named.sort(key=lambda p: (-comparison.now.get(p, 0.0), -comparison.then.get(p, 0.0), p))
    return named[:limit]


def _shares_score(comparison: Comparison) -> float:
    """The council's shares rank by the biggest change among the parties named."""
    parties = _leading(comparison, SHARE_PARTIES)
    biggest = max((abs(comparison.change.get(p, 0.0)) for p in parties), default=0.0)
    return 48 + min(12.0, biggest / 2)


@rule(FactKind.SHARE_CHANGE, thresholds=(SHARE_PARTIES, SHARE_MIN, MIN_WARDS))
def council_shares(data: RuleInput) -> Iterator[Fact]:
    """Council-wide vote shares against the last contest for the same seats, in points.

    At most 4 parties with at least 5 per cent of the base now or then (independents are not
    one party), most votes first; a change for each that stood both times, else that it was
    new or stood nowhere now. Once every ward has declared, with at least 3 contested wards both
    times. The base is all votes where both contests filled the same seats ward for ward, else
    each party's top candidate in each ward; first preferences for STV. It makes the same claim
    as the plain shares of the vote (it states them too).
    """
    comparison = data.analysis.comparison
    if comparison is None or min(comparison.wards, comparison.wards_then) < MIN_WARDS:
        return
    parties = _leading(comparison, SHARE_PARTIES)
    if not any(p in comparison.change for p in parties):
        return
    entities, figures = _party_figures(data, comparison, parties)
    yield make_fact(
        council_shares,
        "council",
        score=_shares_score(comparison),
        entities={"parties": entities},
        figures=figures,
        qualifiers=_base(comparison),
        sources=[
            *(w.ward_id for w in data.analysis.wards if w.contested),
            *comparison.sources,
        ],
        claim="shares:council",
    )


@rule(FactKind.SWING, thresholds=(SWING_MIN, MIN_WARDS))
def council_swing(data: RuleInput) -> Iterator[Fact]:
    """The Butler swing across the council between its top two parties since last time.

    Only where both stood both times, never for first preferences (STV), with at least 3
    contested wards both times, and only when it rounds to at least 1 point; from the party
    whose share fell behind to the one that gained on it.
    """
    comparison = data.analysis.comparison
    if comparison is None or comparison.swing is None or comparison.pair is None:
        return
    if min(comparison.wards, comparison.wards_then) < MIN_WARDS:
        return
    if whole(comparison.swing) < SWING_MIN:
        return
    a, b = comparison.pair
    to_party, from_party = (a, b) if comparison.swing > 0 else (b, a)
    yield make_fact(
        council_swing,
        "council",
        score=_shares_score(comparison) - 0.01,  # told next to the shares it comes from
        entities={"to_party": (data.party(to_party),), "from_party": (data.party(from_party),)},
        figures={
            "swing": abs(comparison.swing),
            "swing_points": whole(comparison.swing),
            "previous_year": comparison.year,
        },
        qualifiers=_base(comparison),
        sources=[
            *(w.ward_id for w in data.analysis.wards if w.contested),
            *comparison.sources,
        ],
    )


def _ward_swing(
    data: RuleInput, comparison: Comparison
) -> tuple[dict[str, tuple[Entity, ...]], Figures]:
    if comparison.swing is None or comparison.pair is None or whole(comparison.swing) < SWING_MIN:
        return {}, {}
    a, b = comparison.pair
    to_party, from_party = (a, b) if comparison.swing > 0 else (b, a)
    return (
        {"to_party": (data.party(to_party),), "from_party": (data.party(from_party),)},
        {"swing": abs(comparison.swing), "swing_points": whole(comparison.swing)},
    )


@rule(FactKind.WARD_SHARE_CHANGE, thresholds=(WARD_PARTIES, SHARE_MIN, SWING_MIN))
def by_election_shares(data: RuleInput) -> Iterator[Fact]:
    """A by-election ward's shares against its previous contest, and the swing.

    The last contest the files show for the ward, whatever its kind. At most 2 parties with at
    least 5 per cent now or then, most votes first; the Butler swing between the top two where
    both stood both times and it rounds to at least 1 point. The hold or gain is still against
    the party defending the seat.
    """
    if data.election.type is not ElectionType.BY_ELECTION:
        return
    for order, ward in enumerate(data.analysis.wards):
        comparison = ward.comparison
        if comparison is None:
            continue
        parties = _leading(comparison, WARD_PARTIES)
        if not any(p in comparison.change for p in parties):
            continue
        entities, figures = _party_figures(data, comparison, parties)
        swing_entities, swing_figures = _ward_swing(data, comparison)
        yield make_fact(
            by_election_shares,
            ward.ward_id.removeprefix("ward/"),
            score=62,
            entities={"ward": (data.ward(ward),), "parties": entities, **swing_entities},
            figures={**figures, **swing_figures},
            qualifiers={**_base(comparison), "by_election": "yes"},
            sources=[ward.ward_id, *(p.candidate_id for p in ward.placings), *comparison.sources],
            order=order,
        )


@rule(FactKind.WARD_SHARE_CHANGE, thresholds=(NOTABLE, MIN_WARDS))
def biggest_share_moves(data: RuleInput) -> Iterator[Fact]:
    """The biggest rise and the biggest fall in one party's share in any ward since last time.

    Among at least 3 wards compared, once every ward has declared; each only when it is at
    least 10 points (rounded); ties all named. Independents are not one party. Not in
    by-elections, whose shares are told ward by ward.
    """
    a = data.analysis
    if data.election.type is ElectionType.BY_ELECTION or not a.all_declared or a.counting:
        return
    compared = [w for w in a.wards if w.comparison is not None]
    if len(compared) < MIN_WARDS:
        return
    moves = [
        (change, party, ward)
        for ward in compared
        for party, change in (ward.comparison.change if ward.comparison else {}).items()
    ]
    for direction in ("rise", "fall"):
        sign = 1 if direction == "rise" else -1
        signed = [(sign * c, p, w) for c, p, w in moves if sign * c > 0]
        if not signed:
            continue
        top = max(whole(c) for c, _, _ in signed)
        if top < NOTABLE:
            continue
        tied = [(c, p, w) for c, p, w in signed if whole(c) == top]
        for order, (_, party, ward) in enumerate(tied):
            comparison = ward.comparison
            assert comparison is not None
            entities, figures = _party_figures(data, comparison, [party])
            yield make_fact(
                biggest_share_moves,
                f"{direction}/{ward.ward_id.removeprefix('ward/')}/{party}",
                score=34,
                entities={"ward": (data.ward(ward),), "parties": entities},
                figures={**figures, "wards": len(tied)},
                qualifiers={**_base(comparison), "direction": direction},
                sources=[
                    ward.ward_id,
                    *(p.candidate_id for p in ward.placings),
                    *comparison.sources,
                ],
                group=direction,
                order=order,
            )
