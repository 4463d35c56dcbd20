"""The tables of the consolidated workbook: their columns, and each row as display values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from qplan_xl import messages as m
from qplan_xl.mail import origin_label
from qplan_xl.merge.records import Cell, FileRecord, Notice, SchoolRow, SchoolStatus, SheetRow
from qplan_xl.rules.catalog import Framework, list_frameworks
from qplan_xl.workbook import layout


@dataclass(frozen=True)
class Col:
    """One column of a table sheet: key, width, how its values are shown, and its header labels."""

    key: str
    width: float
    kind: str = "text"  # text | wrap | number | money | date | percent | status
    labels: tuple[str, ...] = ()  # plan columns: the label of each form (first: the one written)

    @property
    def header(self) -> str:
        return self.labels[0] if self.labels else m.MERGE_HEADERS[self.key]

    @property
    def read_labels(self) -> tuple[str, ...]:
        """Every header under which this column is read back from a merge output."""
        return self.labels or (self.header,)


def _plan_col(column: layout.Column, labels: tuple[str, ...]) -> Col:
    kind = {"money": "money", "number": "number", "status": "status"}.get(column.kind, "text")
    wide = column.width >= 20
    return Col(column.key, column.width, "wrap" if wide and kind == "text" else kind, labels)


def _all_plan_columns(*specs: tuple[layout.Column, ...]) -> tuple[Col, ...]:
    """Every plan column of every form, by key, in the order of the newest form (Biểu 2 first)."""
    found: dict[str, tuple[layout.Column, list[str]]] = {}
    for spec in specs:
        for column in spec:
            entry = found.setdefault(column.key, (column, []))
            if column.header not in entry[1]:
                entry[1].append(column.header)
    return tuple(_plan_col(column, tuple(labels)) for column, labels in found.values())


SCHOOL_COLUMNS = (
    Col("unit", 18), Col("school_code", 11), Col("school_name", 32, "wrap"), Col("school_level", 12),
    Col("in_roster", 10), Col("status", 15, "status"), Col("reason", 48, "wrap"), Col("file", 34, "wrap"),
    Col("revision", 8, "number"), Col("saved", 17, "date"), Col("framework", 15), Col("reached", 16),
    Col("level_1", 11), Col("level_2", 11), Col("level_3", 11), Col("level_4", 11),
    Col("actions", 10, "number"), Col("budget", 16, "money"),
    Col("as_of", 15), Col("completed", 13), Col("ratio", 11, "percent"), Col("overdue", 10, "number"),
    Col("errors", 8, "number"), Col("warnings", 10, "number"), Col("received", 10, "number"),
)
ACTION_PREFIX = (
    Col("unit", 16), Col("school_code", 11), Col("school_name", 28, "wrap"), Col("school_level", 11),
    Col("standard", 10),
)
# Every plan column of every form; the sheet of one merge shows those of its plans' forms
# (sheets.action_columns), so a column added to the layout spec flows into the merged sheet.
PLAN_TABLE_COLUMNS = _all_plan_columns(layout.PLAN_COLUMNS_BIEU2, layout.PLAN_COLUMNS)
ACTION_COLUMNS = ACTION_PREFIX + PLAN_TABLE_COLUMNS + (Col("source", 16),)
CRITERIA_COLUMNS = (
    Col("framework", 15), Col("standard", 10), Col("criterion", 9), Col("criterion_name", 50, "wrap"),
    Col("schools", 12, "number"), Col("below_1", 11, "number"), Col("below_2", 11, "number"),
    Col("below_3", 11, "number"), Col("below_target", 13, "number"), Col("uncovered", 15, "number"),
    Col("actions", 11, "number"), Col("schools_with_actions", 13, "number"), Col("budget", 17, "money"),
)
ISSUE_COLUMNS = (
    Col("unit", 16), Col("file", 40, "wrap"), Col("school_code", 11), Col("school_name", 28, "wrap"),
    Col("file_status", 16, "status"), Col("severity", 10), Col("sheet", 12), Col("cell", 8),
    Col("message", 70, "wrap"),
)
MISSING_COLUMNS = (
    Col("unit", 18), Col("school_code", 11), Col("school_name", 36, "wrap"), Col("school_level", 14),
    Col("manager", 32, "wrap"),
)
SUPERSEDED_COLUMNS = (
    Col("file", 36, "wrap"), Col("school_code", 11), Col("school_name", 28, "wrap"),
    Col("revision", 8, "number"), Col("saved", 17, "date"), Col("errors", 8, "number"),
    Col("replaced_by", 36, "wrap"), Col("replaced_revision", 11, "number"), Col("reason", 40, "wrap"),
    Col("changes", 50, "wrap"),
)
FILE_COLUMNS = (
    Col("file", 40, "wrap"), Col("file_status", 18, "status"), Col("school_code", 11), Col("school_name", 28, "wrap"),
    Col("year", 11), Col("school_level", 12), Col("revision", 8, "number"), Col("saved", 17, "date"),
    Col("size", 10, "number"), Col("errors", 8, "number"), Col("warnings", 10, "number"),
    Col("reason", 60, "wrap"), Col("origin", 50, "wrap"),
)
UNIT_COLUMNS = (
    Col("unit", 30, "wrap"), Col("schools", 10, "number"), Col("valid", 10, "number"),
    Col("invalid", 11, "number"), Col("unreadable", 12, "number"), Col("missing", 10, "number"),
    Col("actions", 11, "number"), Col("budget", 17, "money"), Col("completed", 14), Col("ratio", 12, "percent"),
)
NOTICE_COLUMNS = (Col("notice", 18), Col("school_code", 11), Col("file", 34, "wrap"), Col("message", 90, "wrap"))

TABLES = {
    "units": UNIT_COLUMNS,
    "schools": SCHOOL_COLUMNS,
    "actions": ACTION_COLUMNS,
    "criteria": CRITERIA_COLUMNS,
    "issues": ISSUE_COLUMNS,
    "missing": MISSING_COLUMNS,
    "superseded": SUPERSEDED_COLUMNS,
    "files": FILE_COLUMNS,
    "notices": NOTICE_COLUMNS,
}
# Fill colours of status cells, by what the status means for the clerk.
GOOD, WAIT, BAD, GREY = "C6EFCE", "FFEB9C", "FFC7CE", "E7E6E6"
STATUS_COLOURS = {
    **{m.MERGE_SCHOOL_STATUS[k]: c for k, c in (("valid", GOOD), ("invalid", BAD), ("unreadable", BAD),
                                                 ("missing", WAIT))},
    **{m.MERGE_FILE_STATUS[k]: c for k, c in (("merged", GOOD), ("superseded", GREY), ("invalid", BAD),
                                               ("unreadable", BAD), ("not-workbook", BAD), ("other-year", WAIT),
                                               ("other-level", WAIT))},
    **{s.label: c for f in list_frameworks() if f.form is not None for s in f.form.statuses
       for key, c in (("completed", GOOD), ("in_progress", WAIT), ("not_completed", BAD), ("dropped", GREY))
       if s.key == key},
}

# Columns kept in the sheet but grouped and folded away (Excel's "+" opens them): they do not print,
# so a printed page holds what a meeting reads. The clerk unfolds them to work.
ASIDE = {
    "schools": {"in_roster", "file", "revision", "saved", "framework", "errors", "warnings", "received"},
    "actions": {"school_level", "no", "partners", "funding", "support", "evidence", "note", "source", "result"},
    "criteria": {"schools_with_actions"},
    "issues": {"unit", "file_status"},
    "superseded": {"revision", "saved", "errors", "replaced_revision"},
    "files": {"year", "school_level", "revision", "saved", "size", "warnings"},
    "missing": set(),
}
FROZEN = {"schools": "D2", "actions": "D2", "issues": "C2", "missing": "C2", "files": "B2"}




MERGED_WIDTHS = {"criterion": 9}  # the school's sheet shows "1.3 - name"; the merge keeps the code


def action_columns(specs: Iterable[tuple[layout.Column, ...]]) -> tuple[Col, ...]:
    """The actions sheet of one merge: its plans' plan columns (labels of the first form), in order."""
    keys: dict[str, str] = {}
    for spec in specs:
        for column in spec:
            keys.setdefault(column.key, column.header)
    table = {c.key: c for c in PLAN_TABLE_COLUMNS}
    plan = tuple(Col(k, MERGED_WIDTHS.get(k, table[k].width), table[k].kind, (label,)) for k, label in keys.items())
    return ACTION_PREFIX + plan + (ACTION_COLUMNS[-1],)


