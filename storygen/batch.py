"""Batch runs: every council of one or more national files, drafted and checked.

Each council's draft is written atomically (a temporary file renamed into place), so a run
killed half-way leaves no partial file. As each council finishes, one line is appended to the
journal (`.journal.jsonl`) and flushed; `index.json`, each council's status and the
fingerprint of its input, is written once at the end (or when the run is interrupted), and the
journal is then removed. A re-run reads both, so it skips councils whose input and settings
are unchanged and resumes a run that was killed, even with SIGKILL, where it stopped.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import json
import multiprocessing
import os
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pydantic import ValidationError

from storygen import __version__, edits, pipeline, review
from storygen.analyse import analyse
from storygen.analyse.summary import NeighbourSummary, summarise
from storygen.errors import InconsistentDataError, InputFormatError, StorygenError
from storygen.findings import CheckReport
from storygen.ingest import load_election
from storygen.ingest.cells import check_regular_file
from storygen.ingest.general import is_general_source
from storygen.ingest.imports.common import CouncilImport, build_election, normalise_name
from storygen.ingest.imports.desk import (
    ContextEntry,
    DeskPerson,
    add_people,
    council_key,
    merge_context,
    read_context_dir,
    read_people,
)
from storygen.ingest.imports.leap import read_leap
from storygen.ingest.imports.ocd import Compositions, Councillors, enrich
from storygen.model import Election, slugify
from storygen.publish import write
from storygen.publish.writers import EXTENSIONS
from storygen.realise.draft import Draft
from storygen.realise.render import TEMPLATES
from storygen.realise.style import StyleSettings

if TYPE_CHECKING:  # spaCy is imported where a check runs, not here
    from storygen.checking import Answer, CheckerProcess

INDEX = "index.json"
SOURCE_KINDS = "an election folder, a LEAP or open-data CSV, or a LEH .xlsx workbook"
MAX_SOURCE = 500_000_000  # bytes: the national files are 1 to 4 MB
# a whole polling day is told plainly: no house colour ("a disappointing turnout")
BATCH_STYLE = StyleSettings(turnout_words=False)
JOURNAL = ".journal.jsonl"


@dataclass
class Job:
    """One council to draft."""

    key: str  # file stem of its drafts: <council>-<polling day>
    election: Election
    notes: tuple[str, ...]
    fingerprint: str  # of the input
    neighbours: tuple[NeighbourSummary, ...] = ()
    choices: edits.Choices = field(default_factory=edits.Choices)  # the desk's edits
    folder: Path | None = None  # the election folder it came from (None: a national file)


@dataclass
class Outcome:
    """What became of one council."""

    key: str
    council: str
    status: str  # ok, needs review, failed, unchanged
    fingerprint: str | None = None
    files: list[str] = field(default_factory=list)
    headline: str | None = None
    errors: list[str] = field(default_factory=list)
    findings: int = 0
    notes: list[str] = field(default_factory=list)


def _read_source(
    path: Path, council: str | None = None
) -> tuple[list[CouncilImport], list[StorygenError], dict[str, list[StorygenError]]]:
    """Councils, warnings (rows an importer could handle), and councils that cannot be drafted."""
    check_regular_file(path, display=path.name, limit=MAX_SOURCE, expected=SOURCE_KINDS)
    if path.suffix.lower() == ".xlsx":
        from storygen.ingest.imports.leh import read_leh

        imported, warnings = read_leh(path)
        # a council none of whose rows could be read is a failure, not a warning
        broken: dict[str, list[StorygenError]] = {}
        names = {i.council for i in imported}
        for warning in warnings:
            if warning.council and warning.council not in names:
                broken.setdefault(warning.council, []).append(warning)
        kept = [w for w in warnings if not (w.council and w.council in broken)]
        return imported, kept, broken
    if path.suffix.lower() == ".csv":
        with path.open("rb") as f:
            header = f.readline(4096).decode("utf-8-sig", errors="replace")
        if header.lower().startswith("election_date"):
            from storygen.ingest.imports.opendata import read_opendata

            imported, warnings = read_opendata(path, council)
            if council is None:
                named = imported[0].council if imported else path.parent.name
                warnings.append(
                    InputFormatError(
                        f"the file names no council: named {named!r} after its folder",
                        file=path.name,
                        hint="use --council to name it",
                    )
                )
            return imported, warnings, {}
        first = next(csv.reader([header]), [])
        if len(first) != 8:
            raise InputFormatError(
                f"unknown CSV layout ({len(first)} columns in the first row)",
                file=path.name,
                row=1,
                expected="a LEAP file (8 columns, no header) or local-election open data "
                "(a header starting election_date)",
            )
        return read_leap(path)
    raise InputFormatError("unknown kind of source", file=str(path), expected=SOURCE_KINDS)


def collect(
    sources: Sequence[Path],
    compositions: Path | None = None,
    councillors: Path | None = None,
    council: str | None = None,
    previous: Path | None = None,
    out: Path | None = None,
    use_edits: bool = True,
    *,
    councillors_after: Path | None = None,
    people: Path | None = None,
    context: Path | None = None,
) -> tuple[list[Job], list[Outcome], list[str]]:
    """Every council in the sources, as jobs; councils that could not be read, as failures;
    and warnings about rows an importer handled (a double winner dropped, say).

    A UK Parliament export (or a folder with `general.toml`) gives every story of that general
    election instead: one per constituency, nation and English region, and the UK's; its
    baseline is `previous`, else the previous election on the same boundaries beside it.

    With `use_edits`, each job carries the desk's edits: an election folder's own sidecar, or,
    for a council of a national file, its edits file in the batch folder `out`.

    `councillors_after` is the councillor list of the poll's own year (the names winners go
    by); `people` a desk's CSV of people (council, name, role, party) and `context` a folder
    of per-council context files (see `storygen.ingest.imports.desk`), merged into each
    council's election; a council they do not fit is a failure of that council alone.
    """
    comps = _read_option(Compositions.read, compositions)
    listed = _read_option(Councillors.read, councillors)
    listed_after = _read_option(Councillors.read, councillors_after)
    desk = _Desk.read(people, context)
    jobs: dict[str, Job] = {}
    failures: list[Outcome] = []
    source_notes: list[str] = []
    native: set[str] = set()
    for source in sources:
        if is_general_source(source):
            from storygen.general import batch_jobs

            try:
                general_jobs, unread, notes = batch_jobs(source, previous)
            except StorygenError as exc:
                failures.append(_failure(source.name, source.name, exc))
                continue
            jobs.update((job.key, job) for job in general_jobs)
            failures += unread
            source_notes += notes
            continue
        if source.is_dir():
            try:
                election = desk.people_of(load_election(source))
            except StorygenError as exc:
                failures.append(_failure(source.name, source.name, exc))
                continue
            except Exception as exc:  # a bug: this folder's failure, the rest go on
                failures.append(
                    _failure(source.name, source.name, _unexpected(exc, source.name, "reading"))
                )
                continue
            key = _key(election.council.name, election.date.isoformat())
            native.add(key)
            jobs[key] = Job(
                key,
                election,
                (),
                _hash_folder(source) + desk.fingerprint(election),
                folder=source,
            )
            continue
        try:
            imported, warnings, broken = _read_source(source, council)
        except StorygenError as exc:
            failures.append(_failure(source.name, source.name, exc))  # the other files go on
            continue
        except Exception as exc:  # a bug must not stop the other files: this file's failure
            failures.append(
                _failure(source.name, source.name, _unexpected(exc, source.name, "reading"))
            )
            continue
        for warning in warnings:
            source_notes.append(str(warning))
        for name, errors in broken.items():
            failure = _failure(_key(name, "unread"), name, errors[0])
            failure.errors = [str(e) for e in errors]
            failures.append(failure)
        for item in imported:
            key = _key(item.council, item.polling_day.isoformat())
            if key in native:
                continue  # a desk's own folder for this council wins over the national file
            try:
                extra = enrich(item, comps, listed, listed_after)
                election, notes = build_election(item, extra)
                election = desk.merge(election)
            except (StorygenError, ValidationError) as exc:
                failures.append(_failure(key, item.council, exc))
                continue
            except Exception as exc:  # a bug: this council's failure, the rest go on
                where = item.rows[0].source.file if item.rows else source.name
                failures.append(_failure(key, item.council, _unexpected(exc, where, "importing")))
                continue
            fingerprint = hashlib.sha256(
                (item.fingerprint() + repr(asdict(extra)) + desk.fingerprint(election)).encode()
            ).hexdigest()[:16]
            jobs[key] = Job(key, election, tuple(notes), fingerprint)
    source_notes += desk.unused()
    _load_edits(jobs, failures, out, use_edits)
    _attach_neighbours(list(jobs.values()))
    return list(jobs.values()), failures, source_notes


@dataclass
class _Desk:
    """A desk's people file and context files, by council."""

    people: dict[str, list[DeskPerson]] = field(default_factory=dict)
    contexts: dict[str, list[ContextEntry]] = field(default_factory=dict)
    unplaced: list[str] = field(default_factory=list)
    used: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, people: Path | None, context: Path | None) -> _Desk:
        desk = cls()
        for row in read_people(people) if people else []:
            desk.people.setdefault(council_key(row.council), []).append(row)
        for entry in read_context_dir(context) if context else []:
            if entry.council is None:
                desk.unplaced.append(
                    f"{entry.path.name}: names no council ([council] name): not used"
                    + (f" ({entry.error})" if entry.error else "")
                )
            else:
                desk.contexts.setdefault(council_key(entry.council), []).append(entry)
        return desk

    def people_of(self, election: Election) -> Election:
        """The election with the people file's rows for its council."""
        key = council_key(election.council.name)
        if key in self.people:
            self.used.add(key)
        return add_people(election, self.people.get(key, []))

    def merge(self, election: Election) -> Election:
        """The election with its council's context file and people."""
        key = council_key(election.council.name)
        entries = self.contexts.get(key, [])
        if len(entries) > 1:
            raise InconsistentDataError(
                f"{len(entries)} context files for {election.council.name}: "
                + ", ".join(e.path.name for e in entries),
                file=entries[1].path.name,
                field="council.name",
                expected="one context file per council",
            )
        if entries:
            self.used.add(key)
            election = merge_context(election, entries[0])
        return self.people_of(election)

    def fingerprint(self, election: Election) -> str:
        """A hash of what the desk gave this council (so a re-run sees a change)."""
        key = council_key(election.council.name)
        digest = hashlib.sha256(repr(self.people.get(key, [])).encode())
        for entry in self.contexts.get(key, []):
            digest.update(entry.path.read_bytes())
        return digest.hexdigest()[:8]

    def unused(self) -> list[str]:
        """Warnings for rows and files whose council is not in the sources."""
        notes = list(self.unplaced)
        for key, rows in sorted(self.people.items()):
            if key not in self.used:
                notes.append(
                    f"{rows[0].file}:{rows[0].row}: council {rows[0].council!r} is not in the "
                    "sources: its people are not used"
                )
        for key, entries in sorted(self.contexts.items()):
            if key not in self.used:
                names = ", ".join(e.path.name for e in entries)
                notes.append(
                    f"{names}: council {entries[0].council!r} is not among the sources' "
                    "imported councils: not used"
                )
        return notes


