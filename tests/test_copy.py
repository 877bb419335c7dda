"""Copy: news first for every council, each fact once, real names (issue: copy).

Run over every council of LEAP 2019 and LEH 2024 (and LEH 2025) as a batch drafts them, with
the councillor lists of the year before and of the poll's own year.
"""

from __future__ import annotations

import csv
import re
from functools import cache

import pytest

from storygen import pipeline
from storygen.batch import BATCH_STYLE
from storygen.model import Election, Incumbency
from storygen.realise import style
from storygen.realise.draft import Draft

from .test_figures_truth import COMPOSITIONS, elections

NUMBER_WORDS = {w: i for i, w in enumerate(style.NUMBER_WORDS) if i < 10}
PARTY = re.compile(
    r"\b(Conservatives?|Tor(?:y|ies)|Labour|Liberal Democrats?|Lib Dems?|Greens?|Green Party"
    r"|Reform UK|UKIP|Plaid Cymru|SNP|independents?)\b"
)
CANON = {"Conservative": "C", "Conservatives": "C", "Tory": "C", "Tories": "C",
         "Liberal Democrat": "LD", "Liberal Democrats": "LD", "Lib Dem": "LD", "Lib Dems": "LD",
         "Green": "Grn", "Greens": "Grn", "Green Party": "Grn"}  # fmt: skip
NUMBER = re.compile(r"\b(\d+|" + "|".join(NUMBER_WORDS) + r")\b(?! per cent)( votes?\b)?")


@cache
def drafts(year: int) -> tuple[tuple[Election, Draft], ...]:
    return tuple((e, pipeline.generate(e, settings=BATCH_STYLE)) for e in elections(year))


def body(draft: Draft) -> list[str]:
    """The sentences of the story's body, quotes left out."""
    return [s.text for p in draft.paragraphs for s in p.sentences if not s.quotes]


def party_figures(text: str) -> set[tuple[str, int, str]]:
    """(party, number, unit) a sentence states: a number after a party in the same clause, as
    votes (a majority) or seats; a one-vote majority is not the one seat a party gained."""
    text = re.sub(r"the last of the \w+ seats", "the last seat", text)
    text = re.sub(r"(\d),(\d)", r"\1\2", text)
    pairs = set()
    for clause in re.split(r"[,;:()]| while | and ", text):
        parties = [(m.start(), CANON.get(m.group(1), m.group(1))) for m in PARTY.finditer(clause)]
        for m in NUMBER.finditer(clause):
            value = NUMBER_WORDS.get(m.group(1)) or int(m.group(1).replace(",", "") or 0)
            if 1990 < value < 2100:
                continue  # a year
            before = [p for at, p in parties if at < m.start()]
            if before:
                pairs.add((before[-1], value, "votes" if m.group(2) else "seats"))
    return pairs


EMPTY_PART = re.compile(r"\(\s*\)|,\s*,|\s[,.;:]|\b(by|of|with|on|to) (votes|seats|per cent)\b|^\W")


@pytest.mark.parametrize("year", [2019, 2024])
def test_no_party_figure_twice_in_the_body(year: int) -> None:
    """Our scan counts coincidences too (a one-vote majority after a one-seat gain): 5 %."""
    repeated = []
    for election, draft in drafts(year):
        seen: dict[tuple[str, int, str], str] = {}
        for text in body(draft):
            for pair in party_figures(text):
                if pair in seen and seen[pair] != text:
                    repeated.append((election.council.name, pair, seen[pair], text))
                seen.setdefault(pair, text)
    councils = {r[0] for r in repeated}
    assert len(councils) <= 0.05 * len(drafts(year)), repeated[:10]


@pytest.mark.parametrize("year", [2019, 2024])
def test_nothing_empty_and_control_said_once(year: int) -> None:
    for election, draft in drafts(year):
        for sentence in draft.sentences():
            assert any(ch.isalnum() for ch in sentence.text), (election.council.name, sentence)
            # nothing left empty by a missing value: "()", ", ,", "by  votes", a bare stop
            assert not EMPTY_PART.search(sentence.text), (election.council.name, sentence.text)
        control = [t for t in body(draft) if re.search(r"\bcontrol\b|no overall", t)]
        assert len(control) <= 1, (election.council.name, control)
        assert draft.standfirst is None or not re.search(
            r"\b(has|holds|have|hold) \w+ of the", draft.standfirst.text
        ), draft.standfirst.text  # the seats are told once, in the body


@pytest.mark.parametrize("year", [2019, 2024, 2025])
def test_whenever_control_changed_the_lead_says_so(year: int) -> None:
    for election, draft in drafts(year):
        changed = [
            f
            for f in draft.facts
            if (f.kind == "control" and f.qualifiers.get("status") == "gained")
            or (f.kind == "no_overall_control" and f.qualifiers.get("status") == "lost")
        ]
        if not changed or any(f.id in draft.left_out for f in changed):
            continue
        lead = draft.paragraphs[0].sentences[0].text
        assert re.search(r"took control|lost control", lead), (election.council.name, lead)


def lead_of(year: int, council: str) -> str:
    draft = next(d for e, d in drafts(year) if e.council.name == council)
    return draft.paragraphs[0].sentences[0].text


def test_kent_lead_reform_took_control_as_the_conservatives_fell() -> None:
    lead = lead_of(2025, "Kent")
    assert lead.startswith("Reform UK took control of Kent from the Conservatives")
    assert "59 seats" in lead and "reduced to five" in lead


def test_durham_lead_labour_reduced_to_four() -> None:
    lead = lead_of(2025, "Durham")
    assert "Reform UK took control of Durham" in lead
    assert "Labour" in lead and "reduced to four" in lead


