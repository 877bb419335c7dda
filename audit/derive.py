"""What the raw rows establish about one council's election, re-derived from scratch.

Every figure here comes from the results file, the compositions and the councillor list, never
from storygen. Where the rows cannot establish a fact it is None (unknown), with the reason in
`unknown`, so a draft that states it can be told apart from one that leaves it out.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import combinations_with_replacement

from .names import (
    fold,
    label_key,
    parse_person,
    persons_match,
    strict_match,
    surnames_match,
    ward_key,
)
from .parties import ANYOTHER, IND, NATIONAL, OTHER, code_fits, is_local
from .readers import Candidate, CompositionRow, Council, Councillor, Ward

# The share of a council's wards that must match the councillor list, in name and in seats where
# every seat is up, for the council to count as on the same boundaries.
SAME_BOUNDARIES = 0.9
# A reported turnout this far (as a fraction) from ballots over electorate is a conflict.
TURNOUT_TOLERANCE = 0.001  # the sources give turnout to a tenth of a point
# Surnames this alike (difflib's ratio) are one name with a typing slip ('Bedi-Chada' and
# 'Bedi-Chadha'), when the given names start alike and the person is of the same ward.
SURNAME_SLIP = 0.85


def row_space(party: str) -> str:
    """A party as the compositions count it: national parties by name, the rest as OTHER."""
    return party if party in NATIONAL else OTHER


@dataclass
class WardTruth:
    """One ward's result as the rows establish it."""

    ward: Ward
    key: str
    seats: int
    void: str | None = None
    contested: bool = True
    ranked: list[Candidate] = field(default_factory=list)
    winners: list[Candidate] = field(default_factory=list)
    losers: list[Candidate] = field(default_factory=list)
    majority: int | None = None
    last_winner: Candidate | None = None
    first_loser: Candidate | None = None
    defenders: list[Councillor] | None = None  # None: not known
    defended: Counter[str] | None = None  # party -> seats defended, None: not known
    defenders_why: str = ""  # why the defenders are not known
    partial: Counter[str] | None = None  # the defenders known where the list lacks some
    due: list[Councillor] = field(default_factory=list)  # those known defenders
    unknown_seats: int = 0
    options: list[tuple[dict[str, int], dict[str, int]]] = field(default_factory=list)
    gains: dict[str, int] | None = None  # party -> seats gained, None: not known
    losses: dict[str, int] | None = None
    listed: bool = False  # the ward's name is in the councillor list
    listed_key: str | None = None  # the councillor list's ward it matches
    turnout: float | None = None
    turnout_options: tuple[float, ...] = ()  # every value the rows allow, when they disagree

    @property
    def name(self) -> str:
        """The ward's name as the source writes it."""
        return self.ward.name

    @property
    def won(self) -> Counter[str]:
        """Seats won by party."""
        return Counter(c.party for c in self.winners)

    @property
    def outcome(self) -> str | None:
        """'hold', 'gain' or None (not known)."""
        if self.gains is None:
            return None
        return "gain" if any(self.gains.values()) else "hold"


@dataclass
class Flow:
    """A quantity the rows fix only between bounds."""

    low: int
    high: int

    @property
    def exact(self) -> int | None:
        """The value, when the bounds meet."""
        return self.low if self.low == self.high else None


@dataclass
class Defeat:
    """A sitting councillor who stood and lost."""

    councillor: Councillor | None  # None: known from the results' incumbent flag alone
    candidate: Candidate
    ward: WardTruth


@dataclass
class CouncilTruth:
    """One council's election as the rows establish it."""

    council: Council
    wards: dict[str, WardTruth]
    before: CompositionRow | None
    after_row: CompositionRow | None
    councillors: list[Councillor] | None
    unknown: dict[str, str] = field(default_factory=dict)
    all_out: bool | None = None
    boundaries: str = "unknown"  # same, new, unknown
    won: Counter[str] = field(default_factory=Counter)
    after: dict[str, int] | None = None
    after_total: int | None = None
    after_basis: str | None = None  # tally, formula, snapshot
    after_space: str = "row"  # fine: parties by their own names; row: national + OTHER
    control_before: str | None = None  # party key, 'NOC', or None
    control_after: str | None = None
    change_election: dict[str, int] | None = None
    # won minus defended by the parties' own names (local parties apart), where every
    # defender's party is settled (no 'Independent / Other' left)
    change_local: dict[str, int] | None = None
    change_year: dict[str, int] | None = None
    gains: dict[str, Flow] = field(default_factory=dict)
    defeats: list[Defeat] | None = None
    defeated_count: Flow | None = None
    # losing candidates a listed councillor of another ward may be, by a loose name match
    doubtful_defeats: dict[int, list[Councillor]] = field(default_factory=dict)
    votes: Counter[str] = field(default_factory=Counter)
    votes_valid: Counter[str] = field(default_factory=Counter)
    turnout: float | None = None
    turnout_options: tuple[float, ...] = ()
    labels: dict[str, set[str]] = field(default_factory=dict)  # party key -> labels
    # where part of the council was up and the snapshot after the poll disagrees with the
    # previous year's composition minus defended plus won: the same council told by the snapshot
    alternative: CouncilTruth | None = None
    history: dict[int, CompositionRow] = field(default_factory=dict)  # rows of earlier years

    @property
    def void_wards(self) -> list[WardTruth]:
        """Wards whose result the rows cannot establish."""
        return [w for w in self.wards.values() if w.void]

    @property
    def valid_wards(self) -> list[WardTruth]:
        """Wards with a readable result."""
        return [w for w in self.wards.values() if not w.void]

    @property
    def is_by_election(self) -> bool:
        """One or two wards and seats only: a by-election story."""
        seats = sum(w.seats for w in self.wards.values())
        return len(self.wards) <= 2 and seats <= 2


