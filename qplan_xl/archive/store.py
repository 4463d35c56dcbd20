"""Store one merge in the archive: every received file once (by content), its receipt, the valid plans."""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
import sqlite3
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from qplan_xl.archive.schema import connect
from qplan_xl.merge import FileKind, FileRecord, FileStatus, MergeResult, code_key
from qplan_xl.merge.intake.workers import MAX_WORKERS
from qplan_xl.model import Month, Plan
from qplan_xl.rules.catalog import Framework, load_framework
from qplan_xl.summary.progress import compute_progress
from qplan_xl.validation import validate_workbook

ASK = object()  # a plan the workers did not check: it is checked in this process
MAX_BLOB = 64 * 1024 * 1024  # larger files are recorded (hash, size) without their content
NO_REVIEW = "none"
PLAN_STATUSES = (FileStatus.MERGED, FileStatus.SUPERSEDED)


@dataclass
class Stored:
    """What one archiving added: the merge's id, its receipts, new file contents, new plans."""

    merge_id: int
    receipts: int = 0
    new_files: int = 0
    new_plans: int = 0


def archive_merge(path: Path | str, result: MergeResult, *, jobs: int | None = None) -> Stored:
    """Add `result` (its received files still on disk) to the archive at `path`, in one transaction.

    The plans the archive has not stored yet are validated again (the merge keeps figures, not
    plans), in `jobs` processes (default: one per CPU) before the transaction starts.
    """
    conn = connect(path)
    try:
        checks = _Checks(conn, result, jobs)
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                stored = _store(conn, result, checks)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        finally:
            checks.close()
    finally:
        conn.close()
    return stored


def stored_plans(path: Path | str) -> frozenset[str]:
    """The SHA-256 of every file whose plan the archive holds (a merge need not keep those plans)."""
    conn = connect(path)
    try:
        return frozenset(row["sha256"] for row in conn.execute("SELECT sha256 FROM plans"))
    finally:
        conn.close()


def _store(conn: sqlite3.Connection, result: MergeResult, checks: _Checks) -> Stored:
    now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    merge_id = conn.execute(
        "INSERT INTO merges (generated, archived, unit, school_year, levels, roster, output) VALUES (?,?,?,?,?,?,?)",
        (result.generated, now, result.unit, result.year, ",".join(result.levels), result.roster, result.output),
    ).lastrowid
    assert merge_id is not None
    stored = Stored(merge_id)
    units = {code_key(s.code): s.unit or result.unit for s in result.schools}
    for record in result.files:
        _receipt(conn, stored, record, units.get(record.school or "", result.unit), checks)
    for row in result.schools:
        conn.execute("INSERT INTO school_statuses VALUES (?,?,?,?,?,?,?,?,?)", (
            merge_id, code_key(row.code), row.code, row.name, row.unit or result.unit, row.level,
            str(row.status), row.reason, row.in_roster))
    return stored


def _receipt(conn: sqlite3.Connection, stored: Stored, record: FileRecord, unit: str, checks: _Checks) -> None:
    digest = _blob(conn, stored, Path(record.result.path))
    review = NO_REVIEW
    if digest and record.result.kind == FileKind.SCHOOL and record.status in (*PLAN_STATUSES, FileStatus.INVALID):
        review = _plan(conn, stored, record, digest, unit, checks.take(digest))
    identity, origin = record.identity, record.origin
    conn.execute(
        "INSERT INTO receipts (merge_id, sha256, file, kind, status, reason, school_key, school_code, school_name,"
        " school_year, school_level, framework, revision, saved, review, received, errors, warnings,"
        " mail_container, mail_from, mail_date, mail_subject, mail_message_id)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (stored.merge_id, digest, record.shown, str(record.result.kind), str(record.status), record.reason,
         record.school, identity.school_code or record.hint or None, identity.school_name, identity.school_year,
         identity.school_level, identity.framework, identity.revision, record.result.saved, review,
         received_time(record), record.result.errors, record.result.warnings,
         *((origin.container, origin.sender, origin.date, origin.subject, origin.message_id) if origin else
           (None,) * 5)))
    stored.receipts += 1


def received_time(record: FileRecord) -> str | None:
    """When the office received the file: its message's date, else the file's time."""
    if record.origin is not None and record.origin.date:
        return record.origin.date
    mtime = record.result.mtime
    return dt.datetime.fromtimestamp(mtime).astimezone().isoformat(timespec="seconds") if mtime else None


def _blob(conn: sqlite3.Connection, stored: Stored, path: Path) -> str | None:
    """The file's SHA-256, its content stored once (None when the file is not on disk: refused members)."""
    try:
        data = path.read_bytes() if path.stat().st_size <= MAX_BLOB else None
        size = path.stat().st_size
    except OSError:
        return None
    digest = hashlib.sha256(data).hexdigest() if data is not None else _hash_file(path)
    added = conn.execute("INSERT OR IGNORE INTO blobs VALUES (?,?,?)", (digest, size, data)).rowcount
    stored.new_files += added
    return digest


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _plan(conn: sqlite3.Connection, stored: Stored, record: FileRecord, digest: str, unit: str,
          checked: Checked | None | object) -> str:
    """The review of the plan in this file; a valid plan seen for the first time is stored as rows."""
    known = conn.execute("SELECT review FROM plans WHERE sha256 = ?", (digest,)).fetchone()
    if known is not None:
        return str(known["review"])
    found = check_plan(record.result.path) if checked is ASK else cast("Checked | None", checked)
    if found is None:
        return NO_REVIEW
    plan, framework_id, review, completed, valid = found
    if valid and record.status in PLAN_STATUSES:
        _insert_plan(conn, record, digest, unit, plan, load_framework(framework_id), review, completed)
        stored.new_plans += 1
    return review


