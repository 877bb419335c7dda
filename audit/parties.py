"""Parties as the auditor knows them: one key per party, from any source's label or prose name.

Keys: C, Lab, LD, Grn, UKIP, Reform, PC, SNP, Ind for the national parties and independents;
'L:<label>' for every other party, under its own label; OTHER for the compositions' 'other'
column (independents and local groups together); ANYOTHER for a councillor list's
'Independent / Other', which may be an independent or a local party.
"""

from __future__ import annotations

import re

from .names import label_key

NATIONAL = ("C", "Lab", "LD", "Grn", "UKIP", "Reform", "PC", "SNP")
IND = "Ind"
OTHER = "OTHER"
ANYOTHER = "ANYOTHER"

# labels in the results files and councillor lists (folded with label_key)
_SOURCE: dict[str, str] = {}
for _key, _labels in {
    "C": [
        "C",
        "CON",
        "Conservative",
        "Conservatives",
        "Conservative and Unionist",
        "Conservative and Unionist Party",
        "Conservative Party",
        "Scottish Conservative and Unionist",
    ],
    "Lab": [
        "Lab",
        "LAB",
        "Labour",
        "Labour Party",
        "Labour and Co-operative Party",
        "Labour and Co-operative",
        "Labour Co-operative",
        "Lab Co-op",
        "Welsh Labour",
        "Scottish Labour Party",
    ],
    "LD": ["LD", "Liberal Democrats", "Liberal Democrat", "Lib Dem", "Scottish Liberal Democrats"],
    "Grn": [
        "Grn",
        "GREEN",
        "Green",
        "Green Party",
        "Green Party (E&W)",
        "Scottish Green Party",
        "Wales Green Party",
    ],
    "UKIP": ["UKIP", "UK Independence Party", "UK Independence Party (UKIP)"],
    "Reform": ["REF", "Reform", "Reform UK"],
    "PC": ["PC", "Plaid Cymru", "Plaid Cymru - The Party of Wales", "Plaid Cymru - Party of Wales"],
    "SNP": ["SNP", "Scottish National Party", "Scottish National Party (SNP)"],
    "Ind": ["Ind", "IND", "Independent", "Independents", "ND", "No description", "Non-party"],
}.items():
    for _label in _labels:
        _SOURCE[label_key(_label)] = _key
_SOURCE[label_key("Independent / Other")] = ANYOTHER


def source_party(label: str) -> str:
    """The key of a party label as a results file or councillor list writes it."""
    key = label_key(label)
    if key in _SOURCE:
        return _SOURCE[key]
    return "L:" + key


def is_local(key: str) -> bool:
    """Whether a key is a party under its own label (not national, not independent)."""
    return key.startswith("L:")


COMPOSITION_COLUMNS = {
    "con": "C",
    "lab": "Lab",
    "ld": "LD",
    "green": "Grn",
    "ukip": "UKIP",
    "ref": "Reform",
    "pc": "PC",
    "snp": "SNP",
    "other": OTHER,
}

# how prose names a party: every form the drafts use (nouns, possessive stems, adjectives)
PROSE_NAMES: dict[str, tuple[str, ...]] = {
    "C": (
        "the Conservatives",
        "Conservatives",
        "the Conservative Party",
        "Conservative",
        "the Tories",
        "Tories",
        "Tory",
    ),
    "Lab": ("Labour", "the Labour Party"),
    "LD": (
        "the Liberal Democrats",
        "Liberal Democrats",
        "Liberal Democrat",
        "the Lib Dems",
        "Lib Dems",
        "Lib Dem",
    ),
    "Grn": ("the Greens", "Greens", "the Green Party", "Green Party", "Green"),
    "UKIP": ("UKIP",),
    "Reform": ("Reform UK", "Reform"),
    "PC": ("Plaid Cymru", "Plaid"),
    "SNP": ("the SNP", "SNP"),
    "Ind": (
        "independents",
        "Independents",
        "an independent",
        "An independent",
        "independent",
        "Independent",
    ),
    OTHER: ("others", "Others"),
}

# PA abbreviations in results boxes
PA: dict[str, str] = {
    "C": "C",
    "Lab": "Lab",
    "LD": "LD",
    "Grn": "Grn",
    "UKIP": "UKIP",
    "Reform": "Reform",
    "PC": "PC",
    "SNP": "SNP",
    "Ind": "Ind",
}


