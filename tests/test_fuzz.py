"""Fuzzing, seeded: 300 mutated election folders and 40 damaged national files.

No mutation may give a traceback, an `internal error`, a hang over 20 s, or an ok draft from
data that contradicts itself; in a national file, a damaged council is that council's failure
(or a draft marked for review) and every other council is drafted as before.

The folders: Birmingham 2016 (the fixture) and a small council made here, each mutated by
hypothesis (`derandomize`: the same cases every run) with garbage (hostile cells, odd digits,
control characters, huge fields, line breaks inside quotes, bytes that are not UTF-8, cut,
deleted and repeated lines, context values of the wrong type) or with a contradiction (more
seats in a ward than a thirds poll fills, a contested ward at 0 votes, votes above the ballots
or the electorate, a by-election over 40 wards, a previous contest after this one, a repeated
row, a winner below a loser, more seats fought than the council has). The national files: small
slices (a few councils) of the real LEAP 2016, LEH 2024 and 2025 and Trafford 2022 files,
truncated, garbled, given cells of the wrong type, odd Unicode digits, or a missing column.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import random
import shutil
import signal
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from storygen import batch, live, pipeline
from storygen.cli import main
from storygen.errors import StorygenError, ValidationFailed
from storygen.ingest import load_election
from storygen.ingest.dates import parse_desk_date
from storygen.publish import write
from storygen.publish.wire import LONDON

from .conftest import BIRMINGHAM, SHARED

HANG = 20  # seconds: a case taking longer is a hang
FOLDERS = 300
NATIONAL = 40


class Hang(Exception):
    """A case ran over HANG seconds."""


@contextlib.contextmanager
def time_limit(seconds: float = HANG) -> Iterator[None]:
    def alarm(signum: int, frame: object) -> None:
        raise Hang(f"over {seconds} s")

    before = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)


def assert_clean(exc: StorygenError) -> None:
    """A user error: one line each, naming where, never a bug."""
    errors = exc.errors if isinstance(exc, ValidationFailed) else [exc]
    assert errors
    for error in errors:
        text = str(error)
        assert "internal error" not in text and "Traceback" not in text, text
        assert error.file or error.field, f"an error that names no file or field: {text}"


# -- election folders ------------------------------------------------------------------------

SMALL_CONTEXT = {
    "format": 1,
    "council": {"name": "Fuzzshire", "total_seats": 12},
    "election": {"date": "2 May 2024", "type": "thirds"},
    "composition_before": {"seats": {"Labour": 6, "Conservative": 4, "Liberal Democrat": 2}},
    "wards": {
        "North": {
            "defending": {"party": "Labour", "councillor": "Ann Able"},
            "electorate": 6000,
            "ballots": 2100,
            "previous": {"year": 2020, "winner": "Labour", "majority": 90},
        },
        "South": {"defending": "Conservative", "electorate": 5000, "ballots": 1800},
        "East": {"defending": ["Labour", "Liberal Democrat"], "electorate": 9000},
        "West": {"defending": "Conservative"},
    },
    "people": [{"name": "Ann Able", "role": "council leader", "party": "Labour"}],
    "quotes": [
        {
            "speaker": "Ann Able",
            "text": "We held on where it mattered.",
            "reacts_to": {"kinds": ["hold", "composition"]},
        }
    ],
}
SMALL_ROWS = [
    ("North", "Ann Able", "Lab", 1020, 1),
    ("North", "Bob Baker", "C", 930, 0),
    ("North", "Cy Coe", "Grn", 120, 0),
    ("South", "Dee Dyer", "C", 800, 1),
    ("South", "Eve Epps", "LD", 760, 0),
    ("South", "Fay Fox", "Lab", 200, 0),
    ("East", "Gus Gale", "Lab", 1500, 1),
    ("East", "Hal Hunt", "LD", 1400, 1),
    ("East", "Ivy Ince", "C", 1300, 0),
    ("East", "Jo Jones", "C", 1200, 0),
    ("West", "Kim Kerr", "Lab", 640, 1),
    ("West", "Lou Lamb", "C", 639, 0),
]


@dataclass
class Base:
    """A folder to mutate: its context (parsed) and its candidate rows (as fields)."""

    name: str
    context: dict[str, Any]
    rows: list[list[str]]
    context_text: str | None = None  # the TOML as written, for mutations of the text itself


def _bases() -> list[Base]:
    text = (BIRMINGHAM / "election.toml").read_text(encoding="utf-8")
    rows = [
        row
        for line in (BIRMINGHAM / "candidates.csv").read_text(encoding="utf-8").splitlines()
        for row in csv.reader([line])
    ]
    small = [
        ["Fuzzshire", "E0", ward, f"W-{ward}", name, party, str(votes), str(elected)]
        for ward, name, party, votes, elected in SMALL_ROWS
    ]
    return [
        Base("birmingham", tomllib.loads(text), rows, text),
        Base("small", json.loads(json.dumps(SMALL_CONTEXT)), small),
    ]


BASES = _bases()
# superscript two, circled one, Arabic-Indic three four, one and superscript two, full-width 12
ODD_DIGITS = ["\u00b2", "\u2460", "\u0663\u0664", "1\u00b2", "\uff11\uff12"]
HOSTILE = [
    *ODD_DIGITS, "1\u00b23", "", " ", "NaN", "inf", "-1", "1e9", "9" * 30, "0x1F",
    "\x00", "\x1b[2J\x1b[31m", "Lab\u202e", "\ufeff", "A" * 140_000, "B" * 5_000, '"', '"x',
    "27\n60", "\r", "NULL", "None", "true", "1,18", "1,234", "\u0418\u0432\u0430\u043d",
    "\u738b\u4f1f", "\U0001f642",
]  # fmt: skip
HOSTILE_VALUES: list[object] = [
    *HOSTILE[:20], 0, -1, 99, 10**18, 1.5, float("nan"), True, None, [], {}, [1, "x"],
    {"x": 1}, "2016", "2016-13-01", "May 2024", "/etc/passwd", "../other/candidates.csv",
    "/dev/zero", "candidates.csv", "by-election", "all-out", "Labour", "Monster Raving",
]  # fmt: skip


def _csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    return out.getvalue()


@dataclass
class Case:
    """A mutated folder: its files, whether its data contradicts itself, and what was done."""

    files: dict[str, bytes]
    contradictory: bool
    label: str


def _ward_rows(rows: list[list[str]]) -> dict[str, list[int]]:
    wards: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        if len(row) >= 8:
            wards.setdefault(row[2], []).append(i)
    return wards


def _by_votes(rows: list[list[str]], indices: list[int]) -> list[int]:
    return sorted(indices, key=lambda i: -int(rows[i][6]))


def _contradiction(draw: Callable[..., Any], base: Base) -> tuple[dict[str, Any], list, str]:
    """A copy of the base made to contradict itself, in one of several ways."""
    ctx = json.loads(json.dumps(base.context, default=str))
    rows = [list(r) for r in base.rows]
    wards = _ward_rows(rows)
    contested = sorted(w for w, idx in wards.items() if len(idx) >= 3)
    ward = draw(st.sampled_from(contested))
    ranked = _by_votes(rows, wards[ward])
    kind = draw(
        st.sampled_from(
            [
                "too-many-seats",
                "no-votes",
                "votes-above-ballots",
                "votes-above-electorate",
                "by-election",
                "previous-after",
                "repeated-row",
                "winner-below-loser",
                "seats-above-total",
            ]
        )
    )
    if kind == "too-many-seats":
        extra = [rows[ranked[0]][:] for _ in range(4)]
        for n, row in enumerate(extra):
            row[4] = f"Extra Candidate {n}"
            row[6] = str(int(row[6]) + 10 + n)
            row[7] = "1"
        rows[ranked[-1] + 1 : ranked[-1] + 1] = extra  # six or more elected in one ward
    elif kind == "no-votes":
        for i in ranked:
            rows[i][6] = "0"
    elif kind == "votes-above-ballots":
        top = int(rows[ranked[0]][6])
        ctx["wards"].setdefault(ward, {}).update(ballots=max(top // 10, 1))
        ctx["wards"][ward].pop("electorate", None)
        ctx["wards"][ward].pop("turnout", None)
    elif kind == "votes-above-electorate":
        top = int(rows[ranked[0]][6])
        ctx["wards"].setdefault(ward, {}).update(electorate=max(top // 3, 1))
        for key in ("ballots", "turnout"):
            ctx["wards"][ward].pop(key, None)
    elif kind == "by-election":
        ctx["election"]["type"] = "by-election"
        while len(_ward_rows(rows)) <= 40:  # forty wards and more
            n = len(_ward_rows(rows))
            rows += [
                [rows[0][0], rows[0][1], f"Fuzz Ward {n}", f"FW{n}", f"P{n} Q", "Lab", "500", "1"],
                [rows[0][0], rows[0][1], f"Fuzz Ward {n}", f"FW{n}", f"R{n} S", "C", "400", "0"],
            ]
        total = ctx["council"].get("total_seats")
        if total is not None and sum(1 for r in rows if r[7] == "1") > total:
            ctx["council"].pop("total_seats")
            for key in ("composition_before", "composition_after"):
                ctx.pop(key, None)
    elif kind == "previous-after":
        year = parse_desk_date(ctx["election"]["date"]).year
        prev = ctx["wards"].setdefault(ward, {}).setdefault("previous", {"winner": "Labour"})
        prev.pop("candidates", None)
        prev.pop("majority", None)
        prev["year"] = year + draw(st.integers(0, 3))
        prev["date"] = f"{year + 1}-05-01" if prev["year"] == year else None
        if prev["date"] is None:
            prev.pop("date")
    elif kind == "repeated-row":
        rows.insert(ranked[-1] + 1, rows[ranked[-1]][:])
    elif kind == "winner-below-loser":
        rows[ranked[0]][7], rows[ranked[-1]][7] = "0", "1"
    elif kind == "seats-above-total":
        seats = sum(1 for r in rows if r[7] == "1")
        ctx["council"]["total_seats"] = max(seats - draw(st.integers(1, 3)), 1)
    return ctx, rows, f"contradiction {kind} in {ward}"


def _garbage(draw: Callable[..., Any], base: Base) -> tuple[dict[str, bytes], str]:
    """The base's files with garbage in them, in one of several ways."""
    files = {
        "election.toml": (base.context_text or "").encode(),
        "candidates.csv": _csv_text(base.rows).encode(),
    }
    if base.context_text is None:
        files = {
            "election.json": json.dumps(base.context).encode(),
            "candidates.csv": files["candidates.csv"],
        }
    context_name = next(n for n in files if n.startswith("election."))
    kind = draw(
        st.sampled_from(
            ["cell", "cell-text", "line", "bytes", "truncate", "context-value", "context-text"]
        )
    )
    rows = [list(r) for r in base.rows]
    if kind in ("cell", "cell-text"):
        i = draw(st.integers(0, len(rows) - 1))
        j = draw(st.integers(0, 7))
        value = draw(st.sampled_from(HOSTILE) if kind == "cell" else st.text(max_size=12))
        rows[i][j] = value
        # "27\n60" is written inside quotes, as a desk's spreadsheet may write it
        files["candidates.csv"] = _csv_text(rows).encode("utf-8", errors="surrogatepass")
        return files, f"cell {i},{j} = {value[:20]!r}"
    if kind == "line":
        lines = _csv_text(rows).splitlines(keepends=True)
        i = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["delete", "repeat", "cut", "column-", "column+", "swap"]))
        if how == "delete":
            del lines[i]
        elif how == "repeat":
            lines.insert(i, lines[i])
        elif how == "cut":
            lines[i] = lines[i][: draw(st.integers(0, max(len(lines[i]) - 1, 0)))] + "\n"
        elif how == "column-":
            lines[i] = lines[i].rsplit(",", 1)[0] + "\n"
        elif how == "column+":
            lines[i] = lines[i].rstrip("\n") + ',"extra"\n'
        else:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        files["candidates.csv"] = "".join(lines).encode()
        return files, f"line {i} {how}"
    if kind == "bytes":
        name = draw(st.sampled_from(sorted(files)))
        data = bytearray(files[name])
        for _ in range(draw(st.integers(1, 5))):
            at = draw(st.integers(0, len(data) - 1))
            data[at : at + 1] = draw(
                st.sampled_from([b"\xff", b"\x00", b"\xe2\x80", b"\x85", b"\r"])
            )
        files[name] = bytes(data)
        return files, f"bytes in {name}"
    if kind == "truncate":
        name = draw(st.sampled_from(sorted(files)))
        files[name] = files[name][: draw(st.integers(0, len(files[name])))]
        return files, f"{name} truncated to {len(files[name])} bytes"
    if kind == "context-value":
        ctx = json.loads(json.dumps(base.context, default=str))
        path = _random_path(draw, ctx)
        value = draw(st.sampled_from(HOSTILE_VALUES))
        _set(ctx, path, value)
        files.pop(context_name)
        files["election.json"] = json.dumps(ctx, default=str).encode()
        return files, f"context {'.'.join(map(str, path))} = {str(value)[:20]!r}"
    text = files[context_name].decode()
    lines = text.splitlines(keepends=True)
    i = draw(st.integers(0, max(len(lines) - 1, 0)))
    junk = draw(st.sampled_from(["[council]\n", "x = \n", '"', "date = 2016\n", "\x00", "]]\n"]))
    lines.insert(i, junk)
    files[context_name] = "".join(lines).encode()
    return files, f"context line {i} = {junk!r}"


