"""The preview web app (Flask, server-rendered Jinja with autoescape, a little plain JS).

Only the election folders it was started with can be read: pages are addressed by a key from
that list, never by a path. Choices are saved to a sidecar beside each input after every change.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, jsonify, render_template, request

from storygen.check import CheckReport, Finding
from storygen.detect.fact import Fact
from storygen.errors import StorygenError
from storygen.ingest import load_election
from storygen.model import slugify
from storygen.pipeline import check, facts_of
from storygen.plan import DocumentPlan, plan
from storygen.preview.choices import (
    SIDECAR,
    Applied,
    Choices,
    apply_quotes,
    load_choices,
    save_choices,
    stale_facts,
)
from storygen.publish import FORMATS, write
from storygen.realise.draft import Draft
from storygen.realise.render import realise

MIME = {
    "text": "text/plain",
    "markdown": "text/markdown",
    "json": "application/json",
    "html": "text/html",
}


@dataclass
class View:
    """Everything an election page shows."""

    key: str
    folder: Path
    draft: Draft | None = None
    report: CheckReport | None = None
    facts: list[Fact] = field(default_factory=list)
    plan: DocumentPlan | None = None
    choices: Choices = field(default_factory=Choices)
    quotes: list[Any] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    error: str | None = None

    def findings_for(self, text: str) -> list[Finding]:
        """The checker's findings on one sentence."""
        return [f for f in (self.report.findings if self.report else ()) if f.sentence == text]

    def used(self) -> set[str]:
        """Ids of the facts some sentence realises."""
        return {f for s in (self.draft.sentences() if self.draft else []) for f in s.facts}


def _keys(folders: list[Path]) -> dict[str, Path]:
    keys: dict[str, Path] = {}
    for folder in folders:
        key = slugify(folder.resolve().name) or "election"
        while key in keys:
            key += "-2"
        keys[key] = folder.resolve()
    return keys


def build(key: str, folder: Path, *, draft: bool = True) -> View:
    """Generate and check an election's draft with its editor's choices applied (with
    `draft=False`, only as far as the plan, which is all a change needs to be applied)."""
    view = View(key=key, folder=folder)
    try:
        view.choices = load_choices(folder)
        applied, facts, view.plan = _planned(folder, view.choices)
        view.facts = list(facts)
        if not draft:
            return view
        written = realise(view.plan)
        if view.choices.headline and view.choices.headline.strip():
            edited = written.headline.model_copy(update={"text": view.choices.headline.strip()})
            written = written.model_copy(update={"headline": edited})
        view.draft = written
        view.report = check(applied.election, written)
        view.quotes = list(applied.election.quotes)
        messages = {s.message for s in written.sentences()}
        view.stale = applied.stale + stale_facts(view.choices, view.facts, messages)
    except StorygenError as exc:
        view.error = str(exc)
    return view


_CACHE: OrderedDict[tuple[object, ...], Any] = OrderedDict()
_CACHE_LOCK = threading.Lock()


def _planned(folder: Path, choices: Choices) -> tuple[Applied, list[Fact], DocumentPlan]:
    """The folder's election with the choices' quotes, its facts and its plan, cached: the
    folder is loaded again only when a file's mtime or size changes, and a change of choices
    plans once from the loaded election."""
    files = tuple(
        sorted(
            (str(p.relative_to(folder)), p.stat().st_mtime_ns, p.stat().st_size)
            for p in folder.rglob("*")
            if p.is_file() and p.name != SIDECAR and not p.name.endswith(".tmp")
        )
    )
    loaded_key = (str(folder), files)
    planned_key = (*loaded_key, choices.model_dump_json())
    with _CACHE_LOCK:
        if planned_key in _CACHE:
            _CACHE.move_to_end(planned_key)
            return _CACHE[planned_key]  # type: ignore[no-any-return]
        election = _CACHE.get(loaded_key)
    if election is None:
        election = load_election(folder)
    choices = choices.model_copy(deep=True)  # the cached plan must not change with the caller's
    applied = apply_quotes(election, choices)
    facts = facts_of(applied.election)
    planned = plan(
        applied.election,
        facts,
        left_out=choices.left_out,
        forced_in=choices.forced_in,
        variants=choices.variants,
    )
    with _CACHE_LOCK:
        _CACHE[loaded_key] = election
        _CACHE.move_to_end(loaded_key)
        _CACHE[planned_key] = (applied, facts, planned)
        while len(_CACHE) > 32:  # a few versions of the elections a desk has open
            _CACHE.popitem(last=False)
    return applied, facts, planned


