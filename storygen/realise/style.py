"""House-style helpers for UK regional press copy: numbers, shares, lists, articles and dates.

Pure functions of their arguments, meant to be registered as Jinja filters. House style:
numbers from one to the desk's limit in words and figures above it, never a figure at the start
of a sentence, "per cent" in full, half-way values rounded up (not to even), fractions and
ratios only where they are true.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction

__all__ = [
    "DEFAULT_STYLE",
    "MONTHS",
    "NUMBER_WORDS",
    "StyleSettings",
    "a_an",
    "capitalise_first",
    "count_noun",
    "figure",
    "fraction_phrase",
    "join_list",
    "long_date",
    "number",
    "ordinal_word",
    "percent",
    "plural",
    "points",
    "possessive",
    "ratio_phrase",
    "round_half_up",
    "sentence_case_start_ok",
    "sentence_too_long",
    "weekday",
]

NUMBER_WORDS = (
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
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
)
_MAX_NUMBER_WORD = len(NUMBER_WORDS) - 1

_ORDINAL_WORDS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
)

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Enough significant digits for any finite float, so quantize never runs out of precision.
_DECIMAL_CONTEXT = Context(prec=400, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class StyleSettings:
    """A desk's house-style choices."""

    number_words_limit: int = 9
    per_cent: str = "per cent"
    max_sentence_words: int = 40
    # "a disappointing 32 per cent" (the turnout rule's low threshold) and the share who stayed
    # away: a house's choice for a story it writes by hand, off for a whole polling day's batch
    turnout_words: bool = True

    def __post_init__(self) -> None:
        if not 0 <= self.number_words_limit <= _MAX_NUMBER_WORD:
            raise ValueError(
                f"number_words_limit must be between 0 and {_MAX_NUMBER_WORD}, "
                f"not {self.number_words_limit}"
            )
        if not self.per_cent.strip():
            raise ValueError("per_cent must not be blank")
        if self.max_sentence_words < 1:
            raise ValueError(
                f"max_sentence_words must be at least 1, not {self.max_sentence_words}"
            )


DEFAULT_STYLE = StyleSettings()


def _require_int(n: object, what: str) -> None:
    # Jinja hands over whatever the template computed: a float or a bool here is a template bug.
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"{what} needs a whole number, not {n!r}")


def _to_decimal(value: float) -> Decimal:
    if isinstance(value, bool):
        raise TypeError(f"needs a number, not {value!r}")
    if isinstance(value, int):
        return Decimal(value)
    as_float = float(value)
    if not math.isfinite(as_float):
        raise ValueError(f"cannot write {value!r} in copy")
    # str() gives the shortest text that round-trips, so 31.85 is 31.85, not 31.8499999...
    return Decimal(str(as_float))


def _quantize(value: float, decimals: int) -> Decimal:
    exponent = Decimal(1).scaleb(-decimals)
    rounded = _to_decimal(value).quantize(
        exponent, rounding=ROUND_HALF_UP, context=_DECIMAL_CONTEXT
    )
    return abs(rounded) if rounded.is_zero() else rounded  # no "-0 per cent"


def _format_decimal(value: float, decimals: int) -> str:
    if decimals < 0:
        raise ValueError(f"decimals must not be negative, not {decimals}")
    return f"{_quantize(value, decimals):,}"


def number(n: int, settings: StyleSettings = DEFAULT_STYLE) -> str:
    """Write n in words from one to the desk's limit and in figures otherwise (including 0)."""
    _require_int(n, "number")
    if 1 <= n <= settings.number_words_limit:
        return NUMBER_WORDS[n]
    return figure(n)


def figure(n: int) -> str:
    """Write n in figures with thousands separators: 1,799."""
    _require_int(n, "figure")
    return f"{n:,}"


def ordinal_word(n: int) -> str:
    """Write an ordinal: first to tenth in words, then 11th, 22nd, 23rd, 101st, 111th."""
    _require_int(n, "ordinal_word")
    if n < 1:
        raise ValueError(f"ordinals start at 1, not {n}")
    if n <= len(_ORDINAL_WORDS):
        return _ORDINAL_WORDS[n - 1]
    teen = n % 100 in (11, 12, 13)  # 11th, 112th
    suffix = "th" if teen else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{figure(n)}{suffix}"


def capitalise_first(text: str) -> str:
    """Upper-case the first letter of a sentence start, leaving the rest as it is."""
    for index, char in enumerate(text):
        if char.isalnum():
            if char.isalpha():
                return text[:index] + char.upper() + text[index + 1 :]
            return text  # starts with a figure: nothing to capitalise
    return text


def round_half_up(value: float, decimals: int = 0) -> float | int:
    """Round half-way values away from zero (32.5 -> 33), as readers expect; int for decimals<=0."""
    rounded = _quantize(value, decimals)
    if decimals <= 0:
        return int(rounded)
    return float(rounded)


