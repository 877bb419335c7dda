"""The prose checker: every claim of a draft's sentences read with regular expressions and
compared with what the rows establish (derive.py).

Each pattern reads one shape of sentence the drafts use; its handler checks every party, ward,
person, number and relation in it. A sentence no pattern reads is reported as unparsed, and so
is any number a handler did not account for.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from .derive import CouncilTruth, WardTruth, control_of, row_space, ward_flow
from .findings import OK, UNDERIVED, UNPARSED, WRONG, Sentence
from .lexicon import NUMBER, Lexicon, number, segment
from .names import fold, parse_person, persons_match
from .parties import IND, NATIONAL, OTHER, is_local
from .readers import Candidate

N = NUMBER
# house thresholds for evaluative words about turnout, as the rules document them (per cent)
LOW_TURNOUT = 35
HIGH_TURNOUT = 50

Handler = Callable[["Ctx", re.Match[str]], None]


@dataclass
class Ctx:
    """What a handler needs: the rows' truth, the council's names, the sentence being read."""

    truth: CouncilTruth
    lex: Lexicon
    s: Sentence

    # --- small helpers ----------------------------------------------------------------------

    def party(self, text: str, what: str = "party") -> str | None:
        """Resolve a party name, reporting it as unparsed when it names no party here."""
        key = self.lex.party(text)
        if key is None:
            self.s.add(UNPARSED, "party name", f"{what} {text!r}", "names no party of these rows")
        return key

    def party_poss(self, text: str) -> str | None:
        """Resolve a possessive party name ('Labour's')."""
        key = self.lex.party_possessive(text)
        if key is None:
            self.s.add(UNPARSED, "party name", f"possessive {text!r}", "names no party")
        return key

    def parties(self, text: str) -> list[str] | None:
        """Resolve a list of parties."""
        keys = self.lex.parties(text)
        if keys is None:
            self.s.add(
                UNPARSED, "party name", f"parties {text!r}", "names no parties of these rows"
            )
        return keys

    def ward(self, text: str) -> WardTruth | None:
        """Resolve a ward name, reporting a name that is no ward of the council."""
        ward = self.lex.ward(text)
        if ward is None:
            self.s.add(WRONG, "ward name", f"ward {text!r}", "no such ward in the results")
        return ward

    def wards(self, text: str) -> list[WardTruth] | None:
        """Resolve a list of wards."""
        wards = self.lex.ward_list(text)
        if wards is None:
            self.s.add(WRONG, "ward name", f"wards {text!r}", "not wards of the results")
        return wards

    def council(self, text: str) -> None:
        """Check a council's name."""
        if not self.lex.is_council(text):
            self.s.add(
                WRONG,
                "council",
                f"council {text!r}",
                f"the draft is about {self.truth.council.name}",
            )

    def name(self, party: str | None) -> str:
        """A party key for messages."""
        if party is None:
            return "?"
        if is_local(party):
            labels = self.truth.labels.get(party)
            return sorted(labels)[0] if labels else party[2:]
        return {"NOC": "no overall control", OTHER: "others"}.get(party, party)

    # --- composition -------------------------------------------------------------------------

    def seats_after(self, party: str, named: set[str]) -> tuple[int | None, str]:
        """A party's seats after the poll, with why when the rows cannot say."""
        t = self.truth
        if t.after is None:
            return None, t.unknown.get("after", "composition after not known")
        if party == OTHER:
            if t.after_space == "fine":
                return sum(n for p, n in t.after.items() if p not in named), ""
            if named & ({IND} | {p for p in named if is_local(p)}):
                return None, "independents and local groups are not told apart in the compositions"
            return t.after.get(OTHER, 0), ""
        if t.after_space == "row" and party not in NATIONAL:
            return None, "the compositions count independents and local groups together as other"
        return t.after.get(party, 0), ""

    def check_seats(
        self, party: str | None, stated: int | None, named: set[str], *groups: str
    ) -> None:
        """A party's seats after the poll."""
        if party is None or stated is None:
            return
        truth, why = self.seats_after(party, named)
        basis = self.truth.after_basis or ""
        self.s.expect(
            "composition",
            f"{self.name(party)} {stated} seats",
            stated,
            truth,
            why or basis,
            *groups,
        )

    def check_total(self, stated: int | None, *groups: str) -> None:
        """The council's size after the poll."""
        if stated is None:
            return
        self.s.expect(
            "composition",
            f"{stated} seats in all",
            stated,
            self.truth.after_total,
            self.truth.unknown.get("after", ""),
            *groups,
        )

    def check_leading(self, party: str | None, *groups: str) -> None:
        """The party named first holds the most seats."""
        t = self.truth
        if party is None:
            return
        if t.after is None:
            self.s.add(
                UNDERIVED,
                "composition",
                f"{self.name(party)} largest",
                "composition not known",
                *groups,
            )
            return
        # 'others' are no party: the first named holds at least as many as any party
        top = max((n for p, n in t.after.items() if p != OTHER), default=0)
        mine, _ = self.seats_after(party, set())
        if mine is None:
            self.s.add(
                UNDERIVED,
                "composition",
                f"{self.name(party)} largest",
                "its seats are not known",
                *groups,
            )
        elif mine == top:
            self.s.add(OK, "composition", f"{self.name(party)} largest", f"{mine}", *groups)
        else:
            self.s.add(
                WRONG,
                "composition",
                f"{self.name(party)} largest",
                f"{mine} against {top}",
                *groups,
            )

    def largest_parties(self) -> tuple[set[str] | None, str]:
        """The largest party or parties after the poll (independents are not a party)."""
        t = self.truth
        if t.after is None:
            return None, "composition not known"
        parties = {p: n for p, n in t.after.items() if p not in (IND, OTHER)}
        if not parties:
            return None, "no party holds seats"
        top = max(parties.values())
        if t.after_space == "row" and t.after.get(OTHER, 0) >= top:
            return None, "others (local groups among them) may be larger"
        return {p for p, n in parties.items() if n == top}, ""

    def check_largest(self, stated: list[str] | None, *groups: str) -> None:
        """'with P the largest party'."""
        if stated is None:
            return
        truth, why = self.largest_parties()
        names = " and ".join(self.name(p) for p in stated)
        if truth is None:
            self.s.add(UNDERIVED, "control", f"{names} largest party", why, *groups)
        elif set(stated) == truth:
            self.s.add(OK, "control", f"{names} largest party", "", *groups)
        else:
            self.s.add(
                WRONG,
                "control",
                f"{names} largest party",
                "largest: " + ", ".join(self.name(p) for p in sorted(truth)),
                *groups,
            )

    def change(self, party: str, year: bool) -> tuple[int | None, str]:
        """A party's net change: this election's (won minus defended), or on the year's row."""
        t = self.truth
        table = t.change_year if year else t.change_election
        if table is None:
            if not year and t.change_year is not None:
                return None, "defenders not known for every seat: no net change for the election"
            return None, t.unknown.get("after") or t.unknown.get("before") or "no baseline"
        if party in table:
            return table[party], ""
        if party in NATIONAL:
            return 0, ""
        if party == OTHER and OTHER in table:
            return table[OTHER], ""
        if set(table) <= set(NATIONAL) | {OTHER}:
            return None, "independents and local groups are counted together as other"
        return 0, ""

    def check_change(self, party: str | None, stated: int | None, year: bool, *groups: str) -> None:
        """A net change ('up three', 'a net loss of seven', 'N more seats than a year ago')."""
        if party is None or stated is None:
            return
        truth, why = self.change(party, year)
        baseline = (
            "on the previous year's composition" if year else "this election (won minus defended)"
        )
        if truth is not None and truth != stated and not year:
            other, _ = self.change(party, True)
            if other == stated:
                why = "that is the change on the previous year's composition, not said as such"
        self.s.expect(
            "net change",
            f"{self.name(party)} change {stated:+d} ({baseline})",
            stated,
            truth,
            why,
            *groups,
        )

    # --- control -----------------------------------------------------------------------------

    def check_control(
        self, claim: str, before: set[str] | None, after: set[str] | None, *groups: str
    ) -> None:
        """A control claim: who (or NOC) before and after; a set holds what may be true."""
        t = self.truth
        verdicts = []
        for when, expected, actual, why in (
            (
                "before",
                before,
                t.control_before,
                t.unknown.get("before") or "the previous row may hide a local group's majority",
            ),
            (
                "after",
                after,
                t.control_after,
                t.unknown.get("after") or "others may hide a local group's majority",
            ),
        ):
            if expected is None:
                continue
            if actual is None:
                verdicts.append((UNDERIVED, f"control {when} not known: {why}"))
            elif actual in expected:
                verdicts.append((OK, f"{when}: {self.name(actual)}"))
            else:
                verdicts.append((WRONG, f"{when} the poll: {self.name(actual)}"))
        if not verdicts:
            return
        for verdict in (WRONG, UNDERIVED, OK):
            reasons = [r for v, r in verdicts if v == verdict]
            if reasons:
                self.s.add(verdict, "control", claim, "; ".join(r for _, r in verdicts), *groups)
                return

    def not_party(self, party: str) -> set[str]:
        """Every control state but one party's."""
        states = {"NOC", *NATIONAL, *(p for p in self.truth.labels if is_local(p))}
        if self.truth.before is not None:
            states |= set(self.truth.before.seats)
        return states - {party}

    # --- gains -------------------------------------------------------------------------------

    def check_ward_gain(
        self, gainer: str, ward: WardTruth, count: int | None, losers: list[str] | None, form: str
    ) -> None:
        """'P took W', 'a seat in W', 'two seats in W' (from the losers, when named)."""
        claim = f"{self.name(gainer)} gained {form} {ward.name}".replace("  ", " ")
        if losers:
            claim += " from " + " and ".join(self.name(q) for q in losers)
        if ward.void:
            self.s.add(UNDERIVED, "gain", claim, f"{ward.name}: {ward.void}")
            return
        if not ward.options:
            why = self.truth.unknown.get("defenders") or ward.defenders_why or "defenders not known"
            self.s.add(UNDERIVED, "gain", claim, why)
            return
        rows = _ward_story(self, ward)
        # a bare ward name claims every seat up there
        want = count if count is not None else ward.seats

        def reading(gains: dict[str, int], losses: dict[str, int]) -> bool | None:
            g = gains.get(gainer, 0)
            if g != want:
                return False
            if not losers:
                return True
            if any(not losses.get(q) for q in losers):
                return False
            named = sum(losses.get(q, 0) for q in losers)
            total = sum(losses.values())
            if max(0, g - (total - named)) >= want:
                return True
            return None if min(g, named) >= want else False

        verdicts = [reading(gains, losses) for gains, losses in ward.options]
        if all(v is True for v in verdicts):
            self.s.add(OK, "gain", claim, rows)
        elif all(v is False for v in verdicts):
            self.s.add(WRONG, "gain", claim, rows)
        else:
            why = (
                "who lost to whom is not certain"
                if ward.defended is not None
                else (f"{ward.unknown_seats} seat(s) with no defender in the list")
            )
            self.s.add(UNDERIVED, "gain", claim, f"{why}: {rows}")

    def check_flow(
        self, gainer: str, loser: str, stated: int, at_least: bool, *groups: str
    ) -> None:
        """'P took N seats from Q' (or 'at least N from Q'), summed over the wards."""
        least = "at least " if at_least else ""
        claim = f"{self.name(gainer)} took {least}{stated} from {self.name(loser)}"
        low = high = 0
        for ward in self.truth.wards.values():
            flow = ward_flow(ward, gainer, [loser])
            if flow is None:
                high += ward.seats if ward.void else ward.won[gainer]
                continue
            low += flow.low
            high += flow.high
        rows = f"between {low} and {high}" if low != high else f"{low}"
        if at_least:
            if stated <= low:
                self.s.add(OK, "gain", claim, rows, *groups)
            elif stated <= high:
                self.s.add(UNDERIVED, "gain", claim, rows, *groups)
            else:
                self.s.add(WRONG, "gain", claim, rows, *groups)
            return
        if low == high == stated:
            self.s.add(OK, "gain", claim, rows, *groups)
        elif low <= stated <= high:
            self.s.add(UNDERIVED, "gain", claim, rows, *groups)
        else:
            self.s.add(WRONG, "gain", claim, rows, *groups)

    def check_gain_total(self, gainer: str, stated: int, *groups: str) -> None:
        """'P made N gains'."""
        flow = self.truth.gains.get(gainer)
        claim = f"{self.name(gainer)} made {stated} gains"
        if flow is None:
            self.s.add(WRONG, "gain", claim, "no gains", *groups)
        elif flow.low == flow.high:
            self.s.expect("gain", claim, stated, flow.low, "", *groups)
        elif flow.low <= stated <= flow.high:
            why = self.truth.unknown.get("defenders") or "defenders not known in every ward"
            self.s.add(
                UNDERIVED, "gain", claim, f"between {flow.low} and {flow.high}: {why}", *groups
            )
        else:
            self.s.add(WRONG, "gain", claim, f"between {flow.low} and {flow.high}", *groups)

    # --- people ------------------------------------------------------------------------------

    def person(
        self, text: str, ward: WardTruth | None, party: str | None, elected: bool | None, role: str
    ) -> Candidate | None:
        """A named candidate: in the ward, of the party, elected or not as said."""
        found = self.lex.candidate(text, ward)
        claim = f"{role} {text}" + (f" in {ward.name}" if ward else "")
        if not found:
            found = self.lex.candidate(text, ward, alternative=True)
            if found:
                self.s.add(
                    UNDERIVED,
                    "person",
                    claim,
                    "the source's name fields disagree: "
                    f"'{found[0].name}' and '{found[0].alt_name}'",
                )
        listed = False
        if not found:
            found = self.lex.candidate(text, ward, listed=True)
            listed = bool(found)
        if not found:
            self.s.add(
                WRONG, "person", claim, "no such candidate" + (f" in {ward.name}" if ward else "")
            )
            return None
        if len(found) > 1:
            exact = [c for c in found if fold(c.name) == fold(text)]
            found = exact if len(exact) == 1 else found
        if len(found) > 1:
            self.s.add(UNDERIVED, "person", claim, "more than one candidate of that name")
            return None
        cand = found[0]
        problems = []
        if party is not None and cand.party != party:
            problems.append(f"{cand.name} stood for {cand.label}")
        if elected is not None and cand.elected != elected:
            problems.append(f"{cand.name} was {'elected' if cand.elected else 'not elected'}")
        if problems:
            self.s.add(WRONG, "person", claim, "; ".join(problems))
        else:
            also = ", named as the councillor list names them" if listed else ""
            self.s.add(OK, "person", claim, f"{cand.name} ({cand.label}){also}")
        return cand


def _ward_story(ctx: Ctx, ward: WardTruth) -> str:
    won = ", ".join(f"{ctx.name(p)} {n}" for p, n in sorted(ward.won.items()))
    known = ward.defended if ward.defended is not None else ward.partial
    defended = ", ".join(f"{ctx.name(p)} {n}" for p, n in sorted((known or {}).items()))
    if ward.defended is None and ward.partial is not None:
        defended += f", {ward.unknown_seats} not in the list"
    return f"{ward.name}: won {won}; defended {defended or 'not known'}"


# --- patterns --------------------------------------------------------------------------------

PATTERNS: list[tuple[str, re.Pattern[str], Handler]] = []


def pattern(kind: str, regex: str) -> Callable[[Handler], Handler]:
    """Register a sentence pattern and its handler."""

    def register(handler: Handler) -> Handler:
        PATTERNS.append((kind, re.compile(regex), handler))
        return handler

    return register


def num(m: re.Match[str], group: str) -> int | None:
    """A number group of a match."""
    text = m.group(group)
    return number(text) if text is not None else None


# headlines ----------------------------------------------------------------------------------


@pattern("headline", r"^(?P<p>.+?) takes? control of (?P<c>.+)$")
def _h_takes(ctx: Ctx, m: re.Match[str]) -> None:
    p = ctx.party(m["p"])
    ctx.council(m["c"])
    if p:
        ctx.check_control(f"{ctx.name(p)} takes control", ctx.not_party(p), {p})


@pattern("headline", r"^(?P<p>.+?) keeps? control of (?P<c>.+)$")
def _h_keeps(ctx: Ctx, m: re.Match[str]) -> None:
    p = ctx.party(m["p"])
    ctx.council(m["c"])
    if p:
        ctx.check_control(f"{ctx.name(p)} keeps control", {p}, {p})


@pattern("headline", r"^(?P<p>.+?) (?:tightens?|strengthens?) (?:grip|hold) on (?P<c>.+)$")
def _h_tightens(ctx: Ctx, m: re.Match[str]) -> None:
    p = ctx.party(m["p"])
    ctx.council(m["c"])
    if p:
        ctx.check_control(f"{ctx.name(p)} keeps control", {p}, {p})
        change, why = ctx.change(p, False)
        _sign(ctx, p, change, why, +1)


@pattern("headline", r"^(?P<p>.+?) holds? (?P<c>.+) despite losses$")
def _h_despite(ctx: Ctx, m: re.Match[str]) -> None:
    p = ctx.party(m["p"])
    ctx.council(m["c"])
    if p:
        ctx.check_control(f"{ctx.name(p)} keeps control", {p}, {p})
        change, why = ctx.change(p, False)
        _sign(ctx, p, change, why, -1)


def _sign(ctx: Ctx, p: str, change: int | None, why: str, sign: int) -> None:
    claim = f"{ctx.name(p)} {'up' if sign > 0 else 'down'} on the election"
    if change is None:
        ctx.s.add(UNDERIVED, "net change", claim, why)
    elif change * sign > 0:
        ctx.s.add(OK, "net change", claim, f"{change:+d}")
    else:
        ctx.s.add(WRONG, "net change", claim, f"net change {change:+d}")


@pattern("headline", r"^(?P<p>.+?) in control of (?P<c>.+)$")
def _h_in_control(ctx: Ctx, m: re.Match[str]) -> None:
    p = ctx.party(m["p"])
    ctx.council(m["c"])
    if p:
        ctx.check_control(f"{ctx.name(p)} in control", None, {p})


@pattern("headline", r"^(?P<p>.+?) loses? control of (?P<c>.+)$")
def _h_loses(ctx: Ctx, m: re.Match[str]) -> None:
    p = ctx.party(m["p"])
    ctx.council(m["c"])
    if p:
        ctx.check_control(f"{ctx.name(p)} loses control", {p}, ctx.not_party(p))


@pattern("headline", r"^No overall control in (?P<c>.+)$")
def _h_noc(ctx: Ctx, m: re.Match[str]) -> None:
    ctx.council(m["c"])
    ctx.check_control("no overall control", None, {"NOC"})


@pattern("headline", r"^(?P<c>.+) election results$")
def _h_plain(ctx: Ctx, m: re.Match[str]) -> None:
    ctx.council(m["c"])


@pattern("headline", r"^(?P<p>.+?) (?P<v>gains?|wins?) (?P<w>.+) by-election$")
def _h_by(ctx: Ctx, m: re.Match[str]) -> None:
    p = ctx.party(m["p"])
    ward = ctx.ward(m["w"])
    if p and ward:
        _check_winner(ctx, ward, p)
        if m["v"].startswith("gain"):
            _by_gain(ctx, ward, p, None)


@pattern("headline", r"^(?P<p>.+?) makes? gains in (?P<c>.+)$")
def _h_gains(ctx: Ctx, m: re.Match[str]) -> None:
    """'P makes gains in C': at least one seat taken."""
    p = ctx.party(m["p"])
    ctx.council(m["c"])
    if p:
        _made_gains(ctx, p)


def _made_gains(ctx: Ctx, p: str) -> None:
    flow = ctx.truth.gains.get(p)
    claim = f"{ctx.name(p)} made gains"
    if flow is None or flow.high == 0:
        ctx.s.add(WRONG, "gain", claim, "no gains")
    elif flow.low >= 1:
        ctx.s.add(OK, "gain", claim, f"{flow.low}" if flow.low == flow.high else f"{flow.low}+")
    else:
        ctx.s.add(UNDERIVED, "gain", claim, f"between {flow.low} and {flow.high}")


@pattern("headline", r"^No seats? changes? hands in (?P<c>.+)$")
def _h_nochange(ctx: Ctx, m: re.Match[str]) -> None:
    _l_nochange(ctx, m)


@pattern("headline", r"^(?P<p>.+?) secures? control of (?P<c>.+)$")
def _h_secures(ctx: Ctx, m: re.Match[str]) -> None:
    ctx.s.add(WRONG, "count state", "told as mid-count", "the results file is a final count")


@pattern("headline", r"^(?P<c>.+) count: (?P<a>" + N + r") of (?P<b>" + N + r") wards declared$")
def _h_count(ctx: Ctx, m: re.Match[str]) -> None:
    ctx.s.add(
        WRONG, "count state", "told as mid-count", "the results file is a final count", "a", "b"
    )


# standfirst ---------------------------------------------------------------------------------

DATE = (
    r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) (?P<d>\d{1,2}) "
    r"(?P<mo>[A-Z][a-z]+) (?P<y>\d{4})"
)