def _random_path(draw: Callable[..., Any], value: Any) -> list[str | int]:
    path: list[str | int] = []
    while isinstance(value, dict | list) and value and draw(st.integers(0, 3)):
        if isinstance(value, dict):
            key = draw(st.sampled_from(sorted(value)))
            path.append(key)
            value = value[key]
        else:
            index = draw(st.integers(0, len(value) - 1))
            path.append(index)
            value = value[index]
    if not path:
        path = [draw(st.sampled_from(["council", "election", "wards", "format"]))]
    return path


def _set(value: Any, path: list[str | int], new: object) -> None:
    for part in path[:-1]:
        value = value[part]
    value[path[-1]] = new


@st.composite
def cases(draw: Callable[..., Any]) -> Case:
    base = draw(st.sampled_from(BASES))
    if draw(st.integers(0, 2)) == 0:
        ctx, rows, label = _contradiction(draw, base)
        files = {
            "election.json": json.dumps(ctx, default=str).encode(),
            "candidates.csv": _csv_text(rows).encode(),
        }
        return Case(files, True, f"{base.name}: {label}")
    files, label = _garbage(draw, base)
    return Case(files, False, f"{base.name}: {label}")


def run_folder(folder: Path) -> str:
    """The draft's check status, or 'error' for a clean error; fails on anything else."""
    with time_limit():
        try:
            election = load_election(folder)
        except StorygenError as exc:
            assert_clean(exc)
            return "error"
        draft = pipeline.generate(election, results=True)
        report = pipeline.check(election, draft)
        for fmt in ("text", "json", "html"):
            text = write(draft, fmt, report)
            assert "\x00" not in text and "\x1b" not in text
        return report.status