def percent(value: float, decimals: int = 0, settings: StyleSettings = DEFAULT_STYLE) -> str:
    """Write a share already in per cent, rounded half up: 31.88 -> "32 per cent"."""
    text = _format_decimal(value, decimals)
    unit = settings.per_cent
    separator = " " if unit[0].isalnum() else ""  # "32 per cent" but "32%"
    return f"{text}{separator}{unit}"


def points(value: float, decimals: int = 0) -> str:
    """Write the size of a change in share (the verb carries direction): "5 percentage points"."""
    text = _format_decimal(abs(value), decimals)
    unit = "percentage point" if text == "1" else "percentage points"
    return f"{text} {unit}"


def fraction_phrase(share: float) -> str | None:
    """Name the fraction a share in per cent (0-100) amounts to, or None when none is true.

    Bands (inclusive unless marked "above"/"below"):

    - 24 to 26              -> "a quarter"
    - above 26, below 30    -> "more than a quarter"
    - 32.5 to 34.5          -> "a third"
    - above 34.5, below 40  -> "more than a third"
    - 49.5 to 50.5          -> "half"
    - above 50.5, below 55  -> "more than half"
    - 66 to 68              -> "two thirds"
    - above 68, below 74    -> "more than two thirds"
    - 74 to 76              -> "three quarters"
    - above 76, below 80    -> "more than three quarters"
    - anything else         -> None
    """
    if 24 <= share <= 26:
        return "a quarter"
    if 26 < share < 30:
        return "more than a quarter"
    if 32.5 <= share <= 34.5:
        return "a third"
    if 34.5 < share < 40:
        return "more than a third"
    if 49.5 <= share <= 50.5:
        return "half"
    if 50.5 < share < 55:
        return "more than half"
    if 66 <= share <= 68:
        return "two thirds"
    if 68 < share < 74:
        return "more than two thirds"
    if 74 <= share <= 76:
        return "three quarters"
    if 76 < share < 80:
        return "more than three quarters"
    return None


def ratio_phrase(new: float, old: float) -> str | None:
    """Describe how far a figure moved from old to new, or None when no phrase is exactly true.

    With r = new / old, compared exactly on the numbers as written (0.3 is three times 0.1):

    - r > 3            -> "more than trebled"
    - r == 3           -> "trebled"
    - 2 < r < 3        -> "more than doubled"
    - r == 2           -> "doubled"
    - 1.9 <= r < 2     -> "almost doubled"
    - r == 0.5         -> "halved"
    - 0 <= r < 0.5     -> "more than halved" (fell by more than half)
    - otherwise, and whenever old <= 0, new < 0 or either is not finite -> None
    """
    if not (math.isfinite(new) and math.isfinite(old)) or old <= 0 or new < 0:
        return None
    ratio = Fraction(_to_decimal(new)) / Fraction(_to_decimal(old))
    if ratio > 3:
        return "more than trebled"
    if ratio == 3:
        return "trebled"
    if ratio > 2:
        return "more than doubled"
    if ratio == 2:
        return "doubled"
    if ratio >= Fraction(19, 10):
        return "almost doubled"
    if ratio == Fraction(1, 2):
        return "halved"
    if ratio < Fraction(1, 2):
        return "more than halved"
    return None


def join_list(items: Sequence[str], conjunction: str = "and") -> str:
    """Join items as prose without an Oxford comma: "A", "A and B", "A, B and C"."""
    if isinstance(items, str):
        raise TypeError("join_list needs a sequence of strings, not a single string")
    if not items:
        raise ValueError("join_list needs at least one item")
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


# Words spelt with a vowel but said with a consonant sound ("a union", "a one-off").
_CONSONANT_SOUND_PREFIXES = (
    "eu",
    "ewe",
    "ubiq",
    "ukip",
    "ukrain",
    "unanim",
    "unicorn",
    "unicameral",
    "unif",
    "union",
    "unique",
    "unison",
    "unilateral",
    "unit",
    "univers",
    "uranium",
    "urinal",
    "urine",
    "usag",
    "use",
    "usual",
    "usur",
    "utensil",
    "uter",
    "utili",
    "utopia",
)
_CONSONANT_SOUND_WORDS = frozenset({"one", "once", "uni", "uefa"})
# Words spelt with a consonant but said with a vowel sound (silent h).
_VOWEL_SOUND_PREFIXES = ("heir", "honest", "honor", "honour", "hour")
# Capitals said as a word, not letter by letter; they take ordinary spelling rules.
_ACRONYMS_SAID_AS_WORDS = frozenset(
    {"ACAS", "AIDS", "FIFA", "ISIS", "NASA", "NATO", "NIMBY", "OFCOM", "OPEC", "UEFA", "UKIP"}
)
# Letters whose names start with a vowel sound: eff, aitch, ell, em, en, ar, ess, ex...
_VOWEL_SOUND_LETTERS = frozenset("AEFHILMNORSX")

