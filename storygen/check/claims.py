"""Claims: who did what, where, with which figures, parsed from a sentence of copy.

The parser runs over the checker's blank English pipeline: the election's names are found with
a PhraseMatcher and set as the doc's entities (PARTY, WARD, PERSON, AREA, COUNCIL); relation
words are found with a rule-based `Matcher` whose patterns are written by relation and role
("took control of", "was beaten in", PARTY "'s top target"), not by whole sentences; roles are
then filled from the entities around each relation word within its clause: the agent to its
left (or the sentence's subject, for "having taken ...", "where ... held on"), the objects to
its right ("from" a loser, "against" or "under pressure from" a challenger, "by N votes").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from storygen.check.nlp import checker_nlp
from storygen.realise import style

NUMBER_WORDS = {word: value for value, word in enumerate(style.NUMBER_WORDS)}
ORDINALS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
}  # fmt: skip
LABELS = ("PARTY", "WARD", "PERSON", "AREA", "COUNCIL")
# Words that open a new clause: roles are never filled across them.
LEADERS = frozenset(
    {
        "where", "as", "while", "after", "having", "giving", "confirming", "which", "leaving",
        "although", "so", "but", "whose", "who", "losing", "ending", "finishing", "including",
        "meaning", "each", "despite", "gaining", "taking", "winning",
    }
)  # fmt: skip
HARD_STOPS = frozenset({";", ":", "(", ")", ".", "\u2014", "\u2013"})  # dashes too
FOLLOW_ON = frozenset(
    {"taking", "having", "gaining", "winning", "including", "after", "although", "ending",
     "finishing"}
)  # fmt: skip
VERB_LABELS = frozenset(
    {"GAIN", "HOLD", "WIN", "LAST_SEAT", "BEATEN", "BEAT", "CONTROL_GAINED", "CONTROL_RETAINED",
     "CONTROL_LOST", "CONTROL_SECURED", "CONTROL_HAS", "GAIN_THE_SEAT", "SHARE_VERB"}
)  # fmt: skip
TO_WORDS = frozenset({"reduced", "cut", "fell", "rose", "climbed", "dropped", "grew", "shrank"})
ROLE_WORDS = frozenset(
    {"councillor", "councillors", "council", "group", "leader", "candidate", "cabinet",
     "member", "deputy", "mayor", "fellow", "sitting", "former"}
)  # fmt: skip


@dataclass(frozen=True)
class Mention:
    """A name found in a sentence: its label, the entity ids it may be, its tokens."""

    label: str
    ids: frozenset[str]
    start: int
    end: int
    text: str


@dataclass
class Claim:
    """One claim of a sentence: a relation, the entities in each role, the figures stated."""

    relation: str
    roles: dict[str, frozenset[str]] = field(default_factory=dict)
    figures: dict[str, int] = field(default_factory=dict)
    status: str | None = None  # the kind of control claimed, the extreme of a turnout, ...
    span: tuple[int, int] = (0, 0)  # character offsets of the words it rests on
    names: dict[str, str] = field(default_factory=dict)  # role -> the words naming it

    def key(self) -> tuple[Any, ...]:
        """What makes two parsed claims the same claim."""
        return (
            self.relation,
            tuple(sorted((r, tuple(sorted(v))) for r, v in self.roles.items())),
            tuple(sorted(self.figures.items())),
            self.status,
        )


@dataclass
class _Agent:
    party: frozenset[str] = frozenset()
    person: frozenset[str] = frozenset()
    party_text: str = ""
    person_text: str = ""

    def roles(self, party_role: str = "party", person_role: str = "candidate") -> dict[str, Any]:
        out: dict[str, frozenset[str]] = {}
        if self.party:
            out[party_role] = self.party
        if self.person:
            out[person_role] = self.person
        return out

    def names(self, party_role: str = "party", person_role: str = "candidate") -> dict[str, str]:
        out = {}
        if self.party:
            out[party_role] = self.party_text
        if self.person:
            out[person_role] = self.person_text
        return out

    def __bool__(self) -> bool:
        return bool(self.party or self.person)


def _lower(*words: str) -> dict[str, Any]:
    return {"LOWER": {"IN": list(words)}}


PARTY_ENT = {"ENT_TYPE": "PARTY", "OP": "+"}
NUM = {"LIKE_NUM": True}
POSS = _lower("'s", "'", "’s", "’")

# relation label -> token patterns (the longest match wins where they overlap)
PATTERNS: dict[str, list[list[dict[str, Any]]]] = {
    "CONTROL_GAINED": [
        [_lower("took", "take", "takes", "taking"), {"LOWER": "control"}],
    ],
    "CONTROL_RETAINED": [
        [_lower("kept", "keep", "keeps", "keeping"), {"LOWER": "control"}],
        [_lower("stay", "stays", "remain", "remains"), {"LOWER": "in"}, {"LOWER": "control"}],
        [
            _lower("tighten", "tightens", "tightened", "tightening"),
            _lower("its", "their"),
            {"LOWER": "grip"},
        ],
        [_lower("tighten", "tightens", "tightened"), {"LOWER": "grip"}],
        [
            _lower("strengthen", "strengthens", "strengthened"),
            _lower("its", "their"),
            {"LOWER": "hold"},
        ],
        [_lower("strengthen", "strengthens", "strengthened"), {"LOWER": "hold"}],
    ],
    "CONTROL_LOST": [
        [_lower("lost", "lose", "loses", "losing"), {"LOWER": "control"}],
    ],
    "CONTROL_SECURED": [
        [_lower("secured", "secure", "secures", "securing"), {"LOWER": "control"}],
    ],
    "CONTROL_HAS": [
        [_lower("has", "have", "had"), {"LOWER": "control"}],
        [{"LOWER": "in"}, {"LOWER": "control"}, {"LOWER": "of"}],
        [{"LOWER": "giving"}, {"LOWER": "the", "OP": "?"}, PARTY_ENT, {"LOWER": "control"}],
    ],
    "NOC": [
        [{"LOWER": "no"}, {"LOWER": "overall"}, {"LOWER": "control"}],
        [
            {"LOWER": "no"},
            {"LOWER": "party"},
            _lower("has", "have"),
            {"LOWER": "overall"},
            {"LOWER": "control"},
        ],
    ],
    "NOC_LEFT": [
        [
            {"LOWER": "leaving"},
            {"LOWER": "no"},
            {"LOWER": "party"},
            {"LOWER": "with"},
            {"LOWER": "an"},
            {"LOWER": "overall"},
            {"LOWER": "majority"},
        ],
    ],
    "NOC_CERTAIN": [
        [
            {"LOWER": "no"},
            {"LOWER": "party"},
            {"LOWER": "can"},
            {"LOWER": "now", "OP": "?"},
            {"LOWER": "win"},
            {"LOWER": "an"},
            {"LOWER": "overall"},
            {"LOWER": "majority"},
        ],
    ],
    "LARGEST": [
        [{"LOWER": "the"}, {"LOWER": "largest"}, _lower("party", "parties")],
        [{"LOWER": "the"}, {"LOWER": "biggest"}, _lower("party", "parties")],
    ],
    "SHORT": [
        [NUM, _lower("seat", "seats"), {"LOWER": "short"}, {"LOWER": "of"}],
    ],
    "GAIN": [
        [
            _lower(
                "took",
                "take",
                "takes",
                "taking",
                "taken",
                "gained",
                "gain",
                "gains",
                "gaining",
                "captured",
                "capture",
                "captures",
                "seized",
            )
        ],
    ],
    "GAIN_THE_SEAT": [
        [
            _lower("took", "take", "takes", "taking", "gained", "gains", "gaining"),
            {"LOWER": "the"},
            {"LOWER": "seat"},
        ],
    ],
    "LAST_SEAT": [
        [
            _lower("took", "won", "take", "takes", "win", "wins", "taking", "winning"),
            {"LOWER": "the"},
            {"LOWER": "last"},
            {"LOWER": "of"},
            {"LOWER": "the"},
            NUM,
            _lower("seats"),
        ],
        [
            _lower("took", "won", "take", "takes", "win", "wins", "taking", "winning"),
            {"LOWER": "the"},
            _lower(*ORDINALS, "last", "final"),
            {"LOWER": "seat"},
        ],
    ],
    "SHARE_VERB": [
        [
            _lower(
                "took",
                "won",
                "take",
                "takes",
                "win",
                "wins",
                "taking",
                "winning",
                "had",
                "has",
                "polled",
                "got",
            ),
            NUM,
            {"LOWER": "per"},
            {"LOWER": "cent"},
        ],
    ],
    "HOLD": [
        [
            _lower(
                "held",
                "hold",
                "holds",
                "holding",
                "retained",
                "retain",
                "retains",
                "defended",
                "defends",
            )
        ],
        [
            _lower(
                "held",
                "hold",
                "holds",
                "holding",
                "clung",
                "cling",
                "clings",
                "clinging",
                "hung",
                "hang",
                "hanging",
            ),
            {"LOWER": "on"},
        ],
        [_lower("saw", "see", "sees", "seeing"), {"LOWER": "off"}],
        [_lower("kept", "keep", "keeps")],
    ],
    "STAYED_WITH": [
        [_lower("stayed", "stays", "stay", "remained", "remains"), {"LOWER": "with"}],
    ],
    "WIN": [
        [_lower("won", "win", "wins", "winning", "elected")],
        [{"LOWER": "returned"}, {"LOWER": "unopposed"}],
    ],
    "WIN_BY": [
        [_lower("won", "win", "wins", "winning"), {"LOWER": "by"}],
    ],
    "BEATEN": [
        [_lower("was", "were", "been"), _lower("beaten", "defeated", "ousted", "unseated")],
        [_lower("beaten", "defeated", "ousted", "unseated"), {"LOWER": "by"}],
        [_lower("lost", "loses", "lose"), {"LOWER": "to"}],
        [_lower("lost", "loses", "lose"), {"ENT_TYPE": "WARD", "OP": "+"}],
    ],
    "BEATEN_LIST": [
        [_lower("beaten", "defeated"), {"LOWER": "included"}],
        [{"LOWER": "lost"}, {"LOWER": "out"}],
        [{"LOWER": "casualties"}, _lower("were", "included")],
    ],
    "BEAT": [
        [_lower("beat", "beats", "defeated", "defeats", "ousted", "unseated")],
    ],
    "LOSING_BY": [
        [_lower("losing", "lost"), {"LOWER": "by"}, NUM],
    ],
    "DEFEATED_COUNT": [
        [NUM, {"LOWER": "sitting"}, {"LOWER": "councillors"}, {"LOWER": "lost"}],
    ],
    "TARGET": [
        [PARTY_ENT, POSS, {"LOWER": "top"}, {"LOWER": "target"}],
        [PARTY_ENT, POSS, {"LOWER": "target"}],
        [_lower("a", "an"), PARTY_ENT, {"LOWER": "target"}],
        [PARTY_ENT, {"LOWER": "hopes"}],
    ],
    "FAILED": [
        [{"LOWER": "failed"}, {"LOWER": "to"}, _lower("materialise", "materialize")],
        [{"LOWER": "fell"}, {"LOWER": "short"}],
        [{"LOWER": "came"}, {"LOWER": "to"}, {"LOWER": "nothing"}],
        [{"LOWER": "came"}, {"LOWER": "within"}],
        [{"LOWER": "feared"}, {"LOWER": "challenge"}],
        [{"LOWER": "challenge"}, {"LOWER": "feared"}],
    ],
    "SHUT_OUT": [
        [_lower("won", "win", "wins"), {"LOWER": "no"}, _lower("seat", "seats")],
        [_lower("won", "win", "wins"), {"LOWER": "nothing"}],
        [
            _lower("neither", "none"),
            {"LOWER": "of", "OP": "?"},
            {"LOWER": "them", "OP": "?"},
            _lower("won", "win"),
            {"LOWER": "a"},
            {"LOWER": "seat"},
        ],
        [{"LOWER": "came"}, {"LOWER": "away"}, {"LOWER": "with"}, {"LOWER": "no"}],
    ],
    "CLOSEST": [
        [{"LOWER": "closest"}],
        [{"LOWER": "nowhere"}, {"LOWER": "was"}, {"LOWER": "closer"}],
    ],
    "BIGGEST": [
        [{"LOWER": "biggest"}, _lower("majority", "majorities")],
        [{"LOWER": "largest"}, _lower("majority", "majorities")],
    ],
    "MAJ_CHANGE": [
        [{"LOWER": "from"}, NUM, {"LOWER": "in"}, NUM, {"LOWER": "to"}, NUM],
    ],
    "CHANGE": [
        [_lower("up", "down"), NUM],
        [NUM, _lower("seat", "seats"), _lower("up", "down")],
        [{"LOWER": "net"}, _lower("gain", "loss"), {"LOWER": "of"}, NUM],
        [{"LOWER": "gaining"}, NUM, _lower("seat", "seats")],
        [NUM, {"LOWER": "more"}, _lower("seat", "seats")],
        [NUM, {"LOWER": "fewer"}, _lower("seat", "seats")],
        [_lower("was", "were"), _lower("up", "down"), NUM, {"LOWER": "apiece"}],
        [{"LOWER": "despite"}, {"LOWER": "losses"}],
        [NUM, _lower("up", "down")],
    ],
    "TURNOUT_RANGE": [
        [{"LOWER": "ranged"}, {"LOWER": "from"}],
    ],
    "GAINS_TOTAL": [
        [{"LOWER": "made"}, NUM, _lower("gains", "gain")],
    ],
    "GAINS_TAKEN": [
        [
            _lower("gains"),
            _lower("were", "was"),
            _lower("seats", "seat"),
            {"LOWER": "taken"},
            {"LOWER": "from"},
        ],
    ],
}


@cache
def token_anchors() -> frozenset[str]:
    """A word each token pattern without a figure needs: a sentence with none of them and no
    figure cannot match any token pattern, so the token Matcher is not run on it."""
    anchors = set()
    for patterns in PATTERNS.values():
        for pattern in patterns:
            for expanded in _literal(pattern):
                if any(t.get("LIKE_NUM") for t in expanded) or _is_literal(expanded):
                    continue  # a figure is looked for anyway; literal phrases are not here
                words = [t["LOWER"] for t in expanded if isinstance(t.get("LOWER"), str)
                         and t.get("OP") not in ("?", "*")]  # fmt: skip
                anchors.add(max(words, key=len) if words else "")  # the rarest, roughly
    return frozenset(anchors)


@cache
def relation_matcher() -> tuple[Matcher, PhraseMatcher]:
    """The matchers of relation words, built once per process (they know no election).

    Patterns of literal words go to a PhraseMatcher (hashed, so a sentence costs the same
    however many phrasings there are); those with numbers, names or optional words to a
    token Matcher.
    """
    vocab = checker_nlp().vocab
    matcher = Matcher(vocab)
    phrases = PhraseMatcher(vocab, attr="LOWER")
    for label, patterns in PATTERNS.items():
        literal: list[Doc] = []
        tokens: list[list[dict[str, Any]]] = []
        for pattern in patterns:
            for expanded in _literal(pattern):
                if _is_literal(expanded):
                    words = [str(t["LOWER"]) for t in expanded]
                    literal.append(Doc(vocab, words=words))
                else:
                    tokens.append(expanded)
        if literal:
            phrases.add(label, literal)
        if tokens:
            matcher.add(label, _sets(tokens))
    return matcher, phrases


def _is_literal(pattern: list[dict[str, Any]]) -> bool:
    """A pattern of plain words only (no figures, names or optional words)."""
    return all(len(t) == 1 and isinstance(t.get("LOWER"), str) for t in pattern)


def _sets(patterns: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """Token patterns with the word alternatives folded back into sets (fewer patterns)."""
    folded: dict[str, list[dict[str, Any]]] = {}
    for pattern in patterns:
        folded.setdefault(repr(pattern), pattern)
    return list(folded.values())


def _literal(pattern: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """A pattern with word sets ({"LOWER": {"IN": [...]}}) as one pattern per word: spaCy tests
    literal words in compiled code, sets in Python, and a check runs the Matcher per sentence."""
    out: list[list[dict[str, Any]]] = [[]]
    for token in pattern:
        lower = token.get("LOWER")
        if isinstance(lower, dict) and set(lower) == {"IN"} and len(token) == 1:
            out = [[*p, {"LOWER": word}] for p in out for word in lower["IN"]]
        else:
            out = [[*p, token] for p in out]
    return out


def number_value(text: str) -> int | None:
    """The value of a figure or number word ("1,799", "two"), or None."""
    word = text.lower()
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    digits = text.replace(",", "")
    if digits.isascii() and digits.isdigit():  # "²" is a digit to isdigit(), not to int()
        return int(digits)
    return None


@dataclass
class _Trigger:
    label: str
    start: int
    end: int


class _Parse:
    """The state of parsing one sentence."""

    def __init__(self, doc: Doc, mentions: Sequence[Mention], party_of: dict[str, str]) -> None:
        self.doc = doc
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.at: dict[int, Mention] = {}
        for m in self.mentions:
            for i in range(m.start, m.end):
                self.at[i] = m
        self.party_of = party_of
        self.claims: list[Claim] = []
        self.subject = _Agent()
        self.n = len(doc)
        self.words: list[str] = []
        self.texts: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        for token in doc:  # one pass: each Token object is made once
            text = token.text
            self.texts.append(text)
            self.words.append(text.lower())
            self.starts.append(token.idx)
            self.ends.append(token.idx + len(text))
        self.used_in_target: set[int] = set()  # mentions that name a target's party
        self.verbs: list[_Trigger] = []  # relations whose agent opens a clause of their own
        self.last = _Agent()
        self.boundaries = self._boundaries()

    # -- structure -------------------------------------------------------------------------

    def _boundaries(self) -> list[int]:
        """Token indices where a clause starts (the sentence start included)."""
        out = [0]
        for i, word in enumerate(self.words):
            if i in self.at:
                continue
            if word in HARD_STOPS:
                out.append(i + 1)
            elif word in LEADERS:
                out.append(i)
        return sorted(set(out))

    def clause(self, i: int) -> tuple[int, int]:
        """The clause holding token i: [start, end), ending before the next relation's agent
        ("the Greens won one seat in X, ..., and Plaid Cymru won two seats in Y")."""
        start = max(b for b in self.boundaries if b <= i)
        later = [b for b in self.boundaries if b > i]
        end = later[0] if later else self.n
        for t in self.verbs:
            if i < t.start < end:
                agent = self.at.get(t.start - 1)
                if agent is not None and agent.label in ("PARTY", "PERSON"):
                    return start, agent.start
        return start, end

    def leader(self, i: int) -> str:
        """The word that opens the clause of token i ('' for the main clause)."""
        start, _ = self.clause(i)
        return self.words[start] if start < self.n and start > 0 else ""

    def mentions_in(self, start: int, end: int, label: str | None = None) -> list[Mention]:
        return [
            m
            for m in self.mentions
            if m.start >= start and m.end <= end and (label is None or m.label == label)
        ]

    def num(self, i: int) -> int | None:
        if 0 <= i < len(self.texts) and i not in self.at:
            return number_value(self.texts[i])
        return None

    def chars(self, start: int, end: int) -> tuple[int, int]:
        end = min(end, len(self.texts))
        if start >= end:
            return (0, 0)
        return (self.starts[start], self.ends[end - 1])

    # -- agents ------------------------------------------------------------------------------

    def agent_of(self, m: Mention) -> _Agent:
        """The party (and person) a mention names, with a person's party as the copy gives it."""
        if m.label == "PARTY":
            return _Agent(party=m.ids, party_text=m.text)
        if m.label != "PERSON":
            return _Agent()
        agent = _Agent(person=m.ids, person_text=m.text)
        # "Labour's Julie Johnson", "the Tories' Eddie Freeman"
        j = m.start - 1
        if j >= 0 and self.words[j] in ("'s", "'", "’s", "’"):
            before = self.at.get(j - 1)
            if before is not None and before.label == "PARTY":
                return _Agent(before.ids, m.ids, before.text, m.text)
        # "Tory councillor Eddie Freeman", "fellow Labour candidate Jo Bloggs", "independent X"
        k = m.start - 1
        while k >= 0 and k not in self.at and self.words[k] in ROLE_WORDS:
            k -= 1
        before = self.at.get(k)
        if before is not None and before.label == "PARTY" and before.end == k + 1:
            return _Agent(before.ids, m.ids, before.text, m.text)
        # "B held W for P", "B won ... for P": the party follows
        return agent

    def left_agent(self, i: int, labels: tuple[str, ...] = ("PARTY", "PERSON")) -> _Agent:
        """The nearest party or person before token i in its clause."""
        start, _ = self.clause(i)
        for m in reversed(self.mentions_in(start, i)):
            if m.label in labels and m.start not in self.used_in_target:
                # a party naming a person ("Labour's Julie Johnson") is part of that person
                nxt = self.at.get(m.end + 1) if m.end < self.n else None
                if (
                    m.label == "PARTY"
                    and nxt is not None
                    and nxt.label == "PERSON"
                    and self.words[m.end] in ("'s", "'", "’s", "’")
                ):
                    return self.agent_of(nxt)
                return self.agent_of(m)
        leader = self.words[start] if start else ""
        if leader == "whose":
            # "consolation for the Tories, whose Gary Sambrook held ...": the party before
            party = next(
                (m for m in reversed(self.mentions_in(0, start)) if m.label == "PARTY"), None
            )
            if party is not None:
                return _Agent(party=party.ids, party_text=party.text)
        if leader in ("who", "which"):
            # "Eddie Freeman, who was beaten", "Labour, which had 18 seats a year earlier"
            referent = next(
                (m for m in reversed(self.mentions_in(0, start)) if m.label in labels), None
            )
            if referent is not None:
                return self.agent_of(referent)
        if leader in FOLLOW_ON and self.last:
            return self.last  # "taking two in X": whoever the clause before spoke of
        if start > 0 and self.words[start - 1] == "(":
            # "the Lib Dems on 12 (up six)": the party before the bracket
            before = next(
                (m for m in reversed(self.mentions_in(0, start - 1)) if m.label in labels), None
            )
            if before is not None:
                return self.agent_of(before)
        return self.subject

    def whose_party(self, i: int) -> _Agent:
        start, _ = self.clause(i)
        if start and self.words[start] == "whose":
            party = next(
                (m for m in reversed(self.mentions_in(0, start)) if m.label == "PARTY"), None
            )
            if party is not None:
                return _Agent(party=party.ids, party_text=party.text)
        return _Agent()

    def for_party(self, start: int, end: int) -> Mention | None:
        """ "for P" in a span: the party a candidate stood for."""
        for m in self.mentions_in(start, end, "PARTY"):
            if m.start > 0 and self.words[m.start - 1] in ("for",):
                return m
            if (
                m.start > 1
                and self.words[m.start - 1] == "the"
                and self.words[m.start - 2] == "for"
            ):
                return m
        return None

    def after_word(
        self, start: int, end: int, words: tuple[str, ...], label: str
    ) -> Mention | None:
        """The first mention of a label right after one of `words` (an article may come between)."""
        for m in self.mentions_in(start, end, label):
            j = m.start - 1
            if j >= start and self.words[j] in ("the", "a", "an"):
                j -= 1
            if j >= start and self.words[j] in words:
                return m
        return None

    def by_votes(self, start: int, end: int) -> int | None:
        """ "by N votes", "by one vote", "a majority of N" in a span."""
        for i in range(start, end):
            w = self.words[i]
            if w == "by" and self.num(i + 1) is not None:
                nxt = self.words[i + 2] if i + 2 < self.n else ""
                if nxt in ("vote", "votes", "", ".", ",", "over", "from", "in"):
                    return self.num(i + 1)
            if w == "majority" and i + 2 < end and self.words[i + 1] == "of":
                value = self.num(i + 2)
                if value is not None:
                    return value
        return None

    def add(self, claim: Claim) -> Claim:
        self.claims.append(claim)
        return claim

    def remember(self, agent: _Agent, at: int) -> None:
        """The sentence's subject (the first agent of a claim) and the latest agent (for
        "..., and the Lib Dems won their first seats, taking five in X"), but not the agent of
        a relative clause ("Labour, which had held it, ...")."""
        if agent and not self.subject:
            self.subject = agent
        if agent and self.leader(at) not in ("who", "which", "whose"):
            self.last = agent

    def wards_before(self, i: int) -> list[Mention]:
        """The wards of the clause before token i's clause (for "where P held on")."""
        start, _ = self.clause(i)
        prev_start = max((b for b in self.boundaries if b < start), default=0)
        wards = self.mentions_in(prev_start, start, "WARD")
        if not wards:
            wards = self.mentions_in(0, start, "WARD")[-1:]
        return wards


