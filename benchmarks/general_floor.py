"""Performance floor for a general election: read the UK Parliament export, group its rows by
constituency, find each winner and majority, and render one trivial Jinja template per
constituency to a file. Anything a real generator does costs more than this.

Usage: general_floor.py EXPORT.csv OUTDIR
"""

import csv
import os
import sys
import time
from collections import defaultdict

t0 = time.perf_counter()
import jinja2  # noqa: E402  (counted, as the council floor counts it)

tpl = jinja2.Environment().from_string(
    "{{ seat }}: won by {{ winner }} ({{ party }}) by {{ '{:,}'.format(majority) }}.\n"
)
seats: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    for r in csv.DictReader(f):
        name = f"{r['Candidate given name']} {r['Candidate family name']}"
        votes = int(r["Candidate vote count"])
        seats[r["Constituency name"]].append((votes, name, r["Main party abbreviation"]))
out = sys.argv[2]
os.makedirs(out, exist_ok=True)
for seat, cands in seats.items():
    cands.sort(reverse=True)
    majority = cands[0][0] - (cands[1][0] if len(cands) > 1 else 0)
    text = tpl.render(seat=seat, winner=cands[0][1], party=cands[0][2], majority=majority)
    with open(os.path.join(out, seat.replace("/", "_") + ".txt"), "w", encoding="utf-8") as f:
        f.write(text)
print(f"{len(seats)} constituencies in {time.perf_counter() - t0:.3f}s (in-process)")
