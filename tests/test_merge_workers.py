"""The merge reads every file in a worker: a crash, a hang or a memory blow-up costs that one file."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from qplan_xl.merge.intake import files
from qplan_xl.merge.intake.workers import Limits, read_files
from qplan_xl.merge.records import FileKind, FileResult

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [ROOT / "samples" / n for n in ("thcs-nguyen-du-2024-2025.xlsx", "tieu-hoc-thanh-hung-2023-2024.xlsx",
                                          "mam-non-hoa-sen-2023-2024.xlsx")]
_INSPECT = files._inspect
# The tests patch the reader in this process: workers see the patch only when forked (Linux default).
# The tests patch the reader in this process: workers see the patch only when forked (the Linux
# default); /proc and PR_SET_PDEATHSIG are Linux too.
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork, /proc and PDEATHSIG")

# A merge in a fresh process where reading a file named "bom…" aborts the process as python-calamine
# does on "memory allocation failed" (exit 134); the result is printed as JSON.
ABORTING_MERGE = """
import json, os, sys
import qplan_xl.merge.intake.files as files
real = files.read_workbook
def read(path, *a, **k):
    if os.path.basename(str(path)).startswith("bom"):
        os.abort()
    return real(path, *a, **k)
files.read_workbook = read
from qplan_xl.merge import merge_workbooks
jobs = int(sys.argv[1])
result = merge_workbooks(sys.argv[3:], sys.argv[2], jobs=jobs)
print(json.dumps({f.shown: [str(f.status), f.result.issues[0].code if f.result.issues else ""]
                  for f in result.files}))
"""


def _copies(folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for i, name in enumerate(names):
        path = folder / name
        shutil.copyfile(SAMPLES[i % len(SAMPLES)], path)
        paths.append(path)
    return paths


def _run_script(script: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env,
                          timeout=timeout, check=False)


@linux_only
@pytest.mark.parametrize(("jobs", "count"), [(1, 2), (2, 2), (2, 6)])
def test_a_file_that_aborts_its_reader_costs_that_file_only(tmp_path: Path, jobs: int, count: int) -> None:
    names = [f"truong-{i}.xlsx" for i in range(count - 1)] + ["bom.xlsx"]
    paths = _copies(tmp_path / "in", names)
    done = _run_script(ABORTING_MERGE, str(jobs), str(tmp_path / "out.xlsx"), *map(str, paths))
    assert done.returncode == 0, done.stderr[-2000:]
    statuses = json.loads(done.stdout)
    assert statuses["bom.xlsx"] == ["unreadable", "worker-crashed"]
    assert all(v[0] != "unreadable" for k, v in statuses.items() if k != "bom.xlsx")
    assert (tmp_path / "out.xlsx").is_file()


def _slow(path: Path, *keep: Any) -> FileResult:
    """files._inspect, with test files that hang, spin, eat memory or panic."""
    path = Path(path)
    if "slow" in path.name:
        time.sleep(60)
    if "spin" in path.name:
        while True:
            pass
    if "big" in path.name:
        bytearray(4 << 30)
    if "panic" in path.name:
        raise BaseException("a Rust panic arrives as a BaseException")  # noqa: TRY002
    return _INSPECT(path, *keep)


@linux_only
def test_a_file_past_its_time_is_given_up_and_the_rest_read(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "_inspect", _slow)
    paths = _copies(tmp_path, ["a.xlsx", "slow.xlsx", "b.xlsx", "c.xlsx"])
    started = time.monotonic()
    results = list(read_files(paths, 2, Limits(seconds=3, cpu_seconds=30, memory_bytes=0)))
    assert time.monotonic() - started < 30
    assert [r.issues[0].code if r.issues else r.kind for r in results] == [
        FileKind.SCHOOL, "file-timeout", FileKind.SCHOOL, FileKind.SCHOOL]
    assert results[1].kind == FileKind.UNREADABLE


@linux_only
def test_cpu_and_memory_limits_cost_one_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "_inspect", _slow)
    paths = _copies(tmp_path, ["spin.xlsx", "big.xlsx", "panic.xlsx", "ok.xlsx"])
    limits = Limits(seconds=60, cpu_seconds=2, memory_bytes=_address_space() + (1 << 30))
    results = list(read_files(paths, 1, limits))
    codes = [r.issues[0].code if r.issues else "" for r in results]
    assert codes[:3] == ["file-timeout", "file-memory", "internal-error"]
    assert results[3].kind == FileKind.SCHOOL


def _address_space() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


SLOW_MERGE = """
import sys, time
import qplan_xl.merge.intake.files as files
def read(path, *a, **k):
    time.sleep(120)
