"""The document planner: facts -> messages (one sentence each) -> paragraphs -> document plan.

Policy, in order:
1. Facts that make the same claim (one ward held by one party against one challenger) are
   merged: the highest-scored fact is kept, so the ward is told once, in its strongest frame.
2. Facts of one kind and one group become one message ("Labour held A, B, C and D").
3. The lead combines the strongest facts: control (or no overall control), the net change and,
   when there are few, the gains themselves.
4. Other messages follow by score; related kinds share a paragraph.
5. A quote is used only when the story tells every fact kind and ward it reacts to (a quote
   mourning a defeat is not printed over a hold); it follows the last paragraph holding a fact
   it reacts to, and consecutive quotes of one speaker form one paragraph.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from storygen.detect.fact import Entity, Fact
from storygen.model import DataWarning, Election, ElectionType, FactKind
from storygen.parties import Party, party_table
from storygen.plan.lead import LeadPlan, StandingPlan, lead_plan, standing_plan

LEAD_MAX_GAINS = 4  # more gains than this are summed up in the lead, not named
LEAD_MAX_GAINS_WITH_MOVER = 2  # as many, where the lead tells another party's fall or rise
STANDING_SCORE = 66  # where the "standing of the parties" paragraph falls among the others
MAX_PARAGRAPH_MESSAGES = 2
# kinds whose sentences state the ward's majority (the figure is told once)
STATES_MAJORITY = frozenset(
    {
        FactKind.CLOSEST_RESULT,
        FactKind.BIGGEST_MAJORITY,
        FactKind.HELD_UNDER_PRESSURE,
        FactKind.MAJORITY_CHANGE,
        FactKind.TARGET_MISSED,
        FactKind.DEFEATED_INCUMBENT,  # "beaten … by 57 votes" in a one-seat ward
    }
)

# Kinds that sit well together in one paragraph.
RELATED = (
    {FactKind.TARGET_MISSED, FactKind.HELD_AGAINST_CHALLENGER},
    {FactKind.CLOSEST_RESULT, FactKind.BIGGEST_MAJORITY},
    {FactKind.VOTE_SHARE, FactKind.SHUT_OUT},
    {FactKind.GAIN, FactKind.DEFEATED_INCUMBENT},
    {FactKind.SHARE_CHANGE, FactKind.SWING},
)


@dataclass(frozen=True)
class QuoteView:
    """A quote as templates see it: the words, and who said them."""

    id: str
    speaker: Entity
    role: str | None
    party: Entity | None
    text: str


@dataclass(frozen=True)
class Message:
    """One sentence to write: a template fragment and the facts (or quotes) it realises."""

    id: str
    fragment: str  # template name under templates/fragments/, without .j2
    facts: tuple[Fact, ...]
    score: float
    quotes: tuple[QuoteView, ...] = ()
    variant: int | None = None  # a forced phrasing; None: chosen from the input
    told: frozenset[str] = frozenset()  # facts whose ward majority an earlier sentence stated
    lead: LeadPlan | None = None  # what the lead (and the headline) tells
    standing: StandingPlan | None = None  # the standing of the parties, each figure once

    @property
    def fact(self) -> Fact:
        """The first fact."""
        return self.facts[0]

    def of_kind(self, kind: str) -> list[Fact]:
        """The message's facts of one kind."""
        return [f for f in self.facts if f.kind == kind]

    @property
    def fact_ids(self) -> tuple[str, ...]:
        """The ids of the facts realised."""
        return tuple(f.id for f in self.facts)


@dataclass(frozen=True)
class Paragraph:
    """Messages that form one paragraph."""

    messages: tuple[Message, ...]


@dataclass(frozen=True)
class DocumentPlan:
    """The whole story before it is written."""

    election_id: str
    council: Entity
    polling_day: str  # ISO date
    headline: Message
    standfirst: Message | None
    paragraphs: tuple[Paragraph, ...]
    facts: tuple[Fact, ...]  # every fact detected
    left_out: dict[str, str] = field(default_factory=dict)  # fact id -> why
    results: tuple[Message, ...] = ()  # the results box, a line per declared ward
    review: tuple[str, ...] = ()  # why the draft needs review: doubtful data it touches
    warnings: tuple[str, ...] = ()  # every warning of the validation layer, for the notes
    parties: tuple[Party, ...] = ()  # the election's local parties, for naming them


