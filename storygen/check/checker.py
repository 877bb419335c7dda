"""The copy-desk checker: every claim in a sentence must trace to that sentence's own facts.

Numbers, number words, percentages, fractions, parties, wards, people and areas are found with
spaCy (a blank English pipeline, a PhraseMatcher built from the election's own names) and
compared with the figures and entities of the facts the sentence realises. Quoted speech must
be a supplied quote word for word, attributed to its speaker. Evaluative words must be backed
by the qualifier a rule's threshold set. House style is linted too.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Protocol

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from storygen.check.claims import Claim, Mention, parse_claims
from storygen.check.nlp import checker_nlp
from storygen.check.support import Supported, closest, contradicts, describe, fact_claims, proves
from storygen.check.text import read_export
from storygen.detect.fact import Fact
from storygen.findings import CheckReport, Finding, Severity
from storygen.model import Election
from storygen.parties import PartyTable, party_table
from storygen.realise import style
from storygen.realise.draft import Draft, Sentence
from storygen.realise.style import (
    DEFAULT_STYLE,
    StyleSettings,
    figure,
    fraction_phrase,
    round_half_up,
)

NUMBER_WORDS = {word: value for value, word in enumerate(style.NUMBER_WORDS)}
MONTHS = style.MONTHS
DATE = re.compile(rf"\b(\d{{1,2}}) ({'|'.join(MONTHS)}) (\d{{4}})\b")
FRACTION = re.compile(
    r"\b(?:more than |about |nearly )?(?:two thirds|three quarters|a third|a quarter|half)\b",
    re.I,
)
QUOTE = re.compile(r"“([^”]*)”")

# Evaluative phrases and the qualifier (set by a rule's threshold) each one needs.
# Evaluative phrases and the qualifier (set by a rule's threshold) each one needs; the value
# may name several qualifiers that make the phrase true ("more than doubled" is true of a
# majority that more than trebled).
EVALUATIVE: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (
        re.compile(r"\bmore than doubled\b", re.I),
        "change",
        "more_than_doubled|more_than_trebled|more_than_tenfold",
    ),
    (
        re.compile(r"\bmore than trebled\b", re.I),
        "change",
        "more_than_trebled|more_than_tenfold",
    ),
    (re.compile(r"\bmore than tenfold\b", re.I), "change", "more_than_tenfold"),
    (re.compile(r"\bfell by more than half\b", re.I), "change", "more_than_halved"),
    (re.compile(r"\bdisappointing\b", re.I), "level", "low"),
    (re.compile(r"\bhealthy\b|\bturnout was high\b", re.I), "level", "high"),
    (re.compile(r"\bintense pressure\b", re.I), "pressure", "intense"),
    (re.compile(r"\bclung on\b|\bclinging on\b|\bnarrowly\b", re.I), "narrow", "yes"),
    (re.compile(r"\btop target\b", re.I), "top", "yes"),
    (re.compile(r"\bconsolation\b|\bsomething to cheer\b", re.I), "consolation", "yes"),
    (re.compile(r"\bcame within\b", re.I), "close", "yes"),
    (re.compile(r"\blos(?:t|e|es|ing) control\b", re.I), "status", "lost"),
    (re.compile(r"\b(?:took|takes?|taking) control\b", re.I), "status", "gained"),
    (
        re.compile(r"\b(?:kept|keeps?|keeping) control\b|\bstay in control\b", re.I),
        "status",
        "retained",
    ),
)
# All of them in one pattern, so a sentence is scanned once; the group name says which.
EVALUATIVE_ANY = re.compile(
    "|".join(f"(?P<e{i}>{pattern.pattern})" for i, (pattern, _, _) in enumerate(EVALUATIVE)),
    re.I,
)
# Comparisons a sentence may make only when it realises a fact of these kinds.
COMPARATIVE: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (
        re.compile(r"\b(?:highest|lowest) turnout\b|\bturnout ranged\b", re.I),
        frozenset({"turnout"}),
    ),
    (re.compile(r"\blargest party\b", re.I), frozenset({"no_overall_control", "neighbour"})),
    (re.compile(r"\bclosest\b|\bnowhere was closer\b", re.I), frozenset({"closest_result"})),
    (re.compile(r"\bbiggest majorit", re.I), frozenset({"biggest_majority"})),
    (
        re.compile(r"\bahead of\b|\bbehind\b|\bthe most (?:votes|seats)\b", re.I),
        frozenset({"vote_share", "composition"}),
    ),
)
# Evaluative words no rule sets a threshold for: always an error in copy we vouch for.
UNBACKED = re.compile(
    r"\b(comfortabl[ey]|landslide|thumping|easily|crushing|resounding|humiliat\w*|"
    r"stunning|dramatic(ally)?|sensational|shock|massive|huge|surge[ds]?|collapsed?|"
    r"marginal|safe seat|(?<!more than )(?:doubled|tripled|trebled|halved|quadrupled)|"
    r"\d+ times)\b",
    re.I,
)
# "down one", "two seats up": a change and its direction
DIRECTIONS = (
    re.compile(r"\b(?P<dir>up|down) (?P<n>\w+)\b", re.I),
    re.compile(r"\b(?P<n>\w+)(?: seats?)? (?P<dir>up|down)\b", re.I),
)
# Substrings one of which every pattern above contains (a cheap first pass).
_TRIGGERS = (
    "doubled", "trebled", "tripled", "tenfold", "halved", "quadrupled", "times", "more than half",
    "disappointing", "healthy", "high", "pressure", "clung", "clinging", "narrowly",
    "top target", "consolation", "cheer", "came within", "control", "comfortabl", "landslide",
    "thumping", "easily", "crushing", "resounding", "humiliat", "stunning", "dramatic",
    "sensational", "shock", "massive", "huge", "surge", "collapse", "marginal", "safe seat",
    "lowest", "ranged", "largest", "closest", "closer", "biggest", "ahead", "behind", "most",
)  # fmt: skip
VOTE_KEYS = re.compile(r"majority|margin|votes|short_by")
SEAT_KEYS = re.compile(
    r"^(seats|change|before|short_by|majority_needed|total_seats|leader_seats|seats_up|from_top|ward_seats)"
)


class _Find(Protocol):
    def __call__(
        self,
        severity: Severity,
        code: str,
        message: str,
        span: tuple[int, int] | None = None,
        expected: str | None = None,
    ) -> None: ...


@dataclass(frozen=True)
class QuoteInfo:
    """A supplied quote and its speaker."""

    id: str
    text: str
    speaker_id: str
    speaker: str
    party_id: str | None


@dataclass(frozen=True)
class Vocabulary:
    """The names of one election the checker can recognise, each mapped to its entity ids."""

    names: dict[str, tuple[str, frozenset[str]]]  # surface -> (label, entity ids)
    display: dict[str, str]  # entity id -> the name to show in a finding
    council: frozenset[str]
    quotes: tuple[QuoteInfo, ...]
    polling_day: date
    council_id: str = "council"
    party_of: dict[str, str] = field(default_factory=dict)  # candidate or person -> party id
    parties: PartyTable = field(default_factory=party_table)  # with the election's local ones

    @classmethod
    def from_election(cls, election: Election) -> Vocabulary:
        """Every party, ward, area, candidate and person of an election."""
        names: dict[str, tuple[str, set[str]]] = {}
        display: dict[str, str] = {}

        def add(surface: str, label: str, entity_id: str) -> None:
            surface = surface.strip().removeprefix("the ")
            if not surface:
                return
            display.setdefault(entity_id, surface)
            _, ids = names.setdefault(surface, (label, set()))
            ids.add(entity_id)

        table = election.party_table()
        codes = {c.party for w in election.wards for c in w.candidates}
        codes |= {d.party for w in election.wards for d in w.defending}
        for party in [*table, *(table.local(c) for c in codes if c not in table)]:
            if party.code == "Oth":
                continue  # "other" and "others" are ordinary words
            add(party.name, "PARTY", f"party/{party.code}")
            for surface in sorted({*party.nouns, *party.adjectives, *party.registered}):
                add(surface, "PARTY", f"party/{party.code}")
        party_of: dict[str, str] = {}
        for ward in election.wards:
            add(ward.name, "WARD", ward.id)
            for cand in ward.candidates:
                add(cand.name, "PERSON", cand.id)
                party_of[cand.id] = f"party/{cand.party}"
        for area in election.areas:
            add(area.name, "AREA", area.id)
        by_person = {p.id: p for p in election.people}
        candidate_ids = {c.name.casefold(): c.id for w in election.wards for c in w.candidates}
        for person in election.people:
            add(person.name, "PERSON", person.id)
            if person.party:
                party_of[person.id] = f"party/{person.party}"
            if person.name.casefold() in candidate_ids:
                add(person.name, "PERSON", candidate_ids[person.name.casefold()])
        quotes = tuple(
            QuoteInfo(
                id=q.id,
                text=q.text,
                speaker_id=q.speaker,
                speaker=by_person[q.speaker].name,
                party_id=f"party/{q.party}" if q.party else None,
            )
            for q in election.quotes
        )
        council = {election.council.name}
        if election.council.full_name:
            council.add(election.council.full_name)
        return cls(
            names={k: (label, frozenset(ids)) for k, (label, ids) in names.items()},
            display=display,
            council=frozenset(council),
            quotes=quotes,
            polling_day=election.date,
            council_id=election.council.id,
            party_of=party_of,
            parties=table,
        )


@dataclass
class _Allowed:
    numbers: set[int] = field(default_factory=set)
    decimals: set[str] = field(default_factory=set)
    fractions: set[str] = field(default_factory=set)
    entities: set[str] = field(default_factory=set)
    qualifiers: set[tuple[str, str]] = field(default_factory=set)
    stated: dict[int, str] = field(default_factory=dict)  # figure -> how to show it as expected
    kinds: set[str] = field(default_factory=set)
    changes: set[int] = field(default_factory=set)  # signed changes of seats
    votes: set[int] = field(default_factory=set)  # figures that count votes
    seats: set[int] = field(default_factory=set)  # figures that count seats
    percents: set[int] = field(default_factory=set)  # rounded shares and turnouts
    counts: set[int] = field(default_factory=set)  # how many facts, wards, parties


def _allowed(facts: Sequence[Fact], quotes: Sequence[QuoteInfo]) -> _Allowed:
    allowed = _Allowed()
    kinds: Counter[str] = Counter()
    by_role: dict[str, set[str]] = {}
    for fact in facts:
        kinds[fact.kind.value] += 1
        allowed.kinds.add(fact.kind.value)
        for key, value in fact.figures.items():
            if isinstance(value, bool) or value is None or isinstance(value, str):
                continue
            if isinstance(value, int):
                allowed.numbers |= {value, abs(value)}
                allowed.stated.setdefault(abs(value), f"{key}={figure(value)}")
                if key.startswith("change"):
                    allowed.changes.add(value)
                if VOTE_KEYS.search(key):
                    allowed.votes.add(abs(value))
                if SEAT_KEYS.search(key):
                    allowed.seats.add(abs(value))
            else:
                rounded = int(round_half_up(value))
                allowed.numbers.add(rounded)
                allowed.percents.add(rounded)
                allowed.decimals.add(f"{round_half_up(value, 1):.1f}")
                allowed.stated.setdefault(rounded, f"{key}={rounded}")
                if 0 <= value <= 100:
                    phrase = fraction_phrase(value)
                    if phrase:
                        allowed.fractions.add(phrase.lower())
        for role, entities in fact.entities.items():
            ids = {e.id for e in entities}
            allowed.entities |= ids
            by_role.setdefault(role, set()).update(ids)
        allowed.qualifiers |= set(fact.qualifiers.items())
    # counts the copy may state (facts grouped, wards listed): never as votes, seats or shares
    allowed.counts = {len(facts), *kinds.values(), *(len(ids) for ids in by_role.values())}
    for quote in quotes:
        allowed.entities.add(quote.speaker_id)
        if quote.party_id:
            allowed.entities.add(quote.party_id)
    return allowed


class Checker:
    """Checks sentences against their facts for one election."""

    def __init__(
        self, vocabulary: Vocabulary, facts: Iterable[Fact], settings: StyleSettings = DEFAULT_STYLE
    ) -> None:
        self.vocab = vocabulary
        # each quote's words normalised once, not once per sentence (20,000 quotes, issue 15)
        self.quote_texts = [(q, _normal(q.text)) for q in vocabulary.quotes]
        self.quote_order = {q.id: i for i, q in enumerate(vocabulary.quotes)}
        self.facts = {f.id: f for f in facts}
        self.settings = settings
        self.nlp = checker_nlp()
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        # councils: this one, and the neighbours its facts name
        councils: dict[str, set[str]] = {n: {vocabulary.council_id} for n in vocabulary.council}
        self.entity_names: dict[str, str] = dict(vocabulary.display)
        for fact in self.facts.values():
            for entities in fact.entities.values():
                for entity in entities:
                    self.entity_names.setdefault(entity.id, entity.formal or entity.name)
                    if entity.type == "council":
                        for surface in (entity.name, entity.formal):
                            if surface:
                                councils.setdefault(surface, set()).add(entity.id)
        self.councils = {k: frozenset(v) for k, v in councils.items()}
        surfaces = [*vocabulary.names, *sorted(self.councils)]
        # one key for every name: the span's text finds its entry again
        self.matcher.add("NAME", [_surface_key(s) for s in surfaces])  # type: ignore[misc]
        self._supported: dict[str, list[Supported]] = {}
        self._results: list[Fact] | None = None
        # a general election's facts have their own roles: their claims are not parsed yet
        self.claims = not any(f.rule.startswith("general.") for f in self.facts.values())

    # -- one sentence ------------------------------------------------------------------------

    def check_sentence(
        self,
        text: str,
        fact_ids: Sequence[str],
        quote_ids: Sequence[str],
        location: str,
        previous: str | None = None,
        new: bool = False,
    ) -> list[Finding]:
        """Every finding for one sentence, given the facts and quotes it should rest on.

        `new`: an editor's sentence that is in no draft, checked against every fact.
        """
        facts = [self.facts[i] for i in fact_ids if i in self.facts]
        cited = sorted({self.quote_order[i] for i in quote_ids if i in self.quote_order})
        quotes = [self.quote_texts[i][0] for i in cited]
        findings: list[Finding] = []

        def find(
            severity: Severity,
            code: str,
            message: str,
            span: tuple[int, int] | None = None,
            expected: str | None = None,
        ) -> None:
            findings.append(
                Finding(
                    severity=severity,
                    code=code,
                    location=location,
                    sentence=text,
                    span=span,
                    text=text[span[0] : span[1]] if span else None,
                    message=message,
                    expected=expected,
                )
            )

        masked, spoken = self._check_quotes(text, previous, find, cited)
        allowed = _allowed(facts, quotes or spoken)
        # evaluative words are checked, and left in the words read for figures, names and
        # claims ("took control" is a claim); quotes, dates and fractions are taken out
        outside = self._check_evaluative(masked, allowed, find)
        outside = self._check_dates(outside, find)
        outside = self._check_fractions(outside, allowed, find)
        masked = FRACTION.sub(_blanked, DATE.sub(_blanked, masked))
        doc = self.nlp.make_doc(masked)
        names = self._check_names(doc, allowed, find)
        self._check_numbers(doc, names, allowed, find)
        if self.claims:
            self._check_claims(doc, names, facts, new, find)
        self._lint(text, outside, doc, previous, find)
        return findings

    def supported(self, fact: Fact) -> list[Supported]:
        """The claims a fact makes (worked out once per fact)."""
        if fact.id not in self._supported:
            self._supported[fact.id] = fact_claims(fact)
        return self._supported[fact.id]

    def mentions(self, names: Sequence[Span], doc: Doc) -> list[Mention]:
        """The names of a sentence as mentions with their labels and entity ids."""
        out = []
        for span in names:
            if span.text in self.councils:
                label, ids = "COUNCIL", self.councils[span.text]
            elif span.text in self.vocab.names:
                label, ids = self.vocab.names[span.text]
                kinds = {i.split("/", 1)[0] for i in ids}
                if len(kinds) > 1:
                    # a local party named after its ward ("Hextable gained Hextable"): "in" a
                    # place is the ward, otherwise the party
                    before = doc[span.start - 1].lower_ if span.start else ""
                    after = doc[span.end].lower_ if span.end < len(doc) else ""
                    place = before in _BEFORE_A_PLACE or after == "by-election"
                    prefix = "ward" if place and "ward" in kinds else None
                    prefix = prefix or ("party" if "party" in kinds else sorted(kinds)[0])
                    label = _LABEL_OF.get(prefix, label)
                    ids = frozenset(i for i in ids if i.startswith(prefix + "/"))
            else:
                continue
            out.append(Mention(label, ids, span.start, span.end, span.text))
        return out

    def _check_claims(
        self, doc: Doc, names: Sequence[Span], facts: Sequence[Fact], new: bool, find: _Find
    ) -> None:
        mentions = self.mentions(names, doc)
        claims = parse_claims(doc, mentions, self.vocab.party_of)
        if new and not claims:
            named = bool(mentions) or any(t.like_num for t in doc)
            if named:
                find(
                    "error",
                    "claim-missing",
                    "names a party, person, ward or figure but states nothing a fact supports",
                    None,
                    "a claim one of the election's facts makes",
                )
            else:
                find(
                    "warning",
                    "unchecked-sentence",
                    "unchecked sentence: it names no party, person, ward or figure",
                )
            return
        supported = [s for fact in facts for s in self.supported(fact)]
        for claim in claims:
            if claim.relation == "member":
                if self._member(claim):
                    continue
                best = None
            elif any(proves(s, claim) for s in supported):
                continue
            else:
                best = closest(claim, supported)
            said = describe(claim, {**self.entity_names, **claim_names(claim)})
            if claim.relation == "member":
                parties = sorted(
                    {
                        self.entity_names.get(self.vocab.party_of[i], self.vocab.party_of[i])
                        for i in claim.roles.get("candidate", frozenset())
                        if i in self.vocab.party_of
                    }
                )
                find(
                    "error",
                    "claim-contradicted",
                    f"the records give this person another party: “{said}”",
                    claim.span,
                    " or ".join(parties) or "no party",
                )
            elif best is not None and contradicts(best, claim):
                find(
                    "error",
                    "claim-contradicted",
                    f"the facts say otherwise: “{said}”",
                    claim.span,
                    describe(best.claim, self.entity_names, best.statuses) + f" (fact {best.fact})",
                )
            else:
                find(
                    "error",
                    "claim-unsupported",
                    f"no fact supports “{said}”",
                    claim.span,
                    describe(best.claim, self.entity_names, best.statuses) + f" (fact {best.fact})"
                    if best is not None
                    else "a claim one of the election's facts makes",
                )

    def check_result_line(
        self, line: str, location: str, fact_ids: Sequence[str] | None = None
    ) -> list[Finding]:
        """A line of a results box ("Weoley: Julie Johnson (Lab) 2,125, ... Lab gain from C.
        Majority 182.") against its ward's result (one of `fact_ids`, when the draft says)."""
        findings: list[Finding] = []
        results = self._ward_results()
        if fact_ids is not None:
            results = [f for f in results if f.id in fact_ids]
        if fact_ids is not None and not results:
            return findings  # a line of another kind of box (a general election's)

        def find(message: str, expected: str, words: str | None = None) -> None:
            start = line.find(words) if words else -1
            findings.append(
                Finding(
                    severity="error",
                    code="results-box",
                    location=location,
                    sentence=line,
                    span=(start, start + len(words)) if words and start >= 0 else None,
                    text=words if start >= 0 else None,
                    message=message,
                    expected=expected,
                )
            )

        # the ward whose name opens the line (a name may hold ": " itself)
        fact = max(
            (f for f in results if line.startswith(f.entity("ward").name + ": ")),
            key=lambda f: len(f.entity("ward").name),
            default=None,
        )
        ward_name = fact.entity("ward").name if fact else line.partition(": ")[0]
        body = line[len(ward_name) + 2 :]
        if fact is None:
            find(
                "a results line for no ward of this election", "a ward's name, then ': '", ward_name
            )
            return findings
        table = self.vocab.parties

        def abbreviation(party_id: str) -> str:
            return table.party(party_id.removeprefix("party/")).pa

        end = 0
        taken: set[int] = set()
        candidates = zip(fact.entities["candidates"], fact.entities["parties"], strict=False)
        for cand, party_entity in candidates:
            # an entry opens the list or follows ", "; two candidates may share a name
            opening = next(
                (entry for entry in _entries(body, cand.name) if entry[0] not in taken),
                None,
            )
            found = _RESULT_ENTRY.match(body, opening[1]) if opening else None
            if opening is None or found is None:
                find("a candidate of this ward left out", cand.name)
                continue
            taken.add(opening[0])
            end = max(end, found.end())
            party, votes = found.group("pa"), found.group("votes")
            if party != abbreviation(party_entity.id):
                find(
                    f"{cand.name} stood for another party",
                    abbreviation(party_entity.id),
                    f"{cand.name} ({party})",
                )
            stated = int(votes.replace(",", "")) if votes else None
            expected = fact.figures.get(f"votes:{cand.id}")
            if stated != expected:
                find(
                    f"{cand.name}'s votes",
                    figure(expected) if isinstance(expected, int) else "none",
                    f"{cand.name} ({party}) {votes}" if votes else cand.name,
                )
        rest = body[end:].lstrip(". ")
        outcome = fact.qualifiers.get("outcome")
        gain = _RESULT_GAIN.match(rest)
        hold = _RESULT_HOLD.match(rest)
        gainers = "/".join(abbreviation(e.id) for e in fact.entities.get("gainers", ()))
        losers = "/".join(abbreviation(e.id) for e in fact.entities.get("losers", ()))
        held = abbreviation(fact.entity("winner_party").id)
        said = {"gain": f"{gainers} gain from {losers}", "hold": f"{held} hold"}.get(
            str(outcome), "no gain or hold"
        )
        if outcome in ("gain", "hold") and rest.startswith(said + "."):
            pass  # as the result has it (a party's name may hold a full stop: "St. Neots")
        elif gain and (outcome != "gain" or (gain.group(1), gain.group(2)) != (gainers, losers)):
            find("the outcome", said, gain.group(0))
        elif hold and (outcome != "hold" or hold.group(1) != held):
            find("the outcome", said, hold.group(0))
        elif outcome in ("gain", "hold") and not gain and not hold:
            find("the outcome left out", said)
        majority = _RESULT_MAJORITY.search(rest[len(said) :] if rest.startswith(said) else rest)
        expected_majority = fact.figures.get("majority")
        if majority and int(majority.group(1).replace(",", "")) != expected_majority:
            find(
                "the majority",
                figure(expected_majority) if isinstance(expected_majority, int) else "none",
                majority.group(0),
            )
        return findings

    def _ward_results(self) -> list[Fact]:
        """The facts a results box's lines are checked against (found once per draft)."""
        if self._results is None:
            self._results = [
                f
                for f in self.facts.values()
                if f.kind.value == "ward_result"
                and not f.rule.startswith("general.")
                and {"ward", "candidates", "parties", "winner_party"} <= set(f.entities)
            ]
        return self._results

    def _member(self, claim: Claim) -> bool:
        """A person's party as the copy gives it, against the records."""
        people = claim.roles.get("candidate", frozenset())
        parties = claim.roles.get("party", frozenset())
        return any(self.vocab.party_of.get(i) in parties for i in people)

    def _check_quotes(
        self, text: str, previous: str | None, find: _Find, cited: Sequence[int] = ()
    ) -> tuple[str, list[QuoteInfo]]:
        masked = text
        spoken: list[QuoteInfo] = []
        for match in QUOTE.finditer(text):
            said = _normal(match.group(1))
            # the quotes the sentence cites first: with thousands of quotes, no scan of them all
            first = [self.quote_texts[i] for i in cited]
            source = next(
                (
                    q
                    for q, norm in itertools.chain(first, self.quote_texts)
                    if said and said in norm
                ),
                None,
            )
            span = (match.start(1), match.end(1))
            if source is None:
                closest = difflib.get_close_matches(
                    said, [norm for _, norm in self.quote_texts], n=1, cutoff=0
                )
                find(
                    "error",
                    "quote-not-verbatim",
                    "quoted words are not a supplied quote, word for word",
                    span,
                    f"“{closest[0]}”" if closest else "a quote supplied with the election",
                )
            else:
                spoken.append(source)
                outside = text[: match.start()] + text[match.end() :]
                context = outside + " " + (previous or "")
                surname = source.speaker.split()[-1]
                if source.speaker not in context and not re.search(rf"\b{surname}\b", context):
                    find(
                        "error",
                        "quote-unattributed",
                        "quote not attributed to its speaker",
                        span,
                        source.speaker,
                    )
            masked = (
                masked[: match.start()]
                + " " * (match.end() - match.start())
                + masked[match.end() :]
            )
        return masked, spoken

    def _check_evaluative(self, masked: str, allowed: _Allowed, find: _Find) -> str:
        lowered = masked.lower()
        if " up" in lowered or " down" in lowered:
            self._check_directions(masked, allowed, find)
        if not any(trigger in lowered for trigger in _TRIGGERS):
            return masked  # most sentences: no evaluative word at all, no regex run
        for match in UNBACKED.finditer(masked):
            find(
                "error",
                "unsupported-evaluation",
                "an evaluative word no rule threshold supports",
                match.span(),
                "plain figures, or a word a rule's threshold backs",
            )
        for match in EVALUATIVE_ANY.finditer(masked):
            _, key, values = EVALUATIVE[int((match.lastgroup or "e0")[1:])]
            if not any((key, value) in allowed.qualifiers for value in values.split("|")):
                find(
                    "error",
                    "unsupported-evaluation",
                    "evaluative words no rule threshold supports",
                    match.span(),
                    f"a fact qualified {key}={values.split('|')[0]}",
                )
            masked = _blank(masked, match.span())
        for pattern, kinds in COMPARATIVE:
            for match in pattern.finditer(masked):
                if not kinds & allowed.kinds:
                    find(
                        "error",
                        "unsupported-comparison",
                        "a comparison none of this sentence's facts makes",
                        match.span(),
                        "a fact of kind " + " or ".join(sorted(kinds)),
                    )
        return masked

    def _check_directions(self, masked: str, allowed: _Allowed, find: _Find) -> None:
        for pattern in DIRECTIONS:
            for match in pattern.finditer(masked):
                word, up = match.group("n").lower(), match.group("dir").lower() == "up"
                n = NUMBER_WORDS.get(word, int(word) if word.isascii() and word.isdigit() else None)
                if not n or (n if up else -n) in allowed.changes:
                    continue
                find(
                    "error",
                    "unsupported-direction",
                    "a change this sentence's facts do not record",
                    match.span(),
                    ", ".join(f"{c:+d}" for c in sorted(allowed.changes)) or "no change",
                )

    def _check_dates(self, masked: str, find: _Find) -> str:
        for match in DATE.finditer(masked):
            day, month, year = (
                int(match.group(1)),
                MONTHS.index(match.group(2)) + 1,
                int(match.group(3)),
            )
            try:
                stated = date(year, month, day)
            except ValueError:
                stated = None
            if stated != self.vocab.polling_day:
                find(
                    "error",
                    "unsupported-date",
                    "a date that is not polling day",
                    match.span(),
                    f"{self.vocab.polling_day.day} {MONTHS[self.vocab.polling_day.month - 1]} "
                    f"{self.vocab.polling_day.year}",
                )
            masked = _blank(masked, match.span())
        return masked

    def _check_fractions(self, masked: str, allowed: _Allowed, find: _Find) -> str:
        for match in FRACTION.finditer(masked):
            if match.group(0).lower() not in allowed.fractions:
                find(
                    "error",
                    "unsupported-fraction",
                    "a fraction no figure of this sentence's facts makes true",
                    match.span(),
                    " or ".join(sorted(allowed.fractions)) or "no fraction",
                )
            masked = _blank(masked, match.span())
        return masked

    def _check_names(self, doc: Doc, allowed: _Allowed, find: _Find) -> list[Span]:
        spans = filter_spans([doc[s:e] for _, s, e in self.matcher(doc)])
        for span in spans:
            if span.text in self.vocab.council:
                continue
            entry = self.vocab.names.get(span.text)
            if entry is None:
                continue
            label, ids = entry
            if ids & allowed.entities:
                continue
            expected = sorted(
                {
                    self.vocab.display[i]
                    for name, (lab, other) in self.vocab.names.items()
                    if lab == label
                    for i in other & allowed.entities
                }
            )
            find(
                "error",
                f"unsupported-{label.lower()}",
                f"{label.lower()} not among this sentence's facts",
                (span.start_char, span.end_char),
                _expect(expected, label),
            )
        return spans

    def _check_numbers(self, doc: Doc, names: list[Span], allowed: _Allowed, find: _Find) -> None:
        inside = {t.i for span in names for t in span}
        for token in doc:
            if token.i in inside:
                continue
            value: int | None = None
            word = token.lower_
            first = token.text[0]
            if not first.isdigit() and word not in NUMBER_WORDS:
                continue
            if _INTEGER.fullmatch(token.text):
                value = int(token.text.replace(",", ""))
            elif _DECIMAL.fullmatch(token.text):
                if token.text not in allowed.decimals:
                    find(
                        "error",
                        "unsupported-number",
                        "a figure not in this sentence's facts",
                        (token.idx, token.idx + len(token.text)),
                        _expect_numbers(allowed, doc.text),
                    )
                continue
            elif word in NUMBER_WORDS and word != "zero":
                value = NUMBER_WORDS[word]
            if value is None:
                continue
            role = _role(doc, token.i)
            if role == "votes":
                ok, what = value in allowed.votes, "a figure of votes"
            elif role == "seats":
                ok, what = value in allowed.seats, "a figure of seats"
            elif role == "percent":
                ok, what = value in allowed.percents, "a share or turnout"
            else:
                ok = value in allowed.numbers or value in allowed.counts
                what = "a figure"
            if ok:
                continue
            find(
                "error",
                "unsupported-number",
                f"not {what} of this sentence's facts",
                (token.idx, token.idx + len(token.text)),
                _expect_numbers(allowed, doc.text),
            )

    # -- house style ---------------------------------------------------------------------------

    def _lint(self, text: str, masked: str, doc: Doc, previous: str | None, find: _Find) -> None:
        limit = self.settings.number_words_limit
        stripped = text.lstrip("“‘\"' ")
        if stripped[:1].isdigit():
            find(
                "error",
                "style-figure-start",
                "sentence starts with a figure",
                (0, 1),
                "the number in words, or a rewording",
            )
        tokens = list(doc)
        for i, token in enumerate(tokens):
            nxt = tokens[i + 1].lower_ if i + 1 < len(tokens) else ""
            if token.text.isascii() and token.text.isdigit():
                n = int(token.text)
                if 1 <= n <= limit and nxt not in ("per", "%"):
                    find(
                        "warning",
                        "style-number-words",
                        f"write {n} in words",
                        (token.idx, token.idx + len(token.text)),
                        f"numbers up to {limit} in words",
                    )
                if n >= 10000 or (n >= 1000 and not 1900 <= n <= 2099):
                    find(
                        "warning",
                        "style-thousands",
                        "thousands without a comma",
                        (token.idx, token.idx + len(token.text)),
                        figure(n),
                    )
            elif token.lower_ in NUMBER_WORDS and NUMBER_WORDS[token.lower_] > limit:
                find(
                    "warning",
                    "style-number-words",
                    "write this number in figures",
                    (token.idx, token.idx + len(token.text)),
                    f"figures above {limit}",
                )
            if token.text == "%" or token.lower_ == "percent":
                find(
                    "warning",
                    "style-per-cent",
                    "per cent in words",
                    (token.idx, token.idx + len(token.text)),
                    "per cent",
                )
        words = len(re.findall(r"\b\w[\w'’-]*\b", masked))
        if words > self.settings.max_sentence_words:
            find(
                "warning",
                "style-long-sentence",
                f"{words} words outside quotes",
                None,
                f"at most {self.settings.max_sentence_words}",
            )
        if previous and _opening(text) and _opening(text) == _opening(previous):
            find(
                "warning",
                "style-repeated-opening",
                "same opening as the sentence before",
                (0, len(" ".join(_opening(text)))),
                "a different opening",
            )


def _entries(body: str, name: str) -> Iterator[tuple[int, int]]:
    """Where "NAME (" opens a results line's list or follows ", " in it: the start (of the
    ", ") and the end, as `re.finditer(rf"(?:^|, ){re.escape(name)} \\(", body)` gives them,
    without compiling a pattern per candidate."""
    opening = f"{name} ("
    position = 0
    if body.startswith(opening):
        yield 0, len(opening)
        position = len(opening)
    following = ", " + opening
    while (start := body.find(following, position)) >= 0:
        position = start + len(following)
        yield start, position


_RESULT_ENTRY = re.compile(r"(?P<pa>.+?)\)(?: (?P<votes>\d[\d,]*\d|\d))?(?=, |\.(?: |$)|$)")
_RESULT_GAIN = re.compile(r"(.+?) gain from (.+?)\.(?: |$)")
_RESULT_HOLD = re.compile(r"(.+?) hold\.(?: |$)")
_RESULT_MAJORITY = re.compile(r"\bMajority ([\d,]+)\.")
# words after which a name that is both a local party and its ward is the ward
_BEFORE_A_PLACE = frozenset(
    {"in", "of", "for", "gained", "took", "held", "won", "taking", "gaining", "holding", "and",
     "retained", "kept", "lost", ","}
)  # fmt: skip
_LABEL_OF = {
    "party": "PARTY", "ward": "WARD", "candidate": "PERSON", "person": "PERSON", "area": "AREA"
}  # fmt: skip
_INTEGER = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_DECIMAL = re.compile(r"\d+\.\d+")
_PLAIN_NAME = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")


@lru_cache(maxsize=50_000)
def _surface_key(surface: str) -> tuple[int, ...]:
    """A name as the ORTH ids of its tokens, split the way the tokenizer splits copy.

    PhraseMatcher takes these arrays as patterns as readily as Docs, without re-validating a
    Doc per pattern; cached, since party names recur in every election of a batch.
    """
    nlp = checker_nlp()
    if _PLAIN_NAME.fullmatch(surface):
        return tuple(nlp.vocab.strings.add(w) for w in surface.split(" "))
    return tuple(t.orth for t in nlp.make_doc(surface))


COUNT_WORDS = {"of", "gains", "gain", "wards", "ward", "councillors", "candidates", "parties"}


def _role(doc: Doc, i: int) -> str | None:
    """What a number counts, from the words around it: votes, seats, a share, or unknown."""
    after = [t.lower_ for t in doc[i + 1 : i + 3]]
    before = [t.lower_ for t in doc[max(0, i - 2) : i]]
    if after[:2] == ["per", "cent"]:
        return "percent"
    if after[:1] in (["vote"], ["votes"]) or before[-1:] == ["by"] or before == ["majority", "of"]:
        return "votes"
    if after[:1] and after[0] in COUNT_WORDS:
        return None  # "32 of 40 wards", "four gains": a count, whatever precedes it
    if after[:1] in (["seat"], ["seats"]) or before[-1:] in (["with"], ["on"]):
        return "seats"
    return None


def _opening(text: str) -> tuple[str, ...]:
    words = re.findall(r"[\w'’]+", text.lower())
    return tuple(words[:2]) if len(words) >= 2 else ()


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip()


def _blanked(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _blank(text: str, span: tuple[int, int]) -> str:
    return text[: span[0]] + " " * (span[1] - span[0]) + text[span[1] :]


def _expect(names: list[str], label: str) -> str:
    if not names:
        return f"no {label.lower()} here"
    return "one of " + ", ".join(names[:8])


def _expect_numbers(allowed: _Allowed, text: str) -> str:
    shown = {int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", text)}
    unstated = [desc for value, desc in sorted(allowed.stated.items()) if value not in shown]
    if not unstated:
        return "no further figure"
    more = f" (and {len(unstated) - EXPECT_MAX} more)" if len(unstated) > EXPECT_MAX else ""
    return "one of " + ", ".join(unstated[:EXPECT_MAX]) + more


EXPECT_MAX = 8  # figures named in one finding: enough to see the right one, not a dump


def claim_names(claim: Claim) -> dict[str, str]:
    """The words a claim names its entities by, keyed by entity id."""
    return {
        i: claim.names[role]
        for role, ids in claim.roles.items()
        if role in claim.names
        for i in ids
    }


def _location(paragraph: int | None, sentence: int | None) -> str:
    if paragraph is None:
        return "headline" if sentence == 0 else "standfirst"
    return f"paragraph {paragraph + 1}, sentence {(sentence or 0) + 1}"


def check_draft(
    draft: Draft, vocabulary: Vocabulary, settings: StyleSettings = DEFAULT_STYLE
) -> CheckReport:
    """Check a generated draft, each sentence against the facts it says it realises."""
    checker = Checker(vocabulary, draft.facts, settings)
    findings: list[Finding] = []
    heads: list[Sentence] = [draft.headline, *([draft.standfirst] if draft.standfirst else [])]
    for i, sentence in enumerate(heads):
        findings += checker.check_sentence(
            sentence.text, sentence.facts, sentence.quotes, _location(None, i)
        )
    for p, paragraph in enumerate(draft.paragraphs):
        previous = None
        for s, sentence in enumerate(paragraph.sentences):
            findings += checker.check_sentence(
                sentence.text, sentence.facts, sentence.quotes, _location(p, s), previous
            )
            previous = sentence.text
    for n, sentence in enumerate(draft.results):
        findings += checker.check_result_line(
            sentence.text, f"results, line {n + 1}", sentence.facts
        )
    return CheckReport(findings=tuple(findings))


def check_text(
    text: str,
    draft: Draft,
    vocabulary: Vocabulary,
    settings: StyleSettings = DEFAULT_STYLE,
    checker: Checker | None = None,
) -> CheckReport:
    """Check an edited text (a text, Markdown or HTML export) against the election's facts.

    Each sentence is matched to the most similar sentence of the generated draft and checked
    against that sentence's facts; a sentence unlike any in the draft is checked against every
    fact (and flagged, as nothing says which facts it means to state). The lines of a results
    box are checked against their ward's result.
    """
    checker = checker or Checker(vocabulary, draft.facts, settings)
    nlp = checker.nlp
    heads: list[Sentence] = [draft.headline, *([draft.standfirst] if draft.standfirst else [])]
    drafted = heads + [s for p in draft.paragraphs for s in p.sentences]
    exact = {d.text: d for d in drafted}
    every = [f.id for f in draft.facts]
    quote_ids = [q.id for q in vocabulary.quotes]
    findings: list[Finding] = []
    export = read_export(text)
    for p, block in enumerate(export.paragraphs):
        previous = None
        for s, sent in enumerate(nlp(" ".join(block.split())).sents):
            sentence = sent.text.strip()
            location = f"paragraph {p + 1}, sentence {s + 1}"
            new = False
            match = exact.get(sentence)
            if match is None and drafted:
                ratios = [difflib.SequenceMatcher(None, sentence, d.text).ratio() for d in drafted]
                best = max(range(len(drafted)), key=lambda i: ratios[i])
                match = drafted[best] if ratios[best] >= 0.6 else None
            if match is not None:
                facts, quotes = match.facts, match.quotes
            else:
                facts, quotes, new = tuple(every), tuple(quote_ids), True
                findings.append(
                    Finding(
                        severity="warning",
                        code="new-sentence",
                        location=location,
                        sentence=sentence,
                        message="not in the generated draft: checked against every fact",
                    )
                )
            findings += checker.check_sentence(sentence, facts, quotes, location, previous, new=new)
            previous = sentence
    for n, line in enumerate(export.results):
        findings += checker.check_result_line(line, f"results, line {n + 1}")
    return CheckReport(findings=tuple(findings))


def check_facts(election: Election, draft: Draft) -> tuple[Finding, ...]:
    """The facts the draft states, proved against the election's records (storygen.check.records).

    A fault is an error on every sentence that states the fact, naming the records.
    """
    from storygen.check.records import prove_facts

    stating: dict[str, list[tuple[str, Sentence]]] = {}
    heads: list[Sentence] = [draft.headline, *([draft.standfirst] if draft.standfirst else [])]
    located = [(_location(None, i), s) for i, s in enumerate(heads)]
    located += [
        (_location(p, i), s)
        for p, paragraph in enumerate(draft.paragraphs)
        for i, s in enumerate(paragraph.sentences)
    ]
    located += [(f"results, line {i + 1}", s) for i, s in enumerate(draft.results)]
    for location, sentence in located:
        for fact_id in sentence.facts:
            stating.setdefault(fact_id, []).append((location, sentence))
    # a general election's facts are not proved here yet (their own rules, their own roles)
    used = [f for f in draft.facts if f.id in stating and not f.rule.startswith("general.")]
    findings: list[Finding] = []
    for fault in prove_facts(election, used):
        records = "; ".join(fault.records[:EXPECT_MAX])
        more = (
            f" (and {len(fault.records) - EXPECT_MAX} more)"
            if len(fault.records) > EXPECT_MAX
            else ""
        )
        for location, sentence in stating[fault.fact][:1]:
            findings.append(
                Finding(
                    severity="error",
                    code="fact-not-borne-out",
                    location=location,
                    sentence=sentence.text,
                    message=f"fact {fault.fact} {fault.message}, but the records say otherwise"
                    + (f" ({records}{more})" if records else ""),
                    expected=fault.expected,
                )
            )
    return tuple(findings)
