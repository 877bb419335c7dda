"""General-election batch speed against its floor: whole-process wall-time ratios, alternated.

Usage: .venv/bin/python benchmarks/general_batch_speed.py [--repeat N] [SHARED_DATA_DIR]

The floor is `benchmarks/general_floor.py EXPORT OUTDIR` (read the export, group it, winners and
majorities, one trivial Jinja render per constituency, write the files). Each `storygen batch`
of a whole general election (650 checked constituency stories, the UK's, four nations' and
nine regions', with the baseline found beside the export) runs as a new process into an empty
folder, paired with a floor run just before it on the same export, so both see the same load
on this shared machine; the figure printed is the median of the paired ratios, with the
median wall time, CPU time and peak memory of the batch.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
FLOOR = ROOT / "benchmarks" / "general_floor.py"


def timed(command: list[str]) -> tuple[float, float, float]:
    """Wall time, CPU time and peak memory (MB) of one new process run from the project."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{errors.decode()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    """Measure each general election's batch against the floor."""
    parser = argparse.ArgumentParser()
    parser.add_argument("shared", nargs="?", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="storygen-general-bench-"))
    exports = ["ge-2017-06-08.csv", "ge-2019-12-12.csv", "ge-2024-07-04.csv"]
    try:
        for name in exports:
            export = args.shared / "parliament" / name
            ratios, walls, cpus, peaks, floors = [], [], [], [], []
            for _ in range(args.repeat):
                floor_out, out = tempfile.mkdtemp(dir=scratch), tempfile.mkdtemp(dir=scratch)
                floor, _, _ = timed([PYTHON, str(FLOOR), str(export), floor_out])
                batch = [PYTHON, "-m", "storygen", "batch", str(export), "--out", out]
                wall, cpu, peak = timed(batch)
                ratios.append(wall / floor)
                walls.append(wall)
                cpus.append(cpu)
                peaks.append(peak)
                floors.append(floor)
                shutil.rmtree(floor_out)
                shutil.rmtree(out)
            print(
                f"{name}: batch {statistics.median(walls):.2f} s wall "
                f"({statistics.median(cpus):.2f} s CPU, {max(peaks):.0f} MB), floor "
                f"{statistics.median(floors):.3f} s: x{statistics.median(ratios):.1f} the floor "
                f"(median of {args.repeat} paired runs)"
            )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
