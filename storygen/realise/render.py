"""Realise: Jinja templates turn a document plan into prose, in house style.

Templates live in `templates/fragments/<fragment>.j2`, one file per fact kind (plus lead,
standing, headline, standfirst and quotes). Each defines macros `variant_1(m, f, h)`,
`variant_2(m, f, h)`, … taking the message, its first fact and the helpers (party names
varied as the reference does, number words, the council); which one is used is chosen from the
election and message ids, so the same input always gives the same text. Templates see plan
objects and facts only. Both environments use StrictUndefined and no autoescape (the output is
text). The bundled templates are the project's own code: they render in a plain environment,
compiled once per process (and kept as bytecode between processes). Editor-supplied templates
(`--templates DIR`) run in Jinja's sandbox.
"""

from __future__ import annotations

import os
import re
import weakref
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
)
from jinja2.sandbox import ImmutableSandboxedEnvironment

from storygen.detect.fact import Entity, Fact
from storygen.errors import StorygenError
from storygen.parties import Party, PartyTable, party_table
from storygen.plan import DocumentPlan, Message, QuoteView
from storygen.realise import style
from storygen.realise.draft import Draft, DraftParagraph, Sentence

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


class TemplateFailure(StorygenError):
    """A template could not be loaded or rendered."""


LOCAL_PARTY = "local party"  # how prose describes a local party no source names


@dataclass
class Namer:
    """Varies party names the way the reference does: formal first, then the alternatives.

    A local code no source names is described, never printed: "a local party" at its first
    mention, "another local party" for a second such party, "the local party" again while it
    is the only one mentioned (results boxes keep the code: `pa`).
    """

    mentions: Counter[str] = field(default_factory=Counter)
    introduced: set[str] = field(default_factory=set)
    table: PartyTable = field(default_factory=party_table)
    described: list[str] = field(default_factory=list)  # unnamed codes, as first mentioned

    def party(self, ref: Entity | str) -> Party:
        code = ref.id.removeprefix("party/") if isinstance(ref, Entity) else ref
        return self.table.party(code)

    def _pick(self, options: Sequence[str], code: str) -> str:
        n = self.mentions[code]
        self.mentions[code] += 1
        if n == 0 or len(options) == 1:
            return options[0]
        return options[1 + (n - 1) % (len(options) - 1)]

    def _describe(self, party: Party) -> str:
        seen = self.described
        if party.code not in seen:
            seen.append(party.code)
            return f"a {LOCAL_PARTY}" if len(seen) == 1 else f"another {LOCAL_PARTY}"
        return f"the {LOCAL_PARTY}" if len(seen) == 1 else f"a {LOCAL_PARTY}"

    def noun(self, ref: Entity | str) -> str:
        """The party as an actor: "the Conservatives", "the Tories"; "a local party"."""
        party = self.party(ref)
        if party.unnamed:
            return self._describe(party)
        return self._pick(party.nouns, party.code)

    def adjective(self, ref: Entity | str) -> str:
        """The party as an adjective: "Conservative", "Tory"; "local party"."""
        party = self.party(ref)
        if party.unnamed:
            return LOCAL_PARTY
        return self._pick(party.adjectives, party.code)

    def name(self, ref: Entity | str) -> str:
        """The bare name for headlines: "Conservatives", "Ashfield Independents"; "local party"."""
        party = self.party(ref)
        return LOCAL_PARTY if party.unnamed else party.name

    def one(self, ref: Entity | str, count: int) -> str:
        """The party of `count` candidates: "an independent" for one, else the noun."""
        if self.party(ref).independent and count == 1:
            return "an independent"
        return self.noun(ref)

    def possessive(self, ref: Entity | str, count: int | None = None) -> str:
        """ "Labour's", "the Tories'"; "an independent's" for one independent (`count` 1),
        "independents'" for several; "a local party's"."""
        party = self.party(ref)
        if party.independent and count == 1:
            return "an independent's"
        return style.possessive(self.noun(ref), is_plural=party.plural and not party.unnamed)

    def of_party(self, ref: Entity | str, name: str) -> str:
        """A candidate with their party: "Labour's Teresa Stratford", "independent Jo Bloggs",
        "local party candidate Jo Bloggs"."""
        party = self.party(ref)
        if party.independent:
            return f"independent {name}"
        if party.unnamed:
            return f"{LOCAL_PARTY} candidate {name}"
        return f"{self.possessive(ref)} {name}"


def _entity_names(entities: Sequence[Entity]) -> list[str]:
    return [e.name for e in entities]


def _figure_of(fact: Fact, key: str, entity: Entity | None = None) -> Any:
    name = f"{key}:{entity.id}" if entity is not None else key
    if name not in fact.figures:
        raise KeyError(f"fact {fact.id} has no figure {name!r}")
    return fact.figures[name]


