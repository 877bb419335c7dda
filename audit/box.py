"""The results box of a draft's text: every candidate, vote, outcome and majority checked."""

from __future__ import annotations

import re
from collections.abc import Callable

from .claims import Ctx
from .derive import WardTruth
from .findings import OK, UNDERIVED, UNPARSED, WRONG, Sentence
from .lexicon import initials, label_variants
from .names import label_key, parse_person, persons_match
from .parties import IND, PA
from .readers import Candidate

ENTRY = re.compile(
    r"(?P<name>[^()]+?)(?: \((?P<mark>(?:NOT )?ELECTED)\))? \((?P<pa>(?:[^()]|\([^()]*\))+)\)"
    r"(?: (?P<votes>\d{1,3}(?:,\d{3})*|\d+))?(?P<end>, |\.(?: |$))"
)
TAIL = re.compile(
    r"^(?:(?P<gainers>[^ ]+(?: [^ ]+)*?) gain from (?P<losers>.+?)\.|(?P<holder>.+?) hold\.|"
    r"(?P<unopposed>Unopposed\.))?\s*"
    r"(?:Majority (?P<maj>\d{1,3}(?:,\d{3})*|\d+)\.|(?P<lot>Tie decided by lot\.))?$"
)


def pa_party(
    ctx: Ctx, pa: str, cand: Candidate | None, within: set[str] | None = None
) -> str | None:
    """The party a PA abbreviation stands for (national codes, or a local party's label;
    `within`: the parties it can be, those of the ward's candidates and defenders)."""
    for key, code in PA.items():
        if code == pa:
            return key
    found = ctx.lex.party(pa)
    if found is not None:
        return found
    short = label_key(pa).replace(" ", "")
    if not short:
        return None
    parties = (
        [cand.party]
        if cand is not None
        else sorted(within & set(ctx.truth.labels))
        if within
        else list(ctx.truth.labels)
    )
    hits = set()
    for party in parties:
        for label in ctx.truth.labels.get(party, set()):
            for variant in label_variants(label):
                letters = initials(variant)
                squashed = label_key(variant).replace(" ", "")
                prefix = letters.startswith(short) or squashed.startswith(short)
                loose = cand is not None and len(short) >= 3 and _abbreviates(short, squashed)
                if (len(short) >= 2 and prefix) or loose:
                    hits.add(party)
    return hits.pop() if len(hits) == 1 else None


def _abbreviates(short: str, long_: str) -> bool:
    """'libtn' abbreviates 'libertarian', 'loony' 'monsterravingloony', 'soclab' 'socialistlabour':
    the letters in order, the first of them starting a word or the label."""
    start = long_.find(short[0])
    if start < 0:
        return False
    it = iter(long_[start:])
    return all(ch in it for ch in short)


def check_box_line(ctx: Ctx, s: Sentence) -> None:
    """One ward's line of the results box."""
    text = s.text
    head, sep, body = text.partition(": ")
    if not sep:
        s.add(UNPARSED, "results box", text, "no ward name")
        s.cover_all()
        return
    ward = ctx.lex.ward(head)
    if ward is None:
        s.add(WRONG, "results box", f"ward {head!r}", "no such ward in the results")
        s.cover_all()
        return
    entries: list[re.Match[str]] = []
    pos = 0
    while True:
        entry = ENTRY.match(body, pos)
        if entry is None:
            break
        entries.append(entry)
        pos = entry.end()
        if entry["end"] != ", ":
            break
    tail = body[pos:].strip()
    if not entries or entries[-1]["end"] == ", " or (tail and not TAIL.match(tail)):
        s.add(UNPARSED, "results box", text, "could not read")
        s.cover_all()
        return
    _candidates(ctx, s, ward, entries)
    _tail(ctx, s, ward, TAIL.match(tail) if tail else None)
    s.cover_all()