def _date(ctx: Ctx, m: re.Match[str]) -> None:
    _date_of(ctx, {k: m[k] for k in ("wd", "d", "mo", "y")}, m.group(0))


def _date_of(ctx: Ctx, g: dict[str, str], text: str) -> None:
    """A polling day as a sentence writes it ('Thursday 5 May 2016'); its figures are read."""
    day = ctx.truth.council.polling_day
    try:
        stated = dt.datetime.strptime(f"{g['d']} {g['mo']} {g['y']}", "%d %B %Y").date()
    except ValueError:
        ctx.s.add(UNPARSED, "date", text, "not a date")
        return
    if stated != day:
        ctx.s.add(WRONG, "date", f"polling day {stated}", f"polling day {day}")
    elif stated.strftime("%A") != g["wd"]:
        ctx.s.add(WRONG, "date", f"{g['wd']} {stated}", f"{stated:%A}")
    else:
        ctx.s.add(OK, "date", f"{g['wd']} {stated}", "")
    written = f"{g['d']} {g['mo']} {g['y']}"
    at = ctx.s.text.find(written)
    if at >= 0:
        ctx.s.covered.append((at, at + len(written)))


def _seat_list(ctx: Ctx, text: str, offset: int, lead: str | None) -> None:
    """'the Conservatives on 11, the Liberal Democrats on six and others on two'."""

    changes: list[tuple[str, int]] = []

    def item(chunk: str) -> list[tuple[str, int]] | None:
        mm = re.fullmatch(r"(.+) on (" + N + r")( each)?(?: \((up|down) (" + N + r")\))?", chunk)
        if not mm:
            return None
        value = number(mm[2])
        if value is None:
            return None
        if mm[3]:
            keys = ctx.lex.several(mm[1])
            return [(k, value) for k in keys] if keys and len(keys) > 1 else None
        key = ctx.lex.party(mm[1])
        if key is not None and mm[4]:
            change = number(mm[5]) or 0
            changes.append((key, change if mm[4] == "up" else -change))
        return [(key, value)] if key is not None else None

    groups = segment(text, item)
    if groups is None:
        ctx.s.add(UNPARSED, "composition", f"seat list {text!r}", "could not read")
        return
    items = [x for group in groups for x in group]
    named = {p for p, _ in items} | ({lead} if lead else set())
    for p, n in items:
        ctx.check_seats(p, n, named)
    for p, change in changes:
        ctx.check_change(p, change, False)
    ctx.s.covered.append((offset, offset + len(text)))


@pattern(
    "standfirst",
    r"^(?P<p>.+?) (?:holds?|has|have) (?P<n>"
    + N
    + r") of the (?P<t>"
    + N
    + r") seats after the elections on "
    + DATE
    + r"(?:, with (?P<rest>.+))?\.$",
)
def _sf1(ctx: Ctx, m: re.Match[str]) -> None:
    _standfirst(ctx, m)


@pattern(
    "standfirst",
    r"^After the elections on "
    + DATE
    + r", (?P<p>.+?) (?:has|have) (?P<n>"
    + N
    + r") of the council's (?P<t>"
    + N
    + r") seats(?:, with (?P<rest>.+))?\.$",
)
def _sf2(ctx: Ctx, m: re.Match[str]) -> None:
    _standfirst(ctx, m)


def _standfirst(ctx: Ctx, m: re.Match[str]) -> None:
    _date(ctx, m)
    p = ctx.party(m["p"])
    named = {p} if p else set()
    rest_parties: set[str] = set()
    if m["rest"]:
        found = ctx.lex.parties(", ".join(re.findall(r"(?:^|, | and )(.+?) on " + N, m["rest"])))
        rest_parties = set(found or [])
    ctx.check_seats(p, num(m, "n"), named | rest_parties, "n")
    ctx.check_total(num(m, "t"), "t")
    ctx.check_leading(p)
    if m["rest"]:
        _seat_list(ctx, m["rest"], m.start("rest"), p)


@pattern(
    "standfirst",
    r"^(?:Voters went to the polls on "
    + DATE
    + r" to fill|Elections on "
    + DATE.replace("?P<", "?P<e")
    + r" filled) (?:(?P<all>all) (?P<n>"
    + N
    + r")|(?P<k>"
    + N
    + r") of the (?P<t>"
    + N
    + r"))"
    r" seats on (?P<c>.+?) council\.$",
)
def _sf_seats_up(ctx: Ctx, m: re.Match[str]) -> None:
    """The seats up on the day and the council's size."""
    if m["ed"] is not None:
        groups = {k: m[f"e{k}"] for k in ("wd", "d", "mo", "y")}
        _date_of(ctx, groups, m.group(0))
    else:
        _date(ctx, m)
    ctx.council(m["c"])
    t = ctx.truth
    up = sum(w.seats for w in t.wards.values())
    size = t.after_total or (t.before.total if t.before is not None else None)
    why = t.unknown.get("after", "") or "no composition row"
    if m["all"]:
        stated = num(m, "n")
        ctx.s.expect("seats up", f"all {stated} seats up", stated, up, "seats in the results", "n")
        ctx.s.expect("seats up", "every seat up", True, t.all_out, why)
    else:
        stated = num(m, "k")
        ctx.s.expect("seats up", f"{stated} seats up", stated, up, "seats in the results", "k")
        ctx.s.expect("composition", f"{num(m, 't')} seats in all", num(m, "t"), size, why, "t")


@pattern("standfirst", r"^Turnout in the elections on " + DATE + r" was (?P<x>\d+) per cent\.$")
def _sf_turnout(ctx: Ctx, m: re.Match[str]) -> None:
    _date(ctx, m)
    _council_turnout(ctx, int(m["x"]), False, "x")


# lead ---------------------------------------------------------------------------------------

GL = r"(?P<gl>.+)"


def _gain_list(ctx: Ctx, gainer: str | None, text: str | None, offset: int) -> None:
    """'Weoley from the Conservatives and a seat in Springfield from the Liberal Democrats'."""
    if text is None or gainer is None:
        return
    groups = parse_gain_list(ctx.lex, text)
    if groups is None:
        ctx.s.add(UNPARSED, "gain", f"gain list {text!r}", "could not read")
        return
    for items, losers in groups:
        for ward, count, form in items:
            ctx.check_ward_gain(gainer, ward, count, losers or None, form)
    ctx.s.covered.append((offset, offset + len(text)))


def parse_gain_list(
    lex: Lexicon, text: str
) -> list[tuple[list[tuple[WardTruth, int | None, str]], list[str]]] | None:
    """Read a list of gains into groups of (ward, seats, form) items and the parties they came
    from; the last group may name nobody."""

    def item(chunk: str) -> tuple[WardTruth, int | None, str] | None:
        mm = re.fullmatch(r"a seat in (.+)", chunk)
        if mm:
            ward = lex.ward(mm[1])
            return (ward, 1, "a seat in") if ward else None
        mm = re.fullmatch(r"(" + N + r") seats in (.+)", chunk)
        if mm:
            ward = lex.ward(mm[2])
            n = number(mm[1])
            return (ward, n, f"{n} seats in") if ward and n else None
        ward = lex.ward(chunk)
        return (ward, None, "") if ward else None

    parts = text.split(" from ")
    first = segment(parts[0], item)
    if first is None:
        return None
    groups: list[tuple[list[tuple[WardTruth, int | None, str]], list[str]]] = []
    pending = first
    for index, part in enumerate(parts[1:], start=1):
        last = index == len(parts) - 1
        split = _split_losers(lex, part, item, last)
        if split is None:
            return None
        losers, following = split
        groups.append((pending, losers))
        pending = following
    if pending:
        groups.append((pending, []))
    return groups


