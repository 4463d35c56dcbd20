"""Build the merge's tables from a finished selection: one row per school, criteria, action counts."""

from __future__ import annotations

from typing import Any

from qplan_xl import messages as m
from qplan_xl.merge.core import FileRecord, MergeResult, Notice, code_key
from qplan_xl.merge.files import SchoolRow
from qplan_xl.rules.catalog import load_framework

_R = m.MERGE_REASONS
CRITERION_FIGURES = 6  # schools, below target, below target without action, actions, schools with actions, budget


def build_tables(sel: Any, result: MergeResult) -> None:
    """Fill result.schools, result.criteria and result.actions from the selection `sel`."""
    from_units = _unit_rows(sel)
    used: set[str] = set()
    for key, entry in sel.roster.items():
        result.schools.append(_listed_row(sel, key, entry, from_units, result))
        used.add(key)
    for key in sorted(k for k in sel.listed if k not in used):
        result.schools.append(_listed_row(sel, key, None, from_units, result))
        used.add(key)
    for key, (row, index) in from_units.items():
        if key not in used:
            result.schools.append(_take_unit_row(sel, result, key, row, index))
    result.criteria = _criteria(sel)
    result.actions = _action_count(sel, result)


def _listed_row(sel: Any, key: str, entry: Any, from_units: dict[str, Any], result: MergeResult) -> SchoolRow:
    own = sel.attributed.get(key)
    if not own and key in from_units:
        row, index = from_units[key]
        return _take_unit_row(sel, result, key, row, index)
    if own and key in from_units:
        _several_units(sel, key, from_units[key][0].code, [sel.unit or "-", from_units[key][0].unit])
    row = _own_row(sel, key, entry)
    if entry is None and sel.has_roster:
        sel.notices.append(Notice("not-in-roster", m.MERGE_NOTICES["not-in-roster"].format(
            code=row.code, name=row.name, file=row.file), row.code, row.file))
    return row


def _own_row(sel: Any, key: str, entry: Any) -> SchoolRow:
    files: list[FileRecord] = sel.attributed.get(key, [])
    kept = sel.kept.get(key)
    named = kept or next((f for f in files if not f.hint), None)
    identity = named.identity if named else {}
    row = SchoolRow(
        unit=sel.unit,
        code=entry.code if entry else identity.get("school_code") or key,
        name=entry.name if entry else identity.get("school_name") or "",
        level=entry.level if entry else identity.get("school_level"),
        status="missing",
        reason=_R["school-missing"],
        in_roster=(entry is not None) if sel.has_roster else None,
        received=len(files),
    )
    if kept is not None:
        _fill_kept(row, kept, sel.conflicts.get(key))
    else:
        _fill_rejected(row, files, sel.year)
    return row


def _fill_kept(row: SchoolRow, kept: FileRecord, conflict: int | None) -> None:
    result = kept.result
    row.file, row.revision, row.saved = kept.shown, kept.revision, result.saved
    row.source = kept.index
    row.errors, row.warnings = result.errors, result.warnings
    row.framework = kept.identity.get("framework") or ""
    figures = result.figures
    if result.valid:
        row.status, row.reason = "valid", kept.reason
    else:
        row.status = "invalid"
        row.reason = _R["school-invalid"].format(errors=result.errors, file=kept.shown)
    if result.valid and figures is not None:
        row.framework, row.reached = figures.framework, figures.reached
        row.levels = {k: f"{a}/{t}" for k, (a, t) in figures.levels.items()}
        row.actions, row.budget = figures.actions, figures.budget
    if conflict is not None:
        row.reason += _R["school-conflict"].format(revision=conflict)


def _fill_rejected(row: SchoolRow, files: list[FileRecord], year: str | None) -> None:
    """No usable submission: say what the school did send, if anything."""
    for status, reason in (("other-year", "school-other-year"), ("other-level", "school-other-level")):
        found = next((f for f in files if f.status == status), None)
        if found is not None:
            row.status, row.file = "invalid", found.shown
            row.revision, row.saved = found.revision, found.result.saved
            row.reason = _R[reason].format(
                value=_shown_value(found, status), year=year, file=found.shown,
                expected=m.SCHOOL_LEVELS.get(row.level or "", row.level or ""),
            )
            return
    hinted = next((f for f in files if f.hint), None)
    if hinted is not None:
        row.status, row.file = "unreadable", hinted.shown
        row.reason = _R["school-unreadable"].format(file=hinted.shown)


