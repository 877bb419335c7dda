"""Facts, phrasings and quotes as a desk reads them, for the preview.

A fact is shown as its kind, one sentence saying what it says (ward, parties, people,
figures), the records it rests on, and whether the draft tells it (directly, in the results
box, summed up in another fact, or left out and why). Each sentence's other phrasings are
written out in full, as the draft would carry them.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from storygen.detect.fact import Fact
from storygen.model import Election, FactKind, Source
from storygen.parties import party_table
from storygen.plan import DocumentPlan, Message
from storygen.realise.draft import Draft
from storygen.realise.render import Namer, Realiser, TemplateFailure
from storygen.realise.style import DEFAULT_STYLE, StyleSettings, join_list

KIND_NAMES = {
    "composition": "New council",
    "control": "Control",
    "no_overall_control": "No overall control",
    "gain": "Gain",
    "hold": "Hold",
    "defeated_incumbent": "Councillor beaten",
    "held_under_pressure": "Held under pressure",
    "target_won": "Target won",
    "target_missed": "Target missed",
    "held_against_challenger": "Held against a challenger",
    "failed_challenge": "Failed challenge",
    "majority_change": "Majority changed",
    "turnout": "Turnout",
    "closest_result": "Closest result",
    "biggest_majority": "Biggest majority",
    "vote_share": "Share of the vote",
    "shut_out": "Shut out",
    "neighbour": "Neighbouring council",
    "ward_result": "Ward result",
    "progress": "Count so far",
}

RECORDS_SHOWN = 6  # rows named per file before "and N more"


def kind_name(fact: Fact) -> str:
    """The kind of a fact in a desk's words."""
    return KIND_NAMES.get(fact.kind.value, fact.kind.value.replace("_", " ").capitalize())


def _n(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.1f}".removesuffix(".0")
    return str(value)


def _signed(value: Any) -> str:
    if not isinstance(value, int) or isinstance(value, bool):
        return _n(value)
    return f"+{value}" if value > 0 else ("0" if value == 0 else f"\u2212{-value}")


class _Reader:
    """A fact's entities and figures, for writing its one-line summary."""

    def __init__(self, fact: Fact) -> None:
        self.fact = fact

    def names(self, role: str) -> str:
        names = [e.name for e in self.fact.entities.get(role, ())]
        return join_list(names) if names else ""

    def has(self, role: str) -> bool:
        return bool(self.fact.entities.get(role))

    def fig(self, key: str) -> Any:
        return self.fact.figures[key]

    def get(self, key: str) -> Any:
        return self.fact.figures.get(key)

    def q(self, key: str) -> str | None:
        return self.fact.qualifiers.get(key)

    def party_figures(self, prefix: str) -> list[tuple[str, Any]]:
        """(party name, figure) for every `prefix:party/...` figure, in the fact's order."""
        names = {e.id: e.name for es in self.fact.entities.values() for e in es}
        out = []
        for key, value in self.fact.figures.items():
            if key.startswith(prefix + ":"):
                entity = key.split(":", 1)[1]
                out.append((names.get(entity, entity.removeprefix("party/")), value))
        return out


def _composition(r: _Reader) -> str:
    if r.q("partial"):
        changes = [f"{p} {_signed(v)}" for p, v in r.party_figures("change")]
        return f"Net change so far: {', '.join(changes) or 'none'}."
    change = dict(r.party_figures("change"))
    parts = []
    for party, seats in r.party_figures("seats"):
        text = f"{party} {_n(seats)}"
        if party in change:
            text += f" ({_signed(change[party])})"
        parts.append(text)
    total = r.get("total_seats")
    text = f"Seats after: {', '.join(parts)}" + (f", of {_n(total)}" if total else "") + "."
    if r.q("after") in ("computed", "arithmetic"):
        text += " Worked out from the seats before and the wards' results."
    if r.q("year") or r.q("change") == "year":
        text += " The change is over the year, from the compositions."
    return text