def _resolve_claims(facts: Sequence[Fact]) -> tuple[list[Fact], dict[str, str]]:
    best: dict[str, Fact] = {}
    for fact in facts:
        if fact.claim is None:
            continue
        current = best.get(fact.claim)
        if current is None or (fact.score, current.id) > (current.score, fact.id):
            best[fact.claim] = fact
    kept, dropped = [], {}
    for fact in facts:
        if fact.claim is not None and best[fact.claim].id != fact.id:
            dropped[fact.id] = f"same claim as {best[fact.claim].id}"
        else:
            kept.append(fact)
    return kept, dropped


def _group(facts: Iterable[Fact]) -> list[Message]:
    groups: dict[str, list[Fact]] = {}
    for fact in facts:
        key = f"{fact.kind.value}:{fact.group}" if fact.group is not None else fact.id
        groups.setdefault(key, []).append(fact)
    messages = []
    for key, members in groups.items():
        members.sort(key=lambda f: (f.order, f.id))
        messages.append(
            Message(
                id=key,
                fragment=members[0].kind.value,
                facts=tuple(members),
                score=max(f.score for f in members),
            )
        )
    return sorted(messages, key=lambda m: (-m.score, m.id))


GAIN_SCORE = 86.0  # a party's gains: this, plus a tenth for each seat gained (up to 39)


def _rank_gains(messages: list[Message]) -> list[Message]:
    """Each party's gains ranked by how many seats it gained, most first: the gains that
    decided the council come before a minor party's single ward (a gain that unseated a
    sitting councillor no longer jumps the queue); a defeated councillor with a role next."""
    out = []
    for message in messages:
        if message.fragment == FactKind.GAIN.value:
            summary = _summaries(message.facts)
            seats = [f.figures.get("seats") for f in (summary or message.facts)]
            total = sum(n for n in seats if isinstance(n, int))
            message = replace(message, score=GAIN_SCORE + min(total, 39) / 10)
        out.append(message)
    # a defeated councillor the desk knows by role (the council leader) follows the biggest
    # gainer's gains, in the same paragraph, before any smaller party's
    top = max((m.score for m in out if m.fragment == FactKind.GAIN.value), default=None)
    if top is not None:
        out = [
            replace(m, score=top - 0.01)
            if m.fragment == FactKind.DEFEATED_INCUMBENT.value
            and any(f.qualifiers.get("role") for f in m.facts)
            else m
            for m in out
        ]
    return sorted(out, key=lambda m: (-m.score, m.id))


def _related(a: Message, b: Message) -> bool:
    kinds = {a.fact.kind, b.fact.kind}
    return any(kinds <= group for group in RELATED) and a.fragment != "standing"


def _quote_views(election: Election) -> dict[str, QuoteView]:
    people = {p.id: p for p in election.people}
    table = party_table()
    views = {}
    for quote in election.quotes:
        person = people[quote.speaker]
        party = None
        if quote.party:
            known = table.parties.get(quote.party)
            party = Entity(
                id=f"party/{quote.party}",
                type="party",
                name=known.name if known else quote.party,
            )
        views[quote.id] = QuoteView(
            id=quote.id,
            speaker=Entity(id=person.id, type="person", name=person.name),
            role=quote.role,
            party=party,
            text=quote.text,
        )
    return views


def _place_quotes(
    election: Election, paragraphs: list[Paragraph], lead: Paragraph, left_out: dict[str, str]
) -> list[Paragraph]:
    views = _quote_views(election)
    slots: dict[int, list[QuoteView]] = {}
    every = [(i, f) for i, p in enumerate([lead, *paragraphs]) for m in p.messages for f in m.facts]
    for quote in election.quotes:
        kinds, wards = set(quote.kinds), set(quote.wards)
        reacted = [(i, f) for i, f in every if not kinds or f.kind.value in kinds]
        told_kinds = {f.kind.value for _, f in reacted}
        told_wards = {e for _, f in reacted for e in _entity_ids(f)}
        if kinds - told_kinds or wards - told_wards:
            missing = sorted((kinds - told_kinds) | (wards - told_wards))
            left_out[quote.id] = f"reacts to {', '.join(missing)}, which the story does not tell"
            continue
        if kinds:
            relevant = [i for i, _ in reacted]
        else:
            relevant = [i for i, f in reacted if wards & _entity_ids(f)]
        # after the last paragraph holding a fact it reacts to (the lead is paragraph -1)
        position = max(relevant) - 1 if relevant else len(paragraphs) - 1
        slots.setdefault(position, []).append(views[quote.id])
    out: list[Paragraph] = []

    def emit(position: int) -> None:
        run: list[QuoteView] = []
        for view in slots.get(position, []):
            if run and run[-1].speaker.id != view.speaker.id:
                out.append(_quote_paragraph(run))
                run = []
            run.append(view)
        if run:
            out.append(_quote_paragraph(run))

    emit(-1)
    for index, paragraph in enumerate(paragraphs):
        out.append(paragraph)
        emit(index)
    return out


