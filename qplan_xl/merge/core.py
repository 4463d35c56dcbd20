"""Merge many schools' workbooks (files and folders): find, read in parallel, select, write."""

from __future__ import annotations

import os
import pickle
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import IO

from qplan_xl import messages as m
from qplan_xl.errors import QplanUsageError
from qplan_xl.mail import Inbox, Received, write_drafts
from qplan_xl.merge.files import failed, inspect_file, is_merge_output
from qplan_xl.merge.output import write_merge_workbook
from qplan_xl.merge.records import FileKind, FileRecord, FileResult, SheetRow, code_key
from qplan_xl.merge.report import MergeResult, return_letters
from qplan_xl.merge.select import Selection
from qplan_xl.merge.tables import build_result
from qplan_xl.workbook.roster import RosterEntry, read_roster

Progress = Callable[[int, int], None]
MAX_WORKERS = 61  # the limit of ProcessPoolExecutor on Windows


class MergeError(QplanUsageError):
    """The merge cannot run at all (no input, unusable roster); the message is Vietnamese."""


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
) -> MergeResult:
    """Read every file under `inputs`, reconcile with the roster and write `output` (atomically).

    With `return_dir`, a draft e-mail and a Zalo text per school that must resend are written there
    (`return_from` is the draft's sender). `while_received(result)` runs while every received file,
    attachments included, is still on disk (e.g. to archive them); unpacked files are removed after.
    Raises MergeError when nothing can be merged at all, OutputError/OutputLocked when the
    output cannot be written (an existing output is then left untouched).
    """
    out = Path(output) if output is not None else None
    found = discover(inputs, exclude=out)
    entries, problems = _roster(roster, levels)
    with Inbox(found) as inbox, RowSpool() as spool:  # zips and e-mails unpacked, removed afterwards
        received = inbox.received
        results = inspect_all(received, jobs, progress, spool)
        records = [FileRecord(i, item.shown, r, origin=item.origin)
                   for i, (item, r) in enumerate(zip(received, results, strict=True))]
        result = reconcile(records, entries, problems, year=year, levels=levels, unit=unit)
        result.roster = str(roster) if roster is not None else None
        if out is not None:
            write_merge_workbook(result, out, spool.rows)
            result.output = str(out)
        if return_dir is not None:
            result.drafts = write_drafts(return_letters(result), return_dir, office=unit, year=result.year,
                                         sender=return_from)
        if while_received is not None:
            while_received(result)
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


# --- finding the files ----------------------------------------------------------------------------


def discover(inputs: Sequence[Path | str], exclude: Path | None = None) -> list[tuple[Path, str]]:
    """Every file under `inputs` (folders recursively, hidden folders skipped), with a short name."""
    skip = {_resolved(exclude)} if exclude is not None else set()
    found: list[tuple[Path, str]] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found.extend(_walk(path))
        elif path.is_file():
            if _resolved(path) in skip:  # an input is never overwritten
                raise MergeError(m.cli_message("same_as_input", path=str(path)))
            found.append((path, path.name))
        else:
            raise MergeError(m.issue_message("file-not-found", path=str(path)))
    unique: dict[Path, tuple[Path, str]] = {}
    for path, shown in found:
        key = _resolved(path)
        if key not in skip:
            unique.setdefault(key, (path, shown))
        elif not is_merge_output(path):  # the output would replace a school's file in the folder
            raise MergeError(m.cli_message("same_as_input", path=str(path)))
    if not unique:
        raise MergeError(m.MERGE_CLI["no_inputs"].format(paths=", ".join(str(p) for p in inputs)))
    return list(unique.values())


def _walk(folder: Path) -> Iterator[tuple[Path, str]]:
    base = folder.resolve().parent
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            yield path, Path(os.path.relpath(Path(root).resolve() / name, base)).as_posix()


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


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


def inspect_all(items: Sequence[Received], jobs: int | None, progress: Progress | None,
                spool: RowSpool) -> Iterator[FileResult]:
    """FileResults in input order; rows are moved to the spool so memory stays flat."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    paths = [item.path for item in items if item.problem is None]
    source = _serial(paths) if jobs == 1 or len(paths) < 4 else _parallel(paths, jobs)
    for done, item in enumerate(items, start=1):
        result = next(source) if item.problem is None else _refused(item)
        spool.put(done - 1, result)
        if progress is not None:
            progress(done, len(items))
        yield result


def _refused(item: Received) -> FileResult:
    """A member of a zip or an attachment that could not be unpacked, with the reason."""
    return failed(str(item.path), item.problem or "file-unreadable", FileKind.UNREADABLE,
                  **{"detail": "", **item.params})


def _serial(paths: Sequence[Path]) -> Iterator[FileResult]:
    for path in paths:
        yield inspect_file(str(path))


def _parallel(paths: Sequence[Path], jobs: int) -> Iterator[FileResult]:
    names = [str(p) for p in paths]
    chunk = max(1, min(32, len(names) // (jobs * 8)))
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=min(jobs, len(names), MAX_WORKERS)) as pool:
            for result in pool.map(inspect_file, names, chunksize=chunk):
                done += 1
                yield result
    except BrokenProcessPool:  # a file killed its worker: isolate the rest one by one
        for name in names[done:]:
            yield _isolated(name)


def _isolated(name: str) -> FileResult:
    try:
        with ProcessPoolExecutor(max_workers=1) as pool:
            return pool.submit(inspect_file, name).result()
    except BrokenProcessPool:
        return failed(name, "worker-crashed", FileKind.UNREADABLE)


# --- the roster -----------------------------------------------------------------------------------


def _roster(roster: Path | str | None, levels: Sequence[str]) -> tuple[list[RosterEntry], list[str]]:
    if roster is None:
        return [], []
    entries, problems = read_roster(roster, default_level=levels[0] if len(levels) == 1 else None)
    if not entries:
        detail = "; ".join(problems) or m.NEW_CLI["roster_empty"].format(path=roster)
        raise MergeError(detail)
    return entries, problems