def _split_losers(
    lex: Lexicon,
    part: str,
    item: Callable[[str], tuple[WardTruth, int | None, str] | None],
    last: bool,
) -> tuple[list[str], list[tuple[WardTruth, int | None, str]]] | None:
    if last:
        whole = lex.parties(part)
        if whole is not None:
            return whole, []
    for sep in re.finditer(r", and |, | and ", part):
        head, tail = part[: sep.start()], part[sep.end() :]
        losers = lex.parties(head)
        if losers is None:
            continue
        following = segment(tail, item)
        if following is not None:
            return losers, following
    return None


@pattern(
    "lead",
    r"^(?P<p>.+?) took control of (?P<c>.+?)(?: from (?P<q>[^,]+?))?(?:, gaining (?P<n>"
    + N
    + r") seats?)?(?: including "
    + GL
    + r")?\.$",
)
def _l_took(ctx: Ctx, m: re.Match[str]) -> None:
    # 'from Q' may belong to the council name when no Q party resolves
    p = ctx.party(m["p"])
    ctx.council(m["c"])
    q = ctx.party(m["q"]) if m["q"] else None
    if p:
        ctx.check_control(
            f"{ctx.name(p)} took control" + (f" from {ctx.name(q)}" if q else ""),
            {q} if q else ctx.not_party(p),
            {p},
        )
        ctx.check_change(p, num(m, "n"), False, "n")
        _gain_list(ctx, p, m["gl"], m.start("gl") if m["gl"] else 0)


@pattern(
    "lead",
    r"^(?P<p>.+?) (?:tightened (?:its|their) grip on (?P<c>.+?), ending the night (?P<n>"
    + N
    + r") seats? up(?:, after taking "
    + GL
    + r")?|strengthened (?:its|their) hold on (?P<c2>.+?), "
    r"finishing (?P<n2>" + N + r") seats? up(?:, having taken (?P<gl2>.+))?)\.$",
)
def _l_tightened(ctx: Ctx, m: re.Match[str]) -> None:
    p = ctx.party(m["p"])
    ctx.council(m["c"] or m["c2"])
    if p:
        ctx.check_control(f"{ctx.name(p)} kept control", {p}, {p})
        group = "n" if m["n"] else "n2"
        ctx.check_change(p, num(m, group), False, group)
        gl = "gl" if m["gl"] else "gl2"
        _gain_list(ctx, p, m[gl], m.start(gl) if m[gl] else 0)


@pattern(
    "lead",
    r"^(?P<p>.+?) kept control of (?P<c>.+?) despite a net loss of (?P<n>"
    + N
    + r") seats?(?:, although (?:its|their) candidates took "
    + GL
    + r")?\.$",
)
def _l_despite(ctx: Ctx, m: re.Match[str]) -> None:
    p = ctx.party(m["p"])
    ctx.council(m["c"])
    if p:
        ctx.check_control(f"{ctx.name(p)} kept control", {p}, {p})
        n = num(m, "n")
        ctx.check_change(p, -n if n is not None else None, False, "n")
        _gain_list(ctx, p, m["gl"], m.start("gl") if m["gl"] else 0)


@pattern("lead", r"^(?P<p>.+?) kept control of (?P<c>.+?)(?:, taking " + GL + r")?\.$")
def _l_kept(ctx: Ctx, m: re.Match[str]) -> None:
    p = ctx.party(m["p"])
    ctx.council(m["c"])
    if p:
        ctx.check_control(f"{ctx.name(p)} kept control", {p}, {p})
        _gain_list(ctx, p, m["gl"], m.start("gl") if m["gl"] else 0)


@pattern(
    "lead",
    r"^No party has overall control of (?P<c>.+?), where (?P<ps>.+?) (?:is|are) the largest "
    r"part(?:y|ies)\.$",
)
def _l_noc(ctx: Ctx, m: re.Match[str]) -> None:
    ctx.council(m["c"])
    ctx.check_control("no overall control", None, {"NOC"})
    ctx.check_largest(ctx.parties(m["ps"]))


@pattern(
    "lead", r"^(?P<p>.+?) lost control of (?P<c>.+?), leaving no party with an overall majority\.$"
)
def _l_lost(ctx: Ctx, m: re.Match[str]) -> None:
    p = ctx.party(m["p"])
    ctx.council(m["c"])
    if p:
        ctx.check_control(f"{ctx.name(p)} lost control", {p}, {"NOC"})


@pattern(
    "lead",
    r"^(?P<c>.+?) remains under no overall control"
    r"(?:, with (?P<ps>.+?) the largest part(?:y|ies))?\.$",
)
def _l_remains(ctx: Ctx, m: re.Match[str]) -> None:
    ctx.council(m["c"])
    ctx.check_control("remains under no overall control", {"NOC"}, {"NOC"})
    if m["ps"]:
        ctx.check_largest(ctx.parties(m["ps"]))


@pattern("lead", r"^No party has overall control of (?P<c>.+?)\.$")
def _l_noc_bare(ctx: Ctx, m: re.Match[str]) -> None:
    ctx.council(m["c"])
    ctx.check_control("no overall control", None, {"NOC"})


@pattern(
    "lead",
    r"^(?P<p>.+?) (?:has|have) (?P<n>" + N + r") more seats? on (?P<c>.+?) than a year ago"
    r"(?:, having taken " + GL + r")?\.$",
)
def _l_year(ctx: Ctx, m: re.Match[str]) -> None:
    p = ctx.party(m["p"])
    ctx.council(m["c"])
    if p:
        ctx.check_change(p, num(m, "n"), True, "n")
        _gain_list(ctx, p, m["gl"], m.start("gl") if m["gl"] else 0)


@pattern(
    "lead",
    r"^(?P<p>.+?) made a net gain of (?P<n>"
    + N
    + r") seats? in (?P<c>.+?)(?:, taking "
    + GL
    + r")?\.$",
)
def _l_netgain(ctx: Ctx, m: re.Match[str]) -> None:
    p = ctx.party(m["p"])
    ctx.council(m["c"])
    if p:
        ctx.check_change(p, num(m, "n"), False, "n")
        _gain_list(ctx, p, m["gl"], m.start("gl") if m["gl"] else 0)


@pattern("lead", r"^No seat changed hands in (?P<c>.+?)\.$")
def _l_nochange(ctx: Ctx, m: re.Match[str]) -> None:
    ctx.council(m["c"])
    unknown = [w for w in ctx.truth.wards.values() if w.gains is None]
    gained = [w for w in ctx.truth.wards.values() if w.gains]
    if gained:
        ctx.s.add(
            WRONG, "gain", "no seat changed hands", "gains in " + ", ".join(w.name for w in gained)
        )
    elif unknown:
        ctx.s.add(
            UNDERIVED,
            "gain",
            "no seat changed hands",
            f"defenders not known in {len(unknown)} wards",
        )
    else:
        ctx.s.add(OK, "gain", "no seat changed hands", "")


@pattern(
    "lead",
    r"^(?P<p>.+?) (?:has|have) control of (?P<c>.+?), with (?P<n>"
    + N
    + r") of the (?P<t>"
    + N
    + r") seats(?:, having taken "
    + GL
    + r")?\.$",
)
def _l_has(ctx: Ctx, m: re.Match[str]) -> None:
    p = ctx.party(m["p"])
    ctx.council(m["c"])
    if p:
        ctx.check_control(f"{ctx.name(p)} has control", None, {p})
        ctx.check_seats(p, num(m, "n"), {p}, "n")
        ctx.check_total(num(m, "t"), "t")
        _gain_list(ctx, p, m["gl"], m.start("gl") if m["gl"] else 0)


@pattern("lead", r"^(?P<c>.+?) has declared its results\.$")
def _l_declared(ctx: Ctx, m: re.Match[str]) -> None:
    ctx.council(m["c"])


@pattern("lead", r"^With (?P<a>" + N + r") of (?P<b>" + N + r") wards declared, .*$")
def _l_midcount(ctx: Ctx, m: re.Match[str]) -> None:
    ctx.s.add(WRONG, "count state", "told as mid-count", "the results file is a final count")
    ctx.s.cover_all()


# lead sentences with the council's history and a mover ------------------------------------


def pattern_first(kind: str, regex: str) -> Callable[[Handler], Handler]:
    """Register a pattern read before the plain ones (a longer shape of the same sentence)."""

    def register(handler: Handler) -> Handler:
        PATTERNS.insert(0, (kind, re.compile(regex), handler))
        return handler

    return register


def _before_basis(prefix: str) -> str:
    return (
        rf"(?:had (?P<{prefix}y>{N}) seats? a year earlier|went into the election with "
        rf"(?P<{prefix}d>{N}) seats?)"
    )


def _moved(prefix: str) -> str:
    return (
        rf"(?:(?:was|were) (?:reduced to (?P<{prefix}a>{N})|left with (?P<{prefix}z>none))"
        rf"|rose to (?P<{prefix}r>{N}))"
    )


# "Labour, which had 28 seats a year earlier, was reduced to 14"
MOVER = rf"(?P<mp>.+?), (?:which|who) {_before_basis('mb')}, {_moved('ma')}"
# after the party's name: "who had 59 seats a year earlier and were reduced to five"
MOVER_BARE = rf"(?:which|who) {_before_basis('ub')} and {_moved('ua')}"
# after "than a year earlier": "Labour rose from three seats to seven" (both on the year's rows)
FRAMED = rf"(?P<fp>.+?) (?P<fd>fell|rose) from (?P<fb>{N}) seats? to (?P<fa>{N}|none)"


def _mover(ctx: Ctx, m: re.Match[str], party: str | None, prefix: str, after: str) -> None:
    """A party's seats before ('a year earlier' or 'went into the election with') and after."""
    if party is None:
        return
    t = ctx.truth
    name = ctx.name(party)
    if m[prefix + "y"] is not None:
        stated = num(m, prefix + "y")
        truth: int | None = None
        why = t.unknown.get("before", "")
        if t.before is not None:
            if party in NATIONAL:
                truth = t.before.seats.get(party, 0)
            else:
                why = "the compositions count independents and local groups together as other"
        ctx.s.expect(
            "composition", f"{name} {stated} seats a year earlier", stated, truth, why, prefix + "y"
        )
    else:
        stated = num(m, prefix + "d")
        wards = t.valid_wards
        defended = [w.defended for w in wards]
        if t.all_out and defended and all(d is not None for d in defended):
            truth = sum((d or Counter()).get(party, 0) for d in defended)
            why = "seats defended"
        else:
            truth, why = None, "not every ward's defenders are known at an all-out poll"
        ctx.s.expect(
            "composition",
            f"{name} went into the election with {stated} seats",
            stated,
            truth,
            why,
            prefix + "d",
        )
    if m[after + "z"] is not None:
        ctx.check_seats(party, 0, {party})
    elif m[after + "a"] is not None:
        ctx.check_seats(party, num(m, after + "a"), {party}, after + "a")
    else:
        ctx.check_seats(party, num(m, after + "r"), {party}, after + "r")


def _framed(ctx: Ctx, m: re.Match[str]) -> None:
    """'P fell from N seats to M': N on the previous year's composition, M after the poll."""
    party = ctx.party(m["fp"])
    if party is None:
        return
    t = ctx.truth
    before = num(m, "fb")
    after = 0 if m["fa"] == "none" else num(m, "fa")
    truth: int | None = None
    why = t.unknown.get("before", "")
    if t.before is not None:
        if party in NATIONAL:
            truth = t.before.seats.get(party, 0)
        else:
            why = "the compositions count independents and local groups together as other"
    name = ctx.name(party)
    ctx.s.expect("composition", f"{name} {before} seats a year earlier", before, truth, why, "fb")
    ctx.check_seats(party, after, {party}, "fa")
    if before is not None and after is not None:
        said = "fell" if after < before else "rose"
        ctx.s.expect("composition", f"{name} {m['fd']}", m["fd"], said, f"{before} to {after}")


def _controls(ctx: Ctx, year: int) -> dict[int, str | None] | None:
    """Who controlled the council after each year's elections from `year` to the last before
    this poll (None: a year's row is missing)."""
    t = ctx.truth
    out: dict[int, str | None] = {}
    for y in range(year, t.council.polling_day.year):
        row = t.history.get(y)
        if row is None or not row.total:
            return None
        out[y] = control_of(row.seats, row.total, "row")
    return out


def _held_since(ctx: Ctx, party: str | None, year_text: str, at_least: bool, group: str) -> None:
    """'who had held it since (at least) 2016': in control after every year's poll since."""
    if party is None:
        return
    year = int(year_text)
    claim = f"{ctx.name(party)} held control since {'at least ' if at_least else ''}{year}"
    years = _controls(ctx, year)
    if years is None:
        ctx.s.add(UNDERIVED, "control", claim, f"no composition for some year from {year}", group)
        return
    wrong = [y for y, c in years.items() if c is not None and c != party]
    unknown = [y for y, c in years.items() if c is None]
    earlier = _controls(ctx, year - 1)
    if not wrong and not at_least:
        prior = earlier.get(year - 1) if earlier else None
        if prior == party:
            wrong = [year - 1]
        elif prior is None:
            unknown.append(year - 1)
    if wrong:
        ctx.s.add(
            WRONG,
            "control",
            claim,
            "; ".join(f"{y}: {ctx.name(years.get(y) or earlier_of(earlier, y))}" for y in wrong),
            group,
        )
    elif unknown:
        ctx.s.add(UNDERIVED, "control", claim, f"control not known in {unknown}", group)
    else:
        ctx.s.add(OK, "control", claim, f"in control {year}-{max(years)}", group)


