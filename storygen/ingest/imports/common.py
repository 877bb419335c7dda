"""What every importer shares: a typed result row, and building an Election from rows.

An importer reads one national file (LEAP, LEH, local open data) and yields, per council,
the rows of its candidates plus what the file knows of each ward (electorate, ballots, seats).
`build_election` turns them into the same validated model the native format gives, applying
what Open Council Data adds (compositions, the seats being defended) and recording, as notes,
every fact it could not derive.
"""

from __future__ import annotations

import difflib
import hashlib
import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from storygen.errors import StorygenError
from storygen.ingest.validate import validate
from storygen.model import (
    Candidate,
    Composition,
    Council,
    DataWarning,
    DefendedSeat,
    Election,
    ElectionType,
    Incumbency,
    Provenance,
    Source,
    TurnoutBasis,
    Ward,
    incumbency,
    slugify,
)
from storygen.names import (
    display_name,
    has_first_name,
    listed_or_given,
    person_key,
    same_person,
)
from storygen.parties import Party, PartyTable, local_party, party_table


@dataclass(frozen=True)
class ResultRow:
    """One candidate as an importer read it."""

    council: str
    council_code: str | None
    ward: str
    ward_code: str | None
    candidate: str
    party: str  # the file's own code or name
    votes: int | None
    elected: bool | None
    source: Source
    incumbent: Incumbency = Incumbency.UNKNOWN
    seats: int | None = None  # seats up in the ward, when the file says
    known_as: str | None = None  # the name the ballot paper printed, where it differs


@dataclass(frozen=True)
class WardFigures:
    """What a file says of a ward beyond its candidates."""

    electorate: int | None = None
    ballots: int | None = None
    turnout: float | None = None  # per cent
    basis: TurnoutBasis | None = None
    seats: int | None = None


@dataclass
class CouncilImport:
    """One council's rows from one file, before they become an Election."""

    council: str
    polling_day: date
    rows: list[ResultRow] = field(default_factory=list)
    wards: dict[str, WardFigures] = field(default_factory=dict)  # by normalised ward name
    council_code: str | None = None
    election_type: ElectionType | None = None
    provenance: tuple[Provenance, ...] = ()
    warnings: list[DataWarning] = field(default_factory=list)  # what the reader found doubtful
    # local parties a source names, by the code the rows give them (see party_names)
    parties: dict[str, Party] = field(default_factory=dict)

    def fingerprint(self) -> str:
        """A hash of everything imported for this council: unchanged input, unchanged hash."""
        digest = hashlib.sha256()
        for row in self.rows:
            digest.update(
                repr(
                    (row.ward, row.candidate, row.party, row.votes, row.elected, row.incumbent)
                ).encode()
            )
        for key in sorted(self.wards):
            digest.update(repr((key, self.wards[key])).encode())
        for code in sorted(self.parties):
            digest.update(repr(self.parties[code]).encode())
        return digest.hexdigest()[:16]


# Words a ward name keeps in lower case inside it ("Stocksbridge and Upper Don", "Ashton upon
# Mersey"); between hyphens a few more ("Chester-le-Street", "Weston-super-Mare").
_SMALL_WORDS = frozenset(
    ["and", "upon", "on", "the", "of", "in", "with", "by", "under", "at", "le"]
)
_SMALL_HYPHENED = _SMALL_WORDS | {"super", "en", "cum", "sub"}
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")  # zero-width spaces and joiners
_SHOUTED = re.compile(r"^[^a-z]*[A-Z][^a-z]*[A-Z][^a-z]*$")  # two capitals or more, no lower case


def fix_mojibake(text: str) -> str:
    """UTF-8 read as Windows-1252 ("aâ€™r" for "a’r") or as Mac Roman ("L\u201aÄôOlive"
    for "L’Olive", LEH 2025), put back where it clearly is that."""
    for marks, codec in ((("â€", "Ã"), "cp1252"), (("\u201aÄ", "√"), "mac_roman")):
        if any(m in text for m in marks):
            try:
                return text.encode(codec).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
    return text


def _capitalise(word: str) -> str:
    """A shouted word in title case, each hyphened part and each part after an apostrophe of
    more than one letter ("BISHOP'S" as "Bishop's", "O'NEILL" as "O'Neill")."""
    parts = word.split("-")
    out = []
    for part in parts:
        lower = part.lower()
        head, sep, tail = lower.partition("'")
        if sep and len(head) == 1 and len(tail) > 1:
            out.append(head.upper() + sep + tail[:1].upper() + tail[1:])
        else:
            out.append(lower[:1].upper() + lower[1:])
    return "-".join(out)


