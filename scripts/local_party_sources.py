"""Find what the sources call each LEAP archive code that wins seats: the evidence behind
`storygen/data/local_parties.toml`.

For every code of the LEAP files the party table does not know, each winner is looked up in
Open Council Data's councillor list of the same year (the council's list after the poll),
in the same ward (wards matched as the importers match them) and by the same person
(`storygen.names.same_person`); the party that list gives them is the evidence. A code whose
matched winners carry one party name is printed as a TOML entry to review, with its source;
others are printed as comments, never guessed: no name (the lists' catch-all "Independent /
Other" names no party, and is ignored beside a real name), names that disagree, or a name the
code cannot abbreviate (its letters are not, in order, in the name from the start of one of
its words: "Selston" listed as "Ashfield Independents", "PHF" as "Independent Union").

Usage: python scripts/local_party_sources.py [SHARED_DATA_DIR] > evidence.toml
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from storygen.ingest.imports.common import match_wards, normalise_name
from storygen.ingest.imports.ocd import CouncilIndex
from storygen.names import same_person
from storygen.parties import party_table

GENERIC = {"independent / other", "independent", ""}


def abbreviates(code: str, name: str) -> bool:
    """Whether a code's letters appear in order in a name, from the start of one of its words."""
    letters = [c for c in code.casefold() if c.isalpha()]
    words = [w for w in re.split(r"[^a-z]+", name.casefold()) if w]
    text = "".join(words)
    starts = [sum(len(w) for w in words[:i]) for i in range(len(words))]
    for start in starts:
        if not letters or text[start] != letters[0]:
            continue
        at = start
        for letter in letters:
            at = text.find(letter, at)
            if at < 0:
                break
            at += 1
        else:
            return True
    return False


Listed = tuple[int, str, str, str, str]  # row, name, party, EC code, ward as listed


def _lists(data: Path) -> dict[int, dict[str, dict[str, list[Listed]]]]:
    """Councillor lists by year, council and normalised ward."""
    lists: dict[int, dict[str, dict[str, list[Listed]]]] = {}
    for path in sorted((data / "ocd").glob("councillors-*.csv")):
        year = int(path.stem.split("-")[1])
        by_council: dict[str, dict[str, list[Listed]]] = defaultdict(dict)
        with path.open(encoding="utf-8-sig") as f:
            for n, row in enumerate(csv.DictReader(f), start=2):
                ward = normalise_name(row["Ward Name"])
                by_council[row["Council"]].setdefault(ward, []).append(
                    (
                        n,
                        row["Councillor Name"],
                        row["Party Name"] or "",
                        row.get("Electoral Commission Party Code") or "",
                        row["Ward Name"],
                    )
                )
        lists[year] = by_council
    return lists


def main(argv: list[str]) -> int:
    """Print the evidence for every seat-winning LEAP code the party table does not know."""
    data = Path(argv[0]) if argv else Path(__file__).resolve().parents[2] / "shared" / "data"
    table = party_table()
    lists = _lists(data)
    # code -> (file, year, council, ward, name) of each winner
    winners: dict[str, list[tuple[str, int, str, str, str]]] = defaultdict(list)
    for path in sorted((data / "leap").glob("leap-*.csv")):
        year = int(path.stem.split("-")[1])
        with path.open(encoding="utf-8-sig", errors="replace") as f:
            for row in csv.reader(f):
                if len(row) < 8 or row[7].strip() != "1":
                    continue
                code = row[5].strip()
                if table.get(code) is None:
                    winners[code].append((path.name, year, row[0], row[2], row[4]))
    for code in sorted(winners, key=str.casefold):
        found: Counter[tuple[str, str]] = Counter()
        cited: dict[tuple[str, str], list[str]] = defaultdict(list)
        unmatched = 0
        for _file, year, council, ward, name in winners[code]:
            by_council = lists.get(year, {})
            listed = CouncilIndex(sorted(by_council)).find(council)
            wards = by_council.get(listed, {}) if listed else {}
            key = normalise_name(ward)
            matched = match_wards([key], wards).get(key)
            listed_here = wards.get(matched, []) if matched else []
            people = [p for p in listed_here if same_person(p[1], name)]
            if len(people) != 1:
                unmatched += 1
                continue
            row, _, party, ec, listed_ward = people[0]
            found[(party, ec)] += 1
            cited[(party, ec)].append(f"councillors-{year}.csv row {row} ({listed}, {listed_ward})")
        total = len(winners[code])
        named = [key for key in found if key[0].casefold() not in GENERIC]
        print(f"# {code!r}: {total} winners, {unmatched} not found in the list of their year")
        for (party, ec), count in found.most_common():
            print(f"#   {count} listed as {party!r} {ec}: {', '.join(cited[(party, ec)][:3])}")
        if len(named) > 1:
            print("#   not named: the lists disagree")
        elif named and not abbreviates(code, named[0][0]):
            print(f"#   not named: {code!r} does not abbreviate {named[0][0]!r}")
        if len(named) == 1 and abbreviates(code, named[0][0]):
            party, ec = named[0]
            source = (
                f"Open Council Data: {found[named[0]]} of {total} winners under {code!r} listed "
                f"as {party!r}{' (' + ec + ')' if ec else ''}, e.g. {cited[named[0]][0]}"
            )
            others = sum(found.values()) - found[named[0]]
            if others:
                source += f"; {others} as 'Independent / Other'"
            print("[[leap]]")
            print(f"code = {json.dumps(code, ensure_ascii=False)}")
            print(f"name = {json.dumps(party, ensure_ascii=False)}")
            print(f"source = {json.dumps(source, ensure_ascii=False)}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
