"""The published JSON Schema of the context file is generated from the models and kept current."""

from __future__ import annotations

import json
import tomllib

import jsonschema

from storygen.ingest.native import context_schema

from .conftest import BIRMINGHAM, ROOT

PUBLISHED = ROOT / "schema" / "election-context.schema.json"


def test_published_schema_is_current() -> None:
    published = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    assert published == context_schema(), (
        "schema/election-context.schema.json is stale: run "
        "`storygen schema -o schema/election-context.schema.json`"
    )


def test_schema_is_valid_and_accepts_the_fixture() -> None:
    schema = context_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    with (BIRMINGHAM / "election.toml").open("rb") as f:
        context = tomllib.load(f)
    jsonschema.Draft202012Validator(schema).validate(context)


def test_schema_rejects_unknown_keys() -> None:
    validator = jsonschema.Draft202012Validator(context_schema())
    bad = {
        "council": {"name": "X", "total_seats": 3, "colour": "red"},
        "election": {"date": "2024-05-02", "type": "thirds"},
    }
    assert not validator.is_valid(bad)
