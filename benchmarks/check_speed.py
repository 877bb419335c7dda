"""How much the copy-desk check costs: drafts per second with and without it.

Usage: .venv/bin/python benchmarks/check_speed.py [ROUNDS]
Prints the median time per draft for generating (analyse, detect, plan, realise) and for
checking, drafts per second each way, and the ratio checked/unchecked (the target: at most 2).
Each check starts cold (no name cached from an earlier check), as for a new council in a batch.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from storygen import pipeline
from storygen.check.checker import _surface_key
from storygen.check.nlp import checker_nlp
from storygen.ingest import load_election

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def main(rounds: int) -> None:
    """Time generation and checking over every fixture, `rounds` times each."""
    checker_nlp()  # built once per process, like a batch run; not counted per draft
    elections = [load_election(p) for p in sorted(FIXTURES.iterdir()) if p.is_dir()]
    for election in elections:
        pipeline.check(election, pipeline.generate(election))  # warm up
    generate_times, check_times = [], []
    for _ in range(rounds):
        for election in elections:
            start = time.perf_counter()
            draft = pipeline.generate(election)
            # cold: forget the names seen before, as for a council new to a batch
            _surface_key.cache_clear()
            middle = time.perf_counter()
            report = pipeline.check(election, draft)
            end = time.perf_counter()
            assert report.status == "ok", report.findings
            generate_times.append(middle - start)
            check_times.append(end - middle)
    gen = statistics.median(generate_times)
    chk = statistics.median(check_times)
    print(f"drafts: {len(generate_times)} ({len(elections)} fixtures x {rounds} rounds)")
    print(f"generate: median {gen * 1000:.1f} ms per draft, {1 / gen:.1f} drafts/s")
    print(f"check:    median {chk * 1000:.1f} ms per draft")
    print(f"generate + check: {1 / (gen + chk):.1f} checked drafts/s")
    print(f"cost of checking: x{(gen + chk) / gen:.2f} the cost of generating (target <= 2)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
