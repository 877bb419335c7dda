"""Publish: writers for plain text, Markdown and JSON (facts and sentence provenance)."""

from storygen.publish.writers import FORMATS, write

__all__ = ["FORMATS", "write"]
