"""Batch speed against the floor: whole-process wall-time ratios, measured alternated in one run.

Usage: .venv/bin/python benchmarks/batch_speed.py [--repeat N] [--quick] [--baseline TREE]
       [SHARED_DATA_DIR]

The floor is `../shared/bench/floor.py LEAP.csv OUTDIR`: read the file, group it, winners and
majorities, one trivial Jinja render per council, write the files; nothing a generator does
costs less. Every command runs as a new process into an empty folder (start-up, imports,
drafting, checking and writing all counted), and each is paired with a floor run just before
it, on the same input, so both see the same load on this shared machine: the figure printed is
the median over the repetitions of the paired ratio (`storygen / floor`).

Rows: LEAP 2016 as the README runs it (checked; also with `--jobs 2`, and `--no-check`),
`storygen validate fixtures/birmingham-2016` (a cold start), spaCy's own start-up
(`import spacy; spacy.blank("en")`, which every checked run pays), and synthetic 4x and 8x days
(the LEAP 2016 rows repeated with council names suffixed " Copy1", " Copy2"…, council codes
"C1", "C2"…, and the compositions likewise, so each copy is drafted as its original is). The
scaling lines divide the 4x and 8x batch times by the 1x time (linear: 4 and 8).

`--baseline TREE` adds the checked LEAP 2016 run of another checkout of storygen (e.g. `git
archive main | tar -x -C TREE`), run by this interpreter with TREE first on the path, alternated
with the rest: before and after in one run, at one load. The modules of both trees are compiled
first (`compileall`), as an installed package's are: where PYTHONDONTWRITEBYTECODE is set, every
run would otherwise compile the changed modules afresh.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


@dataclass
class Run:
    """One process: wall time, CPU time (with its children) and peak memory."""

    wall: float
    cpu: float
    peak_mb: float


def timed(command: list[str], cwd: Path = ROOT, path: Path | None = None) -> Run:
    """Run a command as a new process (from the project folder) and measure it."""
    env = {**os.environ, "PYTHONPATH": str(path)} if path else None
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stderr.close()
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{errors.decode()}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


@dataclass
class Row:
    """A command measured against the floor on a given LEAP file."""

    label: str
    floor_source: Path
    command: list[str]  # "{out}" is replaced by a fresh empty folder
    cwd: Path = ROOT
    path: Path | None = None  # PYTHONPATH: another checkout of storygen
    runs: list[Run] = field(default_factory=list)
    floors: list[Run] = field(default_factory=list)

    def ratio(self) -> float:
        """Median of the paired wall-time ratios."""
        pairs = zip(self.runs, self.floors, strict=True)
        return statistics.median(r.wall / f.wall for r, f in pairs)

    def median(self) -> float:
        """Median wall time of the command."""
        return statistics.median(r.wall for r in self.runs)


def run_once(row: Row, scratch: Path) -> None:
    """One floor run and one run of the row's command, each into an empty folder."""
    floor_out, out = Path(tempfile.mkdtemp(dir=scratch)), Path(tempfile.mkdtemp(dir=scratch))
    floor = [PYTHON, str(ROOT.parent / "shared" / "bench" / "floor.py")]
    row.floors.append(timed([*floor, str(row.floor_source), str(floor_out)]))
    command = [part.replace("{out}", str(out)) for part in row.command]
    row.runs.append(timed(command, row.cwd, row.path))
    shutil.rmtree(floor_out)
    shutil.rmtree(out)


