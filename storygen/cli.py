"""The storygen command line: validate, generate drafts, list facts, keep samples, schema."""

from __future__ import annotations

import difflib
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from storygen import __version__
from storygen.errors import (
    FieldValueError,
    InputNotFoundError,
    OutputError,
    StorygenError,
    ValidationFailed,
)
from storygen.ingest import load_election
from storygen.parties import party_table
from storygen.publish import FORMATS, write
from storygen.realise.style import DEFAULT_STYLE, StyleSettings

# The commands import what they use (drafting, the checker and spaCy, wire formats), so that
# `--help`, `validate`, `schema` and `parties` start at once.
if TYPE_CHECKING:
    from storygen.check import CheckReport
    from storygen.detect import Fact
    from storygen.edits import Edited
    from storygen.model import Election


def _report(exc: StorygenError) -> None:
    """Print a user error as one line per problem on stderr."""
    errors = exc.errors if isinstance(exc, ValidationFailed) else [exc]
    for error in errors:
        click.echo(f"error: {error}", err=True)
    if len(errors) > 1:
        click.echo(f"{len(errors)} errors", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storygen")
def cli() -> None:
    """storygen: news stories from election results."""


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
def validate(path: Path) -> None:
    """Check an election folder and print 'ok' with a one-line summary, or every error found."""
    election = load_election(path)
    _print_warnings(election)
    click.echo(f"ok  {election.summary()}")


def _print_warnings(election: Election) -> None:
    """The notes and the validation layer's warnings, as `validate` prints them."""
    from storygen.analyse import analyse

    for warning in (*election.notes, *election.warnings, *analyse(election).warnings):
        click.echo(f"warning: {warning}", err=True)


@cli.command()
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Write to FILE instead of stdout."
)
def schema(output: Path | None) -> None:
    """Print the JSON Schema of the native context file (election.toml / election.json)."""
    from storygen.ingest.native import context_schema

    text = json.dumps(context_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


def _settings(number_words: int) -> StyleSettings:
    return StyleSettings(number_words_limit=number_words)


NUMBER_WORDS = click.option(
    "--number-words",
    type=click.IntRange(0, 20),
    default=DEFAULT_STYLE.number_words_limit,
    show_default=True,
    help="Numbers up to this are written in words.",
)
NO_EDITS = click.option(
    "--no-edits",
    is_flag=True,
    help="Ignore the desk's edits (made in the preview, kept in .storygen-edits.json).",
)
STORY = click.option(
    "--story",
    help="General elections: the constituency, nation or English region to write about "
    "(default: the UK-wide story).",
)
TEMPLATES = click.option(
    "--templates",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Use this templates folder instead of the bundled one.",
)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice([*sorted(FORMATS), "ninjs"]),
    default=None,
    help="Output format [default: from the -o file's extension (.md, .json, .html), else text].",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to FILE.")
@click.option(
    "--ninjs-version", type=click.Choice(["2.2", "3.1"]), default="2.2", show_default=True
)
@click.option("--now", help="The clock for wire times (ISO or as desks type it); default: now.")
@click.option(
    "--embargo", help="Embargo until this time (Europe/London unless an offset is given)."
)
@click.option("--byline", default="storygen", show_default=True)
@click.option("--urgency", type=click.IntRange(1, 9), default=4, show_default=True)
@click.option("--automation-line", help="The 'generated with automation' line of wire copy.")
@click.option("--no-check", is_flag=True, help="Do not run the checker over the draft.")
@NO_EDITS
@NUMBER_WORDS
@TEMPLATES
@STORY
def generate(
    path: Path,
    fmt: str | None,
    output: Path | None,
    ninjs_version: str,
    now: str | None,
    embargo: str | None,
    byline: str,
    urgency: int,
    automation_line: str | None,
    no_check: bool,
    no_edits: bool,
    number_words: int,
    templates: Path | None,
    story: str | None,
) -> None:
    """Write the draft story of an election folder (or of a general election's export),
    checked unless --no-check, with the desk's edits made in the preview unless --no-edits.

    A draft the checker finds errors in is marked "needs review" and the exit status is 1.
    """
    from storygen import pipeline
    from storygen.publish import wire

    fmt_from_default = fmt is None
    fmt = fmt or "text"
    settings = _settings(number_words)
    election = load_election(path, story)
    _print_warnings(election)
    edited = _edited(path, election, no_edits, templates=templates, settings=settings)
    draft = edited.draft
    report = None if no_check else pipeline.check(edited.election, draft, settings=settings)
    if fmt_from_default and output is not None:
        fmt = {"md": "markdown", "json": "json", "txt": "text", "html": "html"}.get(
            output.suffix[1:], fmt
        )
    if fmt == "ninjs":
        settings_ = wire.WireSettings(
            now=_when(now, "--now") or datetime.now(wire.LONDON),
            embargo=_when(embargo, "--embargo"),
            byline=byline,
            urgency=urgency,
            automation_line=automation_line or wire.AUTOMATION_LINE,
        )
        text = wire.to_ninjs(draft, report, settings_, ninjs_version)
    elif fmt == "html" and automation_line:
        text = wire.to_html(
            draft,
            report,
            wire.WireSettings(now=datetime.now(wire.LONDON), automation_line=automation_line),
        )
    else:
        text = write(draft, fmt, report)
    _emit(text, output)
    if report is not None and report.errors:
        _print_findings(report)
        raise click.exceptions.Exit(1)
    if draft.review:  # unchecked, but resting on doubtful data all the same
        for reason in draft.review:
            click.echo(f"needs review: {reason}", err=True)
        raise click.exceptions.Exit(1)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--text",
    "text_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Check this edited text instead of the generated draft.",
)
@NO_EDITS
@NUMBER_WORDS
@STORY
def check(
    path: Path, text_file: Path | None, no_edits: bool, number_words: int, story: str | None
) -> None:
    """Check the draft of an election (or an editor's text of it) against its facts.

    Every claim of a sentence (who won, gained, held, lost, controls; its figures) must be one a
    fact of that sentence makes, and every fact the draft states must be borne out by the
    election's records; quotes must be word for word and attributed; house style is linted.
    --text takes a text, Markdown or HTML export. Exits 1 when any finding is an error. The
    draft is the one `generate` writes: with the desk's edits unless --no-edits.
    """
    from storygen import pipeline

    settings = _settings(number_words)
    election = load_election(path, story)
    edited = _edited(path, election, no_edits, settings=settings)
    draft = edited.draft
    text = text_file.read_text(encoding="utf-8") if text_file else None
    report = pipeline.check(edited.election, draft, text=text, settings=settings)
    sentences = len(draft.sentences())
    for finding in report.findings:
        click.echo(str(finding))
        if finding.sentence:
            click.echo(f"    in: “{finding.sentence}”")
    errors, warnings = len(report.errors), len(report.findings) - len(report.errors)
    what = f"{text_file}" if text_file else f"{sentences} sentences"
    if errors:
        click.echo(f"needs review: {errors} error(s), {warnings} warning(s) in {what}")
        raise click.exceptions.Exit(1)
    click.echo(f"ok: {what} checked, {warnings} warning(s)")


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@STORY
def explain(path: Path, story: str | None) -> None:
    """Print the draft with each sentence's facts (kind, rule, figures) and their records."""
    from storygen import pipeline

    election = load_election(path, story)
    draft = pipeline.generate(election)
    facts = {f.id: f for f in draft.facts}
    records = election.record_sources()
    quotes = {q.id: q for q in election.quotes}
    for sentence in draft.sentences():
        click.echo(sentence.text)
        for fact_id in sentence.facts:
            fact = facts[fact_id]
            figures = _figures_text(fact)
            click.echo(f"  fact {fact.id}: {fact.kind.value}, rule {fact.rule}")
            click.echo(f"    {fact.label}")
            if figures:
                click.echo(f"    figures: {figures}")
            cited = [s for s in fact.sources if s in records]
            for source_id in cited[:EXPLAIN_SOURCES]:
                click.echo(f"    from {source_id}: {records[source_id]}")
            if len(cited) > EXPLAIN_SOURCES:
                click.echo(f"    … and {len(cited) - EXPLAIN_SOURCES} more records")
        for quote_id in sentence.quotes:
            click.echo(f"  quote {quote_id}: {quotes[quote_id].source}")
        click.echo()


