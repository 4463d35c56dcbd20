"""Merge many schools' workbooks (files and folders): find, read in parallel, select, write."""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

from qplan_xl import messages as m
from qplan_xl.merge.entries import Entry, MergeError, discover
from qplan_xl.merge.output import write_merge_workbook
from qplan_xl.merge.records import FileRecord, FileResult, SheetRow, code_key
from qplan_xl.merge.report import MergeResult
from qplan_xl.merge.select import Selection
from qplan_xl.merge.tables import build_result
from qplan_xl.merge.workers import Limits, read_files
from qplan_xl.workbook.roster import RosterEntry, read_roster

Progress = Callable[[int, int], None]


# --- public API -----------------------------------------------------------------------------------


def merge_workbooks(
    inputs: Sequence[Path | str],
    output: Path | str | None = None,
    *,
    roster: Path | str | None = None,
    year: str | None = None,
    levels: Sequence[str] = (),
    unit: str = "",
    jobs: int | None = None,
    progress: Progress | None = None,
) -> MergeResult:
    """Read every file under `inputs`, reconcile with the roster and write `output` (atomically).

    Raises MergeError when nothing can be merged at all, OutputError/OutputLocked when the
    output cannot be written (an existing output is then left untouched).
    """
    out = Path(output) if output is not None else None
    found = discover(inputs, exclude=out)
    entries, problems = _roster(roster, levels)
    with _ended_by_sigterm(), RowSpool() as spool:
        results = inspect_all(found, jobs, progress, spool)
        records = [FileRecord(i, e.shown, r) for i, (e, r) in enumerate(zip(found, results, strict=True))]
        result = reconcile(records, entries, problems, year=year, levels=levels, unit=unit)
        result.roster = str(roster) if roster is not None else None
        if out is not None:
            write_merge_workbook(result, out, spool.rows)
            result.output = str(out)
    return result


def reconcile(
    records: list[FileRecord],
    entries: Sequence[RosterEntry],
    problems: Sequence[str] = (),
    *,
    year: str | None = None,
    levels: Sequence[str] = (),
    unit: str = "",
) -> MergeResult:
    """Give every file its status and build the school table (pure: no I/O)."""
    selection = Selection(records, entries, problems, year, tuple(levels), unit)
    selection.run()
    return build_result(selection)


# --- reading them (in parallel) -------------------------------------------------------------------


class RowSpool:
    """Action rows of each file, pickled to a temporary file so memory does not grow with files."""

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None
        self._where: dict[int, int] = {}

    def __enter__(self) -> RowSpool:
        self._file = tempfile.TemporaryFile()
        return self

    def __exit__(self, *exc: object) -> None:
        self._open().close()

    def _open(self) -> IO[bytes]:
        assert self._file is not None, "a RowSpool is used inside its `with` block"
        return self._file

    def put(self, index: int, result: FileResult) -> None:
        rows, result.actions = result.actions, []
        result.spooled = len(rows)
        if result.unit is not None:
            result.unit.action_codes = dict(Counter(code_key(r[1]) for r in rows))
        if rows:
            spool = self._open()
            spool.seek(0, 2)
            self._where[index] = spool.tell()
            pickle.dump(rows, spool, protocol=pickle.HIGHEST_PROTOCOL)

    def rows(self, index: int) -> list[SheetRow]:
        if index not in self._where:
            return []
        spool = self._open()
        spool.seek(self._where[index])
        rows: list[SheetRow] = pickle.load(spool)
        return rows


def inspect_all(found: Sequence[Entry], jobs: int | None, progress: Progress | None,
                spool: RowSpool, limits: Limits | None = None) -> Iterator[FileResult]:
    """FileResults in input order: entries not to be read as listed, files read in worker processes."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    read = read_files([e.path for e in found if e.result is None], jobs, limits)
    for done, entry in enumerate(found, start=1):
        result = entry.result if entry.result is not None else next(read)
        spool.put(done - 1, result)
        if progress is not None:
            progress(done, len(found))
        yield result


@contextlib.contextmanager
def _ended_by_sigterm() -> Iterator[None]:
    """SIGTERM ends the merge like Ctrl+C: workers killed, the temp output removed (exit 143)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous not in (signal.SIG_DFL, None):
        yield  # the embedding program handles SIGTERM itself
        return
    signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _terminate(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


# --- the roster -----------------------------------------------------------------------------------


def _roster(roster: Path | str | None, levels: Sequence[str]) -> tuple[list[RosterEntry], list[str]]:
    if roster is None:
        return [], []
    entries, problems = read_roster(roster, default_level=levels[0] if len(levels) == 1 else None)
    if not entries:
        detail = "; ".join(problems) or m.NEW_CLI["roster_empty"].format(path=roster)
        raise MergeError(detail)
    return entries, problems
