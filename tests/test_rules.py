"""The rules on small hand-made elections: what each finds, what it leaves alone, the registry."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from storygen.analyse import analyse
from storygen.detect import RULES, Fact, RuleInput, all_rules, detect, rule
from storygen.model import Election, FactKind, Incumbency

from .conftest import Build, Cand, Row, ward_rows


def facts_of(election: Election, kind: FactKind | None = None) -> list[Fact]:
    facts = detect(election, analyse(election))
    return [f for f in facts if kind is None or f.kind is kind]


def by_id(facts: list[Fact]) -> dict[str, Fact]:
    return {f.id: f for f in facts}


def ids(facts: list[Fact], role: str) -> list[list[str]]:
    return [[e.id for e in f.entities[role]] for f in facts]


NORTH = ward_rows("North", ("Ann Able", "Lab", 900, True), ("Bob Baker", "C", 800, False))
SOUTH = ward_rows("South", ("Cat Cole", "C", 700, True), ("Dan Dyer", "LD", 650, False))
MINI = [*NORTH, *SOUTH]  # North: Lab majority 100; South: C majority 50


# -- gains and defeated incumbents --------------------------------------------------------------


def test_gain_names_gainer_and_loser(build: Build) -> None:
    election = build(MINI, '[wards.North]\ndefending = "C"\n[wards.South]\ndefending = "C"\n')
    gains = facts_of(election, FactKind.GAIN)
    assert [f.id for f in gains] == ["gain/north/Lab"]
    (gain,) = gains
    assert gain.entity("party").id == "party/Lab"
    assert ids(gains, "losers") == [["party/C"]]
    assert gain.entity("ward").id == "ward/north"
    assert gain.figures["seats"] == 1 and gain.figures["majority"] == 100


def test_multi_member_gain_counts_seats(build: Build) -> None:
    rows = ward_rows(
        "North",
        ("Ann Able", "Lab", 1200, True),
        ("Al Avery", "Lab", 1100, True),
        ("Bob Baker", "C", 1000, False),
        ("Bea Brown", "C", 900, False),
    )
    both = build(rows, '[wards.North]\ndefending = [{ party = "C" }, { party = "C" }]\n')
    (gain,) = facts_of(both, FactKind.GAIN)
    assert gain.figures["seats"] == 2
    assert [e.id for e in gain.entities["winners"]] == [
        "candidate/north/ann-able",
        "candidate/north/al-avery",
    ]
    one = build(rows, '[wards.North]\ndefending = [{ party = "Lab" }, { party = "C" }]\n')
    (gain,) = facts_of(one, FactKind.GAIN)
    assert gain.figures["seats"] == 1
    assert ids([gain], "losers") == [["party/C"]]


def test_ward_with_unknown_defender_gives_no_gain(build: Build) -> None:
    assert facts_of(build(MINI), FactKind.GAIN) == []


def test_multi_member_ward_with_one_defender_unknown_gives_no_gain(build: Build) -> None:
    rows = ward_rows(
        "North",
        ("Ann Able", "Lab", 1200, True),
        ("Al Avery", "Lab", 1100, True),
        ("Bob Baker", "C", 1000, False),
    )
    assert facts_of(build(rows, '[wards.North]\ndefending = "C"\n'), FactKind.GAIN) == []


def test_defeated_incumbent_who_stood_and_lost(build: Build) -> None:
    extra = '[wards.North]\ndefending = { party = "C", councillor = "Bob Baker" }\n'
    facts = facts_of(build(MINI, extra), FactKind.DEFEATED_INCUMBENT)
    assert [f.id for f in facts] == ["defeated_incumbent/north/bob-baker"]
    (fact,) = facts
    assert fact.entity("candidate").name == "Bob Baker"
    assert fact.entity("party").id == "party/C"
    assert fact.entity("winner").name == "Ann Able"
    assert fact.entity("winner_party").id == "party/Lab"
    assert fact.figures["votes"] == 800 and fact.figures["margin"] == 100


def test_incumbent_not_standing_is_no_defeated_incumbent(build: Build) -> None:
    extra = '[wards.North]\ndefending = { party = "C", councillor = "Carl Gone" }\n'
    election = build(MINI, extra)
    north = election.ward("ward/north")
    assert all(c.incumbent is not Incumbency.YES for c in north.candidates)
    assert facts_of(election, FactKind.DEFEATED_INCUMBENT) == []


def test_incumbent_who_held_is_no_defeated_incumbent(build: Build) -> None:
    extra = '[wards.North]\ndefending = { party = "Lab", councillor = "Ann Able" }\n'
    assert facts_of(build(MINI, extra), FactKind.DEFEATED_INCUMBENT) == []


# -- held under pressure --------------------------------------------------------------------------


def pressure(
    build: Build, c: int, lab: int, ld: int, *, target: bool = True, lab_gain: bool = True
) -> list[Fact]:
    """Kingstanding, defended by C, C first and Lab second; Weoley, defended by C, shows whether
    Labour made a net gain elsewhere."""
    weoley = (
        (("Julie Jones", "Lab", 1100, True), ("Eddie Ford", "C", 900, False))
        if lab_gain
        else (("Eddie Ford", "C", 1100, True), ("Julie Jones", "Lab", 900, False))
    )
    rows = [
        *ward_rows(
            "Kingstanding",
            ("Gary Sams", "C", c, True),
            ("Lou Lab", "Lab", lab, False),
            ("Lee Dem", "LD", ld, False),
        ),
        *ward_rows("Weoley", *weoley),
    ]
    extra = '[wards.Kingstanding]\ndefending = "C"\n[wards.Weoley]\ndefending = "C"\n'
    if target:
        extra += '[[targets]]\nparty = "Lab"\nwards = ["Kingstanding"]\n'
    return facts_of(build(rows, extra), FactKind.HELD_UNDER_PRESSURE)


def test_held_under_pressure_just_inside_ten_per_cent(build: Build) -> None:
    facts = pressure(build, 504, 405, 91)  # majority 99 of 1000 votes: 9.9 per cent
    assert [f.id for f in facts] == ["held_under_pressure/kingstanding"]
    (fact,) = facts
    assert fact.entity("party").id == "party/C"
    assert fact.entity("challenger").id == "party/Lab"
    assert fact.entity("winner").name == "Gary Sams"
    assert fact.figures["majority"] == 99
    assert fact.qualifiers["pressure"] == "intense"
    assert fact.qualifiers["consolation"] == "yes"  # the Tories lost Weoley: net -1


def test_majority_of_exactly_ten_per_cent_is_not_under_pressure(build: Build) -> None:
    assert pressure(build, 505, 405, 90) == []  # majority 100 of 1000 votes: 10.0 per cent


def test_narrow_hold_not_targeted_by_runner_up_is_not_under_pressure(build: Build) -> None:
    assert pressure(build, 504, 405, 91, target=False) == []


def test_narrow_hold_when_runner_up_made_no_net_gain_is_not_under_pressure(build: Build) -> None:
    assert pressure(build, 504, 405, 91, lab_gain=False) == []


# -- targets missed, held against a challenger, failed challenges ---------------------------------


TARGET_ROWS = [
    *ward_rows("Northfield", ("Lab N", "Lab", 1000, True), ("C N", "C", 950, False)),
    *ward_rows("Bournville", ("Lab B", "Lab", 1200, True), ("C B", "C", 800, False)),
    *ward_rows("Harborne", ("C H", "C", 1100, True), ("Lab H", "Lab", 900, False)),
    *ward_rows("Kings Norton", ("Lab K", "Lab", 1100, True), ("C K", "C", 900, False)),
]
TARGET_CONTEXT = """
[wards.Northfield]
defending = "Lab"
[wards.Bournville]
defending = "Lab"
[wards.Harborne]
defending = "Lab"
[wards."Kings Norton"]
defending = "Lab"