EXPLAIN_SOURCES = 8


def _figures_text(fact: Fact) -> str:
    return ", ".join(
        f"{k}={round(v, 2) if isinstance(v, float) else v}"
        for k, v in fact.figures.items()
        if v is not None
    )


def _edited(
    path: Path,
    election: Election,
    no_edits: bool,
    *,
    templates: Path | None = None,
    settings: StyleSettings = DEFAULT_STYLE,
) -> Edited:
    """The election's draft with the desk's edits from its folder's sidecar (unless no_edits),
    saying on stderr that they were applied and which no longer apply. A general election's
    stories are edited in a batch folder, so an export's folder holds no edits for them."""
    from storygen import edits

    sidecar = edits.folder_sidecar(path if path.is_dir() else path.parent)
    use = not no_edits and election.general is None
    choices = edits.read_choices(sidecar) if use else edits.Choices()
    edited = edits.draft_with(election, choices, templates=templates, settings=settings)
    if not choices.empty():
        click.echo(f"note: with the desk's edits in {sidecar} (--no-edits ignores them)", err=True)
    for stale in edited.stale:
        click.echo(f"warning: an edit no longer applies: {stale}", err=True)
    return edited


def _print_findings(report: CheckReport) -> None:
    for finding in report.findings:
        click.echo(str(finding), err=True)
    click.echo(f"needs review: {len(report.errors)} error(s)", err=True)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@STORY
