"""The merge's result: its counts, JSON summary (DESIGN 5.1, stable English keys) and Vietnamese text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cmp_to_key
from pathlib import Path
from typing import Any, NamedTuple

from qplan_xl import messages as m
from qplan_xl.mail import Draft, Letter, Returned
from qplan_xl.merge.records import (
    RETURNED,
    Cell,
    FileIssue,
    FileKind,
    FileRecord,
    FileStatus,
    Notice,
    PlanProgress,
    SchoolRow,
    SchoolStatus,
    SheetRow,
    code_key,
    newest_first,
)
from qplan_xl.merge.sheets import changes_text
from qplan_xl.rules.catalog import Framework, default_framework, list_frameworks, load_framework
from qplan_xl.workbook.cells import format_money

TEXT_LIMIT = 60  # lines per section of the text report; the workbook has them all


class CriterionRow(NamedTuple):
    """One line of the criteria sheet: a criterion of a framework, summed over the schools."""

    framework: str
    standard: Cell
    criterion: str
    name: str
    schools: int
    below_1: int
    below_2: int
    below_3: int
    below_target: int
    uncovered: int
    actions: int
    schools_with_actions: int
    budget: int


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
    criteria: list[CriterionRow] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    authorities: dict[str, str] = field(default_factory=dict)  # school code_key -> roster authority
    actions: int = 0
    output: str | None = None
    unit_codes: dict[int, set[str]] = field(default_factory=dict, repr=False)  # unit file -> schools taken
    drafts: list[Draft] = field(default_factory=list)  # written with --return-dir
    unit_criteria: dict[str, dict[str, list[int]]] = field(default_factory=dict, repr=False)  # see tables
    # With merge_workbooks(keep_plans=True), during `while_received` only: file index -> its validated
    # plan (intake.files.KeptPlan, or None when the file held no plan), read back from the spool.
    kept_plans: Mapping[int, Any] = field(default_factory=dict, repr=False, compare=False)

    def counts(self) -> dict[str, int]:
        """The DESIGN 5.1 counts (see docs/merge.md for what each one counts)."""
        files = self.file_status()
        schools = self.school_status()
        return {
            "files": len(self.files),
            "schools": len(self.schools),
            "valid": schools[SchoolStatus.VALID],
            "invalid": schools[SchoolStatus.INVALID],
            "unreadable": files[FileStatus.UNREADABLE] + files[FileStatus.NOT_WORKBOOK],
            "superseded": files[FileStatus.SUPERSEDED],
            "missing": schools[SchoolStatus.MISSING],
            "actions": self.actions,
            "budget": sum(s.budget or 0 for s in self.schools if s.status == SchoolStatus.VALID),
        }

    def progress(self) -> dict[str, Any] | None:
        """Actions completed over the valid plans that carry review statuses; None when none does."""
        return progress_dict(s.progress for s in self.schools if s.status == SchoolStatus.VALID)

    def units(self) -> list[dict[str, Any]]:
        """Per unit of the school rows (roster's Đơn vị/Cụm/Xã-Phường, or the merged outputs' units).

        Empty when no school has a unit. `unreadable` counts schools here (their files could be tied
        to them), unlike the file count of the same name at the top level.
        """
        groups: dict[str, list[SchoolRow]] = {}
        for school in self.schools:
            groups.setdefault(school.unit, []).append(school)
        if list(groups) == [""]:
            return []
        return [unit_dict(name, rows) for name, rows in groups.items()]

    def levels_reached(self) -> list[tuple[str, int]]:
        """(category, schools) over the valid plans: no level, Mức 1..top, open (blanks).

        The top is the highest level of the merged plans' frameworks: Mức 2 for a TT57 year.
        """
        found = Counter(s.reached for s in self.schools if s.status == SchoolStatus.VALID)
        top = max((f.rule.max_level for f in self.frameworks()), default=4)
        top = max([top, *(k for k in found if k)])
        labels = {0: m.MERGE_REACHED["none"], None: m.MERGE_REACHED["open"]}
        categories = (0, *range(1, top + 1), None)
        return [(labels.get(k) or m.level_label(k or 0), found[k]) for k in categories]

    def frameworks(self) -> list[Framework]:
        """Frameworks of the valid plans, else the one the year's schools use (the sheets' columns)."""
        ids = dict.fromkeys(s.framework for s in self.schools if s.status == SchoolStatus.VALID and s.framework)
        found = [f for f in (_framework(i) for i in ids) if f is not None]
        if found or not self.year:
            return found
        start = int(self.year[:4]) if self.year[:4].isdigit() else 0
        return [default_framework(level, start) for level in (self.levels or ("tieu-hoc",))
                if _applies(level)][:1]

    def file_status(self) -> dict[str, int]:
        found = Counter(r.status for r in self.files)
        return {s.value: found[s] for s in FileStatus}

    def school_status(self) -> dict[str, int]:
        found = Counter(s.status for s in self.schools)
        return {s.value: found[s] for s in SchoolStatus}

    def to_dict(self) -> dict[str, Any]:
        return merge_dict(self)

    def to_text(self) -> str:
        return merge_text(self)


def unit_dict(name: str, rows: list[SchoolRow]) -> dict[str, Any]:
    """One unit's figures: its schools by status, then the actions, budget and progress of its valid plans."""
    found = Counter(s.status for s in rows)
    valid = [s for s in rows if s.status == SchoolStatus.VALID]
    return {
        "unit": name, "schools": len(rows), **{s.value: found[s] for s in SchoolStatus},
        "actions": sum(s.actions or 0 for s in valid), "budget": sum(s.budget or 0 for s in valid),
        "progress": progress_dict(s.progress for s in valid),
    }


