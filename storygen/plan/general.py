"""The general-election planner: a constituency's story, or the UK's, a nation's or a region's.

Policy:
1. A constituency story leads with its result (hold, gain, or the Speaker's seat) and any sitting
   MP it defeated; then the majority and its change, shares and swing, turnout, a former MP's
   return, and the closest or biggest majority of the night, strongest first; the results line
   goes in the box.
2. A UK, nation or region story leads with the count (mid-count: how many seats have declared),
   the overall majority or hung parliament (UK only) and the seats won; the standfirst gives the
   seats of the leading parties once the count is over (mid-count a standing paragraph does);
   then gains by party (the three biggest gainers), sitting MPs defeated, shares, swings, the
   closest and biggest majorities and turnout; a results line per party goes in the box.
3. Messages of related kinds share a paragraph (at most three).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from storygen.detect.fact import Entity, Fact
from storygen.model import DataWarning, Election, GeneralScope
from storygen.plan.planner import DocumentPlan, Message, Paragraph, _doubtful

GAINERS_LISTED = 3  # parties whose gains the story lists; the box has the rest
MAX_PARAGRAPH = 3

# rule -> template fragment (under templates/fragments/)
FRAGMENTS = {
    "general.seat_majority_change": "general/majority_change",
    "general.seat_shares": "general/shares",
    "general.seat_swing": "general/swing",
    "general.seat_turnout": "general/turnout",
    "general.returning_member": "general/returning_member",
    "general.seat_closest": "general/closest",
    "general.seat_biggest": "general/biggest",
    "general.party_gains": "general/party_gains",
    "general.area_shares": "general/shares",
    "general.area_swing": "general/swing",
    "general.biggest_swings": "general/biggest_swings",
    "general.defeated_mps": "general/defeated_mps",
    "general.area_closest": "general/closest",
    "general.area_biggest": "general/biggest",
    "general.area_turnout": "general/turnout",
}
LEAD_RULES = (
    "general.seat_gain",
    "general.seat_hold",
    "general.seat_won",
    "general.speaker_seat",
    "general.defeated_mp",
    "general.count_progress",
    "general.commons_majority",
    "general.hung_parliament",
    "general.seats_won",
)
BOX_RULES = ("general.seat_box", "general.party_lines")
# Fragments that sit well together in one paragraph.
RELATED = (
    {"general/shares", "general/shares_more", "general/swing"},
    {"general/majority_change", "general/overturned", "general/closest", "general/biggest"},
    {"general/closest", "general/biggest"},
    {"general/party_gains"},
    {"general/defeated_mps", "general/defeated_named"},
    {"general/biggest_swings", "general/swing"},
)


def _messages(facts: Iterable[Fact]) -> list[Message]:
    groups: dict[str, list[Fact]] = {}
    for fact in facts:
        key = f"{fact.rule}:{fact.group}" if fact.group is not None else fact.id
        groups.setdefault(key, []).append(fact)
    messages = []
    for key, members in groups.items():
        members.sort(key=lambda f: (f.order, f.id))
        messages.append(
            Message(
                id=key,
                fragment=FRAGMENTS[members[0].rule],
                facts=tuple(members),
                score=max(f.score for f in members),
            )
        )
    return sorted(messages, key=lambda m: (-m.score, m.id))


def _related(a: Message, b: Message) -> bool:
    return any({a.fragment, b.fragment} <= group for group in RELATED)


def _paragraphs(messages: Sequence[Message]) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    for message in messages:
        last = paragraphs[-1] if paragraphs else None
        if (
            last is not None
            and len(last.messages) < MAX_PARAGRAPH
            and _related(last.messages[-1], message)
        ):
            paragraphs[-1] = Paragraph(messages=(*last.messages, message))
        else:
            paragraphs.append(Paragraph(messages=(message,)))
    return paragraphs


def _variant(message: Message, variants: dict[str, int] | None) -> Message:
    if variants and message.id in variants:
        return replace(message, variant=variants[message.id])
    return message


def plan_general(
    election: Election,
    facts: Sequence[Fact],
    *,
    left_out: Iterable[str] = (),
    forced_in: Iterable[str] = (),
    variants: dict[str, int] | None = None,
    warnings: Sequence[DataWarning] = (),
) -> DocumentPlan:
    """Choose, group and order a general-election story's facts into a document plan.

    `left_out` names facts an editor has switched off; `forced_in` keeps facts the planner would
    leave out (a gainer beyond the three listed); `variants` forces phrasings by message id;
    `warnings` (the validation layer's) leave out facts on doubtful data and ask for review.
    """
    assert election.general is not None
    doubtful, review = _doubtful(facts, warnings)
    skipped, forced = set(left_out), set(forced_in) - set(doubtful)
    dropped: dict[str, str] = {f: "left out by the editor" for f in skipped}
    dropped.update(doubtful)
    usable = [f for f in facts if f.id not in skipped and f.id not in doubtful]
    constituency = election.general.scope is GeneralScope.CONSTITUENCY
    lead_facts = sorted(
        (f for f in usable if f.rule in LEAD_RULES),
        key=lambda f: (LEAD_RULES.index(f.rule), f.order, f.id),
    )
    box = sorted((f for f in usable if f.rule in BOX_RULES), key=lambda f: (f.order, f.id))
    body_facts = [f for f in usable if f.rule not in LEAD_RULES and f.rule not in BOX_RULES]
    gains = [f for f in body_facts if f.rule == "general.party_gains"]
    for fact in gains[GAINERS_LISTED:]:
        if fact.id not in forced:
            dropped[fact.id] = f"only the {GAINERS_LISTED} biggest gainers are listed"
            body_facts.remove(fact)
    if any(f.rule == "general.speaker_seat" for f in lead_facts):
        # the Speaker's seat is told in the lead, in place of the hold or gain
        for fact in [f for f in lead_facts if f.rule in ("general.seat_gain", "general.seat_hold")]:
            dropped[fact.id] = "told as the Speaker's seat"
            lead_facts.remove(fact)
    messages = _messages(body_facts)
    for fact in body_facts:
        if (
            fact.rule == "general.defeated_mps"
            and fact.entities.get("candidates")
            and fact.figures.get("count") != 1
        ):
            messages.append(
                Message(
                    id=f"named:{fact.id}",
                    fragment="general/defeated_named",
                    facts=(fact,),
                    score=fact.score - 0.5,
                )
            )
    for fact in lead_facts:
        if fact.rule == "general.seat_gain" and fact.figures.get("previous_majority"):
            messages.append(
                Message(
                    id=f"overturned:{fact.id}",
                    fragment="general/overturned",
                    facts=(fact,),
                    score=82,
                )
            )
    for fact in body_facts:
        if fact.rule == "general.area_shares" and len(fact.entities.get("parties", ())) > 2:
            messages.append(
                Message(
                    id=f"more:{fact.id}",
                    fragment="general/shares_more",
                    facts=(fact,),
                    score=fact.score - 0.5,
                )
            )
    composition = [f for f in lead_facts if f.rule == "general.seats_won"]
    partial = bool(composition and composition[0].qualifiers.get("partial"))
    if composition and partial:
        messages.append(
            Message(id="standing", fragment="general/standing", facts=tuple(composition), score=89)
        )
    messages.sort(key=lambda m: (-m.score, m.id))
    lead = Message(
        id="lead",
        fragment="general/seat_lead" if constituency else "general/area_lead",
        facts=tuple(lead_facts),
        score=100,
    )
    headline = Message(id="headline", fragment="general/headline", facts=lead.facts, score=100)
    standfirst = None
    if composition and not partial:
        standfirst = Message(
            id="standfirst", fragment="general/standfirst", facts=tuple(composition), score=100
        )
    body = _paragraphs(messages)
    results = tuple(
        Message(
            id=f"result:{f.id}",
            fragment="general/seat_box" if f.rule == "general.seat_box" else "general/party_line",
            facts=(f,),
            score=f.score,
        )
        for f in box
    )
    council = Entity(
        id=election.council.id,
        type="council",
        name=election.council.name,
        formal=election.council.full_name,
    )
    paragraphs = (Paragraph(messages=(lead,)), *body) if lead_facts else tuple(body)
    return DocumentPlan(
        election_id=election.id,
        council=council,
        polling_day=election.date.isoformat(),
        headline=_variant(headline, variants),
        standfirst=_variant(standfirst, variants) if standfirst else None,
        paragraphs=tuple(
            Paragraph(messages=tuple(_variant(m, variants) for m in p.messages)) for p in paragraphs
        ),
        facts=tuple(facts),
        left_out=dropped,
        results=results,
        review=review,
        warnings=tuple(str(w) for w in warnings),
    )
