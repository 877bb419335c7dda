"""The written draft: headline, standfirst, paragraphs of sentences, each citing its facts."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from storygen.detect.fact import Fact


class Sentence(BaseModel):
    """One sentence of copy and what produced it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    facts: tuple[str, ...] = ()  # ids of the facts it realises
    quotes: tuple[str, ...] = ()  # ids of the quotes it carries
    message: str  # plan message id
    fragment: str  # template fragment
    variant: int  # phrasing used (1-based)
    variants: int  # phrasings available


class DraftParagraph(BaseModel):
    """A paragraph of sentences."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sentences: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        """The paragraph as prose."""
        return " ".join(s.text for s in self.sentences)


class Draft(BaseModel):
    """A generated story with sentence-level provenance."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    election_id: str
    council: str
    polling_day: str
    headline: Sentence
    standfirst: Sentence | None
    paragraphs: tuple[DraftParagraph, ...]
    facts: tuple[Fact, ...]
    left_out: dict[str, str] = {}
    results: tuple[Sentence, ...] = ()  # the results box, when asked for
    review: tuple[str, ...] = ()  # doubtful data the story touches: it needs review
    warnings: tuple[str, ...] = ()  # the validation layer's warnings about the input

    def sentences(self) -> list[Sentence]:
        """Every sentence, headline and standfirst first, the results box last."""
        head = [self.headline, *([self.standfirst] if self.standfirst else [])]
        return head + [s for p in self.paragraphs for s in p.sentences] + list(self.results)
