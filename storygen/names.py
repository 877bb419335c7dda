"""People's names across sources: one person written several ways.

Councillor lists and results files write the same person differently: "Cllr Mrs Ruth O'Keeffe
MBE", "Ruth O'Keeffe", "O'Keeffe R.", "Keeffe, R", "Patrick Smith" and "Pat Smith", "Tony Ball -
Cabinet Member for Economic Development", "David Edward Southward" and "David Southward",
"Jane Doe (NOT ELECTED)". `person_key` reduces a name to its given names and surname, and
`same_person` matches two names when:

- the surnames are the same, ignoring case, accents, apostrophes, hyphens and spaces
  ("O'Keeffe" and "OKeeffe", "Smith-Jones" and "Smith Jones"), and
- the first given names are the same, or one is a known short form of the other (Pat and
  Patrick, Mike and Michael: `SHORT_FORMS`), or the first three letters or more of it ("Kath"
  and "Kathryn", "Les" and "Leslie"), or differs by one letter ("Iain" and "Ian"), or is only
  an initial the other starts with ("R." and "Ruth", "RJ Phillips"); one may go by a middle
  name ("Thomas Graham Elliott" and "Graham Elliott"); a list giving only the surname matches.

Dropped before matching: titles before the name (Cllr, Mr, Mrs, Ms, Miss, Dr, Sir, Dame,
Lord, Lady, Prof, Rev, Deputy, Alderman…), honours and post-nominals after it (MBE, OBE, CBE,
JP, DL, BEM, KC, QC, Bt…, with or without stops: "M.B.E"), anything in brackets ("(NOT
ELECTED)"), and a role after a spaced dash. A title or honour elsewhere is part of the name:
"Karen Hon", "Kate Ma".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

TITLES = frozenset(
    [
        "cllr",
        "councillor",
        "cllor",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "doctor",
        "sir",
        "dame",
        "lord",
        "lady",
        "baroness",
        "baron",
        "prof",
        "professor",
        "rev",
        "revd",
        "reverend",
        "canon",
        "father",
        "the",
        "hon",
        "honourable",
        "rt",
        "right",
        "deputy",  # the City of London's "Alastair Moss, Deputy"
        "alderman",
        "alderwoman",
    ]
)
HONOURS = frozenset(
    [
        "mbe",
        "obe",
        "cc",  # a county councillor ("Ron Pratt CC", Maldon's list)
        "cbe",
        "kbe",
        "dbe",
        "cb",
        "bem",
        "jp",
        "dl",
        "kc",
        "qc",
        "mp",
        "msp",
        "ma",
        "mba",
        "bsc",
        "ba",
        "phd",
        "frsa",
        "fcca",
        "ceng",
        "td",
        "cvo",
        "lvo",
        "rn",
        "ret",
        "retd",
        "bt",  # a baronet: "Sir Beville Stanier Bt"
    ]
)
# Short forms of given names desks and councils use for the same person (both directions).
_SHORT = {
    "alexander": "alex alec sandy",
    "alexandra": "alex sandra",
    "andrew": "andy drew",
    "ann": "anne annie",
    "anne": "annie",
    "anthony": "tony ant",
    "antony": "tony",
    "barbara": "barb babs",
    "benjamin": "ben benji",
    "bernard": "bernie",
    "catherine": "cathy cath kate katie",
    "katherine": "kathy kath kate katie",
    "kathryn": "kathy kate",
    "charles": "charlie chas chuck",
    "christine": "chris christy",
    "christopher": "chris kit",
    "christina": "chris tina",
    "daniel": "dan danny",
    "david": "dave davy davey",
    "deborah": "debbie deb debra",
    "donald": "don",
    "douglas": "doug",
    "edward": "ed eddie ted ned",
    "elizabeth": "liz lizzie beth betty libby eliza",
    "frederick": "fred freddie",
    "gareth": "gaz",
    "geoffrey": "geoff",
    "gerald": "gerry",
    "gerard": "gerry ged",
    "gregory": "greg",
    "harold": "harry",
    "henry": "harry hal",
    "jacqueline": "jackie jacqui",
    "james": "jim jimmy jamie",
    "jennifer": "jenny jen",
    "jeremy": "jerry",
    "john": "jack johnny",
    "jonathan": "jon jonny",
    "joseph": "joe joey",
    "joshua": "josh",
    "judith": "judy jude",
    "kenneth": "ken kenny",
    "lawrence": "laurie larry",
    "laurence": "laurie larry",
    "leonard": "len lenny",
    "margaret": "maggie meg peggy marge",
    "matthew": "matt",
    "michael": "mike mick mickey",
    "nicholas": "nick nicky",
    "nicola": "nicky nikki nicki",
    "oliver": "ollie",
    "patricia": "pat trish tricia patsy",
    "patrick": "pat paddy",
    "peter": "pete",
    "philip": "phil",
    "phillip": "phil",
    "raymond": "ray",
    "rebecca": "becky becca",
    "richard": "rich rick ricky dick",
    "robert": "rob bob bobby robbie bert",
    "ronald": "ron ronnie",
    "samuel": "sam sammy",
    "samantha": "sam",
    "stephen": "steve",
    "steven": "steve",
    "susan": "sue susie",
    "suzanne": "sue suzy",
    "terence": "terry",
    "thomas": "tom tommy",
    "timothy": "tim",
    "victoria": "vicky vikki tori",
    "vincent": "vince",
    "william": "bill billy will willie",
    "zachary": "zac zack",
    "gillian": "gill jill gilly",
    "diana": "di",
    "diane": "di",
    "angela": "angie",
    "joanne": "jo",
    "joanna": "jo",
    "penelope": "penny",
    "denise": "dee",
    "rosslyn": "roz",
    "rosalind": "roz",
    "michelle": "shelly",
    "evelyn": "eve",
}
SHORT_FORMS: dict[str, frozenset[str]] = {}
for _full, _shorts in _SHORT.items():
    for _short in _shorts.split():
        SHORT_FORMS[_full] = SHORT_FORMS.get(_full, frozenset()) | {_short}
        SHORT_FORMS[_short] = SHORT_FORMS.get(_short, frozenset()) | {_full}


@dataclass(frozen=True)
class PersonKey:
    """A name reduced for matching: given names (in order) and the surname, folded."""

    given: tuple[str, ...]
    surname: str  # without hyphens or spaces: "smithjones"
    parts: tuple[str, ...] = ()  # the surname's hyphenated parts: ("smith", "jones")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


_INITIALS = re.compile(r"^(?:[a-z]\.)+[a-z]?$|^[a-z]$")  # "r.", "r.j.", "r"
_CAPITALS = re.compile(r"^[A-Z]{2,3}$")  # "RJ Phillips", "WLS Bowen": initials without stops


def _bare(word: str) -> str:
    return word.replace(".", "")


def _untitled(words: list[str], bare: Callable[[str], str]) -> list[str]:
    """Words without the titles before a name and the honours after it: only there, so that
    a surname that is also a title or an honour stays ("Karen Hon", "Kate Ma")."""
    start, end = 0, len(words)
    while start < end - 1 and bare(words[start]) in TITLES:
        start += 1
    while end - start > 2 and bare(words[end - 1]) in HONOURS:
        end -= 1
    return words[start:end]


@lru_cache(maxsize=65536)
def person_key(name: str) -> PersonKey:
    """The given names and surname of a name as any source writes it (see the module)."""
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", name)  # "(NOT ELECTED)", "[Labour]"
    text = re.split(r"\s[-\u2013\u2014]\s", text, maxsplit=1)[0]  # a role after a dash
    surname_first = False
    if "," in text:  # "O'Keeffe, R." or "Smith, John"
        surname, _, rest = text.partition(",")
        text = f"{rest} {surname}"
        surname_first = True
    text = re.sub(r"['\u2019`]", "", text)
    raw = [w.strip("-") for w in re.sub(r"[^\w\s.-]", " ", text).split() if w.strip(".-")]
    words: list[str] = []
    for i, word in enumerate(raw):
        # "RJ" before a surname: r. j.; first, even letters an honour spells ("BA Baker")
        honour = _fold(word) in HONOURS and i > 0
        if i < len(raw) - 1 and _CAPITALS.match(word) and _fold(word) not in TITLES and not honour:
            words.extend(f"{ch}." for ch in _fold(word))
        else:
            words.append(_fold(word))
    words = _untitled(words, _bare)
    if (
        not surname_first
        and len(words) > 1
        and _INITIALS.match(words[-1])
        and not any(_INITIALS.match(w) for w in words[:-1])
    ):
        # "Wye T." (the Handbook's "Surname I."): the initials come last
        words = [words[-1], *words[:-1]]
    if not words:
        return PersonKey(given=(), surname="")
    last = _bare(words[-1])
    given: list[str] = []
    for word in words[:-1]:
        if _INITIALS.match(word):
            given.extend(ch for ch in word if ch.isalpha())  # "r.j." -> r, j
        else:
            given.extend(p for p in word.split("-") if p)
    parts = tuple(p for p in last.split("-") if p)
    return PersonKey(given=tuple(given), surname="".join(parts), parts=parts)


def _edit_one(a: str, b: str) -> bool:
    """One letter added, dropped or changed ("Iain" and "Ian", "Dianne" and "Diane")."""
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 3:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _first_names_agree(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]  # an initial
    if b in SHORT_FORMS.get(a, frozenset()):
        return True
    short, long_ = sorted((a, b), key=len)
    # a shortened name ("Kath" for Kathryn, "Les" for Leslie) or a spelling of one letter
    return (len(short) >= SHORT_PREFIX and long_.startswith(short)) or _edit_one(a, b)


SHORT_PREFIX = 3  # letters a shortened first name must share with the full one


def _surnames_agree(x: PersonKey, y: PersonKey) -> bool:
    if x.surname == y.surname:
        return True
    # one part of a double surname ("Paolucci" and "Paolucci-Escobar")
    return (len(x.parts) > 1 or len(y.parts) > 1) and bool(set(x.parts) & set(y.parts))


@lru_cache(maxsize=65536)
def same_person(a: str, b: str) -> bool:
    """Whether two written names are one person's (see the module for the rules)."""
    x, y = person_key(a), person_key(b)
    if not x.surname or not y.surname:
        return False
    if not _surnames_agree(x, y):
        # a double surname written with and without its hyphen: "Smith-Jones", "Smith Jones"
        if x.given and x.given[-1] + x.surname == y.surname:
            x = PersonKey(given=x.given[:-1], surname=y.surname)
        elif y.given and y.given[-1] + y.surname == x.surname:
            y = PersonKey(given=y.given[:-1], surname=x.surname)
        else:
            return False
    if not x.given or not y.given:
        return True  # a list that gives the surname only ("Dadds")
    if _first_names_agree(x.given[0], y.given[0]):
        return True
    # known by a middle name: "Thomas Graham Elliott" and "Graham Elliott"
    fewer, more = sorted((x.given, y.given), key=len)
    return len(more) > len(fewer) and any(
        _first_names_agree(fewer[0], g) for g in more[1:] if len(g) > 1
    )


