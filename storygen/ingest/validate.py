"""The validation layer: every importer and the native loader pass their Election through it.

An input that cannot be read as an election is an error (raised by the reader, naming file, row
and field). What can be read but is doubtful or contradicts itself is a `DataWarning` kept on
the election: it names the records it touches, and says whether the facts resting on them are
left out of the story (`omit`) and whether a story touching them needs review (`review`).
Later stages obey it: the planner leaves out what a warning omits, and the check marks the
draft NEEDS REVIEW where a review warning touches what the story would tell.

Checks (each a small function registered with `@check`):
- the poll is not on a Thursday (UK local and general elections are): the draft needs review;
- a ward with no result in a final count (a national file): void, and the draft needs review;
- a declared ward whose elected candidates do not fill its seats, or fill more than its seats:
  its result is void (nothing is said of it) and the draft needs review;
- outside an STV count, an elected candidate with fewer votes than one not elected: void;
- the same candidate listed twice in a ward (name, party and votes): void;
- where the source gives ballots: a candidate's votes above the ward's ballots: void;
- a reported turnout more than 0.5 points from ballots over electorate: the ward's turnout is
  left out; ballots equal to the sum of votes in a ward of several seats (the column counts
  votes, not voters): the ward's turnout is left out;
- a candidate with more votes than the ward's electorate: void; votes adding up to more than
  its ballots (or electors) could cast, a vote a seat: the ward's turnout is left out;
- ballots above the electorate (a ward's or the council's): the turnout is left out;
- a contested ward in which every candidate has 0 votes (no count, not a tie): void;
- more seats in one ward than its kind of election can fill (`MAX_WARD_SEATS`: no ward elects
  more than three at a thirds, halves or by-election outside an STV count): void;
- an election type the seats fought contradict: a by-election over more than `MAX_BY_WARDS`
  wards or a quarter of the council, or all-out filling under half of it (a thirds poll may
  fill two thirds, where the last was postponed, and halves all): the draft needs review;
- more seats fought than the council has: its composition and control are left out;
- a previous contest dated on or after this one (or in a later year, or its date not in its
  year): the facts resting on it are left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from storygen.model import DataWarning, Election, ElectionType, FactKind, Ward

TURNOUT_TOLERANCE = 0.5  # points between a reported turnout and ballots over electorate

Check = Callable[[Election], Iterable[DataWarning]]
CHECKS: list[Check] = []
TURNOUT_KINDS = (FactKind.TURNOUT.value,)
CONTROL_KINDS = tuple(
    k.value for k in (FactKind.COMPOSITION, FactKind.CONTROL, FactKind.NO_OVERALL_CONTROL)
)
# Seats one ward can fill at once at a thirds, halves or by-election: English and Welsh wards
# have at most three councillors (a thirds poll fills one, two with a vacancy, three only when
# every seat is up). All-out polls and STV counts have no such bound (the Isles of Scilly's
# St Mary's elects 12; Scottish wards three or four, whatever a file calls the poll).
MAX_WARD_SEATS = {ElectionType.THIRDS: 3, ElectionType.HALVES: 3, ElectionType.BY_ELECTION: 3}
MAX_BY_WARDS = 5  # wards in one council's by-elections of one day (rarely more than two)


def check(function: Check) -> Check:
    """Register a check of the validation layer."""
    CHECKS.append(function)
    return function


def validate(election: Election) -> Election:
    """The election with every check's warnings added (and void wards marked void)."""
    found = [w for fn in CHECKS for w in fn(election)]
    known = {(w.code, w.records) for w in election.warnings}
    fresh = tuple(w for w in found if (w.code, w.records) not in known)
    void = {r for w in (*election.warnings, *fresh) if w.code in VOIDING for r in w.records}
    wards = tuple(
        w.model_copy(update={"void": True}) if w.id in void and not w.void else w
        for w in election.wards
    )
    return election.model_copy(update={"warnings": (*election.warnings, *fresh), "wards": wards})


