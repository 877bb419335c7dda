"""Turning election facts into house-style prose."""
