"""Dates as desks type them: ISO, "5 May 2016", "Thursday 5 May 2016", "5/5/2016" (day first)."""

from __future__ import annotations

from datetime import date, datetime

# dateutil's parser is imported where a date is not ISO: most inputs never need it, and it is
# a fifth of the import time of the command line


def parse_desk_date(value: object) -> object:
    """A date from a date, datetime or string as a UK desk types it; other values pass through."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date) or not isinstance(value, str):
        return value
    text = value.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    from dateutil import parser as dateparser

    try:
        return dateparser.parse(text, dayfirst=True).date()
    except (ValueError, OverflowError) as exc:
        raise ValueError(
            f"cannot read {text!r} as a date: expected e.g. 2016-05-05, 5 May 2016 or 5/5/2016"
        ) from exc


def parse_desk_datetime(text: str) -> datetime:
    """A time as a desk types it: ISO 8601 first, else day first ("6/5/2016 02:30")."""
    text = text.strip()
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        from dateutil import parser as dateparser

        return dateparser.parse(text, dayfirst=True)
