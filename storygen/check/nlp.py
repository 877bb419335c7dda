"""The checker's spaCy pipeline: `spacy.blank("en")`, rule-based only, nothing downloaded.

Tokenizer special cases keep "Cllr." and initials ("J.") whole; the sentencizer splits
sentences; a small component keeps quoted speech ("“… . …”") inside one sentence.
"""

from __future__ import annotations

import gc
import string
import sys
import types
from functools import cache
from typing import Any


def _info(*args: Any, **kwargs: Any) -> Any:
    """`spacy.info`, from spaCy's real command line, imported when first called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def _import_spacy() -> None:
    """Import spaCy without its command line, which the checker never uses.

    spaCy's `__init__` imports `spacy.cli` (typer, weasel, httpx, rich, requests…) only to
    re-export `spacy.info`: two fifths of the cost of importing it. While spaCy is first
    imported, stand-ins for `spacy.cli` and `spacy.cli.info` sit in `sys.modules`; they are
    taken out straight after, so a later `import spacy.cli` (by anyone) loads the real one, and
    `spacy.info` loads it when called. A process that imported spaCy before is left as it is.
    The collector is paused meanwhile: an import makes objects, not garbage.
    """
    if "spacy" in sys.modules:
        return
    cli = types.ModuleType("spacy.cli", "stand-in while spaCy is imported (storygen.check.nlp)")
    cli.__path__ = []  # a package, so that spacy.cli.info can be its submodule
    info = types.ModuleType("spacy.cli.info", cli.__doc__)
    info.info = _info  # type: ignore[attr-defined]
    stubs = {"spacy.cli": cli, "spacy.cli.info": info}
    sys.modules.update(stubs)
    collecting = gc.isenabled()
    gc.disable()
    try:
        import spacy  # noqa: F401  (into sys.modules)
    finally:
        if collecting:
            gc.enable()
        for name, stub in stubs.items():
            if sys.modules.get(name) is stub:
                del sys.modules[name]
        package = sys.modules.get("spacy")
        if package is not None and getattr(package, "cli", None) is cli:
            delattr(package, "cli")


_import_spacy()

import spacy  # noqa: E402
from spacy.attrs import ORTH  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.tokenizer import Tokenizer  # noqa: E402
from spacy.tokens import Doc  # noqa: E402


@Language.component("storygen_quoted_speech")
def keep_quotes_whole(doc: Doc) -> Doc:
    """No sentence starts inside “double quotes”: a quote of several sentences stays whole."""
    inside = False
    for token in doc:
        if token.text == "“":
            inside = True
            continue
        if inside and token.i > 0:
            token.is_sent_start = False
        if token.text == "”":
            inside = False
            if token.i > 0:
                token.is_sent_start = False
    return doc


@cache
def checker_nlp() -> Language:
    """The shared pipeline (tokenizer, sentencizer, quoted speech), built once per process."""
    nlp = spacy.blank("en")
    tokenizer: Tokenizer = nlp.tokenizer
    for abbreviation in ("Cllr.", "Cllrs.", "Mr.", "Mrs.", "Ms.", "Dr.", "St."):
        tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    for letter in string.ascii_uppercase:
        tokenizer.add_special_case(f"{letter}.", [{ORTH: f"{letter}."}])
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("storygen_quoted_speech")
    return nlp
