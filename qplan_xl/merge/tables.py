"""Build the merge's result from a finished selection: one row per school, criteria, action counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from qplan_xl import messages as m
from qplan_xl.merge.records import (
    Cell,
    FileRecord,
    FileStatus,
    Identity,
    Notice,
    NoticeCode,
    SchoolRow,
    SchoolStatus,
    code_key,
)
from qplan_xl.merge.report import CriterionRow, MergeResult
from qplan_xl.merge.select import Selection
from qplan_xl.rules.catalog import load_framework
from qplan_xl.workbook.roster import RosterEntry

_R = m.MERGE_REASONS
# schools, below Mức 1, 2, 3, below target, below target without action, actions, schools with actions, budget
CRITERION_FIGURES = 9
_REJECTED = ((FileStatus.OTHER_YEAR, "school-other-year"), (FileStatus.OTHER_LEVEL, "school-other-level"))
UnitRows = dict[str, tuple[SchoolRow, int]]  # school code_key -> (its row in a unit's output, file index)


def build_result(sel: Selection) -> MergeResult:
    """The merge's result from the selection `sel`: its school table, criteria and action count."""
    result = MergeResult(
        unit=sel.unit, year=sel.year, year_inferred=sel.year_inferred, levels=sel.levels,
        roster=None, generated=dt.datetime.now().isoformat(timespec="seconds"), files=sel.records,
        schools=[], notices=sel.notices, authorities={k: e.authority for k, e in sel.roster.items()},
    )
    _fill_tables(sel, result)
    return result


def _fill_tables(sel: Selection, result: MergeResult) -> None:
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
    result.unit_criteria = _unit_criteria(sel, {code_key(s.code): s.unit for s in result.schools})
    result.actions = _action_count(sel, result)


def _listed_row(sel: Selection, key: str, entry: RosterEntry | None, from_units: UnitRows,
                result: MergeResult) -> SchoolRow:
    own = sel.attributed.get(key)
    if not own and key in from_units:
        row, index = from_units[key]
        return _take_unit_row(sel, result, key, row, index)
    if own and key in from_units:
        _several_units(sel, from_units[key][0].code, [sel.unit or "-", from_units[key][0].unit])
    row = _own_row(sel, key, entry)
    if entry is None and sel.has_roster:
        _not_in_roster(sel, row)
    return row


def _not_in_roster(sel: Selection, row: SchoolRow) -> None:
    sel.notices.append(Notice.build(NoticeCode.NOT_IN_ROSTER, row.code, row.file, code=row.code,
                                    name=row.name, file=row.file))