def _framework(framework_id: str) -> Framework | None:
    try:
        return load_framework(framework_id)
    except KeyError:
        return None


def _applies(level: str) -> bool:
    return any(f.applies_to(level) for f in list_frameworks())


def merge_dict(result: MergeResult) -> dict[str, Any]:
    """Counts first (DESIGN 5.1), then the run's frame, then one record per file and school."""
    data: dict[str, Any] = dict(result.counts())
    data["progress"] = result.progress()
    data["units"] = result.units()
    data.update({
        "unit": result.unit,
        "year": result.year,
        "year_inferred": result.year_inferred,
        "levels": list(result.levels),
        "roster": result.roster,
        "generated": result.generated,
        "output": result.output,
        "file_status": result.file_status(),
        "school_status": result.school_status(),
        "file_records": [_file_dict(r, result) for r in result.files],
        "school_records": [_school_dict(s) for s in result.schools],
        "criteria": [dict(zip(CriterionRow._fields, _plain(row), strict=True)) for row in result.criteria],
        "notices": [n.to_dict() for n in result.notices],
    })
    if result.drafts:
        data["drafts"] = [{"school_code": d.code or None, "to": d.to or None, "eml": str(d.eml), "text": str(d.text)}
                          for d in result.drafts]
    return data


def _file_dict(record: FileRecord, result: MergeResult) -> dict[str, Any]:
    identity, found = record.identity, record.result
    replaced = result.files[record.replaced_by].shown if record.replaced_by is not None else None
    return {
        "file": record.shown,
        "path": found.path,
        "kind": found.kind,
        "status": record.status,
        "reason": record.reason,
        "school_code": identity.school_code or record.hint or None,
        "school_hint": bool(record.hint),
        "school_name": identity.school_name or identity.unit,
        "school_year": identity.school_year,
        "school_level": identity.school_level,
        "framework": identity.framework,
        "revision": identity.revision,
        "saved": found.saved,
        "size": found.size,
        "sha256": found.digest or None,
        "errors": found.errors,
        "warnings": found.warnings,
        "replaced_by": replaced,
        "changes": record.changes,
        "issues": [_issue_dict(i) for i in record.returned_issues()],
        "origin": record.origin.to_dict() if record.origin is not None else None,
    }


def _issue_dict(issue: FileIssue) -> dict[str, Any]:
    return {"code": issue.code, "severity": issue.severity, "sheet": issue.sheet, "cell": issue.cell,
            "message": issue.message}


def _school_dict(row: SchoolRow) -> dict[str, Any]:
    return {
        "unit": row.unit, "code": row.code, "name": row.name, "level": row.level, "status": row.status,
        "reason": row.reason, "in_roster": row.in_roster, "file": row.file or None,
        "revision": row.revision, "saved": row.saved, "framework": row.framework or None,
        "reached": row.reached if row.status == SchoolStatus.VALID else None,
        "levels": {str(k): v for k, v in sorted(row.levels.items())},
        "actions": row.actions, "budget": row.budget, "errors": row.errors, "warnings": row.warnings,
        "received": row.received,
        "progress": _school_progress(row),
    }


def _school_progress(row: SchoolRow) -> dict[str, Any] | None:
    found = row.progress if row.status == SchoolStatus.VALID else None
    if found is None:
        return None
    data = progress_dict([found])
    assert data is not None
    return {"as_of": found.as_of, **data, "overdue": found.overdue}


def progress_dict(found: Iterable[PlanProgress | None]) -> dict[str, Any] | None:
    """{"total", "completed", "ratio"} summed over the plans that have a review; None when none has."""
    plans = [p for p in found if p is not None]
    if not plans:
        return None
    total, completed = sum(p.total for p in plans), sum(p.completed for p in plans)
    return {"total": total, "completed": completed, "ratio": round(completed / total, 4) if total else None}


def _plain(row: SheetRow) -> list[Any]:
    return [v if isinstance(v, (int, str)) or v is None else str(v) for v in row]


# --- text -----------------------------------------------------------------------------------------


