"""Analyse: derived figures (winners, majorities, shares, seat changes, control, turnout, swing)."""

from storygen.analyse.figures import (
    Analysis,
    PartyTotals,
    Placing,
    WardResult,
    analyse,
)

__all__ = ["Analysis", "PartyTotals", "Placing", "WardResult", "analyse"]