Checked = tuple[Plan, str, str, int, bool]  # plan, framework id, review, completed actions, valid


def check_plan(path: str) -> Checked | None:
    """Validate one received workbook for the archive (in a worker process, or here)."""
    checked = validate_workbook(path)
    if checked.plan is None or checked.framework is None:
        return None
    progress = compute_progress(checked.plan, checked.framework)
    return checked.plan, checked.framework.id, progress.as_of or NO_REVIEW, progress.completed, checked.valid


class _Checks:
    """The plans the archive has not stored yet, taken in the order it stores them.

    A merge run with `keep_plans` hands over the plans its workers validated (`result.kept_plans`,
    read from its spool one by one). Any other plan is validated again, in `jobs` processes started
    afresh (not forked from this process and its merge), its result taken as it is stored, so memory
    does not grow with the province.
    """

    def __init__(self, conn: sqlite3.Connection, result: MergeResult, jobs: int | None) -> None:
        wanted = {r.result.digest: r.result.path for r in result.files if r.result.digest
                  and r.result.kind == FileKind.SCHOOL and r.status in (*PLAN_STATUSES, FileStatus.INVALID)}
        digests = list(wanted)
        for start in range(0, len(digests), 500):
            chunk = digests[start : start + 500]
            for row in conn.execute(f"SELECT sha256 FROM plans WHERE sha256 IN ({','.join('?' * len(chunk))})", chunk):
                wanted.pop(row["sha256"], None)
        self.kept_plans = result.kept_plans
        self.kept: dict[str, int] = {}  # digest -> the file whose worker kept its plan
        for record in result.files:
            digest = record.result.digest
            if digest in wanted and record.index in self.kept_plans:
                self.kept[digest] = record.index
                del wanted[digest]
        self.pending: deque[str] = deque(wanted)
        self.waiting = set(wanted)
        self.pool: ProcessPoolExecutor | None = None
        self.results: Iterator[Checked | None] = iter(())
        workers = min(jobs or os.cpu_count() or 1, len(wanted), MAX_WORKERS)
        if workers >= 2:
            try:
                self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
                self.results = self.pool.map(check_plan, list(wanted.values()),
                                             chunksize=max(1, min(16, len(wanted) // (workers * 8))))
            except (OSError, RuntimeError, BrokenProcessPool):  # no processes here: each is checked in this one
                self.close()

    def take(self, digest: str) -> Checked | None | object:
        """The checked plan of `digest` (None: it holds no plan); ASK when it must be checked here."""
        if digest in self.kept:
            kept = self.kept_plans[self.kept.pop(digest)]
            return None if kept is None else (kept.plan, kept.framework, kept.review or NO_REVIEW, kept.completed,
                                              kept.valid)
        if self.pool is None or digest not in self.waiting:
            return ASK
        try:
            while self.pending:  # plans skipped since (a file gone from disk) are dropped on the way
                found, ahead = next(self.results), self.pending.popleft()
                self.waiting.discard(ahead)
                if ahead == digest:
                    return found
        except (StopIteration, BrokenProcessPool, OSError):
            self.close()
        return ASK

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def _insert_plan(conn: sqlite3.Connection, record: FileRecord, digest: str, unit: str, plan: Plan,
                 framework: Framework, review: str, completed: int) -> None:
    info, figures = plan.info, record.result.figures
    plan_id = conn.execute(
        "INSERT INTO plans (sha256, school_key, school_code, school_name, unit, school_level, school_year, framework,"
        " revision, saved, received, review, reached, actions, completed, budget) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (digest, code_key(info.code), info.code, info.name, unit, info.level, str(info.year), framework.id,
         record.identity.revision, record.result.saved, received_time(record), review,
         figures.reached if figures else None, len(plan.actions), completed,
         sum(a.cost or 0 for a in plan.actions))).lastrowid
    conn.executemany("INSERT INTO assessments VALUES (?,?,?)",
                     [(plan_id, a.code, a.level) for a in plan.assessments] +
                     [(plan_id, r.code, None if r.met is None else int(r.met)) for r in plan.level4])
    conn.executemany("INSERT INTO actions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", [
        (plan_id, seq, a.sheet, a.row, a.standard, a.criterion, a.tasks, a.lead, _month(a.start), _month(a.end), a.cost,
         a.status_hk1, a.status_year_end) for seq, a in enumerate(plan.actions, start=1)])




def _month(month: Month) -> str:
    return f"{month.year:04d}-{month.month:02d}"