def facts(path: Path, story: str | None) -> None:
    """List the facts the rules find, highest score first, with their figures."""
    from storygen import pipeline

    election = load_election(path, story)
    for fact in pipeline.facts_of(election):
        figures = _figures_text(fact)
        click.echo(f"{fact.score:6.2f}  {fact.id}")
        click.echo(f"        {fact.label}")
        if figures:
            click.echo(f"        {figures}")
        if fact.qualifiers:
            click.echo(f"        {', '.join(f'{k}={v}' for k, v in fact.qualifiers.items())}")


@cli.command()
@click.option("--update", is_flag=True, help="Rewrite samples/ from fixtures/.")
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("."),
    help="The project folder holding fixtures/ and samples/.",
)
def samples(update: bool, root: Path) -> None:
    """Regenerate the golden samples from fixtures/ and show what differs (--update to write)."""
    from storygen import golden

    if not (root / "fixtures").is_dir():
        raise InputNotFoundError(
            "no fixtures/ folder here",
            file=str(root.resolve()),
            expected="the storygen project folder (run it there, or pass --root)",
        )
    stale = 0
    for name, expected in golden.generate_samples(root / "fixtures").items():
        path = root / "samples" / name
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current == expected:
            continue
        stale += 1
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(expected, encoding="utf-8")
            click.echo(f"updated {path}")
        else:
            click.echo(golden.diff(current, expected, str(path)), nl=False)
    if stale and not update:
        raise click.ClickException(
            f"{stale} sample(s) differ from what the code writes; run `storygen samples --update`"
        )
    if not stale:
        click.echo("samples up to date")


def _when(text: str | None, option: str) -> datetime | None:
    """A time as a desk types it, for --now and --embargo."""
    from storygen.ingest.dates import EXPECTED_TIME, parse_desk_datetime

    if text is None:
        return None
    try:
        return parse_desk_datetime(text)
    except ValueError as exc:
        reason = str(exc).split("(", 1)[1].split(")", 1)[0] if "(" in str(exc) else "not a time"
        raise FieldValueError(
            f"not a time ({reason})",
            field=option,
            expected=EXPECTED_TIME,
            got=text,
        ) from None


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise OutputError(
            f"cannot write: {exc.strerror}", file=str(output), expected="a writable file path"
        ) from None


