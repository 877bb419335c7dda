"""Parties as the auditor knows them: one key per party, from any source's label or prose name.

Keys: C, Lab, LD, Grn, UKIP, Reform, PC, SNP, Ind for the national parties and independents;
'L:<label>' for every other party, under its own label; OTHER for the compositions' 'other'
column (independents and local groups together); ANYOTHER for a councillor list's
'Independent / Other', which may be an independent or a local party.
"""

from __future__ import annotations

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
    "Ind": ("independents", "Independents", "an independent", "An independent", "independent",
            "Independent"),
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