def _sort_key(c: Candidate) -> tuple[int, int]:
    return (-(c.votes or 0), 0 if c.elected else 1)


def derive_ward(ward: Ward) -> WardTruth:
    """A ward's winners, majority and last seat, or why they cannot be read."""
    elected = [c for c in ward.candidates if c.elected]
    seats = ward.seats if ward.seats else len(elected)
    truth = WardTruth(ward=ward, key=ward_key(ward.name), seats=seats)
    truth.ranked = sorted(ward.candidates, key=_sort_key)
    truth.winners = sorted(elected, key=_sort_key)
    truth.losers = [c for c in truth.ranked if not c.elected]
    truth.contested = len(ward.candidates) > seats
    # a row repeated: one name, party and vote count twice (two 'A. Brown's of two parties
    # are two people)
    names = [(fold(c.name), c.party, c.votes) for c in ward.candidates]
    if len(elected) > seats or len(elected) < seats:
        truth.void = f"{len(elected)} marked elected for {seats} seat(s)"
    elif len(set(names)) < len(names):
        truth.void = "a candidate listed twice"
    elif truth.contested and any(c.votes is None for c in ward.candidates):
        truth.void = "a vote count missing"
    elif truth.contested and truth.losers and truth.winners:
        low = truth.winners[-1].votes or 0
        high = truth.losers[0].votes or 0
        if low < high:
            truth.void = "a winner below a loser"
    if truth.void:
        return truth
    if truth.contested and truth.losers:
        truth.last_winner = truth.winners[-1]
        truth.first_loser = truth.losers[0]
        truth.majority = (truth.last_winner.votes or 0) - (truth.first_loser.votes or 0)
    _ward_turnout(truth)
    return truth


def _ward_turnout(truth: WardTruth) -> None:
    ward = truth.ward
    if not truth.contested or not ward.electorate:
        return
    options: list[float] = []
    ballots_ok = ward.ballots is not None and 0 < ward.ballots <= ward.electorate
    votes = sum(c.votes or 0 for c in ward.candidates)
    if ballots_ok and truth.seats > 1 and ward.ballots == votes:
        ballots_ok = False  # the 'ballots' are the votes of a several-seat ward
    if ballots_ok and ward.ballots is not None:
        options.append(ward.ballots / ward.electorate)
    reported = ward.turnout
    if (
        reported is not None
        and 0 < reported <= 1
        and (not options or abs(options[0] - reported) > TURNOUT_TOLERANCE)
    ):
        options.append(reported)
    # a doubtful ballots figure: the reported turnout may rest on it too
    doubtful = ward.ballots is not None and not ballots_ok and ward.ballots <= ward.electorate
    if doubtful and ward.ballots is not None and ward.ballots / ward.electorate not in options:
        options.append(ward.ballots / ward.electorate)
    truth.turnout_options = tuple(options)
    truth.turnout = options[0] if len(options) == 1 else None


def same_local(a: str, b: str, names: dict[str, str]) -> bool:
    """Whether two local-party keys name one party ('Ashfield' and 'Ashfield Independents')."""
    if a == b:
        return True
    if not (is_local(a) and is_local(b)):
        return False
    forms_a = {a[2:], label_key(names.get(a, ""))} - {""}
    forms_b = {b[2:], label_key(names.get(b, ""))} - {""}
    for x in forms_a:
        for y in forms_b:
            if x == y:
                return True
            wx, wy = x.split(), y.split()
            short, long_ = sorted((wx, wy), key=len)
            if short and long_[: len(short)] == short:
                return True
            # a one-word code that starts the other's first word: 'Lib' and 'Liberal'
            if len(wx) == 1 or len(wy) == 1:
                a_word, b_word = sorted((wx[0], wy[0]), key=len)
                if len(a_word) >= 3 and b_word.startswith(a_word):
                    return True
    return False