def earlier_of(rows: dict[int, str | None] | None, year: int) -> str | None:
    """One year's control from a table that may be missing."""
    return rows.get(year) if rows else None


def _first_since(ctx: Ctx, party: str | None, year_text: str, group: str) -> None:
    """'took control for the first time since at least 2016': in control after no poll since."""
    if party is None:
        return
    year = int(year_text)
    claim = f"{ctx.name(party)} in control for the first time since at least {year}"
    years = _controls(ctx, year)
    if years is None:
        ctx.s.add(UNDERIVED, "control", claim, f"no composition for some year from {year}", group)
    elif any(c == party for c in years.values()):
        held = [y for y, c in years.items() if c == party]
        ctx.s.add(WRONG, "control", claim, f"in control in {held}", group)
    elif any(c is None for c in years.values()):
        ctx.s.add(UNDERIVED, "control", claim, "a year's control is not known", group)
    else:
        ctx.s.add(OK, "control", claim, f"not in control {year}-{max(years)}", group)


def _cover_span(ctx: Ctx, m: re.Match[str], *groups: str) -> None:
    for g in groups:
        if m[g] is not None:
            ctx.s.covered.append(m.span(g))


TOOK_TAIL = (
    r"(?:, (?:which|who) had held it since (?P<al>at least )?(?P<y>\d{4})| for the first time "
    r"since at least (?P<fy>\d{4}))?"
    r"(?:, as " + MOVER + r"|, gaining (?P<n>" + N + r") seats?(?: including " + GL + r")?)?"
)


@pattern_first(
    "lead",
    r"^(?P<p>.+?) took control of (?P<c>.+?) from (?P<q>.+?), " + MOVER_BARE + r"\.$",
)
def _hl_took_from_mover(ctx: Ctx, m: re.Match[str]) -> None:
    p = ctx.party(m["p"])
    ctx.council(m["c"])
    q = ctx.party(m["q"])
    if p and q:
        ctx.check_control(f"{ctx.name(p)} took control from {ctx.name(q)}", {q}, {p})
        _mover(ctx, m, q, "ub", "ua")


@pattern_first(
    "lead",
    r"^(?P<p>.+?) took control of (?P<c>.+?)(?: from (?P<q>[^,]+?))?"
    r"(?=, (?:which|who) had held| for the first time|, as )" + TOOK_TAIL + r"\.$",
)
def _hl_took(ctx: Ctx, m: re.Match[str]) -> None:
    p = ctx.party(m["p"])
    ctx.council(m["c"])
    q = ctx.party(m["q"]) if m["q"] else None
    if not p:
        return
    ctx.check_control(
        f"{ctx.name(p)} took control" + (f" from {ctx.name(q)}" if q else ""),
        {q} if q else ctx.not_party(p),
        {p},
    )
    if m["y"]:
        _held_since(ctx, q, m["y"], bool(m["al"]), "y")
    if m["fy"]:
        _first_since(ctx, p, m["fy"], "fy")
    if m["mp"]:
        _mover(ctx, m, ctx.party(m["mp"]), "mb", "ma")
    ctx.check_change(p, num(m, "n"), False, "n")
    _gain_list(ctx, p, m["gl"], m.start("gl") if m["gl"] else 0)


@pattern_first(
    "lead",
    r"^(?P<p>.+?) lost control of (?P<c>.+?)"
    r"(?=, which (?:it|they) had held|, and (?:was|were)|, leaving)"
    r"(?:, which (?:it|they) had held since (?P<al>at least )?(?P<y>\d{4}))?"
    r"(?:, and (?:was|were) (?:reduced from (?:(?P<rd>the )?(?P<rb>" + N + r") seats?"
    r"(?: (?:it|they) defended| a year earlier)?) to (?P<ra>" + N + r")"
    r"|left with (?P<rz>no) seats))?"
    r", leaving no party with an overall majority(?:, as " + MOVER + r")?\.$",
)
def _hl_lost(ctx: Ctx, m: re.Match[str]) -> None:
    p = ctx.party(m["p"])
    ctx.council(m["c"])
    if not p:
        return
    ctx.check_control(f"{ctx.name(p)} lost control", {p}, {"NOC"})
    if m["y"]:
        _held_since(ctx, p, m["y"], bool(m["al"]), "y")
    if m["rb"] or m["rz"]:
        t = ctx.truth
        stated = num(m, "rb")
        if stated is not None and m["rd"]:
            # "reduced from the 43 seats they defended": the seats it defended at the poll
            defended = [w.defended for w in t.valid_wards]
            known = bool(defended) and all(d is not None for d in defended)
            ctx.s.expect(
                "composition",
                f"{ctx.name(p)} defended {stated} seats",
                stated,
                sum((d or Counter()).get(p, 0) for d in defended) if known else None,
                "" if known else "not every ward's defenders are known",
                "rb",
            )
            ctx.check_seats(p, num(m, "ra"), {p}, "ra")
        elif stated is not None:
            truth = t.before.seats.get(p, 0) if t.before is not None and p in NATIONAL else None
            ctx.s.expect(
                "composition",
                f"{ctx.name(p)} {stated} seats before",
                stated,
                truth,
                t.unknown.get("before", "not a national party's column"),
                "rb",
            )
            ctx.check_seats(p, num(m, "ra"), {p}, "ra")
        else:
            ctx.check_seats(p, 0, {p})
    if m["mp"]:
        _mover(ctx, m, ctx.party(m["mp"]), "mb", "ma")


@pattern_first(
    "lead",
    r"^(?P<p>.+?) (?:ended the night|came out of the count) (?:(?P<n>" + N + r") seats? "
    r"(?P<ud>up|down)|with (?P<yn>" + N + r") (?P<mf>more|fewer) seats? than a year earlier) "
    r"in (?P<c>.+?)(?:, (?:having taken|although (?:its|their) candidates took) (?P<gl>.+?))?"
    r"(?:, while (?:" + MOVER + r"|" + FRAMED + r"))?\.$",
)
def _hl_night(ctx: Ctx, m: re.Match[str]) -> None:
    p = ctx.party(m["p"])
    ctx.council(m["c"])
    if not p:
        return
    if m["n"]:
        n = num(m, "n")
        ctx.check_change(p, n if m["ud"] == "up" or n is None else -n, False, "n")
    else:
        n = num(m, "yn")
        ctx.check_change(p, n if m["mf"] == "more" or n is None else -n, True, "yn")
    _gain_list(ctx, p, m["gl"], m.start("gl") if m["gl"] else 0)
    if m["mp"]:
        _mover(ctx, m, ctx.party(m["mp"]), "mb", "ma")
    if m["fp"]:
        _framed(ctx, m)


@pattern_first(
    "lead",
    r"^(?:(?P<p>.+?) kept control of (?P<c>.+?)(?:, taking " + GL + r")?"
    r"|(?P<p2>.+?) made a net gain of (?P<n>" + N + r") seats? in (?P<c2>.+?)"
    r"(?:, taking (?P<gl2>.+?))?"
    r"|(?P<c3>.+?) remains under no overall control"
    r"(?:, with (?P<ps>.+?) the largest part(?:y|ies))?"
    r"|No party has overall control of (?P<c4>.+?)(?:, where (?P<ps2>.+?) (?:is|are) the "
    r"largest part(?:y|ies))?)"
    r", (?:while|where) " + MOVER + r"\.$",
)
def _hl_while(ctx: Ctx, m: re.Match[str]) -> None:
    if m["p"]:
        p = ctx.party(m["p"])
        ctx.council(m["c"])
        if p:
            ctx.check_control(f"{ctx.name(p)} kept control", {p}, {p})
            _gain_list(ctx, p, m["gl"], m.start("gl") if m["gl"] else 0)
    elif m["p2"]:
        p = ctx.party(m["p2"])
        ctx.council(m["c2"])
        if p:
            ctx.check_change(p, num(m, "n"), False, "n")
            _gain_list(ctx, p, m["gl2"], m.start("gl2") if m["gl2"] else 0)
    elif m["c3"]:
        ctx.council(m["c3"])
        ctx.check_control("remains under no overall control", {"NOC"}, {"NOC"})
        if m["ps"]:
            ctx.check_largest(ctx.parties(m["ps"]))
    else:
        ctx.council(m["c4"])
        ctx.check_control("no overall control", None, {"NOC"})
        if m["ps2"]:
            ctx.check_largest(ctx.parties(m["ps2"]))
    _mover(ctx, m, ctx.party(m["mp"]), "mb", "ma")


# first seats --------------------------------------------------------------------------------


def _first_seats(ctx: Ctx, party: str | None, year_text: str, group: str) -> None:
    """A party's first seats since at least a year: none in any year's row since, some won."""
    if party is None:
        return
    t = ctx.truth
    year = int(year_text)
    claim = f"{ctx.name(party)} first seats since at least {year}"
    if not t.won.get(party):
        ctx.s.add(WRONG, "first seats", claim, "the party won no seat", group)
        return
    held = []
    for y in range(year, t.council.polling_day.year):
        row = t.history.get(y)
        if row is None:
            ctx.s.add(UNDERIVED, "first seats", claim, f"no composition for {y}", group)
            return
        # a local group is among the others: none there, none of its seats (Chelmsford's
        # South Woodham Ferrers Council Taxpayers Association, 2016 to 2018)
        column = party if party in NATIONAL else OTHER
        if column != party and row.seats.get(column, 0):
            ctx.s.add(
                UNDERIVED,
                "first seats",
                claim,
                f"the compositions count independents and local groups together as other "
                f"({y}: {row.seats[column]})",
                group,
            )
            return
        if row.seats.get(party, 0):
            held.append(f"{y}: {row.seats[party]}")
    if held:
        ctx.s.add(WRONG, "first seats", claim, "seats in " + ", ".join(held), group)
    else:
        ctx.s.add(OK, "first seats", claim, f"none {year}-{t.council.polling_day.year - 1}", group)


def _first_where(
    ctx: Ctx, party: str, seats: int | None, wards_text: str | None, floor: bool = False
) -> None:
    t = ctx.truth
    if seats is not None and floor:
        won = t.won.get(party, 0)
        claim = f"{ctx.name(party)} at least {seats} seats won"
        ctx.s.add(OK if won >= seats else WRONG, "first seats", claim, f"{won}")
    elif seats is not None:
        ctx.s.expect(
            "first seats", f"{ctx.name(party)} {seats} seats won", seats, t.won.get(party, 0), ""
        )
    if wards_text:
        wards = ctx.wards(wards_text)
        for w in wards or []:
            won = sum(1 for c in w.winners if c.party == party)
            if not won:
                ctx.s.add(WRONG, "first seats", f"{ctx.name(party)} won in {w.name}", "not won")
            else:
                ctx.s.add(OK, "first seats", f"{ctx.name(party)} won in {w.name}", "")


FIRST_ONE = (
    r"(?P<p§>.+?) won (?:seats on the council for the first time since at least (?P<y§>\d{4})"
    r"|(?P<al§>at least )?(?P<n§>" + N + r") seats?(?: in (?P<w§>.+?))?, (?:its|their) first "
    r"on the council since "
    r"at least (?P<ya§>\d{4})"
    r"|(?:its|their) first seats? on the council since at least (?P<yb§>\d{4}), taking "
    r"(?P<nb§>" + N + r")(?: in (?P<wb§>.+?))?)"
)


@pattern_first(
    "first_seats",
    r"^" + FIRST_ONE.replace("§", "0") + r"(?:,(?: and)? " + FIRST_ONE.replace("§", "1") + r")?"
    r"(?:,(?: and)? " + FIRST_ONE.replace("§", "2") + r")?\.$",
)
def _fs(ctx: Ctx, m: re.Match[str]) -> None:
    for i in range(3):
        if m[f"p{i}"] is None:
            continue
        p = ctx.party(m[f"p{i}"])
        if p is None:
            continue
        for y, n, w in (("y", None, None), ("ya", "n", "w"), ("yb", "nb", "wb")):
            if m[f"{y}{i}"] is None:
                continue
            _first_seats(ctx, p, m[f"{y}{i}"], f"{y}{i}")
            if n:
                floor = n == "n" and m[f"al{i}"] is not None
                _first_where(ctx, p, num(m, f"{n}{i}"), m[f"{w}{i}"], floor)
                _cover_span(ctx, m, f"{n}{i}")


# gains --------------------------------------------------------------------------------------


@pattern(
    "gain",
    r"^(?P<p>.+?) (?:made (?P<n>" + N + r") gains(?P<sf> so far)?, at least (?P<list>.+)|took "
    r"(?P<al>at least )?(?P<list2>" + N + r" seats? from .+?)(?P<sf2> so far)?)\.$",
)
def _g_summary(ctx: Ctx, m: re.Match[str]) -> None:
    p = ctx.party(m["p"])
    if p is None:
        return
    if m["sf"] or m["sf2"]:
        ctx.s.add(WRONG, "count state", "'so far'", "the results file is a final count")
    total = m["list"] is not None
    # "took at least 45 seats from the Tories, five from Labour": every figure a floor
    at_least = total or m["al"] is not None
    if total:
        ctx.check_gain_total(p, num(m, "n") or 0, "n")
    text = m["list"] or m["list2"]
    offset = m.start("list") if total else m.start("list2")

    def item(chunk: str) -> tuple[int, str] | None:
        mm = re.fullmatch(r"(" + N + r")(?: seats?)? from (.+)", chunk)
        if not mm:
            return None
        key = ctx.lex.party(mm[2])
        n = number(mm[1])
        return (n, key) if key is not None and n is not None else None

    items = segment(text, item)
    if items is None:
        ctx.s.add(UNPARSED, "gain", f"gain summary {text!r}", "could not read")
        return
    for n, q in items:
        ctx.check_flow(p, q, n, at_least)
    ctx.s.covered.append((offset, offset + len(text)))


@pattern(
    "gain",
    r"^(?P<n>"
    + N
    + r"|One|Two|Three|Four|Five|Six|Seven|Eight|Nine) of (?P<p>.+?) gains were seats taken "
    r"from (?P<q>.+?)\.$",
)
def _g_of(ctx: Ctx, m: re.Match[str]) -> None:
    p = ctx.party_poss(m["p"])
    q = ctx.party(m["q"])
    n = number(m["n"])
    if p and q and n is not None:
        ctx.check_flow(p, q, n, False, "n")


