"""The mutation suite: every edit that changes who did what is an error naming the right claim.

Drafts: the Birmingham and Kent samples and 25 batch drafts of five polling days (LEAP 2016,
2017, 2019; LEH 2024, 2025, with the councillors of the year before), built here from the
shared national files. For each sentence the mutations are made from its facts' entities, not
from the checker's parse: swap winner and loser, swap the gaining (holding) and losing
(challenging) party, change the ward, change the party credited with a seat or with control,
change hold to gain and gain to hold; and an invented sentence is added to each draft.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import pytest

from storygen.batch import _read_source
from storygen.check import Vocabulary, check_text
from storygen.check.checker import Checker
from storygen.check.support import fact_claims, proves
from storygen.detect.fact import Entity, Fact
from storygen.ingest import load_election
from storygen.ingest.imports.common import build_election
from storygen.ingest.imports.ocd import Compositions, Councillors, enrich
from storygen.model import Election
from storygen.parties import PartyTable
from storygen.pipeline import check, generate
from storygen.realise.draft import Draft, Sentence

from .conftest import FIXTURES, SHARED

COMPOSITIONS = SHARED / "ocd" / "council-composition-2016-2025.csv"
BATCH = (  # (file, councillors of the year before, councils drafted from it)
    ("leap/leap-2016-05-05.csv", None),
    ("leap/leap-2017-05-04.csv", "councillors-2016.csv"),
    ("leap/leap-2019-05-02.csv", "councillors-2018.csv"),
    ("leh/leh-2024.xlsx", "councillors-2023.csv"),
    ("leh/leh-2025.xlsx", "councillors-2024.csv"),
)
PER_FILE = 5
RELATIONAL = {
    "gain",
    "held_under_pressure",
    "held_against_challenger",
    "target_missed",
    "defeated_incumbent",
    "control",
    "no_overall_control",
    "closest_result",
    "failed_challenge",
}


@dataclass(frozen=True)
class Case:
    name: str
    election: Election
    draft: Draft


def _batch_cases(source: str, councillors: str | None) -> list[Case]:
    imported, _, _ = _read_source(SHARED / source)
    comps = Compositions.read(COMPOSITIONS)
    people = Councillors.read(SHARED / "ocd" / councillors) if councillors else None
    # councils of a dozen wards or more, most wards first: stories with gains, holds, defeats
    imported = sorted(
        (i for i in imported if len({r.ward for r in i.rows}) >= 12),
        key=lambda i: (-len({r.ward for r in i.rows}), i.council),
    )
    cases: list[Case] = []
    for item in imported:
        if len(cases) == PER_FILE:
            break
        election, _ = build_election(item, enrich(item, comps, people))
        draft = generate(election)
        kinds = {f.kind.value for s in draft.sentences() for f in draft.facts if f.id in s.facts}
        if len(kinds & RELATIONAL) < 2 or check(election, draft).status != "ok":
            continue
        cases.append(Case(f"{source}:{item.council}", election, draft))
    return cases


@cache
def all_cases() -> tuple[Case, ...]:
    cases = []
    for folder in ("birmingham-2016", "kent-2025"):
        election = load_election(FIXTURES / folder)
        cases.append(Case(folder, election, generate(election)))
    for source, councillors in BATCH:
        cases += _batch_cases(source, councillors)
    return tuple(cases)


def test_the_suite_has_enough_drafts() -> None:
    cases = all_cases()
    years = {c.election.date.year for c in cases}
    assert len(cases) >= 22 and len(years) >= 5, [c.name for c in cases]


@pytest.mark.parametrize("index", range(27))
def test_unmutated_drafts_pass(index: int) -> None:
    cases = all_cases()
    if index >= len(cases):
        pytest.skip("fewer drafts qualified")
    case = cases[index]
    report = check(case.election, case.draft)
    assert report.status == "ok", [str(f) for f in report.errors]
    # the draft read back as an editor's text passes too
    text = "\n\n".join(s.text for s in case.draft.sentences())
    back = check(case.election, case.draft, text=text)
    assert back.errors == [], [str(f) for f in back.errors]


# -- the parser copes with every phrasing: each relational sentence yields its fact's claim ----


def test_every_relational_fact_told_is_read_back_as_its_claim() -> None:
    """Each gain, hold, defeat, control... a draft tells is parsed back from one of the
    sentences that cite it as a claim that fact makes (the headline may cite without telling)."""
    missing = []
    for case in all_cases():
        checker = Checker(Vocabulary.from_election(case.election), case.draft.facts)
        facts = {f.id: f for f in case.draft.facts}
        read: dict[str, bool] = {}
        for sentence in case.draft.sentences():
            if sentence.quotes:
                continue
            claims = _claims(checker, sentence.text)
            for fact_id in sentence.facts:
                fact = facts[fact_id]
                if fact.kind.value not in RELATIONAL:
                    continue
                supported = fact_claims(fact)
                told = any(proves(s, c) for s in supported for c in claims)
                read[fact_id] = read.get(fact_id, False) or told
        missing += [(case.name, f) for f, told in read.items() if not told]
    assert not missing, missing[:10]


def _claims(checker: Checker, text: str) -> list:  # type: ignore[type-arg]
    from spacy.util import filter_spans

    from storygen.check.claims import parse_claims

    doc = checker.nlp.make_doc(text)
    spans = filter_spans([doc[s:e] for _, s, e in checker.matcher(doc)])
    return parse_claims(doc, checker.mentions(spans, doc), checker.vocab.party_of)


# -- mutations -----------------------------------------------------------------------------------


def _party_surfaces(party_id: str, table: PartyTable) -> list[str]:
    """The names a party goes by in this election (its local parties by the sources' names)."""
    code = party_id.removeprefix("party/")
    party = table.parties.get(code) or table.local(code)
    names = {party.name, *party.nouns, *party.adjectives}
    return sorted({n.removeprefix("the ") for n in names}, key=len, reverse=True)


def _find(text: str, surface: str) -> re.Match[str] | None:
    """A name standing on its own: not the start of a longer one ("Farnham Central")."""
    return re.search(rf"(?<![\w']){re.escape(surface)}(?![\w])(?! [A-Z&])", text)


def _surface(text: str, entity: Entity, table: PartyTable) -> str | None:
    options = _party_surfaces(entity.id, table) if entity.type == "party" else [entity.name]
    return next((s for s in options if _find(text, s)), None)


def _swap(text: str, a: str, b: str) -> str | None:
    if a == b or a in b or b in a or not _find(text, a) or not _find(text, b):
        return None
    marker = "\x00"
    out = re.sub(rf"(?<![\w']){re.escape(a)}(?![\w])(?! [A-Z&])", marker, text)
    out = re.sub(rf"(?<![\w']){re.escape(b)}(?![\w])(?! [A-Z&])", a, out)
    return out.replace(marker, b)


def _replace(text: str, old: str, new: str) -> str | None:
    match = _find(text, old)
    if match is None or old == new:
        return None
    return text[: match.start()] + new + text[match.end() :]


PEOPLE_PAIRS = {
    "defeated_incumbent": ("candidate", "winner"),
    "closest_result": ("winner", "loser"),
    "biggest_majority": ("winner", "loser"),
}
PARTY_PAIRS = {
    "gain": ("party", "losers"),
    "held_under_pressure": ("party", "challenger"),
    "held_against_challenger": ("party", "challenger"),
    "target_missed": ("holder", "party"),
    "control": ("party", "from"),
    "defeated_incumbent": ("party", "winner_party"),
    "closest_result": ("party", "runner_up"),
    "failed_challenge": ("party", "holder"),
}
CREDITED = {"gain", "control", "composition", "held_under_pressure", "held_against_challenger",
            "closest_result", "no_overall_control"}  # fmt: skip
VERBS = {"held": "gained", "holds": "gains", "took": "held", "gained": "held", "gains": "holds",
         "taken": "held"}  # fmt: skip


def mutations(case: Case, sentence: Sentence) -> Iterator[tuple[str, str]]:
    """(kind, mutated text) for one sentence, made from its facts' entities."""
    facts: list[Fact] = [f for f in case.draft.facts if f.id in sentence.facts]
    text = sentence.text
    table = case.election.party_table()
    # a local party named after its ward ("Ashtead gained Ashtead"): which words are which
    # cannot be told from the text alone, so such a sentence is not mutated by name
    wards = {w.name for w in case.election.wards}
    parties = {s for f in facts for es in f.entities.values() for e in es if e.type == "party"
               for s in _party_surfaces(e.id, table)}  # fmt: skip
    if wards & parties:
        return
    ward_ids = {e.id for f in facts for e in f.entities.get("ward", ())}
    party_ids = {e.id for f in facts for es in f.entities.values() for e in es if e.type == "party"}
    for fact in facts:
        kind = fact.kind.value
        if kind in PEOPLE_PAIRS:
            a, b = (fact.entities.get(r, ()) for r in PEOPLE_PAIRS[kind])
            if a and b and (out := _swap(text, a[0].name, b[0].name)):
                yield "swap winner and loser", out
        if kind in PARTY_PAIRS:
            a, b = (fact.entities.get(r, ()) for r in PARTY_PAIRS[kind])
            if a and b and a[0].id != b[0].id:
                sa, sb = _surface(text, a[0], table), _surface(text, b[0], table)
                if sa and sb and (out := _swap(text, sa, sb)):
                    yield "swap gaining and losing party", out
        for ward in fact.entities.get("ward", ()):
            if ward.name in text:
                other = _other_ward(case, ward_ids, party_ids, text)
                if other and (out := _replace(text, ward.name, other)):
                    yield "change the ward", out
                break
        if kind in CREDITED:
            credited = fact.entities.get("party") or fact.entities.get("largest", ())
            if credited:
                old = _surface(text, credited[0], table)
                new = _other_party(case, party_ids, text)
                if old and new and (out := _replace(text, old, new)):
                    yield "change the party credited", out
    for ward in (e for f in facts for e in f.entities.get("ward", ())):
        before_ward = rf"(?= (?:on in |a seat in |\w+ seats in )?{re.escape(ward.name)})"
        verb = re.search(rf"\b({'|'.join(VERBS)})\b{before_ward}", text)
        if verb:
            yield (
                "hold to gain and back",
                text[: verb.start()] + VERBS[verb.group(1)] + text[verb.end() :],
            )
            break


def _winner_party(case: Case, ward_id: str) -> str | None:
    for fact in case.draft.facts:
        if fact.kind.value == "ward_result" and fact.entity("ward").id == ward_id:
            return fact.entity("winner_party").id
    return None


def _other_ward(case: Case, ward_ids: set[str], party_ids: set[str], text: str) -> str | None:
    """A ward of the election this sentence does not speak of, won by none of its parties."""
    for ward in sorted(case.election.wards, key=lambda w: w.name):
        if ward.id in ward_ids or ward.name in text or ward.void:
            continue
        if _winner_party(case, ward.id) not in party_ids:
            return ward.name
    return None


def _other_party(case: Case, party_ids: set[str], text: str) -> str | None:
    """A party that stood but that none of this sentence's facts names."""
    stood = sorted({f"party/{c.party}" for w in case.election.wards for c in w.candidates})
    for party in stood:
        if party in party_ids or party in ("party/Oth", "party/Ind"):
            continue
        surface = _party_surfaces(party, case.election.party_table())[0]
        if not _find(text, surface):
            return surface
    return None


def invented(case: Case) -> Iterator[str]:
    """Sentences no fact supports: a party winning, or holding, a ward someone else won."""
    parties = sorted({f"party/{c.party}" for w in case.election.wards for c in w.candidates})
    parties = [p for p in parties if p not in ("party/Oth", "party/Ind")]
    for ward in sorted(case.election.wards, key=lambda w: w.name):
        winner = _winner_party(case, ward.id)
        if winner is None or ward.void:
            continue
        loser = next((p for p in parties if p != winner), None)
        if loser is None:
            continue
        table = case.election.party_table()
        them, us = _party_surfaces(loser, table)[0], _party_surfaces(winner, table)[0]
        yield f"The {them} won {ward.name} from the {us}."
        yield f"The {them} held {ward.name}."
        return


def test_every_mutation_is_an_error_naming_the_sentence_and_the_expected_claim() -> None:
    missed: list[tuple[str, str, str, list[str]]] = []
    made: dict[str, int] = {}
    for case in all_cases():
        vocab = Vocabulary.from_election(case.election)
        checker = Checker(vocab, case.draft.facts)
        sentences = [s for s in case.draft.sentences() if not s.quotes]
        edits = [(k, t) for s in sentences for k, t in mutations(case, s)]
        edits += [("insert an invented sentence", t) for t in invented(case)]
        for kind, text in edits:
            made[kind] = made.get(kind, 0) + 1
            report = check_text(text, case.draft, vocab, checker=checker)
            claims = [
                f
                for f in report.errors
                if f.code.startswith("claim-") and f.sentence == text and f.expected
            ]
            if not claims:
                missed.append((case.name, kind, text, [str(f) for f in report.errors]))
    assert not missed, f"{len(missed)} of {sum(made.values())} missed: {missed[:8]}"
    # the suite is not vacuous: every kind of mutation was made, and many times
    assert set(made) == {
        "swap winner and loser",
        "swap gaining and losing party",
        "change the ward",
        "change the party credited",
        "hold to gain and back",
        "insert an invented sentence",
    }, made
    assert sum(made.values()) >= 300, made
