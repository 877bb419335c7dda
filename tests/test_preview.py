"""The preview app, in process: every route, choices kept in a sidecar, safety."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from storygen.preview.app import create_app
from storygen.preview.choices import SIDECAR

from .conftest import BIRMINGHAM

KEY = "birmingham-2016"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / KEY
    shutil.copytree(BIRMINGHAM, copy)
    return copy


@pytest.fixture
def client(folder: Path) -> FlaskClient:
    return create_app([folder]).test_client()


def test_index_lists_elections_with_status_headline_and_findings(client: FlaskClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'href="/e/{KEY}"' in html
    assert "Labour strengthens hold on Birmingham" in html
    assert '<td class="status-ok">ok</td>' in html and "<td>0</td>" in html


def test_election_page_shows_sentences_beside_their_facts(client: FlaskClient) -> None:
    html = client.get(f"/e/{KEY}").get_data(as_text=True)
    assert html.count('class="sentence') == 22
    assert 'data-facts="defeated_incumbent/weoley/eddie-freeman"' in html
    assert 'data-id="defeated_incumbent/weoley/eddie-freeman"' in html
    assert 'id="headline-edit"' in html and 'class="quote"' in html and 'class="variant"' in html
    assert "Check: ok" in html
    assert f'href="/e/{KEY}/export/markdown"' in html


def test_leaving_out_a_fact_removes_its_sentence_and_is_kept(
    client: FlaskClient, folder: Path
) -> None:
    before = client.get(f"/e/{KEY}/workspace").get_data(as_text=True)
    assert "disappointing 32 per cent" in before
    after = client.post(f"/e/{KEY}/choices", json={"fact": "turnout/council", "include": False})
    assert after.status_code == 200 and "disappointing" not in after.get_data(as_text=True)
    saved = json.loads((folder / SIDECAR).read_text())
    assert saved["left_out"] == ["turnout/council"]
    assert not list(folder.glob(".*.tmp"))
    # a restart reads the sidecar: the choice is kept
    again = create_app([folder]).test_client().get(f"/e/{KEY}").get_data(as_text=True)
    assert "disappointing" not in again
    back = client.post(f"/e/{KEY}/choices", json={"fact": "turnout/council", "include": True})
    assert "disappointing 32 per cent" in back.get_data(as_text=True)


def test_forcing_in_a_fact_the_planner_left_out(client: FlaskClient) -> None:
    html = client.post(
        f"/e/{KEY}/choices", json={"fact": "target_missed/lab/2/kingstanding", "include": True}
    ).get_data(as_text=True)
    assert 'data-facts="target_missed/lab/2/kingstanding"' in html


def test_phrasing_headline_and_quote_edits(client: FlaskClient) -> None:
    html = client.post(f"/e/{KEY}/choices", json={"variant": ["lead", 1]}).get_data(as_text=True)
    assert "Labour ended the night two seats up in Birmingham" in html
    html = client.post(f"/e/{KEY}/choices", json={"headline": "Labour hold Birmingham"}).get_data(
        as_text=True
    )
    assert "Labour hold Birmingham</span></h1>" in html
    html = client.post(
        f"/e/{KEY}/choices", json={"quote": ["quote/3", "We held our ground."]}
    ).get_data(as_text=True)
    assert "Alden said: “We held our ground.”" in html
    assert "Check: ok" in html  # the edited quote is now the one supplied


def test_a_choice_that_no_longer_applies_is_shown(client: FlaskClient, folder: Path) -> None:
    (folder / SIDECAR).write_text(json.dumps({"left_out": ["gain/nowhere/Lab"]}))
    html = client.get(f"/e/{KEY}").get_data(as_text=True)
    assert "Choices that no longer apply" in html and "left out gain/nowhere/Lab" in html


@pytest.mark.parametrize(
    ("fmt", "mime", "start"),
    [("text", "text/plain", "Labour"), ("markdown", "text/markdown", "# Labour"),
     ("html", "text/html", "<!DOCTYPE html>"), ("json", "application/json", "{")],
)  # fmt: skip
def test_exports(client: FlaskClient, fmt: str, mime: str, start: str) -> None:
    response = client.get(f"/e/{KEY}/export/{fmt}")
    assert response.status_code == 200 and response.mimetype == mime
    assert response.get_data(as_text=True).startswith(start)
    assert "attachment" in response.headers["Content-Disposition"]


@pytest.mark.parametrize(
    "path",
    ["/e/../../etc/passwd", "/e/..%2F..%2Fetc%2Fpasswd", "/e/%2Fetc%2Fpasswd", "/e/etc/passwd",
     "/e/birmingham-2016/export/..%2F..%2Fetc%2Fpasswd", "/e/nowhere"],
)  # fmt: skip
def test_only_the_given_inputs_can_be_read(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "root:" not in response.get_data(as_text=True)


def test_markup_in_a_quote_shows_as_text(client: FlaskClient) -> None:
    html = client.post(
        f"/e/{KEY}/choices", json={"quote": ["quote/3", "<script>alert('x')</script>"]}
    ).get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html


def test_bad_requests(client: FlaskClient) -> None:
    assert client.post(f"/e/{KEY}/choices", data="not json").status_code == 400
    assert client.get(f"/e/{KEY}/export/pdf").status_code == 404


def test_choices_route_returns_the_saved_choices(client: FlaskClient) -> None:
    assert client.get(f"/e/{KEY}/choices").get_json()["left_out"] == []
    client.post(f"/e/{KEY}/choices", json={"variant": ["lead", 2]})
    assert client.get(f"/e/{KEY}/choices").get_json()["variants"] == {"lead": 2}


def test_serve_binds_to_localhost_by_default() -> None:
    from storygen.cli import serve

    options = {o.name: o.default for o in serve.params}
    assert options["host"] == "127.0.0.1" and options["port"] == 8000