def _figures(**values: int | None) -> dict[str, int]:
    return {k: v for k, v in values.items() if v is not None}


def parse_claims(
    doc: Doc, mentions: Sequence[Mention], party_of: dict[str, str] | None = None
) -> list[Claim]:
    """Every claim of one sentence (its names already found as `mentions`)."""
    p = _Parse(doc, mentions, party_of or {})
    doc.ents = [Span(doc, m.start, m.end, label=m.label) for m in p.mentions]
    spans = [Span(doc, s, e, label=label) for label, s, e in _matches(doc, p.words)]
    triggers = _longest(spans)
    p.verbs = [t for t in triggers if t.label in VERB_LABELS]
    # target phrases first: the parties in them are not agents of anything else
    for t in triggers:
        if t.label == "TARGET":
            for m in p.mentions_in(t.start, t.end, "PARTY"):
                p.used_in_target.add(m.start)
    # the sentence's subject, for clauses that name none ("although its candidates took ..."):
    # a party or person opening it
    opening = next(iter(p.mentions), None)
    if opening is not None and opening.start <= 1 and opening.label in ("PARTY", "PERSON"):
        p.subject = p.agent_of(opening)
    for t in triggers:
        handler = HANDLERS.get(t.label)
        if handler is not None:
            handler(p, t)
    _affiliations(p)
    _seats_and_shares(p, triggers)
    unique: dict[tuple[Any, ...], Claim] = {}
    for claim in p.claims:
        unique.setdefault(claim.key(), claim)
    return list(unique.values())