def _control(r: _Reader) -> str:
    party = r.names("party")
    if r.q("status") == "secured":
        return (
            f"{party} has secured control: at least {_n(r.fig('seats_at_least'))} seats, "
            f"{_n(r.fig('majority_needed'))} needed."
        )
    verb = {"gained": "took control", "retained": "kept control"}.get(
        r.q("status") or "", "has control"
    )
    text = f"{party} {verb}"
    if r.has("from"):
        text += f" from {r.names('from')}"
    text += f" with {_n(r.fig('seats'))} of {_n(r.fig('total_seats'))} seats"
    if r.get("majority_needed"):
        text += f" ({_n(r.fig('majority_needed'))} needed)"
    if r.get("until"):
        text += f", until {r.fig('until')}"
    return text + "."


def _noc(r: _Reader) -> str:
    if r.q("status") == "certain":
        return (
            f"No party can now reach a majority ({_n(r.fig('majority_needed'))} of "
            f"{_n(r.fig('total_seats'))} seats needed)."
        )
    text = (
        f"No overall control: {r.names('largest')} largest with {_n(r.fig('seats'))} of "
        f"{_n(r.fig('total_seats'))} seats, {_n(r.fig('short_by'))} short of a majority."
    )
    if r.has("lost"):
        text += f" {r.names('lost')} lost control."
    elif r.q("status") == "continues":
        text += " No party had control before either."
    return text


def _gain(r: _Reader) -> str:
    party = r.names("party")
    if r.q("summary"):
        least = "at least " if r.q("at_least") else ""
        text = f"{party} gained {least}{_n(r.fig('seats'))} seats"
        if r.has("top_loser") and r.get("from_top") is not None:
            text += f", {_n(r.fig('from_top'))} of them from {r.names('top_loser')}"
        return text + "."
    seats = r.get("seats") or 1
    what = f"{_n(seats)} seats in" if seats > 1 else ""
    text = f"{party} gained {what} {r.names('ward')}".replace("  ", " ")
    if r.has("losers"):
        text += f" from {r.names('losers')}"
    if r.has("winners"):
        text += f": {r.names('winners')} elected"
    if r.get("majority") is not None:
        text += f", majority {_n(r.fig('majority'))}"
    return text + "."


def _defeated(r: _Reader) -> str:
    if r.q("summary"):
        text = f"{_n(r.fig('count'))} sitting councillors beaten"
        if r.has("top_party") and r.get("top_count") is not None:
            text += f", {_n(r.fig('top_count'))} of them {r.names('top_party')}"
        return text + "."
    role = f", {r.q('role')}" if r.q("role") else ""
    text = f"{r.names('candidate')} ({r.names('party')}{role}) was beaten in {r.names('ward')}"
    if r.has("winner"):
        text += f" by {r.names('winner')}"
        if r.has("winner_party"):
            text += f" ({r.names('winner_party')})"
    if r.get("margin") is not None:
        text += f", {_n(r.fig('margin'))} votes behind"
    return text + "."


def _held(r: _Reader) -> str:
    text = f"{r.names('party')} held {r.names('ward')}"
    if r.has("area"):
        text += f" ({r.names('area')})"
    if r.has("challenger"):
        text += f" against {r.names('challenger')}"
    if r.get("majority") is not None:
        text += f" by {_n(r.fig('majority'))} votes"
    if r.has("winner"):
        text += f"; {r.names('winner')} elected"
    if r.q("pressure"):
        text += f" (pressure: {r.q('pressure')})"
    return text + "."


def _target(r: _Reader) -> str:
    won = r.fact.kind == FactKind.TARGET_WON
    rank = f"target no. {_n(r.fig('rank'))}" if r.get("rank") is not None else "a target"
    top = ", its top target" if r.q("top") else ""
    verb = "won" if won else "missed"
    text = f"{r.names('party')} {verb} {r.names('ward')} ({rank}{top})"
    if not won and r.has("holder"):
        text += f": {r.names('holder')} held it"
        if r.get("majority") is not None:
            text += f" by {_n(r.fig('majority'))} votes"
    elif r.get("majority") is not None:
        text += f", majority {_n(r.fig('majority'))}"
    return text + "."


