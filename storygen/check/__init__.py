"""Check: a spaCy pass over the finished copy; every claim must trace to a fact of its sentence."""

# first: the checker's pipeline module imports spaCy without spaCy's command line
import storygen.check.nlp  # noqa: F401  # isort: split
from storygen.check.checker import Vocabulary, check_draft, check_text
from storygen.findings import CheckReport, Finding

__all__ = ["CheckReport", "Finding", "Vocabulary", "check_draft", "check_text"]
