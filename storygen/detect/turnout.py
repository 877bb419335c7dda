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
    """The highest and lowest ward turnouts, only when every declared ward's turnout is known."""
    wards = [w for w in data.analysis.wards if w.contested]
    if len(wards) < 2 or any(w.turnout is None for w in wards):
        return
    for which, pick in (("highest", max), ("lowest", min)):
        value = pick(w.turnout or 0 for w in wards)
        ward = next(w for w in wards if w.turnout == value)
        yield make_fact(
            ward_turnout_extremes,
            f"{which}",
            score=25,
            entities={"ward": (data.ward(ward),)},
            figures={"turnout": value},
            qualifiers={"extreme": which},
            sources=[ward.ward_id],
            group="extremes",
            order=0 if which == "highest" else 1,
        )
