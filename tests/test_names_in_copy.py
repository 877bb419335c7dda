"""Names as a reporter writes them, over whole batches of the real shared files: no raw party
code in prose, no one named by an initial where a councillor list gives the full name, the
lists' names for winners and defenders, ward names in house style with their ids unchanged."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from storygen import batch, pipeline
from storygen.ingest.imports.common import normalise_name, tidy_person, tidy_place
from storygen.model import Election, Incumbency, slugify
from storygen.names import person_key, same_person
from storygen.parties import party_table
from storygen.realise.draft import Draft

from .conftest import SHARED
from .test_figures_truth import elections

OCD = SHARED / "ocd"
COMPOSITIONS = OCD / "council-composition-2016-2025.csv"


@dataclass(frozen=True)
class Batch:
    """Every council of one file, with its draft."""

    elections: list[Election]
    drafts: list[Draft]
    before: Path
    after: Path


def _batch(year: int) -> Batch:
    """The batch of the year's file with the lists of the year before and of its own year
    (read once for the whole run: the same elections test_figures_truth and test_copy use)."""
    before, after = OCD / f"councillors-{year - 1}.csv", OCD / f"councillors-{year}.csv"
    found = list(elections(year))
    drafts = [pipeline.generate(e, results=True) for e in found]
    return Batch(found, drafts, before, after)


@pytest.fixture(scope="module")
def leap_2019() -> Batch:
    return _batch(2019)


@pytest.fixture(scope="module")
def leh_2024() -> Batch:
    return _batch(2024)


def prose(draft: Draft) -> str:
    """The story's own words: headline, standfirst and paragraphs, not the results box."""
    return "\n".join(s.text for s in draft.sentences() if s not in draft.results)


def raw_codes(election: Election, text: str) -> list[str]:
    """The local party codes a text prints, once every name it may print is taken out."""
    table = election.party_table()
    national = party_table()
    codes = {c.party for w in election.wards for c in w.candidates}
    codes |= {d.party for w in election.wards for d in w.defending}
    codes = {c for c in codes if c not in national}
    allowed = {election.council.name, *(w.name for w in election.wards)}
    allowed |= {c.name for w in election.wards for c in w.candidates}
    allowed |= {p.name for p in election.people} | {a.name for a in election.areas}
    for code in codes:
        party = table.party(code)
        if not party.unnamed:
            allowed |= {party.name, *party.nouns, *party.adjectives, *party.registered}
    for name in sorted(allowed, key=len, reverse=True):
        text = text.replace(name, " ")
    return sorted(c for c in codes if re.search(rf"(?<!\w){re.escape(c)}(?!\w)", text))


@pytest.mark.parametrize("which", ["leap_2019", "leh_2024"])
def test_no_raw_party_code_reaches_prose(which: str, request: pytest.FixtureRequest) -> None:
    run: Batch = request.getfixturevalue(which)
    found = {
        e.council.name: codes
        for e, d in zip(run.elections, run.drafts, strict=True)
        if (codes := raw_codes(e, prose(d)))
    }
    assert not found, found
    # and the local parties are there, by their names or described
    named = [
        d.council
        for e, d in zip(run.elections, run.drafts, strict=True)
        if any(p.noun in prose(d) or p.noun.capitalize() in prose(d) for p in e.parties)
    ]
    described = [d.council for d in run.drafts if "local party" in prose(d)]
    assert len(named) >= 10 and (described or which == "leh_2024"), (named, described)


def test_results_boxes_keep_the_codes(leap_2019: Batch) -> None:
    ashfield = next(d for d in leap_2019.drafts if d.council == "Ashfield")
    assert any("(Ashfield)" in s.text for s in ashfield.results)
    assert "the Ashfield Independents" in prose(ashfield).replace("The Ashfield", "the Ashfield")