PROGRESS_KEYS = ("as_of", "completed", "ratio", "overdue")


def shown_tables(frameworks: Sequence[Framework]) -> dict[str, tuple[Col, ...]]:
    """The columns each sheet shows for the merged plans' frameworks (TABLES: every column there is).

    The rows are built with every column of TABLES and projected (see `projection`): a TT57 year
    shows Biểu 2's plan columns, Mức 1-2 only and the progress of the reviews.
    """
    top = max((f.rule.max_level for f in frameworks), default=4)
    reviews = any(f.form is not None for f in frameworks) or not frameworks
    hidden = {f"level_{k}" for k in range(top + 1, 5)} | {f"below_{k}" for k in range(top + 1, 4)} | (set() if reviews else set(PROGRESS_KEYS))
    shown = {key: tuple(c for c in cols if c.key not in hidden) for key, cols in TABLES.items()}
    if frameworks:
        shown["actions"] = action_columns(layout.plan_columns(f) for f in frameworks)
    return shown


def projection(full: tuple[Col, ...], shown: tuple[Col, ...]) -> list[int]:
    """Where each shown column sits in the full row."""
    where = {c.key: i for i, c in enumerate(full)}
    return [where[c.key] for c in shown]


def project(rows: Iterable[SheetRow], where: list[int]) -> Iterator[SheetRow]:
    """The cells at `where` of each row (None past the end of a short row)."""
    needed = max(where, default=-1) + 1
    pick = itemgetter(*where) if len(where) > 1 else lambda row: tuple(row[i] for i in where)
    for row in rows:
        yield pick(row) if len(row) >= needed else tuple(row[i] if i < len(row) else None for i in where)