def _failed(r: _Reader) -> str:
    text = f"{r.names('party')}'s challenge in {r.names('ward')} failed"
    details = []
    if r.get("position") is not None:
        details.append(f"placed {_ordinal(r.fig('position'))}")
    if r.get("votes") is not None:
        details.append(f"{_n(r.fig('votes'))} votes")
    if r.get("short_by") is not None:
        details.append(f"{_n(r.fig('short_by'))} short")
    if details:
        text += f" ({', '.join(details)})"
    if r.has("holder"):
        text += f"; {r.names('holder')} held it"
    return text + "."


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _majority_change(r: _Reader) -> str:
    change = (r.q("change") or "changed").replace("_", " ")
    return (
        f"{r.names('party')}'s majority in {r.names('ward')} {change}: "
        f"{_n(r.fig('previous_majority'))} in {r.fig('previous_year')}, "
        f"{_n(r.fig('majority'))} now."
    )


def _turnout(r: _Reader) -> str:
    if r.has("ward"):
        which = r.q("extreme") or "ward"
        return f"{which.capitalize()} turnout: {_n(r.fig('turnout'))}% in {r.names('ward')}."
    level = f" ({r.q('level')})" if r.q("level") else ""
    return f"Turnout across the council: {_n(r.fig('turnout'))}%{level}."


def _margin(r: _Reader) -> str:
    closest = r.fact.kind == FactKind.CLOSEST_RESULT
    head = "Closest result" if closest else "Biggest majority"
    text = f"{head}: {r.names('ward')}, {r.names('party')}"
    if r.has("runner_up"):
        text += f" over {r.names('runner_up')}"
    text += f" by {_n(r.fig('majority'))} votes"
    people = r.names("winner")
    if people and r.has("loser"):
        people += f" over {r.names('loser')}"
    if people:
        text += f" ({people})"
    if r.q("lot"):
        text += "; decided by lot"
    return text + "."


def _share(r: _Reader) -> str:
    shares = [f"{p} {_n(v)}%" for p, v in r.party_figures("share")]
    text = f"Share of the vote: {', '.join(shares)}"
    if r.get("total_votes"):
        text += f" of {_n(r.fig('total_votes'))} votes"
    return text + "."


def _shut_out(r: _Reader) -> str:
    return (
        f"{r.names('party')} won no seats, standing in {_n(r.fig('wards_contested'))} of "
        f"{_n(r.fig('wards'))} wards."
    )


def _neighbour(r: _Reader) -> str:
    what = "controls" if r.q("status") == "control" else "is the largest party on"
    text = f"Next door in {r.names('council')}, {r.names('party')} {what} the council"
    if r.get("seats") is not None:
        total = f" of {_n(r.fig('total_seats'))}" if r.get("total_seats") else ""
        text += f" with {_n(r.fig('seats'))}{total} seats"
    if r.get("change"):
        text += f" ({_signed(r.fig('change'))})"
    return text + "."


def _ward_result(r: _Reader) -> str:
    text = f"{r.names('ward')}: {r.names('winners') or 'no one'} elected"
    if r.has("winner_party"):
        text += f" ({r.names('winner_party')})"
    outcome = r.q("outcome")
    if outcome and outcome != "unknown":
        text += f", {outcome}"
    if r.has("losers") and r.has("gainers"):
        text += f" from {r.names('losers')}"
    if r.get("majority") is not None:
        text += f", majority {_n(r.fig('majority'))}"
    candidates = len(r.fact.entities.get("candidates", ()))
    if candidates:
        text += f"; {candidates} candidates"
    return text + "."


def _progress(r: _Reader) -> str:
    return f"{_n(r.fig('declared'))} of {_n(r.fig('wards'))} wards declared."


