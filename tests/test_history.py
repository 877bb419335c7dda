"""The previous contest for the same seats: the cycle, ward pairing, shares on their base, the
swing, the facts and their copy, `batch --previous` and `import --previous`, by-elections."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from storygen import pipeline
from storygen.analyse.history import (
    ALL_VOTES,
    FIRST_PREFERENCES,
    TOP_CANDIDATE,
    compare_ward,
)
from storygen.cli import main
from storygen.ingest import load_election
from storygen.ingest.imports.common import CouncilImport, ResultRow
from storygen.ingest.imports.previous import (
    EarlierContest,
    _WardKey,
    choose_contest,
    contest_of_ward,
    pair_wards,
    target_year,
)
from storygen.model import ElectionType, PreviousContest, Source
from tests.conftest import write_rows

# -- the cycle -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "target"), [(2021, 2016), (2022, 2018), (2023, 2019), (2024, 2021), (2025, 2021)]
)
def test_the_seats_were_last_due_four_years_before_counting_2020_as_2021(
    year: int, target: int
) -> None:
    assert target_year(year) == target


def _contest(day: str, kind: ElectionType) -> EarlierContest:
    return EarlierContest(CouncilImport("Testshire", date.fromisoformat(day)), kind)


def test_thirds_take_the_contest_four_years_before_unless_an_all_out_one_came_since() -> None:
    t, a, b = ElectionType.THIRDS, ElectionType.ALL_OUT, ElectionType.BY_ELECTION
    contests = [
        _contest("2016-05-05", t),
        _contest("2017-05-04", b),
        _contest("2018-05-03", t),
        _contest("2019-05-02", t),
    ]
    chosen = choose_contest(t, 2021, contests)
    assert chosen is not None and chosen.polling_day.year == 2016
    chosen = choose_contest(t, 2022, contests)
    assert chosen is not None and chosen.polling_day.year == 2018
    # an all-out contest since the target year fought every seat again
    redrawn = [*contests, _contest("2021-05-06", a)]
    chosen = choose_contest(t, 2024, redrawn)
    assert chosen is not None and chosen.polling_day.year == 2021
    chosen = choose_contest(t, 2022, redrawn)
    assert chosen is not None and chosen.polling_day.year == 2021
    # a by-election is never the previous contest of an ordinary election
    assert choose_contest(t, 2021, [_contest("2017-05-04", b)]) is None
    # all-out: the last all-out
    assert choose_contest(a, 2021, contests) is None
    chosen = choose_contest(a, 2025, redrawn)
    assert chosen is not None and chosen.polling_day.year == 2021


# -- pairing wards ---------------------------------------------------------------------------


def _w(name: str, code: str | None) -> _WardKey:
    return _WardKey(name, name.title(), code)


def test_wards_pair_by_code_and_name_and_disagreements_are_left_out() -> None:
    now = [
        _w("north", "E1"),
        _w("south", "E2"),
        _w("east", "E3"),
        _w("west", "E9"),
        _w("new town", "E5"),
        _w("central", None),
    ]
    then = [
        _w("north", "E1"),  # the same
        _w("south", "E3"),  # codes swapped between south and east: one file's are shifted
        _w("east", "E2"),
        _w("west", "E4"),  # a new code: the ward was redrawn
        _w("old town", "E5"),  # renamed: the same code
        _w("central", "E6"),  # one file has no code: by name
    ]
    pairs, notes, told = pair_wards(now, then)
    assert pairs == {
        "north": "north",
        "south": "south",
        "east": "east",
        "new town": "old town",
        "central": "central",
    }
    assert told == {"west"}
    assert any("West (E9, then E4)" in n for n in notes)
    assert any("South" in n and "East" in n and "matched by name" in n for n in notes)


# -- shares and swing ------------------------------------------------------------------------


def _previous(*cands: tuple[str, str, int, bool], seats: int | None = None) -> PreviousContest:
    rows = [
        ResultRow(
            council="Testshire",
            council_code="E0",
            ward="North",
            ward_code="W1",
            candidate=name,
            party=party,
            votes=votes,
            elected=elected,
            source=Source(file="then.csv", row=i + 1),
            seats=seats,
        )
        for i, (name, party, votes, elected) in enumerate(cands)
    ]
    return contest_of_ward(rows, 2018, date(2018, 5, 3))


def test_the_same_seats_compare_all_votes_and_give_a_butler_swing() -> None:
    # then: Lab 900/2000 = 45, C 30, LD 25; now: C 50, Lab 40, LD 10
    then = _previous(("A", "Lab", 900, True), ("B", "C", 600, False), ("C", "LD", 500, False))
    comparison = compare_ward([("C", "X", 1000), ("Lab", "Y", 800), ("LD", "Z", 200)], 1, then)
    assert comparison is not None and comparison.base == ALL_VOTES
    assert comparison.change == pytest.approx({"C": 20.0, "Lab": -5.0, "LD": -15.0})
    # Butler, Lab to C: ((50 - 30) + (45 - 40)) / 2
    assert comparison.pair == ("C", "Lab")
    assert comparison.swing == pytest.approx(12.5)
    assert then.majority == 300 and then.winner == "Lab" and then.runner_up == "C"


def test_an_all_out_contest_against_one_seat_compares_each_party_top_candidate() -> None:
    then = _previous(
        ("A1", "Lab", 900, True),
        ("A2", "Lab", 850, True),
        ("A3", "Lab", 800, True),
        ("B1", "C", 700, False),
        ("B2", "C", 650, False),
        ("B3", "C", 600, False),
        ("C1", "LD", 300, False),
    )
    now = [("Lab", "X", 1000), ("C", "Y", 800), ("LD", "Z", 200)]
    comparison = compare_ward(now, 1, then)
    assert comparison is not None and comparison.base == TOP_CANDIDATE
    # top candidates then: Lab 900, C 700, LD 300 of 1,900
    assert comparison.then == pytest.approx(
        {"Lab": 90000 / 1900, "C": 70000 / 1900, "LD": 30000 / 1900}
    )
    assert comparison.swing == pytest.approx(((50 - 90000 / 1900) + (70000 / 1900 - 40)) / 2)
    assert then.majority is not None and then.majority == 800 - 700


def test_first_preferences_give_shares_but_no_swing_and_independents_no_change() -> None:
    then = _previous(("A", "SNP", 900, True), ("B", "Lab", 600, False), ("I", "Ind", 500, False))
    now = [("SNP", "X", 800), ("Lab", "Y", 700), ("Ind", "J", 500)]
    stv = compare_ward(now, 1, then, first_preferences=True)
    assert stv is not None and stv.base == FIRST_PREFERENCES and stv.swing is None
    assert "Ind" not in stv.change
    # an independent among the top two: no swing (independents are not one party)
    ind = compare_ward([("Ind", "J", 900), ("SNP", "X", 800)], 1, then)
    assert ind is not None and ind.swing is None


def test_a_party_that_did_not_stand_then_gives_no_swing() -> None:
    then = _previous(("A", "Lab", 900, True), ("B", "LD", 600, False))
    comparison = compare_ward([("Lab", "X", 900), ("C", "Y", 800)], 1, then)
    assert comparison is not None and comparison.swing is None
    assert "C" not in comparison.change


# -- batch and import ------------------------------------------------------------------------


def _leap(ward: str, code: str, *cands: tuple[str, str, int, int]) -> list[tuple[str, ...]]:
    return [("Testshire", "E07000001", ward, code, n, p, str(v), str(e)) for n, p, v, e in cands]


THEN = [
    *_leap(
        "North",
        "E05000001",
        ("Ann Able", "Lab", 900, 1),
        ("Bob Baker", "C", 600, 0),
        ("Cy Cole", "LD", 500, 0),
    ),
    *_leap(
        "South",
        "E05000002",
        ("Cat Cole", "C", 1000, 1),
        ("Dan Dyer", "Lab", 800, 0),
        ("Gil Green", "Grn", 200, 0),
    ),
    *_leap(
        "East",
        "E05000003",
        ("Eve Eyre", "LD", 700, 1),
        ("Fay Fox", "C", 600, 0),
        ("Gus Gray", "Lab", 300, 0),
    ),
]
NOW = [
    *_leap(
        "North",
        "E05000001",
        ("Hal Hunt", "C", 1000, 1),
        ("Ann Able", "Lab", 800, 0),
        ("Cy Cole", "LD", 200, 0),
    ),
    *_leap(
        "South",
        "E05000002",
        ("Cat Cole", "C", 1500, 1),
        ("Ida Ince", "Lab", 400, 0),
        ("Gil Green", "Grn", 100, 0),
    ),
    *_leap(
        "East",
        "E05000003",
        ("Eve Eyre", "LD", 800, 1),
        ("Fay Fox", "C", 700, 0),
        ("Gus Gray", "Lab", 500, 0),
    ),
]


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    then, now = tmp_path / "leap-2018-05-03.csv", tmp_path / "leap-2022-05-05.csv"
    write_rows(then, THEN)
    write_rows(now, NOW)
    return then, now


def _facts(path: Path) -> dict[str, Any]:
    document = json.loads(path.read_text(encoding="utf-8"))
    return {f["id"]: f for f in document["facts"]}


def test_batch_with_previous_tells_shares_swing_and_majority_change(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    then, now = files
    out = tmp_path / "out"
    args = ["batch", str(now), "--out", str(out), "-f", "text", "-f", "json"]
    assert main([*args, "--previous", str(then)]) == 0
    text = (out / "testshire-2022-05-05.txt").read_text(encoding="utf-8")
    facts = _facts(out / "testshire-2022-05-05.json")
    share = facts["share_change/council"]
    figures = share["figures"]
    # then C 2,200, Lab 2,000, LD 1,200, Grn 200 of 5,600; now C 3,200, Lab 1,700, LD 1,000,
    # Grn 100 of 6,000; one seat a ward both times: every vote counts
    assert share["qualifiers"]["base"] == "all votes"
    assert figures["share:party/C"] == pytest.approx(3200 / 60)
    assert figures["share_change:party/C"] == pytest.approx(3200 / 60 - 2200 / 56)
    assert figures["change_points:party/Lab"] == -7
    swing = facts["swing/council"]["figures"]
    assert swing["swing"] == pytest.approx(((3200 / 60 - 2200 / 56) + (2000 / 56 - 1700 / 60)) / 2)
    assert "since 2018" in text
    assert "swing" in text.split("Results")[0]
    # South: C 75, Lab 20 now against C 50, Lab 40: 22.5 points, Lab to C; its majority of 200
    # is now 1,100, more than trebled
    assert "South: Cat Cole (C) 1,500" in text
    assert "Majority 1,100. Swing 22.5 percentage points, Lab to C." in text
    assert "more than trebled" in text and "from 200 in 2018 to 1,100" in text
    # house style: "percentage points" for a change in a share; the swing beside the shares
    paragraphs = text.split("\n\n")
    at = next(i for i, p in enumerate(paragraphs) if "share of the vote across" in p)
    assert "rose by 14 percentage points since 2018" in paragraphs[at]
    assert "seven points" in paragraphs[at]  # the unit said once a sentence
    # here the shares open the story (no lead of gains or control), and the swing follows them
    assert paragraphs[at + 1].startswith("The swing from Labour")
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert index["councils"][0]["status"] == "ok"


def test_without_a_contest_for_the_seats_the_notes_say_so(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    then, now = files
    early = tmp_path / "leap-2019-05-02.csv"  # not the seats of 2022 (those of 2023)
    early.write_bytes(then.read_bytes())
    out = tmp_path / "out"
    assert main(["batch", str(now), "--out", str(out), "--previous", str(early)]) == 0
    notes = json.loads((out / "index.json").read_text(encoding="utf-8"))["councils"][0]["notes"]
    assert any("no contest of 2018" in n for n in notes)
    assert "since 2018" not in (out / "testshire-2022-05-05.txt").read_text(encoding="utf-8")


def test_import_with_previous_writes_a_folder_that_tells_the_same(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    then, now = files
    folder = tmp_path / "testshire-2022"
    args = ["import", str(now), "--council", "Testshire", "--out", str(folder)]
    assert main([*args, "--previous", str(then)]) == 0
    assert (folder / "previous.csv").is_file()
    toml = (folder / "election.toml").read_text(encoding="utf-8")
    assert "[previous]" in toml and "year = 2018" in toml
    election = load_election(folder)
    assert election.previous is not None and election.previous.year == 2018
    assert all(w.previous is not None for w in election.wards)
    kinds = {f.id: f for f in pipeline.facts_of(election)}
    assert kinds["share_change/council"].figures["share:party/C"] == pytest.approx(3200 / 60)
    assert "swing/council" in kinds


def test_a_redrawn_council_compares_council_wide_only(tmp_path: Path) -> None:
    then = tmp_path / "leap-2018-05-03.csv"
    now = tmp_path / "leap-2022-05-05.csv"
    # every ward has a new ONS code: redrawn, so no ward comparison, no majority change
    write_rows(then, [(*r[:3], r[3].replace("E05", "E15"), *r[4:]) for r in THEN])
    write_rows(now, NOW)
    out = tmp_path / "out"
    assert main(["batch", str(now), "--out", str(out), "-f", "json", "--previous", str(then)]) == 0
    facts = _facts(out / "testshire-2022-05-05.json")
    assert "share_change/council" in facts
    assert not [f for f in facts if f.startswith("majority_change/")]
    assert not [f for f in facts.values() if "swing" in f["figures"] and f["kind"] == "ward_result"]


# -- by-elections ----------------------------------------------------------------------------

COUNCILLORS_HEADER = (
    'Council,"Ward Name","Councillor Name","Next Election","Party Name",'
    '"Electoral Commission Party Code"\n'
)


def test_a_by_election_holds_against_the_party_of_the_wards_councillors(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    then, _ = files
    by = tmp_path / "leap-2019-05-02.csv"
    write_rows(
        by,
        _leap("North", "E05000001", ("Jo Jones", "Lab", 700, 1), ("Kim King", "C", 600, 0)),
    )
    people = tmp_path / "councillors-2018.csv"
    people.write_text(
        COUNCILLORS_HEADER
        + 'Testshire,North,"Ann Able",2022-05-05,"Labour Party",PP53\n'
        + 'Testshire,North,"Lee Long",2020-05-07,"Labour Party",PP53\n'
        + 'Testshire,South,"Cat Cole",2022-05-05,"Conservative and Unionist Party",PP52\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = ["batch", str(by), "--out", str(out), "--councillors", str(people)]
    assert main([*args, "--previous", str(then)]) == 0
    text = (out / "testshire-2019-05-02.txt").read_text(encoding="utf-8")
    assert "held North" in text
    # against the ward's last contest, 2018: Lab 45 then, 700/1300 now
    assert "2018" in text and "Lab hold" in text
    notes = json.loads((out / "index.json").read_text(encoding="utf-8"))["councils"][0]["notes"]
    assert any("taken as the party defending the seat" in n for n in notes)
    # councillors of two parties: which seat fell vacant is not known
    people.write_text(
        COUNCILLORS_HEADER
        + 'Testshire,North,"Ann Able",2022-05-05,"Labour Party",PP53\n'
        + 'Testshire,North,"Lee Long",2020-05-07,"Conservative and Unionist Party",PP52\n',
        encoding="utf-8",
    )
    assert main([*args, "--previous", str(then)]) == 0
    text = (out / "testshire-2019-05-02.txt").read_text(encoding="utf-8")
    assert "held North" not in text and "won the North by-election" in text


def test_a_by_election_defender_listed_as_independent_or_other_is_unknown_beside_a_local_party(
    tmp_path: Path,
) -> None:
    # Open Council Data lists local and minor parties' councillors as "Independent / Other":
    # with such a party standing, the seat may have been its own, so no hold for independents
    by = tmp_path / "leap-2019-05-02.csv"
    people = tmp_path / "councillors-2018.csv"
    out = tmp_path / "out"
    args = ["batch", str(by), "--out", str(out), "--councillors", str(people)]
    people.write_text(
        COUNCILLORS_HEADER + 'Testshire,North,"Ann Able",2022-05-05,"Independent / Other",\n',
        encoding="utf-8",
    )
    rows = [("Ivy Ince", "Ind", 700, 1), ("Kim King", "C", 600, 0)]
    write_rows(by, _leap("North", "E05000001", *rows))
    assert main(args) == 0
    text = (out / "testshire-2019-05-02.txt").read_text(encoding="utf-8")
    assert "Ind hold" in text  # no other party: the independent defended it
    write_rows(by, _leap("North", "E05000001", *rows, ("Len Lowe", "NorthInd", 300, 0)))
    assert main(args) == 0
    text = (out / "testshire-2019-05-02.txt").read_text(encoding="utf-8")
    assert "hold" not in text and "won the North by-election" in text
    notes = json.loads((out / "index.json").read_text(encoding="utf-8"))["councils"][0]["notes"]
    assert any("covers local and minor parties too, and NorthInd stands" in n for n in notes)


# -- every phrasing passes the checker -------------------------------------------------------


def test_every_phrasing_of_the_history_facts_passes_the_checker(tmp_path: Path) -> None:
    from storygen.realise.render import realise

    then = [
        *THEN,
        *_leap("North", "E05000001", ("Uma Udall", "UKIP", 400, 0)),
        *_leap("West", "E05000004", ("Vic Vale", "UKIP", 900, 1), ("Wyn Webb", "Lab", 500, 0)),
    ]
    now = [
        *NOW,
        *_leap("East", "E05000003", ("Rae Reid", "Reform", 300, 0)),
        # two seats now, one then: each party's top candidate
        *_leap(
            "West",
            "E05000004",
            ("Wyn Webb", "Lab", 900, 1),
            ("Xan Xu", "Lab", 850, 1),
            ("Yul Young", "C", 800, 0),
        ),
    ]
    write_rows(tmp_path / "leap-2018-05-03.csv", then)
    write_rows(tmp_path / "leap-2022-05-05.csv", now)
    folder = tmp_path / "testshire"
    args = ["import", str(tmp_path / "leap-2022-05-05.csv"), "--council", "Testshire"]
    assert (
        main([*args, "--out", str(folder), "--previous", str(tmp_path / "leap-2018-05-03.csv")])
        == 0
    )
    election = load_election(folder)
    _, planned = pipeline.plan_of(election)
    kinds = {"share_change", "swing", "ward_share_change"}
    messages = [m for p in planned.paragraphs for m in p.messages if m.fragment in kinds]
    assert {m.fragment for m in messages} == kinds
    seen: set[str] = set()
    for message in messages:
        for variant in (1, 2):
            _, forced = pipeline.plan_of(election, variants={message.id: variant})
            draft = realise(forced, results=True)
            report = pipeline.check(election, draft)
            assert report.errors == [], [str(e) for e in report.errors]
            sentence = next(s for s in draft.sentences() if s.message == message.id)
            assert sentence.variant == variant
            seen.add(sentence.text)
    text = " ".join(seen)
    assert "counting each party's top candidate" in text  # West: two seats against one
    assert "did not stand" in text or "put up no candidates" in text  # UKIP
    assert "not standing in 2018" in text or "took" in text  # Reform UK
