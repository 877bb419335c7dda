"""What each fact asserts, as claims, and the proof of a sentence's claims against them.

A parsed claim is proved when a claim of one of its sentence's facts has the same relation,
an entity in common in every role the sentence fills, and the same value of every figure the
sentence states. A claim no fact supports is an error; where a fact says something else about
the same entities (winner and loser swapped, a hold said as a gain, control given to the wrong
party) the error names the claim the fact does make.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from storygen.check.claims import Claim
from storygen.detect.fact import Entity, Fact
from storygen.realise.style import figure as show_figure
from storygen.realise.style import round_half_up

# the kinds of control a fact's status makes true (a sentence may say less: "has control")
CONTROL_STATUSES = {
    "retained": {"retained", "has"},
    "gained": {"gained", "has"},
    "unknown": {"has"},
    "secured": {"secured", "has"},
}


@dataclass(frozen=True)
class Supported:
    """A claim a fact makes, with the fact behind it and the names of its entities."""

    claim: Claim
    fact: str
    statuses: frozenset[str] = frozenset()


def _ids(entities: Sequence[Entity]) -> frozenset[str]:
    return frozenset(e.id for e in entities)


def _one(fact: Fact, role: str) -> frozenset[str]:
    return _ids(fact.entities.get(role, ()))


def _int(value: object) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(round_half_up(value))
    return None


def _claim(relation: str, status: str | None = None, **parts: object) -> Claim:
    roles: dict[str, frozenset[str]] = {}
    figures: dict[str, int] = {}
    for key, value in parts.items():
        if isinstance(value, frozenset):
            if value:
                roles[key] = value
        else:
            number = _int(value)
            if number is not None:
                figures[key] = number
    return Claim(relation, roles, figures, status=status)


def fact_claims(fact: Fact) -> list[Supported]:
    """Every claim a fact makes."""
    kind = fact.kind.value
    f = fact.figures
    q = fact.qualifiers
    out: list[Claim] = []
    statuses: frozenset[str] = frozenset()
    ward = _one(fact, "ward")
    party = _one(fact, "party")
    if kind == "gain" and q.get("summary"):
        out.append(_claim("gain_total", party=party, seats=f.get("seats")))
        losers = fact.entities.get("losers") or fact.entities.get("top_loser", ())
        for rank, loser in enumerate(losers, start=1):
            key = "from_top" if rank == 1 else f"from_top_{rank}"
            out.append(
                _claim("gain_count", party=party, loser=frozenset({loser.id}), seats=f.get(key))
            )
    elif kind == "gain":
        lost_by: list[frozenset[str]] = [
            frozenset({e.id}) for e in fact.entities.get("losers", ())
        ] or [frozenset()]
        for loser_ids in lost_by:
            out.append(
                _claim(
                    "gain",
                    party=party,
                    ward=ward,
                    loser=loser_ids,
                    seats=f.get("seats"),
                    majority=f.get("majority"),
                )
            )
        out.append(_claim("win", party=party, ward=ward))
        out.append(_claim("gain_total", party=party))  # "UKIP makes gains in Hartlepool"
        for elected in fact.entities.get("winners", ()):
            out.append(_claim("win", party=party, ward=ward, candidate=frozenset({elected.id})))
    elif kind in ("held_under_pressure", "held_against_challenger", "target_missed"):
        holder = _one(fact, "holder") if kind == "target_missed" else party
        challenger = party if kind == "target_missed" else _one(fact, "challenger")
        winner = _one(fact, "winner")
        out.append(
            _claim(
                "hold",
                party=holder,
                ward=ward,
                challenger=challenger,
                candidate=winner,
                majority=f.get("majority"),
            )
        )
        out.append(
            _claim("win", party=holder, ward=ward, candidate=winner, majority=f.get("majority"))
        )
        if kind == "target_missed":
            out.append(
                _claim("target", status="top" if q.get("top") else None, party=party, ward=ward)
            )
    elif kind == "failed_challenge":
        holder = _one(fact, "holder")
        out.append(_claim("failed", party=party, ward=ward, short_by=f.get("short_by")))
        out.append(_claim("hold" if q.get("held") else "win", party=holder, ward=ward))
        out.append(_claim("win", party=holder, ward=ward))
    elif kind == "defeated_incumbent" and q.get("summary"):
        out.append(
            _claim(
                "defeated_count",
                party=_one(fact, "top_party"),
                count=f.get("count"),
                top_count=f.get("top_count"),
            )
        )
    elif kind == "defeated_incumbent":
        out.append(
            _claim(
                "beaten",
                candidate=_one(fact, "candidate"),
                party=party,
                ward=ward,
                winner=_one(fact, "winner"),
                winner_party=_one(fact, "winner_party"),
                margin=f.get("margin"),
            )
        )
    elif kind == "composition":
        total = f.get("total_seats")
        for key, value in f.items():
            if key.startswith("seats:"):
                ids = frozenset({key.removeprefix("seats:")})
                out.append(_claim("seats", party=ids, seats=value, total=total))
            elif key.startswith("before:"):
                ids = frozenset({key.removeprefix("before:")})
                out.append(_claim("seats", party=ids, before=value))
            elif key.startswith("change:"):
                ids = frozenset({key.removeprefix("change:")})
                change = _int(value)
                out.append(_claim("change", party=ids, change=value))
                if change:
                    out.append(_claim("change", status="up" if change > 0 else "down", party=ids))
    elif kind == "control":
        status = q.get("status", "unknown")
        statuses = frozenset(CONTROL_STATUSES.get(status, {"has"}))
        council = _one(fact, "council")
        control_claim = _claim("control", party=party, council=council, until=f.get("until"))
        if _one(fact, "from"):
            control_claim.roles["from"] = _one(fact, "from")
        out.append(control_claim)
        seats = f.get("seats", f.get("seats_at_least"))
        out.append(_claim("seats", party=party, seats=seats, total=f.get("total_seats")))
    elif kind == "no_overall_control":
        status = q.get("status", "unknown")
        statuses = frozenset({"any", status})
        out.append(_claim("noc"))
        for largest in fact.entities.get("largest", ()):
            ids = frozenset({largest.id})
            out.append(
                _claim(
                    "largest",
                    party=ids,
                    council=_one(fact, "council"),
                    short_by=f.get("short_by"),
                    needed=f.get("majority_needed"),
                )
            )
            out.append(_claim("seats", party=ids, seats=f.get("seats"), total=f.get("total_seats")))
        lost = _one(fact, "lost")
        if lost:
            out.append(_claim("control", party=lost, council=_one(fact, "council")))
    elif kind == "turnout":
        if q.get("extreme"):
            out.append(_claim("turnout", status=q["extreme"], ward=ward, percent=f.get("turnout")))
        else:
            out.append(_claim("turnout", percent=f.get("turnout")))
    elif kind in ("closest_result", "biggest_majority"):
        seats = _int(f.get("seats")) or 1
        majority = f.get("majority")
        winner = _one(fact, "winner")
        out.append(
            _claim(
                "closest" if kind == "closest_result" else "biggest",
                ward=ward,
                party=party,
                majority=majority,
            )
        )
        if seats > 1:
            out.append(
                _claim(
                    "last_seat",
                    party=party,
                    candidate=winner,
                    ward=ward,
                    seats=seats,
                    majority=majority,
                    loser=_one(fact, "loser"),
                    loser_party=_one(fact, "runner_up"),
                )
            )
        outcome = q.get("outcome")
        if outcome == "held":
            out.append(_claim("hold", party=party, ward=ward, candidate=winner, majority=majority))
        elif outcome == "gain" and seats == 1:
            out.append(_claim("gain", party=party, ward=ward, candidate=winner, majority=majority))
        out.append(
            _claim(
                "win",
                party=party,
                ward=ward,
                candidate=winner,
                majority=majority if seats == 1 else None,
                runner_up=_one(fact, "runner_up") if seats == 1 else frozenset(),
            )
        )
    elif kind == "majority_change":
        out.append(
            _claim(
                "majority",
                party=party,
                ward=ward,
                majority=f.get("majority"),
                previous=f.get("previous_majority"),
                year=f.get("previous_year"),
            )
        )
        out.append(_claim("win", party=party, ward=ward, candidate=_one(fact, "winner")))
    elif kind in ("vote_share", "share_change", "ward_share_change"):
        # a share now, or (history) then: "Reform UK, with 6 per cent in 2021, did not stand"
        for key, value in f.items():
            for prefix in ("share:", "previous_share:"):
                if key.startswith(prefix) and value is not None:
                    ids = frozenset({key.removeprefix(prefix)})
                    out.append(_claim("share", party=ids, percent=value))
            if key.startswith("change_points:"):
                ids = frozenset({key.removeprefix("change_points:")})
                out.append(_claim("share_change", party=ids, change=value))
    elif kind == "shut_out":
        wards = -1 if q.get("everywhere") else f.get("wards_contested")
        out.append(_claim("shut_out", party=party, wards=wards))
    elif kind == "neighbour":
        council = _one(fact, "council")
        if q.get("status") == "control":
            statuses = frozenset({"has", "retained", "gained"})
            out.append(_claim("control", party=party, council=council))
        else:
            out.append(_claim("largest", party=party, council=council))
        out.append(
            _claim(
                "seats", party=party, council=council, seats=f.get("seats"),
                total=f.get("total_seats"),
            )
        )  # fmt: skip
        change = _int(f.get("change"))
        if change:
            out.append(_claim("change", party=party, change=change))
    elif kind == "ward_result":
        winner_party = _one(fact, "winner_party")
        runner = _one(fact, "runner_up")
        outcome = q.get("outcome")
        majority = f.get("majority")
        # a by-election's story names its winner: "Barbara Ashwood took Trumpington from ..."
        winners = _one(fact, "winners") if q.get("by_election") else frozenset()
        if outcome == "gain":
            took_from: list[frozenset[str]] = [
                frozenset({e.id}) for e in fact.entities.get("losers", ())
            ] or [frozenset()]
            for loser_ids in took_from:
                for gainer in fact.entities.get("gainers", ()):
                    out.append(
                        _claim(
                            "gain",
                            party=frozenset({gainer.id}),
                            ward=ward,
                            loser=loser_ids,
                            majority=majority,
                            candidate=winners,
                        )
                    )
        elif outcome == "hold":
            out.append(
                _claim(
                    "hold",
                    party=winner_party,
                    ward=ward,
                    majority=majority,
                    candidate=winners,
                    challenger=runner,
                )
            )
        for elected in fact.entities.get("winners", ()):
            out.append(
                _claim(
                    "win",
                    party=winner_party,
                    candidate=frozenset({elected.id}),
                    ward=ward,
                    majority=majority,
                    runner_up=runner,
                )
            )
        out.append(_claim("win", party=winner_party, ward=ward, majority=majority))
    elif kind == "first_seats":
        # a party's first seats: won, and gained (it defended none); "taking two in X"
        for w in fact.entities.get("wards", ()):
            ids = frozenset({w.id})
            out.append(_claim("win", party=party, ward=ids))
            out.append(_claim("gain", party=party, ward=ids))
        out.append(_claim("seats", party=party, seats=f.get("seats")))
    elif kind == "progress":
        pass
    return [Supported(c, fact.id, statuses) for c in out]


# -- proof ---------------------------------------------------------------------------------------


def proves(supported: Supported, claim: Claim) -> bool:
    """Whether a fact's claim proves a parsed claim."""
    s = supported.claim
    if s.relation != claim.relation:
        return False
    if claim.relation in ("control", "noc"):
        if claim.status and claim.status not in (supported.statuses or {"has", "any"}):
            return False
    elif claim.status and claim.status != s.status:
        return False
    for role, ids in claim.roles.items():
        if role not in s.roles or not ids & s.roles[role]:
            return False
    for key, value in claim.figures.items():
        if key not in s.figures or s.figures[key] != value:
            return False
    return True