def _wards(facts: Sequence[Fact], role: str = "ward") -> list[str]:
    return [e.name for f in facts for e in f.entities.get(role, ())]


def _surname(name: str) -> str:
    return name.split()[-1]


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _BundledEnvironment(Environment):
    """The plain environment, looking up `f.figures.majority` in a dict without first trying
    (and failing) an attribute of that name: the same value or undefined, found faster."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        """`obj.attribute` in a template: an exact dict's key at once, anything else as Jinja
        does (an attribute, else an item)."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def make_environment(templates: Path | None = None) -> Environment:
    """The Jinja environment with the house-style filter table: plain for the bundled
    templates, sandboxed for an editor's folder (`templates`)."""
    options: dict[str, Any] = {
        "undefined": StrictUndefined,
        "autoescape": False,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": False,
    }
    env: Environment
    if templates is None:
        # the bundled templates change only with the code: no need to stat them per lookup
        env = _BundledEnvironment(
            loader=FileSystemLoader(str(TEMPLATES)),
            auto_reload=False,
            bytecode_cache=_bytecode_cache(),
            **options,
        )
    else:
        env = ImmutableSandboxedEnvironment(loader=FileSystemLoader(str(templates)), **options)
    env.filters.update(
        {
            "number": style.number,
            "figure": style.figure,
            "percent": style.percent,
            "points": style.points,
            "fraction": style.fraction_phrase,
            "join": style.join_list,
            "commas": lambda items: ", ".join(items),
            "a_an": style.a_an,
            "plural": lambda word, count, plural_form=None: style.plural(
                int(count), word, plural_form
            ),
            "count": style.count_noun,
            "long_date": lambda iso: style.long_date(date.fromisoformat(iso)),
            "weekday": lambda iso: style.weekday(date.fromisoformat(iso)),
            "names": _entity_names,
            "surname": _surname,
            "possessive": style.possessive,
            "capfirst": style.capitalise_first,
        }
    )
    env.globals.update({"fig": _figure_of, "wards": _wards, "zip": zip})
    return env


def _bytecode_cache() -> BytecodeCache | None:
    """Compiled bundled templates kept between processes, like .pyc files, in the user's cache
    folder (STORYGEN_CACHE, else $XDG_CACHE_HOME/storygen, else ~/.cache/storygen); none when
    STORYGEN_CACHE is empty or the folder cannot be made. A template whose source changed is
    compiled afresh (Jinja compares a checksum of the source)."""
    setting = os.environ.get("STORYGEN_CACHE")
    if setting == "":
        return None
    if setting:
        folder = Path(setting)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        folder = Path(base) / "storygen"
    folder = folder / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    if not os.access(folder, os.W_OK):
        return None
    return FileSystemBytecodeCache(str(folder))


@cache
def _default_environment() -> Environment:
    return make_environment()


# Each environment's phrasings by fragment, looked up once: not once per sentence.
_MACROS: weakref.WeakKeyDictionary[Environment, dict[str, list[Callable[..., str]]]] = (
    weakref.WeakKeyDictionary()
)


def _variant_macros(env: Environment, fragment: str) -> list[Callable[..., str]]:
    known = _MACROS.setdefault(env, {})
    if fragment not in known:
        known[fragment] = _load_macros(env, fragment)
    return known[fragment]


def _load_macros(env: Environment, fragment: str) -> list[Callable[..., str]]:
    try:
        module = env.get_template(f"fragments/{fragment}.j2").module
    except TemplateError as exc:
        raise TemplateFailure(
            f"cannot load template: {exc}", file=f"templates/fragments/{fragment}.j2"
        ) from None
    macros = []
    n = 1
    while hasattr(module, f"variant_{n}"):
        macros.append(getattr(module, f"variant_{n}"))
        n += 1
    if not macros:
        raise TemplateFailure(
            "no phrasings", file=f"templates/fragments/{fragment}.j2", expected="macro variant_1"
        )
    return macros


def warm_up() -> None:
    """Compile every bundled fragment now (before a batch forks, so workers share them)."""
    env = _default_environment()
    for path in sorted((TEMPLATES / "fragments").glob("*.j2")):
        if not path.name.startswith("_"):
            _variant_macros(env, path.stem)


def choose_variant(election_id: str, message_id: str, count: int) -> int:
    """The phrasing (0-based) for a message: a stable hash of the input, not a random draw."""
    return zlib.crc32(f"{election_id}|{message_id}".encode()) % count


_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?\u2019\u201d])")


_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")  # "Lancaster J.." but not an ellipsis


