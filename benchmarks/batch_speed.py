"""Batch speed on the real national files: wall time from cold, drafts per second, memory.

Usage: .venv/bin/python benchmarks/batch_speed.py [SHARED_DATA_DIR]
For LEAP 2016 (151 councils) and LEH 2025 (23 councils) it runs `storygen batch` as a new
process into an empty folder (start-up, import, drafting and checking all counted) and prints
councils, wards, wall time, drafts per second and the peak memory of the run; then it times
each council's draft and check in this process and prints the median cost per draft.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from storygen import batch, pipeline

ROOT = Path(__file__).resolve().parent.parent


def run(label: str, args: list[str], sources: list[Path], extra: dict[str, Path]) -> None:
    """Time one cold batch run and the per-draft cost of its councils."""
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "storygen", "batch", *args, "--out", out],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        wall = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    jobs, _, _ = batch.collect(sources, extra.get("compositions"), extra.get("councillors"))
    costs = []
    for job in jobs:
        begin = time.perf_counter()
        draft = pipeline.generate(job.election, results=True, neighbours=job.neighbours)
        pipeline.check(job.election, draft)
        costs.append(time.perf_counter() - begin)
    wards = sum(len(j.election.wards) for j in jobs)
    print(f"{label}: {len(jobs)} councils, {wards} wards")
    print(f"  cold run, start-up included: {wall:.2f} s wall, {len(jobs) / wall:.0f} drafts/s")
    print(f"  median cost per checked draft: {statistics.median(costs) * 1000:.1f} ms")
    print(f"  peak memory of the largest process: {peak_mb:.0f} MB")


def main() -> None:
    """Run the two benchmarks."""
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    leap = shared / "leap" / "leap-2016-05-05.csv"
    leh = shared / "leh" / "leh-2025.xlsx"
    comps = shared / "ocd" / "council-composition-2016-2025.csv"
    people = shared / "ocd" / "councillors-2024.csv"
    run("LEAP 2016", [str(leap)], [leap], {})
    run(
        "LEH 2025",
        [str(leh), "--compositions", str(comps), "--councillors", str(people)],
        [leh],
        {"compositions": comps, "councillors": people},
    )


if __name__ == "__main__":
    main()