def _small_inside(word: str, first: bool) -> str:
    """Small words lower case inside a name, and between hyphens ("Stoke-On-Trent")."""
    if not first and word.casefold() in _SMALL_WORDS:
        return word.lower()
    if "-" in word:
        parts = word.split("-")
        return "-".join(
            p.lower() if 0 < i < len(parts) - 1 and p.casefold() in _SMALL_HYPHENED else p
            for i, p in enumerate(parts)
        )
    return word


def tidy_place(name: str) -> str:
    """A ward name in the house style.

    HTML entities decoded ("Dunstable &ndash; Central") and zero-width spaces dropped; shouted
    words in title case ("THEYDON BOIS", "POUND HILL NORTH & Forge Wood"; a lone capitalised
    word such as an acronym is kept), and a name all in lower case too; "and", "upon", "on",
    "the", "of", "in", "with", "by", "under", "at" and "le" in lower case inside a name (and
    "super", "en", "cum", "sub" between hyphens); "St." as "St" ("St. Marys" as "St Marys":
    no apostrophe is added). A name the source writes properly is kept as it is.
    """
    text = _INVISIBLE.sub("", html.unescape(fix_mojibake(name)))
    text = re.sub(r"\s+", " ", text).strip()
    words = text.split(" ")
    shouted = [w for w in words if _SHOUTED.match(w)]
    if text.islower() or len(shouted) > 1 or (shouted and text.isupper()):
        words = [_capitalise(w) if _SHOUTED.match(w) or text.islower() else w for w in words]
    words = [_small_inside(w, i == 0) for i, w in enumerate(words)]
    text = " ".join(words)
    # "St." and "St.Mary's": the saint without a full stop
    return re.sub(r"\b(St)\.\s*(?=\w)", r"\1 ", text)


_INVERTED = re.compile(r"^(?P<name>.+), (?:City|County|Borough|Royal Borough) of$", re.IGNORECASE)


def tidy_council(name: str) -> str:
    """A council's name as prose writes it: the register's inverted form put right
    ("Bristol, City of" is Bristol, "Kingston Upon Hull, City of" Kingston upon Hull), and
    the house style of places ("Southend-On-Sea" as Southend-on-Sea). Ids keep the source's
    name."""
    match = _INVERTED.match(name.strip())
    return tidy_place(match["name"] if match else name)


_INITIAL_TOKEN = re.compile(r"^(?:(?:[A-Za-z]\.)+[A-Za-z]?\.?|[A-Z]{1,3}\.)$")  # "D.", "k.", "RC."


def _initials(token: str) -> str:
    """Initials as "R.C.": capitals, each with its stop ("RC." and "r.c." alike)."""
    return "".join(f"{ch.upper()}." for ch in token if ch.isalpha())


def tidy_person(name: str) -> str:
    """A candidate's name as prose writes it: "Bullock, D." and "Bullock D." as "D. Bullock",
    "Howard, Ray" as "Ray Howard", initials in capitals with stops ("Baldwin k." as "K.
    Baldwin", "Barnard RC." as "R.C. Barnard")."""
    name = fix_mojibake(re.sub(r"\s+", " ", name.strip()))
    # the archive's tie markers ("Roger Binks (ELECTED)"): the elected column says it
    name = re.sub(r"\s*\((?:NOT )?ELECTED\)", "", name, flags=re.IGNORECASE).strip() or name
    if "," in name:
        surname, _, rest = name.partition(",")
        if _INITIAL_TOKEN.match(rest.strip().replace(" ", "")):
            return f"{_initials(rest)} {surname.strip()}"
        if rest.strip() and surname.strip():
            return f"{rest.strip()} {surname.strip()}"  # "Howard, Ray"
    parts = name.split(" ")
    if len(parts) > 1 and _INITIAL_TOKEN.match(parts[-1]):
        return f"{_initials(parts[-1])} {' '.join(parts[:-1])}"
    return name