def _lists(path: Path) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """A councillor list by normalised council and ward: (name, party)."""
    out: dict[str, dict[str, list[tuple[str, str]]]] = {}
    with path.open(encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            council = out.setdefault(normalise_name(row["Council"]), {})
            council.setdefault(normalise_name(row["Ward Name"]), []).append(
                (row["Councillor Name"].strip(), row["Party Name"])
            )
    return out


INITIAL = re.compile(r"^((?:[A-Z]\.)+) (.+)$")


def _agrees(code: str, listed: str) -> bool:
    table = party_table()
    a, b = table.get(code), table.get(listed)
    return (a is None and b is None) or (a is not None and b is not None and a.code == b.code)


def test_no_one_named_by_initial_where_a_list_gives_the_full_name(leh_2024: Batch) -> None:
    """An initial ("V. Nicholson") only where no list of the ward gives this person's first
    name: by the plain test of a full first name with that initial and the same surname, of
    the candidate's party, the only one of the ward's candidates it fits (winners in the list
    of the poll's year, anyone in the year before's)."""
    before, after = _lists(leh_2024.before), _lists(leh_2024.after)
    found = []
    initials = 0
    for election in leh_2024.elections:
        key = normalise_name(election.council.name)
        for ward in election.wards:
            wkey = normalise_name(ward.name)
            for cand in ward.candidates:
                match = INITIAL.match(cand.name)
                if not match:
                    continue
                initials += 1
                letter, surname = match.group(1)[0], match.group(2).casefold()
                listed = list(before.get(key, {}).get(wkey, []))
                if cand.elected:
                    listed += after.get(key, {}).get(wkey, [])
                full = {
                    name
                    for name, party in listed
                    if name.split()[-1].casefold() == surname
                    and re.match(rf"{letter}[a-z]", name.split()[0])
                    and _agrees(cand.party, party)
                }
                rivals = [
                    c
                    for c in ward.candidates
                    if c.name.split()[-1].casefold() == surname and c.name[0] == letter
                ]
                if len(full) == 1 and len(rivals) == 1:
                    found.append(f"{election.council.name}, {ward.name}: {cand.name} {full}")
    assert initials > 1000  # the results give most candidates by initial ...
    assert not found, found  # ... but never one a list names in full


@cache
def _listed_people(path: Path) -> dict[str, set[str]]:
    """A councillor list's full names by normalised council."""
    out: dict[str, set[str]] = {}
    with path.open(encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            name = row["Councillor Name"].strip()
            if not INITIAL_IN_PROSE.fullmatch(name):
                out.setdefault(normalise_name(row["Council"]), set()).add(name)
    return out


INITIAL_IN_PROSE = re.compile(r"\b(?:[A-Z]\. ?)+[A-Z][\w'-]+")


@pytest.mark.parametrize("which", ["leap_2019", "leh_2024"])
def test_prose_names_no_one_by_initial_the_lists_name_in_full(
    which: str, request: pytest.FixtureRequest
) -> None:
    """As a reader sees it: no "T. Gould" in the copy where the council's lists (the year
    before's or the poll year's) give one full name that fits, whatever party or ward the
    list has them in (a councillor who changed party, or stood in another ward). A list that
    spells the surname otherwise ("Mandy Buxton" for the ballot's "M. Buxton-Andrews") does not
    name them in full: the ballot's spelling is kept."""
    run: Batch = request.getfixturevalue(which)
    found = []
    for election, draft in zip(run.elections, run.drafts, strict=True):
        key = normalise_name(election.council.name)
        listed = _listed_people(run.before).get(key, set()) | _listed_people(run.after).get(
            key, set()
        )
        for m in INITIAL_IN_PROSE.finditer(prose(draft)):
            surname = person_key(m[0]).surname
            full = {n for n in listed if same_person(n, m[0]) and person_key(n).surname == surname}
            if len(full) == 1:
                found.append((election.council.name, m[0], *full))
    assert not found, found


def test_names_from_the_lists(leh_2024: Batch) -> None:
    hartlepool = next(e for e in leh_2024.elections if e.council.name == "Hartlepool")
    victoria = next(w for w in hartlepool.wards if w.name == "Victoria")
    # a sitting councillor for De Bruce, beaten in Victoria: the year before's list names her
    nicholson = next(c for c in victoria.candidates if "Nicholson" in c.name)
    assert nicholson.name == "Veronica Nicholson" and nicholson.incumbent is Incumbency.YES
    winner = next(c for c in victoria.candidates if c.elected)
    assert winner.name == "Christopher Wallace"  # the list of 2024 names the winner
    draft = next(d for d in leh_2024.drafts if d.council == "Hartlepool")
    assert "Veronica Nicholson" in prose(draft) and "V. Nicholson" not in prose(draft)
    # the candidate id stays the results' own (edits key on it)
    assert nicholson.id == f"candidate/victoria/{slugify('Nicholson, V.')}"


def test_trafford_2022_open_data_names_as_the_list(tmp_path: Path) -> None:
    source = SHARED / "trafford" / "2022-local_election_results_2022.csv"
    jobs, failures, _ = batch.collect(
        [source],
        COMPOSITIONS,
        OCD / "councillors-2021.csv",
        "Trafford",
        councillors_after=OCD / "councillors-2022.csv",
    )
    assert not failures
    (election,) = [j.election for j in jobs]
    timperley = next(w for w in election.wards if w.name == "Timperley")
    names = [c.name for c in timperley.candidates]
    assert "Nathan Evans" in names and not any("Morris France" in n for n in names)


def test_ward_names_in_house_style(leh_2024: Batch) -> None:
    for election in leh_2024.elections:
        for ward in election.wards:
            assert ward.name == tidy_place(ward.name)  # house style, and stable
            assert not re.search(r"\bSt\.", ward.name)
            assert not re.search(r" (And|Upon|On|The|Of|In|With) ", ward.name)
            assert not ward.name.isupper()


@pytest.mark.parametrize(
    ("raw", "tidy"),
    [
        ("Stocksbridge And Upper Don", "Stocksbridge and Upper Don"),
        ("St. Marys", "St Marys"),  # no apostrophe the source does not give
        ("ST. MARY'S", "St Mary's"),
        ("St.Mary's", "St Mary's"),
        ("THEYDON BOIS", "Theydon Bois"),
        ("POUND HILL NORTH & Forge Wood", "Pound Hill North & Forge Wood"),
        ("Bourton-On-The-Water And Northleach", "Bourton-on-the-Water and Northleach"),
        ("Chester-Le-Street East", "Chester-le-Street East"),
        ("Newcastle Upon Tyne", "Newcastle upon Tyne"),
        ("Boreham and The Leighs", "Boreham and the Leighs"),
        ("Amble West With Warkworth", "Amble West with Warkworth"),
        ("Dunstable &ndash; Central", "Dunstable \u2013 Central"),
        ("Bryn-crug/&#8203;Llanfihangel", "Bryn-crug/Llanfihangel"),
        ("The Wrekin", "The Wrekin"),  # the first word keeps its capital
        ("RAF Halton", "RAF Halton"),  # one capitalised word is an acronym
        ("Ashby De La Zouch", "Ashby De La Zouch"),  # only the listed words are lowered
        ("Abersoch gyda Llanengan", "Abersoch gyda Llanengan"),  # written properly: kept
        ("abbey", "Abbey"),
    ],
)
def test_tidy_place(raw: str, tidy: str) -> None:
    assert tidy_place(raw) == tidy


def test_ward_ids_key_on_the_source_name(leh_2024: Batch) -> None:
    """A tidied ward keeps the id of the name the source gives (samples and edits key on it)."""
    bury = next(e for e in leh_2024.elections if e.council.name == "Bury")
    ward = next(w for w in bury.wards if w.name.startswith("St Mary"))
    assert ward.name == "St Mary's" and ward.id == "ward/" + slugify("St. Mary's")


@pytest.mark.parametrize(
    ("raw", "tidy"),
    [
        ("Bullock, D.", "D. Bullock"),
        ("Bullock D.", "D. Bullock"),
        ("Baldwin k.", "K. Baldwin"),
        ("Barnard RC.", "R.C. Barnard"),
        ("Nicholson, V.", "V. Nicholson"),
        ("Anand Rao Chinthala", "Anand Rao Chinthala"),
        ("Howard, Ray", "Ray Howard"),
        ("Rachel L\u201a\u00c4\u00f4Olive", "Rachel L\u2019Olive"),  # UTF-8 read as Mac Roman
        ("David Saunders (NOT ELECTED)", "David Saunders"),  # a tie marker (LEAP 2019)
        ("Aled ap Dafydd\u00e2\u20ac\u2122s", "Aled ap Dafydd\u2019s"),  # read as Windows-1252
    ],
)
def test_tidy_person(raw: str, tidy: str) -> None:
    assert tidy_person(raw) == tidy


def test_open_data_commonly_used_names(tmp_path: Path) -> None:
    """The names the ballot paper printed, where the file gives them."""
    source = SHARED / "trafford" / "2022-local_election_results_2022.csv"
    lines = source.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], [r for r in lines[1:] if ",Timperley," in r]
    rows = [
        r.replace("EVANS,Nathan Morris France,NA,NA", "EVANS,Nathan Morris France,NA,Nat")
        for r in rows
    ]
    path = tmp_path / "trafford" / "results.csv"
    path.parent.mkdir()
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    jobs, failures, _ = batch.collect([path], council="Trafford")
    assert not failures
    names = [c.name for w in jobs[0].election.wards for c in w.candidates]
    assert "Nat Evans" in names
    # the id stays that of the full name
    ids = [c.id for w in jobs[0].election.wards for c in w.candidates]
    assert "candidate/timperley/nathan-morris-france-evans" in ids
    # Trafford 2021 gives them: "James McGlashan", who stood as James
    jobs, _, _ = batch.collect(
        [SHARED / "trafford" / "2021-local_election_results_2021.csv"], council="Trafford"
    )
    names = [c.name for w in jobs[0].election.wards for c in w.candidates]
    assert "James McGlashan" in names and "Ben Slater" in names