def derive(
    council: Council,
    compositions: dict[tuple[str, int], CompositionRow] | None,
    councillors: dict[str, list[Councillor]] | None,
    councillors_after: dict[str, list[Councillor]] | None = None,
    history: dict[str, list[Councillor]] | None = None,
) -> CouncilTruth:
    """Everything the rows establish about one council's election (with `councillors_after`,
    the list of the poll's own year, the names its winners go by; with `history`, the lists
    of every year, the names local parties go by)."""
    year = council.polling_day.year
    key = council.key
    before = compositions.get((key, year - 1)) if compositions else None
    after_row = compositions.get((key, year)) if compositions else None
    listed = councillors.get(key) if councillors is not None else None
    truth = CouncilTruth(
        council=council,
        wards={ward_key(w.name): derive_ward(w) for w in council.wards.values()},
        before=before,
        after_row=after_row,
        councillors=listed,
    )
    if compositions:
        truth.history = {y: r for (k, y), r in compositions.items() if k == key and y < year}
    for ward in truth.wards.values():
        for cand in ward.ward.candidates:
            truth.labels.setdefault(cand.party, set()).add(cand.label)
            for extra in (
                council.party_names.get(cand.party),
                council.abbreviations.get(cand.party),
            ):
                if extra and cand.party.startswith("L:"):
                    truth.labels[cand.party].add(extra)
    if compositions is None:
        truth.unknown["compositions"] = "no compositions given"
    elif before is None:
        truth.unknown["before"] = f"no composition row for {year - 1}"
    for ward in truth.valid_wards:
        truth.won.update(ward.won)
    if truth.void_wards:
        truth.unknown["void"] = ", ".join(f"{w.name} ({w.void})" for w in truth.void_wards)
    _votes(truth)
    _all_out(truth)
    _defenders(truth, councillors_after.get(key) if councillors_after else None)
    _listed_names(truth, councillors_after.get(key) if councillors_after else None)
    _local_names(truth, history)
    _resolve_defenders(truth)
    _composition(truth)
    _control(truth)
    _snapshot_alternative(truth)
    _gains(truth)
    _defeats(truth)
    _turnout(truth)
    return truth


def _votes(truth: CouncilTruth) -> None:
    for ward in truth.wards.values():
        if not ward.contested:
            continue
        for cand in ward.ward.candidates:
            truth.votes[cand.party] += cand.votes or 0
            if not ward.void:
                truth.votes_valid[cand.party] += cand.votes or 0


def _all_out(truth: CouncilTruth) -> None:
    """Every seat up: the seats filled reach the council's size (before or after); without
    sizes, the source's election type, or every listed councillor due on polling day.

    The seats decide over LEH's election-type column, which marks some councils elected by
    thirds (Barnsley 2024, 21 of 63 seats) as 'All'.
    """
    flags = {w.ward.all_out for w in truth.wards.values()}
    seats_up = sum(w.seats for w in truth.wards.values())
    sizes = [r.total for r in (truth.before, truth.after_row) if r is not None and r.total]
    if sizes:
        truth.all_out = seats_up >= min(sizes)
        every_listed_up = bool(truth.councillors) and {
            c.next_election for c in truth.councillors or []
        } == {truth.council.polling_day}
        # (only a few seats short: some lists give every councillor the same next election)
        if not truth.all_out and every_listed_up and seats_up >= 0.9 * min(sizes):
            # every seat was due but not every seat is in the results (a postponed poll)
            truth.all_out = True
            truth.unknown["after"] = (
                f"{min(sizes) - seats_up} of the council's {min(sizes)} seats not in the results"
            )
        return
    if flags == {True}:
        truth.all_out = True
    elif flags == {False}:
        truth.all_out = False
    elif truth.councillors:
        day = truth.council.polling_day
        nxt = {c.next_election for c in truth.councillors}
        if nxt == {day}:
            truth.all_out = True
        elif day in nxt:
            truth.all_out = False


def _defenders(truth: CouncilTruth, after: list[Councillor] | None = None) -> None:
    day = truth.council.polling_day
    if truth.councillors is None:
        truth.unknown["defenders"] = "no councillor list"
        return
    listed_wards: dict[str, list[Councillor]] = {}
    for c in truth.councillors:
        listed_wards.setdefault(ward_key(c.ward), []).append(c)
    _match_wards(truth, set(listed_wards))
    up = [c for c in truth.councillors if c.next_election == day]
    if not up and not truth.is_by_election:
        truth.unknown["defenders"] = "nobody in the councillor list is up on polling day"
        return
    matched = 0
    for ward in truth.wards.values():
        sitting = listed_wards.get(ward.listed_key or "")
        if sitting is None:
            continue
        ward.listed = True
        if truth.all_out and len(sitting) != ward.seats:
            continue
        matched += 1
    share = matched / len(truth.wards) if truth.wards else 0.0
    resized = (
        truth.all_out
        and truth.before is not None
        and truth.after_row is not None
        and truth.before.total != truth.after_row.total
    )
    if share < SAME_BOUNDARIES or resized:
        truth.boundaries = "new"
        why = f"{matched} of {len(truth.wards)} wards match the councillor list"
        if resized:
            why += " and the council's size changed"
        truth.unknown["defenders"] = "new boundaries: " + why
        return
    truth.boundaries = "same"
    by_ward: dict[str, list[Councillor]] = {}
    for c in up:
        by_ward.setdefault(ward_key(c.ward), []).append(c)
    complete = truth.before is not None and truth.before.total == len(truth.councillors)
    stayed: dict[str, list[Councillor]] = {}
    for c in after or []:
        stayed.setdefault(ward_key(c.ward), []).append(c)
    later_keys = match_ward_keys([w.key for w in truth.wards.values()], set(stayed))
    for ward in truth.wards.values():
        defenders = by_ward.get(ward.listed_key or "", [])
        if not truth.all_out and not ward.void and len(defenders) < ward.seats:
            sitting = listed_wards.get(ward.listed_key or "", [])
            later = stayed.get(later_keys.get(ward.key, "")) if after is not None else None
            defenders = _vacated(defenders, sitting, later, complete, ward)
        if not ward.void and 0 < len(defenders) < ward.seats:
            ward.due = defenders
            ward.partial = Counter(_defender_party(c.party, ward, truth) for c in defenders)
            ward.unknown_seats = ward.seats - len(defenders)
        # a seat the list gives as vacant ("Postponed", party "Vacant": West Lancashire's
        # Rural South in 2023) has no defender the list can name
        vacant = [c for c in defenders if re.search(r"\bvacan", f"{c.name} {c.label}", re.I)]
        if vacant and not ward.void:
            ward.defenders_why = f"{ward.name}: a seat listed vacant ({vacant[0].name})"
            continue
        if ward.void or len(defenders) != ward.seats:
            ward.defenders_why = (
                f"{ward.name}: {ward.void}"
                if ward.void
                else f"{ward.name}: {len(defenders)} councillor(s) due for {ward.seats} seat(s)"
                if ward.listed_key
                else f"{ward.name}: not in the councillor list"
            )
            continue
        ward.defenders = defenders
        ward.defended = Counter(_defender_party(c.party, ward, truth) for c in defenders)
        for c in defenders:
            key = _defender_party(c.party, ward, truth)
            if is_local(key):
                truth.labels.setdefault(key, set()).add(c.label)