@pattern("gain", r"^(?P<p>.+?) gains(?P<sf> so far)? came from (?P<qs>.+?)\.$")
def _g_came(ctx: Ctx, m: re.Match[str]) -> None:
    """ "Labour's gains came from the Tories and independents": each named party lost seats to
    it, and no other did."""
    p = ctx.party_poss(m["p"])
    qs = ctx.parties(m["qs"])
    if p is None or qs is None:
        return
    if m["sf"]:
        ctx.s.add(WRONG, "count state", "'so far'", "the results file is a final count")
    named_high = 0
    for q in qs:
        low = high = 0
        for ward in ctx.truth.wards.values():
            flow = ward_flow(ward, p, [q])
            if flow is None:
                high += ward.seats if ward.void else ward.won[p]
                continue
            low += flow.low
            high += flow.high
        named_high += high
        claim = f"{ctx.name(p)} gains from {ctx.name(q)}"
        rows = f"{low}" if low == high else f"between {low} and {high}"
        verdict = OK if low >= 1 else UNDERIVED if high >= 1 else WRONG
        ctx.s.add(verdict, "gain", claim, rows)
    total = ctx.truth.gains.get(p)
    if total is not None and total.low > named_high:
        ctx.s.add(
            WRONG,
            "gain",
            f"{ctx.name(p)} gains only from those named",
            f"{total.low} gains, at most {named_high} from those named",
        )


@pattern("gain", r"^(?P<p>.+?) made (?P<n>" + N + r") gains\.$")
def _g_made(ctx: Ctx, m: re.Match[str]) -> None:
    p = ctx.party(m["p"])
    if p:
        ctx.check_gain_total(p, num(m, "n") or 0, "n")


@pattern("gain", r"^(?P<p>.+?) (?:took|gained) " + GL + r"\.$")
def _g_list(ctx: Ctx, m: re.Match[str]) -> None:
    p = ctx.party(m["p"])
    _gain_list(ctx, p, m["gl"], m.start("gl"))


# defeated councillors -----------------------------------------------------------------------


@pattern(
    "defeated",
    r"^(?:In all, (?P<n>"
    + N
    + r")|At least (?P<an>"
    + N
    + r")) sitting councillors lost their seats(?P<sf> so far)?, (?P<k>"
    + N
    + r"|all) of them (?P<p>.+?)(?: and (?P<k2>"
    + N
    + r") (?P<p2>.+?))?\.$",
)
def _d_summary(ctx: Ctx, m: re.Match[str]) -> None:
    t = ctx.truth
    if m["sf"]:
        ctx.s.add(WRONG, "count state", "'so far'", "the results file is a final count")
    # "At least 37 sitting councillors lost their seats": every figure a floor
    floor = m["an"] is not None
    n = num(m, "an" if floor else "n")
    group = "an" if floor else "n"
    if t.defeated_count is None or t.defeats is None:
        ctx.s.add(
            UNDERIVED,
            "defeated",
            f"{n} sitting councillors lost",
            "no councillor list",
            group,
            "k",
            *(["k2"] if m["k2"] else []),
        )
        return
    low, high = t.defeated_count.low, t.defeated_count.high
    claim = f"{'at least ' if floor else ''}{n} sitting councillors lost"
    rows = f"{low}" if low == high else f"between {low} and {high}"
    names = ", ".join(f"{d.candidate.name} ({d.ward.name})" for d in t.defeats)
    if floor and n is not None:
        verdict = OK if low >= n else UNDERIVED if high >= n else WRONG
        ctx.s.add(verdict, "defeated", claim, rows, group)
    elif n is not None and low == high == n:
        ctx.s.add(OK, "defeated", claim, rows, "n")
    elif n is not None and low <= n <= high:
        ctx.s.add(UNDERIVED, "defeated", claim, rows + " (some names match doubtfully)", "n")
    else:
        ctx.s.add(WRONG, "defeated", claim, f"{rows}: {names}", "n")
    listed = Counter(
        _defeat_party(d.councillor.party if d.councillor else d.candidate.party) for d in t.defeats
    )
    stood = Counter(d.candidate.party for d in t.defeats)
    # "five of them Conservatives and five Independents": two parties level on the most
    named = [(m["k"], "k", m["p"])] + ([(m["k2"], "k2", m["p2"])] if m["p2"] else [])
    for word, grp, text in named:
        p = ctx.party(text)
        if p is None:
            continue
        k = n if word == "all" else num(m, grp)
        claim = f"{word if word == 'all' else k} of them {ctx.name(p)}"
        rows = f"{listed[p]} by the councillor list's party, {stood[p]} by the party they stood for"
        if floor and k is not None:
            most = max(listed[p], stood[p])
            verdict = OK if most >= k else UNDERIVED if low != high else WRONG
            ctx.s.add(verdict, "defeated", f"at least {claim}", rows, grp)
            continue
        if low != high:
            ctx.s.add(UNDERIVED, "defeated", claim, rows + " (some names match doubtfully)", grp)
            continue
        if k in (listed[p], stood[p]):
            ctx.s.add(OK, "defeated", claim, rows, grp)
        else:
            ctx.s.add(WRONG, "defeated", claim, rows, grp)
        table = listed if k == listed[p] else stood
        top = max(table.values()) if table else 0
        if table[p] != top:
            ctx.s.add(WRONG, "defeated", f"{ctx.name(p)} most defeated", f"{top} of another party")


def _defeat_party(party: str) -> str:
    return IND if party == "ANYOTHER" else party


# the winner who beat a sitting councillor: "the Tories' X", "independent X", "local party
# candidate X"
WINNER = r"(?P<wp>(?:the )?\S+(?: \S+)*?'s?|[Ii]ndependent|[Ll]ocal party candidate)"

ITEM = re.compile(
    r"(?P<x>[^()]+?) in (?P<w>(?:[^()]|\((?!beaten )[^()]*\))+?)(?: \(beaten by "
    r"(?P<wp>[^()]+?(?:'s|s')|independent"
    r"|local party candidate) "
    r"(?P<wn>[^()]+?)(?: by (?P<m>" + N + r") votes?)?\))?$"
)


def _defeated_one(
    ctx: Ctx,
    adj: str | None,
    name: str,
    ward_text: str,
    winner_poss: str | None,
    winner: str | None,
    margin: str | None,
) -> None:
    ward = ctx.ward(ward_text)
    if ward is None:
        return
    cand = ctx.person(name, ward, None, False, "beaten")
    if cand is None:
        return
    t = ctx.truth
    claim = f"{cand.name} a sitting councillor"
    defeat = next((d for d in (t.defeats or []) if d.candidate is cand), None)
    if defeat is not None and defeat.councillor is not None:
        ctx.s.add(OK, "defeated", claim, f"{defeat.councillor.name}, {defeat.councillor.label}")
        party = _defeat_party(defeat.councillor.party)
    elif cand.incumbent:
        ctx.s.add(OK, "defeated", claim, "the results mark them incumbent")
        party = cand.party
    elif t.councillors is None:
        ctx.s.add(UNDERIVED, "defeated", claim, "no councillor list")
        party = cand.party
    elif id(cand) in t.doubtful_defeats:
        maybe = t.doubtful_defeats[id(cand)]
        ctx.s.add(
            UNDERIVED,
            "defeated",
            claim,
            "only a loose name match with a councillor of another ward: "
            + ", ".join(f"'{c.name}' ({c.ward}, {c.label})" for c in maybe),
        )
        party = cand.party
    else:
        ctx.s.add(WRONG, "defeated", claim, "not among the councillors whose seats were up")
        party = cand.party
    if adj is not None:
        p = ctx.party(adj)
        if p is not None and p not in (party, cand.party):
            ctx.s.add(WRONG, "defeated", f"{cand.name} {ctx.name(p)}", f"{ctx.name(party)}")
        elif p is not None:
            ctx.s.add(OK, "defeated", f"{cand.name} {ctx.name(p)}", "")
    if winner_poss is None or winner is None:
        return
    winner_poss, winner = split_possessive(ctx, winner_poss, winner)
    wp = ctx.lex.party_possessive(winner_poss)
    if wp is None and winner_poss.lower().strip() == "independent":
        wp = IND
    if wp is None and winner_poss.lower().strip() == "local party candidate":
        wp = ctx.lex.party(winner_poss)
    if wp is None:
        ctx.s.add(UNPARSED, "party name", f"winner's party {winner_poss!r}", "")
        return
    beat = ctx.person(winner, ward, wp, True, "winner")
    if beat is None:
        return
    if ward.seats > 1 and beat is not ward.last_winner:
        ctx.s.add(
            WRONG,
            "defeated",
            f"{cand.name} beaten by {beat.name}",
            f"{ward.name} elected {ward.seats}: the last seat went to "
            f"{ward.last_winner.name if ward.last_winner else '?'}",
        )
    if margin is not None:
        value = number(margin)
        ctx.s.expect(
            "majority",
            f"{cand.name} lost by {value}",
            value,
            (beat.votes or 0) - (cand.votes or 0),
            f"{beat.name} {beat.votes}, {cand.name} {cand.votes}",
        )


@pattern(
    "defeated",
    r"^Among the casualties was (?P<adj>.+?) (?:councillor|candidate) (?P<x>.+?), "
    r"who was beaten in "
    r"(?P<w>.+?)(?: by " + WINNER + r" (?P<wn>.+?)(?:, losing by (?P<m>" + N + r") votes?)?)?\.$",
)
def _d_among(ctx: Ctx, m: re.Match[str]) -> None:
    _defeated_one(ctx, m["adj"], m["x"], m["w"], m["wp"], m["wn"], m["m"])
    ctx.s.cover("m")


@pattern(
    "defeated",
    r"^Sitting (?P<adj>.+?) (?:councillor|candidate) (?P<x>.+?) was beaten in (?P<w>.+?)(?: by "
    + WINNER
    + r" (?P<wn>.+?)(?:, losing by (?P<m>"
    + N
    + r") votes?)?)?\.$",
)
def _d_sitting(ctx: Ctx, m: re.Match[str]) -> None:
    _defeated_one(ctx, m["adj"], m["x"], m["w"], m["wp"], m["wn"], m["m"])
    ctx.s.cover("m")


def _stood_here(ctx: Ctx, ward: WardTruth, name: str) -> str | None:
    """A name, if a candidate of the ward has it (a name has no ' in ' in it: that is the
    next item's ward)."""
    return name if " in " not in name and len(ctx.lex.candidate(name, ward) or []) == 1 else None


@pattern(
    "defeated",
    r"^Sitting (?P<adj>.+?) councillors (?:beaten included |lost out: )(?P<items>.+)\.$",
)
def _d_list(ctx: Ctx, m: re.Match[str]) -> None:
    text = m["items"]
    Item = tuple[str, str, str | None, str | None, str | None]

    def item(chunk: str) -> list[Item] | None:
        mm = ITEM.fullmatch(chunk)
        ward = ctx.lex.ward(mm["w"]) if mm else None
        whole: list[Item] | None = None
        if mm and ward is not None:
            whole = [(mm["x"], mm["w"], mm["wp"], mm["wn"], mm["m"])]
            # one candidate of that name: "Keith Kelly and Maria Kelly" (Dartford 2019) reads
            # as both Kellys, so is two names, not one
            if mm["wp"] or len(ctx.lex.candidate(mm["x"], ward) or []) == 1:
                return whole
        if "(" in chunk:
            return whole
        # the brief list: councillors of one ward together ("A, B and C in Newbarns")
        for at in re.finditer(" in ", chunk):
            ward = ctx.lex.ward(chunk[at.end() :])
            if ward is None:
                continue
            names = segment(chunk[: at.start()], partial(_stood_here, ctx, ward))
            if names:
                return [(x, chunk[at.end() :], None, None, None) for x in names]
        # no reading names candidates of the ward: read as one name, so it is called wrong
        return whole

    # items part at '; ', ', ' and ' and ' (ward names with 'and' or commas in them kept whole)
    items: list[Item] | None = []
    for part in text.split("; "):
        found = segment(part, item)
        if found is None or items is None:
            items = None
            break
        items.extend(x for group in found for x in group)
    if not items:
        ctx.s.add(UNPARSED, "defeated", f"list {text!r}", "could not read")
        return
    for x, w, wp, wn, margin in items:
        _defeated_one(ctx, m["adj"], x, w, wp, wn, margin)
    ctx.s.covered.append(m.span("items"))


# closest and biggest ------------------------------------------------------------------------


def _extreme(
    ctx: Ctx, wards: list[WardTruth], value: int | None, biggest: bool, group: str
) -> None:
    kind = "biggest majority" if biggest else "closest result"
    valid = [w for w in ctx.truth.valid_wards if w.majority is not None]
    if not valid:
        ctx.s.add(UNDERIVED, kind, kind, "no contested ward", group)
        return
    best = max(w.majority or 0 for w in valid) if biggest else min(w.majority or 0 for w in valid)
    at_best = {w.key for w in valid if w.majority == best}
    names = " and ".join(w.name for w in wards)
    claim = f"{kind} {names} ({value})"
    rows = f"{best} in " + ", ".join(sorted(ctx.truth.wards[k].name for k in at_best))
    # value None: the figure was told in an earlier sentence; the ward alone is claimed
    if (value is not None and value != best) or {w.key for w in wards} != at_best:
        ctx.s.add(WRONG, kind, claim, rows, group)
    elif ctx.truth.void_wards:
        ctx.s.add(UNDERIVED, kind, claim, rows + "; void wards' majorities unknown", group)
    else:
        ctx.s.add(OK, kind, claim, rows, group)


