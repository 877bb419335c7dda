"""The preview web app (Flask, server-rendered Jinja with autoescape, a little plain JS).

It serves election folders (each draft beside its facts) and batch folders (the review page of
a whole polling day: every council's draft with its check status, control and the desk's
review state). Only the folders it was started with can be read: pages are addressed by a key,
never by a path.

Locked down for a newsroom network: only Host headers naming the bound address (or names
allowed with --allowed-host) are served, which closes DNS rebinding; a state-changing request
needs a same-origin Origin (or Referer) and the token minted at start-up, which the page
carries; bodies over 64 KB are refused with 413; malformed input is a 400. An edit the draft
cannot be written with is refused and never saved; a damaged sidecar is set aside (renamed,
kept for the desk) with a message on the page. Sidecar writes hold a lock on their folder, so
two preview processes on one folder lose no edit.
"""

from __future__ import annotations

import hmac
import json
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from flask import Flask, Response, abort, redirect, render_template, request
from pydantic import ValidationError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers.response import Response as BaseResponse

from storygen import review
from storygen.analyse.summary import NeighbourSummary
from storygen.batch import BATCH_STYLE, INDEX, write_atomically
from storygen.check import CheckReport, Finding
from storygen.detect.fact import Fact
from storygen.edits import (
    SIDECAR,
    Applied,
    Choices,
    Edited,
    describe,
    folder_sidecar,
    locked,
    plan_with,
    read_choices,
    save_choices,
    set_aside,
    set_aside_files,
    write_with,
)
from storygen.errors import EditsError, StorygenError
from storygen.ingest import load_election
from storygen.model import Election, slugify
from storygen.pipeline import check
from storygen.plan import DocumentPlan
from storygen.preview.describe import (
    FactView,
    Phrasing,
    QuoteRow,
    fact_views,
    phrasings,
    quote_rows,
)
from storygen.publish import FORMATS, write
from storygen.publish.wire import LONDON
from storygen.publish.writers import EXTENSIONS
from storygen.realise.style import DEFAULT_STYLE, StyleSettings

MIME = {
    "text": "text/plain",
    "markdown": "text/markdown",
    "json": "application/json",
    "html": "text/html",
}
MAX_BODY = 64 * 1024  # bytes: an edit is a few hundred
LOCAL_NAMES = ("127.0.0.1", "localhost", "::1")
WILDCARDS = ("0.0.0.0", "::", "")
TOKEN_HEADER = "X-Storygen-Token"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
STATUS_ORDER = {"failed": 0, "needs review": 1, "ok": 2, "unchecked": 2}
REVIEW_STATES = ("needs review", "approved", "held")


# -- where a council's data and edits live -------------------------------------------------