def _vacated(
    due: list[Councillor],
    sitting: list[Councillor],
    later: list[Councillor] | None,
    complete: bool,
    ward: WardTruth,
) -> list[Councillor]:
    """The defenders of a ward with more seats up than councillors due (a casual vacancy
    filled on polling day, or a by-election), where the lists settle them; else only the
    councillors due.

    The vacated seats were held by the ward's councillors not due who are gone from the list
    of the poll's own year (as many of them as seats vacated); without that list, by the
    ward's councillors not due when all of them are of one party and the list is the whole
    council (so whoever left is among them).
    """
    rest = [c for c in sitting if c not in due]
    missing = ward.seats - len(due)
    if later is not None:
        gone = [
            c
            for c in rest
            if not any(persons_match(parse_person(c.name), parse_person(o.name)) for o in later)
        ]
        if len(gone) == missing:
            return [*due, *gone]
    if not complete or len(rest) < missing or len({c.party for c in rest}) != 1:
        return due
    return [*due, *rest[:missing]]


def _listed_names(truth: CouncilTruth, after: list[Councillor] | None) -> None:
    """The names the councillor lists give candidates: a winner by the list of the poll's
    own year in the ward of that name, a defender by the list of the year before. One listed
    name and one candidate of the ward pair up when the surnames agree (or differ by a typing
    slip) and the given names start with the same letter, and neither has another partner."""
    by_ward: dict[str, list[Councillor]] = {}
    for c in after or []:
        by_ward.setdefault(ward_key(c.ward), []).append(c)
    pairs = match_ward_keys([w.key for w in truth.wards.values()], set(by_ward))
    for ward in truth.wards.values():
        listed = by_ward.get(pairs.get(ward.key, ""), [])
        winners = [c for c in ward.ward.candidates if c.elected]
        _pair(truth, winners, listed)
        _pair(truth, ward.ward.candidates, ward.defenders or [])


def _local_names(truth: CouncilTruth, history: dict[str, list[Councillor]] | None) -> None:
    """A local party's names as any year's councillor list gives its winners: the archive has
    only a code for many (a winner of 'Esher' is listed under 'Esher Residents Association').
    A winner pairs with a listed local-party councillor of the same council by name, or of
    another council (a district's councillor in the county) by the same full name."""
    if not history:
        return
    here = [c for c in history.get(truth.council.key, []) if is_local(c.party) and c.label]
    elsewhere: dict[str, set[str]] = {}
    for key, people in history.items():
        if key == truth.council.key:
            continue
        for c in people:
            if is_local(c.party) and c.label:
                elsewhere.setdefault(fold(c.name), set()).add(c.label)
    for ward in truth.wards.values():
        for cand in ward.ward.candidates:
            if not (cand.elected and is_local(cand.party)):
                continue
            # a loose name match only in the same ward: elsewhere, the full name
            labels = {
                c.label
                for c in here
                if strict_match(c.name, cand.name)
                or (
                    ward_key(c.ward) in (ward.key, ward.listed_key)
                    and _listed_as(c.name, cand.name)
                )
            }
            if not labels and not _names(truth.labels.get(cand.party, set())):
                labels = elsewhere.get(fold(cand.name), set())
            # one person under two local parties' names over the years (Ross Patterson, IBIS
            # in 2019, Thornaby Independent Association by 2023) names neither
            if len({label_key(x) for x in labels}) > 1:
                continue
            truth.labels.setdefault(cand.party, set()).update(labels)