def _last_seat(
    ctx: Ctx,
    ward: WardTruth,
    poss: str | None,
    winner: str,
    seats: int | None,
    loser_poss: str | None,
    loser: str | None,
    fellow: str | None,
    another: str | None = None,
) -> None:
    """'P's X took the last of the N seats ... from Q's Y'."""
    if poss:
        poss, winner = split_possessive(ctx, poss, winner)
    if loser_poss and loser:
        loser_poss, loser = split_possessive(ctx, loser_poss, loser)
    p = _of_party(ctx, poss) if poss else None
    cand = ctx.person(winner, ward, p, True, "last seat")
    if seats is not None:
        ctx.s.expect("last seat", f"{seats} seats in {ward.name}", seats, ward.seats, "")
    if cand is not None and ward.last_winner is not None:
        if cand is ward.last_winner:
            ctx.s.add(OK, "last seat", f"{cand.name} took the last seat", "")
        else:
            lw = ward.last_winner
            ctx.s.add(
                WRONG,
                "last seat",
                f"{cand.name} took the last seat in {ward.name}",
                f"the last elected was {lw.name} ({lw.label}) {lw.votes}",
            )
    if loser is None:
        return
    q = _of_party(ctx, loser_poss) if loser_poss else (p if fellow else None)
    if another:
        q = IND
    lost = ctx.person(loser, ward, q, False, "first loser")
    if lost is not None and ward.first_loser is not None and lost is not ward.first_loser:
        fl = ward.first_loser
        ctx.s.add(
            WRONG,
            "last seat",
            f"{lost.name} the first unelected in {ward.name}",
            f"the first unelected was {fl.name} ({fl.label}) {fl.votes}",
        )


def split_possessive(ctx: Ctx, poss: str, person: str) -> tuple[str, str]:
    """Where a party's possessive ends and a person's name begins: a lazy reading stops at
    the first apostrophe ("the Nork Residents'" of "the Nork Residents' Association's Peter
    Harp"); the split kept is the last whose possessive names a party."""
    text = f"{poss} {person}"
    for mm in reversed(list(re.finditer(r"(?:'s?|\u2019s?) ", text))):
        head, tail = text[: mm.end() - 1], text[mm.end() :]
        if ctx.lex.party_possessive(head) is not None:
            return head, tail
    return poss, person


def _of_party(ctx: Ctx, text: str) -> str | None:
    """'the Tories'' / 'independent' / 'fellow Tory candidate' as a party."""
    text = text.strip()
    if text.lower() == "independent":
        return IND
    if text.lower() == "local party candidate":
        return ctx.party(text)
    return ctx.party_poss(text) if _has_possessive(text) else ctx.party(text)


def _has_possessive(text: str) -> bool:
    return text.endswith("'s") or text.endswith("'") or text.endswith("\u2019s")


PERSON = r"(?P<x>[A-Z][^,]*?)"
OF_PARTY = r"(?P<pp>.+?'s?|[Ii]ndependent|[Ll]ocal party candidate)"
HOW = (
    r"(?:(?P<hp>.+?) (?P<how>held on|took the seat|won)|"
    + OF_PARTY
    + r" "
    + PERSON
    + r" took the last of the (?P<k>"
    + N
    + r") seats)"
)
FROM = (
    r"(?: from (?:(?P<lp>.+?'s?|[Ii]ndependent|local party candidate) "
    r"|fellow (?P<fellow>.+?) candidate |"
    r"(?P<another>another independent), )(?P<y>[A-Z][^,]*?))?"
)


def _closest_body(ctx: Ctx, m: re.Match[str], biggest: bool) -> None:
    ward = ctx.ward(m["w"])
    if ward is None:
        return
    value = 0 if m.groupdict().get("lot") else num(m, "n")
    _extreme(ctx, [ward], value, biggest, "n")
    if m.groupdict().get("lot"):
        ctx.s.add(
            WRONG if ward.majority != 0 else OK,
            "closest result",
            "tie decided by lot",
            f"majority {ward.majority}",
        )
        return
    ctx.s.expect("majority", f"{ward.name} majority {value}", value, ward.majority, "", "n")
    if m.groupdict().get("how"):
        p = ctx.party(m["hp"])
        if p is None:
            return
        winner = ward.last_winner
        if winner is not None and winner.party != p:
            ctx.s.add(
                WRONG,
                "closest result",
                f"{ctx.name(p)} {m['how']} {ward.name}",
                f"the last seat went to {winner.name} ({winner.label})",
            )
        elif m["how"] == "held on" or m["how"] == "took the seat":
            want = "hold" if m["how"] == "held on" else "gain"
            outcome = ward.outcome
            if outcome is None:
                ctx.s.add(UNDERIVED, "gain", f"{ctx.name(p)} {m['how']}", "defenders not known")
            else:
                ctx.s.expect(
                    "gain",
                    f"{ctx.name(p)} {m['how']} in {ward.name}",
                    want,
                    outcome,
                    _ward_story(ctx, ward),
                )
        else:
            ctx.s.add(OK, "closest result", f"{ctx.name(p)} won {ward.name}", "")
        return
    _last_seat(
        ctx,
        ward,
        m["pp"],
        m["x"],
        num(m, "k"),
        m.groupdict().get("lp"),
        m.groupdict().get("y"),
        m.groupdict().get("fellow"),
        m.groupdict().get("another"),
    )
    ctx.s.cover("k")


@pattern(
    "closest_result",
    r"^(?:The closest result was in|Nowhere was closer than) (?P<w>.+?), where (?:(?P<lot>the seat "
    r"was decided by lot after a tie)|" + HOW + r" by (?P<n>" + N + r") votes?" + FROM + r")\.$",
)
def _c_one(ctx: Ctx, m: re.Match[str]) -> None:
    _closest_body(ctx, m, False)


@pattern(
    "closest_result",
    r"^(?:The closest result was in|Nowhere was closer than|(?P<big>The biggest majority "
    r"(?:of the night )?was in|Nowhere returned a bigger majority than)) (?P<w>[^,]+)\.$",
)
def _c_bare(ctx: Ctx, m: re.Match[str]) -> None:
    """'The closest result was in W.' (its figure given by an earlier sentence)."""
    ward = ctx.ward(m["w"])
    if ward is not None:
        _extreme(ctx, [ward], None, m["big"] is not None, "w")


@pattern(
    "closest_result",
    r"^(?:The closest results were in|Nowhere was closer than) (?P<ws>.+?), each decided by "
    r"(?:(?P<lot>lot after a tie)|(?P<n>" + N + r") votes?)\.$",
)
def _c_many(ctx: Ctx, m: re.Match[str]) -> None:
    wards = ctx.wards(m["ws"])
    if wards:
        value = 0 if m["lot"] else num(m, "n")
        _extreme(ctx, wards, value, False, "n")


@pattern(
    "biggest_majority",
    r"^The biggest majority was in (?P<w>.+?), where "
    + OF_PARTY
    + r" "
    + PERSON
    + r" took the last of the (?P<k>"
    + N
    + r") seats by (?P<n>"
    + N
    + r") votes\.$",
)
def _b_last(ctx: Ctx, m: re.Match[str]) -> None:
    _closest_body(ctx, m, True)


@pattern(
    "biggest_majority",
    r"^"
    + OF_PARTY
    + r" "
    + PERSON
    + r" had the biggest majority, taking the last of the (?P<k>"
    + N
    + r") seats in (?P<w>.+?) by (?P<n>"
    + N
    + r") votes\.$",
)
def _b_last2(ctx: Ctx, m: re.Match[str]) -> None:
    _closest_body(ctx, m, True)


@pattern(
    "biggest_majority",
    r"^The biggest majority was (?P<pp>.+?'s?) (?P<n>" + N + r") in (?P<w>.+?)\.$",
)
def _b_one(ctx: Ctx, m: re.Match[str]) -> None:
    _biggest_single(ctx, m, ctx.party_poss(m["pp"]))


@pattern(
    "biggest_majority",
    r"^(?P<p>.+?) recorded the biggest majority, (?P<n>" + N + r") in (?P<w>.+?)\.$",
)
def _b_rec(ctx: Ctx, m: re.Match[str]) -> None:
    _biggest_single(ctx, m, ctx.party(m["p"]))


def _biggest_single(ctx: Ctx, m: re.Match[str], p: str | None) -> None:
    ward = ctx.ward(m["w"])
    if ward is None:
        return
    value = num(m, "n")
    _extreme(ctx, [ward], value, True, "n")
    ctx.s.expect("majority", f"{ward.name} majority {value}", value, ward.majority, "", "n")
    if p is not None and ward.last_winner is not None:
        ctx.s.expect(
            "biggest majority",
            f"{ctx.name(p)} won {ward.name}",
            p,
            ward.last_winner.party,
            f"the last seat went to {ward.last_winner.name}",
        )


@pattern(
    "biggest_majority", r"^The biggest majorities, of (?P<n>" + N + r"), were in (?P<ws>.+?)\.$"
)
def _b_many(ctx: Ctx, m: re.Match[str]) -> None:
    wards = ctx.wards(m["ws"])
    if wards:
        _extreme(ctx, wards, num(m, "n"), True, "n")


# shut out -----------------------------------------------------------------------------------


def _stood(ctx: Ctx, p: str, where: str, of_total: str | None) -> None:
    t = ctx.truth
    contested = sum(1 for w in t.wards.values() if any(c.party == p for c in w.ward.candidates))
    total = len(t.wards)
    won = t.won.get(p, 0)
    void_win = any(c.party == p and c.elected for w in t.void_wards for c in w.ward.candidates)
    if won:
        ctx.s.add(WRONG, "shut out", f"{ctx.name(p)} won nothing", f"won {won}")
    elif void_win:
        ctx.s.add(
            UNDERIVED, "shut out", f"{ctx.name(p)} won nothing", "marked elected in a void ward"
        )
    else:
        ctx.s.add(OK, "shut out", f"{ctx.name(p)} won nothing", "")
    if where == "every":
        ctx.s.expect(
            "shut out",
            f"{ctx.name(p)} stood in every ward",
            total,
            contested,
            f"{contested} of {total}",
        )
    else:
        ctx.s.expect(
            "shut out",
            f"{ctx.name(p)} stood in {where}",
            number(where),
            contested,
            f"{contested} of {total}",
        )
    if of_total is not None:
        ctx.s.expect("shut out", f"{of_total} wards", number(of_total), total, "")


STOOD = r"(?:in (?P<a>" + N + r") of the (?P<b>" + N + r") wards|in (?P<every>every) ward)"


@pattern("shut_out", r"^(?P<p>.+?) stood candidates " + STOOD + r" but won no seats\.$")
def _s_one(ctx: Ctx, m: re.Match[str]) -> None:
    p = ctx.party(m["p"])
    if p:
        _stood(ctx, p, "every" if m["every"] else m["a"], m["b"])
        ctx.s.cover("a", "b")


@pattern("shut_out", r"^Despite standing " + STOOD + r", (?P<p>.+?) won nothing\.$")
def _s_two(ctx: Ctx, m: re.Match[str]) -> None:
    """'Despite standing in every ward, P (or P and Q) won nothing'."""
    ps = ctx.parties(m["p"])
    for p in ps or []:
        _stood(ctx, p, "every" if m["every"] else m["a"], m["b"])
    ctx.s.cover("a", "b")


def _where(text: str) -> tuple[str, str | None, bool] | None:
    """'in every ward', 'in 12 of the 14 wards', 'in nine', each with ' each' after it or not:
    (wards or 'every', the council's wards or None, each)."""
    mm = re.fullmatch(
        r"in (?:(?P<every>every) ward|(?P<a>" + N + r")(?: of the (?P<b>" + N + r") wards)?)"
        r"(?P<each> each)?",
        text,
    )
    if mm is None:
        return None
    return ("every" if mm["every"] else mm["a"], mm["b"], bool(mm["each"]))


@pattern(
    "shut_out",
    r"^(?P<items>(?P<first>.+?) (?P<alike>each )?stood candidates (?P<w>in .+?)), but "
    r"(?P<none>neither|none of them) (?:won|came away with) a seat\.$",
)
def _s_many(ctx: Ctx, m: re.Match[str]) -> None:
    """'A stood candidates in every ward, B and C in 13 each and D in 12 of the 24 wards, but
    none of them won a seat'; 'A and B each stood candidates in every ward, but neither ...'."""

    def group(
        names: str, where: str, alike: bool = False
    ) -> list[tuple[str, str, str | None]] | None:
        read = _where(where)
        if read is None:
            return None
        keys = ctx.lex.several(names) if read[2] or alike else ctx.lex.parties(names)
        if keys is None:
            return None
        return [(k, read[0], read[1]) for k in keys]

    def item(chunk: str) -> list[tuple[str, str, str | None]] | None:
        mm = re.fullmatch(r"(.+?) (in (?:every ward|" + N + r").*)", chunk)
        return group(mm[1], mm[2]) if mm else None

    text = m["w"]
    # the first group's wards end where the next group (a party name) begins
    items: list[list[tuple[str, str, str | None]]] | None = None
    for sep in [*(x.start() for x in re.finditer(r", | and ", text)), len(text)]:
        head = group(m["first"], text[:sep], m["alike"] is not None)
        if head is None:
            continue
        rest = re.sub(r"^(?:, and |, | and )", "", text[sep:])
        tail = segment(rest, item) if rest else []
        if tail is not None:
            items = [head, *tail]
            break
    if items is None:
        ctx.s.add(UNPARSED, "shut out", m["items"], "could not read")
        return
    flat = [x for g in items for x in g]
    ctx.s.expect(
        "shut out", f"{m['none']} ({len(flat)} parties)", m["none"] == "neither", len(flat) == 2
    )
    for p, where, of_total in flat:
        _stood(ctx, p, where, of_total)
    ctx.s.covered.append(m.span("items"))


@pattern(
    "shut_out",
    r"^(?P<ps>.+?) came away with no seats despite standing widely: (?P<where>.+) respectively\.$",
)
def _s_resp(ctx: Ctx, m: re.Match[str]) -> None:
    ps = ctx.parties(m["ps"])

    def item(chunk: str) -> tuple[str, str | None] | None:
        mm = re.fullmatch(r"in (" + N + r")(?: of the (" + N + r") wards)?|in every ward", chunk)
        if not mm:
            return None
        return (mm[1] or "every", mm[2])

    wheres = segment(m["where"], item)
    if ps is None or wheres is None or len(ps) != len(wheres):
        ctx.s.add(UNPARSED, "shut out", m["where"], "could not read")
        return
    for p, (where, of_total) in zip(ps, wheres, strict=True):
        _stood(ctx, p, where, of_total)
    ctx.s.covered.append(m.span("where"))


