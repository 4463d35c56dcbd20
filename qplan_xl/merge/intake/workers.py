"""Read files in worker processes: a crash, a hang or a memory blow-up costs one file, not the merge."""

from __future__ import annotations

import contextlib
import ctypes
import math
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from collections.abc import Set as AbstractSet
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from qplan_xl.merge.intake.files import failed, inspect_file
from qplan_xl.merge.records import FileKind, FileResult

try:  # POSIX only: on Windows the workers are isolated but not limited
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

T = TypeVar("T")
MAX_WORKERS = 61  # the limit of ProcessPoolExecutor on Windows
PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCH_SECONDS = 1.0  # how often a worker without PDEATHSIG checks that its parent lives
SIGNAL_SECONDS = 0.25  # longest wait of the main thread between checks for signals
# Files submitted per worker: the next file waits in the pool, so a worker never idles while the
# main process takes in the last result (measured: workers were idle half the time with one).
IN_FLIGHT = 2
JOIN_SECONDS = 2.0  # wait for a dead worker's exit status, to tell a CPU limit from a crash


class Limits(NamedTuple):
    """What one file may cost a worker (see docs/decisions.md, "Reading in workers")."""

    seconds: float = 300.0  # wall clock per file, from the moment a worker takes it
    cpu_seconds: int = 120  # CPU time per file (RLIMIT_CPU, POSIX)
    memory_bytes: int = 3 << 30  # address space per worker (RLIMIT_AS, POSIX)


LIMITS = Limits()


def read_files(paths: Sequence[Path], jobs: int, limits: Limits | None = None, keep_plans: bool = False,
               stored: AbstractSet[str] = frozenset()) -> Generator[FileResult, None, None]:
    """A FileResult per path, in input order; every file is read in a worker process (LIMITS by default).

    `keep_plans`: each school's validated plan comes too (files.inspect_file's `keep_plan`), unless the
    file's SHA-256 is in `stored` (the caller has that plan already).
    """
    names = [str(p) for p in paths]
    if not names:
        return
    reader = _Reader(names, max(1, min(jobs, len(names), MAX_WORKERS)), limits or LIMITS, keep_plans,
                     frozenset(stored))
    ready: dict[int, FileResult] = {}
    following = 0
    for index, result in reader.run():
        ready[index] = result
        while following in ready:
            yield ready.pop(following)
            following += 1


class _Reader:
    """Rounds of a pool over the files to read; a broken pool is replaced and its files retried alone."""

    def __init__(self, names: list[str], workers: int, limits: Limits, keep_plans: bool = False,
                 stored: frozenset[str] = frozenset()) -> None:
        self.names, self.workers, self.limits, self.keep_plans = names, workers, limits, keep_plans
        self.stored = stored
        self.todo: deque[int] = deque(range(len(names)))
        self.suspects: deque[int] = deque()  # in the pool when it broke: each is read again alone
        self.processes: list[Any] = []  # of the current pool

    def run(self) -> Iterator[tuple[int, FileResult]]:
        while self.todo or self.suspects:
            if self.suspects:
                yield from self._round(deque([self.suspects.popleft()]), alone=True)
            else:
                yield from self._round(self.todo, alone=False)

    def _round(self, queue: deque[int], alone: bool) -> Iterator[tuple[int, FileResult]]:
        workers = 1 if alone else self.workers
        before = _children()
        pool = _pool(workers, self.limits, self.stored)
        running: dict[Future[FileResult], tuple[int, float]] = {}
        self.processes = []  # kept: a broken pool forgets its processes
        try:
            while queue or running:
                while queue and len(running) < workers * IN_FLIGHT:
                    index = queue.popleft()
                    future = pool.submit(_read, self.names[index], self.limits.cpu_seconds, self.keep_plans)
                    running[future] = (index, math.inf)  # its time runs from when a worker takes it
                    self.processes = self.processes or _processes(pool)
                _start_clocks(running, self.limits.seconds)
                # Short waits: a signal (SIGTERM, Ctrl+C) may be delivered to one of the pool's threads,
                # and Python runs its handler only when the main thread wakes up.
                timeout = min(_until_first(running), SIGNAL_SECONDS)
                done, _ = wait(running, timeout=timeout, return_when=FIRST_COMPLETED)
                finished = [(running.pop(f), f) for f in done]
                if any(f.exception() is not None for _, f in finished):
                    yield from self._broken(finished, running, alone)
                    return
                yield from ((index, f.result()) for (index, _), f in finished)
                late = [f for f, (_, deadline) in running.items() if deadline <= time.monotonic()]
                if late:
                    yield from self._late(late, running, queue)
                    return
        finally:
            _stop(pool, before)

    def _broken(self, finished: list[tuple[tuple[int, float], Future[FileResult]]],
                running: dict[Future[FileResult], tuple[int, float]],
                alone: bool) -> Iterator[tuple[int, FileResult]]:
        """A worker died: alone, the file is the cause; else every file in flight is read again alone."""
        for (index, _), future in finished:
            if future.exception() is None:
                yield index, future.result()
            elif alone:
                yield index, _crashed(self.names[index], self.processes, self.limits)
            else:
                self.suspects.append(index)
        self.suspects.extend(index for index, _ in running.values())

    def _late(self, late: list[Future[FileResult]], running: dict[Future[FileResult], tuple[int, float]],
              queue: deque[int]) -> Iterator[tuple[int, FileResult]]:
        """Files past their time are given up; the others in flight go back to the queue."""
        for future in late:
            index, _ = running.pop(future)
            yield index, _timed_out(self.names[index], self.limits)
        queue.extendleft(sorted((index for index, _ in running.values()), reverse=True))


