"""Reading the words of a draft: numbers, party names, ward names, people and lists of them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from .derive import CouncilTruth, WardTruth
from .names import council_key, fold, label_key, parse_person, persons_match, ward_key
from .parties import IND, OTHER, PROSE_NAMES, code_fits, is_local, minor_forms
from .readers import Candidate

T = TypeVar("T")

WORDS = {
    "no": 0,
    "none": 0,
    "zero": 0,
    "one": 1,
    "a": 1,
    "an": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "both": 2,
}
NUMBER = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
)
NUMBER_TOKEN = re.compile(
    r"(?<![\w.])(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine"
    r"|ten|eleven|twelve)(?![\w])",
    re.IGNORECASE,
)


def number(text: str) -> int | None:
    """A number written in figures ('1,799') or words ('nine'), or None."""
    text = text.strip().lower()
    if text in WORDS:
        return WORDS[text]
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", text):
        return int(text.replace(",", ""))
    return None


def number_spans(text: str) -> list[tuple[int, int]]:
    """Where the numbers of a sentence are (figures and the words one to twelve)."""
    return [m.span() for m in NUMBER_TOKEN.finditer(text)]


def _form(text: str) -> str:
    text = fold(text).strip()
    text = re.sub(r"^(the|an|a)\s+", "", text)
    return text


def _possessive(text: str) -> str | None:
    text = text.strip()
    for suffix in ("'s", "\u2019s", "'", "\u2019"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return None


@dataclass
class Lexicon:
    """The names one council's draft may use."""

    truth: CouncilTruth
    council_names: set[str]

    def __post_init__(self) -> None:
        self.forms: dict[str, str] = {}
        for key, names in PROSE_NAMES.items():
            for name in names:
                self.forms[_form(name)] = key
        self.forms["independent candidates"] = IND
        claims: dict[str, list[str]] = {}
        for key, labels in self.truth.labels.items():
            if not key.startswith("L:"):
                continue
            minor = minor_forms(key[2:])
            for label in labels:
                # a minor party's code has its own names: a list's other label for one of
                # its candidates is a slip of the list ('ForBritn' listed as 'City Independents')
                if minor and not minor_forms(label):
                    continue
                for variant in [*label_variants(label), *minor_forms(label)]:
                    for form in (_form(variant), label_key(variant)):
                        if key not in claims.setdefault(form, []):
                            claims[form].append(key)
        for form, keys in claims.items():
            # a name two local keys claim belongs to the one whose code it fits ('Residents of
            # Wilmslow' is 'Wilmslow', not 'Boll1st' whose councillor the list misnamed)
            fits = [k for k in keys if code_fits(k[2:], form)] if len(keys) > 1 else keys
            self.forms.setdefault(form, fits[0] if len(fits) == 1 else keys[0])
        # 'a local party' in prose: a local party stood here under a code prose did not name;
        # which one a sentence means is settled by reading it with each (check_sentence)
        stood = {c.party for w in self.truth.wards.values() for c in w.ward.candidates}
        local = [k for k in self.truth.labels if is_local(k) and k in stood]
        local = [k for k in local if not minor_forms(k[2:])]
        unnamed = [k for k in local if len(_names_of(self.truth.labels[k])) != 1]
        self.local_choices: list[str] = unnamed + [k for k in local if k not in unnamed]
        self.local: str | None = self.local_choices[0] if self.local_choices else None
        self.local_other: str | None = None  # 'another local party' in the same sentence
        self.wards: dict[str, WardTruth] = dict(self.truth.wards)

    # parties

    def party(self, text: str) -> str | None:
        """The party a prose name means, or None if it names no party known here."""
        form = _form(text)
        if form in LOCAL_FORMS:
            return self.local
        if form.startswith("another ") and form[len("another ") :] in LOCAL_FORMS:
            return self.local_other
        if form in self.forms:
            return self.forms[form]
        key = label_key(text)
        for known, party in self.forms.items():
            if label_key(known) == key:
                return party
        # a local party's name shortened by its last words: 'the Lincolnshire Independents'
        # for 'Lincolnshire Independents Lincolnshire First'
        words = key.split()
        if len(words) >= 2:
            starts = {
                party
                for known, party in self.forms.items()
                if is_local(party) and label_key(known).split()[: len(words)] == words
            }
            if len(starts) == 1:
                return starts.pop()
        # a name no source gives, that only one local code of the council fits ('the Esher
        # Residents Association' for 'Esher' where no list names its winners)
        # a name, not a phrase or a list of names ('X on six', 'X and the Y')
        named = not re.search(r"(?:,| and) the ", text) and all(
            w[:1].isupper() or w in {"of", "the", "and", "for", "&", "/", "a", "an"}
            for w in text.split()[1:]
        )
        fits = {p for p in self.local_choices if code_fits(p[2:], text)} if named else set()
        if len(fits) == 1:
            return fits.pop()
        return None

    def party_possessive(self, text: str) -> str | None:
        """The party of 'Labour's', 'the Tories'', 'independents''."""
        stem = _possessive(text)
        return self.party(stem) if stem is not None else None

    def parties(self, text: str) -> list[str] | None:
        """A list of parties ('the Conservatives and Labour', 'A, B and C')."""
        return segment(text, self.party)

    def several(self, text: str) -> list[str] | None:
        """Two or more parties ('A and B on three each'): never the whole text as one name."""
        whole = text.strip()
        found = segment(text, lambda chunk: None if chunk == whole else self.party(chunk))
        return found if found and len(found) > 1 else None

    # wards

    def ward(self, text: str) -> WardTruth | None:
        """The ward a prose name means."""
        return self.wards.get(ward_key(text))

    def ward_list(self, text: str) -> list[WardTruth] | None:
        """A list of wards ('A, B and C'), ward names with 'and' in them included."""
        return segment(text, self.ward)

    # council

    def name_spans(self, text: str) -> list[tuple[int, int]]:
        """Where the council's and the wards' names are in a sentence (their numbers, as in
        'Three Rivers' or 'Seven Stars', are names, not claims)."""
        names = {self.truth.council.name, *(w.name for w in self.wards.values())}
        spans: list[tuple[int, int]] = []
        lowered = text.lower()
        for name in names:
            if not re.search(
                r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\b", name, re.I
            ):
                continue
            start = lowered.find(name.lower())
            while start >= 0:
                spans.append((start, start + len(name)))
                start = lowered.find(name.lower(), start + 1)
        return spans

    def is_council(self, text: str) -> bool:
        """Whether prose names this draft's council ('Kent', 'Kent County Council')."""
        key = council_key(re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE))
        return key in self.council_names

    # people

    def candidate(
        self,
        text: str,
        ward: WardTruth | None = None,
        alternative: bool = False,
        listed: bool = False,
    ) -> list[Candidate]:
        """The candidates a prose name can be, in one ward or anywhere in the council (with
        alternative, by the source's second name field where it has one; with listed, by the
        names the councillor lists give them)."""
        person = parse_person(text)
        pools = [ward] if ward is not None else list(self.wards.values())
        out: list[Candidate] = []
        for pool in pools:
            for cand in pool.ward.candidates:
                names = cand.listed if listed else [cand.alt_name if alternative else cand.name]
                if any(n and persons_match(person, parse_person(n)) for n in names):
                    out.append(cand)
        return out

    def ward_of(self, cand: Candidate) -> WardTruth | None:
        """The ward a candidate stood in."""
        for ward in self.wards.values():
            if any(c is cand for c in ward.ward.candidates):
                return ward
        return None


