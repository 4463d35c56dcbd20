"""Inspect one submitted file (worker side): a school's workbook, or a lower office's merge output."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import re
import zipfile
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any, NamedTuple

from qplan_xl import messages as m
from qplan_xl.merge.intake.figures import (
    _plan_figures,
    cell_text,
    plan_shape,
)
from qplan_xl.merge.records import (
    MERGE_TEMPLATE_ID,
    Cell,
    FileIssue,
    FileKind,
    FileResult,
    Identity,
    PlanProgress,
    SchoolRow,
    SchoolStatus,
    SheetRow,
    UnitData,
)
from qplan_xl.merge.sheets import TABLES
from qplan_xl.model import Plan
from qplan_xl.output import os_error_detail
from qplan_xl.report import Report
from qplan_xl.rules.catalog import fold
from qplan_xl.summary.progress import compute_progress
from qplan_xl.validation.book import validate_book
from qplan_xl.workbook.read.reader import RawWorkbook, UnreadableFile, read_workbook

MAX_UNIT_ROWS = 1_000_000  # a province output can hold every action of thousands of schools
LOCK_PREFIX = "~$"
LOCK_MAX_BYTES = 4096  # Excel's owner files are ~165 bytes
NOT_WORKBOOK_CODES = ("file-xls", "file-not-workbook", "file-lock")

_MODIFIED_RE = re.compile(rb"<dcterms:modified[^>]*>\s*([^<\s]+)\s*<")
_IDENTIFIER_RE = re.compile(rb"<dc:identifier[^>]*>\s*([^<]*?)\s*<")


class KeptPlan(NamedTuple):
    """A school's plan as validated by the merge's worker, kept for the archive (`keep_plan`)."""

    plan: Plan
    framework: str  # its id
    review: str | None  # the latest review with statuses (summary.progress: as_of)
    completed: int
    valid: bool


# --- entry point (runs in worker processes) ----------------------------------------------------


def inspect_file(path: str, keep_plan: bool = False, stored: AbstractSet[str] = frozenset()) -> FileResult:
    """Inspect one file; never raises (a program failure becomes an `internal-error` issue).

    `keep_plan`: a school's workbook also gives its validated plan (`FileResult.kept`: a pickled
    KeptPlan, or None when it holds no plan), so that the archive does not validate it again; not
    when its SHA-256 is in `stored` (the archive has it).
    A Rust panic in python-calamine arrives as pyo3's PanicException, a BaseException: it is
    caught too; only the interruptions of the process itself propagate.
    """
    try:
        return _inspect(Path(path), keep_plan, stored)
    except MemoryError:
        return failed(path, "file-memory", FileKind.UNREADABLE)
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # the merge must go on whatever one file does to us
        detail = f"{type(exc).__name__}: {exc}"
        return failed(path, "internal-error", FileKind.UNREADABLE, detail=detail)


def failed(file: str, code: str, kind: FileKind, /, **params: Any) -> FileResult:
    """A file that could not be used, with its one issue (`path` in the message is the file name)."""
    params["path"] = Path(file).name
    template = m.MERGE_ISSUES.get(code) or m.MAIL_ISSUES.get(code)
    if template is not None:
        message = template.format_map(params)
    else:
        message = Report(file=file).error(code, **params).message
    result = FileResult(file, kind=kind, errors=1, issues=[FileIssue("error", code, None, None, message)])
    _stat(result)
    return result


def _inspect(path: Path, keep_plan: bool = False, stored: AbstractSet[str] = frozenset()) -> FileResult:
    if path.name.startswith(LOCK_PREFIX) and _size(path) <= LOCK_MAX_BYTES:
        return failed(str(path), "file-lock", FileKind.NOT_WORKBOOK)
    try:
        book = read_workbook(path)
    except UnreadableFile as exc:
        kind = FileKind.NOT_WORKBOOK if exc.code in NOT_WORKBOOK_CODES else FileKind.UNREADABLE
        return failed(str(path), exc.code, kind, **exc.params)
    except OSError as exc:  # permission denied, file vanished, network share dropped
        return failed(str(path), "file-unreadable", FileKind.UNREADABLE, detail=os_error_detail(exc, reading=True))
    result = FileResult(str(path))
    _stat(result)
    identifier = _file_facts(book, result)
    if identifier.startswith(MERGE_TEMPLATE_ID) or _is_unit(book):
        return _inspect_unit(path, result)
    return _inspect_school(book, result, keep_plan and book.digest not in stored)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _stat(result: FileResult) -> None:
    try:
        stat = os.stat(result.path)
    except OSError:
        return
    result.size, result.mtime = stat.st_size, stat.st_mtime


def _file_facts(book: RawWorkbook, result: FileResult) -> str:
    """Digest and last-saved time into `result` (of the bytes the reader read); the package identifier."""
    result.digest = book.digest
    core = book.properties
    if not core:
        return ""
    result.saved = _saved_time(core)
    found = _IDENTIFIER_RE.search(core)
    return found[1].decode("utf-8", "replace") if found else ""


def _saved_time(core: bytes) -> str | None:
    """`dcterms:modified` as an ISO UTC timestamp, None when absent or malformed."""
    found = _MODIFIED_RE.search(core)
    if not found:
        return None
    text = found[1].decode("ascii", "replace").replace("Z", "+00:00")
    try:
        stamp = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return stamp.isoformat(timespec="seconds")


# --- is it a merge output? ------------------------------------------------------------------------


def is_merge_output(path: Path) -> bool:
    """True when `path` is a consolidated workbook written by the merge (a previous output).

    Reads only the package identifier, else (a copy re-saved by Excel loses it) the `_meta`
    sheet; anything unreadable is not a merge output.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            core = archive.read("docProps/core.xml") if "docProps/core.xml" in archive.namelist() else b""
        found = _IDENTIFIER_RE.search(core)
        if found and found[1].decode("utf-8", "replace").startswith(MERGE_TEMPLATE_ID):
            return True
        return _meta_is_unit(path)
    except Exception:  # a broken file is simply not one of our outputs
        return False