COUNCILLORS_AFTER = click.option(
    "--councillors-after",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Open Council Data councillors CSV of the poll's own year: the names winners go by.",
)
PEOPLE = click.option(
    "--people",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV of people a desk knows (council, name, role, party): a council leader, say.",
)


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the drafts and index.json.",
)
@click.option(
    "--compositions",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Open Council Data compositions CSV (before = last year's row, after = this year's).",
)
@click.option(
    "--councillors",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Open Council Data councillors CSV of the year before: who is defending each seat.",
)
@COUNCILLORS_AFTER
@PEOPLE
@click.option(
    "--context",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of per-council context files (targets, threats, areas, people, quotes).",
)
@click.option(
    "-f",
    "--format",
    "formats",
    type=click.Choice(sorted(FORMATS)),
    multiple=True,
    help="Output format (repeatable; default text).",
)
@click.option(
    "--jobs",
    type=click.IntRange(1),
    default=None,
    help="Worker processes that each draft and check, forked after the set-up (default 1, "
    "with the check in a process of its own: see the README).",
)
@click.option("--no-check", is_flag=True, help="Do not run the checker over the drafts.")
@NO_EDITS
@click.option(
    "--council", help="The council's name, for sources that give none (local-election open data)."
)
@click.option(
    "--previous",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="General elections: the previous election on the same boundaries (default: found "
    "beside the export).",
)
def batch(
    sources: tuple[Path, ...],
    out: Path,
    compositions: Path | None,
    councillors: Path | None,
    formats: tuple[str, ...],
    jobs: int | None,
    no_check: bool,
    no_edits: bool,
    council: str | None,
    previous: Path | None,
    councillors_after: Path | None,
    people: Path | None,
    context: Path | None,
) -> None:
    """Draft every council in national results files (LEAP CSV, LEH workbook, open-data CSV)
    or election folders, each with a results box per ward; one bad council never stops the rest.
    A UK Parliament export gives a story per constituency, nation and region, and the UK's.

    Drafts are written atomically, and a journal line per council as it is done; DIR/index.json,
    each council's status, is written at the end (or when interrupted). A re-run skips councils
    whose input is unchanged and resumes a killed run. The desk's edits made in the review
    page (`storygen serve DIR`) are applied unless --no-edits. Exits 1 if any council failed.
    """
    from storygen import batch as runner

    # checked in one process: the checker's own process sets up spaCy while the sources are read
    alone = (jobs or runner.DEFAULT_WORKERS) == 1
    checker = runner.start_checker() if alone and not no_check else None
    try:
        tasks, failures, warnings = runner.collect(
            list(sources),
            compositions,
            councillors,
            council,
            previous,
            out=out,
            use_edits=not no_edits,
            councillors_after=councillors_after,
            people=people,
            context=context,
        )
    except BaseException:
        if checker is not None:
            checker.close()
        raise
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    for task in tasks:  # the validation layer's, as `validate` prints them
        for found in task.election.warnings:
            click.echo(f"warning: {task.election.council.name}: {found}", err=True)
    try:
        with _progress("drafting", len(tasks) + len(failures)) as advance:
            outcomes = runner.run(
                tasks,
                out,
                formats=formats or ("text",),
                workers=jobs,
                check=not no_check,
                failures=failures,
                warnings=warnings,
                on_done=lambda _: advance(),
                checker=checker,
            )
    except KeyboardInterrupt:  # Ctrl+C or SIGTERM: the index was written, with what is pending
        click.echo(
            f"interrupted: {out / runner.INDEX} lists the councils not drafted as pending; "
            "run the same command again to finish",
            err=True,
        )
        raise click.exceptions.Exit(130) from None
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
        if outcome.status in ("failed", "needs review"):
            first = outcome.errors[0] if outcome.errors else ""
            click.echo(f"{outcome.status}: {outcome.council}: {first}", err=True)
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    click.echo(f"{len(outcomes)} councils: {summary}; index in {out / runner.INDEX}")
    if counts.get("failed"):
        raise click.exceptions.Exit(1)