@lru_cache(maxsize=65536)
def normalise_name(name: str) -> str:
    """The key wards and councils are matched on across files.

    Accents dropped, case folded, "&" read as "and", apostrophes dropped ("Bishop's" as
    "bishops"), other punctuation (full stops, commas, hyphens) as spaces, "St." as "st", and
    "the", "city of", "council", "ward" and "division" dropped; then spaces collapsed.
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    text = text.replace("&", " and ")
    text = re.sub(r"['\u2019`]", "", text)
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"\b(the|city of|council|ward|division)\b", " ", text)
    return re.sub(r"\s+", " ", text).strip()


WARD_SIMILARITY = 0.9  # difflib ratio for a spelling difference ("Viginia" and "Virginia")


def match_wards(results: Iterable[str], listed: Iterable[str]) -> dict[str, str]:
    """Wards of the results matched to wards of another file, both as `normalise_name` keys.

    In turn, each match unique on both sides: the same key; the same letters without spaces
    ("Henley-on-Thames" and "Henleyonthames", "South East" and "Southeast"); one name the other
    with a place prefixed or added ("Worcester St John" and "St John", "Woking South East" and
    "Woking South East & Pyrford"); a spelling difference of at most one letter in ten.
    """
    left = sorted(set(results))
    right = set(listed)
    found: dict[str, str] = {k: k for k in left if k in right}

    def unique(test: Callable[[str, str], bool]) -> None:
        free_right = right - set(found.values())
        for key in left:
            if key in found:
                continue
            options = [r for r in free_right if test(key, r)]
            if len(options) == 1:
                rivals = [k for k in left if k not in found and test(k, options[0])]
                if rivals == [key]:
                    found[key] = options[0]
                    free_right.discard(options[0])

    unique(lambda a, b: a.replace(" ", "") == b.replace(" ", ""))
    unique(
        lambda a, b: (
            a.endswith(" " + b)
            or b.endswith(" " + a)
            or a.startswith(b + " ")
            or b.startswith(a + " ")
        )
    )
    unique(lambda a, b: difflib.SequenceMatcher(None, a, b).ratio() >= WARD_SIMILARITY)
    return found


@dataclass
class Enrichment:
    """What Open Council Data adds to a council's results."""

    total_seats: int | None = None
    before: Composition | None = None
    after: Composition | None = None
    history: list[Composition] = field(default_factory=list)  # earlier years, oldest first
    defending: dict[str, list[DefendedSeat]] = field(default_factory=dict)  # by norm ward
    boundaries_changed: bool = False
    every_seat_defended: bool = False  # every sitting councillor's seat was up on polling day
    notes: list[str] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)
    # the names people go by: the list of the poll's own year by results ward (winners), and
    # every councillor of the list of the year before (sitting councillors who moved ward)
    listed_after: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # name, party
    listed_before: list[tuple[str, str, str]] = field(default_factory=list)  # and ward key
    # the councillors of that list whose seat was up on polling day: name, party, ward key
    up_before: list[tuple[str, str, str]] = field(default_factory=list)


def infer_type(seats_up: int, wards: int, total: int | None) -> ElectionType:
    """Thirds, halves, all-out or by-election, from how many seats were fought.

    One or two wards with one or two seats between them is a by-election (LEAP's own note);
    otherwise the share of the council's seats fought decides: at least 95 per cent all-out,
    40 to 60 per cent halves, else thirds. Without the council's size, thirds.
    """
    if wards <= 2 and seats_up <= 2 and (total is None or seats_up < total / 4):
        return ElectionType.BY_ELECTION
    if total:
        share = seats_up / total
        if share >= ALL_OUT_SHARE:
            return ElectionType.ALL_OUT
        if 0.4 <= share <= 0.6:
            return ElectionType.HALVES
    return ElectionType.THIRDS


def _election_type(
    imported: CouncilImport, extra: Enrichment, seats_up: int, wards: int, notes: list[str]
) -> ElectionType:
    """The election's type: every seat was up when the file says all-out (and the seats filled
    do not say otherwise), when every sitting councillor of the year before had polling day as
    next election, or when the seats filled reach the council's size; else inferred."""
    total = extra.total_seats
    given = imported.election_type
    if given is ElectionType.ALL_OUT and total and seats_up < ALL_OUT_SHARE * total:
        notes.append(
            f"the file says all-out but {seats_up} of the council's {total} seats were filled: "
            "taken as a partial election"
        )
        given = None
    if given is not None:
        return given
    if extra.every_seat_defended and seats_up > 2:
        return ElectionType.ALL_OUT
    return infer_type(seats_up, wards, total)


ALL_OUT_SHARE = 0.95  # of the council's seats filled: an all-out election
PARTY_UNKNOWN = "?"  # a listed defender whose party the list cannot say: no gain or hold


OTHERS_LISTED = "independent / other"  # Open Council Data's label for independents and others


def _named_by_winners(
    wards_rows: dict[str, list[ResultRow]], extra: Enrichment, local_codes: set[str]
) -> dict[str, tuple[str, str]]:
    """Local codes by the name the list of the poll's own year gives their winners: normalised
    name to (code, name as listed).

    A code's winners matched (`same_person`) to that list's councillors of their ward: where
    every one matched is listed under one party name, and that name is no party of the party
    table nor the list's "Independent / Other", it is the code's (Runnymede's "RES", listed
    "Runnymede Independent Residents' Group"). A name two codes would take is neither's."""
    table = party_table()
    listed_as: dict[str, set[str]] = {}
    for key, rows in wards_rows.items():
        after = extra.listed_after.get(key, [])
        for row in rows:
            code = row.party.strip()
            if not row.elected or code not in local_codes:
                continue
            parties = {party for name, party in after if same_person(name, row.candidate)}
            if parties:
                listed_as.setdefault(code, set()).update(parties)
    found: dict[str, list[tuple[str, str]]] = {}
    for code, parties in sorted(listed_as.items()):
        if len(parties) != 1:
            continue
        (name,) = parties
        if table.get(name) is not None or " ".join(name.casefold().split()) == OTHERS_LISTED:
            continue
        found.setdefault(normalise_name(name), []).append((code, name))
    return {key: codes[0] for key, codes in found.items() if len(codes) == 1}