@pattern(
    "shut_out",
    r"^(?P<ps>.+?) came away with no seats despite standing widely, (?P<where>.+ in .+)\.$",
)
def _s_each(ctx: Ctx, m: re.Match[str]) -> None:
    """'A and B came away with no seats despite standing widely, A in 12 of the 14 wards and
    B in eight'."""
    ps = ctx.parties(m["ps"])

    def item(chunk: str) -> tuple[str, str, str | None] | None:
        mm = re.fullmatch(
            r"(.+?) in (?:(" + N + r")(?: of the (" + N + r") wards)?|(every) ward)", chunk
        )
        key = ctx.lex.party(mm[1]) if mm else None
        if mm is None or key is None:
            return None
        return (key, mm[4] or mm[2], mm[3])

    wheres = segment(m["where"], item)
    if ps is None or wheres is None or [w[0] for w in wheres] != ps:
        ctx.s.add(UNPARSED, "shut out", m["where"], "could not read")
        return
    for p, where, of_total in wheres:
        _stood(ctx, p, where, of_total)
    ctx.s.covered.append(m.span("where"))


# standing -----------------------------------------------------------------------------------


@pattern(
    "standing",
    r"^(?P<p>.+?) finished (?:with|(?P<dir>up|down) (?P<chg>" + N + r")(?P<yr> on a year ago)?"
    r"(?: seats?)? (?:on|with)) (?P<n>" + N + r")(?: seats?)?(?P<each> each)?(?P<rest>.*)\.$",
)
def _standing(ctx: Ctx, m: re.Match[str]) -> None:
    # "The Tories and Labour finished with 36 seats each"
    alike = (ctx.lex.several(m["p"]) or []) if m["each"] else []
    if m["each"] and not alike:
        ctx.s.add(UNPARSED, "party name", f"parties {m['p']!r}", "names no parties of these rows")
    p = alike[0] if alike else None if m["each"] else ctx.party(m["p"])
    rest = m["rest"]
    control = None
    cm = re.search(r", (?=(?:giving|so|confirming that|which means|leaving) )", rest)
    if cm:
        control = rest[cm.end() :]
        rest = rest[: cm.start()]
    named: set[str] = ({p} if p else set()) | set(alike)
    ym = re.match(r", (?P<n>" + N + r") (?P<mf>more|fewer) than a year earlier", rest)
    base = m.start("rest") + (ym.end() if ym else 0)  # where what is left of the rest starts
    if ym:
        n = number(ym["n"])
        if n is not None and p:
            ctx.check_change(p, n if ym["mf"] == "more" else -n, True)
        ctx.s.covered.append((m.start("rest"), m.start("rest") + ym.end()))
        rest = rest[ym.end() :]
    list_items: list[tuple[str, int]] = []
    same: tuple[list[tuple[str, int]], int | None, bool] | None = None
    if rest.startswith(", with "):
        body = rest[len(", with ") :]
        found = ctx.lex.parties(", ".join(re.findall(r"(?:^|, | and )(.+?) on " + N, body)))
        named |= set(found or [])
        _seat_list(ctx, body, base + len(", with "), p)
    elif rest.startswith(", while "):
        body = rest[len(", while ") :]
        sm = re.fullmatch(
            r"(?P<items>.+?) (?:was|were) (?:(?P<dir>up|down) (?P<chg>"
            + N
            + r")(?P<yr> on a year ago)?"
            r"|(?P<chg2>" + N + r") (?P<mf>more|fewer) than a year earlier"
            r"|unchanged)(?: apiece)?",
            body,
        )
        if sm is None:
            ctx.s.add(UNPARSED, "composition", body, "could not read")
        else:
            for party_text, seats in re.findall(
                r"(?:^|\s*and\s+|\s+)?(.+?), with (" + N + r"),", sm["items"] + ","
            ):
                key = ctx.lex.party(re.sub(r"^(?:and )", "", party_text.strip()))
                value = number(seats)
                if key is None or value is None:
                    ctx.s.add(UNPARSED, "composition", party_text, "not a party")
                    continue
                list_items.append((key, value))
            chg = number(sm["chg"] or sm["chg2"] or "0")
            sign = -1 if sm["dir"] == "down" or sm["mf"] == "fewer" else 1
            year = bool(sm["yr"] or sm["mf"])
            same = (list_items, chg * sign if chg is not None else None, year)
            ctx.s.covered.append((m.start("rest"), m.end("rest")))
    elif rest:
        ctx.s.add(UNPARSED, "composition", rest, "could not read")
    for q in alike[1:]:
        ctx.check_seats(q, num(m, "n"), named | {x for x, _ in list_items}, "n")
    if p:
        ctx.check_seats(p, num(m, "n"), named | {q for q, _ in list_items}, "n")
        if m["chg"]:
            value = num(m, "chg") or 0
            ctx.check_change(p, value if m["dir"] == "up" else -value, bool(m["yr"]), "chg")
    if same is not None:
        items, change, year = same
        for q, seats in items:
            ctx.check_seats(q, seats, named | {x for x, _ in items})
            if change is not None:
                ctx.check_change(q, change, year)
    if control:
        _control_clause(ctx, control, m.start("rest") + (cm.end() if cm else 0), p)


