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
  votes, not voters): the ward's turnout is left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from storygen.model import DataWarning, Election, FactKind, Ward

TURNOUT_TOLERANCE = 0.5  # points between a reported turnout and ballots over electorate

Check = Callable[[Election], Iterable[DataWarning]]
CHECKS: list[Check] = []
TURNOUT_KINDS = (FactKind.TURNOUT.value,)


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
