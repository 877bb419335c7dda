"""The Birmingham 2016 draft: what the reference report says, every number checked independently.

The expected figures here are computed in the test from the shared source files (the LEAP CSV
and the compiled context sheet), not by the code under test.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pytest

from storygen.pipeline import generate
from storygen.realise.draft import Draft, Sentence

from .conftest import BIRMINGHAM, SHARED

WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
}
PARTY_NAMES = {
    "Labour": "Lab",
    "Conservative": "C",
    "Conservatives": "C",
    "Tory": "C",
    "Tories": "C",
    "Liberal Democrat": "LD",
    "Liberal Democrats": "LD",
    "Lib Dem": "LD",
    "Lib Dems": "LD",
    "Greens": "Grn",
    "Green": "Grn",
    "UKIP": "UKIP",
}
LEAP_TO = {"Lab": "Lab", "C": "C", "LD": "LD", "Grn": "Grn", "UKIP": "UKIP"}
CONTEXT_PARTY = {"Labour": "Lab", "Conservative": "C", "Liberal Democrat": "LD"}


def half_up(value: float) -> int:
    return int(Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


class Oracle:
    """Figures computed straight from the source files."""

    def __init__(self) -> None:
        with (SHARED / "leap" / "leap-2016-05-05.csv").open(encoding="utf-8") as f:
            rows = [[c.strip() for c in r] for r in csv.reader(f) if r[0].strip() == "Birmingham"]
        with (SHARED / "birmingham-2016" / "context.csv").open(encoding="utf-8") as f:
            context = list(csv.DictReader(f))
        wards: dict[str, list[tuple[str, str, int, bool]]] = {}
        for r in rows:
            wards.setdefault(r[2], []).append((r[4], r[5], int(r[6]), r[7] == "1"))
        self.wards = wards
        self.defending = {
            c["subject"]: CONTEXT_PARTY[c["value"]]
            for c in context
            if c["fact"] == "defending_party"
        }
        self.majority: dict[str, int] = {}
        self.winner: dict[str, str] = {}
        for ward, cands in wards.items():
            ranked = sorted(cands, key=lambda c: -c[2])
            self.majority[ward] = ranked[0][2] - ranked[1][2]
            self.winner[ward] = ranked[0][1]
        self.previous = {
            c["subject"]: int(c["value"].split()[0])
            for c in context
            if c["fact"] == "previous_majority_2012" and c["value"][0].isdigit()
        }
        won = Counter(self.winner.values())
        defended = Counter(self.defending.values())
        self.net = {p: won[p] - defended[p] for p in set(won) | set(defended)}
        after = next(c["value"] for c in context if c["fact"] == "composition_after")
        self.after = {
            CONTEXT_PARTY[m.group(1)]: int(m.group(2))
            for m in re.finditer(r"(Labour|Conservative|Liberal Democrat) (\d+)", after)
        }
        votes: Counter[str] = Counter()
        stood: Counter[str] = Counter()
        for cands in wards.values():
            for _, party, n, _ in cands:
                votes[party] += n
                stood[party] += 1
        total = sum(votes.values())
        self.share = {p: half_up(100 * v / total) for p, v in votes.items()}
        self.stood = dict(stood)
        turnout = next(c["value"] for c in context if c["fact"] == "turnout")
        self.turnout = float(turnout.split()[0])
        self.gains = sum(1 for w in wards if self.winner[w] != self.defending[w])

    def allowed(self, text: str) -> set[int]:
        """Every figure a sentence naming these wards and parties may state."""
        allowed = {120, len(self.wards), 2016, 5, 2018, half_up(self.turnout), self.gains}
        named_wards = [w for w in self.wards if re.search(rf"\b{re.escape(w)}\b", text)]
        allowed.add(len(named_wards))
        for ward in named_wards:
            allowed.add(self.majority[ward])
            if ward in self.previous:
                allowed |= {self.previous[ward], 2012}
        for name, code in PARTY_NAMES.items():
            if re.search(rf"\b{name}\b", text):
                allowed |= {abs(self.net.get(code, 0)), self.share.get(code, -1)}
                allowed |= {self.after.get(code, -1), self.stood.get(code, -1)}
        return allowed


ORACLE = Oracle()


@pytest.fixture(scope="module")
def draft() -> Draft:
    return generate(BIRMINGHAM)


def prose(draft: Draft) -> list[Sentence]:
    return [s for s in draft.sentences() if not s.quotes]


def numbers_in(text: str) -> list[int]:
    text = re.sub(r"(more than |about )?two thirds", " ", text)  # checked on its own below
    found = [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", text)]
    found += [WORDS[w.lower()] for w in re.findall(r"\b[A-Za-z]+\b", text) if w.lower() in WORDS]
    return found


def find(draft: Draft, *needles: str) -> Sentence:
    for sentence in draft.sentences():
        if all(n in sentence.text for n in needles):
            return sentence
    raise AssertionError(f"no sentence says all of {needles}")


def test_every_number_is_a_figure_from_the_sources(draft: Draft) -> None:
    for sentence in prose(draft):
        allowed = ORACLE.allowed(sentence.text)
        for n in numbers_in(sentence.text):
            assert n in allowed, f"{n} in {sentence.text!r} is not a figure of what it names"


def test_the_oracle_catches_a_wrong_figure() -> None:
    wrong = "Labour's Julie Johnson took Weoley by 183 votes."
    assert 183 not in ORACLE.allowed(wrong) and 182 in ORACLE.allowed(wrong)


def test_new_composition_and_net_change(draft: Draft) -> None:
    assert ORACLE.after == {"Lab": 80, "C": 29, "LD": 10}
    assert ORACLE.net == {"Lab": 2, "C": -1, "LD": -1}
    standing = find(draft, "finished with 80", "29", "10")
    assert re.search(r"Labour finished with 80 seats", standing.text)
    assert re.search(r"(Conservatives|Tories), with 29, and the (Lib Dems|Liberal Democrats), "
                     r"with 10, were down one apiece", standing.text)  # fmt: skip
    lead = draft.paragraphs[0].sentences[0].text
    assert "two seats up" in lead


def test_labour_keeps_control_until_2018(draft: Draft) -> None:
    sentence = find(draft, "Labour will stay in control", "until 2018")
    assert "control/Lab" in sentence.facts


def test_gains_and_the_defeated_incumbent(draft: Draft) -> None:
    lead = draft.paragraphs[0].sentences[0]
    assert re.search(r"Weoley from the Conservatives and Springfield from the "
                     r"(Liberal Democrats|Lib Dems)", lead.text)  # fmt: skip
    assert {"gain/weoley/Lab", "gain/springfield/Lab", "control/Lab"} <= set(lead.facts)
    freeman = find(draft, "Eddie Freeman", "beaten in Weoley")
    assert f"by {ORACLE.majority['Weoley']} votes" in freeman.text


def test_kingstanding_held_under_pressure(draft: Draft) -> None:
    sentence = find(draft, "Gary Sambrook held Kingstanding under intense pressure from Labour")
    assert str(ORACLE.majority["Kingstanding"]) in sentence.text


def test_conservative_targets_in_one_sentence(draft: Draft) -> None:
    sentence = find(draft, "Northfield, Bournville, Kings Norton and Harborne")
    assert re.search(r"(Conservative|Tory) hopes", sentence.text)
    assert "Labour clung on in all four" in sentence.text
    top = find(draft, "Sutton Vesey", "top target")
    assert "Rob Pocock" in top.text and "1,799" in top.text


def test_east_of_the_city_held_against_the_lib_dems(draft: Draft) -> None:
    sentence = find(draft, "east of the city", "Acocks Green and South Yardley")
    assert re.search(r"against the (Lib Dems|Liberal Democrats)", sentence.text)


def test_ukip_challenge_failed(draft: Draft) -> None:
    sentence = find(draft, "UKIP", "Shard End and Longbridge")
    assert "failed to materialise" in sentence.text or "came to nothing" in sentence.text


def test_turnout_and_the_share_who_did_not_vote(draft: Draft) -> None:
    sentence = find(draft, "32 per cent")
    assert "disappointing" in sentence.text  # 31.88 is below the rule's 35 per cent
    assert "more than two thirds" in sentence.text
    assert 100 - ORACLE.turnout > 200 / 3  # and it is true


def test_both_quotes_attributed_word_for_word(draft: Draft) -> None:
    clancy = [s.text for s in draft.sentences() if "Clancy" in s.text and s.quotes]
    alden = [s.text for s in draft.sentences() if "Alden" in s.text and s.quotes]
    assert clancy[0].startswith("Labour council leader John Clancy said: “")
    assert alden[0].startswith("Conservative group leader Robert Alden said: “")
    reference = (SHARED.parent / "reference" / "birmingham-2016-report.txt").read_text()
    for text in clancy + alden:
        quoted = text.split("“", 1)[1].rstrip("”")
        assert quoted in reference


def test_reads_as_one_story(draft: Draft) -> None:
    lead = draft.paragraphs[0].sentences[0]
    assert lead.fragment == "lead"
    assert draft.headline.text.startswith("Labour")
    # quotes come after a paragraph with a fact they react to
    seen: set[str] = set()
    for paragraph in draft.paragraphs:
        for sentence in paragraph.sentences:
            if sentence.quotes:
                assert seen, "a quote before any fact"
            seen |= set(sentence.facts)
    # no two paragraphs open the same way
    openings = [
        p.sentences[0].text.split()[0:3] for p in draft.paragraphs if not p.sentences[0].quotes
    ]
    assert len({tuple(o) for o in openings}) == len(openings)


def test_same_input_same_bytes() -> None:
    from storygen.publish import write

    first, second = generate(BIRMINGHAM), generate(BIRMINGHAM)
    for fmt in ("text", "markdown", "json"):
        assert write(first, fmt) == write(second, fmt)
