"""Claims, not just tokens: who did what is proved against the facts, in every export format."""

from __future__ import annotations

from pathlib import Path

import pytest

from storygen.check import CheckReport, Finding
from storygen.check.text import read_export
from storygen.cli import main
from storygen.ingest import load_election
from storygen.model import Election
from storygen.pipeline import check, generate
from storygen.publish import write
from storygen.publish.writers import to_text
from storygen.realise.draft import Draft

from .conftest import BIRMINGHAM, FIXTURES


@pytest.fixture(scope="module")
def election() -> Election:
    return load_election(BIRMINGHAM)


@pytest.fixture(scope="module")
def draft(election: Election) -> Draft:
    return generate(election)


@pytest.fixture(scope="module")
def text(draft: Draft) -> str:
    return to_text(draft)


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def claim_errors(report: CheckReport) -> list[Finding]:
    return [f for f in report.errors if f.code.startswith("claim-")]


# -- the four edits that passed before -----------------------------------------------------------


def test_winner_and_loser_swapped(election: Election, draft: Draft, text: str) -> None:
    edited = edit(
        text,
        "Tory councillor Eddie Freeman, who was beaten in Weoley by Labour's Julie Johnson",
        "Labour councillor Julie Johnson, who was beaten in Weoley by the Tories' Eddie Freeman",
    )
    (finding,) = claim_errors(check(election, draft, text=edited))
    assert finding.code == "claim-contradicted"
    assert "Julie Johnson, who was beaten in Weoley" in finding.sentence
    assert finding.expected is not None
    assert finding.expected.startswith(
        "Eddie Freeman (Conservatives) was beaten in Weoley by Julie Johnson (Labour)"
    )


def test_a_hold_said_as_a_gain_for_the_challenger(
    election: Election, draft: Draft, text: str
) -> None:
    edited = edit(
        text,
        "Labour's Rob Pocock held Sutton Vesey, the Tories' top target, by 1,799 votes.",
        "The Tories took Sutton Vesey, their top target, from Labour by 1,799 votes.",
    )
    (finding,) = claim_errors(check(election, draft, text=edited))
    assert finding.code == "claim-contradicted"
    assert finding.sentence.startswith("The Tories took Sutton Vesey")
    assert (finding.expected or "").startswith("Rob Pocock (Labour) held Sutton Vesey")


def test_an_invented_gain_is_an_error(election: Election, draft: Draft, text: str) -> None:
    edited = text + "\nThe Greens won Moseley and Kings Heath from Labour.\n"
    report = check(election, draft, text=edited)
    (finding,) = claim_errors(report)
    assert finding.severity == "error"
    assert finding.sentence == "The Greens won Moseley and Kings Heath from Labour."
    assert (finding.expected or "").startswith("Labour held Moseley and Kings Heath")
    assert report.status == "needs review"


def test_a_headline_giving_the_council_to_the_wrong_party(election: Election, draft: Draft) -> None:
    """The editor's preview edits the draft's own headline: it keeps the headline's facts."""
    headline = draft.headline.model_copy(update={"text": "Lib Dems win Birmingham"})
    edited = draft.model_copy(update={"headline": headline})
    (finding,) = claim_errors(check(election, edited))
    assert finding.location == "headline"
    assert (finding.expected or "").startswith("Labour kept control of Birmingham City Council")


# -- new sentences ----------------------------------------------------------------------------


def test_colour_is_an_unchecked_sentence_warning(
    election: Election, draft: Draft, text: str
) -> None:
    report = check(election, draft, text=text + "\nIt was a long night at the count.\n")
    (finding,) = [f for f in report.findings if f.code == "unchecked-sentence"]
    assert finding.severity == "warning"
    assert finding.sentence == "It was a long night at the count."
    assert report.status == "ok"


def test_a_named_sentence_with_no_claim_a_fact_supports_is_an_error(
    election: Election, draft: Draft, text: str
) -> None:
    report = check(election, draft, text=text + "\nLabour did well in Moseley and Kings Heath.\n")
    (finding,) = [f for f in report.errors if f.code == "claim-missing"]
    assert finding.sentence == "Labour did well in Moseley and Kings Heath."


