"""Turnout rules: the council-wide turnout, and the highest and lowest ward turnouts."""

from __future__ import annotations

from collections.abc import Iterator

from storygen.detect.fact import Fact
from storygen.detect.registry import RuleInput, make_fact, rule
from storygen.model import FactKind

LOW_TURNOUT = 35  # per cent
HIGH_TURNOUT = 50  # per cent


@rule(FactKind.TURNOUT, thresholds=(LOW_TURNOUT, HIGH_TURNOUT))
def council_turnout(data: RuleInput) -> Iterator[Fact]:
    """The council-wide turnout, as reported (or ballots over electorate summed over every ward).

    Thresholds: "low" (a "disappointing" turnout) below 35 per cent; "high" above 50 per cent.
    No electorate, no turnout: nothing is estimated.
    """
    a = data.analysis
    if a.turnout is None:
        return
    percent, basis, sources = a.turnout, a.turnout_basis or "unknown", list(a.turnout_sources)
    level = "low" if percent < LOW_TURNOUT else "high" if percent > HIGH_TURNOUT else "middling"
    yield make_fact(
        council_turnout,
        "council",
        score=50 if level != "middling" else 40,
        entities={"council": (data.council(),)},
        figures={"turnout": percent, "did_not_vote": 100 - percent},
        qualifiers={"level": level, "basis": basis},
        sources=sources,
    )


@rule(FactKind.TURNOUT)
def ward_turnout_extremes(data: RuleInput) -> Iterator[Fact]:
    """The highest and lowest ward turnouts, once every ward has declared with a turnout.

    The range rests on every ward's turnout: one doubtful turnout and nothing is said of it.
    """
    wards = [w for w in data.analysis.wards if w.contested]
    if not data.analysis.all_declared or len(wards) < 2 or any(w.turnout is None for w in wards):
        return
    ranked = sorted(wards, key=lambda w: (w.turnout or 0, w.name))
    if ranked[0].turnout == ranked[-1].turnout:
        return  # every ward the same: there is no range to speak of
    for which, ward in (("highest", ranked[-1]), ("lowest", ranked[0])):
        value = ward.turnout
        yield make_fact(
            ward_turnout_extremes,
            f"{which}",
            score=25,
            entities={"ward": (data.ward(ward),)},
            figures={"turnout": value},
            qualifiers={"extreme": which},
            # a range is a claim about every ward: it rests on them all
            sources=[ward.ward_id, *(w.ward_id for w in wards)],
            group="extremes",
            order=0 if which == "highest" else 1,
        )