[[targets]]
party = "C"
top = "Northfield"
wards = ["Bournville", "Harborne", "Kings Norton"]
"""


def test_targets_missed_reports_top_target_separately(build: Build) -> None:
    facts = by_id(
        facts_of(build(TARGET_ROWS, TARGET_CONTEXT, total_seats=8), FactKind.TARGET_MISSED)
    )
    assert set(facts) == {
        "target_missed/c/1/northfield",
        "target_missed/c/1/bournville",
        "target_missed/c/1/kings-norton",
    }
    top = facts["target_missed/c/1/northfield"]
    assert top.qualifiers.get("top") == "yes"
    assert "top" not in facts["target_missed/c/1/bournville"].qualifiers
    assert top.group != facts["target_missed/c/1/bournville"].group
    assert (
        facts["target_missed/c/1/bournville"].group == facts["target_missed/c/1/kings-norton"].group
    )
    assert top.entity("party").id == "party/C" and top.entity("holder").id == "party/Lab"


def test_target_missed_narrow_under_ten_per_cent(build: Build) -> None:
    facts = by_id(
        facts_of(build(TARGET_ROWS, TARGET_CONTEXT, total_seats=8), FactKind.TARGET_MISSED)
    )
    # Northfield: 50 of 1950 votes, 2.6 per cent; Kings Norton: 200 of 2000, exactly 10 per cent
    assert facts["target_missed/c/1/northfield"].qualifiers.get("narrow") == "yes"
    assert "narrow" not in facts["target_missed/c/1/kings-norton"].qualifiers
    assert "narrow" not in facts["target_missed/c/1/bournville"].qualifiers  # 20 per cent


def test_target_won_is_not_missed(build: Build) -> None:
    facts = facts_of(build(TARGET_ROWS, TARGET_CONTEXT, total_seats=8), FactKind.TARGET_MISSED)
    assert all(f.entity("ward").id != "ward/harborne" for f in facts)


AREA_ROWS = [
    *ward_rows("Acocks Green", ("Lab A", "Lab", 2000, True), ("LD A", "LD", 1500, False)),
    *ward_rows("South Yardley", ("Lab S", "Lab", 1800, True), ("LD S", "LD", 1700, False)),
    *ward_rows("Hodge Hill", ("LD H", "LD", 1600, True), ("Lab H", "Lab", 1500, False)),
    *ward_rows("Ladywood", ("Lab L", "Lab", 3000, True), ("C L", "C", 500, False)),
]
AREA_CONTEXT = """
[wards."Acocks Green"]
defending = "Lab"
[wards."South Yardley"]
defending = "Lab"
[wards."Hodge Hill"]
defending = "Lab"
[wards.Ladywood]
defending = "Lab"