def _matches(doc: Doc, words: Sequence[str]) -> list[tuple[str, int, int]]:
    matcher, phrases = relation_matcher()
    strings = doc.vocab.strings
    found = [(strings[match_id], s, e) for match_id, s, e in phrases(doc)]
    # the token patterns all hold a figure or one of a few words: most sentences need none
    anchors = token_anchors()
    if (
        "" in anchors
        or anchors.intersection(words)
        or any(number_value(w) is not None for w in words)
    ):
        found += [(strings[match_id], s, e) for match_id, s, e in matcher(doc)]
    return found


def _longest(spans: Iterable[Span]) -> list[_Trigger]:
    """Overlapping relation words: the longest wins (then the earliest)."""
    chosen: list[Span] = []
    taken: set[int] = set()
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if any(i in taken for i in range(span.start, span.end)):
            continue
        chosen.append(span)
        taken.update(range(span.start, span.end))
    return [_Trigger(s.label_, s.start, s.end) for s in sorted(chosen, key=lambda s: s.start)]


# -- handlers, one per relation ----------------------------------------------------------------


def _gain(p: _Parse, t: _Trigger) -> None:
    _, end = p.clause(t.start)
    agent = p.left_agent(t.start)
    nxt = p.words[t.end] if t.end < p.n else ""
    right = p.mentions_in(t.end, end)
    wards = [m for m in right if m.label == "WARD"]
    councils = [m for m in right if m.label == "COUNCIL"]
    if not wards:
        verb = p.words[t.start]
        if councils and not any(m.label in ("PARTY", "PERSON") for m in right):
            if verb in ("gain", "gains", "gained", "gaining"):
                # "UKIP makes gains in Hartlepool": gains, not the council
                if agent.party:
                    p.add(
                        Claim(
                            "gain_total",
                            {"party": agent.party},
                            span=p.chars(t.start, t.end),
                            names={"party": agent.party_text},
                        )
                    )
                return
            _control(p, t, "has")
            return
        _gain_counts(p, t, agent, end)
        return
    pending: list[tuple[Mention, int | None]] = []
    seats: int | None = None
    i = t.end
    made: list[Claim] = []

    def flush(loser: Mention | None) -> None:
        for ward, n in pending:
            roles = {**agent.roles(), "ward": ward.ids}
            names = {**agent.names(), "ward": ward.text}
            if loser is not None:
                roles["loser"] = loser.ids
                names["loser"] = loser.text
            made.append(
                p.add(
                    Claim(
                        "gain",
                        roles,
                        _figures(seats=n),
                        span=p.chars(t.start, min(end, ward.end + 3)),
                        names=names,
                    )
                )
            )
        pending.clear()

    while i < end:
        m = p.at.get(i)
        if m is not None and m.start == i:
            if m.label == "WARD":
                pending.append((m, seats))
                seats = None
            elif m.label == "PARTY" and _word_before(p, m) == "from":
                # "from the Tories and independents": every party named
                also = p.at.get(m.end + 1) if m.end + 1 < end and p.words[m.end] == "and" else None
                if also is not None and also.label == "PARTY":
                    m = Mention("PARTY", m.ids | also.ids, m.start, also.end, m.text)
                flush(m)
            i = m.end
            continue
        value = p.num(i)
        if value is not None and i + 1 < end and p.words[i + 1] in ("seat", "seats"):
            seats = value
        elif p.words[i] == "a" and i + 1 < end and p.words[i + 1] == "seat":
            seats = 1
        i += 1
    flush(None)
    if nxt == "" or not made:
        return
    majority = p.by_votes(t.end, end)
    for claim in made:
        if majority is not None:
            claim.figures["majority"] = majority
    p.remember(agent, t.start)


