"""The copy-desk checker: every claim in a sentence must trace to that sentence's own facts.

Numbers, number words, percentages, fractions, parties, wards, people and areas are found with
spaCy (a blank English pipeline, a PhraseMatcher built from the election's own names) and
compared with the figures and entities of the facts the sentence realises. Quoted speech must
be a supplied quote word for word, attributed to its speaker. Evaluative words must be backed
by the qualifier a rule's threshold set. House style is linted too.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from storygen.check.nlp import checker_nlp
from storygen.detect.fact import Fact
from storygen.model import Election
from storygen.parties import party_table
from storygen.realise import style
from storygen.realise.draft import Draft, Sentence
from storygen.realise.style import (
    DEFAULT_STYLE,
    StyleSettings,
    figure,
    fraction_phrase,
    round_half_up,
)

Severity = Literal["error", "warning"]

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


class Finding(BaseModel):
    """One problem in the copy: where, what, and what was expected."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    severity: Severity
    code: str
    location: str  # "headline", "standfirst", "paragraph 3, sentence 1"
    sentence: str
    span: tuple[int, int] | None = None
    text: str | None = None  # the offending words
    message: str
    expected: str | None = None

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        what = f" {self.text!r}" if self.text else ""
        line = f"{self.severity}: {where}{self.message}{what}"
        if self.expected:
            line += f"; expected {self.expected}"
        return line


class CheckReport(BaseModel):
    """Every finding of one check; any error means the draft needs review."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    findings: tuple[Finding, ...] = ()

    @property
    def errors(self) -> list[Finding]:
        """The error-level findings."""
        return [f for f in self.findings if f.severity == "error"]

    @property
    def status(self) -> str:
        """'ok', or 'needs review' when any finding is an error."""
        return "needs review" if self.errors else "ok"


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

        table = party_table()
        codes = {c.party for w in election.wards for c in w.candidates}
        codes |= {d.party for w in election.wards for d in w.defending}
        for party in [*table, *(table.local(c) for c in codes if c not in table)]:
            if party.code == "Oth":
                continue  # "other" and "others" are ordinary words
            add(party.name, "PARTY", f"party/{party.code}")
            for surface in sorted({*party.nouns, *party.adjectives, *party.registered}):
                add(surface, "PARTY", f"party/{party.code}")
        for ward in election.wards:
            add(ward.name, "WARD", ward.id)
            for cand in ward.candidates:
                add(cand.name, "PERSON", cand.id)
        for area in election.areas:
            add(area.name, "AREA", area.id)
        by_person = {p.id: p for p in election.people}
        candidate_ids = {c.name.casefold(): c.id for w in election.wards for c in w.candidates}
        for person in election.people:
            add(person.name, "PERSON", person.id)
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
        self.facts = {f.id: f for f in facts}
        self.settings = settings
        self.nlp = checker_nlp()
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        surfaces = [*vocabulary.names, *sorted(vocabulary.council)]
        # one key for every name: the span's text finds its entry again
        self.matcher.add("NAME", [_surface_key(s) for s in surfaces])  # type: ignore[misc]

    # -- one sentence ------------------------------------------------------------------------

    def check_sentence(
        self,
        text: str,
        fact_ids: Sequence[str],
        quote_ids: Sequence[str],
        location: str,
        previous: str | None = None,
    ) -> list[Finding]:
        """Every finding for one sentence, given the facts and quotes it should rest on."""
        facts = [self.facts[i] for i in fact_ids if i in self.facts]
        quotes = [q for q in self.vocab.quotes if q.id in quote_ids]
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

        masked, spoken = self._check_quotes(text, previous, find)
        allowed = _allowed(facts, quotes or spoken)
        masked = self._check_evaluative(masked, allowed, find)
        masked = self._check_dates(masked, find)
        masked = self._check_fractions(masked, allowed, find)
        doc = self.nlp.make_doc(masked)
        names = self._check_names(doc, allowed, find)
        self._check_numbers(doc, names, allowed, find)
        self._lint(text, masked, doc, previous, find)
        return findings

    def _check_quotes(
        self, text: str, previous: str | None, find: _Find
    ) -> tuple[str, list[QuoteInfo]]:
        masked = text
        spoken: list[QuoteInfo] = []
        for match in QUOTE.finditer(text):
            said = _normal(match.group(1))
            source = next((q for q in self.vocab.quotes if said and said in _normal(q.text)), None)
            span = (match.start(1), match.end(1))
            if source is None:
                closest = difflib.get_close_matches(
                    said, [_normal(q.text) for q in self.vocab.quotes], n=1, cutoff=0
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
                n = NUMBER_WORDS.get(word, int(word) if word.isdigit() else None)
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
            if token.text.isdigit():
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
    if after[:1] in (["point"], ["points"]) or after[:1] == ["percentage"]:
        return None  # a change of a share or a swing ("fell by nine points"): not votes
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
    return CheckReport(findings=tuple(findings))


def check_text(
    text: str, draft: Draft, vocabulary: Vocabulary, settings: StyleSettings = DEFAULT_STYLE
) -> CheckReport:
    """Check an edited text against the election's facts.

    Each sentence is matched to the most similar sentence of the generated draft and checked
    against that sentence's facts; a sentence unlike any in the draft is checked against every
    fact (and flagged, as nothing says which facts it means to state).
    """
    checker = Checker(vocabulary, draft.facts, settings)
    nlp = checker.nlp
    drafted = draft.sentences()
    every = [f.id for f in draft.facts]
    quote_ids = [q.id for q in vocabulary.quotes]
    findings: list[Finding] = []
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    for p, block in enumerate(blocks):
        previous = None
        for s, sent in enumerate(nlp(" ".join(block.split())).sents):
            sentence = sent.text.strip()
            ratios = [difflib.SequenceMatcher(None, sentence, d.text).ratio() for d in drafted]
            best = max(range(len(drafted)), key=lambda i: ratios[i]) if drafted else None
            location = f"paragraph {p + 1}, sentence {s + 1}"
            if best is not None and ratios[best] >= 0.6:
                facts, quotes = drafted[best].facts, drafted[best].quotes
            else:
                facts, quotes = tuple(every), tuple(quote_ids)
                findings.append(
                    Finding(
                        severity="warning",
                        code="new-sentence",
                        location=location,
                        sentence=sentence,
                        message="not in the generated draft: checked against every fact",
                    )
                )
            findings += checker.check_sentence(sentence, facts, quotes, location, previous)
            previous = sentence
    return CheckReport(findings=tuple(findings))