def _meta_is_unit(path: Path) -> bool:
    # Through the reader's guard: a hostile file at the output path must not abort the process.
    sheet = read_workbook(path, max_rows=50).sheet(m.MERGE_SHEETS["meta"])
    rows = sheet.rows if sheet is not None else []
    return any(len(r) > 1 and str(r[0]).strip() == "template_id" and str(r[1]).strip() == MERGE_TEMPLATE_ID
               for r in rows)


def _is_unit(book: RawWorkbook) -> bool:
    """A merge output re-saved by Excel may lose its identifier; its `_meta` still says what it is."""
    sheet = book.sheet(m.MERGE_SHEETS["meta"])
    if sheet is None:
        return False
    return any(r and r[0] == "template_id" and len(r) > 1 and r[1] == MERGE_TEMPLATE_ID for r in sheet.rows)


# --- a school's workbook -------------------------------------------------------------------------


def _inspect_school(book: RawWorkbook, result: FileResult, keep_plan: bool = False) -> FileResult:
    report = Report(file=result.path)
    try:
        validation = validate_book(book, report)
    except Exception as exc:  # a validator bug must still end as a report, under the school's name
        report.error("internal-error", path=Path(result.path).name, detail=f"{type(exc).__name__}: {exc}")
        result.errors = report.errors
        result.issues = _issues(report)
        result.identity = _meta_identity(book)
        return result
    result.identity = _school_identity(validation.identity)
    result.valid, result.errors, result.warnings = report.valid, report.errors, report.warnings
    if validation.plan is not None:
        result.shape = plan_shape(validation.plan)
    if not report.valid:
        result.issues = _issues(report)
    elif validation.plan is not None and validation.framework is not None:
        _plan_figures(result, validation.plan, validation.framework)
    if keep_plan:
        result.kept = pickle.dumps(_kept(validation.plan, validation.framework, report.valid), pickle.HIGHEST_PROTOCOL)
    return result


def _kept(plan: Plan | None, framework: Any, valid: bool) -> KeptPlan | None:
    if plan is None or framework is None:
        return None
    progress = compute_progress(plan, framework)
    return KeptPlan(plan, framework.id, progress.as_of, progress.completed, valid)


def _meta_identity(book: RawWorkbook) -> Identity:
    """Who the workbook was issued to (`_meta`), when validation could not say: never "missing"."""
    meta = _meta(book)
    revision = meta.get("revision", "")
    return Identity(school_code=meta.get("school_code") or None, school_level=meta.get("school_level") or None,
                    school_year=meta.get("school_year") or None, framework=meta.get("framework") or None,
                    revision=int(revision) if revision.isdigit() else None)


def _school_identity(found: Mapping[str, Any]) -> Identity:
    return Identity(
        school_code=found.get("school_code"), school_name=found.get("school_name"),
        school_level=found.get("school_level"), school_year=found.get("school_year"),
        framework=found.get("framework"), revision=found.get("revision"), issued_code=found.get("issued_code"),
    )


def _issues(report: Report) -> list[FileIssue]:
    return [FileIssue(i.severity, i.code, i.sheet, i.cell, i.message) for i in report.issues]


# --- a lower office's merge output (province level) ------------------------------------------------

