"""Merge many schools' workbooks (files and folders) into one consolidated workbook and summary."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qplan_xl import messages as m
from qplan_xl.errors import QplanUsageError
from qplan_xl.merge.files import FileResult, SchoolRow, failed, inspect_file, is_merge_output

FILE_STATUSES = tuple(m.MERGE_FILE_STATUS)
SCHOOL_STATUSES = tuple(m.MERGE_SCHOOL_STATUS)
Progress = Callable[[int, int], None]
MAX_WORKERS = 61  # the limit of ProcessPoolExecutor on Windows


class MergeError(QplanUsageError):
    """The merge cannot run at all (no input, unusable roster); the message is Vietnamese."""


@dataclass
class FileRecord:
    """One file found in the inputs, with the status the merge gave it."""

    index: int
    shown: str
    result: FileResult
    status: str = ""
    reason: str = ""
    school: str | None = None  # code_key of the school the file is attributed to
    hint: str = ""  # roster code guessed from the file's name (unreadable files only)
    replaced_by: int | None = None

    @property
    def identity(self) -> dict[str, Any]:
        return self.result.identity

    @property
    def revision(self) -> int:
        value = self.identity.get("revision")
        return value if isinstance(value, int) else 0

    def order(self) -> tuple[Any, ...]:
        """Newest first: highest revision, then the most recently saved (file time last)."""
        return (self.revision, self.result.saved or "", self.result.mtime)


@dataclass
class Notice:
    """A point for the clerk that is not one file's content (sheet `Luu y`)."""

    code: str
    message: str
    school_code: str | None = None
    file: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "school_code": self.school_code, "file": self.file,
                "message": self.message}


@dataclass
class MergeResult:
    """Everything the consolidated workbook, the JSON summary and the text report show."""

    unit: str
    year: str | None
    year_inferred: bool
    levels: tuple[str, ...]
    roster: str | None
    generated: str
    files: list[FileRecord]
    schools: list[SchoolRow]
    criteria: list[tuple[Any, ...]] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    authorities: dict[str, str] = field(default_factory=dict)
    actions: int = 0
    output: str | None = None
    spool: Any = field(default=None, repr=False)
    unit_codes: dict[int, set[str]] = field(default_factory=dict, repr=False)

    def counts(self) -> dict[str, int]:
        """The DESIGN 5.1 counts (see docs/merge.md for what each one counts)."""
        files = self.file_status()
        schools = self.school_status()
        return {
            "files": len(self.files),
            "schools": len(self.schools),
            "valid": schools["valid"],
            "invalid": schools["invalid"],
            "unreadable": files["unreadable"] + files["not-workbook"],
            "superseded": files["superseded"],
            "missing": schools["missing"],
            "actions": self.actions,
            "budget": sum(s.budget or 0 for s in self.schools if s.status == "valid"),
        }

    def file_status(self) -> dict[str, int]:
        found = Counter(r.status for r in self.files)
        return {s: found[s] for s in FILE_STATUSES}

    def school_status(self) -> dict[str, int]:
        found = Counter(s.status for s in self.schools)
        return {s: found[s] for s in SCHOOL_STATUSES}

    def to_dict(self) -> dict[str, Any]:
        from qplan_xl.merge.report import merge_dict

        return merge_dict(self)

    def to_text(self) -> str:
        from qplan_xl.merge.report import merge_text

        return merge_text(self)


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
    from qplan_xl.merge.output import RowSpool, write_merge_workbook

    out = Path(output) if output is not None else None
    found = discover(inputs, exclude=out)
    entries, problems = _roster(roster, levels)
    with RowSpool() as spool:
        results = inspect_all([path for path, _ in found], jobs, progress, spool)
        records = [FileRecord(i, shown, r) for i, ((_, shown), r) in enumerate(zip(found, results, strict=True))]
        result = reconcile(records, entries, problems, year=year, levels=levels, unit=unit)
        result.roster = str(roster) if roster is not None else None
        result.spool = spool
        if out is not None:
            write_merge_workbook(result, out)
            result.output = str(out)
        result.spool = None
    return result


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


def inspect_all(paths: Sequence[Path], jobs: int | None, progress: Progress | None,
                spool: Any) -> Iterator[FileResult]:
    """FileResults in input order; rows are moved to the spool so memory stays flat."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    source = _serial(paths) if jobs == 1 or len(paths) < 4 else _parallel(paths, jobs)
    for done, result in enumerate(source, start=1):
        spool.put(done - 1, result)
        if progress is not None:
            progress(done, len(paths))
        yield result


def _serial(paths: Sequence[Path]) -> Iterator[FileResult]:
    for path in paths:
        yield inspect_file(str(path))


def _parallel(paths: Sequence[Path], jobs: int) -> Iterator[FileResult]:
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

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
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(max_workers=1) as pool:
            return pool.submit(inspect_file, name).result()
    except BrokenProcessPool:
        return failed(name, "worker-crashed", "unreadable")


# --- the roster -----------------------------------------------------------------------------------


def _roster(roster: Path | str | None, levels: Sequence[str]) -> tuple[list[Any], list[str]]:
    if roster is None:
        return [], []
    from qplan_xl.workbook.roster import read_roster

    entries, problems = read_roster(roster, default_level=levels[0] if len(levels) == 1 else None)
    if not entries:
        detail = "; ".join(problems) or m.NEW_CLI["roster_empty"].format(path=roster)
        raise MergeError(detail)
    return entries, problems


def code_key(code: Any) -> str:
    """Matching key of a school code: no spaces, upper case, leading zeros of digit codes ignored.

    Codes typed as numbers in a roster lose their leading zeros (040123 -> 40123), while the
    workbook keeps them as text; both must name the same school.
    """
    text = "".join(str(code or "").split()).upper()
    return (text.lstrip("0") or "0") if text.isdigit() else text


def reconcile(
    records: list[FileRecord],
    entries: Sequence[Any],
    problems: Sequence[str] = (),
    *,
    year: str | None = None,
    levels: Sequence[str] = (),
    unit: str = "",
) -> MergeResult:
    """Give every file its status and build the school table (pure: no I/O)."""
    from qplan_xl.merge.select import Selection

    return Selection(records, entries, problems, year, tuple(levels), unit).run()


def now_text() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")
