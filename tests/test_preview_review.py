"""The review page of a whole polling day: `storygen serve OUT` on a batch folder (the LEH 2024
national file, 107 real councils), in process with Flask's test client."""

from __future__ import annotations

import csv
import itertools
import json
import re
import shutil
from collections import Counter
from functools import cache
from pathlib import Path

import openpyxl
import pytest
from flask.testing import FlaskClient

from storygen import batch, review
from storygen.cli import main
from storygen.preview.app import create_app

from .conftest import MINI_ROWS, SHARED, write_rows
from .preview_support import trusted

ADUR = "adur-2024-05-02"
BRADFORD = "bradford-2024-05-02"


@pytest.fixture
def out(leh_2024_batch: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "batch"
    shutil.copytree(leh_2024_batch, copy)
    return copy


@pytest.fixture
def client(out: Path) -> FlaskClient:
    return trusted(create_app([out]))


def listed(html: str) -> list[str]:
    return re.findall(r'<tr class="row"[^>]*data-key="([^"]+)"', html)


def index_entry(out: Path, key: str) -> dict[str, object]:
    document = json.loads((out / "index.json").read_text(encoding="utf-8"))
    (entry,) = [c for c in document["councils"] if c["key"] == key]
    return dict(entry)


def rerun(out: Path, *, use_edits: bool = True) -> None:
    """`storygen batch` again into the same folder, as a desk re-runs it."""
    args = [
        "batch", str(SHARED / "leh" / "leh-2024.xlsx"), "--out", str(out), "--jobs", "2",
        "--compositions", str(SHARED / "ocd" / "council-composition-2016-2025.csv"),
        "--councillors", str(SHARED / "ocd" / "councillors-2023.csv"),
    ]  # fmt: skip
    assert main([*args, *([] if use_edits else ["--no-edits"])]) == 0


def story(path: Path) -> str:
    """A text draft without its NEEDS REVIEW banner."""
    return re.sub(r"\ANEEDS REVIEW:[^\n]*\n\n", "", path.read_text(encoding="utf-8"))


def test_lists_all_107_councils_needs_review_first(client: FlaskClient, out: Path) -> None:
    html = client.get("/").get_data(as_text=True)
    keys = listed(html)
    assert len(keys) == 107 and len(set(keys)) == 107
    assert "107 of 107 councils" in html
    statuses = [str(index_entry(out, k)["status"]) for k in keys]
    ranked = [0 if s in ("failed", "needs review") else 1 for s in statuses]
    assert ranked == sorted(ranked)
    row = re.search(rf'<tr class="row"[^>]*data-key="{ADUR}".*?</tr>', html, re.S)
    assert row is not None
    words = " ".join(re.sub(r"<[^>]+>", " ", row.group(0)).split())
    # council, check, review state, control change, headline and lead, findings, time written
    # Adur's check status is its own (the 2024 snapshot has a Conservative seat too many)
    status = index_entry(out, ADUR)["status"]
    assert words.startswith(f"Adur {status} needs review Labour gain from Conservatives")
    headline, *paragraphs = story(out / f"{ADUR}.txt").split("\n\n")
    # the lead: the first paragraph after the standfirst (what was fought and when)
    lead = next(p for p in paragraphs if not p.startswith(("Elections on", "Voters went")))
    findings = index_entry(out, ADUR)["findings"]
    assert f"{headline} {lead} {findings} " in words and headline == "Labour takes control of Adur"
    assert re.search(r'<time datetime="2\d{3}-\d\d-\d\dT', row.group(0))


# -- change of control: derived here from the raw files, not through storygen -------------

PARTY_GROUPS = {"CON": "con", "LAB": "lab", "LD": "ld", "GREEN": "green", "REF": "ref",
                "UKIP": "ukip", "PC": "pc", "SNP": "snp"}  # fmt: skip
COLUMNS = ("con", "lab", "ld", "green", "ukip", "ref", "pc", "snp", "other")


def _name(text: str) -> str:
    text = text.casefold().replace("&", " and ")
    text = re.sub(r"[^a-z0-9 ]", " ", text)
    return " ".join(re.sub(r"\b(the|city of|county of|council)\b", " ", text).split())


def _column_of_councillor(party: str) -> str | None:
    p = " ".join(party.casefold().split())
    if p == "vacant":
        return None
    for start, column in (("conservative", "con"), ("labour", "lab"), ("liberal democrat", "ld"),
                          ("green", "green"), ("reform uk", "ref"), ("uk independence", "ukip"),
                          ("plaid", "pc"), ("scottish national", "snp")):  # fmt: skip
        if p.startswith(start):
            return column
    return "other"


def _control(seats: dict[str, int], total: int) -> str | None:
    """Who has more than half of all seats: a party, 'noc', or None where others (who may be
    one local group) hold more than half."""
    over = [p for p, n in seats.items() if 2 * n > total]
    if over == ["other"]:
        return None
    return over[0] if over else "noc"


@cache
def control_changes_from_the_rows() -> dict[str, bool | None]:
    """Per council of LEH 2024: did control change (None: the raw files cannot say)?

    Control before: the 2023 snapshot of the compositions file, judged against its own council
    size. After: where every seat was up (seats filled reach the council's size), the winners
    in the rows; otherwise the 2023 snapshot minus the seats defended (the 2023 councillors
    whose next election was polling day) plus the winners in the rows. Where the councillors
    file misses up to three defenders, every way those seats could have been held is tried,
    and only an answer all of them give counts.
    """
    winners: dict[str, Counter[str]] = {}
    seats_up: Counter[str] = Counter()
    wards: set[tuple[str, str]] = set()
    sheet = openpyxl.load_workbook(SHARED / "leh" / "leh-2024.xlsx", read_only=True, data_only=True)
    for i, row in enumerate(sheet["Candidates results"].iter_rows(values_only=True)):
        if i < 2 or not row[3]:
            continue
        council = str(row[3])
        winners.setdefault(council, Counter())
        if (council, str(row[4])) not in wards:
            wards.add((council, str(row[4])))
            seats_up[council] += int(row[8])
        if row[17] == 1:
            winners[council][PARTY_GROUPS.get(str(row[20]), "other")] += 1
    snapshots: dict[tuple[str, int], tuple[dict[str, int], int]] = {}
    with (SHARED / "ocd" / "council-composition-2016-2025.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            seats = {c: int(r[c] or 0) for c in COLUMNS}
            snapshots[(_name(r["authority"]), int(r["year"]))] = (seats, int(r["total"]))
    defended: dict[str, Counter[str | None]] = {}
    with (SHARED / "ocd" / "councillors-2023.csv").open(encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            if r["Next Election"] == "2024-05-02":
                column = _column_of_councillor(r["Party Name"])
                defended.setdefault(_name(r["Council"]), Counter())[column] += 1
    changes: dict[str, bool | None] = {}
    for council, won in winners.items():
        name = _name(council)
        if (name, 2023) not in snapshots or sum(won.values()) != seats_up[council]:
            changes[council] = None
            continue
        seats, total = snapshots[(name, 2023)]
        before = _control(seats, total)
        size = snapshots.get((name, 2024), (seats, total))[1]
        afters: set[str | None] = set()
        if seats_up[council] >= size:
            afters.add(_control({c: won[c] for c in COLUMNS}, seats_up[council]))
        else:
            held = defended.get(name, Counter())
            missing = seats_up[council] - sum(held.values())
            for extra in itertools.combinations_with_replacement(COLUMNS, max(missing, 0)):
                after = {c: seats[c] - held[c] - extra.count(c) + won[c] for c in COLUMNS}
                if missing <= 3 and min(after.values()) >= 0:  # defenders held seats before
                    afters.add(_control(after, total))
        after_control = afters.pop() if len(afters) == 1 else None
        changes[council] = (
            None if before is None or after_control is None else before != after_control
        )
    return changes


def test_the_independent_derivation_decides_most_councils() -> None:
    changes = control_changes_from_the_rows()
    assert len(changes) == 107
    assert sum(v is not None for v in changes.values()) >= 100
    assert sum(v is True for v in changes.values()) >= 15


def test_change_of_control_filter_is_the_councils_whose_control_changed_by_the_rows(
    client: FlaskClient, out: Path
) -> None:
    html = client.get("/?change=changed").get_data(as_text=True)
    shown = {str(index_entry(out, k)["council"]) for k in listed(html)}
    changes = control_changes_from_the_rows()
    known = {c for c, v in changes.items() if v is not None}
    assert shown & known == {c for c, v in changes.items() if v is True}


def test_change_of_control_filter_follows_the_drafts_control_facts(
    client: FlaskClient, out: Path
) -> None:
    shown = set(listed(client.get("/?change=changed").get_data(as_text=True)))
    same = set(listed(client.get("/?change=same").get_data(as_text=True)))
    unknown = set(listed(client.get("/?change=unknown").get_data(as_text=True)))
    assert len(shown) + len(same) + len(unknown) == 107 and not (shown & same)
    for key in [*shown, *same]:
        document = json.loads(review.store_path(out, key).read_text(encoding="utf-8"))
        control = document["summary"]["control"]
        said = ("gained", "lost") if key in shown else ("retained", "continues")
        assert control["status"] in said
    assert ADUR in shown and BRADFORD in same


def test_filters_by_status_party_review_and_search(client: FlaskClient, out: Path) -> None:
    everyone = listed(client.get("/").get_data(as_text=True))
    review_keys = [k for k in everyone if index_entry(out, k)["status"] == "needs review"]
    assert listed(client.get("/?status=needs+review").get_data(as_text=True)) == review_keys
    labour = listed(client.get("/?control=party/Lab").get_data(as_text=True))
    assert BRADFORD in labour and ADUR in labour and len(labour) < 107
    for key in labour:
        document = json.loads(review.store_path(out, key).read_text(encoding="utf-8"))
        assert document["summary"]["control"]["after"] == "Labour"
    noc = listed(client.get("/?control=noc").get_data(as_text=True))
    assert noc and not set(noc) & set(labour)
    # search by council, or by a ward name, which the row then shows
    assert listed(client.get("/?q=adur").get_data(as_text=True)) == [ADUR]
    html = client.get("/?q=Widewater").get_data(as_text=True)
    assert listed(html) == [ADUR] and "ward: Widewater" in html
    assert listed(client.get("/?q=no+such+place").get_data(as_text=True)) == []
    assert len(listed(client.get("/?review=needs+review").get_data(as_text=True))) == 107
    assert listed(client.get("/?review=approved").get_data(as_text=True)) == []


def test_a_council_page_is_its_draft_beside_its_facts(client: FlaskClient) -> None:
    html = client.get(f"/e/{ADUR}").get_data(as_text=True)
    assert "Labour takes control of Adur</span></h1>" in html
    words = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Labour took control from Conservatives with 17 of 29 seats (15 needed)." in words
    assert "Labour gained Buckingham from Conservatives: N. Jenner elected, majority 257." in words
    assert "summed up in: Labour gained 8 seats, 8 of them from Conservatives." in words
    assert "From leh-2024.xlsx rows 7, 8, 9, 10" in words
    assert "in the results box" in words and "Review: needs review" in words


def test_keyboard_order_follows_the_filtered_list(client: FlaskClient) -> None:
    keys = listed(client.get("/?change=changed").get_data(as_text=True))
    html = client.get(f"/e/{keys[1]}?change=changed").get_data(as_text=True)
    assert f'id="prev" rel="prev" href="/e/{keys[0]}?change=changed"' in html
    assert f'id="next" rel="next" href="/e/{keys[2]}?change=changed"' in html
    assert 'id="back" href="/?change=changed"' in html
    first = client.get(f"/e/{keys[0]}?change=changed").get_data(as_text=True)
    assert 'id="prev"' not in first


def test_approving_is_kept_after_a_restart_and_exported_in_the_index(
    client: FlaskClient, out: Path
) -> None:
    token = client.environ_base["HTTP_X_STORYGEN_TOKEN"]
    response = client.post(f"/e/{ADUR}/review", data={"state": "approved", "token": token})
    assert response.status_code == 303
    exported = index_entry(out, ADUR)["review"]
    assert isinstance(exported, dict) and exported["state"] == "approved"
    assert exported["draft"] == review.draft_digest(out, [f"{ADUR}.txt"])
    assert index_entry(out, BRADFORD)["review"] == {"state": "needs review"}
    # a restart: the list and the page say approved, the index still does
    restarted = trusted(create_app([out]))
    assert listed(restarted.get("/?review=approved").get_data(as_text=True)) == [ADUR]
    assert "Review: approved" in restarted.get(f"/e/{ADUR}").get_data(as_text=True)
    # hold, then back to needs review
    token = restarted.environ_base["HTTP_X_STORYGEN_TOKEN"]
    restarted.post(f"/e/{ADUR}/review", data={"state": "held", "token": token})
    assert index_entry(out, ADUR)["review"]["state"] == "held"  # type: ignore[index]
    restarted.post(f"/e/{ADUR}/review", data={"state": "needs review", "token": token})
    assert index_entry(out, ADUR)["review"] == {"state": "needs review"}


def test_a_draft_changed_after_approval_needs_review_again(client: FlaskClient, out: Path) -> None:
    token = client.environ_base["HTTP_X_STORYGEN_TOKEN"]
    client.post(f"/e/{ADUR}/review", data={"state": "approved", "token": token})
    client.post(f"/e/{ADUR}/choices", json={"headline": "Labour sweep to power in Adur"})
    exported = index_entry(out, ADUR)["review"]
    assert isinstance(exported, dict) and exported["state"] == "needs review"
    assert "changed since" in str(exported["note"])
    assert "changed since" in client.get("/").get_data(as_text=True)


def test_a_review_state_needs_a_token_and_a_known_state(client: FlaskClient, out: Path) -> None:
    stranger = create_app([out]).test_client()  # the right origin, but no page's token
    refused = stranger.post(
        f"/e/{ADUR}/review", data={"state": "approved"}, headers={"Origin": "http://localhost"}
    )
    assert refused.status_code == 403
    token = client.environ_base["HTTP_X_STORYGEN_TOKEN"]
    for state in ("published", ""):
        response = client.post(f"/e/{ADUR}/review", data={"state": state, "token": token})
        assert response.status_code == 400
    assert index_entry(out, ADUR)["review"] == {"state": "needs review"}
    # a next page elsewhere is not followed
    response = client.post(
        f"/e/{ADUR}/review", data={"state": "held", "token": token, "next": "//evil.example/"}
    )
    assert response.headers["Location"] == f"/e/{ADUR}"


def test_edits_of_a_national_council_live_in_the_batch_folder_and_a_rerun_keeps_them(
    client: FlaskClient, out: Path
) -> None:
    token = client.environ_base["HTTP_X_STORYGEN_TOKEN"]
    client.post(f"/e/{BRADFORD}/review", data={"state": "approved", "token": token})
    approved = index_entry(out, BRADFORD)["review"]
    draft = out / f"{ADUR}.txt"
    assert "Nowhere was closer than Churchill" in draft.read_text(encoding="utf-8")
    change = {"fact": "closest_result/churchill", "include": False}
    response = client.post(f"/e/{ADUR}/choices", json=change)
    assert response.status_code == 200
    edits = out / f"{ADUR}.edits.json"
    assert json.loads(edits.read_text(encoding="utf-8"))["left_out"] == ["closest_result/churchill"]
    # the folder's draft and index are what the desk sees
    assert "Nowhere was closer" not in draft.read_text(encoding="utf-8")
    assert (
        "edited by the desk: left out: closest_result/churchill" in index_entry(out, ADUR)["notes"]
    )  # type: ignore[operator]
    client.post(f"/e/{ADUR}/choices", json={"headline": "Labour sweep to power in Adur"})
    assert index_entry(out, ADUR)["headline"] == "Labour sweep to power in Adur"
    assert "Labour sweep to power in Adur" in client.get("/").get_data(as_text=True)
    # a re-run keeps and applies them; --no-edits ignores them (and leaves them be)
    rerun(out)
    text = story(draft)
    assert text.startswith("Labour sweep to power in Adur\n") and "Nowhere was closer" not in text
    # and keeps the approval of a draft it did not change
    assert index_entry(out, BRADFORD)["review"] == approved
    rerun(out, use_edits=False)
    text = story(draft)
    assert text.startswith("Labour takes control of Adur\n") and "Nowhere was closer" in text
    assert edits.exists()


def test_damaged_batch_files_are_said_never_a_500(client: FlaskClient, out: Path) -> None:
    (out / review.STATES).write_text("{broken", encoding="utf-8")
    html = client.get("/").get_data(as_text=True)
    assert "set aside" in html and len(listed(html)) == 107
    (out / f"{ADUR}.edits.json").write_text('{"headline": 12}', encoding="utf-8")
    page = client.get(f"/e/{ADUR}")
    assert page.status_code == 200 and "could not be read" in page.get_data(as_text=True)
    review.store_path(out, BRADFORD).write_text("not json", encoding="utf-8")
    page = client.get(f"/e/{BRADFORD}")
    assert page.status_code == 200 and "re-run storygen batch" in page.get_data(as_text=True)
    (out / "index.json").write_text("{", encoding="utf-8")
    listing = client.get("/")
    assert listing.status_code == 200 and "batch index cannot be read" in listing.get_data(
        as_text=True
    )


def test_a_damaged_edits_file_fails_its_council_in_the_batch(tmp_path: Path) -> None:
    source, out = tmp_path / "leap-2024-05-02.csv", tmp_path / "out"
    write_rows(source, MINI_ROWS)
    out.mkdir()
    (out / "testshire-2024-05-02.edits.json").write_text("{broken", encoding="utf-8")
    jobs, failures, _ = batch.collect([source], out=out)
    (failure,) = failures
    assert failure.key == "testshire-2024-05-02" and not jobs
    assert "unreadable editor's choices" in failure.errors[0]
    assert batch.collect([source], out=out, use_edits=False)[0]  # --no-edits drafts it


def test_the_page_shows_the_draft_the_batch_wrote(client: FlaskClient, out: Path) -> None:
    """Same input, same output: the review page re-drafts each council from what the batch left,
    byte for byte the draft in the folder (in every sampled council)."""
    keys = sorted(listed(client.get("/").get_data(as_text=True)))[::10]
    assert len(keys) >= 10
    for key in keys:
        exported = client.get(f"/e/{key}/export/text").get_data(as_text=True)
        assert exported == (out / f"{key}.txt").read_text(encoding="utf-8"), key