def _own_row(sel: Selection, key: str, entry: RosterEntry | None) -> SchoolRow:
    files = sel.attributed.get(key, [])
    kept = sel.kept.get(key)
    named = kept or next((f for f in files if not f.hint), None)
    identity = named.identity if named else Identity()
    row = SchoolRow(
        unit=entry.unit if entry is not None and entry.unit else sel.unit,
        code=entry.code if entry else identity.school_code or key,
        name=entry.name if entry else identity.school_name or "",
        level=entry.level if entry else identity.school_level,
        status=SchoolStatus.MISSING,
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
    row.framework = kept.identity.framework or ""
    figures = result.figures
    if result.valid:
        row.status, row.reason = SchoolStatus.VALID, kept.reason
    else:
        row.status = SchoolStatus.INVALID
        row.reason = _R["school-invalid"].format(errors=result.errors, file=kept.shown)
    if result.valid and figures is not None:
        row.framework, row.reached = figures.framework, figures.reached
        row.levels = {k: f"{a}/{t}" for k, (a, t) in figures.levels.items()}
        row.actions, row.budget = figures.actions, figures.budget
        row.progress = figures.progress
    if conflict is not None:
        row.reason += _R["school-conflict"].format(revision=conflict)
    if kept.doubt:  # who sent it is uncertain: the question goes where the clerk reads the school
        row.reason = f"{row.reason} {kept.doubt}".strip()


def _fill_rejected(row: SchoolRow, files: list[FileRecord], year: str | None) -> None:
    """No usable submission: say what the school did send, if anything."""
    for status, reason in _REJECTED:
        found = next((f for f in files if f.status == status), None)
        if found is not None:
            row.status, row.file = SchoolStatus.INVALID, found.shown
            row.revision, row.saved = found.revision, found.result.saved
            row.reason = _R[reason].format(
                value=_shown_value(found, status), year=year, file=found.shown,
                expected=m.SCHOOL_LEVELS.get(row.level or "", row.level or ""),
            )
            return
    hinted = next((f for f in files if f.hint), None)
    if hinted is not None:
        row.status, row.file = SchoolStatus.UNREADABLE, hinted.shown
        row.reason = _R["school-unreadable"].format(file=hinted.shown)


def _shown_value(record: FileRecord, status: FileStatus) -> str:
    if status == FileStatus.OTHER_YEAR:
        return str(record.identity.school_year or "")
    level = record.identity.school_level or ""
    return m.SCHOOL_LEVELS.get(level, level)


# --- rows from merge outputs given as input (province level) ---------------------------------------


def _unit_rows(sel: Selection) -> UnitRows:
    """School rows of every kept merge output, first unit first; a school seen twice is noted."""
    rows: UnitRows = {}
    for group in sel.units.values():
        record = group[0]
        data = record.unit_data
        name = data.unit or record.shown
        for row in data.schools:
            key = code_key(row.code)
            if not key:
                continue
            row.unit = row.unit or name
            if key in rows:
                _several_units(sel, row.code, [rows[key][0].unit, row.unit])
                continue
            rows[key] = (row, record.index)
    return rows


def _take_unit_row(sel: Selection, result: MergeResult, key: str, row: SchoolRow, index: int) -> SchoolRow:
    """A school row read from a merge output; the roster of this merge decides `in_roster`."""
    if sel.has_roster:
        entry = sel.roster.get(key)
        row.in_roster = entry is not None
        if entry is not None:
            row.code, row.name = entry.code, entry.name or row.name
            row.unit = entry.unit or row.unit
        else:
            _not_in_roster(sel, row)
    result.unit_codes.setdefault(index, set()).add(key)
    return row


def _several_units(sel: Selection, code: str, units: list[str]) -> None:
    sel.notices.append(Notice.build(NoticeCode.SEVERAL_UNITS, code, code=code, units=", ".join(units),
                                    unit=units[0]))


# --- criteria and counts -----------------------------------------------------------------------------


def _criteria(sel: Selection) -> list[CriterionRow]:
    """Per framework and criterion: schools, below target (and without action), actions, budget."""
    table: dict[tuple[str, str], list[int]] = {}
    names: dict[tuple[str, str], tuple[Cell, str]] = {}
    for kept in sel.kept.values():
        figures = kept.result.figures
        if kept.status != FileStatus.MERGED or figures is None:
            continue
        tops = _criterion_tops(figures.framework)
        for code, below, actions, budget, level in figures.criteria:
            under = [int(level is not None and level < k <= tops.get(code, 0)) for k in (1, 2, 3)]
            _add(table, (figures.framework, code),
                 (1, *under, below, below and not actions, actions, actions > 0, budget))
    for group in sel.units.values():
        for framework, standard, code, name, *numbers in group[0].unit_data.criteria:
            _add(table, (framework, code), numbers)
            names[(framework, code)] = (standard, name)
    return [CriterionRow(fw, *_describe(fw, code, names), *table[(fw, code)]) for fw, code in _ordered(table)]


def _unit_criteria(sel: Selection, units: dict[str, str]) -> dict[str, dict[str, list[int]]]:
    """unit -> criterion code -> [schools below target, actions] (the criteria heat map by unit).

    A lower office's output counts under that output's unit name (its criteria table is its total).
    """
    table: dict[str, dict[str, list[int]]] = {}
    for key, kept in sel.kept.items():
        figures = kept.result.figures
        if kept.status == FileStatus.MERGED and figures is not None:
            cells = table.setdefault(units.get(key, sel.unit), {})
            for c in figures.criteria:
                _add_pair(cells, c.code, int(c.below_target), c.actions)
    for group in sel.units.values():
        data = group[0].unit_data
        cells = table.setdefault(data.unit or group[0].shown, {})
        for row in data.criteria:
            criterion = CriterionRow(*row[:4], *(int(v or 0) for v in row[4:]))
            _add_pair(cells, criterion.criterion, criterion.below_target, criterion.actions)
    return table


def _add_pair(cells: dict[str, list[int]], code: str, below: int, actions: int) -> None:
    entry = cells.setdefault(code, [0, 0])
    entry[0] += below
    entry[1] += actions


def _criterion_tops(framework: str) -> dict[str, int]:
    """Highest level of each criterion of `framework` (Mức 4 items have none)."""
    try:
        return {c.code: c.max_level for c in load_framework(framework).criteria}
    except KeyError:
        return {}


def _add(table: dict[tuple[str, str], list[int]], key: tuple[str, str], numbers: Iterable[Cell]) -> None:
    entry = table.setdefault(key, [0] * CRITERION_FIGURES)
    for i, value in enumerate(numbers):
        entry[i] += int(value or 0)


def _describe(framework: str, code: str, names: dict[tuple[str, str], tuple[Cell, str]]) -> tuple[Cell, str, str]:
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


def _action_count(sel: Selection, result: MergeResult) -> int:
    own = sum(k.result.spooled for k in sel.kept.values() if k.status == FileStatus.MERGED)
    units = 0
    for index, codes in result.unit_codes.items():
        counts = sel.records[index].unit_data.action_codes
        units += sum(counts.get(code, 0) for code in codes)
    return own + units
