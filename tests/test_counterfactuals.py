"""Counterfactuals: change the Birmingham 2016 results or context and the story must follow.

Each scenario copies the fixture, edits the copy (candidates.csv through the csv module,
election.toml as text), generates the draft and checks that the story says what the new data
says, and that nothing from the real result is left behind: no stale gain, hold, loss, seat
total, control claim, turnout or 2012 comparison. The brief: "If UKIP had won Longbridge, the
same code must write that story."
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from storygen.pipeline import generate
from storygen.publish import write
from storygen.publish.writers import to_text
from storygen.realise.draft import Draft

from .conftest import BIRMINGHAM, ROOT

# -- editing a copy of the fixture ---------------------------------------------------------------

# LEAP column order: council, council code, ward, ward code, candidate, party, votes, elected.
WARD, NAME, VOTES, ELECTED = 2, 4, 6, 7


def copy_fixture(tmp_path: Path) -> Path:
    """A private copy of the Birmingham fixture, under the same folder name."""
    folder = tmp_path / BIRMINGHAM.name
    shutil.copytree(BIRMINGHAM, folder)
    return folder


def read_rows(folder: Path) -> list[list[str]]:
    with (folder / "candidates.csv").open(encoding="utf-8", newline="") as f:
        return [row for row in csv.reader(f)]


def write_rows(folder: Path, rows: list[list[str]]) -> None:
    """Write the rows back the way LEAP does: every field quoted, one row a line."""
    with (folder / "candidates.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)


def row_of(rows: list[list[str]], ward: str, name: str) -> list[str]:
    found = [r for r in rows if r[WARD].strip() == ward and r[NAME].strip() == name]
    assert len(found) == 1, f"no single row for {name} in {ward}"
    return found[0]


def swap_results(rows: list[list[str]], ward: str, first: str, second: str) -> None:
    """Swap two candidates' votes and elected flags in a ward."""
    a, b = row_of(rows, ward, first), row_of(rows, ward, second)
    a[VOTES], b[VOTES] = b[VOTES], a[VOTES]
    a[ELECTED], b[ELECTED] = b[ELECTED], a[ELECTED]


def swap_top_two(rows: list[list[str]], ward: str) -> tuple[str, str]:
    """Make the runner-up the winner and the winner the runner-up; return (new, old) winner."""
    in_ward = sorted(
        (r for r in rows if r[WARD].strip() == ward), key=lambda r: int(r[VOTES]), reverse=True
    )
    winner, runner_up = in_ward[0], in_ward[1]
    assert winner[ELECTED] == "1" and runner_up[ELECTED] == "0"
    swap_results(rows, ward, winner[NAME].strip(), runner_up[NAME].strip())
    return runner_up[NAME].strip(), winner[NAME].strip()


def edit_toml(folder: Path, edit: Callable[[str], str]) -> None:
    path = folder / "election.toml"
    before = path.read_text(encoding="utf-8")
    after = edit(before)
    assert after != before, "the edit changed nothing"
    path.write_text(after, encoding="utf-8")


def drop_table(text: str, header: str) -> str:
    """Remove a [header] table: its header line and every line up to the next table."""
    pattern = rf"^\[{re.escape(header)}\]\n(?:(?!\[).*\n)*"
    out, count = re.subn(pattern, "", text, flags=re.MULTILINE)
    assert count == 1, f"no [{header}] table"
    return out


def drop_previous(text: str) -> str:
    """Remove every previous contest: inline `previous = {...}` and [wards."X".previous] tables."""
    text, inline = re.subn(r"^previous = \{.*\}\n", "", text, flags=re.MULTILINE)
    text, tables = re.subn(
        r"^\[wards\.\"[^\"]+\"\.previous\]\n(?:(?!\[).*\n)*", "", text, flags=re.MULTILINE
    )
    assert inline >= 1 and tables == 2
    assert "previous" not in re.sub(r"#.*", "", text)
    return text


# -- the scenarios -------------------------------------------------------------------------------