DESCRIBERS: dict[str, Callable[[_Reader], str]] = {
    "composition": _composition,
    "control": _control,
    "no_overall_control": _noc,
    "gain": _gain,
    "defeated_incumbent": _defeated,
    "held_under_pressure": _held,
    "held_against_challenger": _held,
    "hold": _held,
    "target_won": _target,
    "target_missed": _target,
    "failed_challenge": _failed,
    "majority_change": _majority_change,
    "turnout": _turnout,
    "closest_result": _margin,
    "biggest_majority": _margin,
    "vote_share": _share,
    "shut_out": _shut_out,
    "neighbour": _neighbour,
    "ward_result": _ward_result,
    "progress": _progress,
}


def _generic(fact: Fact) -> str:
    """Any fact: who it is about, by role, and its figures (for kinds with no summary yet)."""
    roles = [
        f"{role.replace('_', ' ')} {join_list([e.name for e in es])}"
        for role, es in fact.entities.items()
        if es
    ]
    figures = [
        f"{key.split(':')[0].replace('_', ' ')} {_n(v)}"
        for key, v in fact.figures.items()
        if v is not None and ":" not in key
    ]
    return "; ".join([*roles, *figures]) + "."


def summary(fact: Fact) -> str:
    """One sentence saying what a fact says."""
    describe = DESCRIBERS.get(fact.kind.value)
    if describe is not None:
        try:
            return " ".join(describe(_Reader(fact)).split())
        except (KeyError, ValueError, TypeError, AttributeError):
            pass  # a rule that changed its figures: say what it holds, plainly
    return _generic(fact)


def records(fact: Fact, sources: dict[str, Source]) -> list[str]:
    """The records a fact rests on, as each file with its rows (or keys), a few per file."""
    rows: dict[str, list[int]] = {}
    keys: dict[str, list[str]] = {}
    for source_id in fact.sources:
        source = sources.get(source_id)
        if source is None:
            continue
        if source.row is not None:
            found = rows.setdefault(source.file, [])
            if source.row not in found:
                found.append(source.row)
        else:
            keys.setdefault(source.file, []).append(source.key or source_id)
    out = []
    for file in dict.fromkeys([*rows, *keys]):
        numbers = rows.get(file, [])
        parts = []
        if numbers:
            shown = ", ".join(str(n) for n in numbers[:RECORDS_SHOWN])
            more = (
                f" and {len(numbers) - RECORDS_SHOWN} more" if len(numbers) > RECORDS_SHOWN else ""
            )
            parts.append(f"{'row' if len(numbers) == 1 else 'rows'} {shown}{more}")
        named = list(dict.fromkeys(keys.get(file, [])))
        if named:
            parts.append(", ".join(named[:RECORDS_SHOWN]))
        out.append(f"{file} {'; '.join(parts)}")
    return out


@dataclass(frozen=True)
class FactView:
    """A fact as the page shows it."""

    fact: Fact
    kind: str
    summary: str
    records: list[str]
    told: str  # "directly", "results", "summed up", "same claim", "left out", "not told"
    how: str  # the same in a desk's words
    included: bool  # the box is ticked: the story tells it, one way or another
    by_desk: bool  # the desk left it out or forced it in


def fact_views(
    draft: Draft, plan: DocumentPlan, election: Election, left_out: set[str], forced: set[str]
) -> list[FactView]:
    """Every fact of the draft, with how (and whether) the story tells it."""
    story = draft.sentences()[: len(draft.sentences()) - len(draft.results)]
    in_copy = {f for s in story for f in s.facts}
    in_results = {f for s in draft.results for f in s.facts}
    sources = election.record_sources()
    by_id = {f.id: f for f in draft.facts}
    views = []
    for fact in draft.facts:
        reason = plan.left_out.get(fact.id, "")
        if fact.id in left_out:
            told, how = "left out", "left out by the desk"
        elif fact.id in in_copy:
            told, how = "directly", "in the draft"
        elif fact.id in in_results:
            told, how = "results", "in the results box"
        elif reason.startswith("summed up in "):
            other = by_id.get(reason.removeprefix("summed up in "))
            told = "summed up"
            how = f"summed up in: {summary(other)}" if other else reason
        elif reason.startswith("same claim as "):
            other = by_id.get(reason.removeprefix("same claim as "))
            told = "same claim"
            how = f"told as: {summary(other)}" if other else reason
        elif reason:
            told, how = "left out", f"left out: {reason}"
        else:
            told, how = "not told", "not in the draft"
        views.append(
            FactView(
                fact=fact,
                kind=kind_name(fact),
                summary=summary(fact),
                records=records(fact, sources),
                told=told,
                how=how,
                included=told in ("directly", "results", "summed up", "same claim"),
                by_desk=fact.id in left_out or fact.id in forced,
            )
        )
    return views