[[areas]]
name = "the east of the city"
wards = ["Acocks Green", "South Yardley", "Hodge Hill"]
"""


def test_held_against_challenger_by_area(build: Build) -> None:
    election = build(AREA_ROWS, AREA_CONTEXT, total_seats=8)
    facts = facts_of(election, FactKind.HELD_AGAINST_CHALLENGER)
    assert sorted(f.entity("ward").id for f in facts) == [
        "ward/acocks-green",
        "ward/south-yardley",
    ]  # Hodge Hill changed hands; Ladywood is in no area
    for fact in facts:
        assert fact.entity("area").name == "the east of the city"
        assert fact.entity("party").id == "party/Lab"
        assert fact.entity("challenger").id == "party/LD"
    assert len({f.group for f in facts}) == 1
    majorities = {f.entity("ward").id: f.figures["majority"] for f in facts}
    assert majorities == {"ward/acocks-green": 500, "ward/south-yardley": 100}


THREAT_CONTEXT = """
[wards."Shard End"]
defending = "Lab"
[wards.Longbridge]
defending = "Lab"

[[threats]]
party = "UKIP"
wards = ["Shard End", "Longbridge"]
"""


def test_failed_challenge_in_every_feared_ward(build: Build) -> None:
    rows = [
        *ward_rows(
            "Shard End",
            ("Lab S", "Lab", 2000, True),
            ("C S", "C", 900, False),
            ("UKIP S", "UKIP", 800, False),
        ),
        *ward_rows("Longbridge", ("Lab L", "Lab", 1500, True), ("UKIP L", "UKIP", 1000, False)),
    ]
    facts = by_id(facts_of(build(rows, THREAT_CONTEXT), FactKind.FAILED_CHALLENGE))
    assert set(facts) == {"failed_challenge/ukip/1/shard-end", "failed_challenge/ukip/1/longbridge"}
    shard = facts["failed_challenge/ukip/1/shard-end"]
    assert shard.entity("party").id == "party/UKIP"
    assert shard.entity("holder").id == "party/Lab"
    assert shard.figures == {"votes": 800, "position": 3, "short_by": 2000 - 800}
    assert "partial" not in shard.qualifiers and shard.qualifiers.get("held") == "yes"
    assert "close" not in shard.qualifiers  # 1,200 of 3,700 votes behind: it failed


def test_a_feared_party_close_behind_did_not_fail_to_materialise(build: Build) -> None:
    rows = [
        *ward_rows(
            "Shard End",
            ("Lab S", "Lab", 2000, True),
            ("UKIP S", "UKIP", 1700, False),  # 300 of 4,000 votes: under 10 per cent
            ("C S", "C", 300, False),
        ),
        *ward_rows("Longbridge", ("Lab L", "Lab", 1500, True), ("UKIP L", "UKIP", 1000, False)),
    ]
    facts = by_id(facts_of(build(rows, THREAT_CONTEXT), FactKind.FAILED_CHALLENGE))
    shard = facts["failed_challenge/ukip/1/shard-end"]
    assert shard.qualifiers.get("close") == "yes" and shard.figures["short_by"] == 300
    longbridge = facts["failed_challenge/ukip/1/longbridge"]
    assert "close" not in longbridge.qualifiers  # 500 of 2,500: 20 per cent behind
    assert shard.group != longbridge.group  # told apart: "came within" is not "failed"


def test_failed_challenge_partial_when_feared_party_won_one_ward(build: Build) -> None:
    rows = [
        *ward_rows(
            "Shard End",
            ("Lab S", "Lab", 2000, True),
            ("C S", "C", 900, False),
            ("UKIP S", "UKIP", 800, False),
        ),
        *ward_rows("Longbridge", ("UKIP L", "UKIP", 1500, True), ("Lab L", "Lab", 1000, False)),
    ]
    facts = facts_of(build(rows, THREAT_CONTEXT), FactKind.FAILED_CHALLENGE)
    assert [f.id for f in facts] == ["failed_challenge/ukip/1/shard-end"]
    assert facts[0].qualifiers.get("partial") == "yes"


# -- majority change ------------------------------------------------------------------------------


def majority_change(
    build: Build, now: int, before: int | None, prev_winner: str = "Lab"
) -> list[Fact]:
    """North won by Labour with majority `now`; the previous contest's winner and majority."""
    rows = ward_rows(
        "North", ("Ann Able", "Lab", 1000 + now, True), ("Bob Baker", "C", 1000, False)
    )
    extra = f'[wards.North.previous]\nyear = 2020\nwinner = "{prev_winner}"\n'
    if before is not None:
        extra += f"majority = {before}\n"
    return facts_of(build(rows, extra), FactKind.MAJORITY_CHANGE)


