"""The facts proved against the records: a second derivation, deliberately separate.

Nothing here comes from `storygen.analyse`: each fact a draft states is worked out again from
the election's own records (candidates, votes, who was elected, the seats defended, the
compositions, ballots and electorates, targets and threats), by the definitions of the brief:

- majority: winner minus runner-up; with several seats, the lowest elected minus the highest
  not elected, credited to the party and candidate elected last and measured to the first not
  elected;
- gain and hold: against the party defending the seat; a party's gains in a ward are the seats
  it won beyond those it defended;
- the composition after the poll: where every seat was up, the tally of the winners; where part
  of the council was, the composition before minus the seats defended plus the seats won
  (parties the composition lumps into others stay among them);
- control, before and after, each against its own composition's size: more than half of its
  seats; others and independents never control; where others could hide a local group's
  majority, control is not known either way;
- turnout: as reported (the validation layer holds a reported turnout to ballots over
  electorate), else ballots over electorate, else in a ward of one seat votes over electorate;
- shares: a party's votes over all votes in the contested wards.

A fact the records do not bear out is a fault of the draft, named with the records it rests on.
A void ward (validation found its result unreadable) has no result to prove.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from storygen.detect.fact import Fact
from storygen.model import (
    Candidate,
    Election,
    ElectionType,
    Incumbency,
    Source,
    Ward,
    incumbency,
)
from storygen.parties import party_table

NOT_A_PARTY = frozenset({"Oth", "Ind"})
TOLERANCE = 0.05  # points: a share or turnout as computed, before rounding for prose


@dataclass(frozen=True)
class Fault:
    """A fact the records contradict: what it says, what they say, and which records."""

    fact: str
    message: str
    expected: str
    records: tuple[str, ...] = ()


@dataclass
class _Ward:
    """One ward's result worked out from its candidate rows."""

    ward: Ward
    ranked: list[Candidate]
    elected: list[Candidate]
    unelected: list[Candidate]
    contested: bool
    majority: int | None = None
    last: Candidate | None = None  # the last elected (the seat the majority is for)
    first_loser: Candidate | None = None  # None when several tie for it
    won: Counter[str] = field(default_factory=Counter)
    defended: Counter[str] | None = None  # None when a seat's defender is not known

    @property
    def gains(self) -> dict[str, int]:
        if self.defended is None:
            return {}
        return {p: n - self.defended[p] for p, n in self.won.items() if n > self.defended[p]}

    @property
    def losses(self) -> dict[str, int]:
        if self.defended is None:
            return {}
        return {p: n - self.won[p] for p, n in self.defended.items() if n > self.won[p]}


def _party(code: str) -> str:
    return f"party/{code}"


def _code(entity_id: str) -> str:
    return entity_id.removeprefix("party/")


def _name(code: str) -> str:
    table = party_table()
    party = table.parties.get(code) or table.local(code)
    return party.name


def _ward_result(ward: Ward, stv: bool) -> _Ward:
    order = {c.id: i for i, c in enumerate(ward.candidates)}
    ranked = sorted(ward.candidates, key=lambda c: (-(c.votes or 0), not c.elected, order[c.id]))
    elected = [c for c in ranked if c.elected]
    unelected = [c for c in ranked if not c.elected]
    contested = ward.declared and len(ward.candidates) > ward.seats_up
    result = _Ward(ward, ranked, elected, unelected, contested)
    result.won = Counter(c.party for c in elected)
    if len(ward.defending) == ward.seats_up:
        result.defended = Counter(d.party for d in ward.defending)
    if contested and elected and unelected and not stv:
        last = min(elected, key=lambda c: (c.votes or 0, -ranked.index(c)))
        top_loser = max(c.votes or 0 for c in unelected)
        if (last.votes or 0) >= top_loser:
            result.majority = (last.votes or 0) - top_loser
            result.last = last
            tied = [c for c in unelected if (c.votes or 0) == top_loser]
            result.first_loser = tied[0] if len(tied) == 1 else None
    return result


@dataclass(frozen=True)
class _Control:
    party: str | None
    none: bool  # certainly no overall control
    size: int

    @property
    def needed(self) -> int:
        return self.size // 2 + 1