def _tidy(text: str) -> str:
    # str.split() and \s split on the same (Unicode) whitespace: one space between words
    text = " ".join(text.split())
    if ".." in text:
        text = _DOUBLE_STOP.sub(".", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    return style.capitalise_first(text)


class Realiser:
    """Renders a document plan; one instance per draft (it tracks names already used)."""

    def __init__(
        self,
        plan: DocumentPlan,
        env: Environment | None = None,
        settings: style.StyleSettings = style.DEFAULT_STYLE,
    ) -> None:
        self.plan = plan
        self.env = env or _default_environment()
        self.settings = settings
        self.parties = party_table().with_local(plan.parties)
        self.namer = Namer(table=self.parties)
        self._namespace: tuple[Namer, SimpleNamespace] | None = None

    def _helper_namespace(self) -> SimpleNamespace:
        """The helpers as templates see them, built once per namer, not once per sentence."""
        if self._namespace is None or self._namespace[0] is not self.namer:
            self._namespace = (self.namer, SimpleNamespace(**self._helpers()))
        return self._namespace[1]

    def _helpers(self) -> dict[str, Any]:
        namer, settings, plan = self.namer, self.settings, self.plan

        def speaker(quote: QuoteView) -> str:
            person = quote.speaker
            if person.id in namer.introduced:
                return _surname(person.name)
            namer.introduced.add(person.id)
            role = quote.role or ""
            if quote.party is not None:
                adjective = namer.party(quote.party).adjective
                if role and adjective.lower() not in role.lower():
                    role = f"{namer.adjective(quote.party)} {role}"
            return f"{role} {person.name}".strip()

        return {
            "party": namer.noun,
            # one independent is "an independent", not "independents"
            "party_one": namer.one,
            "parties": lambda refs: [namer.noun(r) for r in refs],
            "party_adj": namer.adjective,
            "party_name": namer.name,
            "pa": lambda ref: namer.party(ref).pa,
            # "Labour's"; party_poss(ref, 1) for one candidate: "an independent's"
            "party_poss": namer.possessive,
            # a candidate with their party: "Labour's Teresa Stratford", "independent Jo Bloggs"
            "of_party": namer.of_party,
            # a candidate of the same party: "fellow Labour candidate Jo Bloggs"
            "fellow": lambda ref, name: (
                f"another independent, {name}"
                if namer.party(ref).independent
                else f"fellow {namer.adjective(ref)} candidate {name}"
            ),
            "its": lambda ref: "their" if namer.party(ref).plural else "its",
            "verb": lambda ref, singular, plural: plural if namer.party(ref).plural else singular,
            "num": lambda n: style.number(int(n), settings),
            "turnout_words": settings.turnout_words,
            "council": plan.council,
            "council_name": plan.council.formal or plan.council.name,
            "polling_day": plan.polling_day,
            "speaker": speaker,
        }

    def sentence(self, message: Message) -> Sentence:
        """Write one message as a sentence."""
        macros = _variant_macros(self.env, message.fragment)
        index = (
            (message.variant - 1) % len(macros)
            if message.variant
            else choose_variant(self.plan.election_id, message.id, len(macros))
        )
        try:
            first = message.facts[0] if message.facts else None
            text = macros[index](message, first, self._helper_namespace())
        except (TemplateError, KeyError, ValueError, TypeError) as exc:
            raise TemplateFailure(
                f"rendering message {message.id!r} failed: {exc}",
                file=f"templates/fragments/{message.fragment}.j2",
                field=f"variant_{index + 1}",
            ) from None
        return Sentence(
            text=_tidy(str(text)),
            facts=message.fact_ids,
            quotes=tuple(q.id for q in message.quotes),
            message=message.id,
            fragment=message.fragment,
            variant=index + 1,
            variants=len(macros),
        )

    def draft(self, results: bool = False) -> Draft:
        """Write the whole draft, with the results box when asked."""
        plan = self.plan
        paragraphs = tuple(
            DraftParagraph(sentences=tuple(self.sentence(m) for m in p.messages))
            for p in plan.paragraphs
        )
        # The headline and standfirst are written with fresh names: they stand on their own.
        self.namer = Namer(table=self.parties)
        headline = self.sentence(plan.headline)
        standfirst = self.sentence(plan.standfirst) if plan.standfirst else None
        return Draft(
            election_id=plan.election_id,
            council=plan.council.name,
            polling_day=plan.polling_day,
            headline=headline,
            standfirst=standfirst,
            paragraphs=paragraphs,
            facts=plan.facts,
            left_out=plan.left_out,
            results=tuple(self.sentence(m) for m in plan.results) if results else (),
            review=plan.review,
            warnings=plan.warnings,
        )


def realise(
    plan: DocumentPlan,
    *,
    templates: Path | None = None,
    settings: style.StyleSettings = style.DEFAULT_STYLE,
    results: bool = False,
) -> Draft:
    """Write a document plan as a draft (with a results box per ward when `results`)."""
    env = make_environment(templates) if templates else None
    return Realiser(plan, env, settings).draft(results)
