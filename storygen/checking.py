"""The batch's checker in a process of its own, started before the sources are read.

Importing spaCy and building the checker's pipeline is the largest fixed cost of a checked
batch. A process forked when the batch starts pays it while the batch process reads the
sources and drafts; the batch then sends it each council's draft (with its election and what
the batch knows of it) to check, and takes back the report (plain data, storygen.findings:
reading it imports no spaCy) to write the draft with, so that drafting and checking run side
by side on two cores.

The batch never waits to send: what the pipe cannot take yet is kept and written as the pipe
empties (non-blocking writes, no thread competing for the interpreter). What the work raises
is that council's failure. If the process dies (a crash, a kill, memory), the council it was
on fails with an internal error and a new process takes the rest. The process ignores Ctrl+C
(the batch handles it, writes its index and stops this process), and ends when its input ends
or the batch is gone, so a batch killed with SIGKILL leaves no checker working behind it.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import multiprocessing
import os
import pickle
import select
import signal
import struct
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO

HEADER = struct.Struct("!Q")  # each message: its length, then a pickle
PIPE_SIZE = 1 << 20  # asked of the kernel for the drafts' pipe (Linux; else the default)


@dataclass(frozen=True)
class Answer:
    """What the process made of one council: the work's result, or why there is none."""

    key: str
    result: Any
    error: str | None = None  # what the work raised, or how the process stopped: the council failed


def set_up_checker() -> None:
    """Import the checker and build its spaCy pipeline (what every check needs first)."""
    import storygen.check  # noqa: F401
    from storygen.check.nlp import checker_nlp

    checker_nlp()


def _serve(tasks: BinaryIO, reports: int, work: Callable[[Any], Any], batch: int) -> None:
    """The checker process: set up the checker, then do the work on each council it is sent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the batch handles Ctrl+C and SIGTERM
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    gc.freeze()  # what the batch had when it forked: not garbage, and its pages stay shared
    # should it fail, the work meets the failure again and reports it, council by council
    with contextlib.suppress(Exception):
        set_up_checker()
    gc.freeze()  # the pipeline too lives to the end
    while True:
        header = tasks.read(HEADER.size)
        if len(header) < HEADER.size:
            return  # the batch is done, or gone
        (size,) = HEADER.unpack(header)
        message = tasks.read(size)
        if len(message) < size or os.getppid() != batch:
            return  # cut short, or the batch was killed: nobody wants the answer
        key, payload = pickle.loads(message)
        try:
            answer = Answer(key, work(payload))
        except Exception as exc:  # a bug is this council's failure, as in the batch process
            answer = Answer(key, None, f"{type(exc).__name__}: {exc}")
        del payload
        reply = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            _write_all(reports, HEADER.pack(len(reply)) + reply)
        except OSError:
            return


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


class CheckerProcess:
    """A forked process with the checker set up, doing `work` on each council it is sent;
    `submit` never blocks, `answers` collects."""

    def __init__(self, work: Callable[[Any], Any]) -> None:
        self.work = work
        self._sent: deque[tuple[str, bytes]] = deque()  # submitted, not answered, in order
        self._start()

    def _start(self) -> None:
        tasks_in, tasks_out = os.pipe()
        reports_in, reports_out = os.pipe()
        with contextlib.suppress(OSError, AttributeError):  # a bigger pipe: fewer waits
            fcntl.fcntl(tasks_out, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
        context = multiprocessing.get_context("fork")
        self._process = context.Process(
            target=_child,
            args=(tasks_in, reports_out, (tasks_out, reports_in), self.work, os.getpid()),
            name="storygen-checker",
            daemon=True,
        )
        self._process.start()
        os.close(tasks_in)
        os.close(reports_out)
        os.set_blocking(tasks_out, False)
        os.set_blocking(reports_in, False)
        self._tasks, self._reports = tasks_out, reports_in
        self._unsent: deque[memoryview] = deque(memoryview(m) for _, m in self._sent)
        self._received = bytearray()
        self._broken = False  # the process stopped reading
        self._flush()

    @property
    def pending(self) -> int:
        """Drafts sent and not yet answered."""
        return len(self._sent)

    def submit(self, key: str, payload: object) -> None:
        """Send a council's work (answered in the order sent)."""
        body = pickle.dumps((key, payload), protocol=pickle.HIGHEST_PROTOCOL)
        message = HEADER.pack(len(body)) + body
        self._sent.append((key, message))
        self._unsent.append(memoryview(message))
        self._flush()

    def _flush(self) -> None:
        """Write what the pipe takes now."""
        while self._unsent and not self._broken:
            first = self._unsent[0]
            try:
                written = os.write(self._tasks, first)
            except BlockingIOError:
                return
            except OSError:  # the process is gone: `answers` finds out
                self._broken = True
                return
            if written == len(first):
                self._unsent.popleft()
            else:
                self._unsent[0] = first[written:]

    def answers(self, wait: bool) -> list[Answer]:
        """The answers that have arrived (at least one if `wait` and any is pending)."""
        found: list[Answer] = []
        while self._sent:
            self._flush()
            ended = self._read()
            found += self._parse()
            if ended and self._sent:
                found.append(self._died())
                continue
            if found or not wait:
                break
            writing = [self._tasks] if self._unsent and not self._broken else []
            select.select([self._reports], writing, [])
        return found

    def _read(self) -> bool:
        """Take in what has arrived; True when the process closed its end (it stopped)."""
        while True:
            try:
                chunk = os.read(self._reports, 1 << 16)
            except BlockingIOError:
                return False
            if not chunk:
                return True
            self._received += chunk

    def _parse(self) -> list[Answer]:
        found = []
        while len(self._received) >= HEADER.size:
            (size,) = HEADER.unpack_from(self._received)
            if len(self._received) < HEADER.size + size:
                break
            answer: Answer = pickle.loads(self._received[HEADER.size : HEADER.size + size])
            del self._received[: HEADER.size + size]
            if self._sent[0][0] == answer.key:  # answers come in the order sent
                self._sent.popleft()
            else:
                self._sent = deque(sent for sent in self._sent if sent[0] != answer.key)
            found.append(answer)
        return found

    def _died(self) -> Answer:
        """The process stopped: the council it was checking fails; a new process takes the rest."""
        self._process.join(timeout=5)
        code = self._process.exitcode
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit {code}"
        key, _ = self._sent.popleft()
        self._close_pipes()
        self._start()
        return Answer(key, None, f"the checker process stopped ({how})")

    def _close_pipes(self) -> None:
        for fd in (self._tasks, self._reports):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._tasks = self._reports = -1

    def close(self) -> None:
        """Stop the process (whatever it is doing: its answers are no longer wanted)."""
        if self._tasks < 0:
            return
        if self._process.is_alive():
            self._process.terminate()
        self._close_pipes()
        self._process.join(timeout=5)


def _child(
    tasks: int, reports: int, batch_ends: tuple[int, ...], work: Callable[[Any], Any], batch: int
) -> None:
    # the batch's ends of the pipes are the batch's alone: closed here, the child's input ends
    # when the batch closes its end, or dies
    for fd in batch_ends:
        os.close(fd)
    with os.fdopen(tasks, "rb", buffering=PIPE_SIZE) as stream:
        _serve(stream, reports, work, batch)