_STATUS = {fold(label): SchoolStatus(key) for key, label in m.MERGE_SCHOOL_STATUS.items()}
_LEVELS = {fold(label): key for key, label in m.SCHOOL_LEVELS.items()}
_REACHED: dict[str, int | None] = {fold(m.level_label(k)): k for k in range(1, 5)}
_REACHED |= {fold(m.MERGE_REACHED["none"]): 0, fold(m.MERGE_REACHED["open"]): None}
_YES_NO = {fold(m.MERGE_YES): True, fold(m.MERGE_NO): False}
_AS_OF = {fold(label): key for key, label in m.MERGE_AS_OF.items()}


class _Unreadable(Exception):
    """A table of the output is missing or has lost its header."""


def _inspect_unit(path: Path, result: FileResult) -> FileResult:
    """Fill `result` from a merge output given as input; a damaged output becomes one issue."""
    book = read_workbook(path, max_rows=MAX_UNIT_ROWS)
    meta = _meta(book)
    try:
        tables = {key: _table(book, key) for key in ("schools", "actions", "criteria", "issues")}
    except _Unreadable as exc:
        broken = failed(str(path), "unit-unreadable", FileKind.UNREADABLE, sheet=str(exc))
        broken.identity = Identity(unit=meta.get("unit") or path.stem, school_year=meta.get("school_year"))
        return broken
    unit = meta.get("unit") or path.stem
    result.kind, result.valid = FileKind.UNIT, True
    result.identity = Identity(unit=unit, school_year=meta.get("school_year") or None,
                               generated=meta.get("generated") or "")
    result.actions = tables["actions"]
    result.unit = UnitData(
        unit=unit, year=meta.get("school_year") or "", levels=meta.get("levels") or "",
        generated=meta.get("generated") or "",
        schools=[_school(row) for row in tables["schools"]],
        criteria=tables["criteria"], issues=tables["issues"],
    )
    return result


def _meta(book: RawWorkbook) -> dict[str, str]:
    sheet = book.sheet(m.MERGE_SHEETS["meta"])
    rows = sheet.rows if sheet is not None else []
    return {str(r[0]): "" if r[1] is None else str(r[1]) for r in rows if len(r) > 1 and r[0] is not None}


def _table(book: RawWorkbook, key: str) -> list[SheetRow]:
    """Rows of one table in the column order of TABLES[key] (columns found by their label)."""
    name = m.MERGE_SHEETS[key]
    sheet = book.sheet(name)
    if sheet is None or not sheet.rows:
        raise _Unreadable(name)
    found = {fold(str(v)): i for i, v in enumerate(sheet.rows[0]) if v is not None}
    where = [next((found[fold(h)] for h in c.read_labels if fold(h) in found), None) for c in TABLES[key]]
    if where[0] is None or where[1] is None:
        raise _Unreadable(name)
    return [tuple(_cell(row, i) for i in where) for row in sheet.rows[1:] if any(v is not None for v in row)]


def _cell(row: list[Cell], index: int | None) -> Cell:
    if index is None or index >= len(row):
        return None
    value = row[index]
    return value.isoformat(timespec="seconds") if isinstance(value, dt.datetime) else value


def _school(values: SheetRow) -> SchoolRow:
    row = dict(zip((c.key for c in TABLES["schools"]), values, strict=True))
    status = _STATUS.get(fold(str(row["status"] or "")), SchoolStatus.INVALID)
    return SchoolRow(
        unit=cell_text(row["unit"]), code=cell_text(row["school_code"]), name=cell_text(row["school_name"]),
        level=_LEVELS.get(fold(cell_text(row["school_level"]))) or cell_text(row["school_level"]) or None,
        status=status, reason=cell_text(row["reason"]),
        in_roster=_YES_NO.get(fold(cell_text(row["in_roster"]))), file=cell_text(row["file"]),
        revision=_int(row["revision"]), saved=cell_text(row["saved"]) or None,
        framework=cell_text(row["framework"]),
        reached=_REACHED.get(fold(cell_text(row["reached"]))) if status == SchoolStatus.VALID else None,
        levels={k: cell_text(row[f"level_{k}"]) for k in range(1, 5) if row[f"level_{k}"]},
        actions=_int(row["actions"]), budget=_int(row["budget"]), errors=_int(row["errors"]),
        warnings=_int(row["warnings"]), received=_int(row["received"]) or 0,
        progress=_progress(row) if status == SchoolStatus.VALID else None,
    )


def _progress(row: dict[str, Cell]) -> PlanProgress | None:
    """`Rà soát` and `Hoàn thành/tổng` of a school row read back; None when the plan had no review."""
    as_of = _AS_OF.get(fold(cell_text(row["as_of"])))
    done, _, total = cell_text(row["completed"]).partition("/")
    if as_of is None or not (done.strip().isdigit() and total.strip().isdigit()):
        return None
    return PlanProgress(as_of, int(total), int(done), _int(row["overdue"]) or 0)


def _int(value: Cell) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