def _entity_ids(fact: Fact) -> set[str]:
    return {e.id for es in fact.entities.values() for e in es}


def _quote_paragraph(quotes: list[QuoteView]) -> Paragraph:
    return Paragraph(
        messages=tuple(
            Message(
                id=f"quote:{q.id}",
                fragment="quote" if i == 0 else "quote_more",
                facts=(),
                score=0,
                quotes=(q,),
            )
            for i, q in enumerate(quotes)
        )
    )


def _doubtful(
    facts: Sequence[Fact], warnings: Sequence[DataWarning]
) -> tuple[dict[str, str], tuple[str, ...]]:
    """Facts the validation layer's warnings leave out, and why the draft needs review.

    A warning that omits leaves out every fact it touches; a warning that asks for review does
    so when it touches a fact the story would tell, leaves something out, or concerns the
    whole election.
    """
    omitted: dict[str, str] = {}
    review: list[str] = []
    for warning in warnings:
        touched = [f for f in facts if warning.touches(f.kind.value, (f.id, *f.sources))]
        if warning.omit:
            for fact in touched:
                omitted.setdefault(fact.id, f"rests on doubtful data: {warning}")
        whole = not warning.records and not warning.kinds
        # a warning that leaves something out always asks for review: the story is short of it
        if warning.review and (touched or whole or warning.omit):
            review.append(str(warning))
    return omitted, tuple(dict.fromkeys(review))


