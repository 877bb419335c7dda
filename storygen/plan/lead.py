"""What the lead and the standing paragraph say: decided here, phrased by the templates.

The lead is the news, in this order of precedence:
1. control changed: a party took control (from whom, or from no overall control; for the
   first time the compositions know of), or the party in control lost it;
2. control kept, or no overall control again, with the net change of the party in control
   (or the largest party);
3. without a word on control: the biggest net gain; or that no seat changed hands.
With it goes the biggest collapse (or, where the lead party has no change to tell, surge) of
another party, its seats before and after: a move of at least `MOVER_SEATS` seats and
`MOVER_SHARE` of what it had. The standing paragraph then gives each party's seats once:
parties whose figures the lead stated are left out of it, and control is said there only when
the lead did not say it.
"""

from __future__ import annotations

from dataclasses import dataclass

from storygen.detect.fact import Entity, Fact
from storygen.model import FactKind

MOVER_SEATS = 3  # a collapse or surge of at least this many seats
MOVER_SHARE = 0.25  # and at least this share of the seats the party had


@dataclass(frozen=True)
class Standing:
    """A party in the standing paragraph: its seats after, and its change when told."""

    party: Entity
    seats: int
    change: int | None  # None: not said (unknown, or said in the lead)
    before: int | None = None  # its seats before, where the composition gives them


@dataclass(frozen=True)
class Mover:
    """A party's collapse or surge: seats before and after the poll."""

    party: Entity
    before: int
    after: int

    @property
    def change(self) -> int:
        """Seats gained (negative: lost)."""
        return self.after - self.before


@dataclass(frozen=True)
class LeadPlan:
    """What the lead tells, chosen from the facts; templates only phrase it."""

    event: str  # took, lost, kept, controls, noc, noc_unknown, change, no_change, none
    party: Entity | None = None  # the party the lead is about
    from_party: Entity | None = None  # the party that lost control to it
    change: int | None = None  # the lead party's net change, when told
    mover: Mover | None = None
    basis: str | None = None  # the changes' baseline: "defended" or "year" (a year earlier)
    before_basis: str | None = None  # the seats before: "defended" (at the poll) or "year"
    held_since: int | None = None  # the year the party that lost control had held it since
    known_since: int | None = None  # the first year the compositions know (held "at least" since)
    first_since: int | None = None  # a party in control for the first time since this year
    largest: tuple[Entity, ...] = ()  # no overall control: the largest parties


@dataclass(frozen=True)
class StandingPlan:
    """The standing of the parties, each figure once, and control where the lead left it."""

    parties: tuple[Standing, ...]  # most seats first, others last
    control: Fact | None  # the control or no-overall-control fact to state here, if any
    same_change: int | None  # every party after the first moved by this many (for "apiece")
    basis: str | None = None


def _figure(fact: Fact, key: str, party: Entity) -> int | None:
    value = fact.figures.get(f"{key}:{party.id}")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _before_basis(composition: Fact | None) -> str | None:
    return composition.qualifiers.get("before") if composition is not None else None


def _basis(composition: Fact | None) -> str | None:
    if composition is None:
        return None
    return "year" if composition.qualifiers.get("year") else composition.qualifiers.get("change")


def _mover(composition: Fact | None, exclude: str | None, losers_first: bool) -> Mover | None:
    """The biggest collapse (or surge) of a party other than `exclude`."""
    if composition is None:
        return None
    moves = []
    for party in composition.entities.get("parties", ()):
        if party.id in (exclude, "party/Oth", "party/Ind"):
            continue
        before, after = _figure(composition, "before", party), _figure(composition, "seats", party)
        change = _figure(composition, "change", party)
        if before is None or change is None:
            continue
        after = after if after is not None else 0
        if after - before != change:
            continue  # the change is against another baseline than this before
        if abs(change) >= MOVER_SEATS and abs(change) >= MOVER_SHARE * max(before, 1):
            moves.append(Mover(party=party, before=before, after=after))
    if not moves:
        return None
    falls = [m for m in moves if m.change < 0]
    rises = [m for m in moves if m.change > 0]
    pool = (falls or rises) if losers_first else (rises or falls)
    return sorted(pool, key=lambda m: (-abs(m.change), m.party.id))[0]