@contextmanager
def _progress(what: str, total: int) -> Iterator[Callable[[], None]]:
    """A transient progress bar on a terminal's stderr; elsewhere (a log, a pipe) none, and
    rich is not even imported."""
    if not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        bar = progress.add_task(what, total=total)
        yield lambda: progress.advance(bar)


@cli.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--council", required=True, help="The council's name as the source writes it.")
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--compositions", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--councillors", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@COUNCILLORS_AFTER
@PEOPLE
@click.option(
    "--context",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="TOML a desk adds (people, targets, quotes), appended to election.toml.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Overwrite a folder edited since it was imported (its files are kept in a backup).",
)
def import_(
    source: Path,
    council: str,
    out: Path,
    compositions: Path | None,
    councillors: Path | None,
    councillors_after: Path | None,
    people: Path | None,
    context: Path | None,
    force: bool,
) -> None:
    """Turn one council of a national results file into an election folder a desk can edit."""
    from storygen import batch as runner
    from storygen.ingest.export import write_native
    from storygen.ingest.general import is_general_source
    from storygen.ingest.imports.common import normalise_name

    if is_general_source(source):
        raise StorygenError(
            "a general election's export is read as it is, not imported",
            file=str(source),
            expected="a council results file; for a constituency: storygen generate SOURCE "
            "--story NAME",
        )
    jobs, failures, warnings = runner.collect(
        [source],
        compositions,
        councillors,
        council,
        councillors_after=councillors_after,
        people=people,
    )
    unread = [f for f in failures if f.key == source.name]  # the file itself cannot be read
    if unread:
        for error in unread[0].errors:
            click.echo(f"error: {error}", err=True)
        raise click.exceptions.Exit(1)
    for warning in warnings:
        if council.casefold() in warning.casefold():  # the file's other councils are not ours
            click.echo(f"warning: {warning}", err=True)
    wanted = normalise_name(council)
    found = [j for j in jobs if normalise_name(j.election.council.name) == wanted]
    if not found:
        failed = [f for f in failures if normalise_name(f.council) == wanted]
        if failed:
            for error in failed[0].errors:
                click.echo(f"error: {error}", err=True)
            click.echo(f"{failed[0].council}: not imported", err=True)
            raise click.exceptions.Exit(1)
        names = sorted(j.election.council.name for j in jobs)
        close = difflib.get_close_matches(council, names, n=3)
        raise StorygenError(
            f"no council {council!r} in the source",
            file=str(source),
            expected="a council the file holds",
            hint=f"did you mean {' or '.join(map(repr, close))}?" if close else None,
        )
    extra = context.read_text(encoding="utf-8") if context else ""
    election = found[0].election
    backup = write_native(election, out, extra, force=force)
    if backup is not None:
        click.echo(f"kept the files it replaced in {backup}", err=True)
    for note in found[0].notes:
        click.echo(f"note: {note}", err=True)
    for data_warning in election.warnings:  # what the validation layer and the reader doubt
        click.echo(f"warning: {data_warning}", err=True)
    click.echo(f"wrote {out / 'election.toml'} and {out / 'candidates.csv'}")


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--order",
    type=click.Choice(["fixture", "alphabetical"]),
    default="fixture",
    show_default=True,
    help="Declaration order: the folder's election.declaration_order, else alphabetical.",
)
@click.option("--start", help="The first version's time (default: 23:00 on polling day).")
@click.option("--ninjs-version", type=click.Choice(["2.2", "3.1"]), default="2.2")
@click.option(
    "--stories",
    type=click.Choice(["all", "national"]),
    default="all",
    show_default=True,
    help="General elections: every story touched by each declaration, or the UK story only.",
)
def replay(
    path: Path, out: Path, order: str, start: str | None, ninjs_version: str, stories: str
) -> None:
    """Declare an election's wards one by one and keep every version of its story.

    For a general election (a UK Parliament export), the constituencies declare in their real
    order (declaration times, ties within the minute by name; A to Z where there are none), and
    every version of the UK story is kept, with each constituency's, nation's and region's.
    """
    from storygen import live
    from storygen.ingest.general import is_general_source

    if is_general_source(path):
        from storygen import live_general
        from storygen.general import stories as general_stories
        from storygen.ingest.general import load_general

        night = live_general.replay(
            general_stories(load_general(path)),
            out,
            order=order,
            start=_when(start, "--start"),
            ninjs_version=ninjs_version,
            which=stories,
        )
        for v in night:
            click.echo(f"{v.story} v{v.number:03d} {v.status:12} {v.headline}")
        return

    election = load_election(path)
    versions = live.replay(
        election, out, order=order, start=_when(start, "--start"), ninjs_version=ninjs_version
    )
    for version in versions:
        click.echo(f"v{version.number:02d} {version.status:12} {version.note}")