def plan(
    election: Election,
    facts: Sequence[Fact],
    *,
    left_out: Iterable[str] = (),
    forced_in: Iterable[str] = (),
    variants: dict[str, int] | None = None,
    warnings: Sequence[DataWarning] | None = None,
) -> DocumentPlan:
    """Choose, group and order the facts of an election into a document plan.

    `left_out` names facts an editor has switched off; `forced_in` keeps facts that would
    otherwise lose a claim; `variants` forces the phrasing of messages by message id;
    `warnings` are the validation layer's (default: the election's own), which leave out the
    facts resting on doubtful data and mark the draft for review.
    """
    warnings = election.warnings if warnings is None else warnings
    if election.general is not None:  # a general election's story has its own plan
        from storygen.plan.general import plan_general

        return plan_general(
            election,
            facts,
            left_out=left_out,
            forced_in=forced_in,
            variants=variants,
            warnings=warnings,
        )
    doubtful, review = _doubtful(facts, warnings)
    skipped = set(left_out)
    forced = set(forced_in) - set(doubtful)  # no editor can force in what the data cannot prove
    usable = [f for f in facts if f.id not in skipped and f.id not in doubtful]
    kept, dropped = _resolve_claims([f for f in usable if f.id not in forced])
    kept += [f for f in usable if f.id in forced]
    dropped.update({f: "left out by the editor" for f in skipped})
    dropped.update(doubtful)
    by_kind: dict[FactKind, list[Fact]] = {}
    for fact in kept:
        by_kind.setdefault(fact.kind, []).append(fact)
    _summarise(by_kind, dropped)

    ward_results = by_kind.pop(FactKind.WARD_RESULT, [])
    results = tuple(
        Message(id=f"result:{f.id}", fragment="results_box", facts=(f,), score=f.score)
        for f in sorted(ward_results, key=lambda f: f.order)
    )
    if election.type is ElectionType.BY_ELECTION:
        # the by-election result tells the gain itself
        for gain in by_kind.pop(FactKind.GAIN, []):
            dropped[gain.id] = "told in the by-election result"
        by_kind[FactKind.WARD_RESULT] = ward_results
    control = by_kind.pop(FactKind.CONTROL, []) + by_kind.pop(FactKind.NO_OVERALL_CONTROL, [])
    composition = by_kind.pop(FactKind.COMPOSITION, [])
    progress = by_kind.pop(FactKind.PROGRESS, [])
    lead_facts = [*progress, *control, *composition]
    # no overall control is told without a cause: no one party's gains go in its lead
    noc = any(f.kind == FactKind.NO_OVERALL_CONTROL for f in control)
    lead_party = None if noc else _lead_party(control, composition)
    lead_gains = [f for f in by_kind.get(FactKind.GAIN, []) if f.entity("party").id == lead_party]
    if _net_change(composition, lead_party) < 0:
        lead_gains = []  # a party that lost ground: its few gains are not the news
    # a lead that also tells another party's collapse or surge names few gains, or it runs on
    mover = lead_plan(control[0] if control else None, composition[0] if composition else None)
    most = LEAD_MAX_GAINS_WITH_MOVER if mover.mover is not None else LEAD_MAX_GAINS
    if lead_gains and len(lead_gains) <= most and not _summaries(lead_gains):
        lead_facts += sorted(lead_gains, key=lambda f: (-f.score, f.order))
        by_kind[FactKind.GAIN] = [f for f in by_kind[FactKind.GAIN] if f not in lead_gains]
    main_control = control[0] if control else None
    main_composition = composition[0] if composition else None
    # a party's first seats are told in their own sentence, and its seats not again in the
    # standing paragraph; the party that paragraph opens with keeps its seats there instead
    top = _top_party(main_composition)
    first = by_kind.get(FactKind.FIRST_SEATS, [])
    for fact in [f for f in first if f.entity("party").id == top]:
        dropped[fact.id] = "its seats are told in the standing of the parties"
        first.remove(fact)
    first_told = {f.entity("party").id for f in first}
    messages = _rank_gains(_group(f for fs in by_kind.values() for f in fs))
    council = Entity(
        id=election.council.id,
        type="council",
        name=election.council.name,
        formal=election.council.full_name,
    )
    told = lead_plan(main_control, main_composition)
    if lead_facts:
        lead = Message(id="lead", fragment="lead", facts=tuple(lead_facts), score=100, lead=told)
    elif messages:
        lead = messages.pop(0)
    else:
        lead = Message(id="lead", fragment="lead", facts=(), score=0, lead=told)
    # numbers of seats the gain sentences state, by party: a net change equal to one of them
    # is not said again in the standing paragraph
    gained: dict[str, int] = {}
    stated: dict[str, set[object]] = {}
    for gain in by_kind.get(FactKind.GAIN, []):
        party = gain.entity("party").id
        seats = gain.figures.get("seats")
        if gain.qualifiers.get("summary"):
            stated.setdefault(party, set()).update({seats, gain.figures.get("from_top")})
        elif isinstance(seats, int):
            gained[party] = gained.get(party, 0) + seats
    for party, n in gained.items():
        stated.setdefault(party, set()).add(n)
    changes_told = {
        p
        for p, numbers in stated.items()
        if main_composition is not None and main_composition.figures.get(f"change:{p}") in numbers
    }
    # a summary of the lead party's gains whose number the lead gave, and a party's first seats
    # whose gains are told: said without their numbers
    numberless: set[str] = set()
    lead_party_id = told.party.id if told.party else None
    for gain in by_kind.get(FactKind.GAIN, []):
        if (
            gain.qualifiers.get("summary")
            and gain.entity("party").id == lead_party_id
            and told.change in (gain.figures.get("seats"), gain.figures.get("from_top"))
        ):
            numberless.add(gain.id)
    gaining = {g.entity("party").id for g in by_kind.get(FactKind.GAIN, [])}
    numberless |= {f.id for f in first if f.entity("party").id in gaining}
    # a summary whose number of gains is the party's seats after (every seat it holds was a
    # gain): the standing states that number, so the summary says only where they came from
    # (marked "<id>#total")
    for gain in _summaries(by_kind.get(FactKind.GAIN, [])):
        party = gain.entity("party").id
        if (
            gain.id not in numberless
            and main_composition is not None
            and main_composition.figures.get(f"seats:{party}") == gain.figures.get("seats")
        ):
            numberless.add(f"{gain.id}#total")
    messages = [
        replace(
            m,
            told=frozenset(t for f in m.facts for t in (f.id, f"{f.id}#total") if t in numberless),
        )
        if any(t in numberless for f in m.facts for t in (f.id, f"{f.id}#total"))
        else m
        for m in messages
    ]
    standing = standing_plan(main_composition, main_control, told, first_told, changes_told)
    # mid-count the lead says all that is known
    if standing is not None and (standing.parties or standing.control) and not progress:
        messages.append(
            Message(
                id="standing",
                fragment="standing",
                facts=(*composition, *([standing.control] if standing.control else [])),
                score=STANDING_SCORE,
                standing=standing,
            )
        )
        messages.sort(key=lambda m: (-m.score, m.id))

    paragraphs: list[Paragraph] = []
    for message in messages:
        last = paragraphs[-1] if paragraphs else None
        if (
            last is not None
            and len(last.messages) < MAX_PARAGRAPH_MESSAGES
            and _related(last.messages[-1], message)
        ):
            paragraphs[-1] = Paragraph(messages=(*last.messages, message))
        else:
            paragraphs.append(Paragraph(messages=(message,)))
    lead_paragraph = Paragraph(messages=(lead,))
    if progress:
        # the reporter's quotes react to the final result: none while wards are to declare
        dropped.update({q.id: "the count is not over" for q in election.quotes})
        body = paragraphs
    else:
        body = _place_quotes(election, paragraphs, lead_paragraph, dropped)
    body = _mark_told([lead_paragraph, *body])[1:]

    turnout = [f for f in kept if f.id == "turnout/council"]
    standfirst = None
    if (composition or turnout) and not progress:
        standfirst = Message(
            id="standfirst", fragment="standfirst", facts=tuple(composition or turnout), score=100
        )  # what was fought and when: the seats themselves are told once, in the body
    headline = Message(
        id="headline", fragment="headline", facts=lead.facts, score=100, lead=lead.lead
    )
    return DocumentPlan(
        election_id=election.id,
        council=council,
        polling_day=election.date.isoformat(),
        headline=_with_variant(headline, variants),
        standfirst=_with_variant(standfirst, variants) if standfirst else None,
        paragraphs=tuple(_apply(p, variants) for p in (lead_paragraph, *body)),
        facts=tuple(facts),
        left_out=dropped,
        results=results,
        review=review,
        warnings=tuple(str(w) for w in warnings),
        parties=election.parties,
    )