def test_majority_exactly_doubled_is_not_more_than_doubled(build: Build) -> None:
    assert majority_change(build, 200, 100) == []


def test_majority_just_over_double(build: Build) -> None:
    (fact,) = majority_change(build, 201, 100)
    assert fact.qualifiers["change"] == "more_than_doubled"
    assert fact.qualifiers["direction"] == "up"
    assert fact.figures["majority"] == 201 and fact.figures["previous_majority"] == 100
    assert fact.figures["previous_year"] == 2020


def test_majority_exactly_trebled_is_only_more_than_doubled(build: Build) -> None:
    (fact,) = majority_change(build, 300, 100)
    assert fact.qualifiers["change"] == "more_than_doubled"


def test_majority_over_treble(build: Build) -> None:
    (fact,) = majority_change(build, 301, 100)
    assert fact.qualifiers["change"] == "more_than_trebled"


def test_majority_below_half(build: Build) -> None:
    (fact,) = majority_change(build, 49, 100)
    assert fact.qualifiers["change"] == "more_than_halved"
    assert fact.qualifiers["direction"] == "down"


def test_majority_exactly_halved_gives_nothing(build: Build) -> None:
    assert majority_change(build, 50, 100) == []


def test_no_previous_majority_no_majority_change(build: Build) -> None:
    assert majority_change(build, 500, None) == []