# Minor parties the sources give under codes and prose gives by name (the auditor's own table).
MINOR: tuple[tuple[str, ...], ...] = (
    ("TUSC", "Trade Unionist and Socialist Coalition"),
    ("Lib", "Liberal", "Liberal Party", "The Liberal Party", "Liberals", "the Liberals"),
    ("Yorks", "Yorks1st", "YORKS", "Yorkshire Party", "The Yorkshire Party", "Yorkshire First"),
    ("SocLab", "SOC LAB", "Soc Lab", "SLP", "Socialist Labour", "Socialist Labour Party"),
    ("SDP", "Social Democratic Party", "Social Democrats"),
    ("HER", "Her", "Heritage Party", "Heritage"),
    ("WP", "WPB", "Workers Party", "Workers Party of Britain"),
    ("CPA", "Christian Peoples Alliance", "Christian People's Alliance"),
    ("BNP", "British National Party"),
    ("EDP", "ED", "English Democrats", "English Democrat"),
    (
        "Loony",
        "MRLP",
        "OMRLP",
        "Monster Raving Loony Party",
        "Official Monster Raving Loony Party",
        "The Official Monster Raving Loony Party",
    ),
    ("Comm", "COMM", "Communist Party", "Communist Party of Britain", "Communist"),
    ("NF", "National Front"),
    ("BritDem", "BDP", "British Democrats", "British Democratic Party"),
    ("Libtn", "Liber", "Libertarian Party", "Libertarians"),
    ("SocAlt", "Socialist Alternative"),
    ("MK", "Mebyon Kernow", "Mebyon Kernow - The Party for Cornwall"),
    ("AWP", "AnimalW", "Animal Welfare Party"),
    ("ForBritn", "For Britain", "For Britain Movement"),
    ("SPGB", "Socialist Party of Great Britain", "The Socialist Party of Great Britain"),
)


def minor_forms(label: str) -> tuple[str, ...]:
    """Every name of a minor party one of whose names or codes the label is ('TUSC' gives
    'Trade Unionist and Socialist Coalition' too)."""
    key = label_key(label)
    for forms in MINOR:
        if key in {label_key(f) for f in forms}:
            return forms
    return ()


_SMALL = {"of", "the", "and", "for", "a", "an"}


def _code_words(name: str) -> list[str]:
    """A party name's words for matching a code: apostrophes closed up ('It's' is 'its'),
    capitals inside a word split ('BollingtonFirst'), small words dropped."""
    text = re.sub(r"['\u2019]", "", name)
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)
    text = re.sub(r"\b(\w+) s\b", r"\1s", label_key(text))
    return [w for w in text.split() if w not in _SMALL]


def _code_letters(code: str) -> str:
    text = re.sub(r"1st", "first", code, flags=re.IGNORECASE)
    return re.sub(r"[^a-z0-9]", "", label_key(text).replace(" ", ""))


def code_fits(code: str, name: str) -> bool:
    """Whether a results file's code can stand for a party's name: it is one of the name's
    words ('Wilmslow', 'Residents of Wilmslow'), or its letters run through the name's words
    in order, each word giving a piece that starts with its first letter ('IOCH', "It's Our
    County (Herefordshire)"; 'LincsInd', 'Lincolnshire Independents Lincolnshire First';
    'Boll1st', 'BollingtonFirst'), with two words at least so read, or a one-word name
    ('Fndtn', 'the Foundation Party')."""
    letters, words = _code_letters(code), _code_words(name)
    if not letters or not words:
        return False
    if len(letters) >= 4 and letters in words:
        return True

    def piece(chunk: str, word: str) -> bool:
        if not chunk or chunk[0] != word[0]:
            return False
        it = iter(word)
        return all(ch in it for ch in chunk)

    def run(i: int, j: int, used: int) -> bool:
        if i == len(letters):
            return used >= 2
        if j == len(words):
            return False
        return any(
            piece(letters[i:k], words[j]) and run(k, j + 1, used + 1)
            for k in range(len(letters), i, -1)
        )

    # a name of one word the code abbreviates ('Fndtn', 'the Foundation Party')
    if len(words) == 1 and len(letters) >= 4 and piece(letters, words[0]):
        return True
    return run(0, 0, 0)
