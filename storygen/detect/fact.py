"""Facts: what a rule found, with the entities it is about, its figures and its evidence."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from storygen.model import FactKind

Figure = int | float | str | bool | None


class Entity(BaseModel):
    """Something a fact is about: a party, ward, candidate, person, area or the council."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    type: str
    name: str
    formal: str | None = None  # the full name where it differs ("Birmingham City Council")


class Fact(BaseModel):
    """One newsworthy fact: kind, entities, figures, score and the records it rests on."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    kind: FactKind
    rule: str  # registry name of the rule that found it, "family.function"
    label: str  # the rule's one-line description (its docstring's first line)
    score: float  # newsworthiness, 0-100
    entities: dict[str, tuple[Entity, ...]]  # role -> entities
    figures: dict[str, Figure]  # every figure the copy may state about it
    qualifiers: dict[str, str] = {}  # evaluative labels, each from a threshold the rule states
    sources: tuple[str, ...]  # ids of the records it rests on
    group: str | None = None  # facts of one kind and group realise as one sentence
    claim: str | None = None  # facts making the same claim: the planner keeps the best
    order: int = 0  # position within its group (rank, ward order)

    def entity(self, role: str) -> Entity:
        """The single entity in a role."""
        (entity,) = self.entities[role]
        return entity
