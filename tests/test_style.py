"""House-style helpers write numbers, shares, lists, articles and dates the way the desk does."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from storygen.realise.style import (
    DEFAULT_STYLE,
    StyleSettings,
    a_an,
    capitalise_first,
    count_noun,
    figure,
    fraction_phrase,
    join_list,
    long_date,
    number,
    ordinal_word,
    percent,
    plural,
    points,
    possessive,
    ratio_phrase,
    round_half_up,
    sentence_case_start_ok,
    sentence_too_long,
    weekday,
)

TEN = StyleSettings(number_words_limit=10)

# --- settings -------------------------------------------------------------------------------


def test_default_settings() -> None:
    assert StyleSettings() == DEFAULT_STYLE
    assert DEFAULT_STYLE.number_words_limit == 9
    assert DEFAULT_STYLE.per_cent == "per cent"
    assert DEFAULT_STYLE.max_sentence_words == 40


def test_settings_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_STYLE.number_words_limit = 10  # type: ignore[misc]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"number_words_limit": -1},
        {"number_words_limit": 21},
        {"per_cent": ""},
        {"per_cent": "  "},
        {"max_sentence_words": 0},
    ],
)
def test_settings_reject_nonsense(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        StyleSettings(**kwargs)  # type: ignore[arg-type]


def test_settings_accept_the_edges() -> None:
    assert StyleSettings(number_words_limit=0).number_words_limit == 0
    assert StyleSettings(number_words_limit=20).number_words_limit == 20


# --- number and figure ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "one"), (2, "two"), (7, "seven"), (9, "nine"), (10, "10"), (11, "11"), (23, "23")],
)
def test_number_default_limit(n: int, expected: str) -> None:
    assert number(n) == expected


@pytest.mark.parametrize(("n", "expected"), [(0, "0"), (1799, "1,799"), (-3, "-3")])
def test_number_outside_words_is_figures(n: int, expected: str) -> None:
    assert number(n) == expected


def test_number_desk_limit_ten() -> None:
    assert number(10, TEN) == "ten"
    assert number(11, TEN) == "11"


def test_number_words_up_to_twenty() -> None:
    twenty = StyleSettings(number_words_limit=20)
    assert number(11, twenty) == "eleven"
    assert number(12, twenty) == "twelve"
    assert number(18, twenty) == "eighteen"
    assert number(20, twenty) == "twenty"
    assert number(21, twenty) == "21"


def test_number_limit_zero_means_all_figures() -> None:
    assert number(1, StyleSettings(number_words_limit=0)) == "1"


@pytest.mark.parametrize("bad", [2.0, True, "2"])
def test_number_rejects_non_integers(bad: object) -> None:
    with pytest.raises(TypeError):
        number(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        figure(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "0"),
        (5, "5"),
        (23, "23"),
        (999, "999"),
        (1000, "1,000"),
        (1799, "1,799"),
        (1234567, "1,234,567"),
        (-1234, "-1,234"),
    ],
)
def test_figure(n: int, expected: str) -> None:
    assert figure(n) == expected


@given(st.integers(min_value=0, max_value=20), st.integers())
def test_number_above_limit_is_figure(limit: int, n: int) -> None:
    settings = StyleSettings(number_words_limit=limit)
    assume(n > limit)
    assert number(n, settings) == figure(n)


@given(st.integers(min_value=1, max_value=20))
def test_number_within_limit_is_words(n: int) -> None:
    written = number(n, StyleSettings(number_words_limit=20))
    assert written.isalpha()
    assert written.islower()


@given(st.integers())
def test_figure_round_trips(n: int) -> None:
    text = figure(n)
    assert int(text.replace(",", "")) == n
    assert re.fullmatch(r"-?\d{1,3}(,\d{3})*", text)


# --- ordinals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "first"),
        (2, "second"),
        (3, "third"),
        (8, "eighth"),
        (10, "tenth"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (24, "24th"),
        (100, "100th"),
        (101, "101st"),
        (102, "102nd"),
        (111, "111th"),
        (112, "112th"),
        (113, "113th"),
        (1001, "1,001st"),
    ],
)
def test_ordinal_word(n: int, expected: str) -> None:
    assert ordinal_word(n) == expected


@pytest.mark.parametrize("n", [0, -1])
def test_ordinal_word_rejects_non_positive(n: int) -> None:
    with pytest.raises(ValueError):
        ordinal_word(n)


# --- capitalise_first -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("two seats", "Two seats"),
        ("labour held the SNP at bay", "Labour held the SNP at bay"),
        ("Two seats", "Two seats"),
        ("more than half", "More than half"),
        ("'two seats'", "'Two seats'"),
        ("23 seats", "23 seats"),  # nothing to capitalise; sentence_case_start_ok flags it
        ("a", "A"),
        ("", ""),
        ("...", "..."),
    ],
)
def test_capitalise_first(text: str, expected: str) -> None:
    assert capitalise_first(text) == expected


def test_capitalise_first_leaves_the_rest_alone() -> None:
    assert capitalise_first("the iPhone vote") == "The iPhone vote"
    assert capitalise_first("mcDonald") == "McDonald"


# --- round_half_up, percent, points ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (32.5, 0, 33),
        (33.5, 0, 34),  # banker's rounding would give 34 here but 32 above
        (2.5, 0, 3),
        (31.88, 0, 32),
        (31.49, 0, 31),
        (0.5, 0, 1),
        (-2.5, 0, -3),
        (31.85, 1, 31.9),  # the float is 31.8499..., but the desk typed 31.85
        (31.84, 1, 31.8),
        (2.675, 2, 2.68),
        (7, 0, 7),
        (1234.5, -1, 1230),
        (1235, -1, 1240),
    ],
)
def test_round_half_up(value: float, decimals: int, expected: float) -> None:
    result = round_half_up(value, decimals)
    assert result == expected
    assert isinstance(result, int) == (decimals <= 0)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (31.88, 0, "32 per cent"),
        (32.5, 0, "33 per cent"),
        (32.49, 0, "32 per cent"),
        (31.88, 1, "31.9 per cent"),
        (32.0, 1, "32.0 per cent"),
        (0, 0, "0 per cent"),
        (100, 0, "100 per cent"),
        (0.4, 0, "0 per cent"),
        (-0.4, 0, "0 per cent"),  # never "-0 per cent"
        (-3.5, 0, "-4 per cent"),
        (1250.0, 0, "1,250 per cent"),
    ],
)
def test_percent(value: float, decimals: int, expected: str) -> None:
    assert percent(value, decimals) == expected


def test_percent_follows_the_desk_unit() -> None:
    assert percent(31.88, settings=StyleSettings(per_cent="%")) == "32%"
    assert percent(31.88, settings=StyleSettings(per_cent="percent")) == "32 percent"


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_percent_rejects_non_finite(bad: float) -> None:
    with pytest.raises(ValueError):
        percent(bad)


def test_percent_rejects_negative_decimals() -> None:
    with pytest.raises(ValueError):
        percent(31.88, -1)


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_percent_parses_back_within_half(value: float) -> None:
    text = percent(value)
    match = re.fullmatch(r"(-?[\d,]+) per cent", text)
    assert match is not None
    assert abs(int(match.group(1).replace(",", "")) - value) <= 0.5


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.integers(0, 3))
def test_percent_has_the_decimals_asked_for(value: float, decimals: int) -> None:
    number_text = percent(value, decimals).removesuffix(" per cent")
    fraction = number_text.partition(".")[2]
    assert len(fraction) == decimals
    assert abs(float(number_text.replace(",", "")) - value) <= 0.5 * 10**-decimals + 1e-9


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (5, 0, "5 percentage points"),
        (5.4, 0, "5 percentage points"),
        (1, 0, "1 percentage point"),
        (1.4, 0, "1 percentage point"),
        (0.5, 0, "1 percentage point"),
        (1.5, 0, "2 percentage points"),
        (-5.2, 0, "5 percentage points"),  # direction belongs to the verb: "fell by ..."
        (-1, 0, "1 percentage point"),
        (0.2, 0, "0 percentage points"),
        (1.0, 1, "1.0 percentage points"),
        (12.35, 1, "12.4 percentage points"),
    ],
)
def test_points(value: float, decimals: int, expected: str) -> None:
    assert points(value, decimals) == expected


# --- fraction_phrase ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        (23.9, None),
        (24.0, "a quarter"),
        (25.0, "a quarter"),
        (26.0, "a quarter"),
        (26.01, "more than a quarter"),
        (29.99, "more than a quarter"),
        (30.0, None),
        (32.4, None),
        (32.5, "a third"),
        (33.3, "a third"),
        (34.5, "a third"),
        (34.51, "more than a third"),
        (39.9, "more than a third"),
        (40.0, None),
        (49.4, None),
        (49.5, "half"),
        (50.5, "half"),
        (50.51, "more than half"),
        (54.99, "more than half"),
        (55.0, None),
        (65.9, None),
        (66.0, "two thirds"),
        (68.0, "two thirds"),
        (68.12, "more than two thirds"),
        (73.99, "more than two thirds"),
        (74.0, "three quarters"),
        (76.0, "three quarters"),
        (76.01, "more than three quarters"),
        (79.99, "more than three quarters"),
        (80.0, None),
        (0.0, None),
        (100.0, None),
        (float("nan"), None),
    ],
)
def test_fraction_phrase(share: float, expected: str | None) -> None:
    assert fraction_phrase(share) == expected


@given(st.floats(allow_nan=False))
def test_fraction_phrase_is_never_false(share: float) -> None:
    phrase = fraction_phrase(share)
    exact = {"a quarter": 25.0, "a third": 100 / 3, "half": 50.0}
    exact |= {"two thirds": 200 / 3, "three quarters": 75.0}
    if phrase is None:
        return
    if phrase.startswith("more than "):
        assert share > exact[phrase.removeprefix("more than ")]
    else:
        assert abs(share - exact[phrase]) <= 1.5


# --- ratio_phrase ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("new", "old", "expected"),
    [
        (2303 * 2.0 + 1, 2303, "more than doubled"),
        (2303 * 2, 2303, "doubled"),
        (2303 * 2 - 1, 2303, "almost doubled"),
        (190, 100, "almost doubled"),
        (189, 100, None),
        (300, 100, "trebled"),
        (301, 100, "more than trebled"),
        (299, 100, "more than doubled"),
        (1000, 100, "more than trebled"),
        (50, 100, "halved"),
        (49, 100, "more than halved"),
        (51, 100, None),
        (0, 100, "more than halved"),
        (100, 100, None),
        (150, 100, None),
        (10, 0, None),
        (10, -5, None),
        (-10, 5, None),
        (float("inf"), 5, None),
        (float("nan"), 5, None),
        (5, float("nan"), None),
        (0.7, 0.1, "more than trebled"),
        (0.2, 0.1, "doubled"),
        (0.3, 0.1, "trebled"),  # as written, though the float 0.3 is a shade under 3 * 0.1
        (0.30000000000000004, 0.1, "more than trebled"),
        (31.85, 63.7, "halved"),
    ],
)
def test_ratio_phrase(new: float, old: float, expected: str | None) -> None:
    assert ratio_phrase(new, old) == expected


def test_ratio_phrase_is_exact_for_big_counts() -> None:
    # As floats, (2 * old + 1) / old rounds to exactly 2.0; the phrase must not.
    old = 2**53
    assert (2 * old + 1) / old == 2.0
    assert ratio_phrase(2 * old + 1, old) == "more than doubled"
    assert ratio_phrase(2 * old, old) == "doubled"


votes = st.one_of(
    st.integers(min_value=-(10**6), max_value=10**18),
    st.floats(min_value=-1e6, max_value=1e300, allow_nan=False),
)


def as_written(x: float) -> Fraction:
    """The exact value of a number as a desk would type it: 0.1 is one tenth."""
    return Fraction(x) if isinstance(x, int) else Fraction(str(x))


@given(st.integers(min_value=-(10**6), max_value=10**18), st.integers(max_value=10**18))
def test_more_than_doubled_counts_really_more_than_doubled(new: int, old: int) -> None:
    if ratio_phrase(new, old) == "more than doubled":
        assert new > 2 * old
    else:
        assert not (0 < 2 * old < new < 3 * old)


@given(votes, votes)
def test_ratio_phrase_tells_the_truth(new: float, old: float) -> None:
    phrase = ratio_phrase(new, old)
    if phrase is None:
        return
    assert old > 0
    n, o = as_written(new), as_written(old)
    if phrase == "more than doubled":
        assert new >= 2 * old  # floats can only tie where the written numbers differ
        assert 2 * o < n < 3 * o
    elif phrase == "doubled":
        assert n == 2 * o
    elif phrase == "more than trebled":
        assert n > 3 * o
    elif phrase == "trebled":
        assert n == 3 * o
    elif phrase == "almost doubled":
        assert Fraction(19, 10) * o <= n < 2 * o
    elif phrase == "halved":
        assert 2 * n == o
    else:
        assert phrase == "more than halved"
        assert 0 <= 2 * n < o


# --- join_list ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (["Labour"], "Labour"),
        (["Labour", "the Greens"], "Labour and the Greens"),
        (["A", "B", "C"], "A, B and C"),
        (("A", "B", "C", "D"), "A, B, C and D"),
    ],
)
def test_join_list(items: list[str], expected: str) -> None:
    assert join_list(items) == expected


def test_join_list_other_conjunction() -> None:
    assert join_list(["Labour", "the Conservatives"], "or") == "Labour or the Conservatives"
    assert join_list(["A", "B", "C"], "or") == "A, B or C"


def test_join_list_refuses_empty_and_bare_strings() -> None:
    with pytest.raises(ValueError):
        join_list([])
    with pytest.raises(TypeError):
        join_list("ABC")


# Brackets keep items from being substrings of each other or of the separators.
list_items = st.lists(
    st.text(alphabet="ABCDEFGH xyz", min_size=1, max_size=8).map(lambda s: f"[{s}]"),
    min_size=1,
    max_size=8,
    unique=True,
)


@given(list_items)
def test_join_list_mentions_each_item_once(items: list[str]) -> None:
    joined = join_list(items)
    for item in items:
        assert joined.count(item) == 1
    if len(items) >= 2:
        assert joined.endswith(f" and {items[-1]}")
        assert joined.count(" and ") == 1
        assert joined.count(", ") == len(items) - 2
    else:
        assert joined == items[0]


# --- a_an -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # ordinary spelling
        ("seat", "a"),
        ("election", "an"),
        ("independent candidate", "an"),
        ("overall majority", "an"),
        ("increased majority", "an"),
        # numbers by their spoken form
        ("8", "an"),
        ("8-seat majority", "an"),
        ("11-seat majority", "an"),
        ("11", "an"),
        ("18", "an"),
        ("80", "an"),
        ("86", "an"),
        ("800", "an"),
        ("899", "an"),
        ("8,000", "an"),
        ("8000", "an"),
        ("11,000-vote majority", "an"),
        ("18,500", "an"),
        ("80,000", "an"),
        ("800,000", "an"),
        ("8,000,000", "an"),
        ("11th", "an"),
        ("8.5 per cent swing", "an"),
        ("£8m scheme", "an"),
        ("1", "a"),
        ("7", "a"),
        ("12", "a"),
        ("19", "a"),
        ("90", "a"),
        ("108", "a"),
        ("180", "a"),
        ("1,100", "a"),
        ("1,799", "a"),
        ("110,000", "a"),
        ("180,000", "a"),
        ("0", "a"),
        ("-8 swing", "a"),
        # silent h and consonant-sounding vowels
        ("hour", "an"),
        ("honest mistake", "an"),
        ("honour", "an"),
        ("heir", "an"),
        ("house", "a"),
        ("historic win", "a"),
        ("one-off", "a"),
        ("one", "a"),
        ("once-in-a-generation result", "a"),
        ("onerous task", "an"),
        ("union", "a"),
        ("unitary authority", "a"),
        ("united front", "a"),
        ("university seat", "a"),
        ("European election", "a"),
        ("euro", "a"),
        ("useful lead", "a"),
        ("unexpected gain", "an"),
        ("uncontested seat", "an"),
        ("Ukip candidate", "a"),
        # initialisms by the letter's name
        ("UKIP candidate", "a"),
        ("SNP gain", "an"),
        ("MP", "an"),
        ("MPs' vote", "an"),
        ("LD", "an"),
        ("NHS trust", "an"),
        ("EU referendum", "an"),
        ("FA cup tie", "an"),
        ("RMT strike", "an"),
        ("X-ray", "an"),
        ("A-level", "an"),
        ("M6 toll", "an"),
        ("UK first", "a"),
        ("US-style", "a"),
        ("BBC poll", "a"),
        ("DUP seat", "a"),
        ("UUP seat", "a"),
        ("TUSC candidate", "a"),
        ("B-road", "a"),
        # capitals said as words
        ("NATO summit", "a"),
        ("OPEC deal", "an"),
        ("NIMBY campaign", "a"),
        # punctuation and emptiness
        ('"historic" win', "a"),
        ("(independent) councillor", "an"),
        ("  election", "an"),
        ("", "a"),
        ("...", "a"),
        ("\u00b2", "a"),
    ],
)
def test_a_an(phrase: str, expected: str) -> None:
    assert a_an(phrase) == expected


@given(st.text())
def test_a_an_always_answers_an_article(phrase: str) -> None:
    assert a_an(phrase) in ("a", "an")


# --- plural and count_noun ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "singular", "expected"),
    [
        (1, "seat", "seat"),
        (2, "seat", "seats"),
        (0, "seat", "seats"),
        (-1, "seat", "seats"),
        (2, "majority", "majorities"),
        (2, "party", "parties"),
        (2, "Tory", "Tories"),
        (2, "day", "days"),
        (2, "key", "keys"),
        (2, "box", "boxes"),
        (2, "ballot box", "ballot boxes"),
        (2, "recount", "recounts"),
        (2, "by-election", "by-elections"),
        (2, "bus", "buses"),
        (2, "branch", "branches"),
        (2, "ash", "ashes"),
        (2, "MP", "MPs"),
        (2, "y", "ys"),
        (1, "majority", "majority"),
    ],
)
def test_plural(count: int, singular: str, expected: str) -> None:
    assert plural(count, singular) == expected


def test_plural_irregular_form() -> None:
    assert plural(2, "person", "people") == "people"
    assert plural(1, "person", "people") == "person"


@pytest.mark.parametrize(
    ("count", "singular", "expected"),
    [
        (1, "seat", "one seat"),
        (2, "seat", "two seats"),
        (9, "seat", "nine seats"),
        (10, "seat", "10 seats"),
        (23, "seat", "23 seats"),
        (1234, "vote", "1,234 votes"),
        (0, "seat", "0 seats"),
        (3, "majority", "three majorities"),
    ],
)
def test_count_noun(count: int, singular: str, expected: str) -> None:
    assert count_noun(count, singular) == expected


def test_count_noun_options() -> None:
    assert count_noun(2, "person", "people") == "two people"
    assert count_noun(10, "seat", settings=TEN) == "ten seats"


# --- sentences ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "ok"),
    [
        ("Two seats changed hands.", True),
        ("23 seats changed hands.", False),
        ("1,799 votes were cast.", False),
        ("'23 seats,' she said.", False),
        ("£8m was spent.", False),
        ("  7 seats fell.", False),
        ("Labour won 23 seats.", True),
        ("", True),
    ],
)
def test_sentence_case_start_ok(sentence: str, ok: bool) -> None:
    assert sentence_case_start_ok(sentence) is ok


@given(st.integers(min_value=0))
def test_a_figure_never_starts_a_sentence(n: int) -> None:
    assert not sentence_case_start_ok(f"{figure(n)} seats changed hands.")
    assert sentence_case_start_ok(capitalise_first(f"{number(n)} seats")) == (1 <= n <= 9)


def test_sentence_too_long() -> None:
    assert not sentence_too_long(" ".join(["word"] * 40))
    assert sentence_too_long(" ".join(["word"] * 41))
    assert sentence_too_long("one two three", StyleSettings(max_sentence_words=2))
    assert not sentence_too_long("")


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2016, 5, 5), "5 May 2016"),
        (date(2024, 5, 2), "2 May 2024"),
        (date(2021, 12, 31), "31 December 2021"),
        (date(2022, 1, 1), "1 January 2022"),
        (datetime(2016, 5, 5, 22, 0), "5 May 2016"),
    ],
)
def test_long_date(d: date, expected: str) -> None:
    assert long_date(d) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2016, 5, 5), "Thursday"),
        (date(2024, 5, 2), "Thursday"),
        (date(2024, 5, 3), "Friday"),
        (date(2024, 5, 5), "Sunday"),
        (date(2024, 5, 6), "Monday"),
    ],
)
def test_weekday(d: date, expected: str) -> None:
    assert weekday(d) == expected


@given(st.dates())
def test_long_date_matches_the_calendar(d: date) -> None:
    day, month, year = long_date(d).split(" ")
    assert int(day) == d.day
    assert not day.startswith("0")
    assert datetime.strptime(month, "%B").month == d.month
    assert int(year) == d.year
    assert weekday(d) == d.strftime("%A")


# --- possessive -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Labour", "Labour's"),
        ("the Conservatives", "the Conservatives'"),
        ("the Tories", "the Tories'"),
        ("Liberal Democrats", "Liberal Democrats'"),
        ("the Lib Dems", "the Lib Dems'"),
        ("the Greens", "the Greens'"),
        ("James", "James's"),
        ("Mr Jones", "Mr Jones's"),
        ("Wales", "Wales's"),
        ("the SNP", "the SNP's"),
        ("Reform UK", "Reform UK's"),
        ("the Green Party", "the Green Party's"),
        ("voters", "voters'"),
        ("the campus", "the campus's"),
        ("the Press", "the Press's"),
        ("people", "people's"),
        ("Labour ", "Labour's"),
    ],
)
def test_possessive(name: str, expected: str) -> None:
    assert possessive(name) == expected


def test_possessive_override() -> None:
    assert possessive("the Thames", is_plural=False) == "the Thames's"
    assert possessive("Residents for Uttlesford", is_plural=True) == "Residents for Uttlesford's"
    assert possessive("Our West Lancashire Independents", is_plural=True).endswith("Independents'")
    assert possessive("the Independents", is_plural=False) == "the Independents's"


def test_possessive_needs_a_name() -> None:
    with pytest.raises(ValueError):
        possessive("  ")
