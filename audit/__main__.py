"""python -m audit BATCH_DIR SOURCE [--compositions FILE] [--councillors FILE]"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from .findings import EXCUSED, OK, UNDERIVED, UNPARSED, WRONG
from .run import audit_batch


def main(argv: list[str] | None = None) -> int:
    """Audit a batch of drafts against the raw rows; exit 1 on any wrong claim."""
    parser = argparse.ArgumentParser(prog="python -m audit", description=main.__doc__)
    parser.add_argument(
        "batch", type=Path, help="the batch output directory (text and JSON drafts)"
    )
    parser.add_argument("source", type=Path, help="the results file the batch was made from")
    parser.add_argument("--compositions", type=Path, help="Open Council Data compositions")
    parser.add_argument("--councillors", type=Path, help="the councillor list of the year before")
    parser.add_argument(
        "--councillors-after",
        type=Path,
        help="the councillor list of the poll's own year (the names winners go by)",
    )
    parser.add_argument(
        "--show",
        default="wrong,underived,unparsed",
        help="verdicts to list (comma-separated; 'all' for every claim)",
    )
    args = parser.parse_args(argv)
    result = audit_batch(
        args.batch, args.source, args.compositions, args.councillors, args.councillors_after
    )
    totals = result.totals()
    claims = totals[OK] + totals[WRONG] + totals[UNDERIVED] + totals[EXCUSED]
    show = (
        {OK, WRONG, UNDERIVED, EXCUSED, UNPARSED}
        if args.show == "all"
        else set(args.show.split(","))
    )
    for draft in result.drafts:
        listed = [f for f in draft.findings if f.verdict in show]
        if not listed:
            continue
        print(f"== {draft.council} ({draft.status})")
        for f in listed:
            print(f"  {f.verdict.upper()} [{f.kind}] {f.claim}")
            print(f"      sentence: {f.sentence}")
            print(f"      rows: {f.rows}")
    by_kind: Counter[str] = Counter(
        f.kind for d in result.drafts for f in d.findings if f.verdict == WRONG
    )
    print()
    print(
        f"{len(result.drafts)} drafts, {claims} claims checked: {totals[WRONG]} wrong, "
        f"{totals[UNDERIVED]} underived, "
        f"{totals[EXCUSED]} underived in drafts marked NEEDS REVIEW, "
        f"{totals[UNPARSED]} unparsed"
    )
    if by_kind:
        print("wrong by kind: " + ", ".join(f"{k} {n}" for k, n in by_kind.most_common()))
    if result.missing:
        print(f"councils of the source with no draft: {', '.join(result.missing)}")
    return 1 if totals[WRONG] else 0


if __name__ == "__main__":
    sys.exit(main())
