"""General-election stories against the raw export rows, read here with plain csv.

Holds and gains are derived from the votes and the baseline, never copied: every constituency's
must agree with the export's `Election result summary`; shares' changes with its `Candidate vote
change`; the 2024 national story must give Labour's 411 seats and its majority of 172.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

import pytest

from storygen import pipeline
from storygen.detect import Fact
from storygen.general import stories
from storygen.ingest.general import load_general
from storygen.model import Election

from .conftest import SHARED

PARLIAMENT = SHARED / "parliament"
GE2017 = PARLIAMENT / "ge-2017-06-08.csv"
GE2019 = PARLIAMENT / "ge-2019-12-12.csv"
GE2024 = PARLIAMENT / "ge-2024-07-04.csv"
NOTIONAL = PARLIAMENT / "ge-2019-12-12-notional-2024-boundaries.csv"

Rows = dict[str, list[dict[str, str]]]


@cache
def raw(path: Path) -> Rows:
    """Rows by constituency code, plain csv."""
    out: Rows = defaultdict(list)
    with path.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            out[row["Constituency geographic code"]].append(row)
    return dict(out)


def abbreviation(row: dict[str, str]) -> str:
    """The party as the export's summary writes it."""
    if row["Candidate is standing as Commons Speaker"] == "true":
        return "Spk"
    if row["Candidate is standing as independent"] == "true":
        return "Ind"
    return row["Main party abbreviation"]


def winner(rows: list[dict[str, str]]) -> dict[str, str]:
    return max(rows, key=lambda r: int(r["Candidate vote count"]))


def derived_summary(current: list[dict[str, str]], previous: list[dict[str, str]]) -> str:
    """Hold or gain from the raw rows, as the export's summary column writes it."""
    now, then = abbreviation(winner(current)), abbreviation(winner(previous))
    return f"{now} hold" if now == then else f"{now} gain from {then}"


@cache
def general_stories(path: Path) -> tuple[Election, ...]:
    return tuple(stories(load_general(path)))


@cache
def facts(path: Path, election_id: str) -> tuple[Fact, ...]:
    election = next(e for e in general_stories(path) if e.id == election_id)
    return tuple(pipeline.facts_of(election))


def storygen_summary(path: Path, election: Election, codes: dict[str, str]) -> str:
    """The hold or gain storygen's rules found, written as the export writes it."""
    found = {f.rule: f for f in facts(path, election.id)}
    fact = found.get("general.seat_gain") or found.get("general.seat_hold")
    if fact is None:
        fact = found["general.speaker_seat"]
    party = codes[fact.entity("party").id.removeprefix("party/")]
    if fact.kind.value == "hold" or fact.qualifiers.get("outcome") == "hold":
        return f"{party} hold"
    loser = codes[fact.entity("losers").id.removeprefix("party/")]
    return f"{party} gain from {loser}"


def party_codes(path: Path) -> dict[str, str]:
    """storygen's party code of each candidate -> the export's abbreviation on its row (every
    party that won a seat last time has candidates this time, so this names the losers too)."""
    codes: dict[str, str] = {}
    uk = general_stories(path)[0]
    by_row = {c.source.row: c.party for w in uk.wards for c in w.candidates}
    with path.open(encoding="utf-8-sig", newline="") as f:
        for number, row in enumerate(csv.DictReader(f), start=2):
            codes.setdefault(by_row[number], abbreviation(row))
    return codes


@pytest.mark.parametrize(
    ("path", "baseline"), [(GE2024, NOTIONAL), (GE2019, GE2017)], ids=["2024", "2019"]
)
def test_every_hold_or_gain_agrees_with_the_export_s_summary(path: Path, baseline: Path) -> None:
    current, previous = raw(path), raw(baseline)
    codes = party_codes(path)
    disagreements = []
    seats = [
        e for e in general_stories(path) if e.general and e.general.scope.value == "constituency"
    ]
    assert len(seats) == 650
    for election in seats:
        code = election.wards[0].code
        assert code is not None
        summary = winner(current[code])["Election result summary"]
        # the test's own derivation from the raw rows agrees with the export ...
        assert derived_summary(current[code], previous[code]) == summary, election.council.name
        # ... and so does storygen's
        found = storygen_summary(path, election, codes)
        if found != summary:
            disagreements.append((election.council.name, found, summary))
    assert disagreements == []