def test_different_winning_party_no_majority_change(build: Build) -> None:
    assert majority_change(build, 500, 100, prev_winner="C") == []


# -- turnout --------------------------------------------------------------------------------------


def council_turnout(build: Build, extra: str, rows: list[Row] = MINI) -> list[Fact]:
    facts = facts_of(build(rows, extra), FactKind.TURNOUT)
    return [f for f in facts if f.id == "turnout/council"]


@pytest.mark.parametrize(
    ("percent", "level"),
    [(31.88, "low"), (34.9, "low"), (35, "middling"), (50, "middling"), (50.1, "high")],
)
def test_council_turnout_level_thresholds(build: Build, percent: float, level: str) -> None:
    (fact,) = council_turnout(build, f'[turnout]\npercent = {percent}\nbasis = "ballots"\n')
    assert fact.figures["turnout"] == percent
    assert fact.qualifiers == {"level": level, "basis": "ballots"}


def test_council_turnout_carries_the_reported_basis(build: Build) -> None:
    (fact,) = council_turnout(build, '[turnout]\npercent = 40.0\nbasis = "votes"\n')
    assert fact.qualifiers["basis"] == "votes"
    (fact,) = council_turnout(build, "[turnout]\npercent = 40.0\n")
    assert fact.qualifiers["basis"] == "unknown"


def test_council_turnout_from_ward_ballots_over_electorate(build: Build) -> None:
    extra = """
    [wards.North]
    electorate = 5000
    ballots = 1500
    [wards.South]
    electorate = 5000
    ballots = 1900
    """
    (fact,) = council_turnout(build, extra)  # 3400 / 10000
    assert fact.figures["turnout"] == pytest.approx(34.0)
    assert fact.qualifiers == {"level": "low", "basis": "ballots"}


def test_no_turnout_and_no_electorate_no_turnout_fact(build: Build) -> None:
    assert facts_of(build(MINI), FactKind.TURNOUT) == []


def test_ballots_without_electorate_no_turnout_fact(build: Build) -> None:
    extra = "[wards.North]\nballots = 1500\n[wards.South]\nballots = 1900\n"
    assert facts_of(build(MINI, extra), FactKind.TURNOUT) == []


# -- closest result and biggest majority ----------------------------------------------------------


EAST = ward_rows("East", ("Eve Ely", "LD", 600, True), ("Fay Fox", "Grn", 550, False))
WEST = ward_rows("West", ("Gil Gray", "C", 1000, True), ("Hal Hunt", "Lab", 900, False))


MIDDLE = ward_rows("Middle", ("Ian Ive", "Lab", 700, True), ("Jo Jay", "C", 625, False))


def test_closest_result_and_biggest_majority(build: Build) -> None:
    election = build([*MINI, *MIDDLE])  # majorities 100, 50, 75
    (closest,) = facts_of(election, FactKind.CLOSEST_RESULT)
    (biggest,) = facts_of(election, FactKind.BIGGEST_MAJORITY)
    assert closest.entity("ward").id == "ward/south" and closest.figures["majority"] == 50
    assert closest.entity("party").id == "party/C"
    assert closest.entity("runner_up").id == "party/LD"
    assert biggest.entity("ward").id == "ward/north" and biggest.figures["majority"] == 100
    assert "tie" not in closest.qualifiers


def test_no_closest_or_biggest_among_fewer_than_three_wards(build: Build) -> None:
    election = build(MINI)  # the rule's docstring: at least 3 contested wards
    assert facts_of(election, FactKind.CLOSEST_RESULT) == []
    assert facts_of(election, FactKind.BIGGEST_MAJORITY) == []


def test_closest_result_tie_names_both_wards(build: Build) -> None:
    facts = facts_of(build([*MINI, *EAST]), FactKind.CLOSEST_RESULT)  # South 50, East 50
    assert sorted(f.entity("ward").id for f in facts) == ["ward/east", "ward/south"]
    assert all(f.qualifiers.get("tie") == "yes" and f.figures["wards"] == 2 for f in facts)