def ukip_wins_longbridge(tmp_path: Path) -> Path:
    """UKIP's Kevin Morris tops the poll in Longbridge; Labour's Carole Griffiths loses."""
    folder = copy_fixture(tmp_path)
    rows = read_rows(folder)
    swap_results(rows, "Longbridge", "Kevin Morris", "Carole Griffiths")
    assert int(row_of(rows, "Longbridge", "Kevin Morris")[VOTES]) == max(
        int(r[VOTES]) for r in rows if r[WARD] == "Longbridge"
    )
    write_rows(folder, rows)
    edit_toml(folder, lambda t: drop_table(t, "composition_after"))
    return folder


def conservatives_hold_weoley(tmp_path: Path) -> Path:
    """Eddie Freeman keeps Weoley for the Conservatives; Labour's Julie Johnson is runner-up."""
    folder = copy_fixture(tmp_path)
    rows = read_rows(folder)
    swap_results(rows, "Weoley", "Eddie Freeman", "Julie Johnson")
    write_rows(folder, rows)
    edit_toml(folder, lambda t: drop_table(t, "composition_after"))
    return folder


LOST_TO_TORIES = ("Bournville", "Kings Norton", "Northfield")
TIGHT_BEFORE = 'seats = { Labour = 61, Conservative = 47, "Liberal Democrat" = 11, Other = 1 }'


def labour_loses_majority(tmp_path: Path) -> Path:
    """Labour defends a bare majority (61 of 120) and loses three wards to the Conservatives."""
    folder = copy_fixture(tmp_path)
    rows = read_rows(folder)
    for ward in LOST_TO_TORIES:
        swap_top_two(rows, ward)
        winner = next(r for r in rows if r[WARD] == ward and r[ELECTED] == "1")
        assert winner[5] == "C"
    write_rows(folder, rows)

    def edit(text: str) -> str:
        text = drop_table(text, "composition_after")
        real = 'seats = { Labour = 78, Conservative = 30, "Liberal Democrat" = 11, Other = 1 }'
        assert text.count(real) == 1
        return text.replace(real, TIGHT_BEFORE)

    edit_toml(folder, edit)
    return folder


def no_turnout(tmp_path: Path) -> Path:
    folder = copy_fixture(tmp_path)
    edit_toml(folder, lambda t: drop_table(t, "turnout"))
    return folder


def no_previous_contests(tmp_path: Path) -> Path:
    folder = copy_fixture(tmp_path)
    edit_toml(folder, drop_previous)
    return folder


SCENARIOS: dict[str, Callable[[Path], Path]] = {
    "ukip-wins-longbridge": ukip_wins_longbridge,
    "conservatives-hold-weoley": conservatives_hold_weoley,
    "labour-loses-majority": labour_loses_majority,
    "no-turnout": no_turnout,
    "no-previous-contests": no_previous_contests,
}


# -- reading the draft ---------------------------------------------------------------------------


def texts(draft: Draft) -> list[str]:
    return [s.text for s in draft.sentences()]


def mentioning(draft: Draft, *words: str) -> list[str]:
    """The sentences that contain every one of the words (case-sensitive)."""
    return [t for t in texts(draft) if all(w in t for w in words)]


def matching(draft: Draft, pattern: str) -> list[str]:
    return [t for t in texts(draft) if re.search(pattern, t, flags=re.IGNORECASE)]


TORIES = r"\b(Conservatives?|Tor(y|ies))\b"
GAIN_VERB = r"\b(gain|gains|gained|gaining|took|taken|taking|won|win|wins|captured|seized)\b"
NO_SEAT = r"won no seats?|won nothing|without (a|any) seats?|neither won|none won|no seats"


def labour_net_one_up(draft: Draft) -> None:
    """Labour finishes one seat up on 79, and nothing keeps the real result's two up and 80."""
    assert matching(draft, r"\bone seat up\b|\bup one seat\b|\bup by one\b|net gain of one"), texts(
        draft
    )
    assert any(re.search(r"\b79\b", t) for t in mentioning(draft, "Labour")), texts(draft)
    stale = matching(draft, r"two seats up|up two seats|up by two|net gain of two|\b80\b")
    assert not stale, stale


# -- 1. UKIP wins Longbridge -------------------------------------------------------------------


