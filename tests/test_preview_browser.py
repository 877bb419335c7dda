"""The preview in a real browser: Playwright driving Debian's chromium (installed by `make`).

One election folder (Birmingham 2016) and the review page of a batch of real councils (the LEH
2024 national file): list, filter, open, approve, edit, return, by keyboard where a desk would,
with screenshots in test-output/, and no horizontal scrolling at 360 px wide.

In CI (CI=true) a missing chromium fails the test; elsewhere it is skipped with the reason.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from storygen.preview.app import create_app

from .conftest import BIRMINGHAM, ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "test-output"

if CHROMIUM is None:
    if os.environ.get("CI"):
        pytest.fail(
            "chromium is not installed: `make test` installs Debian's chromium", pytrace=False
        )
    pytest.skip(
        "Debian's chromium is not installed (make test installs it)", allow_module_level=True
    )

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402


def serve(folder: Path) -> Iterator[str]:
    httpd = make_server("127.0.0.1", 0, create_app([folder]), threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    folder = tmp_path / "birmingham-2016"
    shutil.copytree(BIRMINGHAM, folder)
    yield from serve(folder)


@pytest.fixture
def batch_folder(leh_2024_batch: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "batch"
    shutil.copytree(leh_2024_batch, copy)
    return copy


@pytest.fixture
def batch_server(batch_folder: Path) -> Iterator[str]:
    yield from serve(batch_folder)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )  # fmt: skip
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    yield context.new_page()
    context.close()


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def scrolls_sideways(page: Page) -> bool:
    return bool(
        page.evaluate(
            "document.documentElement.scrollWidth > document.documentElement.clientWidth"
            " || document.body.scrollWidth > document.documentElement.clientWidth"
        )
    )


def test_preview_in_chromium(server: str, page: Page) -> None:
    page.goto(f"{server}/e/birmingham-2016")
    weoley = page.locator(".sentence", has_text="who was beaten in Weoley")
    fact = page.locator('.fact[data-id="defeated_incumbent/weoley/eddie-freeman"]')
    assert "highlight" not in (fact.get_attribute("class") or "")
    weoley.hover()
    assert "highlight" in (fact.get_attribute("class") or "")
    # and the reverse: a fact lights up its sentence
    page.locator('.fact[data-id="turnout/council"]').hover()
    turnout = page.locator(".sentence", has_text="disappointing 32 per cent")
    assert "highlight" in (turnout.get_attribute("class") or "")
    shot(page, "preview-birmingham.png")

    # leave out the turnout fact: its sentence goes
    page.locator('input.include[data-id="turnout/council"]').uncheck()
    page.wait_for_function("!document.body.innerText.includes('disappointing 32 per cent')")
    assert page.locator(".sentence", has_text="per cent of those eligible").count() == 0

    # another phrasing, chosen by its text
    page.locator("details.phrasing", has_text="Lead:").locator("summary").click()
    page.locator("label", has_text="Labour ended the night two seats up in Birmingham").click()
    expect(page.locator(".draft")).to_contain_text(
        "Labour ended the night two seats up in Birmingham"
    )

    # edit a quote, found by its speaker: the draft carries it, marked as the desk's
    quote = page.locator("li.quote", has_text="Robert Alden").first.locator("textarea")
    quote.fill("We held our ground on a hard night.")
    quote.dispatch_event("change")
    page.wait_for_function(
        "document.body.innerText.includes('We held our ground on a hard night.')"
    )
    assert page.locator(".sentence", has_text="“We held our ground on a hard night.”").count() == 1
    expect(page.locator("li.quote", has_text="Robert Alden").first).to_contain_text(
        "edited by the desk"
    )

    # reload: every edit is kept
    page.reload()
    body = page.inner_text("body")
    assert "disappointing 32 per cent" not in body
    assert "We held our ground on a hard night." in body
    assert "Labour ended the night two seats up in Birmingham" in body


def test_review_page_of_a_polling_day(batch_server: str, batch_folder: Path, page: Page) -> None:
    # the list: every council of the day
    page.goto(f"{batch_server}/")
    rows = page.locator("tr.row")
    expect(rows).to_have_count(107)
    shot(page, "review-list.png")

    # filter: the councils where control changed
    page.select_option("select[name=change]", "changed")
    page.wait_for_url("**/?*change=changed*")
    changed = page.locator("tr.row")
    count = changed.count()
    assert 5 < count < 107
    assert all(
        c == "changed"
        for c in page.locator("tr.row td.control").evaluate_all(
            "cells => cells.map(c => c.dataset.change)"
        )
    )
    shot(page, "review-list-changed.png")

    # keyboard: the first council has focus; j moves down, Enter opens
    keys = changed.evaluate_all("rows => rows.map(r => r.dataset.key)")
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/e/{keys[1]}?change=changed")
    page.keyboard.press("j")
    page.wait_for_url(f"**/e/{keys[2]}?change=changed")
    page.keyboard.press("k")
    page.wait_for_url(f"**/e/{keys[1]}?change=changed")
    key = keys[1]
    expect(page.locator("#review")).to_contain_text("Review: needs review")

    # approve: kept in the batch folder, exported in index.json
    page.locator("button.set-review[data-state=approved]").click()
    expect(page.locator("#review")).to_contain_text("Review: approved")
    entry = index_entry(batch_folder, key)
    assert entry["review"]["state"] == "approved"
    shot(page, "review-council-approved.png")

    # edit: leave out the closest result, edit the headline; the folder's draft follows
    closest = page.locator("input.include[data-id^='closest_result/']").first
    fact_id = closest.get_attribute("data-id")
    sentence = page.locator(f".draft .sentence[data-facts='{fact_id}']")
    expect(sentence).to_have_count(1)
    closest.uncheck()
    expect(sentence).to_have_count(0)
    headline = page.locator("#headline-edit")
    headline.fill("A night of change at the count")
    headline.dispatch_event("change")
    expect(page.locator(".draft h1")).to_have_text("A night of change at the count")
    text = (batch_folder / f"{key}.txt").read_text(encoding="utf-8")
    assert text.startswith("A night of change at the count\n")
    assert index_entry(batch_folder, key)["review"]["state"] == "needs review"  # changed since
    shot(page, "review-council-edited.png")

    # return to the list: the filter is kept, the council has focus and shows the edit
    page.keyboard.press("u")
    page.wait_for_url("**/?change=changed")
    focused = page.locator("tr.row:focus")
    expect(focused).to_have_attribute("data-key", key)
    expect(focused).to_contain_text("A night of change at the count")
    expect(focused).to_contain_text("changed since")


def test_no_horizontal_scrolling_at_360_px(
    batch_server: str, browser: Browser, server: str
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(f"{batch_server}/")
    expect(page.locator("tr.row")).to_have_count(107)
    assert not scrolls_sideways(page)
    shot(page, "review-list-360.png")
    key = page.locator("tr.row").first.get_attribute("data-key")
    page.goto(f"{batch_server}/e/{key}")
    page.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")
    assert not scrolls_sideways(page)
    shot(page, "review-council-360.png")
    page.goto(f"{server}/e/birmingham-2016")
    page.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")
    assert not scrolls_sideways(page)
    shot(page, "preview-birmingham-360.png")
    context.close()


def index_entry(folder: Path, key: str) -> dict:  # type: ignore[type-arg]
    document = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    return next(c for c in document["councils"] if c["key"] == key)  # type: ignore[no-any-return]