def _word_before(p: _Parse, m: Mention) -> str:
    j = m.start - 1
    if j >= 0 and p.words[j] in ("the", "a", "an"):
        j -= 1
    return p.words[j] if j >= 0 else ""


def _gain_counts(p: _Parse, t: _Trigger, agent: _Agent, end: int) -> None:
    """ "took 12 seats from the Tories, three from Labour": seats taken from each party."""
    if not agent.party:
        return
    count: int | None = None
    for i in range(t.end, end):
        value = p.num(i)
        if value is not None:
            count = value
            continue
        m = p.at.get(i)
        if m is not None and m.start == i and m.label == "PARTY" and _word_before(p, m) == "from":
            if count is not None:
                p.add(
                    Claim(
                        "gain_count",
                        {"party": agent.party, "loser": m.ids},
                        {"seats": count},
                        span=p.chars(t.start, m.end),
                        names={"party": agent.party_text, "loser": m.text},
                    )
                )
            count = None


def _gains_total(p: _Parse, t: _Trigger) -> None:
    agent = p.left_agent(t.start)
    value = p.num(t.start + 1)
    if agent.party and value is not None:
        p.add(
            Claim(
                "gain_total",
                {"party": agent.party},
                {"seats": value},
                span=p.chars(t.start, t.end),
                names={"party": agent.party_text},
            )
        )
        _, end = p.clause(t.start)
        # "Reform UK made 40 gains, at least 12 from the Tories"
        _gain_counts(p, _Trigger("GAIN", t.end, t.end), agent, p.n if end else end)


