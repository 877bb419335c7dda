"""The party table: LEAP codes, LEH codes and registered names mapped to one canonical party.

National parties are in `data/parties.toml`. A local party is known to one election only: its
code as the results give it ("ASHIND", "Ashfield"), and, where a source names it, the name
prose uses ("the Ashfield Independents"); `local_party` makes one from a name, and
`PartyTable.with_local` a table that knows an election's local parties as well. A code no
source names is `unnamed`: the copy describes it ("a local party"), never prints it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
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
    unnamed: bool = False  # a local code no source names: described in prose, never printed
    source: str | None = None  # where a local party's name comes from

    @property
    def noun(self) -> str:
        """The formal name of the party as an actor in prose ("the Conservatives")."""
        return self.nouns[0]

    @property
    def adjective(self) -> str:
        """The formal adjective ("Conservative")."""
        return self.adjectives[0]


def _keys(party: Party) -> set[str]:
    keys = {party.code, party.name, party.pa, *party.codes, *party.registered}
    return keys | set(party.nouns) | set(party.adjectives)


@lru_cache(maxsize=4096)  # pure, and called on the same few codes for every candidate
def normalise_party_key(text: str) -> str:
    """The lookup key of a party code or name: no padding, one space, no case, no leading 'the'."""
    key = re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip().casefold()
    return key.removeprefix("the ")


class PartyTable:
    """Every known party, looked up by any of its codes or names."""

    def __init__(self, parties: list[Party], local: Sequence[Party] = ()) -> None:
        self.parties = {p.code: p for p in parties}
        self._index: dict[str, Party] = {}
        for party in parties:
            for key in _keys(party):
                norm = normalise_party_key(key)
                other = self._index.get(norm)
                if other is not None and other.code != party.code:
                    raise ValueError(f"party key {key!r} names both {other.code} and {party.code}")
                self._index[norm] = party
        # an election's local parties: their codes first, then their names where no other
        # party has them (two codes of one name, "FA" and "FREE" for the Freedom Alliance)
        for party in local:
            self.parties.setdefault(party.code, party)
        for keys in ([p.code] for p in local), (sorted(_keys(p)) for p in local):
            for party, party_keys in zip(local, keys, strict=True):
                for key in party_keys:
                    self._index.setdefault(normalise_party_key(key), party)

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
        """A local code no source names, kept under its own code: prose describes it."""
        code = code.strip()
        return Party(
            code=code,
            name=code,
            nouns=(code,),
            adjectives=(code,),
            plural=False,
            pa=code,
            local=True,
            unnamed=True,
        )

    def party(self, code: str) -> Party:
        """The party of a canonical code: national, one of the election's local parties, or an
        unnamed local code."""
        return self.parties.get(code) or self.local(code)

    def with_local(self, parties: Iterable[Party]) -> PartyTable:
        """This table and an election's local parties (see `local_tables`)."""
        return _with_local(self, tuple(parties))

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


@lru_cache(maxsize=1024)
def _with_local(table: PartyTable, parties: tuple[Party, ...]) -> PartyTable:
    if not parties:
        return table
    return PartyTable(list(table.parties.values()), parties)


# The last word of a local party's name that makes it plural ("the Ashfield Independents
# were"), and that takes "the" before it ("the Tunbridge Wells Alliance").
_PLURAL = "independents residents democrats liberals greens socialists nationalists ratepayers"
PLURAL_HEADS = frozenset(
    f"{_PLURAL} taxpayers associations conservatives unionists citizens".split()
)
_ARTICLE = "party alliance association group society union movement network coalition federation"
ARTICLE_HEADS = PLURAL_HEADS | frozenset(
    f"{_ARTICLE} front league forum campaign partnership collective trust organisation".split()
)
_LIMITED = re.compile(r"\s+(?:Ltd\.?|Limited)$", re.IGNORECASE)


def local_forms(name: str) -> tuple[str, str, bool]:
    """The prose noun, adjective and number of a local party's name.

    A leading "The" and a trailing "Ltd." are dropped. The head word is the last word before
    any bracket, dash or " for " / " of " ("Residents for Uttlesford": Residents). Plural when
    the head is one of `PLURAL_HEADS`; "the" before the name when the head is one of
    `ARTICLE_HEADS`, unless a plural head comes before " for " ("the Ashfield Independents",
    "the Party for Poole People", "Aspire", "Residents for Uttlesford", "Tendring First"); the
    adjective is the name, a final "Independents" singular ("an Ashfield Independent
    councillor").
    """
    bare = _LIMITED.sub("", re.sub(r"\s+", " ", name).strip())
    bare = re.sub(r"^the\s+", "", bare, flags=re.IGNORECASE)
    core = re.split(r"\s*[(\[]|\s+[-\u2013]\s+|\s+(?:for|of)\s+", bare, maxsplit=1)[0]
    words = core.split()
    head = words[-1].casefold() if words else ""
    plural = head in PLURAL_HEADS
    article = head in ARTICLE_HEADS and not (plural and re.search(r"\sfor\s", bare))
    noun = f"the {bare}" if article else bare
    adjective = bare[: -len("s")] if bare.endswith(" Independents") else bare
    return noun, adjective, plural


def local_party(
    code: str,
    name: str,
    *,
    pa: str | None = None,
    source: str | None = None,
    nouns: Sequence[str] = (),
    adjectives: Sequence[str] = (),
    plural: bool | None = None,
) -> Party:
    """A local party known by `code` in the results and by `name` in prose (forms derived by
    `local_forms` unless given)."""
    noun, adjective, is_plural = local_forms(name)
    bare = re.sub(r"^the\s+", "", _LIMITED.sub("", name.strip()), flags=re.IGNORECASE)
    return Party(
        code=code.strip(),
        name=bare,
        nouns=tuple(nouns) or (noun,),
        adjectives=tuple(adjectives) or (adjective,),
        plural=is_plural if plural is None else plural,
        pa=(pa or code).strip(),
        registered=(name.strip(),),
        local=True,
        source=source,
    )