def test_a_true_new_sentence_passes(election: Election, draft: Draft, text: str) -> None:
    report = check(election, draft, text=text + "\nLabour held Moseley and Kings Heath.\n")
    assert report.errors == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("Labour will stay in control", "the Tories will stay in control", "Labour kept control"),
        ("Across Birmingham, Labour took 50 per cent of the votes cast, the Tories 23 per cent",
         "Across Birmingham, the Tories took 50 per cent of the votes cast, Labour 23 per cent",
         "per cent of the votes"),
        ("the Tories, with 29, and the Lib Dems, with 10",
         "the Lib Dems, with 29, and the Tories, with 10", "seats"),
        ("In Kings Norton, Labour's majority fell", "In Kings Norton, the Tories' majority fell",
         "Labour's majority in Kings Norton"),
        ("The closest result was in Kings Norton.", "The closest result was in Weoley.",
         "the closest result in Kings Norton"),
        ("In the east of the city Labour held Acocks Green and South Yardley against the Lib Dems",
         "In the east of the city the Lib Dems held Acocks Green and South Yardley against Labour",
         "Labour held"),
    ],
)  # fmt: skip
def test_claims_bound_to_their_roles(
    election: Election, draft: Draft, text: str, old: str, new: str, expected: str
) -> None:
    found = claim_errors(check(election, draft, text=edit(text, old, new)))
    assert found, new
    assert any(expected in (f.expected or "") for f in found), [str(f) for f in found]


# -- every export format -------------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["birmingham-2016", "kent-2025"])
@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_every_export_reads_back_clean(folder: str, fmt: str) -> None:
    election = load_election(FIXTURES / folder)
    draft = generate(election, results=True)
    report = check(election, draft)
    assert report.status == "ok"
    back = check(election, draft, text=write(draft, fmt, report))
    assert back.findings == ()


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_an_edit_is_caught_in_every_format(election: Election, fmt: str) -> None:
    draft = generate(election, results=True)
    exported = write(draft, fmt, None)
    old = "by Labour's Julie Johnson"
    new = "by the Tories' Julie Johnson"
    exported = exported.replace(old, new).replace(
        old.replace("'", "&#39;"), new.replace("'", "&#39;")
    )
    report = check(election, draft, text=exported)
    found = claim_errors(report)
    assert found and all("Julie Johnson" in f.sentence for f in found)
    assert "<" not in found[0].sentence and "&" not in found[0].sentence


def test_html_tags_entities_banner_and_results_box_are_read() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>Labour &amp; co</title></head><body><article>"
        '<p role="alert" class="needs-review">Needs review: 1 error(s)</p>'
        '<header><h1><span data-facts="x">Labour&#39;s day</span></h1></header>'
        "<p><span>One.</span> <span>Two &ndash; three.</span></p>"
        '<section class="results"><h2>Results</h2><ul><li><span>Weoley: A (Lab) 1.</span></li>'
        "</ul></section><footer><p>Generated with automation.</p></footer></article></body></html>"
    )
    export = read_export(page)
    assert export.paragraphs == ["Labour's day", "One. Two \u2013 three."]
    assert export.results == ["Weoley: A (Lab) 1."]
    markdown = (
        "> **NEEDS REVIEW: x**\n\n# Labour\\'s \\*day\\*\n\n**Stand \\[first\\]**\n\n"
        "## Results\n\n- W: A (Lab) 1.\n"
    )
    export = read_export(markdown)
    assert export.paragraphs == ["Labour\\'s *day*", "Stand [first]"]
    assert export.results == ["W: A (Lab) 1."]
    plain = (
        "NEEDS REVIEW: the checker found 1 error (storygen check)\n\n"
        "Head\n\nResults\nW: A (Lab) 1.\n"
    )
    export = read_export(plain)
    assert export.paragraphs == ["Head"] and export.results == ["W: A (Lab) 1."]


def test_results_box_lines_are_checked(election: Election) -> None:
    draft = generate(election, results=True)
    exported = write(draft, "text", None)
    exported = edit(exported, "Lab gain from C. Majority 182.", "C gain from Lab. Majority 181.")
    exported = edit(exported, "Julie Johnson (Lab) 2,125", "Julie Johnson (Lab) 2,215")
    found = [f for f in check(election, draft, text=exported).errors if f.code == "results-box"]
    assert {f.expected for f in found} == {"Lab gain from C", "182", "2,125"}
    assert all(f.sentence.startswith("Weoley: ") for f in found)


def test_check_command_reads_an_html_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], draft: Draft
) -> None:
    page = tmp_path / "edited.html"
    page.write_text(
        write(draft, "html", None).replace(
            "Labour&#39;s Rob Pocock held Sutton Vesey",
            "The Tories&#39; Rob Pocock took Sutton Vesey",
        ),
        encoding="utf-8",
    )
    assert main(["check", str(BIRMINGHAM), "--text", str(page)]) == 1
    out = capsys.readouterr().out
    assert "in: “The Tories' Rob Pocock took Sutton Vesey" in out
    assert "expected Rob Pocock (Labour) held Sutton Vesey" in out