def _load_edits(
    jobs: dict[str, Job], failures: list[Outcome], out: Path | None, use_edits: bool
) -> None:
    """Give each job the desk's edits; they decide the draft as much as the input does, so
    they are part of its fingerprint. Unreadable edits fail the council: a draft without
    them must not pass for the edited one."""
    for key, job in list(jobs.items()):
        if use_edits:
            if job.folder is not None:
                path: Path | None = edits.folder_sidecar(job.folder)
            else:
                path = edits.batch_sidecar(out, key) if out is not None else None
            try:
                job.choices = edits.read_choices(path) if path else edits.Choices()
            except StorygenError as exc:
                del jobs[key]
                failures.append(_failure(key, job.election.council.name, exc))
                continue
            job.notes += tuple(f"edited by the desk: {e}" for e in edits.describe(job.choices))
        mark = job.choices.fingerprint() if use_edits else "no edits"
        job.fingerprint = hashlib.sha256(f"{job.fingerprint}|{mark}".encode()).hexdigest()[:16]


def _attach_neighbours(jobs: list[Job]) -> None:
    wanted = {normalise_name(n) for job in jobs for n in job.election.council.neighbours}
    if not wanted:
        return
    summaries = {}
    for job in jobs:
        if normalise_name(job.election.council.name) in wanted:
            try:
                summaries[normalise_name(job.election.council.name)] = summarise(
                    job.election, analyse(job.election)
                )
            except Exception:  # a neighbour that cannot be summed up is not mentioned
                continue
    for job in jobs:
        job.neighbours = tuple(
            summaries[normalise_name(n)]
            for n in job.election.council.neighbours
            if normalise_name(n) in summaries
            and normalise_name(n) != normalise_name(job.election.council.name)
        )