def _gains_taken(p: _Parse, t: _Trigger) -> None:
    """ "Nine of the Greens' gains were seats taken from Labour"."""
    loser = p.at.get(t.end) or p.at.get(t.end + 1)
    party = None
    for m in reversed(p.mentions_in(0, t.start, "PARTY")):
        party = m
        break
    count = next((p.num(i) for i in range(0, t.start) if p.num(i) is not None), None)
    if loser is None or party is None or count is None or loser.label != "PARTY":
        return
    p.add(
        Claim(
            "gain_count",
            {"party": party.ids, "loser": loser.ids},
            {"seats": count},
            span=p.chars(0, loser.end),
            names={"party": party.text, "loser": loser.text},
        )
    )


def _gain_the_seat(p: _Parse, t: _Trigger) -> None:
    agent = p.left_agent(t.start)
    _, end = p.clause(t.start)
    wards = p.mentions_in(t.end, end, "WARD") or p.wards_before(t.start)
    for ward in wards[:1]:
        p.add(
            Claim(
                "gain",
                {**agent.roles(), "ward": ward.ids},
                _figures(majority=p.by_votes(t.end, end)),
                span=p.chars(t.start, end),
                names={**agent.names(), "ward": ward.text},
            )
        )


def _hold(p: _Parse, t: _Trigger) -> None:
    start, end = p.clause(t.start)
    agent = p.left_agent(t.start)
    whose = p.whose_party(t.start)
    if whose.party and not agent.party:
        agent = _Agent(whose.party, agent.person, whose.party_text, agent.person_text)
    verb = p.words[t.start]
    right = p.mentions_in(t.end, end)
    if verb in ("kept", "keep", "keeps") and not any(m.label == "WARD" for m in right):
        return
    councils = [m for m in right if m.label == "COUNCIL"]
    wards = [m for m in right if m.label == "WARD"]
    if councils and not wards:
        _control(p, t, "has", council=councils[0])
        return
    party_for = p.for_party(t.end, end)
    if party_for is not None and not agent.party:
        agent = _Agent(party_for.ids, agent.person, party_for.text, agent.person_text)
    challenger: Mention | None = None
    if verb in ("saw", "see", "sees", "seeing"):
        challenger = next((m for m in right if m.label == "PARTY"), None)
    challenger = challenger or p.after_word(t.end, end, ("against",), "PARTY")
    challenger = challenger or _pressure_from(p, start, end)
    if not wards:
        # "where Labour held on", "as Labour clung on in all four": the wards said before
        wards = p.wards_before(t.start)
    majority = p.by_votes(t.end, end)
    for ward in wards:
        roles = {**agent.roles(), "ward": ward.ids}
        names = {**agent.names(), "ward": ward.text}
        if challenger is not None:
            roles["challenger"] = challenger.ids
            names["challenger"] = challenger.text
        p.add(
            Claim(
                "hold",
                roles,
                _figures(majority=majority),
                span=p.chars(start, end),
                names=names,
            )
        )
    p.remember(agent, t.start)


def _pressure_from(p: _Parse, start: int, end: int) -> Mention | None:
    for i in range(start, end - 1):
        if p.words[i] == "pressure" and p.words[i + 1] == "from":
            m = p.at.get(i + 2) or p.at.get(i + 3)
            if m is not None and m.label == "PARTY":
                return m
    return None


def _stayed_with(p: _Parse, t: _Trigger) -> None:
    _, end = p.clause(t.start)
    party = next((m for m in p.mentions_in(t.end, end) if m.label == "PARTY"), None)
    ward = next((m for m in reversed(p.mentions_in(0, t.start, "WARD"))), None)
    if party is None or ward is None:
        return
    p.add(
        Claim(
            "hold",
            {"party": party.ids, "ward": ward.ids},
            span=p.chars(ward.start, party.end),
            names={"party": party.text, "ward": ward.text},
        )
    )


def _win(p: _Parse, t: _Trigger) -> None:
    start, end = p.clause(t.start)
    if p.after_word(t.end, end, ("from",), "PARTY") is not None:
        _gain(p, t)  # "the Greens won Moseley from Labour" claims a gain
        return
    agent = p.left_agent(t.start)
    p.remember(agent, t.start)
    right = p.mentions_in(t.end, end)
    party_for = p.for_party(t.end, end)
    if party_for is not None and not agent.party:
        agent = _Agent(party_for.ids, agent.person, party_for.text, agent.person_text)
    if p.words[t.start] == "returned":
        agent = agent if agent else p.subject
    wards = [m for m in right if m.label == "WARD"]
    councils = [m for m in right if m.label == "COUNCIL"]
    by_election = any(p.words[i] == "by-election" for i in range(t.end, end))
    if not wards and councils and not by_election and right[0].label != "PARTY":
        _control(p, t, "has", council=councils[0])
        return
    if not wards:
        if t.label != "WIN_BY" and p.by_votes(t.start, end) is None:
            return
        wards = p.wards_before(t.start)
    runner = p.after_word(t.end, end, ("over",), "PARTY")
    majority = p.by_votes(t.start, end)
    for ward in wards[:1] if t.label == "WIN_BY" else wards:
        roles = {**agent.roles(), "ward": ward.ids}
        names = {**agent.names(), "ward": ward.text}
        if runner is not None:
            roles["runner_up"] = runner.ids
            names["runner_up"] = runner.text
        p.add(
            Claim("win", roles, _figures(majority=majority), span=p.chars(start, end), names=names)
        )
    p.remember(agent, t.start)


