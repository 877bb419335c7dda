"""Dates as desks type them, and nothing else: a complete date, never one completed from today.

Accepted: ISO ("2016-05-05"), the day first with the month in words ("5 May 2016",
"Thursday 5 May 2016", "5th May 2016", "5 Sept 2016"), and day first in figures ("5/5/2016",
"05.05.2016", "5-5-2016"), years in four figures. A weekday, when given, must be the date's.
Times (--now, --embargo, --start) are such a date, optionally followed by a time ("02:30",
"2:30am", "02:30:15") and, in ISO form, an offset ("2016-05-06T02:30+01:00"). Anything else,
"2016", "May 2016", "2016-13-01" or a number, is refused with what was expected.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

EXPECTED_DATE = "e.g. 2016-05-05, 5 May 2016 or 5/5/2016 (day first)"
EXPECTED_TIME = "e.g. 2016-05-06T02:30, 2016-05-06 02:30 or '6 May 2016 02:30'"
FIRST_YEAR, LAST_YEAR = 1800, 2200  # outside these, a typo rather than an election

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    name: number
    for number, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}

# [0-9], not \d: "²", "①" and Arabic-Indic digits are not how a desk types a date
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_FIGURES = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})")
_WORDS = re.compile(
    r"(?:(?P<weekday>[a-z]+),?\s+)?"
    r"(?:(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?\s+(?P<month>[a-z]+)\.?"
    r"|(?P<month2>[a-z]+)\.?\s+(?P<day2>[0-9]{1,2})(?:st|nd|rd|th)?)"
    r",?\s+(?P<year>[0-9]{4})"
)
_ISO_TIME = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?)"
    r"(Z|[+-][0-9]{2}:?[0-9]{2})?"
)
_DESK_TIME = re.compile(
    r"(?P<date>.+?)(?:,?\s+(?:at\s+)?(?P<hour>[0-9]{1,2})(?:[:.](?P<minute>[0-9]{2})"
    r"(?::(?P<second>[0-9]{2}))?)?\s*(?P<half>am|pm)?)?"
)


def _complete(year: int, month: int, day: int) -> date:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"year {year} is out of range")
    return date(year, month, day)  # ValueError for a month or day that does not exist


def _read_date(text: str) -> date:
    """A date in one of the accepted forms; ValueError otherwise."""
    key = re.sub(r"\s+", " ", text.strip()).casefold()
    if match := _ISO.fullmatch(key):
        return _complete(int(match[1]), int(match[2]), int(match[3]))
    if match := _FIGURES.fullmatch(key):
        return _complete(int(match[4]), int(match[3]), int(match[1]))
    if match := _WORDS.fullmatch(key):
        month_name = match["month"] or match["month2"]
        if month_name not in MONTHS:
            raise ValueError(f"no month {month_name!r}")
        day = int(match["day"] or match["day2"])
        found = _complete(int(match["year"]), MONTHS[month_name], day)
        weekday = match["weekday"]
        if weekday is not None:
            if weekday not in WEEKDAYS:
                raise ValueError(f"no weekday {weekday!r}")
            if WEEKDAYS[weekday] != found.weekday():
                raise ValueError(f"{found:%-d %B %Y} is a {found:%A}, not a {weekday.title()}")
        return found
    raise ValueError("not a complete date")


def parse_desk_date(value: object) -> date:
    """A date from a date, datetime or string as a UK desk types it; ValueError otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"cannot read {value!r} as a date: expected {EXPECTED_DATE}")
    try:
        return _read_date(value)
    except ValueError as exc:
        raise ValueError(
            f"cannot read {value!r} as a date ({exc}): expected {EXPECTED_DATE}"
        ) from None


def _iso_time(match: re.Match[str]) -> datetime:
    day = _read_date(match[1])
    when = datetime.fromisoformat(f"{day.isoformat()}T{match[2]}")
    offset = match[3]
    if not offset:
        return when
    if offset == "Z":
        return when.replace(tzinfo=UTC)
    digits = offset[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        raise ValueError("offset out of range")
    delta = timedelta(hours=hours, minutes=minutes)
    return when.replace(tzinfo=timezone(delta if offset[0] == "+" else -delta))


def parse_desk_datetime(text: str) -> datetime:
    """A time as a desk types it: ISO 8601, else a desk date and a time; ValueError otherwise."""
    stripped = text.strip()
    try:
        if iso := _ISO_TIME.fullmatch(stripped):
            return _iso_time(iso)
        match = _DESK_TIME.fullmatch(re.sub(r"\s+", " ", stripped).casefold())
        if match is None:
            raise ValueError("not a date and time")
        day = _read_date(match["date"])
        hour = int(match["hour"] or 0)
        minute, second = int(match["minute"] or 0), int(match["second"] or 0)
        if match["half"]:
            if not 1 <= hour <= 12:
                raise ValueError("hour out of range")
            hour = hour % 12 + (12 if match["half"] == "pm" else 0)
        elif match["hour"] is not None and match["minute"] is None:
            raise ValueError("an hour without minutes")
        return datetime(day.year, day.month, day.day, hour, minute, second)
    except ValueError as exc:
        raise ValueError(
            f"cannot read {text!r} as a time ({exc}): expected {EXPECTED_TIME}"
        ) from None