COUNTER = iter(range(10**9))


@settings(
    max_examples=FOLDERS,
    derandomize=True,  # seeded: the same 300 folders every run
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(case=cases())
def test_mutated_folders(case: Case, tmp_path_factory: pytest.TempPathFactory) -> None:
    n = next(COUNTER)
    folder = tmp_path_factory.getbasetemp() / "fuzz" / f"f{n}"
    folder.mkdir(parents=True)
    for name, data in case.files.items():
        (folder / name).write_bytes(data)
    status = run_folder(folder)
    event(f"{'contradiction' if case.contradictory else 'garbage'}: {status}")
    if case.contradictory:
        assert status != "ok", f"an ok draft from contradictory data: {case.label}"
    if n % 25 == 0:  # the command line and a watch over some of them: one clean line, no bug
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(["generate", str(folder)])
        assert code in (0, 1), err.getvalue()
        assert "internal error" not in err.getvalue()
        out = folder.parent / f"w{n}"
        out.mkdir()
        lines = live.watch_once(folder, out, dt.datetime(2024, 5, 3, 2, 0, tzinfo=LONDON))
        assert not any("internal error" in line for line in lines), lines
    shutil.rmtree(folder, ignore_errors=True)


# -- national files ------------------------------------------------------------------------------

LEAP_COUNCILS = ("Adur", "Canterbury", "Barrow-in-Furness")
LEH_COUNCILS = {2024: ("Hyndburn", "Tamworth", "Hart"), 2025: ("Doncaster", "Northumberland")}
LEH_WARDS = {2024: None, 2025: 6}  # wards kept of each council (2025's councils are large)
COUNCIL_HEADERS = ("upper tier authority", "local authority name", "county name")


def _slice_leap(dest: Path) -> Path:
    path = dest / "leap-2016-05-05.csv"
    with (SHARED / "leap" / "leap-2016-05-05.csv").open(encoding="utf-8") as f:
        keep = [line for line in f if line.split(",", 1)[0].strip('"') in LEAP_COUNCILS]
    path.write_text("".join(keep), encoding="utf-8")
    return path


def _slice_leh(year: int, dest: Path) -> Path:
    source = openpyxl.load_workbook(
        SHARED / "leh" / f"leh-{year}.xlsx", read_only=True, data_only=True
    )
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name in source.sheetnames:
        rows = list(source[name].iter_rows(values_only=True))
        sheet = book.create_sheet(name)
        header = (
            [str(h).strip().casefold() if h is not None else "" for h in rows[1]]
            if (len(rows) > 1)
            else []
        )
        columns = [i for i, h in enumerate(header) if h in COUNCIL_HEADERS]
        ward = (
            header.index("ward/ county electoral district name")
            if ("ward/ county electoral district name" in header)
            else None
        )
        kept: dict[object, list[object]] = {}
        for i, row in enumerate(rows):
            if i < 2 or not columns:
                sheet.append(row)
                continue
            council = next((row[c] for c in columns if row[c] in LEH_COUNCILS[year]), None)
            if council is None:
                continue
            wards = kept.setdefault(council, [])
            limit = LEH_WARDS[year]
            if limit is not None and ward is not None and row[ward] not in wards:
                if len(wards) >= limit:
                    continue
                wards.append(row[ward])
            sheet.append(row)
    source.close()
    path = dest / f"leh-{year}.xlsx"
    book.save(path)
    return path


def _slice_opendata(dest: Path) -> Path:
    folder = dest / "trafford"
    folder.mkdir()
    path = folder / "2022-local_election_results_2022.csv"
    shutil.copy(SHARED / "trafford" / path.name, path)
    return path


@dataclass
class Slice:
    """A small national file, and how each of its councils is drafted undamaged."""

    path: Path
    statuses: dict[str, str]  # council -> status


def _draft(path: Path, out: Path) -> dict[str, batch.Outcome]:
    with time_limit():
        jobs, failures, _ = batch.collect([path], council="Trafford")
        outcomes = batch.run(jobs, out, formats=("text", "json"), workers=1, failures=failures)
    for outcome in outcomes:
        for error in outcome.errors:
            assert "internal error" not in error and "Traceback" not in error, error
        if outcome.status == "failed":
            assert outcome.errors and all(path.name in e or "/" in e for e in outcome.errors)
    return {o.council: o for o in outcomes}


@pytest.fixture(scope="module")
def slices(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Slice]:
    dest = tmp_path_factory.mktemp("slices")
    paths = {
        "leap": _slice_leap(dest),
        "leh2024": _slice_leh(2024, dest),
        "leh2025": _slice_leh(2025, dest),
        "opendata": _slice_opendata(dest),
    }
    out: dict[str, Slice] = {}
    for name, path in paths.items():
        drafted = _draft(path, tmp_path_factory.mktemp(f"base-{name}"))
        assert drafted and all(o.status in ("ok", "needs review") for o in drafted.values())
        out[name] = Slice(path, {c: o.status for c, o in drafted.items()})
    return out


def _damage_csv(rng: random.Random, text: str, kind: str, header: bool) -> tuple[str, int | None]:
    """A CSV's text damaged, and the number of the line damaged (when one line is)."""
    lines = text.splitlines(keepends=True)
    first = 1 if header else 0
    i = rng.randrange(first, len(lines))
    if kind == "truncate":
        return text[: rng.randrange(len(text))], None
    if kind == "missing-column":
        if header:
            names = lines[0].rstrip("\n").split(",")
            del names[rng.randrange(len(names))]
            return ",".join(names) + "\n" + "".join(lines[1:]), None
        fields = next(csv.reader([lines[i]]))
        del fields[rng.randrange(len(fields))]
        lines[i] = _csv_text([fields])
        return "".join(lines), i
    fields = next(csv.reader([lines[i]]))
    votes = 6 if not header else lines[0].split(",").index("votes_won")
    if kind == "odd-digits":
        fields[votes] = rng.choice(ODD_DIGITS)
    elif kind == "wrong-type":
        fields[votes] = rng.choice(["lots", "1.5", "-3", "TRUE", "2016-05-05", "NaN"])
    elif kind == "garbled-cell":
        fields[rng.randrange(len(fields))] = rng.choice(["\x00", "\x1b[2J", '"', "A" * 140_000])
    elif kind == "line-break":
        fields[votes] = fields[votes][:1] + "\n" + fields[votes][1:]
    lines[i] = _csv_text([fields])
    return "".join(lines), i


def _damage_xlsx(rng: random.Random, path: Path, dest: Path, kind: str) -> tuple[Path, int | None]:
    if kind in ("truncate", "garble"):
        data = bytearray(path.read_bytes())
        if kind == "truncate":
            data = data[: rng.randrange(len(data))]
        else:
            for _ in range(rng.randrange(1, 30)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        dest.write_bytes(bytes(data))
        return dest, None
    book = openpyxl.load_workbook(path)
    name = next(n for n in book.sheetnames if n.casefold().startswith("candidates"))
    sheet = book[name]
    header = [str(c.value).strip().casefold() if c.value else "" for c in sheet[2]]
    row = rng.randrange(3, sheet.max_row + 1)
    votes = next(i for i, h in enumerate(header) if h in ("votes", "votes cast")) + 1
    if kind == "missing-column":
        sheet.cell(2, votes).value = None
        row = None
    elif kind == "odd-digits":
        sheet.cell(row, votes).value = rng.choice(ODD_DIGITS)
    elif kind == "wrong-type":
        sheet.cell(row, votes).value = rng.choice(
            ["lots", 1.5, -3, True, dt.datetime(2024, 5, 2), "NaN"]
        )
    elif kind == "garbled-cell":
        sheet.cell(row, rng.randrange(1, len(header) + 1)).value = rng.choice(
            ["Lab\u202e", "A" * 32_000, ODD_DIGITS[1]]  # a workbook holds no controls
        )
    book.save(dest)
    return dest, row


def _council_of_line(source: str, text: str, line: int) -> str | None:
    if source == "opendata":
        return "Trafford"
    fields = next(csv.reader([text.splitlines()[line]]), [])
    return fields[0] if fields else None


def _council_of_row(path: Path, row: int) -> str | None:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    name = next(n for n in book.sheetnames if n.casefold().startswith("candidates"))
    rows = list(book[name].iter_rows(values_only=True))
    book.close()
    header = [str(h).strip().casefold() if h is not None else "" for h in rows[1]]
    values = dict(zip(header, rows[row - 1], strict=False))
    name = values.get("upper tier authority") or values.get("local authority name")
    return str(name) if name is not None else None


DAMAGE = {
    "leap": [
        "truncate", "odd-digits", "wrong-type", "garbled-cell", "line-break", "missing-column",
    ],
    "opendata": [
        "truncate", "odd-digits", "wrong-type", "garbled-cell", "line-break", "missing-column",
    ],
    "leh2024": ["truncate", "garble", "odd-digits", "wrong-type", "garbled-cell", "missing-column"],
    "leh2025": ["truncate", "garble", "odd-digits", "wrong-type", "missing-column"],
}  # fmt: skip
PLAN = [(source, kind) for source in DAMAGE for kind in DAMAGE[source]]


@pytest.mark.parametrize("case", range(NATIONAL))
def test_damaged_national_files(
    case: int, slices: dict[str, Slice], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(1500 + case)  # seeded
    source, kind = PLAN[case % len(PLAN)]
    base = slices[source]
    target: str | None = None
    if base.path.suffix == ".xlsx":
        damaged, row = _damage_xlsx(rng, base.path, tmp_path / base.path.name, kind)
        if row is not None and kind != "garbled-cell":
            target = _council_of_row(damaged, row)
    else:
        text = base.path.read_text(encoding="utf-8")
        new, line = _damage_csv(rng, text, kind, header=source == "opendata")
        folder = tmp_path / base.path.parent.name if source == "opendata" else tmp_path
        folder.mkdir(exist_ok=True)
        damaged = folder / base.path.name
        damaged.write_text(new, encoding="utf-8")
        if line is not None and kind not in ("garbled-cell", "missing-column"):
            target = _council_of_line(source, new, line)
    drafted = _draft(damaged, tmp_path / "out")
    if target is not None:
        # the damaged council is not drafted as if nothing were wrong
        assert target in drafted, f"{target} dropped without a word"
        assert drafted[target].status in ("failed", "needs review"), (source, kind, target)
        for council, status in base.statuses.items():  # and the others go on as before
            if council != target:
                assert drafted[council].status == status, (council, source, kind)
    # `import` of the damaged file: a clean line, never a crash
    council = target or next(iter(base.statuses))
    code = main(["import", str(damaged), "--council", council, "--out", str(tmp_path / "imp")])
    err = capsys.readouterr().err
    assert code in (0, 1) and "internal error" not in err and "Traceback" not in err, err