def void_ward(ward: Ward, code: str, message: str, field: str | None = None) -> DataWarning:
    """A warning that a declared ward's result cannot be used: nothing is said of it."""
    return DataWarning(
        code=code,
        message=f"{ward.name}: {message}: nothing is said of its result",
        file=ward.source.file,
        row=ward.source.row,
        field=field,
        records=(ward.id,),
        omit=True,
        review=True,
    )


VOIDING = {
    "no-result",
    "over-elected",
    "under-elected",
    "winner-below-loser",
    "duplicate-candidate",
    "votes-above-ballots",
    "votes-above-electorate",  # one candidate above the electorate; not the sum (the turnout's)
    "no-votes",
    "too-many-seats",
    "unreadable-row",  # an importer could not read one of the ward's rows
}


@check
def not_thursday(election: Election) -> Iterator[DataWarning]:
    """A poll on a day other than Thursday: the date may have been misread."""
    day = election.date
    if day.weekday() != 3:
        yield DataWarning(
            code="not-thursday",
            message=f"{day.isoformat()} is a {day.strftime('%A')}; UK elections are held on "
            "Thursdays (day first: 5/3/2018 is 5 March)",
            field="date",
            review=True,
        )


def _declared(election: Election) -> Iterator[Ward]:
    for ward in election.wards:
        if ward.declared and not ward.void:
            yield ward


@check
def final_undeclared(election: Election) -> Iterator[DataWarning]:
    """A ward with no result in a final count (a national results file): its flags are blank."""
    if not election.final:
        return
    for ward in election.wards:
        if not ward.declared and not ward.void:
            yield void_ward(ward, "no-result", "no result in a final count", "elected")


@check
def elected_count(election: Election) -> Iterator[DataWarning]:
    """A declared ward that elected fewer or more candidates than it had seats."""
    for ward in _declared(election):
        elected = sum(1 for c in ward.candidates if c.elected)
        if elected > ward.seats_up:
            yield void_ward(
                ward,
                "over-elected",
                f"{elected} candidates marked elected for {ward.seats_up} seat(s)",
                "elected",
            )
        elif elected < ward.seats_up and len(ward.candidates) >= ward.seats_up:
            yield void_ward(
                ward,
                "under-elected",
                f"{elected} candidates marked elected for {ward.seats_up} seat(s)",
                "elected",
            )


@check
def winner_below_loser(election: Election) -> Iterator[DataWarning]:
    """Outside an STV count, someone elected on fewer votes than someone not elected."""
    if election.first_preferences_only:
        return
    for ward in _declared(election):
        if ward.uncontested:
            continue
        won = [c.votes for c in ward.candidates if c.elected and c.votes is not None]
        lost = [c.votes for c in ward.candidates if not c.elected and c.votes is not None]
        if won and lost and min(won) < max(lost):
            yield void_ward(
                ward,
                "winner-below-loser",
                f"a candidate elected on {min(won):,} votes while one with {max(lost):,} was not",
                "votes",
            )


@check
def duplicate_candidates(election: Election) -> Iterator[DataWarning]:
    """The same name, party and votes twice in one ward: a row repeated by the source.

    Two candidates of one party with one name and different votes are two people (the
    Handbook's "Hinchcliffe, J." twice in Bristol's St George Central, 283 and 248 votes).
    """
    for ward in election.wards:
        seen = Counter((c.name.casefold(), c.party, c.votes) for c in ward.candidates)
        twice = sorted(name for (name, _, _), n in seen.items() if n > 1)
        if twice:
            yield void_ward(
                ward, "duplicate-candidate", f"{', '.join(twice)} listed twice", "candidate"
            )


@check
def votes_above_ballots(election: Election) -> Iterator[DataWarning]:
    """A candidate with more votes than the ward's ballot papers."""
    for ward in _declared(election):
        if ward.ballots is None:
            continue
        top = max((c.votes or 0 for c in ward.candidates), default=0)
        if top > ward.ballots:
            yield void_ward(
                ward,
                "votes-above-ballots",
                f"a candidate has {top:,} votes but the ward issued {ward.ballots:,} ballots",
                "votes",
            )


