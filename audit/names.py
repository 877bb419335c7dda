"""Name normalisation for the auditor: councils, wards, parties' labels and people.

Written independently of storygen: the point of the auditor is that a shared mistake in
matching cannot hide a wrong figure.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_MOJIBAKE = {"Ã©": "é", "Ã¨": "è", "Ã¡": "á", "Ã¶": "ö", "Ã¼": "ü", "â€™": "'", "Ã¢": "â"}


def fold(text: str) -> str:
    """Lower case, accents and typographic quotes removed, whitespace collapsed."""
    for bad, good in _MOJIBAKE.items():
        text = text.replace(bad, good)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return " ".join(text.lower().split())


_COUNCIL_DROP = (
    "city of",
    "city and county of",
    "county of",
    "royal borough of",
    "london borough of",
    "metropolitan borough of",
    "borough of",
    "district of",
    "council",
    "county",
    "borough",
    "district",
    "metropolitan",
    "city",
    "unitary",
    "authority",
    "the",
)


def council_key(name: str) -> str:
    """A council's name reduced to the words that tell councils apart.

    'Bristol, City Of', 'Bristol City Council' and 'Bristol' give 'bristol';
    'Southend-On-Sea' and 'Southend-on-Sea' give 'southend on sea'. Words like
    'county' are dropped only when something is left ('County Durham' stays 'durham').
    """
    text = fold(name).replace("&", " and ").replace("st.", "st ")
    text = re.sub(r"[^a-z0-9 ]+", " ", text.replace("'", ""))
    words = text.split()
    joined = " " + " ".join(words) + " "
    for drop in _COUNCIL_DROP:
        shorter = joined.replace(" " + drop + " ", " ")
        if shorter.strip():
            joined = shorter
    key = " ".join(joined.split())
    return _COUNCIL_ALIASES.get(key, key)


# one council, two spellings in the sources
_COUNCIL_ALIASES = {
    "east riding of yorkshire": "east riding",
    "hull": "kingston upon hull",
    "rhondda cynon taff": "rhondda cynon taf",
    "newcastle": "newcastle upon tyne",
    "stoke": "stoke on trent",
    "kings lynn west norfolk": "kings lynn and west norfolk",
}


_WARD_DROP = {"ward", "division", "the", "and", "electoral", "ed"}


def ward_key(name: str) -> str:
    """A ward's name for matching across files.

    Accents, case, punctuation and apostrophes ('Bishop's' = 'Bishops'), '&' and 'and',
    'St.'/'Saint', and the words 'ward', 'division', 'the' do not count.
    """
    text = fold(name).replace("&", " and ")
    text = text.replace("'", "")
    text = re.sub(r"\bsaint\b", "st", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    words = [w for w in text.split() if w not in _WARD_DROP]
    return " ".join(words)


def label_key(label: str) -> str:
    """A party label (code or name) for comparison: case, spacing and punctuation folded."""
    text = fold(label).replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    words = [w for w in text.split() if w not in {"the", "party"}]
    return " ".join(words)


# --- people -------------------------------------------------------------------------------

_TITLES = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "cllr",
    "councillor",
    "sir",
    "dame",
    "lord",
    "lady",
    "prof",
    "professor",
    "rev",
    "revd",
    "reverend",
    "hon",
    "rt",
    "alderman",
    "alderwoman",
    "baroness",
    "baron",
    "canon",
    "father",
}
_HONOURS = {
    "mbe",
    "obe",
    "cbe",
    "kbe",
    "dbe",
    "bem",
    "jp",
    "dl",
    "mp",
    "mep",
    "msp",
    "ms",
    "cc",
    "ba",
    "bsc",
    "ma",
    "msc",
    "llb",
    "phd",
    "frsa",
    "fca",
    "td",
    "qc",
    "kc",
    "ceng",
    "mba",
    "rn",
    "frcs",
    "acca",
    "mrtpi",
    "hons",
    "ll",
    "frics",
    "mrics",
    "fcipd",
    "cmgr",
}

# Short forms a councillor list and a ballot paper use for one person (both directions).
_SHORT = {
    "nige": {"nigel"},
    "zyg": {"zygmunt"},
    "alex": {"alexander", "alexandra", "alexis"},
    "andy": {"andrew"},
    "angie": {"angela"},
    "angy": {"angela"},
    "andi": {"andrew", "andrea"},
    "bob": {"robert"},
    "rob": {"robert", "robin"},
    "robbie": {"robert"},
    "bert": {"albert", "herbert", "robert"},
    "bill": {"william"},
    "billy": {"william"},
    "will": {"william"},
    "liam": {"william"},
    "bel": {"isabel", "isabella"},
    "ben": {"benjamin", "benedict"},
    "becky": {"rebecca"},
    "becca": {"rebecca"},
    "bex": {"rebecca"},
    "cathy": {"catherine", "cathryn", "catharine", "kathryn"},
    "kate": {"katherine", "catherine", "kathryn", "katharine"},
    "katie": {"katherine", "catherine", "kathryn"},
    "kath": {"katherine", "kathleen", "kathryn"},
    "kathy": {"katherine", "kathleen", "kathryn"},
    "chris": {"christopher", "christine", "christina", "christian"},
    "dave": {"david"},
    "davy": {"david"},
    "dai": {"david"},
    "dick": {"richard"},
    "rick": {"richard", "eric", "frederick"},
    "ricky": {"richard"},
    "rich": {"richard"},
    "richie": {"richard"},
    "ed": {"edward", "edmund", "edwin"},
    "eddie": {"edward", "edwin", "edmund"},
    "eddy": {"edward", "edwin", "edmund"},
    "penny": {"penelope"},
    "arnie": {"arnold"},
    "rik": {"richard"},
    "dan": {"daniel"},
    "danny": {"daniel"},
    "sid": {"sidney", "sydney"},
    "theo": {"theodore"},
    "annie": {"anne", "ann"},
    "ellie": {"eleanor", "elena", "ellen"},
    "kit": {"christopher"},
    "ian": {"iain"},
    "ted": {"edward"},
    "ned": {"edward"},
    "liz": {"elizabeth"},
    "lizzie": {"elizabeth"},
    "beth": {"elizabeth", "bethany"},
    "betty": {"elizabeth"},
    "eliza": {"elizabeth"},
    "frank": {"francis", "franklin"},
    "fran": {"frances", "francesca"},
    "fred": {"frederick"},
    "freddie": {"frederick"},
    "gerry": {"gerald", "gerard", "geraldine"},
    "geoff": {"geoffrey"},
    "jeff": {"jeffrey", "geoffrey"},
    "greg": {"gregory"},
    "harry": {"henry", "harold"},
    "hal": {"henry", "harold"},
    "jack": {"john", "jackson"},
    "jackie": {"jacqueline", "jacquelyn"},
    "jacky": {"jacqueline"},
    "jacqui": {"jacqueline"},
    "judy": {"judith"},
    "jude": {"judith"},
    "laurie": {"laurence", "lawrence"},
    "larry": {"laurence", "lawrence"},
    "lol": {"laurence", "lawrence"},
    "ann": {"anne"},
    "jim": {"james"},
    "jimmy": {"james"},
    "jamie": {"james"},
    "jo": {"joanne", "joanna", "josephine", "joan"},
    "joe": {"joseph"},
    "jon": {"jonathan", "john"},
    "johnny": {"john"},
    "ken": {"kenneth"},
    "kenny": {"kenneth"},
    "len": {"leonard"},
    "lenny": {"leonard"},
    "les": {"leslie", "lesley"},
    "mags": {"margaret"},
    "maggie": {"margaret"},
    "meg": {"margaret"},
    "peggy": {"margaret"},
    "madge": {"margaret"},
    "marge": {"margaret", "marjorie"},
    "mick": {"michael"},
    "mike": {"michael"},
    "mickey": {"michael"},
    "mikey": {"michael"},
    "nick": {"nicholas", "nicola"},
    "nicky": {"nicholas", "nicola"},
    "nicki": {"nicola"},
    "nikki": {"nicola", "nicole"},
    "pat": {"patrick", "patricia"},
    "patsy": {"patricia"},
    "paddy": {"patrick"},
    "trish": {"patricia"},
    "tricia": {"patricia"},
    "pete": {"peter"},
    "phil": {"philip", "phillip", "philippa"},
    "pip": {"philippa", "philip"},
    "ray": {"raymond"},
    "reg": {"reginald"},
    "ron": {"ronald"},
    "ronnie": {"ronald"},
    "sam": {"samuel", "samantha"},
    "sammy": {"samuel", "samantha"},
    "sandy": {"alexander", "sandra", "alexandra"},
    "steve": {"stephen", "steven"},
    "stevie": {"stephen", "steven"},
    "stu": {"stuart", "stewart"},
    "sue": {"susan", "susanne", "suzanne"},
    "susie": {"susan"},
    "suzy": {"susan"},
    "terry": {"terence", "terrence", "teresa", "theresa"},
    "tess": {"teresa", "theresa"},
    "tim": {"timothy"},
    "tom": {"thomas"},
    "tommy": {"thomas"},
    "tony": {"anthony", "antony"},
    "val": {"valerie"},
    "vic": {"victor", "victoria"},
    "vicky": {"victoria"},
    "viv": {"vivian", "vivienne"},
    "wally": {"walter"},
    "di": {"diana", "diane"},
    "debs": {"deborah", "debra"},
    "debbie": {"deborah", "debra"},
    "deb": {"deborah", "debra"},
    "jenny": {"jennifer"},
    "jen": {"jennifer"},
    "jan": {"janet", "janice"},
    "barb": {"barbara"},
    "babs": {"barbara"},
    "bev": {"beverley", "beverly"},
    "cath": {"catherine"},
    "charlie": {"charles", "charlotte"},
    "chas": {"charles"},
    "chuck": {"charles"},
    "den": {"dennis", "denis"},
    "des": {"desmond"},
    "doug": {"douglas"},
    "dom": {"dominic"},
    "don": {"donald"},
    "gill": {"gillian"},
    "jill": {"gillian"},
    "gez": {"gerard", "gerald"},
    "gus": {"angus", "augustus"},
    "izzy": {"isabel", "isobel"},
    "lou": {"louise", "louis"},
    "mandy": {"amanda"},
    "manny": {"emmanuel"},
    "matt": {"matthew"},
    "mo": {"maureen", "mohammed", "mohammad"},
    "nat": {"natalie", "nathan", "nathaniel"},
    "nell": {"eleanor", "helen"},
    "olly": {"oliver"},
    "ollie": {"oliver"},
    "rosie": {"rosemary", "rose"},
    "sally": {"sarah"},
    "shaz": {"sharon"},
    "si": {"simon"},
    "stan": {"stanley"},
    "tina": {"christina", "bettina"},
    "toby": {"tobias"},
    "wilf": {"wilfred"},
    "zak": {"zachary"},
}
_LONG: dict[str, set[str]] = {}
for _short, _longs in _SHORT.items():
    for _long in _longs:
        _LONG.setdefault(_long, set()).add(_short)


@dataclass(frozen=True)
class Person:
    """A person's name split for matching: given names (possibly initials) and surname."""

    given: tuple[str, ...]
    surname: str
    initials_only: bool

    @property
    def first(self) -> str:
        """The first given name, or '' when none is known."""
        return self.given[0] if self.given else ""


def _tokens(name: str) -> list[str]:
    text = name
    for bad, good in _MOJIBAKE.items():
        text = text.replace(bad, good)
    text = re.sub(r"\((?:not )?elected\)", " ", text, flags=re.IGNORECASE)
    plain = re.sub(r"\([^)]*\)", " ", text)  # (Alderman), nicknames in brackets
    plain = re.sub(r"[\"“”]([^\"“”]*)[\"“”]", " ", plain)  # "Bob" as a nickname
    if not plain.strip():  # a name that is all quotes: '"Pat from Lydiate"'
        plain = re.sub(r"[\"“”()]", " ", text)
    return [t for t in re.split(r"\s+", plain.strip()) if t]


def parse_person(name: str) -> Person:
    """Split a name written in any of the sources' forms into given names and surname.

    Handles 'Kevin Boram', 'Boram, K.', 'Wye T.', 'Cole A.M.', 'Cllr Mrs Jane Smith MBE',
    'O'Connor' (apostrophes dropped), 'Jean-Paul' and double-barrelled surnames.
    """
    raw = _tokens(name)
    if not name.isupper():
        # 'BA Baker', 'MJK Cooper' (Herefordshire's list): capitals before the surname are
        # initials
        raw = [
            ".".join(w) + "."
            if i < len(raw) - 1 and w.isalpha() and w.isupper() and len(w) <= 3
            else w
            for i, w in enumerate(raw)
        ]
    text = " ".join(raw)
    head, _, tail = text.partition(",")
    if tail and all(
        re.sub(r"[^a-z]", "", fold(w)) in _HONOURS for w in tail.split() if w.strip(".,")
    ):
        text = head  # 'Mrs Gillian Brown, OBE': the comma only sets off honours
        raw = head.split()
    comma = "," in text
    if comma:
        surname_part, _, given_part = text.partition(",")
        sur_tokens = _clean_words(surname_part.split(), strip_titles=False)
        giv_tokens = _clean_words(given_part.split(), strip_titles=True)
        given, initials = _given(giv_tokens)
        return Person(given, " ".join(sur_tokens), initials)
    words = _clean_words(raw, strip_titles=True)
    if not words:
        return Person((), "", True)
    # 'Wye T.' / 'Cole A.M.': trailing initials after the surname (LEH 2021-2024)
    trailing: list[str] = []
    while len(words) > 1 and _is_initials(words[-1]) and "." in words[-1]:
        trailing.insert(0, words.pop())
    if trailing:
        given, _ = _given(trailing)
        return Person(given, " ".join(words), True)
    surname = words[-1]
    rest = words[:-1]
    # 'Joe de Asha' is 'De'Asha': particles belong to the surname
    while len(rest) > 1 and rest[-1].replace(".", "") in _PARTICLES:
        surname = rest.pop() + " " + surname
    given, initials = _given(rest)
    return Person(given, surname, initials)


_PARTICLES = {
    "de",
    "van",
    "von",
    "der",
    "den",
    "le",
    "la",
    "du",
    "di",
    "da",
    "del",
    "della",
    "mac",
    "mc",
    "ap",
    "st",
    "o",
    "ten",
    "ter",
    "dos",
    "das",
}


def _is_initials(word: str) -> bool:
    letters = word.replace(".", "")
    return bool(letters) and letters.isalpha() and (len(letters) == 1 or "." in word)


def _clean_words(words: list[str], strip_titles: bool) -> list[str]:
    out: list[str] = []
    for index, word in enumerate(words):
        last = index == len(words) - 1
        folded = fold(word)
        bare = re.sub(r"[^a-z\-'.]", "", folded)
        plain = bare.replace(".", "").replace("'", "")
        if not plain:
            continue
        if strip_titles and plain in _TITLES and not last:
            continue  # 'Lord', 'Baron' and 'Hon' are surnames too
        # honours follow a name and are written in capitals ('MBE', 'O.B.E'); 'Ma' is a surname
        shouted = re.sub(r"[^A-Za-z]", "", word)
        if plain in _HONOURS and out and shouted.isupper():
            continue
        out.append(bare)
    return out


def _given(words: list[str]) -> tuple[tuple[str, ...], bool]:
    given: list[str] = []
    initials = True
    for word in words:
        if _is_initials(word) or (len(word) <= 3 and word.isupper()):
            given.extend(ch for ch in word.replace(".", "") if ch.isalpha())
        else:
            initials = False
            given.extend(part.replace("'", "") for part in word.split("-") if part)
    return tuple(given), initials


def _surname_key(surname: str) -> str:
    return re.sub(r"[^a-z]", "", surname)


def _given_match(a: str, b: str) -> bool:
    if not a or not b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if a == b:
        return True
    if a in _SHORT.get(b, set()) or b in _SHORT.get(a, set()):
        return True
    short, long_ = sorted((a, b), key=len)
    # 'Chris'/'Christopher', 'Fran'/'Frances'; not 'Simon'/'Simone'
    return len(short) >= 3 and len(long_) - len(short) >= 2 and long_.startswith(short)


def same_person(a: str, b: str) -> bool:
    """Whether two written names can be one person (surname equal, given names compatible).

    Surnames compare without punctuation ('O'Connor' = 'OConnor'); a double-barrelled surname
    matches either of its parts only when the other name has a single-word surname that equals
    its last part. Given names match on equality, initials, known short forms (Pat/Patrick,
    Mike/Michael) or a prefix of at least three letters (Chris/Christopher); a middle name on
    one side does not count, and one side's first name may be the other's middle name.
    """
    pa, pb = parse_person(a), parse_person(b)
    return persons_match(pa, pb)


def persons_match(pa: Person, pb: Person) -> bool:
    """Whether two parsed names can be one person (see same_person)."""
    if not surnames_match(pa.surname, pb.surname):
        pa, pb = _resplit(pa, pb)
        if not surnames_match(pa.surname, pb.surname):
            return False
    if not pa.given or not pb.given:
        return True
    if _given_match(pa.given[0], pb.given[0]):
        return True
    # known by a middle name: 'J. Paul Smith' and 'Paul Smith'
    others_a = pa.given[1:]
    others_b = pb.given[1:]
    return any(_given_match(g, pb.given[0]) for g in others_a if len(g) > 1) or any(
        _given_match(pa.given[0], g) for g in others_b if len(g) > 1
    )


def _resplit(pa: Person, pb: Person) -> tuple[Person, Person]:
    """A surname of several words on one side ('Ng Sio-Hong, A.') taken from the other
    side's last words ('A. Ng Sio-Hong', read as given 'A', 'Ng', surname 'Sio-Hong')."""
    for long_, short in ((pa, pb), (pb, pa)):
        count = len(long_.surname.split())
        if count < 2 or len(short.given) < count - 1:
            continue
        words = [*short.given, *short.surname.split()]
        tail = words[-count:]
        if _surname_key(" ".join(tail)) == _surname_key(long_.surname):
            moved = Person(tuple(words[:-count]), " ".join(tail), short.initials_only)
            return (long_, moved) if long_ is pa else (moved, long_)
    return pa, pb


def surnames_match(a: str, b: str) -> bool:
    """Surnames equal without punctuation, or one double-barrelled form of the other.

    'Fantarrow' and 'Fantarrow-Darby', 'Goodyer-Poland' and 'Poland-Goodyer' match;
    'Smith' and 'Smithson' do not.
    """
    sa, sb = _surname_key(a), _surname_key(b)
    if not sa or not sb:
        return False
    if sa == sb:
        return True
    parts_a = {_surname_key(p) for p in re.split(r"[\s\-]+", a) if p}
    parts_b = {_surname_key(p) for p in re.split(r"[\s\-]+", b) if p}
    if parts_a == parts_b:
        return True
    single_a = len(parts_a) == 1
    single_b = len(parts_b) == 1
    return (single_a and sa in parts_b) or (single_b and sb in parts_a)


def strict_match(a: str, b: str) -> bool:
    """Two names that are one person beyond reasonable doubt, wherever they stood.

    The surname and the first given name agree (a known short form counts, an initial or a
    middle name does not).
    """
    pa, pb = parse_person(a), parse_person(b)
    if pa.initials_only or pb.initials_only or not pa.given or not pb.given:
        return False
    if not surnames_match(pa.surname, pb.surname):
        return False
    x, y = pa.given[0], pb.given[0]
    return x == y or x in _SHORT.get(y, set()) or y in _SHORT.get(x, set())


def display_key(name: str) -> str:
    """A key for a name as prose writes it, to find it among the candidates of a ward."""
    person = parse_person(name)
    return _surname_key(person.surname) + "|" + (person.first[:1] if person.first else "")
