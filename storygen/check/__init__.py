"""Check: a spaCy pass over the finished copy; every claim must trace to a fact of its sentence."""

from storygen.check.checker import CheckReport, Finding, Vocabulary, check_draft, check_text

__all__ = ["CheckReport", "Finding", "Vocabulary", "check_draft", "check_text"]
