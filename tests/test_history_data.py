"""Share changes, swings and majority changes against the previous contest, on the real files.

Each figure storygen states is re-derived here from the raw rows (csv and openpyxl, a party key
of our own, shares on the base the brief defines), not through storygen: the LEH 2021, 2022 and
2024 councils against the earlier files (2021 against 2016, 2022 against 2018, 2024 against the
2021 all-out or thirds contest), and LEAP's by-elections against the councillor lists.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import openpyxl
import pytest

from storygen import pipeline
from storygen.detect.fact import Fact
from storygen.ingest.imports.common import CouncilImport, build_election
from storygen.ingest.imports.leap import read_leap
from storygen.ingest.imports.leh import read_leh
from storygen.ingest.imports.ocd import Compositions, Councillors, enrich
from storygen.ingest.imports.previous import EarlierResults, attach_previous, find_previous
from storygen.model import Election
from tests.conftest import SHARED

COMPOSITIONS = SHARED / "ocd" / "council-composition-2016-2025.csv"
LEAP = {
    2016: SHARED / "leap" / "leap-2016-05-05.csv",
    2017: SHARED / "leap" / "leap-2017-05-04.csv",
    2018: SHARED / "leap" / "leap-2018-05-03.csv",
    2019: SHARED / "leap" / "leap-2019-05-02.csv",
}
LEH = {y: SHARED / "leh" / f"leh-{y}.xlsx" for y in (2021, 2022, 2024)}
# polling year -> the earlier files passed as --previous (as the README says)
PREVIOUS = {
    2021: [LEAP[2016], LEAP[2017], LEAP[2018], LEAP[2019]],
    2022: [LEAP[2017], LEAP[2018], LEAP[2019], LEH[2021]],
    2024: [LEH[2021], LEH[2022]],
}
# the acceptance's councils, and one more of each year
COUNCILS = {
    2021: ("Dudley", "Sunderland"),
    2022: ("Trafford", "Sunderland"),
    2024: ("Hartlepool", "Sunderland"),
}
# our own party key of the files' codes (LEAP's short codes, LEH's party names)
PARTIES = {
    "c": "C", "con": "C", "lab": "Lab", "ld": "LD", "grn": "Grn", "green": "Grn",
    "ukip": "UKIP", "ref": "Reform", "reform": "Reform", "ind": "Ind", "nd": "Ind",
}  # fmt: skip


# -- raw rows --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Raw:
    party: str
    name: str
    votes: int
    elected: bool


def _key(name: str) -> str:
    text = name.casefold().replace("&", " and ").replace("’", "'")
    text = re.sub(r"[^\w\s]", " ", text.replace("'", ""))
    text = re.sub(r"\b(the|city of|council|ward|division)\b", " ", text)
    # "St James's", "St. James" and "St Marys": each word without its final s's
    return " ".join(w.rstrip("s") for w in text.split())


def _party(text: str) -> str:
    return PARTIES.get(text.strip().casefold(), text.strip())


@cache
def raw_leap(path: Path) -> dict[str, dict[str, list[Raw]]]:
    """council key -> ward key -> candidates, from a LEAP file with the csv module."""
    out: dict[str, dict[str, list[Raw]]] = {}
    with path.open(encoding="utf-8") as f:
        for row in csv.reader(f):
            council, _, ward, _, name, party, votes, elected = (v.strip() for v in row[:8])
            if "NULL" in (name, party):
                continue  # LEAP's placeholder for an elected mayor
            wards = out.setdefault(_key(council), {})
            wards.setdefault(_key(ward), []).append(
                Raw(_party(party), name, int(votes or 0), elected == "1")
            )
    return out


@cache
def raw_leh(path: Path) -> dict[str, dict[str, list[Raw]]]:
    """The same from a Commons Library workbook with openpyxl."""
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheet = next(workbook[n] for n in workbook.sheetnames if n.lower().startswith("candidates"))
    rows = sheet.iter_rows(values_only=True)
    next(rows)  # the title
    header = [str(h or "").strip().casefold() for h in next(rows)]

    def col(*names: str) -> int:
        return next(header.index(n) for n in names if n in header)

    council, ward = col("local authority name"), col("ward/ed name", "ward name")
    name, votes, elected = col("candidate name", "name"), col("votes"), col("elected")
    party = col("party name")
    out: dict[str, dict[str, list[Raw]]] = {}
    for row in rows:
        if row[council] is None:
            continue
        wards = out.setdefault(_key(str(row[council])), {})
        wards.setdefault(_key(str(row[ward])), []).append(
            Raw(_party(str(row[party])), str(row[name]), int(row[votes] or 0), bool(row[elected]))
        )
    workbook.close()
    return out


def raw(path: Path) -> dict[str, dict[str, list[Raw]]]:
    return raw_leh(path) if path.suffix == ".xlsx" else raw_leap(path)


def seats(cands: list[Raw]) -> int:
    return sum(1 for c in cands if c.elected)


def contested(cands: list[Raw]) -> bool:
    return len(cands) > seats(cands) and sum(c.votes for c in cands) > 0


def party_votes(cands: list[Raw], top: bool) -> Counter[str]:
    """Votes by party: every vote, or each party's top candidate (independents one by one)."""
    out: Counter[str] = Counter()
    best: dict[str, tuple[str, int]] = {}
    for c in cands:
        key = f"Ind:{c.name}" if c.party == "Ind" else c.party
        if top:
            if key not in best or c.votes > best[key][1]:
                best[key] = (c.party, c.votes)
        else:
            out[c.party] += c.votes
    for party, v in best.values():
        out[party] += v
    return out