def _names(labels: set[str]) -> bool:
    """Whether any label is a name rather than a code."""
    return any(" " in label for label in labels)


def _pair(truth: CouncilTruth, candidates: list[Candidate], listed: list[Councillor]) -> None:
    """Record the listed name of each candidate with exactly one partner in the list, and a
    local party's name as the list gives it (the archive has only a code for many)."""
    pairs = [(n, c) for n in listed for c in candidates if _listed_as(n.name, c.name)]
    for person, cand in pairs:
        if (
            sum(1 for n, _ in pairs if n is person) != 1
            or sum(1 for _, c in pairs if c is cand) != 1
        ):
            continue
        if fold(person.name) != fold(cand.name) and person.name not in cand.listed:
            cand.listed.append(person.name)
        if is_local(cand.party) and is_local(person.party) and person.label:
            truth.labels.setdefault(cand.party, set()).add(person.label)


def _listed_as(listed: str, given: str) -> bool:
    """Whether a list's name and a result's name can be one person of one ward."""
    a, b = parse_person(listed), parse_person(given)
    if not a.given or not b.given or a.given[0][:1] != b.given[0][:1]:
        return persons_match(a, b)
    if surnames_match(a.surname, b.surname):
        return True
    ratio = difflib.SequenceMatcher(None, fold(a.surname), fold(b.surname)).ratio()
    return ratio >= SURNAME_SLIP


def _match_wards(truth: CouncilTruth, listed: set[str]) -> None:
    """Each ward of the results to a ward of the list (see match_ward_keys)."""
    pairs = match_ward_keys([w.key for w in truth.wards.values()], listed)
    for ward in truth.wards.values():
        ward.listed_key = pairs.get(ward.key)


# Ward names this alike (difflib's ratio, spaces ignored) are one name with a typing slip or
# a dropped word ('Bilinge and Beardwood', 'Famley and Wortley', 'Huntspill and Pawelett',
# 'Droitwich Spa East' for 'Droitwich East'), when each is the other's clear best partner (by
# WARD_MARGIN) among the wards left unpaired; 'Kingsway' and 'Kingswalk' (0.82) stay apart.
WARD_SLIP = 0.85
WARD_MARGIN = 0.05


def match_ward_keys(wards: list[str], listed: set[str]) -> dict[str, str]:
    """Ward keys of the results paired with ward keys of a list, one to one.

    In turn: the same key; the same letters without spaces ('Kingswalk' and 'Kings Walk',
    'Henleyonthames' and 'Henley-on-Thames'); the one list ward whose words contain the
    ward's, or are contained in them, at either end ('Louth Priory and St James' and
    'Priory and St James', 'Slade Lode - Chatteris' and 'Slade Lode'); a typing slip
    or a dropped word (WARD_SLIP), each the other's clear best partner.
    """
    out: dict[str, str] = {}
    free = set(listed)
    for key in wards:
        if key in free:
            out[key] = key
            free.discard(key)
    compact: dict[str, list[str]] = {}
    for key in free:
        compact.setdefault(key.replace(" ", ""), []).append(key)
    for key in wards:
        found = compact.get(key.replace(" ", ""), [])
        if key not in out and len(found) == 1 and found[0] in free:
            out[key] = found[0]
            free.discard(found[0])
    claims: dict[str, list[str]] = {}
    for key in wards:
        if key in out:
            continue
        words = key.split()
        options = [k for k in free if _ends_with(words, k.split()) or _ends_with(k.split(), words)]
        if len(options) == 1:
            claims.setdefault(options[0], []).append(key)
    for listed_key, keys in claims.items():
        if len(keys) == 1:
            out[keys[0]] = listed_key
            free.discard(listed_key)
    pending = [k for k in wards if k not in out]

    def ratio(a: str, b: str) -> float:
        return difflib.SequenceMatcher(None, a.replace(" ", ""), b.replace(" ", "")).ratio()

    def best(key: str, among: list[str]) -> str | None:
        scored = sorted(((ratio(key, k), k) for k in among), reverse=True)
        if not scored or scored[0][0] < WARD_SLIP:
            return None
        if len(scored) > 1 and scored[1][0] > scored[0][0] - WARD_MARGIN:
            return None
        return scored[0][1]

    for key in pending:
        partner = best(key, sorted(free))
        if partner is not None and best(partner, [k for k in pending if k not in out]) == key:
            out[key] = partner
            free.discard(partner)
    return out


def _ends_with(longer: list[str], shorter: list[str]) -> bool:
    if not shorter or len(shorter) >= len(longer):
        return False
    n = len(shorter)
    return longer[:n] == shorter or longer[-n:] == shorter