def _standing_elsewhere(
    wards_rows: dict[str, list[ResultRow]], defending: dict[str, list[DefendedSeat]]
) -> dict[tuple[str, str], str]:
    """Candidates who are a councillor defending a seat in another ward: (ward key, name) to
    the councillor's name in the list.

    A defender who is no candidate of their own ward but exactly one candidate elsewhere in
    the council, of the same party and by a first name as well as the surname (a surname or
    an initial alone is too loose across wards: "Chris Taylor" of Labour is not Christine
    Taylor of the Conservatives): a sitting councillor all the same, whose seat goes if they
    lose.
    """
    found: dict[tuple[str, str], str] = {}
    for key, seats in defending.items():
        own = wards_rows.get(key, [])
        for seat in seats:
            name = seat.councillor
            if not name or any(same_person(name, r.candidate) for r in own):
                continue
            if not has_first_name(name):
                continue
            # a namesake of any party elsewhere leaves it in doubt: South Kesteven 2019's
            # listed David Taylor (C) is one of two David Taylors standing, C and UKIP
            matches = [
                (other, r)
                for other, rows in wards_rows.items()
                if other != key
                for r in rows
                if has_first_name(r.candidate) and same_person(name, r.candidate)
            ]
            if len(matches) == 1 and _same_party(matches[0][1].party, seat.party):
                found[(matches[0][0], matches[0][1].candidate)] = name
    return found


def _listed_sitting(
    wards_rows: dict[str, list[ResultRow]], up: Sequence[tuple[str, str, str]]
) -> set[tuple[str, int]]:
    """Candidates who are a councillor of the year before's list whose seat was up, by (ward
    key, index of the row in its ward), wherever on the council they stood (new boundaries too).

    Only a one-to-one match counts: the list's name and the candidate's both with a first name,
    `same_person`, the same party or the very ward the list has them in (Tewkesbury's Ron
    Allen, a Conservative, stood in Winchcombe as an independent), and neither matching anyone
    else on the council ("David Brown" of Reform is not the Conservatives' David Brown). A
    file's flag can miss a sitting
    councillor (LEH 2025 flags Lloyd Bunday, Ise's listed Conservative, as not sitting).
    """
    everyone = [
        (key, i, r)
        for key, rows in wards_rows.items()
        for i, r in enumerate(rows)
        if has_first_name(r.candidate)
    ]
    listed = [(n, p, w) for n, p, w in up if has_first_name(n)]
    found: set[tuple[str, int]] = set()
    for name, party, ward in listed:
        matches = [(k, i, r) for k, i, r in everyone if same_person(name, r.candidate)]
        if len(matches) != 1:
            continue
        key, index, row = matches[0]
        if not _same_party(row.party, party) and key != ward:
            continue  # another party is someone else, unless in the very ward they held
        if sum(1 for n, _, _ in listed if same_person(n, row.candidate)) != 1:
            continue
        found.add((key, index))
    return found


def _listed_in_ward(
    rows: Sequence[ResultRow], defenders: Sequence[DefendedSeat]
) -> tuple[set[int], set[int]]:
    """The rows of a ward that are its listed councillors, by index; and the rows a listed
    name fits where it fits several (Bristol 2024's Hengrove: "Brown, A." for the Lib Dems,
    the listed Andrew Brown's party, and "Brown, A." for the Conservatives). Of several, the
    one of the councillor's party is taken; else none is sure."""
    sure: set[int] = set()
    doubtful: set[int] = set()
    for seat in defenders:
        if not seat.councillor:
            continue
        found = [i for i, r in enumerate(rows) if same_person(seat.councillor, r.candidate)]
        if len(found) > 1:
            own = [i for i in found if _same_party(rows[i].party, seat.party)]
            doubtful.update(i for i in found if i not in own or len(own) != 1)
            found = own
        if len(found) == 1:
            sure.add(found[0])
    return sure, doubtful - sure


