"""The batch's checker process: the same drafts and statuses as checking in the batch process, a
failed check or a dead checker is one council's failure, and interrupted or killed batches
leave no checker behind."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from storygen import batch, pipeline
from storygen.cli import main
from storygen.model import Election
from storygen.realise.draft import Draft

from .conftest import ROOT
from .test_batch import COMPOSITIONS, LEAP_2016, _start_batch, _wait_for_journal, index

COUNCILS = ("Adur", "Barnet", "Exeter", "Breckland", "Barrow-in-Furness")


@pytest.fixture(scope="module")
def small_day(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """LEAP 2016's rows for five councils (Exeter's draft needs review)."""
    source = tmp_path_factory.mktemp("day") / "leap-2016-05-05.csv"
    with LEAP_2016.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.reader(f) if r[0] in COUNCILS]
    with source.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, quoting=csv.QUOTE_ALL).writerows(rows)
    return source


def _batch(source: Path, out: Path, *extra: str) -> int:
    return main(
        ["batch", str(source), "--compositions", str(COMPOSITIONS), "--out", str(out), *extra]
    )


def _files(out: Path) -> dict[str, bytes]:
    """Every file the batch wrote (the review page's store too), but the index."""
    found = sorted(p for p in out.rglob("*") if p.is_file() and p.name != "index.json")
    return {str(p.relative_to(out)): p.read_bytes() for p in found}


def test_checking_beside_drafting_writes_what_checking_in_process_writes(
    small_day: Path, tmp_path: Path
) -> None:
    beside, inside = tmp_path / "beside", tmp_path / "inside"
    formats = ["-f", "text", "-f", "json", "-f", "html"]
    assert _batch(small_day, beside, *formats) == 0
    assert _batch(small_day, inside, *formats, "--jobs", "2") == 0  # checked in the workers
    assert _files(beside) == _files(inside) and len(_files(beside)) == 4 * len(COUNCILS)
    ours, theirs = index(beside), index(inside)
    for name in COUNCILS:
        for key in ("status", "errors", "findings", "headline", "notes", "files"):
            assert ours[name][key] == theirs[name][key], (name, key)
    assert ours["Exeter"]["status"] == "needs review"
    assert (beside / "exeter-2016-05-05.txt").read_text(encoding="utf-8").startswith("NEEDS REVIEW")
    assert {ours[n]["status"] for n in COUNCILS if n != "Exeter"} == {"ok"}


def _patched_check(monkeypatch: pytest.MonkeyPatch, council: str, what: str) -> None:
    """pipeline.check misbehaving for one council (the checker process is forked after this)."""
    original = pipeline.check

    def check(election: Election, draft: Draft, **kwargs: object) -> object:
        if election.council.name == council:
            if what == "crash":
                os.kill(os.getpid(), signal.SIGKILL)
            raise RuntimeError("the check broke")
        return original(election, draft, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "check", check)


def _barnet_fails(
    small_day: Path, out: Path, monkeypatch: pytest.MonkeyPatch, what: str, error: str
) -> None:
    """A batch in which Barnet's check misbehaves: Barnet fails with `error`, the rest go on."""
    _patched_check(monkeypatch, "Barnet", what)
    assert _batch(small_day, out) == 1
    found = index(out)
    assert found["Barnet"]["status"] == "failed"
    assert found["Barnet"]["errors"] == [error]
    assert not (out / "barnet-2016-05-05.txt").exists()
    # the councils after it were checked all the same, Exeter's errors and all
    assert found["Exeter"]["status"] == "needs review"
    assert {found[n]["status"] for n in COUNCILS if n not in ("Barnet", "Exeter")} == {"ok"}


def test_a_check_that_raises_is_that_councils_failure(
    small_day: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = (
        "leap-2016-05-05.csv: internal error while checking Barnet (RuntimeError: the check "
        "broke); a bug in storygen, the other councils go on"
    )
    _barnet_fails(small_day, tmp_path / "out", monkeypatch, "raise", error)


def test_a_checker_process_that_dies_fails_one_council_and_the_rest_go_on(
    small_day: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    error = (
        "leap-2016-05-05.csv: internal error while checking Barnet (the checker process stopped "
        "(killed by signal 9)); a bug in storygen, the other councils go on"
    )
    _barnet_fails(small_day, out, monkeypatch, "crash", error)  # a new process took the rest
    assert len(list(out.glob("*.txt"))) == len(COUNCILS) - 1
    # a re-run drafts the failed council again, and only it
    monkeypatch.undo()
    assert _batch(small_day, out) == 0
    again = index(out)
    assert again["Barnet"]["status"] == "ok"
    assert {again[n]["status"] for n in COUNCILS if n not in ("Barnet", "Exeter")} == {"unchanged"}


def test_run_starts_a_checker_when_given_none(small_day: Path, tmp_path: Path) -> None:
    jobs, failures, _ = batch.collect([small_day], COMPOSITIONS)
    started: list[object] = []
    original = batch.start_checker

    def counting() -> object:
        started.append(1)
        return original()

    out = tmp_path / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(batch, "start_checker", counting)
        outcomes = batch.run(jobs, out, failures=failures)
    assert started == [1]
    assert {o.status for o in outcomes} == {"ok", "needs review"}
    assert (out / "exeter-2016-05-05.txt").read_text(encoding="utf-8").startswith("NEEDS REVIEW")


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def _gone(pid: int, within: float = 30) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state == "Z":  # ended, not yet reaped by its (new) parent
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def batch_process(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int, Path]]:
    """A checked batch of LEAP 2016 part-way through, and its checker process."""
    out = tmp_path / "out"
    process = _start_batch(out)
    try:
        _wait_for_journal(out, process, 5)
        checkers = _children(process.pid)
        assert len(checkers) == 1, "one checker process beside the batch"
        yield process, checkers[0], out
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_a_terminated_batch_stops_its_checker(
    batch_process: tuple[subprocess.Popen[bytes], int, Path],
) -> None:
    process, checker, out = batch_process
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) != 0
    assert _gone(checker)
    assert json.loads((out / "index.json").read_text(encoding="utf-8"))["interrupted"] is True


def test_a_batch_killed_with_sigkill_leaves_no_checker_working(
    batch_process: tuple[subprocess.Popen[bytes], int, Path],
) -> None:
    process, checker, out = batch_process
    process.kill()
    process.wait()
    assert _gone(checker), "the checker ends when the batch is gone"
    written = {p.name: p.stat().st_mtime_ns for p in out.glob("*.txt")}
    time.sleep(0.5)
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.txt")} == written
    assert main(["batch", str(LEAP_2016), "--out", str(out)]) == 0
    assert len(list(out.glob("*.txt"))) == 151


def test_no_check_and_workers_start_no_checker(small_day: Path, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "storygen", "batch", str(small_day), "--no-check"]
    process = subprocess.run(
        [*command, "--out", str(tmp_path / "a")], cwd=ROOT, capture_output=True, check=False
    )
    assert process.returncode == 0
    with pytest.MonkeyPatch.context() as patch:

        def refuse() -> object:
            raise AssertionError("no checker process for --no-check or --jobs 2")

        patch.setattr(batch, "start_checker", refuse)
        assert _batch(small_day, tmp_path / "b", "--no-check") == 0
        assert _batch(small_day, tmp_path / "c", "--jobs", "2") == 0