def test_ukip_gain_in_longbridge_is_reported(tmp_path: Path) -> None:
    draft = generate(ukip_wins_longbridge(tmp_path))
    gains = [
        t
        for t in mentioning(draft, "UKIP", "Longbridge", "Labour")
        if re.search(GAIN_VERB, t) and "from Labour" in t
    ]
    assert gains, texts(draft)


def test_failed_ukip_challenge_no_longer_names_longbridge(tmp_path: Path) -> None:
    draft = generate(ukip_wins_longbridge(tmp_path))
    challenge = matching(draft, r"challenge|threat")
    challenge = [t for t in challenge if "UKIP" in t]
    assert challenge, "the UKIP challenge still failed in Shard End and should be reported"
    assert all("Shard End" in t for t in challenge), challenge
    assert not [t for t in challenge if "Longbridge" in t], challenge
    # Labour did not hold or cling on in Longbridge
    held = [t for t in mentioning(draft, "Longbridge") if re.search(r"held|clung|hold", t)]
    assert not held, held


def test_ukip_is_not_said_to_have_won_nothing(tmp_path: Path) -> None:
    draft = generate(ukip_wins_longbridge(tmp_path))
    stale = [t for t in mentioning(draft, "UKIP") if re.search(NO_SEAT, t)]
    assert not stale, stale


def test_labour_is_one_up_after_losing_longbridge(tmp_path: Path) -> None:
    labour_net_one_up(generate(ukip_wins_longbridge(tmp_path)))


# -- 2. The Conservatives hold Weoley ----------------------------------------------------------


def test_labour_is_not_said_to_have_taken_weoley(tmp_path: Path) -> None:
    draft = generate(conservatives_hold_weoley(tmp_path))
    stale = [t for t in mentioning(draft, "Weoley") if re.search(GAIN_VERB, t) and "Labour" in t]
    assert not stale, stale
    # Julie Johnson lost: nothing may say she won or took anything
    johnson = [t for t in mentioning(draft, "Julie Johnson") if re.search(GAIN_VERB, t)]
    assert not johnson, johnson


def test_eddie_freeman_is_not_described_as_defeated(tmp_path: Path) -> None:
    draft = generate(conservatives_hold_weoley(tmp_path))
    stale = [
        t
        for t in mentioning(draft, "Freeman")
        if re.search(r"\b(lost|loss|los(e|es|ing)|defeat(ed)?|casualt|ousted|unseated|beaten)", t)
    ]
    assert not stale, stale


def test_labour_one_up_and_conservatives_unchanged_on_30(tmp_path: Path) -> None:
    draft = generate(conservatives_hold_weoley(tmp_path))
    labour_net_one_up(draft)
    tory = [t for t in texts(draft) if re.search(TORIES, t)]
    assert any(re.search(r"\b30\b", t) for t in tory), texts(draft)
    stale = [t for t in tory if re.search(r"\b29\b|down one apiece|\bapiece\b", t)]
    assert not stale, stale
    down = [t for t in tory if re.search(TORIES + r"[^,.;]*\b30\b[^,.;]*\b(down|lost)\b", t)]
    assert not down, down


# -- 3. Labour loses its majority ----------------------------------------------------------------


def test_labour_loses_control(tmp_path: Path) -> None:
    draft = generate(labour_loses_majority(tmp_path))
    lost = matching(draft, r"lost control|loses control|no overall control|no party with")
    assert lost, texts(draft)
    assert any(re.search(r"\b60\b", t) for t in mentioning(draft, "Labour")), texts(draft)


def test_nothing_says_labour_stays_in_control(tmp_path: Path) -> None:
    draft = generate(labour_loses_majority(tmp_path))
    stale = matching(
        draft,
        r"(stay|stays|remain|remains|keep|keeps|retain|retains|retained|be) in control"
        r"|until 2018|strengthen(s|ed)? its hold|strengthens hold|control of .* until",
    )
    assert not stale, stale


def test_conservative_targets_no_longer_listed_as_labour_holds(tmp_path: Path) -> None:
    draft = generate(labour_loses_majority(tmp_path))
    for ward in LOST_TO_TORIES:
        stale = [
            t
            for t in mentioning(draft, ward)
            if re.search(r"\bheld\b|\bhold\b|\bholds\b|clung|dashed|kept|retained", t)
        ]
        assert not stale, stale