def _key(council: str, day: str) -> str:
    return f"{slugify(council)}-{day}"


def _hash_folder(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


T = TypeVar("T")


def _read_option(read: Callable[[Path], T], path: Path | None) -> T | None:
    """An Open Council Data file given as an option; what cannot be read is a clean error."""
    if path is None:
        return None
    try:
        return read(path)
    except StorygenError:
        raise
    except Exception as exc:
        raise InputFormatError(
            f"cannot be read ({type(exc).__name__}: {exc})",
            file=path.name,
            expected="an Open Council Data CSV as published",
        ) from None


def _unexpected(exc: Exception | str, file: str, doing: str) -> StorygenError:
    """A bug met while reading or drafting one council (or what it did), as that council's
    error."""
    what = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
    return StorygenError(
        f"internal error while {doing} ({what}); a bug in storygen, the other councils go on",
        file=file,
    )


def _failure(key: str, council: str, exc: Exception) -> Outcome:
    if isinstance(exc, ValidationError):
        message = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
    else:
        message = str(exc)
    return Outcome(key=key, council=council, status="failed", errors=[message])


def settings_fingerprint(formats: Sequence[str], check: bool) -> str:
    """What else decides a draft besides its input: the code, the templates and the options."""
    digest = hashlib.sha256(f"{__version__}|{sorted(formats)}|{check}".encode())
    for path in sorted(TEMPLATES.rglob("*.j2")):
        digest.update(path.read_bytes())
    package = Path(__file__).parent
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.toml")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def write_atomically(path: Path, text: str) -> None:
    """Write a file so that it is either wholly there or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class _Task:
    job: Job
    out: Path
    formats: tuple[str, ...]
    check: bool
    fingerprint: str


def _process(task: _Task) -> Outcome:
    """Draft, check and write one council, in this process."""
    outcome, edited = _draft(task)
    if edited is None:
        return outcome
    return _check_and_write(task, outcome, edited.election, edited.draft)


def _outcome(task: _Task) -> Outcome:
    job = task.job
    return Outcome(
        key=job.key,
        council=job.election.council.name,
        status="ok",
        fingerprint=task.fingerprint,
        notes=list(job.notes),
    )


def _draft(task: _Task) -> tuple[Outcome, edits.Edited | None]:
    """A council's outcome so far and its draft with the desk's edits; None if drafting failed."""
    job = task.job
    outcome = _outcome(task)
    try:
        edited = edits.draft_with(
            job.election,
            job.choices,
            results=True,
            neighbours=job.neighbours,
            settings=BATCH_STYLE,
        )
        outcome.notes += [f"edit no longer applies: {s}" for s in edited.stale]
    except Exception as exc:
        return _failed(task, outcome, _message(task, exc, "drafting")), None
    return outcome, edited


def _check_and_write(task: _Task, outcome: Outcome, election: Election, draft: Draft) -> Outcome:
    """Check a council's draft against `election` (with the desk's edits), if the batch checks,
    and write it."""
    try:
        report = pipeline.check(election, draft, settings=BATCH_STYLE) if task.check else None
    except Exception as exc:
        return _failed(task, outcome, _message(task, exc, "checking"))
    return _finish(task, outcome, draft, report)


def _finish(task: _Task, outcome: Outcome, draft: Draft, report: CheckReport | None) -> Outcome:
    """Write a council's drafts with its check's report, and say what became of it."""
    job = task.job
    try:
        for fmt in task.formats:
            path = task.out / f"{job.key}.{EXTENSIONS[fmt]}"
            write_atomically(path, write(draft, fmt, report))
            outcome.files.append(path.name)
        outcome.headline = draft.headline.text
        outcome.notes += [w for w in draft.warnings if w not in outcome.notes]
        if report is not None:
            outcome.findings = len(report.findings)
            if report.errors:
                outcome.status = "needs review"
                outcome.errors = [str(f) for f in report.errors]
        elif draft.review:  # unchecked, but resting on doubtful data all the same
            outcome.status = "needs review"
            outcome.errors = [f"doubtful data: {r}" for r in draft.review]
        review.store_council(
            task.out, job.key, job.election, job.neighbours, draft, report, job.folder
        )
    except Exception as exc:
        return _failed(task, outcome, _message(task, exc, "writing"))
    return outcome


def _message(task: _Task, exc: Exception, doing: str) -> str:
    """A council's failure in one line; a bug must not stop the batch, so it is one too."""
    if isinstance(exc, StorygenError):
        return str(exc)
    where = _source_of(task.job)
    return str(_unexpected(exc, where, f"{doing} {task.job.election.council.name}"))