def _candidates(ctx: Ctx, s: Sentence, ward: WardTruth, entries: list[re.Match[str]]) -> None:
    ranked = ward.ranked
    if len(entries) != len(ranked):
        s.add(
            WRONG,
            "results box",
            f"{ward.name}: {len(entries)} candidates",
            f"{len(ranked)} candidates in the rows",
        )
    used: set[int] = set()
    for position, entry in enumerate(entries):
        name = entry["name"].strip()
        person = parse_person(name)
        matches = [
            c
            for c in ward.ward.candidates
            if id(c) not in used and persons_match(person, parse_person(c.name))
        ]
        if not matches:
            matches = [
                c
                for c in ward.ward.candidates
                if id(c) not in used
                and c.alt_name
                and persons_match(person, parse_person(c.alt_name))
            ]
            if matches:
                s.add(
                    UNDERIVED,
                    "person",
                    f"{ward.name}: {name}",
                    "the source's name fields disagree: "
                    f"'{matches[0].name}' and '{matches[0].alt_name}'",
                )
        if not matches:
            matches = [
                c
                for c in ward.ward.candidates
                if id(c) not in used
                and any(persons_match(person, parse_person(n)) for n in c.listed)
            ]
            if matches:
                s.add(
                    OK,
                    "person",
                    f"{ward.name}: {name}",
                    f"the councillor list's name for '{matches[0].name}'",
                )
        if not matches:
            s.add(WRONG, "results box", f"{ward.name}: {name}", "no such candidate")
            continue
        if len(matches) > 1 and position < len(ranked) and ranked[position] in matches:
            cand = ranked[position]
        else:
            cand = matches[0]
        used.add(id(cand))
        if entry["mark"]:
            said = entry["mark"] == "ELECTED"
            s.expect("results box", f"{name} ({entry['mark']})", said, cand.elected, "")
        party = pa_party(ctx, entry["pa"], cand)
        if party is None:
            s.add(
                UNPARSED,
                "party name",
                f"{ward.name}: {name} ({entry['pa']})",
                "unknown abbreviation",
            )
        elif party != cand.party and not (party == IND and cand.party == IND):
            s.add(
                WRONG,
                "results box",
                f"{name} ({entry['pa']})",
                f"{cand.name} stood for {cand.label}",
            )
        votes = int(entry["votes"].replace(",", "")) if entry["votes"] else None
        if votes != cand.votes and not (votes is None and not ward.contested):
            s.add(WRONG, "results box", f"{name} {votes}", f"{cand.name} {cand.votes}")
        else:
            s.add(OK, "results box", f"{name} {votes}", "")
        if (
            position < len(ranked)
            and ranked[position] is not cand
            and ranked[position].votes != cand.votes
        ):
            s.add(
                WRONG,
                "results box",
                f"{name} in place {position + 1}",
                f"{ranked[position].name} {ranked[position].votes}",
            )


def _tail(ctx: Ctx, s: Sentence, ward: WardTruth, m: re.Match[str] | None) -> None:
    if m is None or not any(m.groupdict().values()):
        return
    if m["maj"]:
        value = int(m["maj"].replace(",", ""))
        s.expect("majority", f"{ward.name} majority {value}", value, ward.majority, ward.void or "")
    if m["lot"]:
        s.expect("majority", f"{ward.name} tie decided by lot", 0, ward.majority, "")
    if m["unopposed"]:
        s.expect("results box", f"{ward.name} unopposed", False, ward.contested, "")
    if m["holder"]:
        holder = pa_party(ctx, m["holder"], None, {c.party for c in ward.ward.candidates})
        claim = f"{ward.name}: {m['holder']} hold"
        _outcome(ctx, s, ward, claim, lambda g, _losses: not g and holder in ward.won)
    if m["gainers"]:
        claim = f"{ward.name}: {m['gainers']} gain from {m['losers']}"
        here = {c.party for c in ward.ward.candidates} | set(ward.defended or {})
        here |= set(ward.partial or {})
        gainers = [pa_party(ctx, x, None, here) for x in m["gainers"].split("/")]
        losers = [pa_party(ctx, x, None, here) for x in m["losers"].split("/")]
        if None in gainers or None in losers:
            s.add(UNPARSED, "party name", claim, "unknown abbreviation")
            return
        _outcome(
            ctx, s, ward, claim, lambda g, lost: set(gainers) == set(g) and set(losers) == set(lost)
        )


def _outcome(
    ctx: Ctx,
    s: Sentence,
    ward: WardTruth,
    claim: str,
    holds: Callable[[dict[str, int], dict[str, int]], bool],
) -> None:
    """A ward's outcome, true in every reading of its defenders, in none, or in some."""
    if not ward.options:
        why = ctx.truth.unknown.get("defenders") or ward.defenders_why or "defenders not known"
        s.add(UNDERIVED, "gain", claim, why)
        return
    verdicts = [holds(gains, losses) for gains, losses in ward.options]
    if all(verdicts):
        s.add(OK, "gain", claim, "")
    elif not any(verdicts):
        s.add(WRONG, "gain", claim, _story(ctx, ward))
    else:
        s.add(
            UNDERIVED, "gain", claim, f"{ward.unknown_seats} seat(s) with no defender in the list"
        )


def _story(ctx: Ctx, ward: WardTruth) -> str:
    won = ", ".join(f"{ctx.name(p)} {n}" for p, n in sorted(ward.won.items()))
    defended = ", ".join(f"{ctx.name(p)} {n}" for p, n in sorted((ward.defended or {}).items()))
    return f"won {won}; defended {defended or 'not known'}"


__all__ = ["OK", "check_box_line"]