KEPT_TITLES = frozenset(["sir", "dame", "lord", "lady", "baroness"])  # prose keeps these


def display_name(name: str) -> str:
    """A listed name as prose writes it: no honours, bracketed note, role or title but a
    knighthood or peerage ("Sir Paul Carter"); titles only before the name and honours only
    after it ("Karen Hon" keeps her surname), a title after a comma too ("Alastair Moss,
    Deputy"); a surname before a comma last ("Howard, Ray" as "Ray Howard")."""
    text = re.sub(r"\([^)]*\)", " ", name)
    text = re.split(r"\s[-\u2013\u2014]\s", text, maxsplit=1)[0]
    head, comma, tail = text.partition(",")
    if comma and tail.split():
        given = tail.split()
        while given and _word(given[-1]) in HONOURS:
            given.pop()
        # "Alastair Moss, Deputy"; "Howard, Ray" (Castle Point's lists)
        text = head if all(_word(w) in TITLES for w in given) else " ".join([*given, head])
    words = text.split()
    kept = []
    while len(words) > 1 and _word(words[0]) in TITLES:
        if _word(words[0]) in KEPT_TITLES:
            kept.append(words[0])
        words = words[1:]
    rest = _untitled(words, _word)
    return " ".join([*kept, *rest]).strip(" ,")