def test_rushmoor_lead_labour_took_control_from_the_conservatives() -> None:
    assert lead_of(2024, "Rushmoor").startswith(
        "Labour took control of Rushmoor from the Conservatives"
    )


SEAT_IN = re.compile(r"\b(?:a|\w+) seats? in ")


def test_gain_lists_name_whole_wards_before_seats_in_a_ward() -> None:
    """'took Coney Hill, a seat in Moreland and two seats in Kingsway': a whole ward after 'a
    seat in X' would read as part of X's name."""
    checked = 0
    for election, draft in (pair for year in (2019, 2024, 2025) for pair in drafts(year)):
        names = sorted({w.name for w in election.wards}, key=len, reverse=True)
        for text in body(draft):
            for n, name in enumerate(names):
                text = text.replace(name, f"Ward{n}")  # names with commas and "and"s
            for m in re.finditer(r"(?:took|gained) (.+?) from ", text):
                parts = re.split(r", | and (?=(?:a|\w+) seats? in )", m.group(1))
                partial = [bool(SEAT_IN.match(p)) for p in parts]
                if any(partial) and not all(partial):
                    checked += 1
                    assert partial == sorted(partial), (election.council.name, text)
    assert checked >= 3


def test_lost_control_says_what_the_seats_before_were() -> None:
    """Gloucester 2024: every seat up, the Conservatives defended 22 (the 2023 list); the
    2023 snapshot has 21, so '22 seats' alone would be against an unnamed baseline."""
    lead = lead_of(2024, "Gloucester")
    assert "The Conservatives lost control of Gloucester" in lead
    assert "reduced from the 22 seats they defended to 11" in lead


def test_a_snapshot_the_results_cannot_give_is_not_the_composition() -> None:
    """Southampton 2024: the 2024 snapshot's Labour 36 is beyond the 33 to 34 the 2023
    composition and the day's results allow; no seat total, no 'tightens grip' (the results
    have Labour down one), needs review; control, a majority either way, is said."""
    _election, draft = next(p for p in drafts(2024) if p[0].council.name == "Southampton")
    text = " ".join(body(draft)) + " " + draft.headline.text
    assert "36 seats" not in text and "grip" not in text and "one more seat" not in text
    assert lead_of(2024, "Southampton") == "Labour kept control of Southampton."
    assert draft.review


@pytest.mark.parametrize(
    ("council", "ward"),
    [("North Northamptonshire", "Higham Ferrers"), ("Northumberland", "Cramlington Village")],
)
def test_counts_that_miss_an_unreadable_ward_are_said_as_the_least(council: str, ward: str) -> None:
    """LEH 2025 marks more winners than seats in these wards (checked on the raw rows in
    test_figures_truth): seats won, gains and beaten councillors there cannot be counted, so
    the council's totals are 'at least'; an exact total would be a guess."""
    election, draft = next(p for p in drafts(2025) if p[0].council.name == council)
    assert any(w.name == ward and w.void for w in election.wards)
    text = " ".join(body(draft))
    counts = re.findall(r"(?:[Ii]n all, |[Aa]t least |won |took )(\w+) (?:sitting|seats)", text)
    assert counts, text
    assert "In all," not in text and "at least" in text.lower()


def test_parties_level_on_most_beaten_councillors_are_named_together() -> None:
    """Thanet 2019: four beaten Conservatives and four beaten Thanet Independents."""
    _election, draft = next(p for p in drafts(2019) if p[0].council.name == "Thanet")
    (said,) = [s for s in body(draft) if "sitting councillors lost" in s]
    assert said.endswith("four of them Conservatives and four Thanet Independents.")


def test_apiece_is_only_for_parties_that_moved_alike() -> None:
    """Cambridge 2019: the Lib Dems two up on 2018's 13, others (2 then 1) one down: not 'two
    more apiece' (compositions file, raw)."""
    rows = {int(r["year"]): r for r in csv.DictReader(COMPOSITIONS.open(encoding="utf-8"))
            if r["authority"] == "Cambridge"}  # fmt: skip
    assert (int(rows[2018]["ld"]), int(rows[2019]["ld"])) == (13, 15)
    assert (int(rows[2018]["other"]), int(rows[2019]["other"])) == (2, 1)
    _election, draft = next(p for p in drafts(2019) if p[0].council.name == "Cambridge")
    text = " ".join(body(draft))
    # against 2018's row "two more"; since Trumpington's vacancy is settled, the night's own
    # change is known and the standing gives the seats alone
    assert "apiece" not in text
    assert "Lib Dems, with 15, were two more" in text or "the Lib Dems on 15" in text


@pytest.mark.parametrize("year", [2019, 2025])
def test_in_all_only_when_every_beaten_candidate_is_known_to_be_or_not_be_a_councillor(
    year: int,
) -> None:
    """'In all, N sitting councillors lost' is a total: said only where no beaten candidate's
    incumbency is in doubt (a list's namesake, a ward whose defenders are not named), else
    'At least N'."""
    totals = floors = 0
    for election, draft in drafts(year):
        text = " ".join(body(draft))
        doubtful = any(
            c.incumbent is Incumbency.UNKNOWN and c.elected is False
            for w in election.wards
            if w.declared and not w.void
            for c in w.candidates
        )
        if re.search(r"In all, \w+ sitting councillors lost", text):
            totals += 1
            assert not doubtful, election.council.name
        if re.search(r"At least \w+ sitting councillors lost", text):
            floors += 1
    assert totals and floors
