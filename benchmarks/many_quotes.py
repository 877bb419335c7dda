"""Load, draft and check Birmingham 2016 with thousands of extra quotes (issue 15: 20,000 quotes).

Usage: .venv/bin/python benchmarks/many_quotes.py [N ...]   (default: 2000 20000)

Each count is one run in this process: the fixture copied to a temporary folder, N quotes by
its council leader appended to its context file (each reacting to one fact kind), then the
times of `load_election`, `pipeline.generate` and `pipeline.check`, and the sentences drafted.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from storygen import pipeline
from storygen.ingest import load_election

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("composition", "control", "gain", "hold", "turnout", "target_missed")


def folder_with_quotes(base: Path, count: int) -> Path:
    """A copy of the Birmingham fixture with `count` more quotes."""
    folder = base / f"quotes-{count}"
    shutil.copytree(ROOT / "fixtures" / "birmingham-2016", folder)
    with (folder / "election.toml").open("a", encoding="utf-8") as f:
        for i in range(count):
            f.write(
                f'\n[[quotes]]\nspeaker = "John Clancy"\n'
                f'text = "Quote number {i} says the city voted as it did."\n'
                f'reacts_to = {{ kinds = ["{KINDS[i % len(KINDS)]}"] }}\n'
            )
    return folder


def main(counts: list[int]) -> None:
    """Print the time of each stage for each number of quotes."""
    with tempfile.TemporaryDirectory() as tmp:
        for count in counts:
            folder = folder_with_quotes(Path(tmp), count)
            start = time.perf_counter()
            election = load_election(folder)
            loaded = time.perf_counter()
            draft = pipeline.generate(election)
            drafted = time.perf_counter()
            report = pipeline.check(election, draft)
            checked = time.perf_counter()
            print(
                f"{count:>6} quotes: load {loaded - start:5.1f} s, generate "
                f"{drafted - loaded:5.1f} s, check {checked - drafted:5.1f} s, total "
                f"{checked - start:5.1f} s; {len(draft.sentences()):,} sentences, {report.status}"
            )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [2000, 20000])