def overlap(supported: Supported, claim: Claim) -> int:
    """How much a fact's claim has in common with a parsed one (to name the closest)."""
    s = supported.claim
    score = 0
    claimed = set().union(*claim.roles.values()) if claim.roles else set()
    stated = set().union(*s.roles.values()) if s.roles else set()
    score += 2 * len(claimed & stated)
    if s.relation == claim.relation:
        score += 1
    if s.relation == OPPOSITE.get(claim.relation):
        score += 3  # a gain said of a hold names the hold, not the win it also was
    wards = claim.roles.get("ward", frozenset())
    if wards and wards & s.roles.get("ward", frozenset()):
        score += 3
    return score


OPPOSITE = {"gain": "hold", "hold": "gain", "win": "gain", "last_seat": "win"}
RELATED = {
    "gain": {"gain", "hold", "win", "last_seat", "beaten"},
    "hold": {"hold", "gain", "win", "last_seat"},
    "win": {"win", "gain", "hold", "last_seat"},
    "last_seat": {"last_seat", "win", "gain", "hold"},
    "beaten": {"beaten", "win", "gain", "hold"},
    "control": {"control", "noc", "largest"},
    "noc": {"noc", "control", "largest"},
    "largest": {"largest", "control", "noc"},
}


def closest(claim: Claim, supported: Iterable[Supported]) -> Supported | None:
    """The fact's claim nearest to a parsed claim: same kind of relation, most in common."""
    related = RELATED.get(claim.relation, {claim.relation})
    ranked = [
        (overlap(s, claim), -i, s) for i, s in enumerate(supported) if s.claim.relation in related
    ]
    if not ranked:
        return None
    score, _, best = max(ranked, key=lambda r: (r[0], r[1]))
    return best if score > 0 or best.claim.relation == claim.relation else None


