"""The checker's spaCy pipeline: `spacy.blank("en")`, rule-based only, nothing downloaded.

Tokenizer special cases keep "Cllr." and initials ("J.") whole; the sentencizer splits
sentences; a small component keeps quoted speech ("“… . …”") inside one sentence.
"""

from __future__ import annotations

import string
from functools import cache

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc


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
