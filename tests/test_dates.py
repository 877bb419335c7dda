"""Dates are read the way UK desks type them: day first."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from storygen.ingest.dates import parse_desk_date


@pytest.mark.parametrize(
    "text",
    ["2016-05-05", "5 May 2016", "Thursday 5 May 2016", "5/5/2016", "05/05/2016", "5th May 2016"],
)
def test_polling_day_spellings(text: str) -> None:
    assert parse_desk_date(text) == date(2016, 5, 5)


def test_day_comes_first() -> None:
    assert parse_desk_date("3/5/2018") == date(2018, 5, 3)
    assert parse_desk_date("2018-05-03") == date(2018, 5, 3)


def test_dates_and_datetimes_pass() -> None:
    assert parse_desk_date(date(2016, 5, 5)) == date(2016, 5, 5)
    assert parse_desk_date(datetime(2016, 5, 5, 22, 0)) == date(2016, 5, 5)


@pytest.mark.parametrize("text", ["31/31/2016", "polling day", ""])
def test_bad_dates_say_what_was_expected(text: str) -> None:
    with pytest.raises(ValueError, match=r"expected e\.g\. 2016-05-05"):
        parse_desk_date(text)