def contradicts(supported: Supported | None, claim: Claim) -> bool:
    """Whether the nearest fact's claim is about the same entities (a wrong direction)."""
    if supported is None:
        return False
    s = supported.claim
    claimed = set().union(*claim.roles.values()) if claim.roles else set()
    stated = set().union(*s.roles.values()) if s.roles else set()
    return bool(claimed & stated) or s.relation == claim.relation


# -- words ---------------------------------------------------------------------------------------

STATUS_WORDS = {
    "gained": "took control of",
    "retained": "kept control of",
    "lost": "lost control of",
    "secured": "secured control of",
    "has": "has control of",
}


def describe(claim: Claim, names: dict[str, str], statuses: Iterable[str] = ()) -> str:
    """A claim in plain words ("Labour gained Weoley from the Conservatives")."""

    def name(role: str) -> str:
        ids = claim.roles.get(role, frozenset())
        shown = sorted({names.get(i, i) for i in ids})
        return " or ".join(shown)

    def fig(key: str, unit: str = "") -> str:
        if key not in claim.figures:
            return ""
        return show_figure(claim.figures[key]) + unit

    r = claim.relation
    who = (
        name("candidate") and f"{name('candidate')} ({name('party')})"
        if name("party")
        else (name("candidate") or "")
    )
    who = who or name("party")
    majority = f" by {fig('majority')} votes" if "majority" in claim.figures else ""
    if r == "gain":
        text = f"{who} gained {name('ward')}"
        if "seats" in claim.figures:
            text += f" ({fig('seats')} seat{'s' if claim.figures['seats'] != 1 else ''})"
        if "loser" in claim.roles:
            text += f" from {name('loser')}"
        return text + majority
    if r == "hold":
        text = f"{who} held {name('ward')}"
        if "challenger" in claim.roles:
            text += f" against {name('challenger')}"
        return text + majority
    if r == "win":
        text = f"{who} won {name('ward')}" + majority
        if "runner_up" in claim.roles:
            text += f" over {name('runner_up')}"
        return text
    if r == "last_seat":
        text = f"{who} took the last of the {fig('seats')} seats in {name('ward')}" + majority
        if "loser" in claim.roles or "loser_party" in claim.roles:
            text += f" from {name('loser')} ({name('loser_party')})"
        return text
    if r == "beaten":
        text = f"{name('candidate')} ({name('party')}) was beaten in {name('ward')}"
        if "winner" in claim.roles or "winner_party" in claim.roles:
            text += f" by {name('winner')} ({name('winner_party')})".replace(" ()", "")
        if "margin" in claim.figures:
            text += f", losing by {fig('margin')} votes"
        return text
    if r == "control":
        status = sorted(s for s in statuses if s != "has") or [claim.status or "has"]
        verb = STATUS_WORDS.get(status[0], "has control of")
        return f"{who} {verb} {name('council') or 'the council'}"
    if r == "noc":
        return "no overall control"
    if r == "largest":
        return f"{who} the largest party" + (
            f" in {name('council')}" if "council" in claim.roles else ""
        )
    if r == "seats":
        text = f"{who} on {fig('seats')} seats"
        return text + (f" of {fig('total')}" if "total" in claim.figures else "")
    if r == "change":
        if "change" in claim.figures:
            return f"{who} {claim.figures['change']:+d} seats"
        return f"{who} {claim.status} overall"
    if r == "share":
        return f"{who} {fig('percent')} per cent of the votes"
    if r == "share_change":
        return f"{who}'s share {claim.figures.get('change', 0):+d} points"
    if r == "turnout":
        where = f" in {name('ward')}" if "ward" in claim.roles else ""
        return f"turnout {fig('percent')} per cent{where}" + (
            f" ({claim.status})" if claim.status else ""
        )
    if r == "target":
        return f"{name('ward')} a {'top ' if claim.status else ''}target of {name('party')}"
    if r == "failed":
        return f"{who}'s challenge in {name('ward')} failed" + (
            f" by {fig('short_by')} votes" if "short_by" in claim.figures else ""
        )
    if r == "shut_out":
        return f"{who} won no seats"
    if r in ("closest", "biggest"):
        label = "the closest result" if r == "closest" else "the biggest majority"
        return f"{label} in {name('ward')}" + (
            f", {fig('majority')}" if "majority" in claim.figures else ""
        )
    if r == "majority":
        return (
            f"{who}'s majority in {name('ward')} from {fig('previous')} in "
            f"{claim.figures.get('year', '')} to {fig('majority')}"
        )
    if r == "member":
        return f"{name('candidate')} of {name('party')}"
    if r == "gain_count":
        return f"{who} took {fig('seats')} seats from {name('loser')}"
    if r == "gain_total":
        return f"{who} made {fig('seats')} gains"
    if r == "defeated_count":
        return (
            f"{fig('count')} sitting councillors lost, {fig('top_count')} of them {name('party')}"
        )
    return r