def _source_of(job: Job) -> str:
    return job.election.wards[0].source.file if job.election.wards else job.key


def _failed(task: _Task, outcome: Outcome, message: str) -> Outcome:
    outcome.status, outcome.errors = "failed", [message]
    for fmt in task.formats:  # no stale draft of an earlier run may pass for this one
        (task.out / f"{task.job.key}.{EXTENSIONS[fmt]}").unlink(missing_ok=True)
    outcome.files = []
    review.forget_council(task.out, task.job.key)
    return outcome


def _check_for_batch(work: _Task | tuple[_Task, Outcome, Election, Draft]) -> Outcome | CheckReport:
    """What the checker process does with a council: check its draft and give back the report,
    for the batch process to write the draft with; or, given the council alone, draft, check
    and write it."""
    if isinstance(work, _Task):
        return _process(work)
    task, outcome, election, draft = work
    try:
        return pipeline.check(election, draft, settings=BATCH_STYLE)
    except Exception as exc:
        return _failed(task, outcome, _message(task, exc, "checking"))


def start_checker() -> CheckerProcess:
    """A checker process for a checked batch in one process, to be passed to `run`.

    Started before the sources are read, it sets up spaCy while they are read and drafted;
    it then checks each council while the next is drafted (see storygen.checking), and the
    batch process writes it with the report it gives back.
    """
    from storygen.checking import CheckerProcess

    return CheckerProcess(_check_for_batch)