def _local_switch(
    defending: Sequence[DefendedSeat], rows: Sequence[ResultRow], table: PartyTable
) -> str | None:
    """A defender the list gives one local party who stood again in the ward for another
    local party (their name, else None)."""
    for seat in defending:
        if not seat.councillor or seat.party in table or seat.party == PARTY_UNKNOWN:
            continue
        for row in rows:
            code = row.party.strip()
            if (
                table.get(row.party) is None
                and code != seat.party
                and same_person(seat.councillor, row.candidate)
            ):
                return seat.councillor
    return None


def _maybe_listed(
    row: ResultRow,
    key: str,
    wards_rows: dict[str, list[ResultRow]],
    up: Sequence[tuple[str, str, str]],
) -> bool:
    """Whether a candidate not matched as sitting may be a listed councillor all the same: a
    namesake by full name (another party, another ward), or by initials (Hinckley 2019's
    listed "P Wallace", up in a ward he did not stand in, and Peter Wallace of his party
    elsewhere)."""
    for name, party, ward in up:
        if not same_person(name, row.candidate):
            continue
        if has_first_name(name):
            return True
        home = wards_rows.get(ward, [])
        if (
            key != ward
            and _same_party(row.party, party)
            and not any(same_person(name, r.candidate) for r in home)
        ):
            return True
    return False