@dataclass
class Council:
    """One council the preview can show: an election folder, or a council of a batch folder."""

    key: str
    name: str
    folder: Path | None = None  # the election folder (its sidecar holds the edits)
    out: Path | None = None  # the batch folder it was drafted into
    entry: dict[str, Any] | None = None  # its entry in the batch's index.json

    @property
    def in_batch(self) -> bool:
        """A council of a batch folder (with a review state and draft files to keep)."""
        return self.out is not None

    def edits_path(self) -> Path:
        """Where its edits are saved."""
        if self.folder is not None:
            return folder_sidecar(self.folder)
        assert self.out is not None
        return self.out / f"{self.key}.edits.json"

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the folders its edits and drafts live in (edits first, always in this order)."""
        with ExitStack() as stack:
            dirs = [d for d in (self.folder, self.out) if d is not None]
            for d in dict.fromkeys(dirs):
                stack.enter_context(locked(d))
            yield

    def stamp(self) -> tuple[object, ...]:
        """What its election is read from, as it is now (paths, mtimes and sizes)."""
        if self.out is not None:
            path = review.store_path(self.out, self.key)
            try:
                st = path.stat()
            except OSError:
                return ("batch", str(path), None)
            return ("batch", str(path), st.st_mtime_ns, st.st_size)
        assert self.folder is not None
        files = []
        for p in self.folder.rglob("*"):
            if p.name.startswith(SIDECAR) or p.name.endswith(".tmp") or not p.is_file():
                continue  # the desk's edits are keyed apart
            st = p.stat()
            files.append((str(p.relative_to(self.folder)), st.st_mtime_ns, st.st_size))
        return ("folder", str(self.folder), tuple(sorted(files)))

    def load(self) -> tuple[Election, tuple[NeighbourSummary, ...]]:
        """The election and the neighbours' results its draft is written with (read again only
        when one of its files changes)."""

        def read() -> tuple[Election, tuple[NeighbourSummary, ...]]:
            if self.out is not None:
                stored = review.read_stored(self.out, self.key)
                return stored.election, stored.neighbours
            assert self.folder is not None
            return load_election(self.folder), ()

        loaded: tuple[Election, tuple[NeighbourSummary, ...]] = _memo(("load", *self.stamp()), read)
        return loaded

    def planned(self, choices: Choices) -> tuple[Applied, list[Fact], DocumentPlan]:
        """Its facts and plan with these edits, planned once per version of its files."""
        election, neighbours = self.load()
        wanted = choices.model_copy(deep=True)  # the cached plan must not change with the caller's
        key = ("plan", *self.stamp(), wanted.model_dump_json())
        planned: tuple[Applied, list[Fact], DocumentPlan] = _memo(
            key, lambda: plan_with(election, wanted, neighbours, self.edits_path().name)
        )
        return planned

    @property
    def settings(self) -> StyleSettings:
        """The house style its draft is written in (a batch's, for a batch council)."""
        return BATCH_STYLE if self.in_batch else DEFAULT_STYLE


_CACHE: OrderedDict[tuple[object, ...], Any] = OrderedDict()
_CACHE_LOCK = threading.Lock()
CACHE_SIZE = 96  # loaded elections, plans and drafts of the councils a desk has open


def _memo(key: tuple[object, ...], make: Callable[[], Any]) -> Any:
    """A value made once per key (most recently used kept); errors are not kept."""
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    value = make()
    with _CACHE_LOCK:
        _CACHE[key] = value
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return value


@dataclass
class View:
    """Everything a council's page shows."""

    council: Council
    edited: Edited | None = None
    report: CheckReport | None = None
    choices: Choices = field(default_factory=Choices)
    facts: list[FactView] = field(default_factory=list)
    phrasings: list[Phrasing] = field(default_factory=list)
    quotes: list[QuoteRow] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    error: str | None = None
    review: dict[str, str] = field(default_factory=dict)
    prev: str | None = None
    next: str | None = None
    query: str = ""

    @property
    def key(self) -> str:
        """The council's key in the preview's addresses."""
        return self.council.key

    @property
    def draft(self) -> Any:
        """The draft, with the desk's edits."""
        return self.edited.draft if self.edited else None

    @property
    def plan(self) -> Any:
        """The document plan the draft was written from."""
        return self.edited.plan if self.edited else None

    def findings_for(self, text: str) -> list[Finding]:
        """The checker's findings on one sentence."""
        return [f for f in (self.report.findings if self.report else ()) if f.sentence == text]

    def used(self) -> set[str]:
        """Ids of the facts some sentence realises."""
        return {f for s in (self.draft.sentences() if self.draft else []) for f in s.facts}


def _choices_of(council: Council, notices: list[str]) -> Choices:
    """The council's saved edits; a damaged file is set aside, and the page says so."""
    path = council.edits_path()
    try:
        return read_choices(path)
    except EditsError as exc:
        with council.locked():
            try:
                return read_choices(path)  # another request may have set it aside already
            except EditsError:
                target = set_aside(path)
        notices.append(
            f"The desk's edits could not be read ({exc.message}); the file was set aside as "
            f"{target.name} and the draft is shown without them."
        )
        return Choices()


def _set_aside_notices(council: Council) -> list[str]:
    path = council.edits_path()
    return [
        f"A damaged edits file was set aside as {p.name} (kept beside the draft; "
        "delete it once you have recovered what you need)."
        for p in set_aside_files(path)
    ]


def build(council: Council, choices: Choices | None = None) -> View:
    """Draft and check a council with the desk's edits (the saved ones, or `choices`); once
    per version of its files and edits."""
    view = View(council=council)
    try:
        election, _ = council.load()
        if choices is None:
            choices = _choices_of(council, view.notices)
        view.notices += _set_aside_notices(council)
        view.choices = choices
        applied, facts, planned = council.planned(choices)
        wanted = choices.model_copy(deep=True)

        def write() -> tuple[Edited, CheckReport, list[FactView], list[Phrasing], list[QuoteRow]]:
            settings = council.settings
            edited = write_with(
                applied, facts, planned, wanted, results=council.in_batch, settings=settings
            )
            report = check(edited.election, edited.draft, settings=settings)
            left_out, forced = set(wanted.left_out), set(wanted.forced_in)
            return (
                edited,
                report,
                fact_views(edited.draft, edited.plan, edited.election, left_out, forced),
                phrasings(edited.plan, edited.draft, settings),
                quote_rows(edited.election, election, edited.draft, edited.plan),
            )

        key = ("draft", *council.stamp(), wanted.model_dump_json())
        view.edited, view.report, view.facts, view.phrasings, view.quotes = _memo(key, write)
    except StorygenError as exc:
        view.error = str(exc)
    return view


# -- the list ------------------------------------------------------------------------------


@dataclass
class Row:
    """One council on the list."""

    key: str
    council: str
    status: str  # ok, needs review, failed
    review: dict[str, str]  # the exported review state, or {} outside a batch
    headline: str
    lead: str
    findings: int
    control: dict[str, Any]
    written: datetime | None
    wards: list[str]
    errors: list[str]
    matched: str = ""  # the ward a search matched

    @property
    def review_state(self) -> str:
        """approved, held or needs review ('' outside a batch)."""
        return self.review.get("state", "")

    @property
    def control_text(self) -> str:
        """Control after, and the change, in a few words."""
        c = self.control
        if not c.get("after"):
            return "not known"
        if c.get("changed") is True:
            if c.get("party") == "noc":
                lost = c.get("before")
                return f"No overall control ({lost} lost control)" if lost else "Lost control"
            if c.get("before"):
                return f"{c['after']} gain from {c['before']}"
            if c.get("status") == "gained":  # the control rule: no party had control before
                return f"{c['after']} gain (no overall control before)"
            return f"{c['after']} gain"
        if c.get("changed") is False:
            return f"{c['after']}, no change"
        return f"{c['after']} (change not known)"

    @property
    def change(self) -> str:
        """changed, same or unknown."""
        changed = self.control.get("changed")
        return "changed" if changed is True else ("same" if changed is False else "unknown")


def _status(entry: dict[str, Any]) -> str:
    status = str(entry.get("status", "failed"))
    return "ok" if status in ("ok", "unchanged") else status


def _written(out: Path, files: list[str]) -> datetime | None:
    try:
        stamp = (out / files[0]).stat().st_mtime
    except (OSError, IndexError):
        return None
    return datetime.fromtimestamp(stamp, LONDON)


@dataclass
class _Cached:
    stamp: tuple[int, int]
    value: Any


class Batches:
    """The batch folders the preview serves: their index, review data and states, read as
    they are now (a batch re-run between two pages is seen), parsed once per change."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = folders
        self._cache: dict[Path, _Cached] = {}

    def _cached(self, path: Path, read: Any) -> Any:
        try:
            st = path.stat()
        except OSError:
            return read(path)
        stamp = (st.st_mtime_ns, st.st_size)
        hit = self._cache.get(path)
        if hit is None or hit.stamp != stamp:
            hit = _Cached(stamp, read(path))
            self._cache[path] = hit
        return hit.value

    def index(self, out: Path) -> dict[str, Any]:
        """A batch folder's index.json; unreadable, an EditsError naming it."""

        def read(path: Path) -> dict[str, Any]:
            try:
                document = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
                raise EditsError(
                    f"the batch index cannot be read: {exc}",
                    file=str(path),
                    hint="re-run storygen batch into this folder",
                ) from None
            if not isinstance(document, dict) or not isinstance(document.get("councils"), list):
                raise EditsError("not a storygen batch index", file=str(path))
            return document

        value: dict[str, Any] = self._cached(out / INDEX, read)
        return value

    def entries(self, out: Path) -> list[dict[str, Any]]:
        """The councils of a batch folder's index."""
        return [c for c in self.index(out)["councils"] if isinstance(c, dict) and "key" in c]

    def head(self, out: Path, key: str) -> tuple[dict[str, Any], Path | None]:
        """What the batch left for the list of one council, and the election folder it came
        from ({}, None where it left nothing)."""
        value: tuple[dict[str, Any], Path | None] = self._cached(
            review.store_path(out, key), lambda p: review.read_head(out, key)
        )
        return value

    def find(self, key: str) -> Council | None:
        """The council with this key, if a batch folder has it."""
        for out in self.folders:
            try:
                entries = self.entries(out)
            except EditsError:
                continue
            for entry in entries:
                if entry["key"] == key:
                    return Council(
                        key=key,
                        name=str(entry.get("council") or key),
                        folder=self.head(out, key)[1],
                        out=out,
                        entry=entry,
                    )
        return None

    def states(self, out: Path, notices: list[str]) -> review.ReviewStates:
        """The review states of a batch folder; a damaged file is set aside, with a notice."""
        try:
            return review.read_states(out)
        except EditsError as exc:
            with locked(out):
                try:
                    return review.read_states(out)
                except EditsError:
                    target = set_aside(review.states_path(out))
            notices.append(
                f"The review states could not be read ({exc.message}); the file was set aside "
                f"as {target.name}: every council needs review again."
            )
            return review.ReviewStates()

    def rows(self, notices: list[str]) -> list[Row]:
        """Every council of the batch folders, as the list shows it."""
        rows = []
        for out in self.folders:
            try:
                entries = self.entries(out)
            except EditsError as exc:
                notices.append(str(exc))
                continue
            states = self.states(out, notices).councils
            for p in set_aside_files(review.states_path(out)):
                notices.append(f"Damaged review states were set aside as {p.name}.")
            for entry in entries:
                key = str(entry["key"])
                files = [str(f) for f in entry.get("files") or []]
                state = states.get(key)
                digest = review.draft_digest(out, files) if state else None
                summary = self.head(out, key)[0]
                errors = [str(e) for e in entry.get("errors") or []]
                rows.append(
                    Row(
                        key=key,
                        council=str(entry.get("council") or key),
                        status=_status(entry),
                        review=review.exported(state, digest),
                        headline=str(entry.get("headline") or summary.get("headline") or ""),
                        lead=str(summary.get("lead") or ""),
                        findings=int(entry.get("findings") or 0),
                        control=dict(summary.get("control") or {}),
                        written=_written(out, files),
                        wards=[str(w) for w in summary.get("wards") or []],
                        errors=errors,
                    )
                )
        return rows


def _folder_row(view: View) -> Row:
    draft = view.draft
    election = view.edited.election if view.edited else None
    return Row(
        key=view.key,
        council=election.council.name if election else view.council.name,
        status="failed"
        if view.error
        else ("needs review" if view.report and view.report.errors else "ok"),
        review={},
        headline=draft.headline.text if draft else "",
        lead=draft.paragraphs[0].text if draft and draft.paragraphs else "",
        findings=len(view.report.findings) if view.report else 0,
        control=review.control_of(draft.facts) if draft else {},
        written=None,
        wards=[w.name for w in election.wards] if election else [],
        errors=[view.error] if view.error else [],
    )


@dataclass(frozen=True)
class Filters:
    """What the list is narrowed to."""

    status: str = ""
    review: str = ""
    control: str = ""
    change: str = ""
    q: str = ""

    @classmethod
    def from_args(cls, args: Any) -> Filters:
        """The filters of a request's query string (anything else ignored, lengths capped)."""

        def arg(name: str) -> str:
            value = args.get(name, "")
            return value[:200].strip() if isinstance(value, str) else ""

        return cls(arg("status"), arg("review"), arg("control"), arg("change"), arg("q"))

    def query(self) -> str:
        """As a query string ('' when nothing is filtered)."""
        pairs = {k: v for k, v in vars(self).items() if v}
        return f"?{urlencode(pairs)}" if pairs else ""

    def apply(self, rows: Iterable[Row]) -> list[Row]:
        """The rows that pass, needs review first, then by council."""
        out = []
        needle = self.q.casefold()
        for row in rows:
            if self.status and row.status != self.status:
                continue
            if self.review and row.review_state != self.review:
                continue
            if self.control and (row.control.get("party") or "unknown") != self.control:
                continue
            if self.change and row.change != self.change:
                continue
            row.matched = ""
            if needle and needle not in row.council.casefold():
                ward = next((w for w in row.wards if needle in w.casefold()), None)
                if ward is None:
                    continue
                row.matched = ward
            out.append(row)
        return sorted(out, key=lambda r: (STATUS_ORDER.get(r.status, 0), r.council, r.key))


# -- the app -------------------------------------------------------------------------------


def _keys(folders: list[Path]) -> dict[str, Path]:
    keys: dict[str, Path] = {}
    for folder in folders:
        key = slugify(folder.resolve().name) or "election"
        while key in keys:
            key += "-2"
        keys[key] = folder.resolve()
    return keys


def _hostname(host: str) -> str:
    """The name in a Host header, without its port."""
    host = host.strip().lower().rstrip(".")
    if host.startswith("["):
        end = host.find("]")
        return host[1:end] if end > 0 else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def allowed_hosts(host: str, extra: Iterable[str] = ()) -> set[str]:
    """The Host names the preview answers to: the local names, the address it is bound to
    (unless it is a wildcard such as 0.0.0.0) and the names allowed on the command line."""
    names = set(LOCAL_NAMES)
    if host.strip().lower() not in WILDCARDS:
        names.add(_hostname(host if ":" not in host or host.startswith("[") else f"[{host}]"))
    names.update(_hostname(h) for h in extra if h.strip())
    return names


def create_app(
    paths: list[Path],
    *,
    host: str = "127.0.0.1",
    allowed: Iterable[str] = (),
    token: str | None = None,
) -> Flask:
    """The preview app over these election and batch folders (and no others)."""
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    app.config["MAX_FORM_MEMORY_SIZE"] = MAX_BODY
    resolved = [p.resolve() for p in paths]
    batches = Batches([p for p in resolved if (p / INDEX).is_file()])
    folders = _keys([p for p in resolved if not (p / INDEX).is_file()])
    hosts = allowed_hosts(host, allowed)
    secret = token or secrets.token_urlsafe(32)
    app.config["STORYGEN_TOKEN"] = secret

    @app.before_request
    def guard() -> Response | None:
        if (request.content_length or 0) > MAX_BODY:
            return _refuse(413, f"request body over {MAX_BODY // 1024} KB")
        if _hostname(request.host) not in hosts:
            # another name pointing at this address (DNS rebinding): not ours to answer
            return _refuse(421, "this preview does not answer to that host name")
        if request.method in SAFE_METHODS:
            return None
        origin = request.headers.get("Origin") or _origin_of(request.headers.get("Referer"))
        if not origin or origin.lower() != f"{request.scheme}://{request.host}".lower():
            return _refuse(403, "changes are accepted only from the preview's own pages")
        given = request.headers.get(TOKEN_HEADER, "")
        if not given and request.mimetype == "application/x-www-form-urlencoded":
            given = str(request.form.get("token", ""))
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return _refuse(403, "missing or wrong preview token: reload the page")
        return None

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Response:
        return _refuse(exc.code or 500, exc.description or exc.name)

    @app.context_processor
    def token_in_pages() -> dict[str, Any]:
        return {"token": secret, "token_header": TOKEN_HEADER}

    def find(key: str) -> Council:
        if key in folders:
            return Council(key=key, name=folders[key].name, folder=folders[key])
        council = batches.find(key)
        if council is None:
            abort(404)
        return council

    def all_rows(notices: list[str]) -> list[Row]:
        rows = [_folder_row(build(find(k))) for k in folders]
        return rows + batches.rows(notices)

    @app.get("/")
    def index() -> str:
        notices: list[str] = []
        filters = Filters.from_args(request.args)
        rows = all_rows(notices)
        shown = filters.apply(rows)
        parties = sorted(
            {(r.control["party"], r.control["after"]) for r in rows if r.control.get("party")},
            key=lambda p: (p[0] == "noc", p[1]),
        )
        return render_template(
            "index.html",
            rows=shown,
            total=len(rows),
            filters=filters,
            parties=parties,
            notices=notices,
            batch=bool(batches.folders),
        )

    def page(key: str) -> View:
        council = find(key)
        view = build(council)
        filters = Filters.from_args(request.args)
        view.query = filters.query()
        notices: list[str] = []
        keys = (
            [r.key for r in filters.apply(all_rows(notices))] if batches.folders else list(folders)
        )
        if key in keys:
            at = keys.index(key)
            view.prev = keys[at - 1] if at > 0 else None
            view.next = keys[at + 1] if at + 1 < len(keys) else None
        with_review(view)
        return view

    def with_review(view: View) -> None:
        """The council's review state as exported (its draft files as they are now)."""
        council = view.council
        if council.out is None or council.entry is None:
            return
        state = batches.states(council.out, view.notices).councils.get(council.key)
        files = [str(f) for f in council.entry.get("files") or []]
        digest = review.draft_digest(council.out, files) if state else None
        view.review = review.exported(state, digest)

    @app.get("/e/<key>")
    def election(key: str) -> str:
        return render_template("election.html", view=page(key))

    @app.get("/e/<key>/workspace")
    def workspace(key: str) -> str:
        view = build(find(key))
        with_review(view)
        return render_template("workspace.html", view=view)

    @app.post("/e/<key>/choices")
    def choose(key: str) -> str | Response:
        council = find(key)
        change = _json_body()
        with council.locked():
            notices: list[str] = []
            current = _choices_of_locked(council, notices)
            choices = Choices() if change.get("reset") is True else current.model_copy(deep=True)
            try:
                _apply_change(choices, change, council)
                choices = Choices.model_validate(choices.model_dump())
            except ValidationError as exc:
                return _refuse(400, f"bad change: {_first_error(exc)}")
            except (StorygenError, TypeError, ValueError, KeyError) as exc:
                return _refuse(400, f"bad change: {exc}")
            view = build(council, choices)
            if view.error is not None:  # the draft cannot be written with it: keep what was
                return _refuse(
                    422, f"this change cannot be written, so it was not saved: {view.error}"
                )
            save_choices(council.edits_path(), choices)
            if council.in_batch:
                _publish(council, view)
        view.notices = notices + view.notices
        view.query = Filters.from_args(request.args).query()
        with_review(view)  # an edit changes the draft: an approval of the old one lapses
        return render_template("workspace.html", view=view)

    @app.post("/e/<key>/review")
    def set_review(key: str) -> BaseResponse:
        council = find(key)
        state = request.form.get("state", "")
        if council.out is None or council.entry is None:
            return _refuse(400, "review states are kept for councils of a batch folder")
        if state not in REVIEW_STATES:
            return _refuse(400, f"expected a review state ({', '.join(REVIEW_STATES)})")
        files = [str(f) for f in council.entry.get("files") or []]
        digest = review.draft_digest(council.out, files)
        if digest is None:
            return _refuse(409, "this council has no draft to review")
        with locked(council.out):
            try:
                states = review.read_states(council.out)
            except EditsError:
                set_aside(review.states_path(council.out))
                states = review.ReviewStates()
            if state == "needs review":
                states.councils.pop(key, None)
            else:
                states.councils[key] = review.ReviewState(
                    state=state,
                    at=review.now_iso(),
                    draft=digest,
                )
            review.save_states(council.out, states)
            _rewrite_index(council.out)
        back = request.form.get("next", "")
        if not back.startswith("/") or back.startswith("//") or "\\" in back:
            back = f"/e/{key}"
        return redirect(back, code=303)

    @app.get("/e/<key>/export/<fmt>")
    def export(key: str, fmt: str) -> Response:
        if fmt not in FORMATS:
            abort(404)
        view = build(find(key))
        if view.draft is None:
            return _refuse(422, view.error or "no draft")
        body = write(view.draft, fmt, view.report)
        suffix = {"text": "txt", "markdown": "md"}.get(fmt, fmt)
        response = Response(body, mimetype=MIME[fmt])
        response.headers["Content-Disposition"] = f'attachment; filename="{key}.{suffix}"'
        return response

    @app.get("/e/<key>/choices")
    def choices(key: str) -> Response:
        council = find(key)
        notices: list[str] = []
        saved = _choices_of(council, notices)
        body = {**saved.model_dump(), "notices": notices}
        return Response(json.dumps(body), mimetype="application/json")

    return app


def _choices_of_locked(council: Council, notices: list[str]) -> Choices:
    """As _choices_of, for a caller that already holds the council's folders."""
    path = council.edits_path()
    try:
        return read_choices(path)
    except EditsError as exc:
        target = set_aside(path)
        notices.append(
            f"The desk's edits could not be read ({exc.message}); the file was set aside as "
            f"{target.name}."
        )
        return Choices()


def _refuse(code: int, message: str) -> Response:
    return Response(f"{message}\n", status=code, mimetype="text/plain")


def _origin_of(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def _json_body() -> dict[str, Any]:
    """The request's JSON object; anything else is a 400."""
    try:
        change = json.loads(request.get_data(cache=True) or b"null")
    except (ValueError, RecursionError):
        abort(400, "the body is not JSON")
    if not isinstance(change, dict):
        abort(400, "expected a JSON object")
    return change


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(p) for p in error["loc"])
    return f"{where}: {error['msg']}"


def _apply_change(choices: Choices, change: dict[str, Any], council: Council) -> None:
    """Fold one change from the page into the choices; a malformed change is a ValueError."""
    known = {"fact", "include", "variant", "headline", "quote", "reset"}
    if not change or set(change) - known:
        raise ValueError(f"expected one of {', '.join(sorted(known))}")
    election, _ = council.load()
    _, facts, planned = council.planned(choices)
    if "fact" in change:
        fact_id, include = change["fact"], change.get("include")
        if not isinstance(fact_id, str) or not isinstance(include, bool):
            raise ValueError("expected {fact: id, include: true or false}")
        if fact_id not in {f.id for f in facts}:
            raise ValueError(f"no fact {fact_id!r} in this election")
        planner_dropped = fact_id in planned.left_out and fact_id not in choices.left_out
        choices.left_out = [f for f in choices.left_out if f != fact_id]
        choices.forced_in = [f for f in choices.forced_in if f != fact_id]
        if not include:
            choices.left_out.append(fact_id)
        elif planner_dropped:
            choices.forced_in.append(fact_id)
    if "variant" in change:
        value = change["variant"]
        if not (
            isinstance(value, list)
            and len(value) == 2
            and isinstance(value[0], str)
            and isinstance(value[1], int)
            and not isinstance(value[1], bool)
        ):
            raise ValueError("expected {variant: [message id, phrasing number]}")
        messages = {planned.headline.id, *(m.id for p in planned.paragraphs for m in p.messages)}
        if planned.standfirst:
            messages.add(planned.standfirst.id)
        if value[0] not in messages:
            raise ValueError(f"no sentence {value[0]!r} in this draft")
        choices.variants[value[0]] = value[1]
    if "headline" in change:
        if not isinstance(change["headline"], str):
            raise ValueError("expected {headline: text}")
        choices.headline = " ".join(change["headline"].split()) or None
    if "quote" in change:
        value = change["quote"]
        if not (
            isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)
        ):
            raise ValueError("expected {quote: [quote id, text]}")
        if value[0] not in {q.id for q in election.quotes}:
            raise ValueError(f"no quote {value[0]!r} in this election")
        text = " ".join(value[1].split())
        if text and text != next(q.text for q in election.quotes if q.id == value[0]):
            choices.quotes[value[0]] = text
        else:
            choices.quotes.pop(value[0], None)  # back to the reporter's words
    if change.get("reset") not in (None, True):
        raise ValueError("expected {reset: true}")