@check
def votes_above_voters(election: Election) -> Iterator[DataWarning]:
    """A candidate with more votes than the ward has electors (void), or votes adding up to
    more than its ballots or electors could cast, a vote a seat (its turnout left out: the
    Handbook's 2025 "Ballots" column is wrong in some wards, Baddesley & Dordon's 1,192 being
    its winner's votes, while the count agrees with the turnout)."""
    for ward in _declared(election):
        if ward.uncontested:
            continue
        top = max((c.votes or 0 for c in ward.candidates), default=0)
        total = sum(c.votes or 0 for c in ward.candidates)
        if ward.electorate is not None and top > ward.electorate:
            yield void_ward(
                ward,
                "votes-above-electorate",
                f"a candidate has {top:,} votes but the ward has {ward.electorate:,} electors",
                "votes",
            )
            continue
        for what, count, code in (
            ("ballots", ward.ballots, "ballots-below-votes"),
            ("electors", ward.electorate, "electorate-below-votes"),
        ):
            if count is None or total <= count * ward.seats_up:
                continue
            yield DataWarning(
                code=code,
                message=f"{ward.name}: the candidates have {total:,} votes in all but "
                f"{count:,} {what} of {ward.seats_up} vote(s) each could cast no more than "
                f"{count * ward.seats_up:,}: its turnout is left out",
                file=ward.source.file,
                row=ward.source.row,
                field="ballots" if what == "ballots" else "electorate",
                records=(ward.id,),
                kinds=TURNOUT_KINDS,
                omit=True,
                review=True,
            )
            break


@check
def ballots_above_electorate(election: Election) -> Iterator[DataWarning]:
    """More ballots than electors, in a ward or the council: the turnout cannot be right."""
    for ward in election.wards:
        if ward.ballots is None or ward.electorate is None or ward.ballots <= ward.electorate:
            continue
        yield DataWarning(
            code="ballots-above-electorate",
            message=f"{ward.name}: {ward.ballots:,} ballots but {ward.electorate:,} "
            "electors: its turnout is left out",
            file=ward.source.file,
            row=ward.source.row,
            field="ballots",
            records=(ward.id,),
            kinds=TURNOUT_KINDS,
            omit=True,
            review=True,
        )
    t = election.turnout
    if t is None or t.ballots is None or t.electorate is None or t.ballots <= t.electorate:
        return
    yield DataWarning(
        code="ballots-above-electorate",
        message=f"council: {t.ballots:,} ballots but {t.electorate:,} electors: the turnout "
        "is left out",
        file=t.source.file,
        field="turnout.ballots",
        records=(t.id,),
        kinds=TURNOUT_KINDS,
        omit=True,
        review=True,
    )


@check
def no_votes(election: Election) -> Iterator[DataWarning]:
    """A contested ward where every candidate has 0 votes: no count was given, not a tie."""
    for ward in _declared(election):
        if ward.uncontested or not ward.candidates:
            continue
        if all(c.votes == 0 for c in ward.candidates):
            yield void_ward(ward, "no-votes", "every candidate has 0 votes", "votes")


@check
def seats_in_a_ward(election: Election) -> Iterator[DataWarning]:
    """More seats filled in one ward than its kind of election can fill (`MAX_WARD_SEATS`)."""
    limit = MAX_WARD_SEATS.get(election.type)
    if limit is None or election.first_preferences_only:
        return
    for ward in election.wards:
        if ward.seats_up > limit:
            yield void_ward(
                ward,
                "too-many-seats",
                f"{ward.seats_up} seats filled in one ward at a {election.type.value} election, "
                f"which fills at most {limit} in a ward",
                "elected",
            )


