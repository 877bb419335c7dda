"""How much the copy-desk check costs against generating the draft.

Usage: .venv/bin/python benchmarks/check_speed.py [ROUNDS] [NATIONAL_FILE [COUNCILLORS]]

Prints, per draft (median), the time to generate (analyse, detect, plan, realise) and to check
(claims parsed and proved against the facts, the facts proved against the records, figures,
names, quotes, house style), with the ratios check / generate and (generate + check) /
generate; the target is a check costing at most twice the generating. Each check starts cold
(no name cached from an earlier check), as for a council new to a batch. Over the fixtures by
default; given a national file (and a councillor list), over every council in it too.
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
from storygen.model import Election

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
COMPOSITIONS = ROOT.parent / "shared" / "data" / "ocd" / "council-composition-2016-2025.csv"


def national(path: Path, councillors: Path | None) -> list[Election]:
    """Every council of a national results file, as the batch builds them."""
    from storygen.batch import collect

    jobs, _, _ = collect([path], COMPOSITIONS if COMPOSITIONS.exists() else None, councillors)
    return [job.election for job in jobs]


def measure(elections: list[Election], rounds: int) -> tuple[list[float], list[float]]:
    """Per-draft generate and check times over `rounds` passes."""
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
            pipeline.check(election, draft)
            end = time.perf_counter()
            generate_times.append(middle - start)
            check_times.append(end - middle)
    return generate_times, check_times


def report(label: str, generate_times: list[float], check_times: list[float]) -> None:
    """Print the medians and ratios of one set of drafts."""
    gen = statistics.median(generate_times)
    chk = statistics.median(check_times)
    ratios = sorted(c / g for g, c in zip(generate_times, check_times, strict=True))
    print(f"{label}: {len(generate_times)} drafts")
    print(f"  generate: median {gen * 1000:.1f} ms per draft")
    print(f"  check:    median {chk * 1000:.1f} ms per draft")
    print(f"  check / generate: x{chk / gen:.2f} (per draft: worst x{ratios[-1]:.2f}; target <= 2)")
    print(f"  (generate + check) / generate: x{(gen + chk) / gen:.2f}")
    print(f"  generate + check: {1 / (gen + chk):.1f} checked drafts/s")


def main(argv: list[str]) -> None:
    """Time generation and checking over the fixtures (and a national file, when given)."""
    rounds = int(argv[0]) if argv else 20
    checker_nlp()  # built once per process, like a batch run; not counted per draft
    elections = [load_election(p) for p in sorted(FIXTURES.iterdir()) if p.is_dir()]
    report("fixtures", *measure(elections, rounds))
    if len(argv) > 1:
        councillors = Path(argv[2]) if len(argv) > 2 else None
        batch = national(Path(argv[1]), councillors)
        report(Path(argv[1]).name, *measure(batch, max(1, rounds // 10)))


if __name__ == "__main__":
    main(sys.argv[1:])