@cli.command()
@click.argument("source", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--interval", type=click.FloatRange(0.1), default=5.0, show_default=True)
@click.option("--once", is_flag=True, help="Look once and stop (for scripts and tests).")
@click.option("--now", help="The clock for this pass (default: now).")
@click.option("--ninjs-version", type=click.Choice(["2.2", "3.1"]), default="2.2")
def watch(
    source: Path, out: Path, interval: float, once: bool, now: str | None, ninjs_version: str
) -> None:
    """Watch election folders; when one changes, regenerate only it, as a new version with a
    note saying what changed (a ward declared, a recount, a result withdrawn)."""
    import time

    from storygen import live
    from storygen.ingest.general import is_general_source
    from storygen.publish import wire

    out.mkdir(parents=True, exist_ok=True)
    reported: dict[str, str] = {}  # errors said already: each is said once, not every interval
    while True:
        clock = _when(now, "--now") or datetime.now(wire.LONDON)
        if is_general_source(source):
            from storygen import live_general

            lines = live_general.watch_once(source, out, clock, ninjs_version)
        else:
            lines = live.watch_once(source, out, clock, ninjs_version, reported)
        for line in lines:
            click.echo(line, err=line.startswith(("error:", "warning:")))
        if once:
            if any(line.startswith("error:") for line in lines):
                raise click.exceptions.Exit(1)
            return
        time.sleep(interval)


@cli.command()
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="Another name the preview answers to (repeatable), e.g. this machine's name or address "
    "when --host 0.0.0.0; requests naming any other host are refused.",
)
def serve(paths: tuple[Path, ...], host: str, port: int, allowed_hosts: tuple[str, ...]) -> None:
    """Preview drafts in a browser: a batch folder's councils (check status, control, review
    state) or election folders, each draft beside its facts; leave facts out, force them in,
    change phrasings, edit the headline and quotes, approve or hold a draft. Edits are kept
    beside each input and honoured by generate and batch."""
    from storygen.preview.app import WILDCARDS, create_app

    if host in WILDCARDS and not allowed_hosts:
        click.echo(
            "warning: listening on every address, but answering only to localhost names; "
            "add --allowed-host NAME for the names desks use to reach this machine",
            err=True,
        )
    click.echo(f"storygen preview on http://{host}:{port}/ (Ctrl+C to stop)")
    create_app(list(paths), host=host, allowed=allowed_hosts).run(host=host, port=port, debug=False)


@cli.command()
def parties() -> None:
    """List the party table: code, PA abbreviation, name, and the codes and names it accepts."""
    for party in party_table():
        aliases = ", ".join(dict.fromkeys((*party.codes, *party.registered)))
        click.echo(f"{party.code:8} {party.pa:8} {party.name:28} {aliases}")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; user errors are printed in one line each and exit with status 1."""
    try:
        # without standalone mode, click returns the status a command exits with
        status = cli.main(args=argv, prog_name="storygen", standalone_mode=False)
    except StorygenError as exc:
        _report(exc)
        return 1
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except Exception as exc:  # a bug, not the user's input: one line, and how to see more
        if os.environ.get("STORYGEN_DEBUG"):
            raise
        click.echo(
            f"internal error: {type(exc).__name__}: {exc} (a bug in storygen; "
            "run with STORYGEN_DEBUG=1 for the traceback)",
            err=True,
        )
        return 2
    return status if isinstance(status, int) else 0


if __name__ == "__main__":
    sys.exit(main())