# --- display values -------------------------------------------------------------------------------


def level_label(level: str | None) -> str:
    return m.SCHOOL_LEVELS.get(level or "", level or "")


def reached_label(row: SchoolRow) -> str:
    if row.status != SchoolStatus.VALID:
        return ""
    if row.reached is None:
        return m.MERGE_REACHED["open"]
    return m.MERGE_REACHED["none"] if row.reached == 0 else m.level_label(row.reached)


def saved_value(saved: str | None) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(saved) if saved else None
    except ValueError:
        return None


def yes_no(value: bool | None) -> str:
    return "" if value is None else (m.MERGE_YES if value else m.MERGE_NO)


def school_values(row: SchoolRow) -> SheetRow:
    return (
        row.unit, row.code, row.name, level_label(row.level), yes_no(row.in_roster),
        m.MERGE_SCHOOL_STATUS[row.status], row.reason, row.file, row.revision, saved_value(row.saved),
        row.framework, reached_label(row), *(row.levels.get(k, "") for k in (1, 2, 3, 4)),
        row.actions, row.budget, *progress_values(row), row.errors, row.warnings, row.received,
    )


def progress_values(row: SchoolRow) -> tuple[Cell, ...]:
    """Rà soát, Hoàn thành/tổng, Tỷ lệ, Quá hạn of a valid plan that has a review with statuses."""
    found = row.progress if row.status == SchoolStatus.VALID else None
    if found is None:
        return (None, None, None, None)
    ratio = round(found.completed / found.total, 4) if found.total else None
    return (m.MERGE_AS_OF[found.as_of], f"{found.completed}/{found.total}", ratio, found.overdue)