def _last_seat(p: _Parse, t: _Trigger) -> None:
    start, end = p.clause(t.start)
    agent = p.left_agent(t.start)
    seats = next((p.num(i) for i in range(t.start, t.end) if p.num(i) is not None), None)
    if seats is None:
        seats = next((ORDINALS[w] for w in p.words[t.start : t.end] if w in ORDINALS), None)
    wards = p.mentions_in(t.end, end, "WARD") or p.wards_before(t.start)
    roles: dict[str, frozenset[str]] = agent.roles()
    names = agent.names()
    # "from the Tories' Ruth Smith", "from fellow Labour candidate Jo Bloggs", "from Labour"
    for m in p.mentions_in(t.end, end):
        before = _word_before(p, m)
        if m.label == "PERSON":
            loser = p.agent_of(m)
            between = p.words[max(t.end, m.start - 4) : m.start]
            if "from" in between or before == "from":
                roles.update(loser.roles("loser_party", "loser"))
                names.update(loser.names("loser_party", "loser"))
                break
        elif m.label == "PARTY" and before == "from":
            nxt = p.at.get(m.end + 1)
            if nxt is not None and nxt.label == "PERSON":
                continue
            roles["loser_party"] = m.ids
            names["loser_party"] = m.text
            break
    majority = p.by_votes(t.end, end)
    for ward in wards[:1]:
        p.add(
            Claim(
                "last_seat",
                {**roles, "ward": ward.ids},
                _figures(seats=seats, majority=majority),
                span=p.chars(start, end),
                names={**names, "ward": ward.text},
            )
        )
    p.remember(agent, t.start)


def _beaten(p: _Parse, t: _Trigger) -> None:
    start, end = p.clause(t.start)
    verb = p.words[t.start]
    if verb in ("beaten", "defeated", "ousted", "unseated") and p.words[t.start - 1 : t.start] == [
        "("
    ]:
        # "(beaten by Labour's X by 12 votes)": the person before the bracket lost
        loser_m = next((m for m in reversed(p.mentions_in(0, t.start, "PERSON"))), None)
        loser = p.agent_of(loser_m) if loser_m else _Agent()
        ward_m = next((m for m in reversed(p.mentions_in(0, t.start, "WARD"))), None)
    else:
        loser = p.left_agent(t.start, ("PERSON",))
        if not loser.person:
            loser = p.left_agent(t.start)
        ward_m = next(iter(p.mentions_in(t.end, end, "WARD")), None)
        if verb in ("lost", "loses", "lose") and t.end - t.start > 1:
            ward_m = p.at.get(t.start + 1)
    winner: _Agent = _Agent()
    for m in p.mentions_in(t.end, end):
        if m.label in ("PERSON", "PARTY") and m.start not in p.used_in_target:
            w = p.agent_of(m) if m.label == "PERSON" else _Agent(party=m.ids, party_text=m.text)
            if m.label == "PARTY":
                nxt = p.at.get(m.end + 1)
                if nxt is not None and nxt.label == "PERSON":
                    w = p.agent_of(nxt)
            winner = w
            break
    if not loser and not winner:
        return
    roles = {**loser.roles("party", "candidate"), **winner.roles("winner_party", "winner")}
    names = {**loser.names("party", "candidate"), **winner.names("winner_party", "winner")}
    if ward_m is not None:
        roles["ward"] = ward_m.ids
        names["ward"] = ward_m.text
    margin = None
    for i in range(t.end, min(end + 6, p.n) if verb == "beaten" else end):
        if p.words[i] == "by" and p.num(i + 1) is not None:
            margin = p.num(i + 1)
    p.add(Claim("beaten", roles, _figures(margin=margin), span=p.chars(start, end), names=names))


def _losing_by(p: _Parse, t: _Trigger) -> None:
    value = p.num(t.end - 1)
    for claim in reversed(p.claims):
        if claim.relation == "beaten":
            if value is not None:
                claim.figures["margin"] = value
            return


def _beat(p: _Parse, t: _Trigger) -> None:
    """ "Julie Johnson beat Eddie Freeman in Weoley": the winner first."""
    start, end = p.clause(t.start)
    winner = p.left_agent(t.start)
    loser_m = next(iter(p.mentions_in(t.end, end, "PERSON")), None) or next(
        iter(p.mentions_in(t.end, end, "PARTY")), None
    )
    if loser_m is None:
        return
    loser = p.agent_of(loser_m)
    if loser_m.label == "PARTY":
        nxt = p.at.get(loser_m.end + 1)
        if nxt is not None and nxt.label == "PERSON":
            loser = p.agent_of(nxt)
    ward_m = next(iter(p.mentions_in(t.end, end, "WARD")), None)
    roles = {**loser.roles("party", "candidate"), **winner.roles("winner_party", "winner")}
    names = {**loser.names("party", "candidate"), **winner.names("winner_party", "winner")}
    if ward_m is not None:
        roles["ward"] = ward_m.ids
        names["ward"] = ward_m.text
    p.add(
        Claim(
            "beaten",
            roles,
            _figures(margin=p.by_votes(t.end, end)),
            span=p.chars(start, end),
            names=names,
        )
    )


def _beaten_list(p: _Parse, t: _Trigger) -> None:
    """ "Sitting Tory councillors beaten included A in W (beaten by ...); B in X and C in Y"."""
    party = next((m for m in reversed(p.mentions_in(0, t.start, "PARTY"))), None)
    people = p.mentions_in(t.end, p.n, "PERSON")
    for person in people:
        # a person inside "(beaten by ...)" is a winner, not one of the beaten
        inside = any(p.words[i] == "(" for i in range(max(0, person.start - 6), person.start)) and (
            not any(p.words[i] == ")" for i in range(max(0, person.start - 6), person.start))
        )
        if inside:
            continue
        ward = p.at.get(person.end + 1) if person.end < p.n else None
        if ward is None or ward.label != "WARD" or p.words[person.end] != "in":
            continue
        roles = {"candidate": person.ids, "ward": ward.ids}
        names = {"candidate": person.text, "ward": ward.text}
        if party is not None:
            roles["party"] = party.ids
            names["party"] = party.text
        p.add(Claim("beaten", roles, span=p.chars(person.start, ward.end), names=names))


def _defeated_count(p: _Parse, t: _Trigger) -> None:
    count = p.num(t.start)
    party = next(iter(p.mentions_in(t.end, p.n, "PARTY")), None)
    top = None
    if party is not None:
        top = next(
            (p.num(i) for i in range(party.start - 1, t.end, -1) if p.num(i) is not None), None
        )
    roles = {"party": party.ids} if party is not None else {}
    p.add(
        Claim(
            "defeated_count",
            roles,
            _figures(count=count, top_count=top),
            span=p.chars(t.start, p.n),
            names={"party": party.text} if party is not None else {},
        )
    )


def _control(p: _Parse, t: _Trigger, status: str, council: Mention | None = None) -> None:
    start, end = p.clause(t.start)
    inside = p.mentions_in(t.start, t.end, "PARTY")
    agent = (
        _Agent(party=inside[0].ids, party_text=inside[0].text)
        if inside
        else p.left_agent(t.start, ("PARTY",))
    )
    if not agent.party:
        agent = p.left_agent(t.start)
    council = council or next(iter(p.mentions_in(t.start, end, "COUNCIL")), None)
    roles: dict[str, frozenset[str]] = {}
    names: dict[str, str] = {}
    if agent.party:
        roles["party"] = agent.party
        names["party"] = agent.party_text
    if council is not None:
        roles["council"] = council.ids
        names["council"] = council.text
    source = p.after_word(t.end, end, ("from",), "PARTY")
    if source is not None and status == "gained":
        roles["from"] = source.ids
        names["from"] = source.text
    until = None
    for i in range(t.end, end - 1):
        if p.words[i] == "until":
            until = p.num(i + 1)
    if not roles.get("party"):
        return
    p.add(
        Claim(
            "control",
            roles,
            _figures(until=until),
            status=status,
            span=p.chars(start, end),
            names=names,
        )
    )
    p.remember(agent, t.start)
    if t.label == "CONTROL_RETAINED" and p.words[t.start] in (
        "tighten", "tightens", "tightened", "tightening", "strengthen", "strengthens",
        "strengthened",
    ):  # fmt: skip
        p.add(
            Claim(
                "change",
                {"party": agent.party},
                status="up",
                span=p.chars(t.start, t.end),
                names={"party": agent.party_text},
            )
        )


