"""Merge many schools' workbooks (files and folders): find, read in parallel, select, write."""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import pickle
import signal
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import IO, Any

from qplan_xl import messages as m
from qplan_xl.mail import Inbox, Received, write_drafts
from qplan_xl.merge.intake.entries import Entry, MergeError, discover
from qplan_xl.merge.intake.files import failed
from qplan_xl.merge.intake.workers import Limits, map_in_pool, read_files
from qplan_xl.merge.output import write_merge_workbook
from qplan_xl.merge.records import FileKind, FileRecord, FileResult, SheetRow, code_key
from qplan_xl.merge.report import MergeResult, return_letters
from qplan_xl.merge.select import Selection
from qplan_xl.merge.tables import build_result
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
    return_dir: Path | str | None = None,
    return_from: str = "",
    while_received: Callable[[MergeResult], object] | None = None,
    keep_plans: bool = False,
    stored_plans: AbstractSet[str] = frozenset(),
) -> MergeResult:
    """Read every file under `inputs`, reconcile with the roster and write `output` (atomically).

    Zips, e-mails and mailboxes are unpacked (mail.Inbox) and their attachments read as files.
    With `return_dir`, a draft e-mail and a Zalo text per school that must resend are written there
    (`return_from` is the draft's sender). `while_received(result)` runs while every received file,
    attachments included, is still on disk (e.g. to archive them); unpacked files are removed after.
    With `keep_plans`, the plans the workers validated are kept on disk and, during `while_received`,
    given by `result.kept_plans` (the archive stores them without validating them again); except
    those of the files whose SHA-256 is in `stored_plans` (archive.stored_plans: already stored).
    Raises MergeError when nothing can be merged at all, OutputError/OutputLocked when the
    output cannot be written (an existing output is then left untouched).
    """
    out = Path(output) if output is not None else None
    found = discover(inputs, exclude=out)
    entries, problems = _roster(roster, levels)
    readable = [(e.path, e.shown) for e in found if e.result is None]
    decided = [e for e in found if e.result is not None]
    processes = max(1, jobs or os.cpu_count() or 1)
    unpack = functools.partial(map_in_pool, jobs=processes) if processes > 1 else None  # containers in parallel
    with _ended_by_sigterm(), Inbox(readable, unpack) as inbox, RowSpool() as spool:
        received = inbox.received
        results = inspect_all(received, decided, jobs, progress, spool, keep_plans=keep_plans, stored=stored_plans)
        shown = [(item.shown, item.origin) for item in received] + [(e.shown, None) for e in decided]
        records = [FileRecord(i, name, r, origin=origin)
                   for i, ((name, origin), r) in enumerate(zip(shown, results, strict=True))]
        result = reconcile(records, entries, problems, year=year, levels=levels, unit=unit)
        result.roster = str(roster) if roster is not None else None
        if out is not None:
            write_merge_workbook(result, out, spool.rows)
            result.output = str(out)
        if return_dir is not None:
            result.drafts = write_drafts(return_letters(result), return_dir, office=unit, year=result.year,
                                         sender=return_from)
        if while_received is not None:
            result.kept_plans = spool.kept
            try:
                while_received(result)
            finally:
                result.kept_plans = {}  # the spool is about to go
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
    """Action rows of each file, pickled to a temporary file so memory does not grow with files;
    and the validated plans the workers kept (`kept`, by file index)."""

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None
        self._where: dict[int, int] = {}
        self.kept = _Kept(self)

    def __enter__(self) -> RowSpool:
        self._file = tempfile.TemporaryFile()
        return self

    def __exit__(self, *exc: object) -> None:
        self._open().close()

    def _open(self) -> IO[bytes]:
        assert self._file is not None, "a RowSpool is used inside its `with` block"
        return self._file

    def put(self, index: int, result: FileResult) -> None:
        """Move the file's action rows to the spool (already pickled when they come from a worker)."""
        rows, result.actions = result.actions, []
        packed, result.packed = result.packed, b""
        if rows:
            result.spooled = len(rows)
            packed = pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)
        if result.unit is not None:
            result.unit.action_codes = dict(Counter(code_key(r[1]) for r in rows))
        if packed:
            self._where[index] = self._append(packed)
        kept, result.kept = result.kept, b""
        if kept:
            self.kept.where[index] = self._append(kept)

    def _append(self, packed: bytes) -> int:
        spool = self._open()
        spool.seek(0, 2)
        at = spool.tell()
        spool.write(packed)
        return at

    def load(self, at: int) -> Any:
        spool = self._open()
        spool.seek(at)
        return pickle.load(spool)

    def rows(self, index: int) -> list[SheetRow]:
        if index not in self._where:
            return []
        rows: list[SheetRow] = self.load(self._where[index])
        return rows


class _Kept(Mapping[int, Any]):
    """File index -> the plan its worker validated (files.KeptPlan, or None), read from the spool."""

    def __init__(self, spool: RowSpool) -> None:
        self.spool = spool
        self.where: dict[int, int] = {}

    def __getitem__(self, index: int) -> Any:
        return self.spool.load(self.where[index])

    def __contains__(self, index: object) -> bool:  # Mapping's would load the plan
        return index in self.where

    def __iter__(self) -> Iterator[int]:
        return iter(self.where)

    def __len__(self) -> int:
        return len(self.where)


def inspect_all(received: Sequence[Received], decided: Sequence[Entry], jobs: int | None,
                progress: Progress | None, spool: RowSpool, limits: Limits | None = None,
                keep_plans: bool = False, stored: AbstractSet[str] = frozenset()) -> Iterator[FileResult]:
    """FileResults: the received files (read in worker processes) in order, then the entries not to read."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    read = read_files([item.path for item in received if item.problem is None], jobs, limits, keep_plans, stored)
    results = (next(read) if item.problem is None else _refused(item) for item in received)
    total = len(received) + len(decided)
    try:
        for done, result in enumerate(itertools.chain(results, (e.result for e in decided if e.result)), start=1):
            spool.put(done - 1, result)
            if progress is not None:
                progress(done, total)
            yield result
    finally:
        read.close()  # the worker pool ends as soon as the last file is read, not at interpreter exit


def _refused(item: Received) -> FileResult:
    """A member of a zip or an attachment that could not be unpacked, with the reason."""
    return failed(str(item.path), item.problem or "file-unreadable", FileKind.UNREADABLE,
                  **{"detail": "", **item.params})


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
