"""The rule registry: rules are small pure functions registered by decorator, one family a module.

A rule takes a RuleInput (the validated election, its analysis, the party table) and yields facts.
Its docstring's first line is its label in the editor preview; the docstring must state every
threshold the rule uses, which `rule` checks when the module is imported.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from storygen.analyse import Analysis, Placing, WardResult
from storygen.analyse.general import GeneralAnalysis, analyse_general
from storygen.analyse.summary import NeighbourSummary
from storygen.detect.fact import Entity, Fact
from storygen.model import Election, FactKind
from storygen.parties import PartyTable, party_table


@dataclass(frozen=True)
class RuleInput:
    """What every rule reads: the election, its derived figures, the party table."""

    election: Election
    analysis: Analysis
    parties: PartyTable = field(default_factory=party_table)
    neighbours: tuple[NeighbourSummary, ...] = ()  # neighbours' results in the same batch
    general: GeneralAnalysis | None = None  # a general election's figures (None: a council)
    # Entities are immutable: one instance per party, ward and candidate serves every fact
    # (fewer validations, and a draft pickled for the checker process stores each once)
    _entities: dict[tuple[str, str, str], Entity] = field(
        default_factory=dict, compare=False, repr=False
    )

    def _entity(self, id: str, type: str, name: str) -> Entity:
        key = (id, type, name)
        entity = self._entities.get(key)
        if entity is None:
            entity = self._entities[key] = Entity(id=id, type=type, name=name)
        return entity

    def unread_parties(self) -> set[str]:
        """Parties with a candidate in a ward whose result cannot be read (void): their seats
        and gains are known only as the least."""
        return {p.party for w in self.analysis.wards if w.void for p in w.placings}

    def party(self, code: str) -> Entity:
        """The entity of a party."""
        party = self.parties.party(code)
        return self._entity(f"party/{code}", "party", party.name)

    def ward(self, ward: WardResult) -> Entity:
        """The entity of a ward."""
        return self._entity(ward.ward_id, "ward", ward.name)

    def candidate(self, placing: Placing) -> Entity:
        """The entity of a candidate."""
        return self._entity(placing.candidate_id, "candidate", placing.name)

    def council(self) -> Entity:
        """The entity of the council."""
        council = self.election.council
        return Entity(id=council.id, type="council", name=council.name, formal=council.full_name)


RuleFunction = Callable[[RuleInput], Iterable[Fact]]


@dataclass(frozen=True)
class Rule:
    """A registered rule."""

    name: str
    kind: FactKind
    family: str
    function: RuleFunction
    label: str
    doc: str
    thresholds: tuple[float, ...]
    general: bool = False  # a general-election rule (councils' rules do not run on those)


RULES: dict[str, Rule] = {}


def _threshold_text(value: float) -> str:
    return f"{value:g}"


def rule(
    kind: FactKind, *, thresholds: tuple[float, ...] = (), general: bool = False
) -> Callable[[RuleFunction], Rule]:
    """Register a rule for a fact kind; its docstring must state each of its thresholds.

    `general` rules run on general-election stories only; the others on council elections only.
    """

    def register(function: RuleFunction) -> Rule:
        doc = inspect.getdoc(function) or ""
        if not doc:
            raise TypeError(f"rule {function.__name__} has no docstring")
        for value in thresholds:
            if not re.search(rf"(?<![\d.]){re.escape(_threshold_text(value))}(?![\d])", doc):
                raise TypeError(
                    f"rule {function.__name__}: its docstring does not state its threshold "
                    f"{_threshold_text(value)}"
                )
        family = function.__module__.rsplit(".", 1)[-1]
        name = f"{family}.{function.__name__}"
        if name in RULES:
            raise TypeError(f"rule {name} registered twice")
        registered = Rule(
            name=name,
            kind=kind,
            family=family,
            function=function,
            label=doc.splitlines()[0],
            doc=doc,
            thresholds=thresholds,
            general=general,
        )
        RULES[name] = registered
        return registered

    return register


def make_fact(
    rule_: Rule | str,
    key: str,
    *,
    score: float,
    entities: dict[str, tuple[Entity, ...]],
    figures: dict[str, int | float | str | bool | None],
    sources: Iterable[str],
    qualifiers: dict[str, str] | None = None,
    group: str | None = None,
    claim: str | None = None,
    order: int = 0,
) -> Fact:
    """A fact of a registered rule, with a stable id built from the rule's kind and a key."""
    registered = RULES[rule_] if isinstance(rule_, str) else rule_
    return Fact(
        id=f"{registered.kind.value}/{key}",
        kind=registered.kind,
        rule=registered.name,
        label=registered.label,
        score=round(score, 2),
        entities=entities,
        figures=figures,
        qualifiers=qualifiers or {},
        sources=tuple(dict.fromkeys(sources)),
        group=group,
        claim=claim,
        order=order,
    )


def all_rules() -> dict[str, Rule]:
    """Every registered rule, after importing each family module."""
    from storygen.detect import (  # noqa: F401  (imports register the rules)
        challengers,
        context,
        control,
        general,
        history,
        majorities,
        seats,
        turnout,
    )

    return RULES


def detect(
    election: Election, analysis: Analysis, neighbours: tuple[NeighbourSummary, ...] = ()
) -> list[Fact]:
    """Run every rule; facts sorted by score (highest first), then id, so output is stable."""
    data = RuleInput(
        election=election,
        analysis=analysis,
        parties=election.party_table(),
        neighbours=neighbours,
        general=analyse_general(election, analysis),
    )
    is_general = election.general is not None
    facts: list[Fact] = []
    for registered in all_rules().values():
        if registered.general == is_general:
            facts.extend(registered.function(data))
    ids = [f.id for f in facts]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise RuntimeError(f"fact ids not unique: {sorted(duplicates)}")
    return sorted(facts, key=lambda f: (-f.score, f.id))