def build_election(
    imported: CouncilImport, enrichment: Enrichment | None = None
) -> tuple[Election, list[str]]:
    """The Election of one council's imported rows, and the notes on what could not be derived."""
    extra = enrichment or Enrichment()
    notes = list(extra.notes)
    table = party_table()
    unknown: dict[str, int] = {}
    local_defenders = 0
    standing_down: list[str] = []  # defenders whose names match no candidate of their ward
    flag_overruled: list[str] = []  # flagged not sitting by the file, listed as sitting
    wards_rows: dict[str, list[ResultRow]] = {}
    for row in imported.rows:
        wards_rows.setdefault(normalise_name(row.ward), []).append(row)
    # a local party the councillor list names as the results do ("Ashfield Independents" in
    # both) is one party: its defenders are matched by the normalised name
    local_codes = {r.party.strip() for r in imported.rows if table.get(r.party) is None}
    by_name = {normalise_name(c): c for c in sorted(local_codes)}
    # and by the name a source gives the code ("Ashfield Independents" for "ASHIND"), where
    # that name is one code's only
    named: dict[str, set[str]] = {}
    for code in local_codes:
        if code in imported.parties:
            local = imported.parties[code]
            for text in (local.name, *local.registered):
                named.setdefault(normalise_name(text), set()).add(code)
    for key, codes in sorted(named.items()):
        if len(codes) == 1:
            by_name.setdefault(key, codes.pop())
    # and by the name the list of the poll's own year gives the code's winners
    through_after = {
        key: found
        for key, found in _named_by_winners(wards_rows, extra, local_codes).items()
        if key not in by_name
    }
    for key, (code, _) in sorted(through_after.items()):
        by_name[key] = code
    resolved: dict[str, str] = {}  # code -> the list's name, where a defender was matched by it
    moved = _standing_elsewhere(wards_rows, extra.defending)
    names = listed_names(wards_rows, extra, moved)
    sitting = _listed_sitting(wards_rows, extra.up_before)
    wards = []
    for key, rows in wards_rows.items():
        first = rows[0]
        ward_id = f"ward/{slugify(first.ward)}"
        figures = imported.wards.get(key, WardFigures())
        flagged = [r for r in rows if r.elected is not None]
        declared = bool(flagged) and len(flagged) == len(rows)
        # the file's own number of seats, where it gives one, so that a ward with more (or
        # fewer) winners than seats is caught by the validation layer
        seats_up = figures.seats or first.seats or max(1, sum(1 for r in rows if r.elected))
        uncontested = declared and len(rows) <= seats_up
        defending = tuple(
            d
            if d.party in table
            else d.model_copy(update={"party": by_name.get(normalise_name(d.party), d.party)})
            for d in extra.defending.get(key, ())
        )
        for d in extra.defending.get(key, ()):
            found = through_after.get(normalise_name(d.party))
            if d.party not in table and found:
                resolved[found[0]] = found[1]
        lumped: tuple[DefendedSeat, ...] = ()
        if len(defending) == seats_up and any(d.party == PARTY_UNKNOWN for d in defending):
            # no gain or hold, but the compositions' columns are known: those seats are others
            lumped = tuple(
                DefendedSeat(party="Oth") if d.party == PARTY_UNKNOWN else d for d in defending
            )
        if len(defending) != seats_up or any(d.party == PARTY_UNKNOWN for d in defending):
            defending = ()  # a partial list would make false gains
        elif any(d.party not in table and d.party not in local_codes for d in defending) and any(
            table.get(r.party) is None for r in rows
        ):
            # a local party named one way by the councillor list and another by the results
            # ("Morley Borough Independents", "Morley") cannot be matched: no gain, no hold;
            # where every candidate's party is known, the defender's did not stand here
            lumped = defending  # local parties: the compositions' others either way
            defending = ()
            local_defenders += 1
        switched = _local_switch(defending, rows, table)
        if switched:
            # Cheshire East 2019: the list files Bollington's James Nicholas under "Residents of
            # Wilmslow", and he stood again there for Bollington First: a slip or a switch, the
            # files cannot say which, so no gain or hold
            notes.append(
                f"ward {tidy_place(first.ward)!r}: {switched} stood again for another local "
                "party than the councillor list gives: no gain or hold"
            )
            lumped, defending = defending, ()
        listed_here, doubtful = _listed_in_ward(rows, extra.defending.get(key, ()))
        candidates = []
        seen: set[str] = set()
        for index, row in enumerate(rows):
            party = table.get(row.party)
            if party is None:
                unknown[row.party.strip()] = unknown.get(row.party.strip(), 0) + 1
                code = row.party.strip()
            else:
                code = party.code
            cand_id = f"candidate/{ward_id.removeprefix('ward/')}/{slugify(row.candidate)}"
            while cand_id in seen:
                cand_id += "-2"
            seen.add(cand_id)
            # a file's own flag (LEH: "a sitting councillor", wherever their seat) is kept;
            # the copy says such a councillor "was beaten in" a ward, not that they held it
            incumbent = incumbency(row.candidate, defending, row.incumbent)
            if index in doubtful and row.incumbent in (None, Incumbency.UNKNOWN):
                incumbent = Incumbency.UNKNOWN  # one listed name, two candidates of it
            if incumbent is not Incumbency.YES and (
                (key, row.candidate) in moved
                # a listed councillor of this ward whose party could not be matched (or a
                # partial list): a sitting councillor all the same
                or index in listed_here
                or (key, index) in sitting
            ):
                if row.incumbent is Incumbency.NO and (key, index) in sitting:
                    flag_overruled.append(f"{tidy_person(row.candidate)} ({tidy_place(row.ward)})")
                incumbent = Incumbency.YES  # beaten, they lose their seat
            elif incumbent is not Incumbency.YES and _maybe_listed(
                row, key, wards_rows, extra.up_before
            ):
                incumbent = Incumbency.UNKNOWN
            candidates.append(
                Candidate(
                    id=cand_id,
                    name=names.get((key, index)) or tidy_person(row.known_as or row.candidate),
                    party=code,
                    votes=None if uncontested else row.votes,
                    elected=row.elected if declared else None,
                    incumbent=incumbent,
                    source=row.source,
                )
            )
        for seat in defending:
            if seat.councillor and not any(same_person(seat.councillor, r.candidate) for r in rows):
                standing_down.append(f"{seat.councillor} ({tidy_place(first.ward)})")
        wards.append(
            Ward(
                id=ward_id,
                name=tidy_place(first.ward),
                code=first.ward_code or None,
                seats_up=seats_up,
                electorate=figures.electorate,
                ballots=figures.ballots,
                turnout=figures.turnout,
                turnout_basis=figures.basis,
                declared=declared,
                defending=defending,
                defending_others=lumped,
                candidates=tuple(candidates),
                source=first.source,
            )
        )
    if standing_down:
        shown = ", ".join(standing_down[:8]) + (" …" if len(standing_down) > 8 else "")
        notes.append(
            f"{len(standing_down)} defending councillor(s) match no candidate of their ward "
            f"(standing down, or standing elsewhere): {shown}"
        )
    if flag_overruled:
        notes.append(
            f"{len(flag_overruled)} candidate(s) the file does not flag as sitting councillors "
            f"are the list's councillors whose seat was up, by full name and party: counted as "
            f"sitting councillors: {', '.join(flag_overruled)}"
        )
    for code, name in sorted(resolved.items()):
        notes.append(
            f"party {code!r} taken as the councillor list's {name!r} in matching defenders: "
            "every winner of the code the list of the poll's own year names is listed so"
        )
    if local_defenders:
        notes.append(
            f"{local_defenders} ward(s) defended by a local party the results may name "
            "differently: no gain or hold claimed there"
        )
    for code, count in sorted(unknown.items()):
        if code in imported.parties:
            continue
        notes.append(
            f"party {code!r} is named by no source: kept under its code, described in prose "
            f"as a local party ({count} candidate(s))"
        )
    total = extra.total_seats
    seats_up = sum(w.seats_up for w in wards)
    kind = _election_type(imported, extra, seats_up, len(wards), notes)
    if kind is ElectionType.BY_ELECTION:
        before = after = None
        notes.append(
            "by-election: the council's composition is not reported "
            "(the yearly snapshots include every other change)"
        )
    else:
        before, after = extra.before, extra.after
    if not any(w.electorate for w in wards):
        notes.append("no electorate in the source: no turnout")
    if extra.boundaries_changed:
        notes.append("new ward boundaries: no ward gains or holds, composition change only")
    elif not all(w.defending for w in wards) and kind is not ElectionType.BY_ELECTION:
        missing = sum(1 for w in wards if not w.defending)
        notes.append(
            f"defending party unknown in {missing} of {len(wards)} wards: "
            "no gains there, no net change"
        )
    council = Council(
        id=f"council/{slugify(imported.council)}",
        name=tidy_council(imported.council),
        code=imported.council_code,
        total_seats=total,
    )
    stv = (imported.council_code or "").startswith("S")
    if stv:
        notes.append(
            "Scottish council: a single transferable vote count, of which the source gives first "
            "preferences only: no majorities, closest results or margins"
        )
    election = Election(
        first_preferences_only=stv,
        id=f"{slugify(imported.council)}-{imported.polling_day.isoformat()}",
        council=council,
        date=imported.polling_day,
        type=kind,
        composition_before=before,
        composition_after=after,
        history=tuple(extra.history) if kind is not ElectionType.BY_ELECTION else (),
        wards=tuple(wards),
        provenance=(*imported.provenance, *extra.provenance),
        boundaries_changed=extra.boundaries_changed,
        notes=tuple(notes),
        parties=_local_parties(imported, unknown, wards),
        final=True,  # a national results file is the final count
        warnings=tuple(imported.warnings),
    )
    election = validate(election)
    return election, notes