def _defender_party(party: str, ward: WardTruth, truth: CouncilTruth) -> str:
    """The defender's party in the results' terms: a local party under the results' label,
    or under the one results party whose labels (from the lists of every year) include the
    list's name for it ('It's Our County (Herefordshire)' for the archive's 'IOCH')."""
    if party == ANYOTHER:
        return ANYOTHER
    if is_local(party):
        for cand in ward.ward.candidates:
            if same_local(party, cand.party, truth.council.party_names):
                return cand.party
        # a name the labels give more than one party (a list's slip) settles nothing
        owners = {
            p
            for p in set(truth.labels) - {party}
            if is_local(p) and any(label_key(x) == party[2:] for x in truth.labels[p])
        }
        if len(owners) > 1:
            # the one of them standing here whose code stands for the list's name
            # ('Wilmslow' for 'Residents of Wilmslow' in Wilmslow Dean Row, though a list's
            # slip gives Bollington First's councillor that name too)
            fits = {
                c.party
                for c in ward.ward.candidates
                if c.party in owners and c.label and code_fits(c.label, party[2:])
            }
            if len(fits) == 1:
                return fits.pop()
        if len(owners) == 1:
            return owners.pop()
        for other in truth.labels:
            if same_local(party, other, truth.council.party_names):
                return other
    return party


def _stood_as(person: Councillor, ward: WardTruth) -> str:
    """A councillor the list files as 'Independent / Other' who stood again in their ward as
    an independent or for a local party: that is the party they defended for (a local
    group's councillor, the list's catch-all); else the catch-all stays."""
    if person.party != ANYOTHER:
        return person.party
    found = {
        c.party
        for c in ward.ward.candidates
        if (c.party == IND or is_local(c.party)) and _listed_as(person.name, c.name)
    }
    return found.pop() if len(found) == 1 else ANYOTHER


def _resolve_defenders(truth: CouncilTruth) -> None:
    """The defenders' parties again, once the lists of every year have named local parties."""
    for ward in truth.wards.values():
        if ward.defenders is not None:
            ward.defended = Counter(
                _defender_party(_stood_as(c, ward), ward, truth) for c in ward.defenders
            )
        elif ward.partial is not None:
            ward.partial = Counter(
                _defender_party(_stood_as(c, ward), ward, truth) for c in ward.due
            )


def _ward_changes(
    ward: WardTruth, defended_in: Counter[str]
) -> tuple[dict[str, int], dict[str, int]] | None:
    """Gains and losses in a ward against one set of defenders (None: cannot be told)."""
    defended = Counter(defended_in)
    won = ward.won
    if defended[ANYOTHER]:
        # the list's 'Independent / Other': an independent, unless a local party won here
        if any(is_local(p) for p in won):
            ward.defenders_why = (
                f"{ward.name}: defended by 'Independent / Other', won by a local party"
            )
            return None
        defended[IND] += defended.pop(ANYOTHER)
    parties = set(defended) | set(won)
    if any(is_local(p) for p in won) and any(is_local(p) and p not in won for p in defended):
        ward.defenders_why = f"{ward.name}: a local party named differently by the list"
        return None
    gains = {p: won[p] - defended[p] for p in parties if won[p] > defended[p]}
    losses = {p: defended[p] - won[p] for p in parties if defended[p] > won[p]}
    return gains, losses


UNKNOWN_PARTY = "?"


def _completions(ward: WardTruth, parties: list[str]) -> list[Counter[str]]:
    """Every set of defenders the list allows: the known ones, plus any party (or one not
    standing, '?') for each seat whose defender the list does not give."""
    if ward.defended is not None:
        return [ward.defended]
    if ward.partial is None or ward.unknown_seats > 3:
        return []
    options = [*parties, UNKNOWN_PARTY]
    out: list[Counter[str]] = []
    for combo in combinations_with_replacement(options, ward.unknown_seats):
        full = Counter(ward.partial)
        full.update(combo)
        out.append(full)
    return out


def _gains(truth: CouncilTruth) -> None:
    parties = sorted(set(truth.labels) | set(NATIONAL))
    for ward in truth.wards.values():
        options: list[tuple[dict[str, int], dict[str, int]]] = []
        for defended in _completions(ward, parties):
            changes = _ward_changes(ward, defended)
            if changes is None:
                options = []
                break
            options.append(changes)
        ward.options = options
        if ward.defended is not None and len(options) == 1:
            ward.gains, ward.losses = options[0]
    every = set(truth.won) | {
        p for w in truth.wards.values() for _, losses in w.options for p in losses
    }
    for p in every:
        low = high = 0
        for ward in truth.wards.values():
            if ward.options:
                low += min(g.get(p, 0) for g, _ in ward.options)
                high += max(g.get(p, 0) for g, _ in ward.options)
            else:
                high += ward.won[p] if not ward.void else ward.seats
        truth.gains[p] = Flow(low, high)


def ward_flow(ward: WardTruth, gainer: str, losers: list[str]) -> Flow | None:
    """Seats the gainer took in the ward from the named losers, between bounds (over every
    set of defenders the list allows)."""
    if not ward.options:
        return None
    lows, highs = [], []
    for gains, losses in ward.options:
        g = gains.get(gainer, 0)
        from_named = sum(losses.get(q, 0) for q in losers)
        total = sum(losses.values())
        lows.append(max(0, g - (total - from_named)))
        highs.append(min(g, from_named))
    return Flow(min(lows), max(highs))


