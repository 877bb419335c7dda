"""Helpers for the preview tests: a client that acts as the preview's own page."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

ORIGIN = "http://localhost"  # the test client's default host


def trusted(app: Flask) -> FlaskClient:
    """A test client sending what the preview's page sends: its origin and the page's token."""
    client = app.test_client()
    client.environ_base.update(
        {"HTTP_ORIGIN": ORIGIN, "HTTP_X_STORYGEN_TOKEN": app.config["STORYGEN_TOKEN"]}
    )
    return client