def lead_plan(control: Fact | None, composition: Fact | None) -> LeadPlan:
    """Choose what the lead says."""
    basis = _basis(composition)
    if control is not None and control.kind == FactKind.CONTROL:
        party = control.entity("party")
        status = control.qualifiers.get("status")
        change = _figure(composition, "change", party) if composition else None
        event = {"gained": "took", "retained": "kept"}.get(str(status), "controls")
        from_party = control.entity("from") if control.entities.get("from") else None
        mover = _mover(composition, party.id, losers_first=True)
        held = control.figures.get("held_since")
        first = control.figures.get("first_since")
        if event == "took" and (mover is not None or basis != "defended" or not change):
            change = None  # told as a gain of seats only against the seats defended
        return LeadPlan(
            event=event,
            party=party,
            from_party=from_party,
            change=change,
            mover=mover,
            basis=basis,
            before_basis=_before_basis(composition),
            held_since=held if isinstance(held, int) and from_party is not None else None,
            known_since=_int(control.figures.get("known_since")),
            first_since=first if isinstance(first, int) else None,
        )
    if control is not None:  # no overall control
        status = control.qualifiers.get("status")
        largest = control.entities.get("largest", ())
        if status == "lost":
            loser = control.entity("lost")
            mover = _mover(composition, None, losers_first=True)
            held = control.figures.get("held_since")
            return LeadPlan(
                event="lost",
                party=loser,
                change=None,
                mover=mover,
                basis=basis,
                before_basis=_before_basis(composition),
                held_since=held if isinstance(held, int) else None,
                known_since=_int(control.figures.get("known_since")),
                largest=tuple(largest),
            )
        event = "noc" if status == "continues" else "noc_unknown"
        top = largest[0] if len(largest) == 1 else None
        return LeadPlan(
            event=event,
            party=top,
            change=None,
            mover=_mover(composition, top.id if top else None, losers_first=True),
            basis=basis,
            before_basis=_before_basis(composition),
            largest=tuple(largest),
        )
    if composition is not None:
        gainers = composition.entities.get("gainers", ())
        if gainers:
            party = gainers[0]
            return LeadPlan(
                event="change",
                party=party,
                change=_figure(composition, "change", party),
                mover=_mover(composition, party.id, losers_first=True),
                basis=basis,
                before_basis=_before_basis(composition),
            )
        return LeadPlan(event="no_change", basis=basis)
    return LeadPlan(event="none")


def says_control(lead: LeadPlan) -> bool:
    """Whether the lead says who controls the council (then the standing paragraph does not).

    Control kept with a change of seats to tell leads on the change, as the reference does,
    and leaves control to the standing paragraph.
    """
    if lead.event == "kept":
        return not lead.change
    return lead.event in ("took", "lost", "controls", "noc", "noc_unknown")


def told_by_lead(lead: LeadPlan) -> set[str]:
    """Party entity ids whose seat figures the lead states (the mover's before and after)."""
    told = {lead.mover.party.id} if lead.mover else set()
    if lead.event == "controls" and lead.party is not None:
        told.add(lead.party.id)  # "has control, with 24 of the 39 seats"
    return told


def standing_plan(
    composition: Fact | None,
    control: Fact | None,
    lead: LeadPlan,
    told_elsewhere: set[str] | frozenset[str] = frozenset(),
    changes_told: set[str] | frozenset[str] = frozenset(),
) -> StandingPlan | None:
    """The standing of the parties after the poll, leaving out what the lead (or another
    sentence, such as a party's first seats) said."""
    if composition is None:
        return None
    told = told_by_lead(lead) | set(told_elsewhere)
    rows: list[Standing] = []
    for party in composition.entities.get("parties", ()):
        seats = _figure(composition, "seats", party)
        if seats is None or party.id in told:
            continue
        change = _figure(composition, "change", party)
        if party.id == (lead.party.id if lead.party else None) and lead.change is not None:
            change = None  # the lead said it
        if (party.id == "party/Oth" and not change) or party.id in changes_told:
            change = None
        rows.append(
            Standing(
                party=party,
                seats=seats,
                change=change,
                before=_figure(composition, "before", party),
            )
        )
    rest = [r.change for r in rows[1:] if r.party.id != "party/Oth"]
    same = rest[0] if rest and all(c == rest[0] for c in rest) and rest[0] else None
    if same is not None:
        # "were down one apiece": others that did not move the same way would break it, and
        # are left out (Cambridge 2019: others down one beside the Lib Dems' two up)
        rows = [r for r in rows if r.party.id != "party/Oth" or r.change == same]
    return StandingPlan(
        parties=tuple(rows),
        control=None if says_control(lead) else control,
        same_change=same,
        basis=_basis(composition),
    )
