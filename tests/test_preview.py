"""The preview app on election folders, in process: every route, edits kept in a sidecar,
facts as a desk reads them, and a preview locked down against other web pages."""

from __future__ import annotations

import json
import multiprocessing
import re
import shutil
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from storygen.edits import SIDECAR
from storygen.ingest import load_election
from storygen.pipeline import facts_of
from storygen.preview.app import allowed_hosts, create_app

from .conftest import BIRMINGHAM, FIXTURES
from .preview_support import ORIGIN, trusted

KEY = "birmingham-2016"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / KEY
    shutil.copytree(BIRMINGHAM, copy)
    return copy


@pytest.fixture
def client(folder: Path) -> FlaskClient:
    return trusted(create_app([folder]))


def text_of(html: str) -> str:
    """A page's words as a reader sees them (no markup, no attributes)."""
    words = " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").split())
    return words.replace(" ,", ",")


def test_index_lists_elections_with_status_headline_and_findings(client: FlaskClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'href="/e/{KEY}"' in html
    assert "Labour strengthens hold on Birmingham" in html
    row = re.search(r'<tr class="row".*?</tr>', html, re.S)
    assert row is not None
    words = text_of(row.group(0))
    assert "Birmingham ok Labour, no change" in words and words.endswith(" 0")


def test_election_page_shows_sentences_beside_their_facts(client: FlaskClient) -> None:
    html = client.get(f"/e/{KEY}").get_data(as_text=True)
    assert html.count('class="sentence') == 22
    assert 'data-facts="defeated_incumbent/weoley/eddie-freeman"' in html
    assert 'data-id="defeated_incumbent/weoley/eddie-freeman"' in html
    assert 'id="headline-edit"' in html and 'class="quote"' in html and 'class="variant"' in html
    assert "Check: ok" in html
    assert f'href="/e/{KEY}/export/markdown"' in html


def test_facts_read_as_a_desk_reads_them(client: FlaskClient) -> None:
    words = text_of(client.get(f"/e/{KEY}").get_data(as_text=True))
    # kind, what it says (ward, parties, people, figures), whether it is told, its records
    assert (
        "Councillor beaten Eddie Freeman (Conservatives) was beaten in Weoley by Julie Johnson "
        "(Labour), 182 votes behind. in the draft From birmingham-2016/candidates.csv rows 205, 204"
    ) in words
    assert "Labour kept control with 80 of 120 seats (61 needed), until 2018." in words
    assert "Gain Labour gained Weoley from Conservatives: Julie Johnson elected, majority 182." in (
        words
    )
    # a fact the planner merged into another is told as that one, not shown as unused
    assert (
        "Target missed Labour missed Kingstanding (target no. 1): Conservatives held it by 207 "
        "votes. told as: Conservatives held Kingstanding against Labour by 207 votes"
    ) in words
    # no internal keys as labels: phrasings are their text, quotes their speaker and role
    assert "target_missed:target/c/1:top" not in words and "phrasing 1" not in words
    assert "quote/1" not in words
    assert "Labour's Rob Pocock held Sutton Vesey, the Tories' top target" in words
    assert "Sutton Vesey, the Tories' top target, stayed with Labour as Rob Pocock" in words
    assert "John Clancy, council leader (Labour)" in words
    assert "Robert Alden, Conservative group leader (Conservatives)" in words


def test_facts_summed_up_in_another_are_in_the_draft(tmp_path: Path) -> None:
    kent = tmp_path / "kent-2025"
    shutil.copytree(FIXTURES / "kent-2025", kent)
    html = trusted(create_app([kent])).get("/e/kent-2025").get_data(as_text=True)
    item = (
        r'<li class="fact[^"]*"[^>]*data-id="([^"]+)">\s*<label><input[^>]*'
        r'class="include"[^>]*?( checked)?>.*?class="told told-summed-up"'
    )
    summed = re.findall(item, html, re.S)
    assert len(summed) > 20  # Reform's gains and the councillors beaten, told as totals
    assert all(checked for _, checked in summed)
    assert "summed up in: Reform UK gained at least" in text_of(html)


def test_leaving_out_a_fact_removes_its_sentence_and_is_kept(
    client: FlaskClient, folder: Path
) -> None:
    before = client.get(f"/e/{KEY}/workspace").get_data(as_text=True)
    assert "disappointing 32 per cent" in before
    after = client.post(f"/e/{KEY}/choices", json={"fact": "turnout/council", "include": False})
    assert after.status_code == 200 and "disappointing" not in after.get_data(as_text=True)
    assert "left out by the desk" in after.get_data(as_text=True)
    saved = json.loads((folder / SIDECAR).read_text())
    assert saved["left_out"] == ["turnout/council"]
    assert not list(folder.glob(".*.tmp"))
    # a restart reads the sidecar: the choice is kept
    again = create_app([folder]).test_client().get(f"/e/{KEY}").get_data(as_text=True)
    assert "disappointing" not in again
    back = client.post(f"/e/{KEY}/choices", json={"fact": "turnout/council", "include": True})
    assert "disappointing 32 per cent" in back.get_data(as_text=True)
    assert not (folder / SIDECAR).exists()  # no edits left: no sidecar


def test_forcing_in_a_fact_the_planner_left_out(client: FlaskClient) -> None:
    html = client.post(
        f"/e/{KEY}/choices", json={"fact": "target_missed/lab/2/kingstanding", "include": True}
    ).get_data(as_text=True)
    assert 'data-facts="target_missed/lab/2/kingstanding"' in html


def test_phrasing_headline_and_quote_edits(client: FlaskClient, folder: Path) -> None:
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
    assert "Check: ok" in html  # the desk's wording is what the draft quotes
    words = text_of(html)
    assert "Robert Alden, Conservative group leader (Conservatives) edited by the desk" in words
    assert "supplied: “It’s been pretty much treading water.”" in words
    # the reporter's words back: the edit goes
    client.post(
        f"/e/{KEY}/choices", json={"quote": ["quote/3", "It’s been pretty much treading water."]}
    )
    assert json.loads((folder / SIDECAR).read_text())["quotes"] == {}


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


def test_exports_carry_the_edits(client: FlaskClient) -> None:
    client.post(f"/e/{KEY}/choices", json={"headline": "Labour hold Birmingham"})
    assert (
        client.get(f"/e/{KEY}/export/text")
        .get_data(as_text=True)
        .startswith("Labour hold Birmingham\n")
    )


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


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[1, 2]", b'"text"', b"null", b"{", b"[" * 20000 + b"]" * 20000,
     json.dumps({"variant": 5}).encode(), json.dumps({"variant": ["lead", True]}).encode(),
     json.dumps({"variant": ["no-such-sentence", 1]}).encode(),
     json.dumps({"variant": ["lead", 0]}).encode(), json.dumps({"quote": "abc"}).encode(),
     json.dumps({"quote": ["quote/99", "x"]}).encode(), json.dumps({"headline": 3}).encode(),
     json.dumps({"fact": "turnout/council", "include": "false"}).encode(),
     json.dumps({"fact": "gain/nowhere/Lab", "include": False}).encode(),
     json.dumps({"fact": ["turnout/council"], "include": False}).encode(),
     json.dumps({"surprise": 1}).encode(), json.dumps({}).encode(),
     json.dumps({"reset": "yes"}).encode(),
     json.dumps({"headline": "x\u0000y"}).encode()],
)  # fmt: skip
def test_malformed_input_is_400_and_nothing_is_saved(
    client: FlaskClient, folder: Path, body: bytes
) -> None:
    response = client.post(
        f"/e/{KEY}/choices", data=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert not (folder / SIDECAR).exists()
    assert client.get(f"/e/{KEY}").status_code == 200


def test_an_over_long_edit_is_refused_and_the_pages_still_serve(
    client: FlaskClient, folder: Path
) -> None:
    assert client.post(f"/e/{KEY}/choices", json={"headline": "x" * 1_000_000}).status_code == 413
    assert client.post(f"/e/{KEY}/choices", json={"headline": "x" * 301}).status_code == 400
    quote = {"quote": ["quote/3", "word " * 2000]}
    assert client.post(f"/e/{KEY}/choices", json=quote).status_code == 400
    assert not (folder / SIDECAR).exists()
    restarted = trusted(create_app([folder]))
    for path in ("/", f"/e/{KEY}", f"/e/{KEY}/workspace", f"/e/{KEY}/export/json"):
        assert restarted.get(path).status_code == 200


def test_an_edit_the_draft_cannot_be_written_with_is_refused(
    client: FlaskClient, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storygen.preview import app as preview
    from storygen.realise.render import TemplateFailure

    real = preview.write_with

    def refusing(applied, facts, planned, choices, **kwargs):  # type: ignore[no-untyped-def]
        if choices.headline == "breaks the templates":
            raise TemplateFailure("rendering failed", file="templates/fragments/lead.j2")
        return real(applied, facts, planned, choices, **kwargs)

    monkeypatch.setattr(preview, "write_with", refusing)
    response = client.post(f"/e/{KEY}/choices", json={"headline": "breaks the templates"})
    assert response.status_code == 422 and "not saved" in response.get_data(as_text=True)
    assert not (folder / SIDECAR).exists()
    assert client.get(f"/e/{KEY}").status_code == 200


@pytest.mark.parametrize(
    "damage",
    ["{not json", "[]", '{"left_out": 3}', '{"unknown": 1}',
     json.dumps({"headline": "x" * 1_000_001}), "\udcff"],
)  # fmt: skip
def test_a_damaged_sidecar_is_set_aside_with_a_message(
    client: FlaskClient, folder: Path, damage: str
) -> None:
    (folder / SIDECAR).write_text(damage, encoding="utf-8", errors="surrogateescape")
    page = client.get(f"/e/{KEY}")
    assert page.status_code == 200
    assert "could not be read" in page.get_data(as_text=True)
    assert not (folder / SIDECAR).exists()
    (aside,) = folder.glob(f"{SIDECAR}.damaged-*")
    assert aside.read_bytes() == damage.encode("utf-8", errors="surrogateescape")
    # after a restart every page serves, and says a damaged file was set aside
    restarted = trusted(create_app([folder]))
    assert restarted.get("/").status_code == 200
    again = restarted.get(f"/e/{KEY}").get_data(as_text=True)
    assert f"set aside as {aside.name}" in again and "Labour strengthens hold" in again
    assert restarted.post(f"/e/{KEY}/choices", json={"variant": ["lead", 1]}).status_code == 200


def _ten_edits(folder: str, fact_ids: list[str]) -> None:
    client = trusted(create_app([Path(folder)]))
    for fact_id in fact_ids:
        response = client.post(f"/e/{KEY}/choices", json={"fact": fact_id, "include": False})
        assert response.status_code == 200, response.get_data(as_text=True)


def test_two_preview_processes_on_one_folder_lose_no_edit(folder: Path) -> None:
    ids = [f.id for f in facts_of(load_election(folder)) if f.kind == "ward_result"][:20]
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_ten_edits, args=(str(folder), ids[i::2])) for i in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    assert [w.exitcode for w in workers] == [0, 0]
    assert sorted(json.loads((folder / SIDECAR).read_text())["left_out"]) == sorted(ids)


def test_choices_route_returns_the_saved_choices(client: FlaskClient) -> None:
    assert client.get(f"/e/{KEY}/choices").get_json()["left_out"] == []
    client.post(f"/e/{KEY}/choices", json={"variant": ["lead", 2]})
    assert client.get(f"/e/{KEY}/choices").get_json()["variants"] == {"lead": 2}


# -- locked down: other web pages can neither read nor change anything -------------------


PAGES = ("/", f"/e/{KEY}", f"/e/{KEY}/workspace", f"/e/{KEY}/choices", f"/e/{KEY}/export/text")


def all_pages_serve(client: FlaskClient) -> bool:
    return all(client.get(path).status_code == 200 for path in PAGES)


FOREIGN = ["evil.example", "evil.example:8000", "127.0.0.1.evil.example",
           "localhost.evil.example", "[::2]:8000", "192.168.1.5"]  # fmt: skip


@pytest.mark.parametrize("host", FOREIGN)
def test_a_foreign_host_header_is_refused(client: FlaskClient, folder: Path, host: str) -> None:
    for path in PAGES:
        response = client.get(path, headers={"Host": host})
        assert response.status_code == 421
        assert "Labour" not in response.get_data(as_text=True)
    change = {"fact": "turnout/council", "include": False}
    refused = client.post(
        f"/e/{KEY}/choices", json=change, headers={"Host": host, "Origin": f"http://{host}"}
    )
    assert refused.status_code == 421 and not (folder / SIDECAR).exists()
    assert all_pages_serve(client)


@pytest.mark.parametrize(
    ("bound", "extra", "host", "ok"),
    [("127.0.0.1", (), "127.0.0.1:8000", True), ("127.0.0.1", (), "localhost:8000", True),
     ("127.0.0.1", (), "[::1]:8000", True), ("192.168.1.5", (), "192.168.1.5:8000", True),
     ("192.168.1.5", (), "desk.example", False), ("0.0.0.0", (), "192.168.1.5", False),
     ("0.0.0.0", ("desk.example", "192.168.1.5"), "desk.example:8000", True),
     ("0.0.0.0", ("desk.example",), "DESK.example.", True),
     ("0.0.0.0", ("desk.example",), "evil.example", False), ("::", (), "localhost", True)],
)  # fmt: skip
def test_hosts_of_the_bound_address_and_allowed_names(
    folder: Path, bound: str, extra: tuple[str, ...], host: str, ok: bool
) -> None:
    client = create_app([folder], host=bound, allowed=extra).test_client()
    assert client.get("/", headers={"Host": host}).status_code == (200 if ok else 421)


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "http://evil.example"}, {"Origin": "null"}, {"Origin": "https://localhost"},
     {"Origin": "http://localhost:9999"}, {"Origin": ""},
     {"Referer": "http://evil.example/page"}, {"Origin": "http://evil.example",
                                               "Referer": "http://localhost/e/x"}],
)  # fmt: skip
def test_a_change_from_another_origin_is_refused(folder: Path, headers: dict[str, str]) -> None:
    app = create_app([folder])
    client = app.test_client()
    token = {"X-Storygen-Token": app.config["STORYGEN_TOKEN"]}
    change = {"fact": "turnout/council", "include": False}
    response = client.post(f"/e/{KEY}/choices", json=change, headers={**token, **headers})
    assert response.status_code == 403
    assert not (folder / SIDECAR).exists()
    assert all_pages_serve(client)