def _word(word: str) -> str:
    return word.strip(".,").replace(".", "").casefold()


def has_first_name(name: str) -> bool:
    """Whether a name gives a first name in full, not only an initial or a surname."""
    key = person_key(name)
    return bool(key.given) and len(key.given[0]) > 1


def listed_or_given(listed: str, given: str) -> str:
    """The name prose uses for one person written two ways: `listed` by a councillor list,
    `given` by the results (the same person, by `same_person`).

    The list's name, without titles or honours (`display_name`): "Veronica Nicholson" for the
    results' "Nicholson, V.", "Nathan Evans" for "Nathan Morris France Evans". The results'
    name is kept where the list gives only an initial or a surname, or adds given names to a
    name the results give in full ("Graham Elliott" for a list's "Thomas Graham Elliott": the
    candidate goes by the name on the ballot), and where both give a first name in full and the
    results no more given names than the list: the ballot's "Jackie Radcliffe", not the list's
    "Jacqueline Radcliffe" (the declared result is the authority on how a candidate is known),
    and where the surnames are not spelt the same.
    """
    shown = display_name(listed)
    if not has_first_name(shown):
        return given
    if person_key(shown).surname != person_key(given).surname:
        # a surname spelt otherwise, or one part of a double surname: the ballot's spelling
        # ("A. Ng Sio-Hong" as declared, not the list's "Andy Ng Siu-Hong")
        return given
    if has_first_name(given) and len(person_key(shown).given) >= len(person_key(given).given):
        return given
    return shown