UNREADABLE_ROW = "unreadable-row"  # voids the ward (validate.VOIDING)
UNREADABLE_FIGURE = "unreadable-figure"  # leaves the ward's turnout out


def _what(error: StorygenError) -> tuple[str, str | None]:
    message = error.message
    expected = error.expected
    if error.got is not None:
        expected = f"{expected or 'a value'}, got {error.got!r}"
    return message, expected


def unreadable_row(
    imported: CouncilImport,
    error: StorygenError,
    ward: str | None = None,
    kinds: tuple[str, ...] = (),
) -> DataWarning:
    """A row of this council that could not be read, as a warning of the council.

    In a ward the council has other rows of: the ward is void (nothing is said of it) or, for a
    figure (`kinds`, the turnout's), those facts are left out; the draft needs review. In no
    ward it has: the council's figures may be incomplete, so the whole draft needs review.
    """
    message, expected = _what(error)
    key = normalise_name(ward) if ward else None
    first = next((r for r in imported.rows if normalise_name(r.ward) == key), None)
    if first is not None:
        ward_id = f"ward/{slugify(first.ward)}"
        if kinds:
            return DataWarning(
                code=UNREADABLE_FIGURE,
                message=f"{tidy_place(first.ward)}: {message}: its turnout is left out",
                file=error.file,
                row=error.row,
                field=error.field,
                expected=expected,
                records=(ward_id,),
                kinds=kinds,
                omit=True,
                review=True,
            )
        return DataWarning(
            code=UNREADABLE_ROW,
            message=f"{tidy_place(first.ward)}: a row cannot be read ({message}): nothing is "
            "said of its result",
            file=error.file,
            row=error.row,
            field=error.field,
            expected=expected,
            records=(ward_id,),
            omit=True,
            review=True,
        )
    return DataWarning(
        code=UNREADABLE_ROW,
        message=f"a row cannot be read ({message}) and no other row says which ward it is of: "
        "the council's totals may be short of it",
        file=error.file,
        row=error.row,
        field=error.field,
        expected=expected,
        review=True,
    )


def _local_parties(
    imported: CouncilImport, standing: dict[str, int], wards: Sequence[Ward]
) -> tuple[Party, ...]:
    """The local parties a source names: those of the candidates the file's key or the
    curated table names, and the defenders' parties the councillor list names (a party that
    did not stand, or one the results code differently)."""
    table = party_table()
    found = {c: imported.parties[c] for c in standing if c in imported.parties}
    for ward in wards:
        for seat in ward.defending:
            if seat.party not in table and seat.party not in standing:
                found.setdefault(
                    seat.party,
                    local_party(seat.party, seat.party, source="the councillor list"),
                )
    return tuple(found[c] for c in sorted(found))


