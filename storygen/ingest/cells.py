"""Reading cells safely: whole numbers in ASCII digits, text without control characters,
files read only when they are regular and not too big, and CSV read one line at a time.

One bad character must never take a night down: every function here either returns a value or
says what is wrong, so the reader can make it an error of the row (and council) it belongs to.
"""

from __future__ import annotations

import csv
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from storygen.errors import InputFormatError, InputNotFoundError

MAX_TEXT = 1_000  # characters in a text cell: no name, party or ward is longer
CSV_FIELD_LIMIT = csv.field_size_limit()  # Python's own: 131,072 characters
MAX_COUNT = 100_000_000  # no ward or council has this many votes, voters or ballots

# ASCII digits only: "²", "①" and Arabic-Indic digits pass str.isdigit() but are not how a
# results file writes a count (int() refuses the first two and silently reads the third)
_WHOLE = re.compile(r"[0-9]+")
_THOUSANDS = re.compile(r"[0-9]{1,3}(,[0-9]{3})+")
_DECIMAL = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]{1,3})?")
# ANSI escape sequences first (so their printable tail goes too), then C0 and C1 controls,
# DEL, zero-width and bidirectional controls, line and paragraph separators, stray BOMs
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
_BREAKS = re.compile(r"[\t\n\r\u2028\u2029]+")


def whole_number(text: str, thousands: bool = True) -> int | None:
    """The whole number a cell writes in ASCII digits ("1,234" too, up to `MAX_COUNT`), else
    None."""
    text = text.strip()
    if thousands and _THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    if not _WHOLE.fullmatch(text) or len(text) > 12:
        return None
    number = int(text)
    return number if number <= MAX_COUNT else None


def decimal_number(text: str) -> float | None:
    """A number a cell writes in ASCII digits, with an optional decimal point and exponent
    ("46.8", "5.2e-05"), else None: never "nan", "inf" or other digits."""
    text = text.strip()
    return float(text) if len(text) <= 40 and _DECIMAL.fullmatch(text) else None


def clean_text(text: str) -> tuple[str, bool]:
    """A text cell without control characters (line breaks and tabs as spaces), and whether
    anything was taken out."""
    if text.isprintable():  # nearly every cell: nothing to take out (isprintable is C-fast)
        return text, False
    cleaned = _CONTROL.sub("", _BREAKS.sub(" ", _ANSI.sub("", text)))
    return cleaned, cleaned != text


def check_regular_file(
    path: Path, *, display: str, limit: int, expected: str, what: str = "file"
) -> None:
    """Refuse, with what was expected, anything but a regular file of at most `limit` bytes
    (a FIFO, a device, a folder, a missing path), without opening it."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputNotFoundError(f"{what} not found", file=display, expected=expected) from None
    except OSError as exc:
        raise InputFormatError(
            f"{what} cannot be read ({exc.strerror})", file=display, expected=expected
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise InputFormatError(
            f"{what} is not a regular file", file=display, expected=f"a regular file: {expected}"
        )
    if info.st_size > limit:
        raise InputFormatError(
            f"{what} is {info.st_size:,} bytes",
            file=display,
            expected=f"at most {limit:,} bytes: {expected}",
        )


def read_regular_file(
    path: Path, *, display: str, limit: int, expected: str, what: str = "file"
) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; never opens a FIFO or a device."""
    try:
        # O_NONBLOCK: opening a FIFO with no writer must not hang; it is refused just below
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputNotFoundError(f"{what} not found", file=display, expected=expected) from None
    except IsADirectoryError:
        raise InputFormatError(
            f"{what} is a folder", file=display, expected=f"a regular file: {expected}"
        ) from None
    except OSError as exc:
        raise InputFormatError(
            f"{what} cannot be opened ({exc.strerror})", file=display, expected=expected
        ) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputFormatError(
                f"{what} is not a regular file",
                file=display,
                expected=f"a regular file: {expected}",
            )
        if info.st_size > limit:
            raise InputFormatError(
                f"{what} is {info.st_size:,} bytes",
                file=display,
                expected=f"at most {limit:,} bytes: {expected}",
            )
        chunks = []
        size = 0
        while chunk := os.read(fd, 1 << 20):
            size += len(chunk)
            if size > limit:  # grew while being read
                raise InputFormatError(
                    f"{what} is over {limit:,} bytes", file=display, expected=expected
                )
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise InputFormatError(
            f"{what} cannot be read ({exc.strerror})", file=display, expected=expected
        ) from None
    finally:
        os.close(fd)


@dataclass(frozen=True)
class Line:
    """One line of a CSV file: its number, its fields (as well as they can be read), and what
    is wrong with it, if anything (with the index of the field at fault, when known)."""

    number: int
    fields: list[str]
    problem: str | None = None
    field: int | None = None
    expected: str | None = None


def _rough_fields(text: str) -> list[str]:
    return [f.strip().strip('"').strip() for f in text.split(",")]


CONTINUATION = 5  # lines: at most this many after a broken row are taken as the rest of it


def _continuation(raws: list[bytes], number: int) -> int:
    """How many lines after line `number` (1-based) finish its open quote: the rest of one row,
    not rows of their own (and not of the councils either side); 0 if none closes it soon."""
    quotes = raws[number - 1].count(b'"')
    for extra, raw in enumerate(raws[number : number + CONTINUATION], start=1):
        quotes += raw.count(b'"')
        if quotes % 2 == 0:
            return extra
    return 0


def csv_lines(data: bytes) -> Iterator[Line]:
    """Each line of a CSV file as its fields: one record a line, so a line break inside quotes
    ("27\\n60") is an error of that line, never two rows run together as 2760."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    separator = b"\n" if b"\n" in data or b"\r" not in data else b"\r"  # old Mac line ends
    raws = data.split(separator)
    skip = 0
    for number, raw in enumerate(raws, start=1):
        if skip:  # the rest of a row broken by a line break inside quotes: that row's error
            skip -= 1
            continue
        raw = raw.removesuffix(b"\r")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield Line(
                number,
                _rough_fields(raw.decode("utf-8", errors="replace")),
                f"not UTF-8 text (byte {exc.start + 1} of the line)",
                raw[: exc.start].count(b",") if raw[: exc.start].count(b'"') % 2 == 0 else None,
                "a UTF-8 file (saved from Excel as Windows-1252? save it as CSV UTF-8)",
            )
            continue
        if not text.strip():
            continue
        try:
            next(csv.reader([text], strict=True))
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                skip = _continuation(raws, number)
                yield Line(
                    number,
                    _rough_fields(text),
                    "a quoted field is not closed on its line (a line break inside quotes?)",
                    expected="one row a line, every quote closed",
                )
                continue
            if "field limit" in str(exc):
                rough = text.split(",")
                longest = max(range(len(rough)), key=lambda i: len(rough[i]))
                yield Line(
                    number,
                    _rough_fields(",".join(f[:MAX_TEXT] for f in rough)),
                    f"a field of more than {CSV_FIELD_LIMIT:,} characters",
                    longest,
                    f"at most {MAX_TEXT:,} characters",
                )
                continue
        try:
            fields = next(csv.reader([text]), [])
        except csv.Error as exc:
            yield Line(number, _rough_fields(text), f"cannot be read as CSV ({exc})")
            continue
        yield Line(number, fields)
