"""The checker's spaCy loading: spaCy's command line is left out of the import, and nothing of
the stand-in stays behind."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import ROOT

# Imports the checker in a fresh interpreter, uses the pipeline and matchers, and reports.
PROBE = """
import json, sys
first = sys.argv[1]
if first == "cli":
    import spacy.cli  # someone imported spaCy's command line first
import storygen.check
from spacy.matcher import Matcher, PhraseMatcher
from storygen.check.nlp import checker_nlp
import spacy

nlp = checker_nlp()
doc = nlp("Cllr. J. Smith held Moseley. She said “We won. Again.” Labour gained two.")
matcher = Matcher(nlp.vocab)
matcher.add("GAINED", [[{"LOWER": "gained"}, {"LIKE_NUM": True}]])
phrases = PhraseMatcher(nlp.vocab, attr="ORTH")
phrases.add("WARD", [nlp.make_doc("Moseley")])
report = {
    "cli_loaded": "spacy.cli" in sys.modules,
    "heavy": sorted({m.split(".")[0] for m in sys.modules} & {"typer", "weasel", "httpx", "rich"}),
    "tokens": [t.text for t in doc][:5],
    "sentences": [s.text for s in doc.sents],
    "matched": [doc[s:e].text for _, s, e in matcher(doc)],
    "phrases": [doc[s:e].text for _, s, e in phrases(doc)],
    "blank": [t.text for t in spacy.blank("en")("Two wards.")],
}
import spacy.cli  # a later import gets spaCy's real command line

report["real_cli"] = hasattr(spacy.cli, "download") and hasattr(spacy.cli, "info")
report["info"] = sorted(spacy.info(silent=True))[:3] if first == "cli" else None
print(json.dumps(report))
"""


def _probe(first: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, first], cwd=ROOT, capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_spacy_is_imported_without_its_command_line_and_the_pipeline_works() -> None:
    found = _probe("checker")
    assert found["cli_loaded"] is False and found["heavy"] == []
    assert found["tokens"] == ["Cllr.", "J.", "Smith", "held", "Moseley"]
    assert found["sentences"] == [
        "Cllr. J. Smith held Moseley.",
        "She said “We won. Again.”",
        "Labour gained two.",
    ]
    assert found["matched"] == ["gained two"] and found["phrases"] == ["Moseley"]
    assert found["blank"] == ["Two", "wards", "."]
    assert found["real_cli"] is True


def test_a_process_that_imported_spacys_command_line_first_keeps_it() -> None:
    found = _probe("cli")
    assert found["cli_loaded"] is True and found["real_cli"] is True
    assert found["info"] == ["location", "pipelines", "platform"]
    assert found["sentences"] and found["phrases"] == ["Moseley"]


def test_spacy_info_still_works_after_the_stand_in_is_gone() -> None:
    code = (
        "import storygen.check, spacy, sys; "
        "assert 'spacy.cli' not in sys.modules; "
        "print(sorted(spacy.info(silent=True))[:1]); "
        "assert 'spacy.cli' in sys.modules"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "['location']"