files.read_workbook = read
from qplan_xl.merge import merge_workbooks
merge_workbooks(sys.argv[2:], sys.argv[1], jobs=2)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="tgkill: a signal sent to one thread (Linux)")
def test_a_sigterm_caught_by_a_pool_thread_still_ends_the_merge(tmp_path: Path) -> None:
    """The kernel may hand a process's signal to any of its threads; Python runs the handler in the
    main thread only when it wakes up: the merge must not sleep through it (it once did, 300 s)."""
    import ctypes

    paths = _copies(tmp_path, ["a.xlsx", "b.xlsx", "c.xlsx"])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen([sys.executable, "-c", SLOW_MERGE, str(tmp_path / "out.xlsx"), *map(str, paths)],
                          env=env, stderr=subprocess.PIPE) as merge:
        deadline = time.monotonic() + 30
        while len(_children(merge.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        threads = [int(t) for t in os.listdir(f"/proc/{merge.pid}/task") if int(t) != merge.pid]
        assert threads, "the pool runs threads beside the main one"
        libc = ctypes.CDLL(None, use_errno=True)
        assert libc.syscall(234 if os.uname().machine == "x86_64" else 131, merge.pid, threads[0],  # tgkill
                            signal.SIGTERM) == 0
        try:
            _, err = merge.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            merge.kill()
            raise
    assert merge.returncode == 128 + signal.SIGTERM and b"Traceback" not in err


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(p) for p in (task / "children").read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@linux_only
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_workers_die_with_the_merge(tmp_path: Path, sig: int) -> None:
    paths = _copies(tmp_path, ["a.xlsx", "b.xlsx", "c.xlsx"])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen([sys.executable, "-c", SLOW_MERGE, str(tmp_path / "out.xlsx"), *map(str, paths)],
                          env=env, stderr=subprocess.PIPE) as merge:
        deadline = time.monotonic() + 30
        while len(kids := _children(merge.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(kids) >= 2
        merge.send_signal(sig)
        _, err = merge.communicate(timeout=30)
    if sig == signal.SIGTERM:
        assert merge.returncode == 128 + signal.SIGTERM
        assert b"Traceback" not in err
    deadline = time.monotonic() + 10
    while any(_alive(k) for k in kids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [k for k in kids if _alive(k)]


# A merge whose second worker is forked and then, before the pool has registered it, the merge is
# told to end (what a SIGTERM between the two does): the worker must not outlive the merge, nor the
# interpreter's exit wait for it (it waited forever: multiprocessing joins its children at exit).
UNREGISTERED_WORKER = """
import sys, time
from concurrent.futures import process as cf
import qplan_xl.merge.intake.files as files
def read(path, *a, **k):
    time.sleep(120)
files.read_workbook = read
original = cf.ProcessPoolExecutor._spawn_process
def spawn(self):
    if not self._processes:
        return original(self)
    worker = self._mp_context.Process(target=cf._process_worker, args=(
        self._call_queue, self._result_queue, self._initializer, self._initargs, self._max_tasks_per_child))
    worker.start()
    raise SystemExit(143)
cf.ProcessPoolExecutor._spawn_process = spawn
from qplan_xl.merge import merge_workbooks
merge_workbooks(sys.argv[2:], sys.argv[1], jobs=2)
"""


@linux_only
def test_a_worker_forked_just_before_the_merge_ends_does_not_keep_it_alive(tmp_path: Path) -> None:
    paths = _copies(tmp_path, ["a.xlsx", "b.xlsx", "c.xlsx"])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen([sys.executable, "-c", UNREGISTERED_WORKER, str(tmp_path / "out.xlsx"), *map(str, paths)],
                          env=env, stderr=subprocess.PIPE) as merge:
        try:
            _, err = merge.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            for pid in _children(merge.pid):
                os.kill(pid, signal.SIGKILL)
            merge.kill()
            raise
    assert merge.returncode == 143, err.decode(errors="replace")[-2000:]