def test_a_change_needs_the_pages_token(folder: Path) -> None:
    app = create_app([folder])
    client = app.test_client()
    change = {"fact": "turnout/council", "include": False}
    for headers in ({"Origin": ORIGIN}, {"Origin": ORIGIN, "X-Storygen-Token": "guess"}):
        assert client.post(f"/e/{KEY}/choices", json=change, headers=headers).status_code == 403
    assert not (folder / SIDECAR).exists()
    # the page carries the token; with it (and a same-origin Referer) the change is made
    page = client.get(f"/e/{KEY}").get_data(as_text=True)
    token = re.search(r'<meta name="storygen-token" content="([^"]+)"', page)
    assert token is not None and token.group(1) == app.config["STORYGEN_TOKEN"]
    headers = {"Referer": f"{ORIGIN}/e/{KEY}", "X-Storygen-Token": token.group(1)}
    assert client.post(f"/e/{KEY}/choices", json=change, headers=headers).status_code == 200
    # another start of the preview mints another token
    assert create_app([folder]).config["STORYGEN_TOKEN"] != token.group(1)


def test_a_two_megabyte_body_is_413(client: FlaskClient, folder: Path) -> None:
    big = b"{" + b" " * (2 * 1024 * 1024) + b"}"
    for method in (client.post, client.put, client.get):
        response = method(
            f"/e/{KEY}/choices", data=big, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 413
    assert not (folder / SIDECAR).exists()
    assert all_pages_serve(client)


def test_allowed_hosts_never_include_a_wildcard() -> None:
    assert allowed_hosts("0.0.0.0") == {"127.0.0.1", "localhost", "::1"}
    assert allowed_hosts("::1") == {"127.0.0.1", "localhost", "::1"}


def test_serve_binds_to_localhost_by_default() -> None:
    from storygen.cli import serve

    options = {o.name: o.default for o in serve.params}
    assert options["host"] == "127.0.0.1" and options["port"] == 8000
    assert "allowed_hosts" in options