@pytest.mark.parametrize("ward", LOST_TO_TORIES)
def test_conservative_gains_are_reported(tmp_path: Path, ward: str) -> None:
    draft = generate(labour_loses_majority(tmp_path))
    gains = [t for t in mentioning(draft, ward) if re.search(TORIES, t) and re.search(GAIN_VERB, t)]
    assert gains, f"no sentence reports the Conservatives gaining {ward}: {texts(draft)}"


def test_no_quote_claims_labour_held_every_tricky_seat(tmp_path: Path) -> None:
    """A supplied quote is copy too: it may not contradict the facts the story reports."""
    draft = generate(labour_loses_majority(tmp_path))
    stale = matching(draft, r"held all of the tricky seats")
    assert not stale, stale


# -- 4. No turnout -------------------------------------------------------------------------------


def test_no_turnout_means_no_turnout_claim(tmp_path: Path) -> None:
    draft = generate(no_turnout(tmp_path))
    stale = matching(
        draft, r"turnout|turned out|stayed away|eligible|did not vote|chose not|two thirds"
    )
    assert not stale, stale
    # the only percentages left are vote shares
    percents = matching(draft, r"per ?cent|%")
    assert all(re.search(r"\bvotes?\b|share", t) for t in percents), percents
    assert not [s.text for s in draft.sentences() if any("turnout" in f for f in s.facts)]


# -- 5. No previous contests ---------------------------------------------------------------------


def test_no_previous_contest_means_no_comparison(tmp_path: Path) -> None:
    draft = generate(no_previous_contests(tmp_path))
    stale = matching(
        draft,
        r"\b2012\b|doubled|trebled|tripled|halved|fell by|rose by|more than half"
        r"|majorit(y|ies) (fell|rose|grew|shrank|increased|decreased|slumped|soared)"
        r"|percentage points?|\bswing\b",
    )
    assert not stale, stale


# -- every counterfactual: no template leftovers -----------------------------------------------

LEFTOVERS = [
    (r"\{\{|\}\}|\{%|%\}|\{#|#\}", "template markup"),
    (r"\bNone\b", "None"),
    (r"\bnan\b", "nan"),
    (r"\bundefined\b", "undefined"),
    (r",\s*,|\.\s*\.|\s[,.;:]", "doubled or stranded punctuation"),
    (r" {2,}", "doubled space"),
]


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_no_template_leftovers(tmp_path: Path, scenario: str) -> None:
    draft = generate(SCENARIOS[scenario](tmp_path))
    sentences = texts(draft)
    assert all(t.strip() for t in sentences), "empty sentence"
    problems = [
        (what, t)
        for t in [*sentences, to_text(draft)]
        for pattern, what in LEFTOVERS
        if re.search(pattern, t, flags=re.IGNORECASE if what != "None" else 0)
    ]
    assert not problems, problems


# -- 6. Determinism ------------------------------------------------------------------------------


def test_same_input_gives_byte_identical_output(tmp_path: Path) -> None:
    folder = copy_fixture(tmp_path / "a")
    first, second = generate(folder), generate(folder)
    assert to_text(first) == to_text(second)
    assert write(first, "json") == write(second, "json")
    # the same input at another path gives the same bytes too
    elsewhere = generate(copy_fixture(tmp_path / "b"))
    assert to_text(elsewhere) == to_text(first)
    assert write(elsewhere, "json") == write(first, "json")


GENERATE_SCRIPT = """
import sys
from storygen.pipeline import generate
from storygen.publish import write
draft = generate(sys.argv[1])
sys.stdout.write(write(draft, "text") + write(draft, "json"))
"""


@pytest.mark.parametrize("scenario", ["ukip-wins-longbridge", "labour-loses-majority"])
def test_output_does_not_depend_on_hash_seed(tmp_path: Path, scenario: str) -> None:
    """Set and dict order must not leak into the copy: two processes, two seeds, same bytes."""
    folder = SCENARIOS[scenario](tmp_path)
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", GENERATE_SCRIPT, str(folder)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            check=True,
        )
        outputs.append(result.stdout)
    draft = generate(folder)
    assert outputs[0] == outputs[1] == write(draft, "text") + write(draft, "json")