def _same_party(code: str, listed: str) -> bool:
    """Whether a candidate's party and a list's agree: the same national party, or both
    local (a local party's name differs between sources), or one local and the other
    independent (Open Council Data's "Independent / Other" files local groups' councillors:
    Thanet's Roy Potts, listed so in Newington, stood for the Thanet Independents)."""
    table = party_table()
    a, b = table.get(code), table.get(listed)
    if a is None and b is None:
        return True
    if (a is None and b is not None and b.independent) or (
        b is None and a is not None and a.independent
    ):
        return True
    return a is not None and b is not None and a.code == b.code


def _exact(name: str, candidates: Sequence[str]) -> list[str]:
    """The names of `candidates` with the very surname of `name` (not one part of it)."""
    surname = person_key(name).surname
    return [c for c in candidates if person_key(c).surname == surname]


def _listed_match(
    row: ResultRow,
    rivals: Sequence[ResultRow],
    listed: Sequence[tuple[str, str]],
    *,
    defender: bool = False,
) -> str | None:
    """The one listed name that is this candidate's and no rival's (`same_person`, the very
    surname deciding between a double surname and one part of it: "Wright, D." is Donna
    Wright, not Daniel Wright-Mason); a list's name without a first name says nothing more.
    Where the results give only an initial, the list's party must agree too (or the file flag
    the candidate as a sitting councillor, or the name be that of a defender of the candidate's
    own ward, whom the import already takes for this candidate: a councillor who changed
    party)."""
    found = sorted(
        {name for name, _ in listed if has_first_name(name) and same_person(name, row.candidate)}
    )
    if len(found) > 1:
        found = [n for n in found if n in _exact(row.candidate, found)]
    if len(found) != 1:
        return None
    name = found[0]
    matching = [r for r in rivals if same_person(name, r.candidate)]
    if len(matching) > 1:
        surname = person_key(name).surname
        matching = [r for r in matching if person_key(r.candidate).surname == surname]
    if len(matching) != 1 or matching[0] is not row:
        return None
    if not has_first_name(row.candidate) and row.incumbent is not Incumbency.YES and not defender:
        parties = {party for listed_name, party in listed if listed_name == name}
        if not any(_same_party(row.party, party) for party in parties):
            return None
    return name


def listed_names(
    wards_rows: dict[str, list[ResultRow]],
    extra: Enrichment,
    moved: dict[tuple[str, str], str] | None = None,
) -> dict[tuple[str, int], str]:
    """The names candidates go by where a councillor list gives them, by (ward key, index of
    the row in its ward): a winner by the list of the poll's own year in their ward, a
    defender by the list of the year before, and a candidate the file flags as a sitting
    councillor by the year before's list in a ward of the same name (new boundaries), else
    anywhere on the council (a councillor who moved ward; `moved`, the defenders of other wards
    the import takes for candidates here, by their listed names). A name that matches more than one
    candidate, or a candidate more than one name, is left as the results give it: a false
    match is worse than a miss."""
    everyone = [r for rows in wards_rows.values() for r in rows]
    out: dict[tuple[str, int], str] = {}
    for key, rows in wards_rows.items():
        defenders = [(d.councillor, d.party) for d in extra.defending.get(key, ()) if d.councillor]
        after = extra.listed_after.get(key, [])
        for i, row in enumerate(rows):
            given = tidy_person(row.known_as or row.candidate)
            options = [
                f
                for f in (
                    _listed_match(row, rows, after) if row.elected else None,
                    _listed_match(row, rows, defenders, defender=True),
                    (moved or {}).get((key, row.candidate)),
                )
                if f is not None
            ]
            if not options and row.incumbent is Incumbency.YES:
                # a ward of the same name on new boundaries, else anywhere on the council
                here = [(n, p) for n, p, ward in extra.listed_before if ward == key]
                anywhere = [(n, p) for n, p, _ in extra.listed_before]
                found = _listed_match(row, rows, here) or _listed_match(row, everyone, anywhere)
                options = [found] if found is not None else []
            # the list that spells the surname as the ballot does, where lists differ (Bristol's
            # "Stafford-Townsend, A.": "Ani Townsend" in 2024's list, in full in 2023's)
            surname = person_key(given).surname
            spelt = [f for f in options if person_key(display_name(f)).surname == surname]
            if options:
                out[(key, i)] = listed_or_given((spelt or options)[0], given)
    return out


def group_by_council(rows: Iterable[ResultRow]) -> dict[str, list[ResultRow]]:
    """Rows grouped by council, in the order councils first appear."""
    out: dict[str, list[ResultRow]] = {}
    for row in rows:
        out.setdefault(row.council, []).append(row)
    return out


def as_int(value: object) -> int | None:
    """A whole number from a cell, or None when blank."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return int(value)
    text = str(value).strip().replace(",", "")
    return int(float(text)) if text else None


def first_present(values: Sequence[object]) -> object:
    """The first value that is not None."""
    return next((v for v in values if v is not None), None)