LOCAL_FORMS = frozenset({"local party", "local party candidate", "local party candidates"})


def _names_of(labels: set[str]) -> set[str]:
    """The names (not codes) a local party's labels give it: one, none, or conflicting."""
    names = set()
    for label in labels:
        spaced = [
            v for v in [*label_variants(label), *minor_forms(label)] if " " in v and "(" not in v
        ]
        if spaced:
            names.add(label_key(spaced[0]).removeprefix("the "))
    return names


def label_variants(label: str) -> list[str]:
    """A party's label and the shorter forms prose gives it.

    'Mebyon Kernow - The Party for Cornwall' is also 'Mebyon Kernow'; 'Chesterfield And
    North Derbyshire Independents (CANDI)' is also without its bracket, and 'CANDI'.
    """
    out = [label]
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z][a-z])", " ", label)
    if " " not in label and spaced != label:
        out.append(spaced)  # 'BollingtonFirst' is 'Bollington First'
    if " - " in label:
        out.append(label.split(" - ")[0])
    if re.search(r" Independents$", label):
        out.append(label[:-1])  # 'Thurrock Independent councillor'
    bracket = re.search(r"\s*\(([^)]*)\)\s*$", label)
    if bracket:
        out.append(label[: bracket.start()])
        out.append(bracket[1])
    return [x.strip() for x in out if x.strip()]


def initials(label: str) -> str:
    """A label's initials without the small words ('Trade Unionist and Socialist Coalition'
    gives 'tusc')."""
    words = re.findall(r"[a-z0-9]+", fold(label))
    return "".join(w[0] for w in words if w not in {"and", "of", "for", "the", "a"})


def segment(text: str, resolve: Callable[[str], T | None]) -> list[T] | None:
    """Split 'A, B and C' into items that each resolve, trying every split at ', ' and ' and '."""
    text = text.strip()
    pieces = re.split(r"(, and |, | and )", text)
    # pieces: item, sep, item, sep, ...
    items = pieces[0::2]
    seps = pieces[1::2]
    n = len(items)
    memo: dict[int, list[T] | None] = {}

    def solve(start: int) -> list[T] | None:
        if start == n:
            return []
        if start in memo:
            return memo[start]
        result: list[T] | None = None
        for end in range(n, start, -1):
            chunk = items[start]
            for k in range(start, end - 1):
                chunk += seps[k] + items[k + 1]
            found = resolve(chunk)
            if found is None:
                continue
            rest = solve(end)
            if rest is not None:
                result = [found, *rest]
                break
        memo[start] = result
        return result

    return solve(0)


def others_label() -> str:
    """The key prose 'others' stands for."""
    return OTHER
