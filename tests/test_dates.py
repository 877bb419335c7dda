"""Dates are read the way UK desks type them, day first, and only when complete."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storygen.ingest.dates import parse_desk_date, parse_desk_datetime


@pytest.mark.parametrize(
    "text",
    [
        "2016-05-05",
        "5 May 2016",
        "Thursday 5 May 2016",
        "Thu, 5 May 2016",
        "5/5/2016",
        "05/05/2016",
        "05.05.2016",
        "5th May 2016",
        "May 5, 2016",
        " 5  may  2016 ",
    ],
)
def test_polling_day_spellings(text: str) -> None:
    assert parse_desk_date(text) == date(2016, 5, 5)


def test_day_comes_first() -> None:
    assert parse_desk_date("3/5/2018") == date(2018, 5, 3)
    assert parse_desk_date("2018-05-03") == date(2018, 5, 3)


def test_dates_and_datetimes_pass() -> None:
    assert parse_desk_date(date(2016, 5, 5)) == date(2016, 5, 5)
    assert parse_desk_date(datetime(2016, 5, 5, 22, 0)) == date(2016, 5, 5)


@pytest.mark.parametrize(
    "value",
    [
        "31/31/2016",
        "polling day",
        "",
        # incomplete: never completed from the day of the run
        "2016",
        "May 2016",
        "5 May",
        "5/5/16",
        "2016-05",
        # impossible
        "2016-13-01",
        "2016-02-30",
        "30 Feb 2016",
        "Friday 5 May 2016",
        # numbers and odd digits
        "0",
        0,
        2016,
        1.5,
        None,
        True,
        "\u0662\u0660\u0661\u0666-\u0660\u0665-\u0660\u0665",  # Arabic-Indic
        "\uff12\uff10\uff11\uff16-05-05",  # full width
        "5 May ²016",
        "20160505",
        "2016-W18-4",
        "9999-01-01",
    ],
)
def test_bad_dates_say_what_was_expected(value: object) -> None:
    with pytest.raises(ValueError, match=r"expected e\.g\. 2016-05-05"):
        parse_desk_date(value)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)))
@settings(max_examples=100, deadline=None)
def test_every_form_of_a_date_reads_back(day: date) -> None:
    for text in (
        day.isoformat(),
        f"{day.day}/{day.month}/{day.year}",
        f"{day.day} {day:%B} {day.year}",
        f"{day:%A} {day.day} {day:%b} {day.year}",
    ):
        assert parse_desk_date(text) == day


@given(st.text(max_size=30))
@settings(max_examples=150, deadline=None)
def test_any_text_is_a_date_or_a_value_error(text: str) -> None:
    with contextlib.suppress(ValueError):
        parse_desk_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016-05-06 02:30", datetime(2016, 5, 6, 2, 30)),
        ("2016-05-06T02:30:15", datetime(2016, 5, 6, 2, 30, 15)),
        (
            "2016-05-06T02:30+01:00",
            datetime(2016, 5, 6, 2, 30, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("2016-05-06T01:30Z", datetime(2016, 5, 6, 1, 30, tzinfo=UTC)),
        ("6/5/2016 02:30", datetime(2016, 5, 6, 2, 30)),
        ("6 May 2016 2:30am", datetime(2016, 5, 6, 2, 30)),
        ("6 May 2016 2.30pm", datetime(2016, 5, 6, 14, 30)),
        ("6 May 2016", datetime(2016, 5, 6)),
    ],
)
def test_times_as_desks_type_them(text: str, expected: datetime) -> None:
    assert parse_desk_datetime(text) == expected


@pytest.mark.parametrize(
    "text", ["2016", "02:30", "6 May 2016 02", "2016-05-06T25:00", "6 May 2016 13:30pm", "now", ""]
)
def test_bad_times_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"expected e\.g\."):
        parse_desk_datetime(text)