def run(
    jobs: Sequence[Job],
    out: Path,
    *,
    formats: Sequence[str] = ("text",),
    workers: int | None = None,
    check: bool = True,
    failures: Iterable[Outcome] = (),
    warnings: Sequence[str] = (),
    on_done: Callable[[Outcome], None] | None = None,
    checker: CheckerProcess | None = None,
) -> list[Outcome]:
    """Draft every job into `out`; skip councils whose input and settings are unchanged.

    `workers`: processes drafting at once (default 1: see `DEFAULT_WORKERS`). In one process,
    a checked batch checks in a process of its own, side by side with drafting: `checker`
    (from `start_checker`, which `run` stops when it is done), else one started here.
    """
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(".*.tmp"):
        stale.unlink()  # left by a run that was killed between writing and renaming
    index_path, journal_path = out / INDEX, out / JOURNAL
    # what the journal says is newer than the index: it was written after the last index
    previous = {**_read_index(index_path), **_read_journal(journal_path)}
    settings = settings_fingerprint(formats, check)
    outcomes: dict[str, Outcome] = {o.key: o for o in failures}
    tasks = []
    for job in sorted(jobs, key=lambda j: j.key):
        neighbours = hashlib.sha256(repr(job.neighbours).encode()).hexdigest()[:8]
        fingerprint = f"{job.fingerprint}-{neighbours}-{settings}"
        before = previous.get(job.key)
        files = [f"{job.key}.{EXTENSIONS[fmt]}" for fmt in formats]
        if (
            before
            and before.get("fingerprint") == fingerprint
            and before.get("status") in ("ok", "needs review", "unchanged")
            and all((out / name).exists() for name in files)
        ):
            headline = before.get("headline")
            review = before.get("status") == "needs review"
            errors = before.get("errors")
            findings = before.get("findings")
            outcomes[job.key] = Outcome(
                key=job.key,
                council=job.election.council.name,
                # a draft that needed review still does: its input has not changed
                status="needs review" if review else "unchanged",
                errors=[str(e) for e in errors] if review and isinstance(errors, list) else [],
                fingerprint=fingerprint,
                files=files,
                headline=headline if isinstance(headline, str) else None,
                findings=findings if isinstance(findings, int) else 0,
                notes=list(job.notes),
            )
            continue
        tasks.append(_Task(job, out, tuple(formats), check, fingerprint))
    for outcome in outcomes.values():
        if on_done:
            on_done(outcome)

    # The elections and the set-up live to the end of the run: move them out of the collector's
    # sight, so that its passes over the young objects of each draft stay short.
    gc.freeze()
    complete = False
    with journal_path.open("a", encoding="utf-8") as journal, _sigterm_interrupts():

        def finished(outcome: Outcome) -> None:
            outcomes[outcome.key] = outcome
            journal.write(json.dumps(asdict(outcome), ensure_ascii=False) + "\n")
            journal.flush()  # in the kernel's hands: it survives the process being killed
            if on_done:
                on_done(outcome)

        try:
            workers = workers or DEFAULT_WORKERS
            if check and workers == 1 and tasks and checker is None:
                checker = start_checker()
            _draft_all(tasks, workers, check, finished, checker if check else None)
            complete = True
        finally:
            if checker is not None:
                checker.close()
            # on an interruption too: the councils not reached are listed as pending
            pending = {
                t.job.key: Outcome(
                    key=t.job.key,
                    council=t.job.election.council.name,
                    status="pending",
                    notes=list(t.job.notes),
                )
                for t in tasks
                if t.job.key not in outcomes
            }
            _write_index(index_path, {**pending, **outcomes}, warnings, complete=complete)
            gc.unfreeze()  # a long-lived caller (the tests, a server) collects them as before
    journal_path.unlink(missing_ok=True)  # everything in it is in the index now
    return sorted(outcomes.values(), key=lambda o: o.key)


