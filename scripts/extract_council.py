"""Copy one council's rows, byte for byte, out of a LEAP CSV, and say which lines they were.

Usage: python scripts/extract_council.py LEAP_CSV COUNCIL OUT_CSV
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    """Write the rows of COUNCIL from LEAP_CSV to OUT_CSV and print their line numbers."""
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    source, council, out = Path(argv[0]), argv[1], Path(argv[2])
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [
        (n, line)
        for n, line in enumerate(lines, start=1)
        if next(csv.reader([line]), [""])[0].strip() == council
    ]
    if not kept:
        print(f"no rows for council {council!r} in {source}", file=sys.stderr)
        return 1
    out.write_text("".join(line for _, line in kept), encoding="utf-8")
    numbers = [n for n, _ in kept]
    contiguous = numbers == list(range(numbers[0], numbers[-1] + 1))
    where = f"lines {numbers[0]}-{numbers[-1]}" if contiguous else f"{len(numbers)} lines"
    print(f"{len(kept)} rows of {council} from {source.name} {where}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