def _mark_told(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Mark each fact whose ward majority an earlier sentence already stated, so its own
    sentence names the ward without the figure: each figure once."""
    stated: set[tuple[str, object]] = set()
    out = []
    for paragraph in paragraphs:
        messages = []
        for message in paragraph.messages:
            told = set()
            for fact in message.facts:
                if fact.kind not in STATES_MAJORITY or "ward" not in fact.entities:
                    continue
                figure = fact.figures.get("majority", fact.figures.get("margin"))
                if figure is None:
                    continue
                key = (fact.entity("ward").id, figure)
                if key in stated:
                    told.add(fact.id)
                stated.add(key)
            if told:
                message = replace(message, told=message.told | frozenset(told))
            messages.append(message)
        out.append(Paragraph(messages=tuple(messages)))
    return out


def _net_change(composition: list[Fact], party: str | None) -> int:
    """A party's net change of seats by the composition fact (0 when not known)."""
    value = composition[0].figures.get(f"change:{party}") if composition and party else None
    return value if isinstance(value, int) else 0


def _top_party(composition: Fact | None) -> str | None:
    """The party with most seats after the poll (the standing paragraph opens with it)."""
    if composition is None:
        return None
    parties = [p for p in composition.entities.get("parties", ()) if p.id != "party/Oth"]
    return parties[0].id if parties else None


def _summaries(facts: Iterable[Fact]) -> list[Fact]:
    return [f for f in facts if f.qualifiers.get("summary")]


def _summarise(by_kind: dict[FactKind, list[Fact]], dropped: dict[str, str]) -> None:
    """Where a summary fact sums up many gains or defeats, leave out the facts it sums up.

    A defeated councillor with a role (a council leader) is still told on their own.
    """
    gains = by_kind.get(FactKind.GAIN, [])
    for summary in _summaries(gains):
        party = summary.entity("party").id
        for fact in [g for g in gains if g is not summary and g.entity("party").id == party]:
            dropped[fact.id] = f"summed up in {summary.id}"
            gains.remove(fact)
    defeats = by_kind.get(FactKind.DEFEATED_INCUMBENT, [])
    for summary in _summaries(defeats):
        for fact in [d for d in defeats if d is not summary and not d.qualifiers.get("role")]:
            dropped[fact.id] = f"summed up in {summary.id}"
            defeats.remove(fact)


def _lead_party(control: list[Fact], composition: list[Fact]) -> str | None:
    """The party the lead is about: the one in control, or else the biggest net gainer."""
    if control and control[0].kind == FactKind.CONTROL:
        return control[0].entity("party").id
    if composition and composition[0].entities.get("gainers"):
        return composition[0].entities["gainers"][0].id
    return None


def _with_variant(message: Message, variants: dict[str, int] | None) -> Message:
    if variants and message.id in variants:
        return replace(message, variant=variants[message.id])
    return message


def _apply(paragraph: Paragraph, variants: dict[str, int] | None) -> Paragraph:
    return Paragraph(messages=tuple(_with_variant(m, variants) for m in paragraph.messages))
