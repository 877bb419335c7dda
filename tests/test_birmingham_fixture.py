"""The Birmingham 2016 fixture loads, and every figure in it matches the shared source files."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from storygen.ingest import load_election
from storygen.model import Election, ElectionType, Incumbency

from .conftest import BIRMINGHAM, SHARED

CONTEXT = SHARED / "birmingham-2016" / "context.csv"


@pytest.fixture(scope="module")
def election() -> Election:
    return load_election(BIRMINGHAM)


def leap_rows() -> list[list[str]]:
    with (SHARED / "leap" / "leap-2016-05-05.csv").open(encoding="utf-8") as f:
        return [r for r in csv.reader(f) if r[0] == "Birmingham"]


def context_rows(fact: str) -> dict[str, str]:
    with CONTEXT.open(encoding="utf-8") as f:
        return {r["subject"]: r["value"] for r in csv.DictReader(f) if r["fact"] == fact}


def test_counts_match_the_leap_file(election: Election) -> None:
    rows = leap_rows()
    assert len(election.wards) == len({r[2] for r in rows}) == 40
    assert election.candidate_count == len(rows) == 208
    assert election.seats_up == sum(r[7] == "1" for r in rows) == 40
    assert election.council.total_seats == 120
    assert election.type is ElectionType.THIRDS
    assert election.summary().endswith("40 wards, 208 candidates, 40 seats up, 120 seats in all")


def test_candidates_file_is_the_leap_rows_verbatim() -> None:
    source = (SHARED / "leap" / "leap-2016-05-05.csv").read_text(encoding="utf-8").splitlines()
    ours = (BIRMINGHAM / "candidates.csv").read_text(encoding="utf-8").splitlines()
    assert ours == source[346:554]


def test_every_candidate_matches_its_leap_row(election: Election) -> None:
    by_key = {(r[2].strip(), r[4].strip()): r for r in leap_rows()}  # LEAP pads some names
    for ward in election.wards:
        for cand in ward.candidates:
            row = by_key[(ward.name, cand.name)]
            assert cand.votes == int(row[6])
            assert cand.elected == (row[7] == "1")
            assert cand.source.file == "birmingham-2016/candidates.csv"
            assert cand.source.row is not None


def test_defending_parties_match_the_context_file(election: Election) -> None:
    expected = context_rows("defending_party")
    names = {"Labour": "Lab", "Conservative": "C", "Liberal Democrat": "LD"}
    assert len(expected) == 40
    for ward in election.wards:
        assert [d.party for d in ward.defending] == [names[expected[ward.name]]]


def test_compositions_and_turnout_match_the_context_file(election: Election) -> None:
    assert election.composition_before is not None and election.composition_after is not None
    assert election.composition_before.seats == {"Lab": 78, "C": 30, "LD": 11, "Oth": 1}
    assert election.composition_after.seats == {"Lab": 80, "C": 29, "LD": 10, "Oth": 1}
    assert "Labour 78" in context_rows("composition_before")["Birmingham"]
    assert (
        "Labour 80; Conservative 29; Liberal Democrat 10"
        in context_rows("composition_after")["Birmingham"]
    )
    assert election.turnout is not None
    assert str(election.turnout.percent) in context_rows("turnout")["Birmingham"]
    weoley = election.ward("ward/weoley")
    assert (weoley.turnout, weoley.ballots) == (30.27, 5247)
    assert election.ward("ward/aston").turnout is None  # unknown stays unknown


def test_incumbents_known_only_where_the_sources_say(election: Election) -> None:
    weoley = {c.name: c.incumbent for c in election.ward("ward/weoley").candidates}
    assert weoley["Eddie Freeman"] is Incumbency.YES
    assert weoley["Julie Johnson"] is Incumbency.NO
    pocock = election.ward("ward/sutton-vesey").candidates[0]
    assert (pocock.name, pocock.incumbent) == ("Rob Pocock", Incumbency.YES)
    aston = election.ward("ward/aston")
    assert {c.incumbent for c in aston.candidates} == {Incumbency.UNKNOWN}


def test_previous_contests(election: Election) -> None:
    weoley = election.ward("ward/weoley").previous
    assert weoley is not None and weoley.year == 2012 and weoley.majority == 2
    assert (weoley.winner, weoley.runner_up) == ("C", "Lab")
    with (SHARED / "birmingham-2016" / "results-2012-partial.csv").open(encoding="utf-8") as f:
        votes = {r["candidate"]: int(r["votes"]) for r in csv.DictReader(f)}
    assert {c.name: c.votes for c in weoley.candidates} == {
        k: v for k, v in votes.items() if k in {c.name for c in weoley.candidates}
    }
    vesey = election.ward("ward/sutton-vesey").previous
    assert vesey is not None and vesey.majority is None  # only "over 800" is known
    majorities = {
        w.name: w.previous.majority for w in election.wards if w.previous and w.previous.majority
    }
    for ward, value in context_rows("previous_majority_2012").items():
        if value[0].isdigit():
            assert majorities[ward] == int(value.split()[0])


def test_editorial_context(election: Election) -> None:
    con = next(t for t in election.targets if t.party == "C")
    assert con.wards == (
        "ward/sutton-vesey",
        "ward/northfield",
        "ward/bournville",
        "ward/kings-norton",
        "ward/harborne",
    )
    (threat,) = election.threats
    assert threat.party == "UKIP" and threat.wards == ("ward/shard-end", "ward/longbridge")
    (area,) = election.areas
    assert area.name == "the east of the city"
    assert {p.name for p in election.people} >= {"John Clancy", "Robert Alden"}
    speakers = Counter(q.speaker for q in election.quotes)
    assert speakers == {"person/john-clancy": 2, "person/robert-alden": 3}
    alden = next(q for q in election.quotes if "Kingstanding" in q.text)
    assert alden.wards == ("ward/kingstanding", "ward/weoley")
    assert alden.party == "C"


def test_every_record_has_a_unique_id_and_a_source(election: Election) -> None:
    records = [
        *election.wards,
        *(c for w in election.wards for c in w.candidates),
        *election.targets,
        *election.threats,
        *election.areas,
        *election.people,
        *election.quotes,
    ]
    ids = [r.id for r in records]
    assert len(ids) == len(set(ids))
    assert all(r.source.file for r in records)


def test_loading_is_deterministic(election: Election) -> None:
    again = load_election(BIRMINGHAM)
    assert again.model_dump_json() == election.model_dump_json()


def test_only_pre_poll_knowledge_in_the_context() -> None:
    """The context file holds no result of the 2016 poll: winners come from the CSV alone."""
    text = (BIRMINGHAM / "election.toml").read_text(encoding="utf-8")
    for winner in ("Julie Johnson", "Shabrana Hussain", "John O'Shea"):
        assert winner not in text
