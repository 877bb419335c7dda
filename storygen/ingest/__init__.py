"""Ingest: read results and desk context into validated election models."""

from storygen.ingest.native import load_election

__all__ = ["load_election"]