def _control(seats: dict[str, int] | None) -> _Control | None:
    if not seats:
        return None
    size = sum(seats.values())
    needed = size // 2 + 1
    for party, n in seats.items():
        if party not in NOT_A_PARTY and n >= needed:
            return _Control(party, False, size)
    return _Control(None, seats.get("Oth", 0) < needed, size)


class _Fault(Protocol):
    def __call__(self, message: str, expected: str, records: Iterable[str] = ()) -> None: ...


class Records:
    """The election's records, and what they bear out."""

    def __init__(self, election: Election) -> None:
        self.election = election
        stv = election.first_preferences_only
        self.wards = {w.id: _ward_result(w, stv) for w in election.wards}
        self.void = {w.id for w in election.wards if w.void}
        self.omitted = [w for w in election.warnings if w.omit]
        self.usable = all(w.declared and w.id not in self.void for w in election.wards)
        self.before = (
            dict(election.composition_before.seats) if election.composition_before else None
        )
        self._won = self._tally_won()
        self._defended = self._tally_defended()
        self.after, self.after_basis = self._after()

    # -- the council ---------------------------------------------------------------------------

    def every_seat_up(self) -> bool:
        election = self.election
        total = election.council.total_seats
        return election.type is ElectionType.ALL_OUT or (
            total is not None and election.seats_up >= total
        )

    def won(self) -> Counter[str]:
        """Seats won by party, over every ward."""
        return self._won

    def defended(self) -> Counter[str] | None:
        """Seats defended by party, where every seat's defender is known."""
        return self._defended

    def _tally_won(self) -> Counter[str]:
        won: Counter[str] = Counter()
        for result in self.wards.values():
            won.update(result.won)
        return won

    def _tally_defended(self) -> Counter[str] | None:
        defended: Counter[str] = Counter()
        for result in self.wards.values():
            if result.defended is None:
                return None
            defended.update(result.defended)
        return defended

    def _after(self) -> tuple[dict[str, int] | None, str | None]:
        if not self.usable:
            return None, None
        won = self.won()
        if self.every_seat_up():
            return {p: n for p, n in won.items() if n}, "tally"
        defended = self.defended()
        if (
            defended is not None
            and self.before is not None
            and not self.election.boundaries_changed
        ):
            listed = set(self.before)
            after: Counter[str] = Counter(self.before)
            for party, n in defended.items():
                after[party if party in listed else "Oth"] -= n
            for party, n in won.items():
                after[party if party in listed else "Oth"] += n
            if all(n >= 0 for n in after.values()):
                return {p: n for p, n in after.items() if n}, "arithmetic"
        if self.election.composition_after is not None:
            return dict(self.election.composition_after.seats), "reported"
        return None, None

    @cached_property
    def sources(self) -> dict[str, Source]:
        """Where each record came from (worked out only when a fault is named)."""
        return self.election.record_sources()

    def cite(self, ids: Iterable[str]) -> tuple[str, ...]:
        """Records by id with where they came from."""
        out = []
        for i in dict.fromkeys(ids):
            source = self.sources.get(i)
            out.append(f"{i} ({source})" if source else i)
        return tuple(out)

    # -- proof ---------------------------------------------------------------------------------

    def prove(self, fact: Fact) -> list[Fault]:
        """What the records contradict in one fact (nothing: it is borne out)."""
        faults: list[Fault] = []

        def fault(message: str, expected: str, records: Iterable[str] = ()) -> None:
            faults.append(Fault(fact.id, message, expected, self.cite(records)))

        voided = [r for r in fact.sources if r in self.void]
        if voided and fact.kind.value != "progress":
            fault(
                "rests on a ward whose result is void (validation could not read it)",
                "nothing said of that ward",
                voided,
            )
            return faults
        for warning in self.omitted:
            if warning.records and warning.touches(fact.kind.value, fact.sources):
                fault(
                    f"rests on records the validation layer left out ({warning.message})",
                    "the fact left out",
                    warning.records,
                )
                return faults
        check = getattr(self, f"_{fact.kind.value}", None)
        if check is not None:
            check(fact, fault)
        return faults

    def _ward(self, fact: Fact, role: str = "ward") -> _Ward | None:
        entities = fact.entities.get(role, ())
        if len(entities) != 1:
            return None
        return self.wards.get(entities[0].id)

    def _cands(self, result: _Ward) -> list[str]:
        return [c.id for c in result.ranked]

    def _gain(self, fact: Fact, fault: _Fault) -> None:
        party = _code(fact.entity("party").id)
        if fact.qualifiers.get("summary"):
            self._gain_summary(fact, party, fault)
            return
        result = self._ward(fact)
        if result is None:
            return
        records = [result.ward.id, *self._cands(result)]
        if result.defended is None:
            fault("a gain where the records do not say who defended every seat", "no gain", records)
            return
        gained = result.gains.get(party, 0)
        if gained != fact.figures.get("seats"):
            fault(
                f"says {_name(party)} gained {fact.figures.get('seats')} seat(s) in "
                f"{result.ward.name}",
                f"{gained} (won {result.won[party]}, defended {result.defended[party]})",
                records,
            )
        for loser in fact.entities.get("losers", ()):
            code = _code(loser.id)
            if not result.losses.get(code):
                fault(
                    f"says {_name(party)} took {result.ward.name} from {_name(code)}",
                    "the seats lost there: "
                    + (", ".join(_name(p) for p in sorted(result.losses)) or "none"),
                    records,
                )
        winners = {c.id for c in result.elected if c.party == party}
        for winner in fact.entities.get("winners", ()):
            if winner.id not in winners:
                fault(f"names {winner.name} as a winner for {_name(party)}", "the elected", records)
        self._majority_figure(fact, result, fault, records)

    def _majority_figure(
        self, fact: Fact, result: _Ward, fault: _Fault, records: list[str]
    ) -> None:
        if "majority" in fact.figures and fact.figures["majority"] != result.majority:
            fault(
                f"gives {result.ward.name} a majority of {fact.figures['majority']}",
                f"{result.majority} (lowest elected minus highest not elected)"
                if result.majority is not None
                else "no majority",
                records,
            )

    def _gain_summary(self, fact: Fact, party: str, fault: _Fault) -> None:
        total = 0
        taken: Counter[str] = Counter()
        for result in self.wards.values():
            gains, losses = result.gains, result.losses
            total += gains.get(party, 0)
            if party in gains and len(gains) == 1:
                taken.update(losses)
            elif party in gains and len(losses) == 1:
                taken[next(iter(losses))] += gains[party]
        if total != fact.figures.get("seats"):
            fault(
                f"says {_name(party)} made {fact.figures.get('seats')} gains",
                f"{total} (seats won beyond those defended, ward by ward)",
                [w for w in fact.sources],
            )
        losers = fact.entities.get("losers") or fact.entities.get("top_loser", ())
        for rank, loser in enumerate(losers, start=1):
            key = "from_top" if rank == 1 else f"from_top_{rank}"
            stated = fact.figures.get(key)
            code = _code(loser.id)
            if isinstance(stated, int) and (
                stated > taken[code]
                or (not fact.qualifiers.get("at_least") and stated != taken[code])
            ):
                fault(
                    f"says {_name(party)} took {stated} seats from {_name(code)}",
                    f"{taken[code]} taken where it is clear who lost them",
                    list(fact.sources),
                )

    def _hold_of(
        self, fact: Fact, holder_role: str, challenger_role: str | None, fault: _Fault
    ) -> _Ward | None:
        result = self._ward(fact)
        if result is None:
            return None
        holder = _code(fact.entity(holder_role).id)
        records = [result.ward.id, *self._cands(result)]
        defenders = set(result.defended or ())
        if result.ward.seats_up != 1 or result.defended is None or defenders != {holder}:
            fault(
                f"says {_name(holder)} held {result.ward.name}",
                "the defending party: "
                + (", ".join(_name(p) for p in sorted(defenders)) or "not known"),
                records,
            )
        elif result.won[holder] != 1:
            won = ", ".join(_name(c.party) for c in result.elected)
            fault(f"says {_name(holder)} held {result.ward.name}", f"won by {won}", records)
        if challenger_role and fact.entities.get(challenger_role):
            challenger = _code(fact.entity(challenger_role).id)
            second = result.first_loser.party if result.first_loser else None
            if second != challenger:
                fault(
                    f"names {_name(challenger)} as the challenger (second) in {result.ward.name}",
                    _name(second) if second else "no single runner-up",
                    records,
                )
        for role in ("winner",):
            for winner in fact.entities.get(role, ()):
                if winner.id not in {c.id for c in result.elected}:
                    fault(f"names {winner.name} as the winner", "an elected candidate", records)
        self._majority_figure(fact, result, fault, records)
        return result

    def _held_under_pressure(self, fact: Fact, fault: _Fault) -> None:
        self._hold_of(fact, "party", "challenger", fault)

    def _held_against_challenger(self, fact: Fact, fault: _Fault) -> None:
        self._hold_of(fact, "party", "challenger", fault)
        area = fact.entities.get("area", ())
        ward = fact.entities.get("ward", ())
        if area and ward:
            known = {a.id: a for a in self.election.areas}
            record = known.get(area[0].id)
            if record is None or ward[0].id not in record.wards:
                fault(
                    f"places {ward[0].name} in {area[0].name}", "the area's own wards", [area[0].id]
                )

    def _target_missed(self, fact: Fact, fault: _Fault) -> None:
        self._hold_of(fact, "holder", None, fault)
        party = _code(fact.entity("party").id)
        ward = fact.entity("ward").id
        targets = [t for t in self.election.targets if t.party == party and ward in t.wards]
        if not targets:
            fault(
                f"says {_name(party)} targeted {fact.entity('ward').name}", "no such target", [ward]
            )
        elif fact.qualifiers.get("top") and not any(t.top == ward for t in targets):
            fault(
                f"says {fact.entity('ward').name} was {_name(party)}'s top target",
                "a target, not the top one",
                [t.id for t in targets],
            )

    def _failed_challenge(self, fact: Fact, fault: _Fault) -> None:
        result = self._ward(fact)
        if result is None:
            return
        party = _code(fact.entity("party").id)
        records = [result.ward.id, *self._cands(result)]
        if not any(t.party == party and result.ward.id in t.wards for t in self.election.threats):
            fault(
                f"says {_name(party)} was feared in {result.ward.name}", "no such threat", records
            )
        if result.won[party]:
            fault(
                f"says {_name(party)}'s challenge failed in {result.ward.name}", "it won", records
            )
        holder = _code(fact.entity("holder").id)
        if result.elected and result.elected[0].party != holder:
            fault(
                f"says {_name(holder)} won {result.ward.name}",
                _name(result.elected[0].party),
                records,
            )
        best = next((c for c in result.ranked if c.party == party), None)
        short = fact.figures.get("short_by")
        if short is not None and best is not None and result.elected:
            expected = (result.elected[-1].votes or 0) - (best.votes or 0)
            if short != expected:
                fault(f"says {_name(party)} fell {short} votes short", str(expected), records)

    def _defeated_incumbent(self, fact: Fact, fault: _Fault) -> None:
        if fact.qualifiers.get("summary"):
            count: Counter[str] = Counter()
            for counted in self.wards.values():
                if counted.ward.id in self.void or not counted.ward.declared:
                    continue
                for beaten in counted.unelected:
                    if self._incumbent(beaten, counted.ward):
                        count[beaten.party] += 1
            total = sum(count.values())
            tops = [_code(e.id) for e in fact.entities.get("top_party", ())]
            most = max(count.values(), default=0)
            stated = fact.figures.get("top_count")
            if fact.figures.get("count") != total or any(
                stated != count[top] or count[top] != most for top in tops
            ):
                named = " and ".join(_name(t) for t in tops) or "no party named"
                fault(
                    f"says {fact.figures.get('count')} sitting councillors lost, "
                    f"{stated} of them {named}",
                    f"{total}, " + ", ".join(f"{count[t]} of them {_name(t)}" for t in tops),
                    list(fact.sources),
                )
            return
        result = self._ward(fact)
        if result is None:
            return
        cand_id = fact.entity("candidate").id
        cand = next((c for c in result.ward.candidates if c.id == cand_id), None)
        records = [result.ward.id, *self._cands(result)]
        if cand is None or cand.elected or not self._incumbent(cand, result.ward):
            fault(
                f"says {fact.entity('candidate').name}, a sitting councillor, lost "
                f"{result.ward.name}",
                "elected" if cand is not None and cand.elected else "not a sitting councillor",
                records,
            )
            return
        if _party(cand.party) != fact.entity("party").id:
            fault("gives the beaten councillor another party", _name(cand.party), records)
        winners = fact.entities.get("winner", ())
        if winners:
            if result.ward.seats_up != 1 or not result.elected:
                fault("names who beat a councillor in a ward of several seats", "no one", records)
            elif winners[0].id != result.elected[0].id:
                fault(
                    f"says {winners[0].name} beat {cand.name}",
                    result.elected[0].name,
                    records,
                )
            else:
                margin = (result.elected[0].votes or 0) - (cand.votes or 0)
                if fact.figures.get("margin") not in (None, margin):
                    fault(
                        f"says {cand.name} lost by {fact.figures.get('margin')}",
                        str(margin),
                        records,
                    )

    def _incumbent(self, cand: Candidate, ward: Ward) -> bool:
        return incumbency(cand.name, ward.defending, cand.incumbent) is Incumbency.YES

    def _extreme(self, fact: Fact, fault: _Fault, which: str) -> None:
        result = self._ward(fact)
        if result is None:
            return
        records = [result.ward.id, *self._cands(result)]
        majorities = [
            r.majority for r in self.wards.values() if r.contested and r.majority is not None
        ]
        if not majorities:
            return
        extreme = min(majorities) if which == "closest" else max(majorities)
        if result.majority != extreme:
            fault(
                f"says {result.ward.name} had the {which} result, with a majority of "
                f"{fact.figures.get('majority')}",
                f"{extreme}, in "
                + ", ".join(r.ward.name for r in self.wards.values() if r.majority == extreme),
                records,
            )
            return
        self._majority_figure(fact, result, fault, records)
        party = _code(fact.entity("party").id)
        last = result.last
        if last is not None and last.party != party:
            fault(
                f"credits the majority in {result.ward.name} to {_name(party)}",
                f"{_name(last.party)}, whose {last.name} was elected last",
                records,
            )
        for winner in fact.entities.get("winner", ()):
            if last is not None and winner.id != last.id:
                fault(f"names {winner.name} as elected last", last.name, records)
        for loser in fact.entities.get("loser", ()):
            first = result.first_loser
            if first is None or loser.id != first.id:
                fault(
                    f"names {loser.name} as the first not elected",
                    first.name if first else "a tie",
                    records,
                )
        for runner in fact.entities.get("runner_up", ()):
            first = result.first_loser
            if first is None or _party(first.party) != runner.id:
                fault(
                    f"names {_name(_code(runner.id))} as runner-up",
                    _name(first.party) if first else "a tie",
                    records,
                )

    def _closest_result(self, fact: Fact, fault: _Fault) -> None:
        self._extreme(fact, fault, "closest")

    def _biggest_majority(self, fact: Fact, fault: _Fault) -> None:
        self._extreme(fact, fault, "biggest")

    def _majority_change(self, fact: Fact, fault: _Fault) -> None:
        result = self._ward(fact)
        if result is None:
            return
        records = [result.ward.id, *self._cands(result)]
        self._majority_figure(fact, result, fault, records)
        previous = result.ward.previous
        if previous is None or previous.majority != fact.figures.get("previous_majority"):
            fault(
                "gives a previous majority the records do not",
                str(previous.majority) if previous else "no previous contest",
                records,
            )
        party = _code(fact.entity("party").id)
        if not result.elected or result.elected[0].party != party:
            fault(f"credits {result.ward.name} to {_name(party)}", "the winner's party", records)

    # -- the council ---------------------------------------------------------------------------

    def _composition(self, fact: Fact, fault: _Fault) -> None:
        if fact.qualifiers.get("partial"):
            return  # the count so far: wards still to come
        after = self.after
        records = [c.id for c in (self.election.composition_before,) if c] + list(self.void)
        seats = {
            k.removeprefix("seats:party/"): v
            for k, v in fact.figures.items()
            if k.startswith("seats:")
        }
        if seats and after is None:
            fault(
                "states the composition after the poll, which the records cannot give",
                "no composition (a ward without a usable result, or no defenders known)",
                records,
            )
            return
        if after is None:
            return
        for code, n in seats.items():
            if after.get(code, 0) != n:
                fault(
                    f"gives {_name(code)} {n} seats after the poll",
                    f"{after.get(code, 0)} ({self._basis()})",
                    records,
                )
        total = fact.figures.get("total_seats")
        filled, size = sum(after.values()), self.election.council.total_seats
        # every seat up, some not in the results (a postponed poll): the council's own size
        sizes = {filled} | ({size} if size and size > filled and self.every_seat_up() else set())
        if seats and total is not None and total not in sizes:
            fault(f"gives the council {total} seats", str(sum(after.values())), records)
        basis = fact.qualifiers.get("change")
        for key, value in fact.figures.items():
            if not key.startswith("change:") or not isinstance(value, int):
                continue
            code = key.removeprefix("change:party/")
            expected = self._change(code, basis)
            if expected is not None and expected != value:
                fault(
                    f"gives {_name(code)} a change of {value:+d} seats",
                    f"{expected:+d} ("
                    + (
                        "seats won minus defended"
                        if basis == "defended"
                        else "on the composition before"
                    )
                    + ")",
                    records,
                )

    def _basis(self) -> str:
        return {
            "tally": "the tally of the winners: every seat was up",
            "arithmetic": "the composition before minus the seats defended plus the seats won",
            "reported": "as reported",
        }.get(self.after_basis or "", "")

    def _change(self, code: str, basis: str | None) -> int | None:
        if basis == "defended":
            defended = self.defended()
            if defended is None:
                return None
            return self.won()[code] - defended[code]
        if self.after is None or self.before is None:
            return None
        listed = set(self.before)
        lumped: Counter[str] = Counter()
        for party, n in self.after.items():
            lumped[party if party in listed else "Oth"] += n
        return lumped[code] - self.before.get(code, 0)

    def _control_before(self) -> _Control | None:
        return _control(self.before)

    def _control(self, fact: Fact, fault: _Fault) -> None:
        if fact.qualifiers.get("status") == "secured":
            return  # mid-count arithmetic: the count is not over
        party = _code(fact.entity("party").id)
        records = [c.id for c in (self.election.composition_before,) if c]
        after = _control(self.after)
        if after is None or after.party != party:
            who = (
                "no composition after the poll"
                if after is None
                else (_name(after.party) if after.party else "no overall control")
            )
            fault(f"says {_name(party)} controls the council", f"{who} ({self._basis()})", records)
            return
        if fact.figures.get("seats") not in (None, (self.after or {}).get(party)):
            fault(
                f"gives {_name(party)} {fact.figures.get('seats')} seats",
                str((self.after or {}).get(party)),
                records,
            )
        if fact.figures.get("total_seats") not in (None, after.size):
            fault(
                f"judges control against {fact.figures.get('total_seats')} seats",
                str(after.size),
                records,
            )
        if fact.figures.get("majority_needed") not in (None, after.needed):
            fault(
                f"says {fact.figures.get('majority_needed')} seats make a majority",
                str(after.needed),
                records,
            )
        before = self._control_before()
        status = fact.qualifiers.get("status")
        if status == "retained" and (before is None or before.party != party):
            fault(
                f"says {_name(party)} kept control",
                self._before_words(before),
                records,
            )
        if status == "gained" and (
            before is None or before.party == party or not (before.party or before.none)
        ):
            fault(f"says {_name(party)} took control", self._before_words(before), records)
        source = fact.entities.get("from", ())
        if source and (before is None or _party(before.party or "") != source[0].id):
            fault(
                f"says {_name(party)} took control from {_name(_code(source[0].id))}",
                self._before_words(before),
                records,
            )

    def _before_words(self, before: _Control | None) -> str:
        if before is None:
            return "control before the poll is not known (no composition before)"
        if before.party:
            seats = self.before_seats(before.party)
            return f"{_name(before.party)} had control before ({seats} of {before.size})"
        if before.none:
            return f"no overall control before (no party had {before.needed} of {before.size})"
        return "control before is not known (others, who may be one group, held a majority)"

    def before_seats(self, party: str) -> int:
        return (self.before or {}).get(party, 0)

    def _no_overall_control(self, fact: Fact, fault: _Fault) -> None:
        if fact.qualifiers.get("status") == "certain":
            return  # mid-count arithmetic
        records = [c.id for c in (self.election.composition_before,) if c]
        after = _control(self.after)
        if after is None or after.party is not None or not after.none:
            fault(
                "says no party has overall control",
                "no composition after the poll"
                if after is None
                else (
                    f"{_name(after.party)} has control"
                    if after.party
                    else "not known: others, who may be one group, hold a majority"
                ),
                records,
            )
            return
        named = {p: n for p, n in (self.after or {}).items() if p not in NOT_A_PARTY}
        top = max(named.values(), default=0)
        largest = {p for p, n in named.items() if n == top}
        stated = {_code(e.id) for e in fact.entities.get("largest", ())}
        if stated and stated != largest:
            fault(
                "names the largest party as " + ", ".join(_name(p) for p in sorted(stated)),
                ", ".join(_name(p) for p in sorted(largest)) + f" ({top} seats)",
                records,
            )
        elif stated and (others := (self.after or {}).get("Oth", 0)) >= top:
            fault(
                "names the largest party as " + ", ".join(_name(p) for p in sorted(stated)),
                f"not known: others, who may be one group, hold {others} seats to its {top}",
                records,
            )
        if fact.figures.get("seats") not in (None, top):
            fault(f"gives the largest party {fact.figures.get('seats')} seats", str(top), records)
        if fact.figures.get("short_by") not in (None, after.needed - top):
            fault(
                f"says it is {fact.figures.get('short_by')} seats short",
                str(after.needed - top),
                records,
            )
        before = self._control_before()
        status = fact.qualifiers.get("status")
        lost = fact.entities.get("lost", ())
        lost_it = before is not None and bool(lost) and _party(before.party or "") == lost[0].id
        if (status == "lost" or lost) and not lost_it:
            fault("says a party lost control", self._before_words(before), records)
        if status == "continues" and (before is None or not before.none):
            fault(
                "says the council stays under no overall control",
                self._before_words(before),
                records,
            )

    def _turnout(self, fact: Fact, fault: _Fault) -> None:
        stated = fact.figures.get("turnout")
        if not isinstance(stated, (int, float)):
            return
        if fact.qualifiers.get("extreme"):
            turnouts = {
                w.id: t
                for w in self.election.wards
                if self.wards[w.id].contested and (t := _ward_turnout(w)) is not None
            }
            result = self._ward(fact)
            if result is None or not turnouts:
                return
            pick = max if fact.qualifiers["extreme"] == "highest" else min
            value = pick(turnouts.values())
            mine = turnouts.get(result.ward.id)
            if mine is None or abs(mine - stated) > TOLERANCE or abs(mine - value) > TOLERANCE:
                fault(
                    f"gives {result.ward.name} the {fact.qualifiers['extreme']} turnout, "
                    f"{stated:.1f} per cent",
                    f"{value:.1f} per cent in "
                    + ", ".join(
                        self.election.ward(w).name for w, t in turnouts.items() if t == value
                    ),
                    [result.ward.id],
                )
            return
        expected, records = self._council_turnout()
        if expected is not None and abs(expected - stated) > TOLERANCE:
            fault(f"gives a turnout of {stated:.1f} per cent", f"{expected:.1f} per cent", records)

    def _council_turnout(self) -> tuple[float | None, list[str]]:
        reported = self.election.turnout
        if reported is not None:
            return reported.percent, [reported.id]
        wards = self.election.wards
        if wards and all(w.ballots is not None and w.electorate for w in wards):
            ballots = sum(w.ballots or 0 for w in wards)
            electorate = sum(w.electorate or 0 for w in wards)
            return 100 * ballots / electorate, [w.id for w in wards]
        return None, []

    def _vote_share(self, fact: Fact, fault: _Fault) -> None:
        votes: Counter[str] = Counter()
        for result in self.wards.values():
            if result.contested:
                for cand in result.ranked:
                    votes[cand.party] += cand.votes or 0
        total = sum(votes.values())
        if not total:
            return
        ranked = sorted((p for p in votes if p not in NOT_A_PARTY), key=lambda p: -votes[p])
        stated = [_code(e.id) for e in fact.entities.get("parties", ())]
        records = list(fact.sources)
        for rank, code in enumerate(stated):
            share = fact.figures.get(f"share:party/{code}")
            expected = 100 * votes[code] / total
            if not isinstance(share, (int, float)) or abs(share - expected) > TOLERANCE:
                fault(
                    f"gives {_name(code)} {share} per cent of the votes", f"{expected:.1f}", records
                )
            if rank < len(ranked) and votes[ranked[rank]] > votes[code]:
                fault(
                    f"ranks {_name(code)} {rank + 1}",
                    f"{_name(ranked[rank])} had more votes",
                    records,
                )
        leader_seats = fact.figures.get("leader_seats")
        if stated and leader_seats is not None and leader_seats != self.won()[stated[0]]:
            fault(
                f"gives {_name(stated[0])} {leader_seats} seats won",
                str(self.won()[stated[0]]),
                records,
            )

    def _shut_out(self, fact: Fact, fault: _Fault) -> None:
        party = _code(fact.entity("party").id)
        stood = [r for r in self.wards.values() if any(c.party == party for c in r.ranked)]
        if self.won()[party]:
            fault(f"says {_name(party)} won no seats", f"{self.won()[party]} won", [])
        if fact.figures.get("wards_contested") != len(stood):
            fault(
                f"says {_name(party)} stood in {fact.figures.get('wards_contested')} wards",
                str(len(stood)),
                [],
            )

    def _ward_result(self, fact: Fact, fault: _Fault) -> None:
        result = self._ward(fact)
        if result is None:
            return
        records = [result.ward.id, *self._cands(result)]
        by_id = {c.id: c for c in result.ward.candidates}
        for key, value in fact.figures.items():
            if key.startswith("votes:"):
                cand = by_id.get(key.removeprefix("votes:"))
                if cand is None or cand.votes != value:
                    fault(
                        f"gives {key.removeprefix('votes:')} {value} votes",
                        str(cand.votes if cand else "no such candidate"),
                        records,
                    )
        winners = {e.id for e in fact.entities.get("winners", ())}
        if winners != {c.id for c in result.elected}:
            fault(
                "names winners the records do not",
                ", ".join(c.name for c in result.elected),
                records,
            )
        if result.contested:
            self._majority_figure(fact, result, fault, records)
        outcome = fact.qualifiers.get("outcome")
        gainers = {_code(e.id) for e in fact.entities.get("gainers", ())}
        if outcome == "gain" and gainers != set(result.gains):
            fault(
                "says " + ", ".join(_name(p) for p in sorted(gainers)) + " gained the seat",
                ", ".join(_name(p) for p in sorted(result.gains)) or "no gain",
                records,
            )
        if outcome == "hold" and (result.defended is None or result.gains):
            fault("says the seat was held", "a gain, or no defender known", records)


def _ward_turnout(ward: Ward) -> float | None:
    """A ward's turnout: as reported (validation holds it to ballots over electorate), else
    ballots over electorate, else, in a ward of one seat, votes over electorate."""
    if ward.turnout is not None:
        return ward.turnout
    if ward.ballots is not None and ward.electorate:
        return 100 * ward.ballots / ward.electorate
    if ward.electorate and ward.seats_up == 1 and ward.declared:
        return 100 * sum(c.votes or 0 for c in ward.candidates) / ward.electorate
    return None


def prove_facts(election: Election, facts: Iterable[Fact]) -> Iterator[Fault]:
    """Every fault the records find in these facts."""
    records = Records(election)
    for fact in facts:
        yield from records.prove(fact)