def _composition(truth: CouncilTruth) -> None:
    won_row: Counter[str] = Counter()
    for p, n in truth.won.items():
        won_row[row_space(p)] += n
    if truth.all_out:
        if truth.void_wards:
            truth.unknown["after"] = "void wards: the tally is incomplete"
        elif "after" in truth.unknown:
            pass
        else:
            truth.after = dict(truth.won)
            truth.after_total = sum(truth.won.values())
            truth.after_basis = "tally"
            truth.after_space = "fine"
    else:
        defended_row: Counter[str] = Counter()
        known = truth.boundaries == "same" and not truth.void_wards
        for ward in truth.wards.values():
            if ward.defended is None:
                known = False
                break
            for p, n in ward.defended.items():
                defended_row[row_space(p) if p != ANYOTHER else OTHER] += n
        if known and truth.before is not None and truth.before.total:
            after = Counter(truth.before.seats)
            after.subtract(defended_row)
            after.update(won_row)
            if min(after.values()) >= 0:
                truth.after = {p: n for p, n in after.items() if n}
                truth.after_total = truth.before.total
                truth.after_basis = "formula"
                truth.change_election = {
                    p: won_row[p] - defended_row[p] for p in set(won_row) | set(defended_row)
                }
                fine: Counter[str] = Counter()
                for ward in truth.wards.values():
                    fine.update(ward.defended or {})
                if not fine[ANYOTHER]:
                    truth.change_local = {
                        p: truth.won[p] - fine[p] for p in set(truth.won) | set(fine)
                    }
            else:
                truth.unknown["after"] = "before minus defended plus won goes below zero"
        row = truth.after_row
        if truth.after is None and row is not None and row.total and not truth.void_wards:
            consistent = all(row.seats.get(p, 0) >= n for p, n in won_row.items())
            if consistent and sum(row.seats.values()) == row.total:
                truth.after = {p: n for p, n in row.seats.items() if n}
                truth.after_total = row.total
                truth.after_basis = "snapshot"
            else:
                truth.unknown["after"] = "the snapshot after the poll contradicts the results"
        elif truth.after is None:
            truth.unknown.setdefault("after", "part of the council up and defenders not known")
    if truth.after is not None and truth.before is not None:
        after_row_space: Counter[str] = Counter()
        for p, n in truth.after.items():
            after_row_space[row_space(p)] += n
        truth.change_year = {
            p: after_row_space[p] - truth.before.seats.get(p, 0)
            for p in set(after_row_space) | set(truth.before.seats)
        }
    if truth.all_out and truth.boundaries == "same" and truth.after is not None:
        defended: Counter[str] = Counter()
        complete = True
        for ward in truth.wards.values():
            if ward.defended is None:
                complete = False
                break
            for p, n in ward.defended.items():
                defended[IND if p == ANYOTHER else p] += n
        if complete:
            truth.change_election = {
                p: truth.won[p] - defended[p] for p in set(truth.won) | set(defended)
            }
    if truth.all_out and truth.after is not None and truth.change_election is None:
        truth.change_election = _all_out_change(truth)


def _all_out_change(truth: CouncilTruth) -> dict[str, int] | None:
    """Won minus defended at an all-out poll, from the whole councillor list.

    Every seat was up, so every sitting councillor defended one, wherever the ward lines now
    run: the seats defended by party are the list's councillors by party, however the wards
    were redrawn. Only where the list is the whole council (as many councillors as the
    composition of the year before has seats: no vacancy hides a defender), and some of its
    councillors were due on polling day (not a new council's first poll, measured against a
    predecessor whose councillors did not stand down that day). The list's
    'Independent / Other' may be a local group's councillor, so where a local party won,
    or a listed local party cannot be told in the results' terms, independents and local
    groups are compared together as OTHER.
    """
    listed = truth.councillors or []
    if not listed or truth.before is None or truth.before.total != len(listed):
        return None
    if not any(c.next_election == truth.council.polling_day for c in listed):
        return None
    defended: Counter[str] = Counter()
    lumped = any(is_local(p) for p in truth.won)
    for c in listed:
        if c.party == ANYOTHER:
            defended[IND] += 1
            continue
        key = c.party
        if is_local(key):
            matches = {o for o in truth.labels if same_local(key, o, truth.council.party_names)}
            if len(matches) != 1:
                lumped = True
            else:
                key = matches.pop()
        defended[key] += 1
    won: Counter[str] = Counter(truth.won)
    if lumped:
        won = Counter()
        for p, n in truth.won.items():
            won[row_space(p)] += n
        regrouped: Counter[str] = Counter()
        for p, n in defended.items():
            regrouped[row_space(p)] += n
        defended = regrouped
    return {p: won[p] - defended[p] for p in set(won) | set(defended)}


def control_of(seats: dict[str, int], total: int, space: str) -> str | None:
    """Who controls a council of these seats: a party key, 'NOC', or None (not known).

    More than half of the council's own total; independents are not a party; in the
    compositions' space a majority of 'other' may be a local group, so it is not known.
    """
    for p, n in seats.items():
        if 2 * n > total:
            if p in (IND, ANYOTHER):
                return "NOC"
            if p == OTHER:
                return None
            return p
    if space == "row":
        return "NOC"
    return "NOC"