def create_app(folders: list[Path]) -> Flask:
    """The preview app over these election folders (and no others)."""
    app = Flask(__name__)
    inputs = _keys(folders)
    saving = threading.Lock()  # one change at a time: no save overwrites another

    def folder_of(key: str) -> Path:
        if key not in inputs:
            abort(404)
        return inputs[key]

    @app.get("/")
    def index() -> str:
        views = [build(k, f) for k, f in inputs.items()]
        return render_template("index.html", views=views)

    @app.get("/e/<key>")
    def election(key: str) -> str:
        return render_template("election.html", view=build(key, folder_of(key)))

    @app.get("/e/<key>/workspace")
    def workspace(key: str) -> str:
        return render_template("workspace.html", view=build(key, folder_of(key)))

    @app.post("/e/<key>/choices")
    def choose(key: str) -> str | Response:
        folder = folder_of(key)
        change = request.get_json(silent=True)
        if not isinstance(change, dict):
            abort(400)
        with saving:
            try:
                choices = Choices() if change.get("reset") is True else load_choices(folder)
                _apply_change(choices, change, build(key, folder, draft=False))
            except (StorygenError, TypeError, ValueError) as exc:
                return Response(f"bad change: {exc}", status=400, mimetype="text/plain")
            save_choices(folder, choices)
        return render_template("workspace.html", view=build(key, folder))

    @app.get("/e/<key>/export/<fmt>")
    def export(key: str, fmt: str) -> Response:
        if fmt not in FORMATS:
            abort(404)
        view = build(key, folder_of(key))
        if view.draft is None:
            abort(422)
        body = write(view.draft, fmt, view.report)
        suffix = {"text": "txt", "markdown": "md"}.get(fmt, fmt)
        response = Response(body, mimetype=MIME[fmt])
        response.headers["Content-Disposition"] = f'attachment; filename="{key}.{suffix}"'
        return response

    @app.get("/e/<key>/choices")
    def choices(key: str) -> Response:
        try:
            return jsonify(load_choices(folder_of(key)).model_dump())
        except StorygenError as exc:  # a damaged sidecar: say so (a reset rewrites it)
            return Response(str(exc), status=422, mimetype="text/plain")

    return app


def _apply_change(choices: Choices, change: dict[str, Any], view: View) -> None:
    """Fold one change from the page into the choices; a malformed change is a ValueError."""
    if "fact" in change:
        fact_id, include = change["fact"], change.get("include")
        if not isinstance(fact_id, str) or not isinstance(include, bool):
            raise ValueError("expected {fact: id, include: true or false}")
        planner_dropped = bool(view.plan and fact_id in view.plan.left_out) and (
            fact_id not in choices.left_out
        )
        choices.left_out = [f for f in choices.left_out if f != fact_id]
        choices.forced_in = [f for f in choices.forced_in if f != fact_id]
        if not include:
            choices.left_out.append(fact_id)
        elif planner_dropped:
            choices.forced_in.append(fact_id)
    if "variant" in change:
        value = change["variant"]
        if not (isinstance(value, list) and len(value) == 2 and isinstance(value[1], int)):
            raise ValueError("expected {variant: [message id, phrasing number]}")
        choices.variants[str(value[0])] = value[1]
    if "headline" in change:
        if not isinstance(change["headline"], str):
            raise ValueError("expected {headline: text}")
        choices.headline = change["headline"] or None
    if "quote" in change:
        value = change["quote"]
        if not (
            isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)
        ):
            raise ValueError("expected {quote: [quote id, text]}")
        choices.quotes[value[0]] = value[1]
    if change.get("reset"):
        choices.left_out, choices.forced_in, choices.variants = [], [], {}
        choices.headline, choices.quotes = None, {}
