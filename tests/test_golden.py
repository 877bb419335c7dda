"""Golden samples: every sample in samples/ is exactly what the code writes from fixtures/."""

from __future__ import annotations

import pytest

from storygen.golden import diff, generate_samples

from .conftest import FIXTURES, ROOT

GENERATED = generate_samples(FIXTURES)


def test_every_fixture_has_samples_in_every_format() -> None:
    on_disk = {p.name for p in (ROOT / "samples").iterdir()}
    assert set(GENERATED) == on_disk
    assert {"birmingham-2016.txt", "birmingham-2016.md", "birmingham-2016.json"} <= on_disk


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_sample_matches_generated(name: str) -> None:
    current = (ROOT / "samples" / name).read_text(encoding="utf-8")
    expected = GENERATED[name]
    assert current == expected, (
        "sample differs from what the code writes (update with `storygen samples --update` "
        "if the change is intended):\n" + diff(current, expected, name)
    )


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_samples_hold_no_template_leftovers(name: str) -> None:
    text = GENERATED[name]
    for leftover in ("{{", "}}", "{%", "Undefined", " nan", "None"):
        assert leftover not in text, leftover
