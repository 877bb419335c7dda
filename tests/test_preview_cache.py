"""The preview's cache: a change loads nothing and plans once; a changed file is read again."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from storygen.preview import app as preview

from .conftest import BIRMINGHAM
from .preview_support import trusted

KEY = "birmingham-2016"


def _counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    calls: list[int] = []
    original: Callable[..., Any] = getattr(preview, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(preview, name, counted)
    return calls


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / KEY
    shutil.copytree(BIRMINGHAM, copy)
    return copy


def test_a_change_loads_nothing_and_plans_once(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = trusted(preview.create_app([folder]))
    loads, plans = _counting(monkeypatch, "load_election"), _counting(monkeypatch, "plan_with")
    assert "disappointing" in client.get(f"/e/{KEY}/workspace").get_data(as_text=True)
    assert (len(loads), len(plans)) == (1, 1)
    page = client.post(f"/e/{KEY}/choices", json={"fact": "turnout/council", "include": False})
    assert page.status_code == 200 and "disappointing" not in page.get_data(as_text=True)
    assert (len(loads), len(plans)) == (1, 2)  # the change: no load, one plan
    drafts = _counting(monkeypatch, "write_with")
    client.get(f"/e/{KEY}/workspace")
    client.get(f"/e/{KEY}")
    assert (len(loads), len(plans), len(drafts)) == (1, 2, 0)  # nothing changed: nothing redone


def test_a_file_changed_on_disk_is_read_again(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = trusted(preview.create_app([folder]))
    loads = _counting(monkeypatch, "load_election")
    assert "losing by 182 votes" in client.get(f"/e/{KEY}").get_data(as_text=True)
    candidates = folder / "candidates.csv"
    text = candidates.read_text(encoding="utf-8")
    assert text.count('"Julie Johnson","Lab","2125"') == 1
    candidates.write_text(text.replace('"Lab","2125"', '"Lab","2135"'), encoding="utf-8")
    stat = candidates.stat()  # a later mtime even on a coarse clock
    os.utime(candidates, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    page = client.get(f"/e/{KEY}").get_data(as_text=True)
    assert len(loads) == 2
    assert "losing by 192 votes" in page  # Julie Johnson's 2,135 against 1,943