def test_biggest_majority_tie_names_both_wards(build: Build) -> None:
    facts = facts_of(build([*MINI, *WEST]), FactKind.BIGGEST_MAJORITY)  # North 100, West 100
    assert sorted(f.entity("ward").id for f in facts) == ["ward/north", "ward/west"]
    assert all(f.qualifiers.get("tie") == "yes" for f in facts)


def test_no_closest_or_biggest_while_a_ward_is_undeclared(build: Build) -> None:
    rows = [
        *MINI,
        *ward_rows("East", ("Eve Ely", "LD", None, None), ("Fay Fox", "Grn", None, None)),
    ]
    election = build(rows, "[wards.East]\nseats_up = 1\n")
    assert facts_of(election, FactKind.CLOSEST_RESULT) == []
    assert facts_of(election, FactKind.BIGGEST_MAJORITY) == []


# -- shut out -------------------------------------------------------------------------------------


def shut_out_election(build: Build, green_wards: int) -> Election:
    """Four wards, Labour and Conservatives in all, an independent in all (winning none),
    the Greens in the first `green_wards` of them (winning none)."""
    rows: list[Row] = []
    for i, name in enumerate(["A", "B", "C", "D"]):
        lab_wins = i < 2
        cands: list[Cand] = [
            (f"Lab {name}", "Lab", 1000 if lab_wins else 800, lab_wins),
            (f"Con {name}", "C", 800 if lab_wins else 1000, not lab_wins),
            (f"Ind {name}", "Ind", 100, False),
        ]
        if i < green_wards:
            cands.append((f"Grn {name}", "Grn", 200, False))
        rows += ward_rows(f"Ward {name}", *cands)
    return build(rows, total_seats=8)


def test_party_in_half_the_wards_with_no_seats_is_shut_out(build: Build) -> None:
    facts = facts_of(shut_out_election(build, 2), FactKind.SHUT_OUT)
    assert [f.id for f in facts] == ["shut_out/Grn"]
    assert facts[0].figures == {"wards_contested": 2, "wards": 4}
    assert "everywhere" not in facts[0].qualifiers


def test_party_in_every_ward_with_no_seats_is_shut_out_everywhere(build: Build) -> None:
    (fact,) = facts_of(shut_out_election(build, 4), FactKind.SHUT_OUT)
    assert fact.qualifiers.get("everywhere") == "yes"


def test_party_in_under_half_the_wards_is_not_shut_out(build: Build) -> None:
    assert facts_of(shut_out_election(build, 1), FactKind.SHUT_OUT) == []


def test_independents_are_never_shut_out(build: Build) -> None:
    facts = facts_of(shut_out_election(build, 0), FactKind.SHUT_OUT)
    assert all(f.entity("party").id != "party/Ind" for f in facts)
    assert facts == []


# -- control --------------------------------------------------------------------------------------


def control_election(build: Build, defending: tuple[str, str], before: str) -> Election:
    extra = (
        f'[wards.North]\ndefending = "{defending[0]}"\n'
        f'[wards.South]\ndefending = "{defending[1]}"\n'
        f"[composition_before]\nseats = {{ {before} }}\n"
    )
    return build(MINI, extra)


def test_no_overall_control_before_and_after(build: Build) -> None:
    # Before Lab 2, C 3, LD 1 of 6; Lab takes North from C: Lab 3, C 2, LD 1; 4 needed.
    election = control_election(build, ("C", "C"), "Lab = 2, C = 3, LD = 1")
    assert facts_of(election, FactKind.CONTROL) == []
    (noc,) = facts_of(election, FactKind.NO_OVERALL_CONTROL)
    assert ids([noc], "largest") == [["party/Lab"]]
    assert noc.figures["seats"] == 3 and noc.figures["short_by"] == 1
    assert noc.figures["majority_needed"] == 4
    assert noc.qualifiers["status"] == "continues"
    assert "lost" not in noc.entities