def _control(truth: CouncilTruth) -> None:
    if truth.before is not None and truth.before.total:
        truth.control_before = control_of(truth.before.seats, truth.before.total, "row")
    if truth.after is not None and truth.after_total:
        truth.control_after = control_of(truth.after, truth.after_total, truth.after_space)


def _defeats(truth: CouncilTruth) -> None:
    """Sitting councillors who stood and lost: the results' incumbent flag, and the list's
    councillors up on polling day matched to a losing candidate (in their own ward, or
    elsewhere in the council when the names agree beyond doubt)."""
    day = truth.council.polling_day
    up = [c for c in truth.councillors or [] if c.next_election == day]
    flagged = any(c.incumbent is not None for w in truth.wards.values() for c in w.ward.candidates)
    if not up and not flagged:
        return
    candidates = [(w, c) for w in truth.wards.values() for c in w.ward.candidates]
    parsed = {id(c): parse_person(c.name) for _, c in candidates}
    certain: dict[int, Defeat] = {}
    doubtful: set[int] = set()
    for ward, cand in candidates:
        if cand.incumbent and not cand.elected and not ward.void:
            certain[id(cand)] = Defeat(None, cand, ward)
    for councillor in up:
        person = parse_person(councillor.name)
        home = ward_key(councillor.ward)
        here = [
            (w, c)
            for w, c in candidates
            if w.listed_key == home and persons_match(person, parsed[id(c)])
        ]
        elsewhere = [
            (w, c)
            for w, c in candidates
            if w.listed_key != home and strict_match(councillor.name, c.name)
        ]
        loose = [
            (w, c)
            for w, c in candidates
            if w.listed_key != home and persons_match(person, parsed[id(c)])
        ]
        for w, c in loose:
            # a councillor found in their own ward is not a namesake elsewhere; a loose match
            # (an initial) in another ward standing for another party (not as an independent:
            # councillors who leave their party often stand as one) is someone else
            if here or c.elected:
                continue
            switched = c.party != IND and not _same_side(councillor.party, c.party, w, truth)
            if strict_match(councillor.name, c.name) or not switched:
                truth.doubtful_defeats.setdefault(id(c), []).append(councillor)
        found = here if here else elsewhere
        # elsewhere in the council only one candidate of that name, and one councillor
        # and their own ward gone from the results (redrawn or renamed): had it been fought,
        # a namesake elsewhere could be someone else
        namesakes = [o for o in up if strict_match(o.name, councillor.name)]
        home_fought = any(w.listed_key == home for w in truth.wards.values())
        # or their ward fought without them and they stood elsewhere for the party the list
        # gives them (a councillor moving ward): one person of that full name in the list
        # and among the candidates, of one party
        moved = (
            len(found) == 1
            and not here
            and home_fought
            and len(namesakes) == 1
            and _same_side(councillor.party, found[0][1].party, found[0][0], truth)
        )
        sure = len(found) == 1 and (
            bool(here) or (len(namesakes) == 1 and not home_fought) or moved
        )
        for ward, cand in found:
            if cand.elected or ward.void:
                continue
            if sure:
                certain[id(cand)] = Defeat(councillor, cand, ward)
            else:
                doubtful.add(id(cand))
    truth.defeats = list(certain.values())
    extra = len((doubtful | set(truth.doubtful_defeats)) - set(certain))
    truth.defeated_count = Flow(len(certain), len(certain) + extra)


def _same_side(listed: str, stood: str, ward: WardTruth, truth: CouncilTruth) -> bool:
    """Whether a list's party and a candidate's party can be one: the same party, or the
    list's 'Independent / Other' for an independent or a local party."""
    if listed == ANYOTHER:
        return stood == IND or is_local(stood)
    return _defender_party(listed, ward, truth) == stood


def _turnout(truth: CouncilTruth) -> None:
    electorate = 0
    lows = 0.0
    highs = 0.0
    for ward in truth.wards.values():
        if not ward.contested or not ward.ward.electorate or ward.void:
            continue
        if not ward.turnout_options:
            return
        electorate += ward.ward.electorate
        lows += min(ward.turnout_options) * ward.ward.electorate
        highs += max(ward.turnout_options) * ward.ward.electorate
    if electorate:
        options = sorted({lows / electorate, highs / electorate})
        truth.turnout_options = tuple(options)
        truth.turnout = options[0] if len(options) == 1 else None


def _snapshot_alternative(truth: CouncilTruth) -> None:
    row = truth.after_row
    if truth.after_basis != "formula" or row is None or not row.total or truth.after is None:
        return
    snapshot = {p: n for p, n in row.seats.items() if n}
    if snapshot == truth.after and row.total == truth.after_total:
        return
    alt = replace(
        truth,
        after=snapshot,
        after_total=row.total,
        after_basis="snapshot",
        alternative=None,
        unknown=dict(truth.unknown),
    )
    if truth.before is not None:
        alt.change_year = {
            p: snapshot.get(p, 0) - truth.before.seats.get(p, 0)
            for p in set(snapshot) | set(truth.before.seats)
        }
    alt.change_election = None
    _control(alt)
    truth.alternative = alt


def polling_day_ok(day: dt.date) -> bool:
    """Whether a polling day is a Thursday."""
    return day.weekday() == 3