def merge_text(result: MergeResult) -> str:
    """What `qplan merge` prints: the counts, then who must resubmit, what is unreadable, who is missing."""
    c, files = m.MERGE_CLI, result.file_status()
    counts = result.counts()
    unit = c["unit_suffix"].format(unit=result.unit) if result.unit else ""
    lines = [
        c["header"].format(files=counts["files"], year=result.year or "?", unit=unit),
        c["line_schools"].format(unreadable_schools=result.school_status()[SchoolStatus.UNREADABLE], **counts),
        c["line_files"].format(merged=files[FileStatus.MERGED], other_year=files[FileStatus.OTHER_YEAR],
                               other_level=files[FileStatus.OTHER_LEVEL], **counts),
        c["line_actions"].format(actions=counts["actions"], budget=format_money(counts["budget"])),
    ]
    progress = result.progress()
    if progress is not None:
        lines.append(c["line_progress"].format(percent=round(100 * (progress["ratio"] or 0)), **progress))
    units = result.units()
    if len(units) > 1:
        lines += _section(c["units"], [c["unit_line"].format_map(
            {**u, "unit": u["unit"] or m.MERGE_NO_UNIT, "resubmit": u["invalid"] + u["unreadable"]}) for u in units])
    resubmit = [s for s in result.schools if s.status in (SchoolStatus.INVALID, SchoolStatus.UNREADABLE)]
    lines += _section(c["resubmit"], [c["resubmit_line"].format(code=s.code, name=s.name, reason=s.reason)
                                      for s in resubmit])
    bad = [r for r in result.files if r.status in (FileStatus.UNREADABLE, FileStatus.NOT_WORKBOOK) or
           (r.status == FileStatus.INVALID and r.school is None)]
    lines += _section(c["unreadable_files"], [c["file_line"].format(file=r.shown, reason=r.reason) for r in bad])
    missing = [s for s in result.schools if s.status == SchoolStatus.MISSING]
    lines += _section(c["missing"], [c["missing_line"].format(code=s.code, name=s.name) for s in missing])
    superseded = [r for r in result.files if r.status == FileStatus.SUPERSEDED]
    lines += _section(c["superseded"], [c["file_line"].format(file=r.shown, reason=_joined(r.reason, changes_text(r.changes)))
                                        for r in superseded])
    lines += _section(c["notices"], [c["notice_line"].format(message=n.message) for n in result.notices])
    if result.output:
        lines += ["", c["wrote"].format(path=result.output)]
    return "\n".join(lines)


def _joined(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _section(title: str, items: list[str]) -> list[str]:
    if not items:
        return []
    shown = items[:TEXT_LIMIT]
    more = [m.MERGE_CLI["more"].format(count=len(items) - TEXT_LIMIT)] if len(items) > TEXT_LIMIT else []
    return ["", title, *shown, *more]


# --- letters to the schools that must resend (--return-dir) -----------------------------------------

RESEND = (SchoolStatus.INVALID, SchoolStatus.UNREADABLE)
ANNOTATED = (FileStatus.INVALID, FileStatus.OTHER_YEAR, FileStatus.OTHER_LEVEL)


def return_letters(result: MergeResult) -> list[Letter]:
    """One letter per school that must resend, then one per sender whose files no school claims."""
    schools: list[tuple[SchoolRow, list[FileRecord]]] = []
    for row in result.schools:
        if row.status in RESEND:
            files = [r for r in result.files if r.school == code_key(row.code) and r.status in RETURNED]
            schools.append((row, files))
    by_address: dict[str, list[FileRecord]] = {}
    for _, files in schools:
        by_address.setdefault(_address(_returned(files)), files)
    unclaimed = []
    for address, files in _unclaimed(result.files).items():
        if address in by_address:  # the school's sender: its letter lists these too (one draft per address)
            by_address[address].extend(files)
        else:
            unclaimed.append(files)
    letters = [Letter(row.code, row.name, row.reason, _returned(files)) for row, files in schools]
    return letters + [Letter("", "", "", _returned(files)) for files in unclaimed]


def _address(returned: tuple[Returned, ...]) -> str:
    """The address a letter listing these files goes to (its `origin`); empty when none came by e-mail."""
    origin = Letter("", "", "", returned).origin
    return origin.address.lower() if origin is not None else ""


def _unclaimed(records: list[FileRecord]) -> dict[str, list[FileRecord]]:
    """Unreadable attachments of senders none of whose files was merged, by sender address."""
    merged = {r.origin.address.lower() for r in records
              if r.origin is not None and r.status in (FileStatus.MERGED, FileStatus.SUPERSEDED)}
    found: dict[str, list[FileRecord]] = {}
    for r in records:
        address = r.origin.address.lower() if r.origin is not None else ""
        if (address and address not in merged and r.school is None
                and r.status in (FileStatus.UNREADABLE, FileStatus.INVALID)):
            found.setdefault(address, []).append(r)
    return found


def _returned(records: list[FileRecord]) -> tuple[Returned, ...]:
    ordered = sorted(records, key=cmp_to_key(newest_first))
    return tuple(Returned(
        r.shown, m.MERGE_FILE_STATUS[r.status], tuple(r.returned_issues()),
        Path(r.result.path) if r.status in ANNOTATED and r.result.kind == FileKind.SCHOOL else None, r.origin,
    ) for r in ordered)
