"""The party table: LEAP codes, LEH codes and registered names mapped to one canonical party."""

from __future__ import annotations

import re
import tomllib
from functools import cache, lru_cache
from importlib import resources

from pydantic import BaseModel, ConfigDict

from storygen.errors import UnknownPartyError


class Party(BaseModel):
    """A canonical party with its prose names and its PA abbreviation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    name: str
    nouns: tuple[str, ...]
    adjectives: tuple[str, ...]
    plural: bool
    pa: str
    codes: tuple[str, ...] = ()
    registered: tuple[str, ...] = ()
    independent: bool = False
    local: bool = False
    predecessors: tuple[str, ...] = ()  # codes of parties it continues under a new name

    @property
    def noun(self) -> str:
        """The formal name of the party as an actor in prose ("the Conservatives")."""
        return self.nouns[0]

    @property
    def adjective(self) -> str:
        """The formal adjective ("Conservative")."""
        return self.adjectives[0]


@lru_cache(maxsize=4096)  # pure, and called on the same few codes for every candidate
def normalise_party_key(text: str) -> str:
    """The lookup key of a party code or name: no padding, one space, no case, no leading 'the'."""
    key = re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip().casefold()
    return key.removeprefix("the ")


class PartyTable:
    """Every known party, looked up by any of its codes or names."""

    def __init__(self, parties: list[Party]) -> None:
        self.parties = {p.code: p for p in parties}
        self._index: dict[str, Party] = {}
        for party in parties:
            keys = {party.code, party.name, party.pa, *party.codes, *party.registered}
            keys |= set(party.nouns) | set(party.adjectives)
            for key in keys:
                norm = normalise_party_key(key)
                other = self._index.get(norm)
                if other is not None and other.code != party.code:
                    raise ValueError(f"party key {key!r} names both {other.code} and {party.code}")
                self._index[norm] = party

    def successors(self) -> dict[str, str]:
        """Each renamed party's code and the code of the party it became (Brexit -> Reform)."""
        return {old: p.code for p in self.parties.values() for old in p.predecessors}

    def aliases(self) -> list[str]:
        """Every normalised code and name the table accepts."""
        return sorted(self._index)

    def get(self, text: str) -> Party | None:
        """The party a code or name stands for, or None when the table does not know it."""
        return self._index.get(normalise_party_key(text))

    def resolve(
        self, text: str, *, file: str | None = None, row: int | None = None, field: str = "party"
    ) -> Party:
        """The party a code or name stands for; UnknownPartyError naming where it was found."""
        party = self.get(text)
        if party is None:
            raise UnknownPartyError(
                f"unknown party {text.strip()!r}",
                file=file,
                row=row,
                field=field,
                expected="a party code or name in the party table (storygen parties lists them)",
            )
        return party

    def local(self, code: str) -> Party:
        """A party for a local code the table does not know, kept under its own code (importers)."""
        code = code.strip()
        return Party(
            code=code,
            name=code,
            nouns=(code,),
            adjectives=(code,),
            plural=False,
            pa=code,
            local=True,
        )

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.parties.values())

    def __getitem__(self, code: str) -> Party:
        return self.parties[code]

    def __contains__(self, code: object) -> bool:
        return code in self.parties


@cache
def party_table() -> PartyTable:
    """The bundled party table (storygen/data/parties.toml), loaded once."""
    text = resources.files("storygen").joinpath("data/parties.toml").read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    return PartyTable([Party.model_validate(entry) for entry in raw["party"]])