def shares(votes: Counter[str]) -> dict[str, float]:
    total = sum(votes.values())
    return {p: 100 * v / total for p, v in votes.items()}


def butler(now: dict[str, float], then: dict[str, float], a: str, b: str) -> float:
    return ((now[a] - then[a]) + (then[b] - now[b])) / 2


def majority(cands: list[Raw]) -> int:
    elected = [c.votes for c in cands if c.elected]
    others = [c.votes for c in cands if not c.elected]
    return min(elected) - max(others)


# -- storygen's side -------------------------------------------------------------------------


@cache
def imports(path: Path) -> tuple[CouncilImport, ...]:
    if path.suffix == ".xlsx":
        return tuple(read_leh(path)[0])
    return tuple(read_leap(path)[0])


@cache
def compositions() -> Compositions:
    return Compositions.read(COMPOSITIONS)


def earlier(year: int) -> EarlierResults:
    def total(name: str, y: int) -> int | None:
        found = compositions().get(name, y, "after")
        return found[1] if found else None

    return EarlierResults.of([i for p in PREVIOUS[year] for i in imports(p)], total)


@cache
def election(year: int, council: str) -> Election:
    councillors = Councillors.read(SHARED / "ocd" / f"councillors-{year - 1}.csv")
    item = next(i for i in imports(LEH[year]) if i.council == council)
    built, _ = build_election(item, enrich(item, compositions(), councillors))
    return attach_previous(built, find_previous(built, earlier(year)))


def the_previous_file(year: int, council: str) -> Path:
    """The earlier file holding the contest storygen chose (its year is in the facts)."""
    chosen = election(year, council).previous
    assert chosen is not None, f"{council} {year}: no previous contest found"
    found = [p for p in PREVIOUS[year] if str(chosen.year) in p.name]
    assert len(found) == 1
    return found[0]


def facts(year: int, council: str) -> list[Fact]:
    return pipeline.facts_of(election(year, council))


CASES = [(year, council) for year, names in COUNCILS.items() for council in names]


def _raw_pair(year: int, council: str) -> tuple[dict[str, list[Raw]], dict[str, list[Raw]]]:
    now = raw(LEH[year])[_key(council)]
    then = raw(the_previous_file(year, council))[_key(council)]
    return now, then