@check
def type_against_seats(election: Election) -> Iterator[DataWarning]:
    """An election type the wards and seats fought contradict."""
    wards, seats, total = len(election.wards), election.seats_up, election.council.total_seats
    kind = election.type
    problem = None
    if kind is ElectionType.BY_ELECTION:
        if wards > MAX_BY_WARDS:
            problem = f"{wards} wards fought"
        elif total and seats > total / 4:
            problem = f"{seats} of the council's {total} seats fought"
    elif total and kind is ElectionType.ALL_OUT and seats < total / 2:
        problem = f"only {seats} of the council's {total} seats fought"
    if problem:
        yield DataWarning(
            code="type-mismatch",
            message=f"a {kind.value} election, but {problem}: the type may be wrong",
            field="type",
            review=True,
        )


@check
def seats_above_total(election: Election) -> Iterator[DataWarning]:
    """More seats fought than the council has: its composition and control are left out."""
    total = election.council.total_seats
    if total is not None and election.seats_up > total:
        yield DataWarning(
            code="seats-above-total",
            message=f"{election.seats_up} seats fought but the council has {total}: its "
            "composition and control are left out",
            field="total_seats",
            kinds=CONTROL_KINDS,
            omit=True,
            review=True,
        )


@check
def previous_after_this(election: Election) -> Iterator[DataWarning]:
    """A previous contest dated on or after this election, or whose date is not in its year."""
    for ward in election.wards:
        prev = ward.previous
        if prev is None:
            continue
        problem = None
        if prev.date is not None and prev.date.year != prev.year:
            problem = f"dated {prev.date.isoformat()} but said to be of {prev.year}"
        elif prev.date is not None and prev.date >= election.date:
            problem = f"dated {prev.date.isoformat()}, not before this election"
        elif prev.year > election.date.year:
            problem = f"of {prev.year}, after this election"
        if problem:
            yield DataWarning(
                code="previous-after",
                message=f"{ward.name}: the previous contest is {problem}: what rests on it is "
                "left out",
                file=prev.source.file,
                field=prev.source.key,
                records=(prev.id,),
                omit=True,
                review=True,
            )


@check
def turnout_figures(election: Election) -> Iterator[DataWarning]:
    """A ward turnout that disagrees with its ballots and electorate, or ballots that are votes."""
    for ward in election.wards:
        if ward.ballots is None or not ward.electorate:
            continue
        computed = 100 * ward.ballots / ward.electorate
        if ward.turnout is not None and abs(computed - ward.turnout) > TURNOUT_TOLERANCE:
            yield DataWarning(
                code="turnout-mismatch",
                message=f"{ward.name}: turnout {ward.turnout:g} but ballots over electorate give "
                f"{computed:.2f}: its turnout is left out",
                file=ward.source.file,
                row=ward.source.row,
                field="turnout",
                records=(ward.id,),
                kinds=TURNOUT_KINDS,
                omit=True,
            )
            continue
        total = sum(c.votes or 0 for c in ward.candidates)
        if ward.seats_up > 1 and ward.declared and total and ward.ballots == total:
            yield DataWarning(
                code="ballots-are-votes",
                message=f"{ward.name}: ballots ({ward.ballots:,}) equal the sum of the votes in a "
                f"ward of {ward.seats_up} seats, where each voter had several: its turnout is "
                "left out",
                file=ward.source.file,
                row=ward.source.row,
                field="ballots",
                records=(ward.id,),
                kinds=TURNOUT_KINDS,
                omit=True,
            )


@check
def council_turnout(election: Election) -> Iterator[DataWarning]:
    """A council-wide turnout that disagrees with its own ballots and electorate."""
    t = election.turnout
    if t is None or t.ballots is None or not t.electorate:
        return
    computed = 100 * t.ballots / t.electorate
    if abs(computed - t.percent) > TURNOUT_TOLERANCE:
        yield DataWarning(
            code="turnout-mismatch",
            message=f"council turnout {t.percent:g} but ballots over electorate give "
            f"{computed:.2f}: the turnout is left out",
            file=t.source.file,
            field="turnout",
            records=(t.id,),
            kinds=TURNOUT_KINDS,
            omit=True,
        )