# One drafting process by default, with the check in a process of its own beside it (started
# before the sources are read, see `start_checker`): on this 2-core machine, two workers that
# each draft and check made LEAP 2016 no faster and cost more CPU and memory
# (benchmarks/batch_speed.py; see the README). `--jobs N` forks N such workers after the set-up
# is done once in the parent, so they share it.
DEFAULT_WORKERS = 1


def _draft_all(
    tasks: Sequence[_Task],
    workers: int,
    check: bool,
    finished: Callable[[Outcome], None],
    checker: CheckerProcess | None = None,
) -> None:
    if workers > 1 and len(tasks) > 1:
        warm_up(check)
        context = multiprocessing.get_context("fork")
        with context.Pool(min(workers, len(tasks)), initializer=_worker_signals) as pool:
            for outcome in pool.imap_unordered(_process, tasks, chunksize=1):
                finished(outcome)
    elif checker is not None:
        _draft_beside(tasks, checker, finished)
    else:
        for task in tasks:
            finished(_process(task))


def _draft_beside(
    tasks: Sequence[_Task], checker: CheckerProcess, finished: Callable[[Outcome], None]
) -> None:
    """Draft here while the checker process checks what is drafted; write each draft here with
    the report it gives back (checking costs more than drafting: the writing is done here).

    Whenever the checker is about to catch up, it is given the next council to draft too: the two
    processes share the work as their speeds (and the machine's load) allow.
    """
    waiting: dict[str, tuple[_Task, Outcome, Draft | None]] = {}

    def settle(answers: list[Answer]) -> None:
        for answer in answers:
            task, outcome, draft = waiting.pop(answer.key)
            if isinstance(answer.result, Outcome):
                finished(answer.result)
            elif isinstance(answer.result, CheckReport) and draft is not None:
                finished(_finish(task, outcome, draft, answer.result))
            else:
                doing = f"checking {task.job.election.council.name}"
                error = _unexpected(answer.error or "no outcome", _source_of(task.job), doing)
                finished(_failed(task, outcome, str(error)))

    for task in tasks:
        settle(checker.answers(wait=False))
        if checker.pending <= 1:  # about to be idle: it drafts this one itself
            waiting[task.job.key] = (task, _outcome(task), None)
            checker.submit(task.job.key, task)
            continue
        outcome, edited = _draft(task)
        if edited is None:
            finished(outcome)
            continue
        waiting[task.job.key] = (task, outcome, edited.draft)
        checker.submit(task.job.key, (task, outcome, edited.election, edited.draft))
    while waiting:
        settle(checker.answers(wait=True))