def _publish(council: Council, view: View) -> None:
    """Rewrite a batch council's draft files, its review summary and its index entry with the
    desk's edits, so what the folder holds is what the desk sees (the caller holds the lock)."""
    out, entry = council.out, council.entry
    assert out is not None and entry is not None and view.edited is not None
    by_extension = {ext: fmt for fmt, ext in EXTENSIONS.items() if fmt in FORMATS}
    draft, report = view.edited.draft, view.report
    for name in [str(f) for f in entry.get("files") or []]:
        fmt = by_extension.get(name.removeprefix(f"{council.key}."))
        if fmt is not None:
            write_atomically(out / name, write(draft, fmt, report))
    path = review.store_path(out, council.key)
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        stored["summary"] = review.summary_of(view.edited.election, draft, report)
        write_atomically(path, json.dumps(stored, ensure_ascii=False) + "\n")
    except (OSError, ValueError):
        pass  # the page already said the review data is unreadable
    _rewrite_index(out, council.key, view)


def _rewrite_index(out: Path, key: str | None = None, view: View | None = None) -> None:
    """index.json with the review states (and one council's entry as the desk's edit left it);
    the caller holds the batch folder's lock."""
    path = out / INDEX
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    councils = [c for c in document.get("councils", []) if isinstance(c, dict)]
    if key is not None and view is not None and view.edited is not None:
        report = view.report
        for entry in councils:
            if entry.get("key") != key:
                continue
            entry["headline"] = view.edited.draft.headline.text
            if report is not None:
                entry["findings"] = len(report.findings)
                entry["status"] = "needs review" if report.errors else "ok"
                entry["errors"] = [str(f) for f in report.errors]
            notes = [
                n for n in entry.get("notes", []) if not str(n).startswith("edited by the desk")
            ]
            entry["notes"] = notes + [f"edited by the desk: {e}" for e in describe(view.choices)]
    review.annotate(out, councils)
    counts: dict[str, int] = {}
    for entry in councils:
        counts[str(entry.get("status"))] = counts.get(str(entry.get("status")), 0) + 1
    document["counts"] = counts
    write_atomically(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