def _control_handler(status: str) -> Any:
    def handle(p: _Parse, t: _Trigger) -> None:
        _control(p, t, status)

    return handle


def _noc(p: _Parse, t: _Trigger) -> None:
    start, end = p.clause(t.start)
    status = "any"
    if t.label == "NOC_CERTAIN":
        status = "certain"
    elif (
        t.start > 0 and p.words[t.start - 1] in ("under",) and "remains" in p.words[start : t.start]
    ):
        status = "continues"
    p.add(Claim("noc", {}, status=status, span=p.chars(start, end)))


def _largest(p: _Parse, t: _Trigger) -> None:
    start, end = p.clause(t.start)
    parties = [m for m in p.mentions_in(start, t.start, "PARTY") if m.start not in p.used_in_target]
    council = next(
        (m for m in p.mentions_in(t.end, end, "COUNCIL") if _word_before(p, m) == "in"), None
    )
    for m in parties:
        roles = {"party": m.ids}
        names = {"party": m.text}
        if council is not None:
            roles["council"] = council.ids
            names["council"] = council.text
        p.add(Claim("largest", roles, span=p.chars(start, end), names=names))


def _short(p: _Parse, t: _Trigger) -> None:
    start, end = p.clause(t.start)
    short = p.num(t.start)
    needed = next((p.num(i) for i in range(t.end, end) if p.num(i) is not None), None)
    parties = p.mentions_in(start, t.start, "PARTY")
    for m in parties:
        p.add(
            Claim(
                "largest",
                {"party": m.ids},
                _figures(short_by=short, needed=needed),
                span=p.chars(start, end),
                names={"party": m.text},
            )
        )


def _target(p: _Parse, t: _Trigger) -> None:
    party = next(iter(p.mentions_in(t.start, t.end, "PARTY")), None)
    if party is None:
        return
    top = "top" in p.words[t.start : t.end]
    if p.words[t.end - 1] == "hopes":
        _, end = p.clause(t.start)
        wards = p.mentions_in(t.end, end, "WARD")
    else:
        wards = [m for m in reversed(p.mentions_in(0, t.start, "WARD"))][:1]
    for ward in wards:
        p.add(
            Claim(
                "target",
                {"party": party.ids, "ward": ward.ids},
                status="top" if top else None,
                span=p.chars(t.start, t.end),
                names={"party": party.text, "ward": ward.text},
            )
        )


def _failed(p: _Parse, t: _Trigger) -> None:
    start, end = p.clause(t.start)
    if any(c.relation == "failed" for c in p.claims):
        return  # one challenge a sentence: its words may match more than one pattern
    party = next((m for m in reversed(p.mentions_in(start, t.end, "PARTY"))), None) or next(
        iter(p.mentions_in(t.end, end, "PARTY")), None
    )
    if party is None:
        return
    wards = p.mentions_in(start, end, "WARD")
    short = None
    if p.words[t.start] == "came":
        short = next((p.num(i) for i in range(t.end, end) if p.num(i) is not None), None)
    for ward in wards:
        p.add(
            Claim(
                "failed",
                {"party": party.ids, "ward": ward.ids},
                _figures(short_by=short),
                span=p.chars(start, end),
                names={"party": party.text, "ward": ward.text},
            )
        )


def _shut_out(p: _Parse, t: _Trigger) -> None:
    parties = [m for m in p.mentions if m.label == "PARTY"]
    respectively = "respectively" in p.words
    for k, m in enumerate(parties):
        wards = None
        if not respectively:
            nxt = parties[k + 1].start if k + 1 < len(parties) else p.n
            window = range(m.end, min(nxt, m.end + 6))
            if not any(p.words[i] == "in" for i in window) and k == 0:
                window = range(0, m.start)  # "Despite standing in 12 of the 19 wards, P ..."
            for i in window:
                if p.words[i] == "in":
                    every = p.words[i + 1 : i + 3] == ["every", "ward"]
                    wards = -1 if every else p.num(i + 1)
                    break
        p.add(
            Claim(
                "shut_out",
                {"party": m.ids},
                _figures(wards=wards),
                span=p.chars(0, p.n),
                names={"party": m.text},
            )
        )


def _closest(p: _Parse, t: _Trigger) -> None:
    _, end = p.clause(t.start)
    wards = p.mentions_in(t.end, end, "WARD")
    each = None
    for i in range(t.end, p.n - 2):
        if p.words[i] == "each" and p.words[i + 1] == "decided":
            each = p.by_votes(i, p.n)
    for ward in wards:
        p.add(
            Claim(
                "closest",
                {"ward": ward.ids},
                _figures(majority=each),
                span=p.chars(t.start, end),
                names={"ward": ward.text},
            )
        )


def _biggest(p: _Parse, t: _Trigger) -> None:
    wards = p.mentions_in(0, p.n, "WARD")
    of = None
    if t.end + 1 < p.n and p.words[t.end] == "," and p.words[t.end + 1] == "of":
        of = p.num(t.end + 2)
    for ward in wards:
        majority = of
        # "the Tories' 1,047 in Broxbourne", "the biggest majority, 1,215 in North Manor"
        if ward.start >= 2 and p.words[ward.start - 1] == "in":
            majority = p.num(ward.start - 2) if majority is None else majority
        party = None
        if majority is not None and ward.start >= 3:
            before = p.at.get(ward.start - 4) if p.words[ward.start - 3] in ("'s", "'") else None
            party = before if before is not None and before.label == "PARTY" else None
        if party is None:
            agent = p.left_agent(t.start, ("PARTY",))
            roles = {"ward": ward.ids, **({"party": agent.party} if agent.party else {})}
            names = {"ward": ward.text, **({"party": agent.party_text} if agent.party else {})}
        else:
            roles = {"ward": ward.ids, "party": party.ids}
            names = {"ward": ward.text, "party": party.text}
        if p.words[t.start - 1 : t.start] == ["the"] and "was" in p.words[t.end : t.end + 2]:
            # "The biggest majority was in W, where ...": the party is the later clause's
            roles.pop("party", None)
        p.add(
            Claim(
                "biggest",
                roles,
                _figures(majority=majority),
                span=p.chars(t.start, ward.end),
                names=names,
            )
        )


def _maj_change(p: _Parse, t: _Trigger) -> None:
    previous, year, now = p.num(t.start + 1), p.num(t.start + 3), p.num(t.start + 5)
    # the ward: the nearest before ("Acocks Green, from 177 in 2012 to 624"), or "... in W" after
    ward = None
    after = p.at.get(t.end + 1)
    if t.end < p.n and p.words[t.end] == "in" and after is not None and after.label == "WARD":
        ward = after
    if ward is None:
        ward = next((m for m in reversed(p.mentions_in(0, t.start, "WARD"))), None)
    party = next((m for m in p.mentions if m.label == "PARTY" and m.start < t.start), None)
    if ward is None:
        return
    roles = {"ward": ward.ids}
    names = {"ward": ward.text}
    if party is not None:
        roles["party"] = party.ids
        names["party"] = party.text
    p.add(
        Claim(
            "majority",
            roles,
            _figures(majority=now, previous=previous, year=year),
            span=p.chars(t.start, t.end),
            names=names,
        )
    )