def _shown_value(record: FileRecord, status: str) -> str:
    if status == "other-year":
        return str(record.identity.get("school_year") or "")
    level = record.identity.get("school_level") or ""
    return m.SCHOOL_LEVELS.get(level, level)


# --- rows from merge outputs given as input (province level) ---------------------------------------


def _unit_rows(sel: Any) -> dict[str, tuple[SchoolRow, int]]:
    """School rows of every kept merge output, first unit first; a school seen twice is noted."""
    rows: dict[str, tuple[SchoolRow, int]] = {}
    for group in sel.units.values():
        record = group[0]
        data = record.result.unit
        name = data.unit or record.shown
        for row in data.schools:
            key = code_key(row.code)
            if not key:
                continue
            row.unit = row.unit or name
            if key in rows:
                _several_units(sel, key, row.code, [rows[key][0].unit, row.unit])
                continue
            rows[key] = (row, record.index)
    return rows


def _take_unit_row(sel: Any, result: MergeResult, key: str, row: SchoolRow, index: int) -> SchoolRow:
    """A school row read from a merge output; the roster of this merge decides `in_roster`."""
    if sel.has_roster:
        entry = sel.roster.get(key)
        row.in_roster = entry is not None
        if entry is not None:
            row.code, row.name = entry.code, entry.name or row.name
        else:
            sel.notices.append(Notice("not-in-roster", m.MERGE_NOTICES["not-in-roster"].format(
                code=row.code, name=row.name, file=row.file), row.code, row.file))
    result.unit_codes.setdefault(index, set()).add(key)
    return row


def _several_units(sel: Any, key: str, code: str, units: list[str]) -> None:
    sel.notices.append(Notice("several-units", m.MERGE_NOTICES["several-units"].format(
        code=code, units=", ".join(units), unit=units[0]), code))


# --- criteria and counts -----------------------------------------------------------------------------


def _criteria(sel: Any) -> list[tuple[Any, ...]]:
    """Per framework and criterion: schools, below target (and without action), actions, budget."""
    table: dict[tuple[str, str], list[int]] = {}
    names: dict[tuple[str, str], tuple[Any, str]] = {}
    for kept in sel.kept.values():
        figures = kept.result.figures
        if kept.status != "merged" or figures is None:
            continue
        for code, below, actions, budget in figures.criteria:
            _add(table, (figures.framework, code), (1, below, below and not actions, actions, actions > 0, budget))
    for group in sel.units.values():
        for framework, standard, code, name, *numbers in group[0].result.unit.criteria:
            _add(table, (framework, code), numbers)
            names[(framework, code)] = (standard, name)
    return [(fw, *_describe(fw, code, names), *table[(fw, code)]) for fw, code in _ordered(table)]


def _add(table: dict[tuple[str, str], list[int]], key: tuple[str, str], numbers: Any) -> None:
    entry = table.setdefault(key, [0] * CRITERION_FIGURES)
    for i, value in enumerate(numbers):
        entry[i] += int(value or 0)


def _describe(framework: str, code: str, names: dict[tuple[str, str], tuple[Any, str]]) -> tuple[Any, str, str]:
    try:
        fw = load_framework(framework)
    except KeyError:
        fw = None
    criterion = fw.criterion(code) if fw else None
    if criterion is not None:
        return criterion.standard, code, criterion.name
    item = fw.level4_item(code) if fw else None
    if item is not None:
        return m.MERGE_LEVEL4_STANDARD, code, item.name
    standard, name = names.get((framework, code), ("", ""))
    return standard, code, name


def _ordered(table: dict[tuple[str, str], list[int]]) -> list[tuple[str, str]]:
    def position(key: tuple[str, str]) -> tuple[str, int]:
        try:
            fw = load_framework(key[0])
        except KeyError:
            return key[0], 10_000
        codes = [c.code for c in fw.criteria] + [i.code for i in fw.level4_items]
        return key[0], codes.index(key[1]) if key[1] in codes else 10_000

    return sorted(table, key=position)


def _action_count(sel: Any, result: MergeResult) -> int:
    own = sum(k.result.spooled for k in sel.kept.values() if k.status == "merged")
    units = 0
    for index, codes in result.unit_codes.items():
        counts = sel.records[index].result.unit.action_codes
        units += sum(counts.get(code, 0) for code in codes)
    return own + units