def test_2024_national_story_gives_labour_411_seats_and_a_majority_of_172() -> None:
    rows = raw(GE2024)
    won = Counter(abbreviation(winner(r)) for r in rows.values())
    seats = len(rows)
    assert won["Lab"] == 411 and seats == 650
    majority = won["Lab"] - (seats - won["Lab"])  # its seats minus all others, Speaker's too
    assert majority == 172
    uk = general_stories(GE2024)[0]
    control = next(f for f in facts(GE2024, uk.id) if f.rule == "general.commons_majority")
    assert control.figures["seats"] == won["Lab"]
    assert control.figures["majority"] == majority
    draft = pipeline.generate(uk)
    assert pipeline.check(uk, draft).status == "ok"
    assert draft.headline.text == "Labour wins general election with majority of 172"
    text = " ".join(s.text for s in draft.sentences())
    assert "411 of the 650 seats" in text and "overall majority of 172" in text


def test_2019_national_majority_and_net_change_from_the_raw_rows() -> None:
    now = Counter(abbreviation(winner(r)) for r in raw(GE2019).values())
    then = Counter(abbreviation(winner(r)) for r in raw(GE2017).values())
    uk = general_stories(GE2019)[0]
    found = {f.rule: f for f in facts(GE2019, uk.id)}
    assert found["general.commons_majority"].figures["majority"] == 2 * now["Con"] - 650 == 80
    seats = found["general.seats_won"]
    assert seats.figures["change:party/C"] == now["Con"] - then["Con"] == 48
    assert seats.figures["change:party/Lab"] == now["Lab"] - then["Lab"] == -60


def test_2017_is_a_hung_parliament_without_comparisons() -> None:
    now = Counter(abbreviation(winner(r)) for r in raw(GE2017).values())
    uk = general_stories(GE2017)[0]
    found = {f.rule: f for f in facts(GE2017, uk.id)}
    hung = found["general.hung_parliament"]
    assert hung.figures["seats"] == now["Con"] == 317 and hung.figures["short_by"] == 9
    assert "change:party/C" not in found["general.seats_won"].figures
    assert not any(
        f.rule in ("general.seat_gain", "general.party_gains") for f in facts(GE2017, uk.id)
    )


@pytest.mark.parametrize("path", [GE2024, GE2019], ids=["2024", "2019"])
def test_share_changes_agree_with_the_export_s_change_column(path: Path) -> None:
    """Derived from the votes and the baseline; the export's own column is the cross-check."""
    rows = raw(path)
    compared = 0
    for election in general_stories(path):
        if not election.general or election.general.scope.value != "constituency":
            continue
        share = next((f for f in facts(path, election.id) if f.rule == "general.seat_shares"), None)
        if share is None:
            continue
        for cand in election.wards[0].candidates:
            key = f"share_change:party/{cand.party}"
            if key not in share.figures:
                continue
            row = next(r for r in rows[election.wards[0].code or ""] if _name(r) == cand.name)
            if row["Candidate vote change"]:
                change = share.figures[key]
                assert isinstance(change, float)
                assert abs(change - 100 * float(row["Candidate vote change"])) < 0.05, (
                    election.council.name,
                    cand.name,
                )
                compared += 1
    assert compared > 1500


def _name(row: dict[str, str]) -> str:
    given, family = row["Candidate given name"], row["Candidate family name"]
    return " ".join(p for p in (given, family) if p).replace("&#39;", "'")