def _change(p: _Parse, t: _Trigger) -> None:
    words = p.words[t.start : t.end]
    start, _ = p.clause(t.start)
    value = next((p.num(i) for i in range(t.start, t.end) if p.num(i) is not None), None)
    sign = -1 if words == ["despite", "losses"] or {"down", "loss", "fewer"} & set(words) else 1
    if value is not None and (value >= 1900 and "more" not in words):
        return
    if "apiece" in words:
        agents = [
            _Agent(party=m.ids, party_text=m.text) for m in p.mentions_in(start, t.start, "PARTY")
        ]
    else:
        agent = p.left_agent(t.start, ("PARTY",))
        if not agent.party and start > 0:
            agent = p.subject
        agents = [agent]
    for agent in agents:
        if not agent.party:
            continue
        if value is None:
            p.add(
                Claim(
                    "change",
                    {"party": agent.party},
                    status="up" if sign > 0 else "down",
                    span=p.chars(t.start, t.end),
                    names={"party": agent.party_text},
                )
            )
        else:
            p.add(
                Claim(
                    "change",
                    {"party": agent.party},
                    {"change": sign * value},
                    span=p.chars(t.start, t.end),
                    names={"party": agent.party_text},
                )
            )


def _turnout_range(p: _Parse, t: _Trigger) -> None:
    which = ["lowest", "highest"]
    k = 0
    for i in range(t.end, p.n - 3):
        value = p.num(i)
        if value is not None and p.words[i + 1 : i + 3] == ["per", "cent"]:
            ward = p.at.get(i + 4) if p.words[i + 3] == "in" else None
            if ward is not None and ward.label == "WARD" and k < 2:
                p.add(
                    Claim(
                        "turnout",
                        {"ward": ward.ids},
                        {"percent": value},
                        status=which[k],
                        span=p.chars(i, ward.end),
                        names={"ward": ward.text},
                    )
                )
                k += 1


HANDLERS: dict[str, Any] = {
    "GAIN": _gain,
    "GAIN_THE_SEAT": _gain_the_seat,
    "GAINS_TOTAL": _gains_total,
    "GAINS_TAKEN": _gains_taken,
    "HOLD": _hold,
    "STAYED_WITH": _stayed_with,
    "WIN": _win,
    "WIN_BY": _win,
    "LAST_SEAT": _last_seat,
    "BEATEN": _beaten,
    "BEATEN_LIST": _beaten_list,
    "BEAT": _beat,
    "LOSING_BY": _losing_by,
    "DEFEATED_COUNT": _defeated_count,
    "CONTROL_GAINED": _control_handler("gained"),
    "CONTROL_RETAINED": _control_handler("retained"),
    "CONTROL_LOST": _control_handler("lost"),
    "CONTROL_SECURED": _control_handler("secured"),
    "CONTROL_HAS": _control_handler("has"),
    "NOC": _noc,
    "NOC_LEFT": _noc,
    "NOC_CERTAIN": _noc,
    "LARGEST": _largest,
    "SHORT": _short,
    "TARGET": _target,
    "FAILED": _failed,
    "SHUT_OUT": _shut_out,
    "CLOSEST": _closest,
    "BIGGEST": _biggest,
    "MAJ_CHANGE": _maj_change,
    "CHANGE": _change,
    "TURNOUT_RANGE": _turnout_range,
}


def _affiliations(p: _Parse) -> None:
    """ "Labour's Julie Johnson", "Tory councillor Eddie Freeman": a person's party."""
    for m in p.mentions:
        if m.label != "PERSON":
            continue
        agent = p.agent_of(m)
        if agent.party:
            p.add(
                Claim(
                    "member",
                    {"candidate": m.ids, "party": agent.party},
                    span=p.chars(m.start, m.end),
                    names={"candidate": m.text, "party": agent.party_text},
                )
            )


def _seats_and_shares(p: _Parse, triggers: Sequence[_Trigger]) -> None:
    """Seat counts ("Labour on 29", "80 of the 120 seats") and shares ("Labour 50 per cent")."""
    in_trigger = {
        i for t in triggers if t.label not in ("SHARE_VERB",) for i in range(t.start, t.end)
    }
    turnout = "turnout" in p.words and "ranged" not in p.words
    last_percent = -1
    n = p.n
    for i in range(n):
        value = p.num(i)
        if value is None or i in in_trigger:
            continue
        nxt = p.words[i + 1] if i + 1 < n else ""
        prev = p.words[i - 1] if i else ""
        if nxt == "per" and i + 2 < n and p.words[i + 2] == "cent":
            if turnout:
                p.add(Claim("turnout", {}, {"percent": value}, span=p.chars(i, i + 3)))
            else:
                party = next(
                    (
                        m
                        for m in reversed(p.mentions_in(last_percent + 1, i, "PARTY"))
                        if m.start not in p.used_in_target
                    ),
                    None,
                )
                if party is not None:
                    p.add(
                        Claim(
                            "share",
                            {"party": party.ids},
                            {"percent": value},
                            span=p.chars(party.start, i + 3),
                            names={"party": party.text},
                        )
                    )
            last_percent = i
            continue
        party_m: Mention | None = None
        if prev in ("on", "with") and i >= 2:
            j = i - 2
            if p.words[j] == ",":
                j -= 1
            m = p.at.get(j)
            if m is not None and m.label == "PARTY" and m.end == j + 1:
                party_m = m
        total = None
        if nxt == "of" and i + 2 < n:
            k = i + 2
            if p.words[k] == "the":
                k += 1
            if p.words[k] in ("council's", "council"):
                k += 1
            if k < n and p.words[k] == "'s":
                k += 1
            total = p.num(k)
            if total is None or k + 1 >= n or p.words[k + 1] not in ("seats", "seat"):
                continue
        elif party_m is None and not (
            (prev in ("with", "on", "had", "held") and nxt in ("seats", "seat")) or prev == "to"
        ):
            continue
        if prev == "to" and (i < 2 or p.words[i - 2] not in TO_WORDS):
            continue  # "reduced to five", "up to 12": a new total; other "to"s are not
        if party_m is None:
            agent = p.left_agent(i, ("PARTY",))
            if not agent.party:
                agent = p.subject
            if not agent.party:
                continue
            ids, text = agent.party, agent.party_text
        else:
            ids, text = party_m.ids, party_m.text
        council = next(
            (
                m
                for m in p.mentions_in(*p.clause(i), "COUNCIL")
                if m.start < i and p.words[m.start - 1] in ("holds", "hold", "in")
            ),
            None,
        )
        roles = {"party": ids}
        names = {"party": text}
        if council is not None:
            roles["council"] = council.ids
            names["council"] = council.text
        start = p.clause(i)[0]
        # "who went into the election with 59 seats": the seats held before the poll
        went_in = "election" in p.words[start:i] and any(
            w in ("went", "going", "had", "held") for w in p.words[start:i]
        )
        year_ago = p.words[i + 2 : i + 5] in (["a", "year", "earlier"], ["a", "year", "ago"])
        before = prev in ("with", "had", "held") and (went_in or year_ago)
        p.add(
            Claim(
                "seats",
                roles,
                _figures(before=value) if before else _figures(seats=value, total=total),
                span=p.chars(i, i + 1),
                names=names,
            )
        )