# -- the tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("year", "council"), CASES)
def test_council_shares_and_their_change_are_the_raw_rows(year: int, council: str) -> None:
    now_wards, then_wards = _raw_pair(year, council)
    now_c = [w for w in now_wards.values() if contested(w)]
    then_c = [w for w in then_wards.values() if contested(w)]
    top = sorted(seats(w) for w in now_c) != sorted(seats(w) for w in then_c)
    now = shares(sum((party_votes(w, top) for w in now_c), Counter()))
    then = shares(sum((party_votes(w, top) for w in then_c), Counter()))
    (fact,) = [f for f in facts(year, council) if f.kind == "share_change"]
    assert fact.qualifiers["base"] == ("top candidate" if top else "all votes")
    checked = 0
    for party in fact.entities["parties"]:
        code = party.id.removeprefix("party/")
        if code not in PARTIES.values():
            continue  # a local party: our key cannot tell it across files
        assert fact.figures[f"share:{party.id}"] == pytest.approx(now.get(code))
        assert fact.figures[f"previous_share:{party.id}"] == pytest.approx(then.get(code))
        if code in now and code in then:
            change = fact.figures[f"share_change:{party.id}"]
            assert change == pytest.approx(now[code] - then[code])
            checked += 1
    assert checked >= 2
    # the swing between the top two parties now
    a, b = [p for p, _ in sorted(now.items(), key=lambda kv: -kv[1]) if p != "Ind"][:2]
    swing = butler(now, then, a, b)
    (told,) = [f for f in facts(year, council) if f.kind == "swing"]
    assert told.figures["swing"] == pytest.approx(abs(swing))
    towards = a if swing > 0 else b
    assert told.entity("to_party").id == f"party/{towards}"


def _wards_both(year: int, council: str) -> Iterator[tuple[Fact, list[Raw], list[Raw]]]:
    now_wards, then_wards = _raw_pair(year, council)
    for fact in facts(year, council):
        if fact.kind != "ward_result" or "swing" not in fact.figures:
            continue
        key = _key(fact.entity("ward").name)
        if key in now_wards and key in then_wards:
            yield fact, now_wards[key], then_wards[key]


@pytest.mark.parametrize(("year", "council"), CASES)
def test_ward_swings_in_the_results_box_are_the_raw_rows(year: int, council: str) -> None:
    checked = 0
    for fact, now_rows, then_rows in _wards_both(year, council):
        top = seats(now_rows) != seats(then_rows)
        assert fact.qualifiers["swing_base"] == ("top candidate" if top else "all votes")
        now, then = shares(party_votes(now_rows, top)), shares(party_votes(then_rows, top))
        ranked = sorted(now_rows, key=lambda c: (-c.votes, not c.elected))
        a = ranked[0].party
        b = next(c.party for c in ranked if c.party != a)
        swing = butler(now, then, a, b)
        assert fact.figures["swing"] == pytest.approx(abs(swing)), fact.id
        assert fact.entity("swing_to").id == f"party/{a if swing > 0 else b}", fact.id
        checked += 1
    assert checked >= 8, f"{council} {year}: {checked} wards compared"


@pytest.mark.parametrize(("year", "council"), CASES)
def test_majority_changes_are_the_raw_majorities(year: int, council: str) -> None:
    now_wards, then_wards = _raw_pair(year, council)
    changes = [f for f in facts(year, council) if f.kind == "majority_change"]
    for fact in changes:
        key = _key(fact.entity("ward").name)
        assert seats(then_wards[key]) == seats(now_wards[key]) == 1
        assert fact.figures["previous_majority"] == majority(then_wards[key])
        assert fact.figures["majority"] == majority(now_wards[key])
        ratio = majority(now_wards[key]) / majority(then_wards[key])
        assert ratio > 2 or ratio < 0.5
    if election(year, council).previous and all(
        seats(w) == 1 for w in then_wards.values()
    ):  # a previous contest of single seats: some majority moved that far
        assert changes


@pytest.mark.parametrize(("year", "council"), CASES)
def test_the_drafts_say_it_and_pass_the_checker(year: int, council: str) -> None:
    chosen = election(year, council)
    draft = pipeline.generate(chosen, results=True)
    report = pipeline.check(chosen, draft)
    # the compositions file may disagree with the results (a data finding, not the copy's)
    errors = [e for e in report.errors if e.code != "doubtful-data"]
    assert errors == [], [str(e) for e in errors]
    text = " ".join(s.text for p in draft.paragraphs for s in p.sentences)
    assert f"since {chosen.previous.year if chosen.previous else ''}" in text
    assert "swing" in text
    box = " ".join(s.text for s in draft.results)
    assert "percentage points," in box
    assert "a local party" not in text  # the earlier file names the parties it alone has


def test_a_party_of_the_previous_contest_alone_is_named_as_its_file_names_it() -> None:
    # Hartlepool 2024: the Veterans and People's Party stood in 2021 only; LEH 2021's party
    # names sheet gives its name
    workbook = openpyxl.load_workbook(LEH[2021], read_only=True, data_only=True)
    sheet = next(workbook[n] for n in workbook.sheetnames if "party" in n.lower())
    names = {
        str(r[0]).strip(): str(r[1]).strip() for r in sheet.iter_rows(values_only=True) if r[1]
    }
    workbook.close()
    (share,) = [f for f in facts(2024, "Hartlepool") if f.kind == "share_change"]
    gone = [p for p in share.entities["parties"] if share.figures.get(f"absent:{p.id}")]
    assert gone, "a party standing in 2021 only"
    for party in gone:
        assert party.name == names[party.id.removeprefix("party/")]