def test_control_lost_names_both_largest_parties_when_tied(build: Build) -> None:
    # Before C 4, Lab 2; Lab takes North from C: C 3, Lab 3.
    election = control_election(build, ("C", "C"), "Lab = 2, C = 4")
    (noc,) = facts_of(election, FactKind.NO_OVERALL_CONTROL)
    assert sorted(e.id for e in noc.entities["largest"]) == ["party/C", "party/Lab"]
    assert noc.qualifiers["status"] == "lost"
    assert noc.entity("lost").id == "party/C"


def test_control_gained(build: Build) -> None:
    # Before Lab 3, C 3 (no overall control); Lab takes North from C: Lab 4 of 6.
    election = control_election(build, ("C", "C"), "Lab = 3, C = 3")
    assert facts_of(election, FactKind.NO_OVERALL_CONTROL) == []
    (fact,) = facts_of(election, FactKind.CONTROL)
    assert fact.entity("party").id == "party/Lab"
    assert fact.qualifiers["status"] == "gained"
    assert fact.figures["seats"] == 4 and fact.figures["majority_needed"] == 4


def test_control_retained(build: Build) -> None:
    # Before Lab 4, C 2; Lab holds North, C holds South: no change.
    election = control_election(build, ("Lab", "C"), "Lab = 4, C = 2")
    (fact,) = facts_of(election, FactKind.CONTROL)
    assert fact.qualifiers["status"] == "retained"
    assert fact.figures["seats"] == 4


# -- the registry ---------------------------------------------------------------------------------


def test_every_rule_label_is_its_docstring_first_line() -> None:
    rules = all_rules()
    assert rules
    for registered in rules.values():
        doc = registered.function.__doc__
        assert doc and doc.strip(), registered.name
        assert registered.label == registered.doc.splitlines()[0], registered.name
        assert registered.label.strip(), registered.name


def test_every_rule_label_is_a_complete_summary_line() -> None:
    # the label is shown on its own in the editor preview: the first line must be the whole
    # summary (followed by a blank line or nothing), not the start of a wrapped sentence
    broken = [
        name
        for name, registered in all_rules().items()
        if registered.doc.splitlines()[1:2] not in ([], [""])
    ]
    assert broken == []


def test_rule_whose_docstring_omits_its_threshold_is_refused() -> None:
    def dummy_turnout_rule(data: RuleInput) -> Iterator[Fact]:
        """A turnout rule whose docstring gives no figure at all."""
        yield from ()

    before = set(RULES)
    try:
        with pytest.raises(TypeError, match="42"):
            rule(FactKind.TURNOUT, thresholds=(42,))(dummy_turnout_rule)
    finally:
        for name in set(RULES) - before:
            del RULES[name]
    assert set(RULES) == before


def test_threshold_only_inside_a_bigger_number_is_not_stated() -> None:
    def dummy_bigger_number_rule(data: RuleInput) -> Iterator[Fact]:
        """A turnout rule: "low" below 142 per cent."""
        yield from ()

    def dummy_year_rule(data: RuleInput) -> Iterator[Fact]:
        """A turnout rule compared with 2012."""
        yield from ()

    before = set(RULES)
    try:
        with pytest.raises(TypeError):
            rule(FactKind.TURNOUT, thresholds=(42,))(dummy_bigger_number_rule)
        with pytest.raises(TypeError):
            rule(FactKind.TURNOUT, thresholds=(2,))(dummy_year_rule)
    finally:
        for name in set(RULES) - before:
            del RULES[name]


def test_fact_ids_unique_and_stable_across_runs(build: Build) -> None:
    extra = TARGET_CONTEXT + "[composition_before]\nseats = { Lab = 5, C = 3 }\n"
    extra += '[turnout]\npercent = 31.88\nbasis = "ballots"\n'
    election = build(TARGET_ROWS, extra, total_seats=8)
    first = [f.id for f in detect(election, analyse(election))]
    second = [f.id for f in detect(election, analyse(election))]
    assert len(first) == len(set(first))
    assert first == second
    assert {"gain/harborne/C", "composition/council", "turnout/council"} <= set(first)