def _control_clause(ctx: Ctx, text: str, offset: int, subject: str | None = None) -> None:
    patterns = [
        (r"giving (?P<p>.+?) control of (?P<c>.+?)(?: until (?P<u>\d{4}))?", "controls"),
        (r"so (?P<p>.+?) (?:has|have) control of (?P<c>.+?)(?: until (?P<u>\d{4}))?", "controls"),
        (
            r"(?:confirming that|which means) (?P<p>.+?) (?:keeps?|will stay in) control of "
            r"(?P<c>.+?)"
            r"(?: until (?P<u>\d{4}))?",
            "kept",
        ),
        (
            r"leaving (?P<ps>.+?) (?P<k>"
            + N
            + r") seats? short of the (?P<need>"
            + N
            + r") needed for a majority",
            "short",
        ),
    ]
    for regex, what in patterns:
        mm = re.fullmatch(regex, text)
        if not mm:
            continue
        if what == "short":
            ps = ctx.parties(mm["ps"])
            ctx.check_control("no overall control", None, {"NOC"})
            ctx.check_largest(ps)
            total = ctx.truth.after_total
            need = number(mm["need"])
            ctx.s.expect(
                "control",
                f"{need} needed for a majority",
                need,
                total // 2 + 1 if total else None,
                f"of {total} seats",
            )
            if ps:
                seats, why = ctx.seats_after(ps[0], set())
                k = number(mm["k"])
                ctx.s.expect(
                    "control",
                    f"{k} short",
                    k,
                    (total // 2 + 1 - seats) if (total and seats is not None) else None,
                    why,
                )
        else:
            # 'confirming that it keeps control': the sentence's subject
            pronoun = mm["p"].lower() in ("it", "they")
            p = subject if pronoun else ctx.party(mm["p"])
            ctx.council(mm["c"])
            if p:
                before = {p} if what == "kept" else None
                ctx.check_control(f"{ctx.name(p)} {what} control", before, {p})
            if mm["u"]:
                ctx.s.add(
                    UNDERIVED,
                    "control",
                    f"until {mm['u']}",
                    "the rows do not say when the next election is",
                )
        ctx.s.covered.append((offset, offset + len(text)))
        return
    ctx.s.add(UNPARSED, "control", text, "could not read")


# turnout ------------------------------------------------------------------------------------


FRACTIONS = {
    "a quarter": (24.0, 26.0),
    "more than a quarter": (25.0, 33.4),
    "a third": (32.3, 34.3),
    "more than a third": (33.3, 50.0),
    "half": (49.0, 51.0),
    "more than half": (50.0, 66.7),
    "two thirds": (65.7, 67.7),
    "more than two thirds": (66.6, 75.0),
    "three quarters": (74.0, 76.0),
    "more than three quarters": (75.0, 100.0),
}


def _council_turnout(ctx: Ctx, stated: int, votes_basis: bool, group: str) -> None:
    t = ctx.truth
    claim = f"turnout {stated} per cent"
    if votes_basis:
        ctx.s.add(
            UNDERIVED,
            "turnout",
            claim + " counting votes",
            "the rows give ballots, not that",
            group,
        )
        return
    if not t.turnout_options:
        ctx.s.add(UNDERIVED, "turnout", claim, "no electorate or ballots in the source", group)
        return
    verdicts = [_rounds_to(x * 100, stated) for x in t.turnout_options]
    rows = " or ".join(f"{x * 100:.2f}" for x in t.turnout_options)
    if all(verdicts):
        ctx.s.add(OK, "turnout", claim, rows, group)
    elif any(verdicts):
        ctx.s.add(
            UNDERIVED, "turnout", claim, rows + " (reported and computed turnouts differ)", group
        )
    else:
        ctx.s.add(WRONG, "turnout", claim, rows, group)


def _rounds_to(value: float, stated: int) -> bool:
    return stated - 0.5 - 1e-9 <= value <= stated + 0.5 + 1e-9


def _evaluative(ctx: Ctx, word: str | None, frac: str | None) -> None:
    t = ctx.truth
    if not t.turnout_options:
        return
    pct = [x * 100 for x in t.turnout_options]
    if word:
        ok = (
            all(v < LOW_TURNOUT for v in pct)
            if word == "disappointing"
            else all(v > HIGH_TURNOUT for v in pct)
        )
        ctx.s.add(
            OK if ok else WRONG, "turnout", f"a {word} turnout", ", ".join(f"{v:.1f}" for v in pct)
        )
    if frac:
        lo, hi = FRACTIONS.get(frac, (None, None))
        if lo is None or hi is None:
            ctx.s.add(UNPARSED, "turnout", frac, "unknown fraction")
            return
        stayed = [100 - v for v in pct]
        ok = all(lo <= v <= hi for v in stayed)
        ctx.s.add(
            OK if ok else WRONG,
            "turnout",
            f"{frac} did not vote",
            ", ".join(f"{v:.1f}" for v in stayed),
        )


@pattern(
    "turnout",
    r"^(?:The turnout|Turnout) was (?:a (?P<word>disappointing|healthy) |high, at )?"
    r"(?P<x>\d+) per cent"
    r"(?P<votes> \(counting votes cast\))?(?:, meaning that (?P<f1>.+?) of those eligible to vote "
    r"chose not to do so|: (?P<f2>.+?) of those eligible stayed away)?\.$",
)
def _t_council(ctx: Ctx, m: re.Match[str]) -> None:
    _council_turnout(ctx, int(m["x"]), bool(m["votes"]), "x")
    word = m["word"] or ("healthy" if "high, at" in m.group(0) else None)
    _evaluative(ctx, word, m["f1"] or m["f2"])
    ctx.s.cover("f1", "f2")


@pattern(
    "turnout",
    r"^Turnout ranged from (?P<lo>\d+) per cent in (?P<wl>.+?) to (?P<hi>\d+) per cent in "
    r"(?P<wh>.+?)\.$",
)
def _t_range(ctx: Ctx, m: re.Match[str]) -> None:
    for group, ward_group, lowest in (("lo", "wl", True), ("hi", "wh", False)):
        ward = ctx.ward(m[ward_group])
        if ward is None:
            continue
        stated = int(m[group])
        claim = f"{'lowest' if lowest else 'highest'} turnout {stated} per cent in {ward.name}"
        if not ward.turnout_options:
            ctx.s.add(UNDERIVED, "turnout", claim, "no turnout for the ward", group)
            continue
        value = ward.turnout
        if value is None and all(_rounds_to(x * 100, stated) for x in ward.turnout_options):
            # reported and computed differ but round alike (Gloucestershire 2025, 24.3 and
            # 24.2): the ward is judged at the value least favourable to the claim
            options = ward.turnout_options
            value = max(options) if lowest else min(options)
        if value is None:
            ctx.s.add(
                UNDERIVED
                if any(_rounds_to(x * 100, stated) for x in ward.turnout_options)
                else WRONG,
                "turnout",
                claim,
                "reported and computed turnouts differ: "
                + " or ".join(f"{x * 100:.1f}" for x in ward.turnout_options),
                group,
            )
            continue
        others = [w for w in ctx.truth.wards.values() if w.turnout_options and w is not ward]
        # the source gives turnout to a tenth of a point: closer than that is a tie
        tie = 0.0005

        beyond_sure = [
            w for w in others if all(_beyond(x, value, tie, lowest) for x in w.turnout_options)
        ]
        beyond_maybe = [
            w for w in others if any(_beyond(x, value, tie, lowest) for x in w.turnout_options)
        ]
        if not _rounds_to(value * 100, stated):
            rows = f"ballots over electorate {value * 100:.3f}"
            reported = ward.ward.turnout
            if reported is not None and _rounds_to(reported * 100, stated):
                rows += (
                    f" (the source's rounded turnout {reported * 100:.1f} rounds again to {stated})"
                )
            ctx.s.add(WRONG, "turnout", claim, rows, group)
        elif beyond_sure:
            w = beyond_sure[0]
            ctx.s.add(
                WRONG,
                "turnout",
                claim,
                f"{w.name}: {min(w.turnout_options) * 100:.1f}"
                if lowest
                else f"{w.name}: {max(w.turnout_options) * 100:.1f}",
                group,
            )
        elif beyond_maybe:
            w = beyond_maybe[0]
            ctx.s.add(
                UNDERIVED,
                "turnout",
                claim,
                f"{w.name}'s turnout is doubtful ("
                + " or ".join(f"{x * 100:.1f}" for x in w.turnout_options)
                + ")",
                group,
            )
        else:
            ctx.s.add(OK, "turnout", claim, f"{value * 100:.2f}", group)


def _beyond(x: float, value: float, tie: float, lowest: bool) -> bool:
    """Whether a turnout lies beyond a stated extreme by more than the source's precision."""
    return x < value - tie if lowest else x > value + tie


# vote share ---------------------------------------------------------------------------------


def _shares(ctx: Ctx, items: list[tuple[str, int]]) -> None:
    """Each party's share of all votes (or of the valid wards' votes), and their order."""
    t = ctx.truth
    total = sum(t.votes.values())
    if not total:
        for p, x in items:
            ctx.s.add(UNDERIVED, "share", f"{ctx.name(p)} {x} per cent", "no votes")
        return
    for p, x in items:
        value = 100 * t.votes.get(p, 0) / total
        alt = 100 * t.votes_valid.get(p, 0) / max(1, sum(t.votes_valid.values()))
        claim = f"{ctx.name(p)} {x} per cent"
        if _rounds_to(value, x) or _rounds_to(alt, x):
            ctx.s.add(OK, "share", claim, f"{value:.2f}")
        else:
            ctx.s.add(WRONG, "share", claim, f"{value:.2f}")
    # the parties named are the leading ones, in order (independents are not a party)
    ranked = sorted(((p, v) for p, v in t.votes.items() if p != IND), key=lambda kv: -kv[1])
    named = [p for p, _ in items]
    top = [p for p, _ in ranked[: len(named)]]
    if named != top:
        named_votes = [t.votes.get(p, 0) for p in named]
        top_votes = [t.votes.get(p, 0) for p in top]
        if named_votes != top_votes:
            ctx.s.add(
                WRONG,
                "share",
                "leading parties " + ", ".join(ctx.name(p) for p in named),
                "leading: "
                + ", ".join(
                    f"{ctx.name(p)} {100 * v / total:.1f}" for p, v in ranked[: len(named) + 1]
                ),
            )


@pattern(
    "vote_share",
    r"^Across (?P<c>.+), (?P<p>[^,]+?) took (?P<x>\d+) per cent of the votes cast"
    r"(?P<rest>(?:, | and ).+)?\.$",
)
def _v1(ctx: Ctx, m: re.Match[str]) -> None:
    ctx.council(m["c"])
    p = ctx.party(m["p"])
    items = [(p, int(m["x"]))] if p else []
    if m["rest"]:

        def item(chunk: str) -> tuple[str, int] | None:
            mm = re.fullmatch(r"(.+?)(?: also)? (\d+) per cent", chunk)
            key = ctx.lex.party(mm[1]) if mm else None
            return (key, int(mm[2])) if mm and key else None

        rest = re.sub(r"^(?:, | and )", "", m["rest"])
        each = re.fullmatch(r"with (.+) on (\d+) per cent each", rest)
        keys = ctx.lex.several(each[1]) if each else None
        more: list[tuple[str, int]] | None
        if each:
            more = [(k, int(each[2])) for k in keys] if keys and len(keys) > 1 else None
        else:
            more = segment(rest, item)
        if more is None:
            ctx.s.add(UNPARSED, "share", rest, "could not read")
        else:
            items += more
            ctx.s.cover("rest")
    _shares(ctx, items)
    ctx.s.cover("x")


def council_prefix(ctx: Ctx, text: str) -> int | None:
    """Where the council's name that starts `text` ends: the longest prefix ending at the end
    or before ', ' that names the council ('Bournemouth, Christchurch and Poole, the Lib Dems
    22 per cent'), or None."""
    ends = [len(text)] + [i for i in range(len(text) - 1, 0, -1) if text.startswith(", ", i)]
    for end in ends:
        if ctx.lex.is_council(text[:end]):
            return end
    return None


@pattern(
    "vote_share",
    r"^(?P<p>.+?) won (?P<x>\d+) per cent of all the votes cast in (?P<tail>.+?)\.$",
)
def _v2(ctx: Ctx, m: re.Match[str]) -> None:
    """'P won N per cent of all the votes cast in C' and what follows the council's name:
    ', ahead of Q on N per cent', ', Q N per cent and R M per cent', ', with Q and R on N per
    cent each'."""
    tail = m["tail"]
    end = council_prefix(ctx, tail)
    if end is None:
        # no prefix names the council: the first clause is taken as the name, and is wrong
        end = tail.find(", ") if ", " in tail else len(tail)
    ctx.council(tail[:end])
    p = ctx.party(m["p"])
    items = [(p, int(m["x"]))] if p else []
    rest = tail[end:]
    offset = m.start("tail") + end
    more: list[tuple[str, int]] | None = []
    if rest.startswith(", ahead of "):

        def item(chunk: str) -> tuple[str, int] | None:
            mm = re.fullmatch(r"(.+) on (\d+) per cent", chunk)
            key = ctx.lex.party(mm[1]) if mm else None
            return (key, int(mm[2])) if mm and key else None

        more = segment(rest[len(", ahead of ") :], item)
    elif rest.startswith(", with "):
        mm = re.fullmatch(r", with (.+) on (\d+) per cent each", rest)
        keys = ctx.lex.several(mm[1]) if mm else None
        more = [(k, int(mm[2])) for k in keys] if mm and keys and len(keys) > 1 else None
    elif rest.startswith(", "):

        def bare(chunk: str) -> tuple[str, int] | None:
            mm = re.fullmatch(r"(.+?)(?: also)? (\d+) per cent", chunk)
            key = ctx.lex.party(mm[1]) if mm else None
            return (key, int(mm[2])) if mm and key else None

        more = segment(rest[2:], bare)
    elif rest:
        more = None
    if more is None:
        ctx.s.add(UNPARSED, "share", rest, "could not read")
    else:
        items += more
        ctx.s.covered.append((offset, offset + len(rest)))
    _shares(ctx, items)
    ctx.s.cover("x")


# by-elections -------------------------------------------------------------------------------


def _check_winner(ctx: Ctx, ward: WardTruth, p: str) -> None:
    won = ward.won
    if ward.void:
        ctx.s.add(UNDERIVED, "by-election", f"{ctx.name(p)} won {ward.name}", ward.void)
    elif won.get(p):
        ctx.s.add(OK, "by-election", f"{ctx.name(p)} won {ward.name}", "")
    else:
        ctx.s.add(
            WRONG,
            "by-election",
            f"{ctx.name(p)} won {ward.name}",
            "won by " + ", ".join(ctx.name(q) for q in won),
        )


def _by_gain(ctx: Ctx, ward: WardTruth, p: str, losers: list[str] | None) -> None:
    if ward.gains is None:
        # a by-election's seat was held by someone the year-before list may not show
        ctx.s.add(
            UNDERIVED,
            "gain",
            f"{ctx.name(p)} gained {ward.name}",
            "the seat's holder is not in the rows",
        )
        return
    ctx.check_ward_gain(p, ward, None, losers, "")


def _runner_up(ctx: Ctx, ward: WardTruth, q_text: str | None) -> None:
    if q_text is None:
        return
    q = ctx.party(q_text)
    if q is None:
        return
    if ward.first_loser is None:
        ctx.s.add(WRONG, "by-election", f"runner-up {ctx.name(q)}", "uncontested")
        return
    ties = [c for c in ward.losers if c.votes == ward.first_loser.votes]
    ctx.s.expect(
        "by-election",
        f"runner-up {ctx.name(q)}",
        True,
        any(c.party == q for c in ties),
        f"runner-up {ward.first_loser.name} ({ward.first_loser.label})",
    )


def _by_majority(ctx: Ctx, ward: WardTruth, m: re.Match[str]) -> None:
    if m.groupdict().get("n") is None:
        return
    value = num(m, "n")
    ctx.s.expect("majority", f"{ward.name} majority {value}", value, ward.majority, "", "n")


@pattern(
    "ward_result",
    r"^"
    + PERSON
    + r" won the (?P<w>.+?) by-election in (?P<c>.+?) for (?P<p>.+?)(?:, with a majority of "
    r"(?P<n>" + N + r")(?: over (?P<q>.+?))?)?\.$",
)
def _w_won(ctx: Ctx, m: re.Match[str]) -> None:
    ward = ctx.ward(m["w"])
    ctx.council(m["c"])
    p = ctx.party(m["p"])
    if ward is None or p is None:
        return
    _check_winner(ctx, ward, p)
    ctx.person(m["x"], ward, p, True, "winner")
    _by_majority(ctx, ward, m)
    _runner_up(ctx, ward, m["q"])


@pattern(
    "ward_result",
    r"^"
    + PERSON
    + r" was returned unopposed for (?P<p>.+?) in the (?P<w>.+?) by-election in (?P<c>.+?)\.$",
)
def _w_unopposed(ctx: Ctx, m: re.Match[str]) -> None:
    ward = ctx.ward(m["w"])
    ctx.council(m["c"])
    p = ctx.party(m["p"])
    if ward is None or p is None:
        return
    _check_winner(ctx, ward, p)
    ctx.person(m["x"], ward, p, True, "winner")
    ctx.s.expect("by-election", f"{ward.name} unopposed", False, ward.contested, "")


@pattern(
    "ward_result",
    r"^(?P<p>.+?) gained (?P<w>.+?) from (?P<ls>.+?) in an? (?P<c>.+?) by-election, "
    + PERSON
    + r" winning by (?P<n>"
    + N
    + r") votes?\.$",
)
def _w_gained(ctx: Ctx, m: re.Match[str]) -> None:
    ward = ctx.ward(m["w"])
    ctx.council(m["c"])
    p = ctx.party(m["p"])
    if ward is None or p is None:
        return
    _check_winner(ctx, ward, p)
    ctx.person(m["x"], ward, p, True, "winner")
    _by_gain(ctx, ward, p, ctx.parties(m["ls"]))
    _by_majority(ctx, ward, m)


@pattern(
    "ward_result",
    r"^(?P<pp>.+?'s?) "
    + PERSON
    + r" took (?P<w>.+?) from (?P<ls>.+?) in an? (?P<c>.+?) by-election, by "
    r"(?P<n>" + N + r") votes?\.$",
)
def _w_took(ctx: Ctx, m: re.Match[str]) -> None:
    ward = ctx.ward(m["w"])
    ctx.council(m["c"])
    p = ctx.party_poss(m["pp"])
    if ward is None or p is None:
        return
    _check_winner(ctx, ward, p)
    ctx.person(m["x"], ward, p, True, "winner")
    _by_gain(ctx, ward, p, ctx.parties(m["ls"]))
    _by_majority(ctx, ward, m)


@pattern(
    "ward_result",
    r"^(?P<p>.+?) held (?P<w>.+?) in an? (?P<c>.+?) by-election, "
    + PERSON
    + r" winning by (?P<n>"
    + N
    + r") votes?(?: over (?P<q>.+?))?\.$",
)
def _w_held(ctx: Ctx, m: re.Match[str]) -> None:
    ward = ctx.ward(m["w"])
    ctx.council(m["c"])
    p = ctx.party(m["p"])
    if ward is None or p is None:
        return
    _check_winner(ctx, ward, p)
    ctx.person(m["x"], ward, p, True, "winner")
    _by_hold(ctx, ward, p)
    _by_majority(ctx, ward, m)
    _runner_up(ctx, ward, m["q"])


@pattern(
    "ward_result",
    r"^"
    + PERSON
    + r" held (?P<w>.+?) for (?P<p>.+?) in an? (?P<c>.+?) by-election, with a majority of "
    r"(?P<n>" + N + r")(?: over (?P<q>.+?))?\.$",
)
def _w_held2(ctx: Ctx, m: re.Match[str]) -> None:
    _w_held(ctx, m)


def _by_hold(ctx: Ctx, ward: WardTruth, p: str) -> None:
    if ward.outcome is None:
        ctx.s.add(
            UNDERIVED,
            "gain",
            f"{ctx.name(p)} held {ward.name}",
            "the seat's holder is not in the rows",
        )
    else:
        ctx.s.expect(
            "gain", f"{ctx.name(p)} held {ward.name}", "hold", ward.outcome, _ward_story(ctx, ward)
        )


# context-only kinds (targets, threats, areas, quotes, majority changes, neighbours) need data a
# national file does not have: a sentence of theirs is reported unparsed so it is seen.


def check_sentence(truth: CouncilTruth, lex: Lexicon, s: Sentence, kind: str | None) -> None:
    """Read one sentence with the patterns (those of its kind first) and check its claims.

    'A local party' names no party: where more than one local party stood, the sentence is
    read with each, and the first reading with the fewest wrong (then unread) claims is kept."""
    choices = lex.local_choices if re.search(r"\blocal party\b", s.text, re.I) else []
    if len(choices) < 2:
        _check_sentence(truth, lex, s, kind)
        return
    # "a local party on three ... and another local party on one": two different ones
    other = re.search(r"\banother local party\b", s.text, re.I) is not None
    bindings: list[tuple[str, str | None]] = [
        (a, b) for a in choices for b in choices if a != b and other
    ] or [(a, None) for a in choices]
    readings = []
    for key, second in bindings:
        lex.local, lex.local_other = key, second
        trial = Sentence(s.text, s.council, s.draft, s.review)
        _check_sentence(truth, lex, trial, kind)
        readings.append(trial)
    lex.local, lex.local_other = choices[0], None

    def cost(r: Sentence) -> tuple[int, int]:
        return (
            sum(1 for f in r.findings if f.verdict == WRONG),
            sum(1 for f in r.findings if f.verdict == UNPARSED),
        )

    chosen = min(readings, key=cost)  # the first of the best readings
    s.findings.extend(chosen.findings)
    s.covered.extend(chosen.covered)
    s.match = chosen.match


def _check_sentence(truth: CouncilTruth, lex: Lexicon, s: Sentence, kind: str | None) -> None:
    ctx = Ctx(truth, lex, s)
    ordered = sorted(PATTERNS, key=lambda item: 0 if item[0] == kind else 1)
    for _kind, regex, handler in ordered:
        m = regex.match(s.text)
        if not m:
            continue
        s.match = m
        before = len(s.findings)
        handler(ctx, m)
        if len(s.findings) == before and not s.covered:
            # nothing claimed (a plain headline): the words are read
            pass
        s.covered.append((0, 0))
        break
    else:
        s.add(UNPARSED, kind or "sentence", s.text, "no pattern reads this sentence")
        s.cover_all()
        return
    s.covered.extend(lex.name_spans(s.text))
    for text in s.uncovered_numbers():
        s.add(UNPARSED, "number", f"number {text!r}", "no claim accounts for it")


__all__ = ["PATTERNS", "check_sentence", "parse_gain_list", "row_space"]
_ = (persons_match, parse_person)