_FIRST_TOKEN = re.compile(r"[^\W_]+")
_LEADING_NUMBER = re.compile(r"[0-9][0-9,]*")
# Up to five capitals said letter by letter, perhaps with a plural s or a number: MPs, M6.
_INITIALS = re.compile(r"([A-Z]{1,5})(?:s|\d+)?")


def _number_takes_an(digits: str) -> bool:
    value = int(digits.replace(",", "") or "0")
    if value == 0:
        return False  # "zero"
    text = str(value)
    lead = int(text[: len(text) % 3 or 3])  # the group said first: 18 in 18,500
    return lead in (8, 11, 18) or 80 <= lead <= 89 or 800 <= lead <= 899


def _word_takes_an(word: str) -> bool:
    lower = word.lower()
    if lower in _CONSONANT_SOUND_WORDS or lower.startswith(_CONSONANT_SOUND_PREFIXES):
        return False
    if lower.startswith(_VOWEL_SOUND_PREFIXES):
        return True
    return lower[0] in "aeiou"


def a_an(word_or_phrase: str) -> str:
    """Return the indefinite article ("a" or "an") the phrase takes when said aloud."""
    text = word_or_phrase.lstrip()
    if re.match(r"[-\u2212][0-9]", text):
        return "a"  # "a -3 swing" is said "a minus three"
    match = _FIRST_TOKEN.search(text)
    if match is None:
        return "a"
    token = match.group()
    leading = _LEADING_NUMBER.match(text, match.start())
    if leading is not None:
        return "an" if _number_takes_an(leading.group()) else "a"
    initials = _INITIALS.fullmatch(token)  # "MP", "MPs", "SNP", "M6", "A-level"
    if initials is not None and initials.group(1) not in _ACRONYMS_SAID_AS_WORDS:
        return "an" if token[0] in _VOWEL_SOUND_LETTERS else "a"
    return "an" if _word_takes_an(token) else "a"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """Return the noun form for count: "seat" for 1, "seats" (or plural_form) otherwise."""
    _require_int(count, "plural")
    if count == 1:
        return singular
    if plural_form is not None:
        return plural_form
    if singular.isupper():
        return f"{singular}s"  # initialisms: MPs, MEPs, SNPs
    if len(singular) > 1 and singular[-1] == "y" and singular[-2].lower() not in "aeiou":
        return f"{singular[:-1]}ies"  # majority -> majorities, Tory -> Tories
    if singular.endswith(("s", "x", "z", "ch", "sh")):
        return f"{singular}es"
    return f"{singular}s"


def count_noun(
    count: int,
    singular: str,
    plural_form: str | None = None,
    settings: StyleSettings = DEFAULT_STYLE,
) -> str:
    """Write a count with its noun: "one seat", "two seats", "23 seats", "1,234 votes"."""
    return f"{number(count, settings)} {plural(count, singular, plural_form)}"


def sentence_case_start_ok(sentence: str) -> bool:
    """Return False when a sentence starts with a figure (after any quote, bracket or £)."""
    for char in sentence:
        if char.isalnum():
            return not char.isdecimal()
    return True


def sentence_too_long(sentence: str, settings: StyleSettings = DEFAULT_STYLE) -> bool:
    """Return True when a sentence has more words than the desk's max_sentence_words."""
    return len(sentence.split()) > settings.max_sentence_words


def long_date(d: date) -> str:
    """Write a date the house way: "5 May 2016" (no ordinal, no leading zero)."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def weekday(d: date) -> str:
    """Name the day of the week: "Thursday"."""
    return _WEEKDAYS[d.weekday()]


# Plural party and group nouns that take a bare apostrophe even without "the".
_PLURAL_NAMES = frozenset(
    {
        "conservatives",
        "democrats",
        "dems",
        "greens",
        "independents",
        "liberals",
        "nationalists",
        "socialists",
        "tories",
        "unionists",
    }
)


def possessive(name: str, *, is_plural: bool | None = None) -> str:
    """Make a possessive: "Labour's", "the Tories'", "James's"; is_plural overrides the guess."""
    stripped = name.rstrip()
    if not stripped:
        raise ValueError("possessive needs a name")
    if is_plural is None:
        last = stripped.split()[-1]
        is_plural = (
            last.endswith("s")
            and not last.lower().endswith(("ss", "us", "is"))
            and (
                stripped.lower().startswith("the ")
                or last.islower()
                or last.lower() in _PLURAL_NAMES
            )
        )
    return f"{stripped}'" if is_plural and stripped.endswith("s") else f"{stripped}'s"