def synthetic(leap: Path, compositions: Path, times: int, folder: Path) -> tuple[Path, Path]:
    """A day `times` as large: every council also as " Copy1"… (codes "C1"…), compositions too."""
    rows = list(csv.reader(leap.open(encoding="utf-8", newline="")))
    day = folder / f"leap-2016-05-05-x{times}.csv"
    with day.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_ALL)
        writer.writerows(rows)
        for n in range(1, times):
            writer.writerows([[r[0] + f" Copy{n}", r[1] + f"C{n}", *r[2:]] for r in rows])
    with compositions.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header = list(reader.fieldnames or [])
        table = list(reader)
    comps = folder / f"compositions-x{times}.csv"
    with comps.open("w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, fieldnames=header)
        out.writeheader()
        out.writerows(table)
        for n in range(1, times):
            out.writerows([{**r, "authority": r["authority"] + f" Copy{n}"} for r in table])
    return day, comps


def batch(source: Path, compositions: Path, *extra: str) -> list[str]:
    """The README's LEAP command line."""
    command = [PYTHON, "-m", "storygen", "batch", str(source), "--out", "{out}"]
    return [*command, "--compositions", str(compositions), *extra]


def compile_tree(tree: Path) -> None:
    """Compile a checkout's modules, as installing a package does."""
    command = [PYTHON, "-m", "compileall", "-q", str(tree / "storygen")]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def load() -> str:
    """The load averages and the number of cores."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def main() -> None:
    """Measure every row, alternated with the floor, and print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shared", nargs="?", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions (default 5)")
    parser.add_argument("--quick", action="store_true", help="LEAP 2016 and validate only")
    parser.add_argument(
        "--baseline", type=Path, help="another checkout (e.g. main) to run LEAP 2016 with too"
    )
    args = parser.parse_args()
    leap = args.shared / "leap" / "leap-2016-05-05.csv"
    comps = args.shared / "ocd" / "council-composition-2016-2025.csv"
    print(f"start: {load()}; {args.repeat} repetitions, alternated with the floor")
    with tempfile.TemporaryDirectory(prefix="storygen-bench-") as tmp:
        scratch = Path(tmp)
        compile_tree(ROOT)
        one = Row("LEAP 2016, checked (default: 1 process)", leap, batch(leap, comps))
        rows = [one]
        if args.baseline:
            tree = args.baseline.resolve()
            compile_tree(tree)
            label = f"the same, {tree.name} (baseline)"
            rows.append(Row(label, leap, batch(leap, comps), cwd=tree, path=tree))
        rows += [
            Row("LEAP 2016, checked, --jobs 2", leap, batch(leap, comps, "--jobs", "2")),
            Row("LEAP 2016, --no-check", leap, batch(leap, comps, "--no-check")),
            Row(
                "validate fixtures/birmingham-2016",
                leap,
                [PYTHON, "-m", "storygen", "validate", "fixtures/birmingham-2016"],
            ),
            Row(
                'spaCy alone: import spacy; spacy.blank("en")',
                leap,
                [PYTHON, "-c", "import spacy; spacy.blank('en')"],
            ),
        ]
        scaled: dict[int, Row] = {}
        if not args.quick:
            for times in (4, 8):
                day, day_comps = synthetic(leap, comps, times, scratch)
                scaled[times] = Row(f"{times}x LEAP 2016, checked", day, batch(day, day_comps))
            rows += scaled.values()
        for _ in range(args.repeat):
            for row in rows:
                run_once(row, scratch)
    print(f"end:   {load()}")
    print()
    print(f"LEAP 2016, drafted and checked: {one.ratio():.1f}x the floor (bar: at most 10x)")
    print()
    print(f"{'':46} {'storygen/floor':>14} {'storygen':>9} {'floor':>7} {'CPU':>7} {'peak':>7}")
    for row in rows:
        cpu = statistics.median(r.cpu for r in row.runs)
        peak = max(r.peak_mb for r in row.runs)
        floor = statistics.median(f.wall for f in row.floors)
        print(
            f"{row.label:46} {row.ratio():13.1f}x {row.median():8.2f}s {floor:6.2f}s "
            f"{cpu:6.2f}s {peak:5.0f}MB"
        )
    if scaled:
        print()
        for times, row in scaled.items():
            paired = statistics.median(
                big.wall / small.wall for big, small in zip(row.runs, one.runs, strict=True)
            )
            print(
                f"{times}x councils take {paired:.2f}x the 1x time "
                f"(linear: {times}; bar: {times * 1.1:.1f}x)"
            )
    print()
    print("bars: LEAP 2016 checked <= 10x the floor; validate <= 3x the floor")


if __name__ == "__main__":
    main()