def unit_values(unit: dict[str, Any]) -> SheetRow:
    """A row of «Đơn vị» from MergeResult.units()."""
    progress = unit["progress"] or {}
    done = f"{progress['completed']}/{progress['total']}" if progress else None
    return (unit["unit"] or m.MERGE_NO_UNIT, unit["schools"], unit["valid"], unit["invalid"],
            unit["unreadable"], unit["missing"], unit["actions"], unit["budget"], done, progress.get("ratio"))


def missing_values(row: SchoolRow, authority: str) -> SheetRow:
    return (row.unit, row.code, row.name, level_label(row.level), authority)


def file_values(record: FileRecord) -> SheetRow:
    identity, result = record.identity, record.result
    code, name = _who(record)
    return (
        record.shown, m.MERGE_FILE_STATUS[record.status], code, name, identity.school_year,
        level_label(identity.school_level), identity.revision, saved_value(result.saved),
        round(result.size / 1024) if result.size else 0, result.errors, result.warnings,
        _file_reason(record), origin_label(record.origin),
    )


def _file_reason(record: FileRecord) -> str:
    if record.hint:
        hint = m.MERGE_REASONS["hint"].format(code=record.hint)
        return f"{record.reason} {hint}".strip()
    return record.reason


def _who(record: FileRecord) -> tuple[str, str]:
    identity = record.identity
    if identity.school_code:
        return identity.school_code, identity.school_name or ""
    if identity.unit:
        return "", identity.unit
    return record.hint, ""


def superseded_values(record: FileRecord, replacement: FileRecord) -> SheetRow:
    code, name = _who(record)
    return (
        record.shown, code, name, record.revision, saved_value(record.result.saved), record.result.errors,
        replacement.shown, replacement.revision, record.reason, changes_text(record.changes),
    )


def changes_text(changes: dict[str, Any] | None) -> str:
    """What the replacing file changed, in one Vietnamese line (select.resubmission_changes)."""
    c = m.MERGE_CHANGES
    if changes is None:
        return c["unknown"]
    actions = changes["actions"]
    parts = []
    if actions["added"] or actions["removed"] or actions["old"] != actions["new"]:
        parts.append(c["actions"].format(**actions))
    if changes["columns"]:
        labels = {col.key: col.header for col in PLAN_TABLE_COLUMNS}
        parts.append(c["columns"].format(columns=", ".join(labels[k] for k in changes["columns"])))
    if changes["levels"]:
        shown = [c["level"].format(criterion=x["criterion"], old=_level(x["old"]), new=_level(x["new"]))
                 for x in changes["levels"]]
        parts.append(c["levels"].format(levels=", ".join(shown)))
    if changes["info"]:
        fields = [m.INFO_LABELS.get(_INFO_KEYS.get(k, k), k) for k in changes["info"]]
        parts.append(c["info"].format(fields=", ".join(fields)))
    text = "; ".join(parts) or c["none"]
    return text[:1].upper() + text[1:]


_INFO_KEYS = {"name": "school_name"}  # SchoolInfo attribute -> INFO_LABELS key


def _level(level: int | None) -> str:
    if level is None:
        return m.MERGE_CHANGES["blank"]
    return m.LEVEL_NONE if level == 0 else m.level_label(level)


def issue_rows(record: FileRecord, unit: str) -> Iterator[SheetRow]:
    """Rows of `Tep loi` for one file: who, its status, then each issue with where it is."""
    code, name = _who(record)
    head = (unit, record.shown, code, name, m.MERGE_FILE_STATUS[record.status])
    for severity, issue_code, sheet, cell, message in record.returned_issues():
        if record.hint and issue_code.startswith("file-"):
            message = f"{message} {m.MERGE_REASONS['hint'].format(code=record.hint)}"
        yield head + (m.MERGE_SEVERITY.get(severity, severity), sheet, cell, message)


def notice_values(notice: Notice) -> SheetRow:
    return (m.MERGE_NOTICE_KINDS.get(notice.code, ""), notice.school_code, notice.file, notice.message)