def test_the_cycle_picks_the_seats_last_fought() -> None:
    assert election(2021, "Dudley").previous.year == 2016  # type: ignore[union-attr]
    assert election(2022, "Trafford").previous.year == 2018  # type: ignore[union-attr]
    hartlepool = election(2024, "Hartlepool").previous
    assert hartlepool is not None and hartlepool.year == 2021
    assert hartlepool.type is not None and hartlepool.type.value == "all-out"
    # an all-out 2021 against one seat a ward: each party's top candidate
    share = next(f for f in facts(2024, "Hartlepool") if f.kind == "share_change")
    assert share.qualifiers["base"] == "top candidate"
    assert "counting each party's top candidate" in " ".join(
        s.text
        for p in pipeline.generate(election(2024, "Hartlepool")).paragraphs
        for s in p.sentences
    )


# -- by-elections ----------------------------------------------------------------------------


def _by_election_wards(year: int) -> Iterator[tuple[Election, str]]:
    councillors = Councillors.read(SHARED / "ocd" / f"councillors-{year - 1}.csv")
    for item in imports(LEAP[year]):
        built, _ = build_election(item, enrich(item, compositions(), councillors))
        if built.type.value == "by-election":
            for ward in built.wards:
                yield built, ward.id


@cache
def _listed(year: int) -> dict[tuple[str, str], set[str]]:
    """(council key, ward key) -> the parties of the councillors the year before's list names."""
    out: dict[tuple[str, str], set[str]] = {}
    with (SHARED / "ocd" / f"councillors-{year - 1}.csv").open(encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            if "vacan" in f"{row['Councillor Name']} {row['Party Name']}".lower():
                continue
            key = (_key(row["Council"]), _key(row["Ward Name"]))
            out.setdefault(key, set()).add(_listed_party(row["Party Name"]))
    return out


def _listed_party(name: str) -> str:
    """A councillor list's party name by our own key ("Labour and Co-operative Party" is
    Labour); others as written."""
    text = name.casefold()
    for word, code in (
        ("labour", "Lab"), ("conservative", "C"), ("liberal democrat", "LD"),
        ("green", "Grn"), ("independence", "UKIP"), ("scottish national", "SNP"),
    ):  # fmt: skip
        if word in text:
            return code
    return name.strip()


@pytest.mark.parametrize("year", [2017, 2018, 2019])
def test_by_elections_say_hold_or_gain_where_the_list_names_the_defender(year: int) -> None:
    told = 0
    for built, ward_id in _by_election_wards(year):
        ward = built.ward(ward_id)
        listed = next(
            (
                parties
                for (c, w), parties in _listed(year).items()
                if w == _key(ward.name)
                and (c == _key(built.council.name) or c.startswith(_key(built.council.name) + " "))
            ),
            None,
        )
        draft = pipeline.generate(built)
        result = next(s.text for p in draft.paragraphs for s in p.sentences if ward.name in s.text)
        if ward.defending:
            # storygen named a defender: the list gives the ward one party, and the story
            # says held or took (gained)
            assert listed is not None and len(listed) == 1, f"{built.council.name} {ward.name}"
            assert re.search(r"\bheld\b|\bgained\b|\btook\b", result), result
            told += 1
        elif listed is not None and len(listed) == 1:
            # one party listed, yet no defender: the list already names the winner, or a
            # councillor elected since (Bury's Besses, 2017: Mary Whitby, up in 2022), or it
            # says only "Independent / Other" while a local or minor party stands
            assert any(
                "already lists the winner" in n
                or "a whole term after the poll" in n
                or "covers local and minor parties too" in n
                for n in built.notes
            ), built.notes
    # 2019: Spennymoor, listed as "Independent / Other" beside Spennymoor Independents, is none;
    # 2017: the 2016 list has 2018's winners in 27 of the by-election wards (up in 2022), so
    # who held the seat fought in 2017 it cannot say
    assert told >= {2017: 25, 2018: 2, 2019: 7}[year]