def map_in_pool(function: Callable[..., T], calls: Sequence[tuple[Any, ...]], jobs: int) -> Iterator[T]:
    """function(*call) for each call, in order, in `jobs` worker processes that die with this one
    (the merge unpacks its mail so); raises what the pool or a call raised."""
    before = _children()
    pool = _pool(max(1, min(jobs, len(calls), MAX_WORKERS)), LIMITS)
    try:
        futures = [pool.submit(function, *call) for call in calls]
        for future in futures:
            while not wait([future], timeout=SIGNAL_SECONDS).done:  # signals run between waits
                pass
            yield future.result()
    finally:
        _stop(pool, before)


def _start_clocks(running: dict[Future[FileResult], tuple[int, float]], seconds: float) -> None:
    """Files handed to the pool's call queue start their time (at most one waits there per pool)."""
    now = time.monotonic()
    for future, (index, deadline) in running.items():
        if deadline == math.inf and future.running():
            running[future] = (index, now + seconds)


def _until_first(running: dict[Future[FileResult], tuple[int, float]]) -> float:
    return max(0.0, min(deadline for _, deadline in running.values()) - time.monotonic())


def _crashed(name: str, processes: list[Any], limits: Limits) -> FileResult:
    """worker-crashed, or file-timeout when the worker died of its CPU limit (SIGXCPU)."""
    deadline = time.monotonic() + JOIN_SECONDS
    for process in processes:  # the pool may notice the death before the exit status is collected
        with contextlib.suppress(AssertionError, ValueError):
            process.join(max(0.0, deadline - time.monotonic()))
    if -getattr(signal, "SIGXCPU", 0) in _exit_codes(processes, deadline):
        return _timed_out(name, limits)
    return failed(name, "worker-crashed", FileKind.UNREADABLE)


def _exit_codes(processes: list[Any], deadline: float) -> set[int | None]:
    """The processes' exit codes. The pool's own thread may be reaping a process at that moment: its
    waitpid gets the status and ours nothing, for an instant (a file that hit its CPU limit was
    reported as a crash on a busy machine), so they are read again until known or `deadline`."""
    while True:
        codes: set[int | None] = set()
        for process in processes:
            with contextlib.suppress(ValueError):  # a process object already closed
                codes.add(process.exitcode)
        if None not in codes or time.monotonic() >= deadline:
            return codes
        time.sleep(0.02)


def _timed_out(name: str, limits: Limits) -> FileResult:
    seconds = int(min(limits.seconds, limits.cpu_seconds))
    return failed(name, "file-timeout", FileKind.UNREADABLE, seconds=seconds)


# --- the pool and its processes ---------------------------------------------------------------------


def _pool(workers: int, limits: Limits, stored: frozenset[str] = frozenset()) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                               initargs=(os.getpid(), limits.memory_bytes, stored))


def _processes(pool: ProcessPoolExecutor) -> list[Any]:
    # Private, but the only way to end workers before Python 3.14's terminate_workers().
    return list((getattr(pool, "_processes", None) or {}).values())


def _children() -> set[Any]:
    """This process's live child processes (multiprocessing's own list)."""
    return set(multiprocessing.active_children())


def _stop(pool: ProcessPoolExecutor, before: set[Any] | None = None) -> None:
    """End the pool now: a worker still reading (a hang, or the merge interrupted) is killed.

    So is a worker started after `before` that the pool had not registered yet: a SIGTERM right
    after a worker's fork left it running, and the interpreter's exit then waited for it forever."""
    stray = _children() - before if before is not None else set()
    for process in {*_processes(pool), *stray}:
        if process.is_alive():
            with contextlib.suppress(OSError, ValueError, AttributeError):
                process.kill()
    pool.shutdown(wait=True, cancel_futures=True)


# --- worker side --------------------------------------------------------------------------------------


_STORED: frozenset[str] = frozenset()  # in a worker: the files whose plans need not be kept


def _start_worker(parent: int, memory_bytes: int, stored: frozenset[str] = frozenset()) -> None:
    """Worker set-up: die with the parent, leave Ctrl+C to it, limit memory; the plans not to keep."""
    global _STORED
    _STORED = stored
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent ends its workers itself
    _die_with_parent(parent)
    if resource is not None and memory_bytes:
        _lower_limit(resource.RLIMIT_AS, memory_bytes)


def _read(name: str, cpu_seconds: int, keep_plan: bool = False) -> FileResult:
    """inspect_file with a CPU budget for this file (the worker's CPU time so far, plus the budget)."""
    if resource is not None and cpu_seconds:
        used = resource.getrusage(resource.RUSAGE_SELF)
        _lower_limit(resource.RLIMIT_CPU, int(used.ru_utime + used.ru_stime) + cpu_seconds)
    return inspect_file(name, keep_plan, _STORED)


def _lower_limit(which: int, value: int) -> None:
    soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(which, (value, hard))


def _die_with_parent(parent: int) -> None:
    """SIGKILL when the parent dies (Linux prctl); elsewhere on POSIX a thread watches the parent."""
    if sys.platform.startswith("linux") and _pdeathsig():
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)
        return
    if os.name == "posix":
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()


def _pdeathsig() -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)