@dataclass(frozen=True)
class Phrasing:
    """A sentence with more than one phrasing: where it stands, and each phrasing's text."""

    message: str
    place: str  # "Headline", "Standfirst", "Paragraph 2"
    chosen: int  # 1-based
    texts: list[str]


def phrasings(
    plan: DocumentPlan, draft: Draft, settings: StyleSettings = DEFAULT_STYLE
) -> list[Phrasing]:
    """Every sentence that can be phrased another way, with each phrasing written out as the
    draft would carry it (the names already used in the story count, as they do in the draft)."""
    realiser = Realiser(plan, settings=settings)
    out: list[Phrasing] = []

    def alternatives(message: Message, place: str) -> None:
        before = copy.deepcopy(realiser.namer)
        chosen = realiser.sentence(message)
        if chosen.variants <= 1:
            return
        after = realiser.namer
        texts = []
        for n in range(1, chosen.variants + 1):
            if n == chosen.variant:
                texts.append(chosen.text)
                continue
            realiser.namer = copy.deepcopy(before)
            try:
                texts.append(realiser.sentence(replace(message, variant=n)).text)
            except TemplateFailure as exc:
                texts.append(f"(this phrasing cannot be written here: {exc.message})")
        realiser.namer = after
        out.append(Phrasing(message.id, place, chosen.variant, texts))

    for number, paragraph in enumerate(plan.paragraphs, start=1):
        for message in paragraph.messages:
            if message.quotes:
                realiser.sentence(message)  # a quote's speaker is introduced once
                continue
            alternatives(message, "Lead" if number == 1 else f"Paragraph {number}")
    realiser.namer = Namer()  # as the draft: headline and standfirst stand on their own
    alternatives(plan.headline, "Headline")
    if plan.standfirst:
        alternatives(plan.standfirst, "Standfirst")
    order = {"Headline": 0, "Standfirst": 1}
    return sorted(out, key=lambda p: order.get(p.place, 2))


@dataclass(frozen=True)
class QuoteRow:
    """A supplied quote as the page shows it: who said it, the words, whether it is used."""

    id: str
    speaker: str
    role: str | None
    party: str | None
    text: str
    supplied: str  # the reporter's words
    edited: bool
    used: str  # "in the draft" or why not


def quote_rows(
    election: Election, original: Election, draft: Draft, plan: DocumentPlan
) -> list[QuoteRow]:
    """The election's quotes by speaker and role, marked where the desk edited the words."""
    people = {p.id: p for p in election.people}
    table = party_table()
    supplied = {q.id: q.text for q in original.quotes}
    used = {q for s in draft.sentences() for q in s.quotes}
    rows = []
    for quote in election.quotes:
        person = people.get(quote.speaker)
        code = quote.party or (person.party if person else None)
        known = table.parties.get(code) if code else None
        rows.append(
            QuoteRow(
                id=quote.id,
                speaker=person.name if person else quote.speaker,
                role=quote.role or (person.role if person else None),
                party=known.name if known else code,
                text=quote.text,
                supplied=supplied.get(quote.id, quote.text),
                edited=quote.text != supplied.get(quote.id, quote.text),
                used="in the draft"
                if quote.id in used
                else f"not used: {plan.left_out.get(quote.id, 'no place in the story')}",
            )
        )
    return rows