def warm_up(check: bool) -> None:
    """Do the one-off set-up (templates, party table, spaCy pipeline) in this process, so
    workers forked from it inherit it instead of each doing it again."""
    from storygen.parties import party_table
    from storygen.realise.render import warm_up as compile_templates

    compile_templates()
    party_table()
    if check:
        import storygen.check  # noqa: F401  (the checker module, imported once)
        from storygen.check.nlp import checker_nlp

        checker_nlp()
    gc.freeze()  # the set-up is not garbage: keep the collector off its pages after the fork


def _worker_signals() -> None:
    # the parent handles Ctrl+C and SIGTERM (it writes the index and stops the pool)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """While a batch runs, SIGTERM interrupts it like Ctrl+C, so the index is still written."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def _read_index(path: Path) -> dict[str, dict[str, object]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
    return {c["key"]: c for c in data.get("councils", []) if isinstance(c, dict) and "key" in c}


def _read_journal(path: Path) -> dict[str, dict[str, object]]:
    """The councils a killed run finished, the last line for a council winning; a line cut
    short by the kill is ignored."""
    entries: dict[str, dict[str, object]] = {}
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return entries
    for line in lines:
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("key"), str):
            entries[entry["key"]] = entry
    return entries


def _write_index(
    path: Path,
    outcomes: dict[str, Outcome],
    warnings: Sequence[str] = (),
    *,
    complete: bool = True,
) -> None:
    councils = [asdict(o) for o in sorted(outcomes.values(), key=lambda o: o.key)]
    counts: dict[str, int] = {}
    for o in councils:
        counts[str(o["status"])] = counts.get(str(o["status"]), 0) + 1
    document: dict[str, object] = {"storygen": __version__}
    if not complete:
        document["interrupted"] = True  # run the batch again to finish it
    document.update({"counts": counts, "warnings": list(warnings), "councils": councils})
    stale = _stale_drafts(path.parent, set(outcomes))
    if stale:
        document["stale"] = stale
    with edits.locked(path.parent):  # the review page updates the index too
        review.annotate(path.parent, councils)  # the desk's review state of each draft
        write_atomically(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def _stale_drafts(out: Path, current: set[str]) -> list[dict[str, object]]:
    """Drafts in the folder of councils not in this run (an earlier run's, or a council since
    taken out of the input): listed, so that none passes for this run's."""
    suffixes = sorted({f".{ext}" for ext in EXTENSIONS.values()}, key=len, reverse=True)
    found: dict[str, list[str]] = {}
    for path in out.iterdir():
        if path.name.startswith(".") or path.name == INDEX or not path.is_file():
            continue
        if path.name.endswith(edits.BATCH_SUFFIX):
            continue  # a desk's edits of a draft, not a draft
        suffix = next((x for x in suffixes if path.name.endswith(x)), None)
        if suffix is None:
            continue
        key = path.name.removesuffix(suffix)
        if key not in current:
            found.setdefault(key, []).append(path.name)
    return [
        {
            "key": key,
            "status": "stale",
            "files": sorted(files),
            "note": "not in this run's input: a draft of an earlier run",
        }
        for key, files in sorted(found.items())
    ]
