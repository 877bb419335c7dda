"""The preview in a real browser: Playwright driving Debian's chromium (installed by `make`).

In CI (CI=true) a missing chromium fails the test; elsewhere it is skipped with the reason.
"""

from __future__ import annotations

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

from playwright.sync_api import Page, sync_playwright  # noqa: E402


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    folder = tmp_path / "birmingham-2016"
    shutil.copytree(BIRMINGHAM, folder)
    httpd = make_server("127.0.0.1", 0, create_app([folder]), threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/e/birmingham-2016"
    httpd.shutdown()


@pytest.fixture
def page() -> Iterator[Page]:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )  # fmt: skip
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        yield page
        browser.close()


def test_preview_in_chromium(server: str, page: Page) -> None:
    page.goto(server)
    weoley = page.locator(".sentence", has_text="who was beaten in Weoley")
    fact = page.locator('.fact[data-id="defeated_incumbent/weoley/eddie-freeman"]')
    assert "highlight" not in (fact.get_attribute("class") or "")
    weoley.hover()
    assert "highlight" in (fact.get_attribute("class") or "")
    # and the reverse: a fact lights up its sentence
    page.locator('.fact[data-id="turnout/council"]').hover()
    turnout = page.locator(".sentence", has_text="disappointing 32 per cent")
    assert "highlight" in (turnout.get_attribute("class") or "")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "preview-birmingham.png"), full_page=True)

    # leave out the turnout fact: its sentence goes
    page.locator('input.include[data-id="turnout/council"]').uncheck()
    page.wait_for_function("!document.body.innerText.includes('disappointing 32 per cent')")
    assert page.locator(".sentence", has_text="per cent of those eligible").count() == 0

    # edit a quote: the draft carries it
    quote = page.locator('textarea.quote[data-id="quote/3"]')
    quote.fill("We held our ground on a hard night.")
    quote.dispatch_event("change")
    page.wait_for_function(
        "document.body.innerText.includes('We held our ground on a hard night.')"
    )
    assert page.locator(".sentence", has_text="“We held our ground on a hard night.”").count() == 1

    # reload: both edits are kept
    page.reload()
    body = page.inner_text("body")
    assert "disappointing 32 per cent" not in body
    assert "We held our ground on a hard night." in body
