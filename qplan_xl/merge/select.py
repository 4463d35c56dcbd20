"""Give every file its status: year and level scope, roster, resubmissions, plans copied between schools."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cmp_to_key
from itertools import combinations
from typing import Any, NamedTuple

from qplan_xl import messages as m
from qplan_xl.merge.records import (
    NOT_A_SCHOOL_FILE,
    SHAPE_INFO,
    FileKind,
    FileRecord,
    FileStatus,
    Notice,
    NoticeCode,
    PlanShape,
    code_key,
    names_index,
    newest_first,
    weigh_identity,
)
from qplan_xl.merge.sheets import PLAN_TABLE_COLUMNS
from qplan_xl.rules.catalog import fold
from qplan_xl.workbook.roster import RosterEntry

_R = m.MERGE_REASONS
_KIND_STATUS = {FileKind.UNREADABLE: FileStatus.UNREADABLE, FileKind.NOT_WORKBOOK: FileStatus.NOT_WORKBOOK}
MIN_SHARED = 5  # identical tasks texts before two plans are flagged
MIN_SHARE = 0.5  # ... and at least this share of the smaller plan's texts


class Selection:
    """One reconciliation run over the inspected files (pure: no I/O)."""

    def __init__(self, records: list[FileRecord], entries: Sequence[RosterEntry], problems: Sequence[str],
                 year: str | None, levels: tuple[str, ...], unit: str) -> None:
        self.records = records
        self.unit = unit
        self.notices = [Notice.build(NoticeCode.ROSTER_PROBLEM, detail=p) for p in problems]
        self.roster: dict[str, RosterEntry] = {}
        self._load_roster(entries, levels)
        self.names = names_index(self.roster)  # the name evidence of weigh_identity, one look-up a file
        self.has_roster = bool(entries)
        self.levels = levels or tuple(sorted({e.level for e in self.roster.values()}))
        self.year, self.year_inferred = year, False
        self.candidates: dict[str, list[FileRecord]] = {}  # school key -> files in the merge's scope
        self.attributed: dict[str, list[FileRecord]] = {}  # school key -> every file it sent
        self.listed: dict[str, None] = {}  # school keys of the files, in input order
        self.units: dict[str, list[FileRecord]] = {}  # folded unit name -> its merge outputs
        self.kept: dict[str, FileRecord] = {}  # school key -> the submission that counts
        self.conflicts: dict[str, int] = {}  # school key -> revision sent twice with different content

    def _load_roster(self, entries: Sequence[RosterEntry], levels: tuple[str, ...]) -> None:
        for entry in entries:
            if levels and entry.level not in levels:
                self.notices.append(Notice.build(
                    NoticeCode.ROSTER_OTHER_LEVEL, entry.code, code=entry.code, name=entry.name,
                    level=_level(entry.level)))
                continue
            self.roster.setdefault(code_key(entry.code), entry)

    # --- the run ------------------------------------------------------------------------------

    def run(self) -> None:
        if self.year is None:
            self.year, self.year_inferred = _infer_year(self.records), True
            if self.year is None:
                self.notices.append(Notice.build(NoticeCode.NO_YEAR))
        for record in self.records:
            self._classify(record)
        for key, group in self.candidates.items():
            self._choose(key, group)
        for group in self.units.values():
            self._choose_unit(group)
        self._similar_plans()

    # --- one file -----------------------------------------------------------------------------

    def _classify(self, record: FileRecord) -> None:
        kind = record.result.kind
        if kind in _KIND_STATUS:
            record.status, record.reason = _KIND_STATUS[kind], record.result.first_issue
            self._hint(record)
        elif kind == FileKind.UNIT:
            self._classify_unit(record)
        else:
            self._classify_school(record)

    def _hint(self, record: FileRecord) -> None:
        """Unreadable files carry no identity; a roster code in the path is a hint, shown as such."""
        if record.result.issues[0].code in NOT_A_SCHOOL_FILE:
            return
        tokens = {code_key(t) for t in _tokens(record.shown)}
        found = [k for k in tokens if k in self.roster]
        if len(found) == 1:
            record.school, record.hint = found[0], self.roster[found[0]].code
            self.attributed.setdefault(found[0], []).append(record)

    def _classify_school(self, record: FileRecord) -> None:
        identity = record.identity
        if not identity.school_code:
            record.status, record.reason = FileStatus.INVALID, _R["no-school"]
            return
        code, record.doubt = weigh_identity(identity, record.shown, self.roster, self.names)
        key = record.school = code_key(code)
        self.attributed.setdefault(key, []).append(record)
        if self._other_level(record, key):
            return
        self.listed.setdefault(key)
        if not self._other_year(record):
            self.candidates.setdefault(key, []).append(record)

    def _other_year(self, record: FileRecord) -> bool:
        file_year = record.identity.school_year
        if not (self.year and file_year and file_year != self.year):
            return False
        record.status = FileStatus.OTHER_YEAR
        record.reason = _R["other-year"].format(value=file_year, year=self.year)
        return True

    def _other_level(self, record: FileRecord, key: str) -> bool:
        """A file of another level than the roster says (or than the merge takes) is kept out."""
        level = record.identity.school_level
        entry = self.roster.get(key)
        if not level or (entry is not None and level == entry.level):
            return False
        if entry is None and (not self.levels or level in self.levels):
            return False
        record.status = FileStatus.OTHER_LEVEL
        shown = _level(level)
        if entry is None:
            listed = ", ".join(_level(v) for v in self.levels)
            record.reason = _R["other-level"].format(value=shown, expected=listed)
            return True
        record.reason = _R["other-level-roster"].format(value=shown, expected=_level(entry.level))
        self.notices.append(Notice.build(
            NoticeCode.LEVEL_MISMATCH, entry.code, record.shown, code=entry.code,
            expected=_level(entry.level), file=record.shown, value=shown))
        return True

    def _classify_unit(self, record: FileRecord) -> None:
        if not self._other_year(record):
            name = record.identity.unit or record.shown
            self.units.setdefault(fold(name), []).append(record)

    # --- resubmissions --------------------------------------------------------------------------

    def _choose(self, key: str, group: list[FileRecord]) -> None:
        """Highest revision wins, then the latest save; every other file names its replacement."""
        group.sort(key=cmp_to_key(newest_first))
        kept = self.kept[key] = group[0]
        kept.status = FileStatus.MERGED if kept.result.valid else FileStatus.INVALID
        kept.reason = _kept_reason(kept)
        for other in group[1:]:
            other.status, other.replaced_by = FileStatus.SUPERSEDED, kept.index
            other.reason = _superseded_reason(other, kept)
            other.changes = resubmission_changes(other.result.shape, kept.result.shape)
            if kept.conflicts_with(other):
                self._conflict(key, kept, other)
            self._same_name(kept, other)

    def _conflict(self, key: str, kept: FileRecord, other: FileRecord) -> None:
        self.conflicts[key] = kept.revision
        code = kept.identity.school_code or key
        self.notices.append(Notice.build(
            NoticeCode.SAME_REVISION, code, other.shown, code=code, revision=kept.revision,
            file=kept.shown, other=other.shown))

    def _same_name(self, kept: FileRecord, other: FileRecord) -> None:
        """One code, two school names: a school may have copied another's workbook."""
        names = (kept.identity.school_name or "", other.identity.school_name or "")
        if all(names) and fold(names[0]) != fold(names[1]):
            code = kept.identity.school_code
            self.notices.append(Notice.build(
                NoticeCode.NAME_DIFFERS, code, other.shown, code=code, file=kept.shown, name=names[0],
                other=other.shown, other_name=names[1]))

    def _similar_plans(self) -> None:
        """Valid plans of two schools with many identical tasks: ask whether one was copied."""
        plans = {k: (r, r.result.figures) for k, r in self.kept.items() if r.result.valid}
        found = similar_plans((k, f.fingerprints) for k, (_, f) in plans.items() if f is not None)
        for pair in found:
            first, second = plans[pair.school][0].identity, plans[pair.other][0]
            self.notices.append(Notice.build(
                NoticeCode.PLAN_COPIED, first.school_code, second.shown, code=first.school_code,
                name=first.school_name, other=second.identity.school_code,
                other_name=second.identity.school_name, shared=pair.shared, size=pair.size))

    def _choose_unit(self, group: list[FileRecord]) -> None:
        group.sort(key=cmp_to_key(_newest_output_first))
        group[0].status, group[0].reason = FileStatus.MERGED, ""
        for other in group[1:]:
            other.status, other.replaced_by = FileStatus.SUPERSEDED, group[0].index
            other.reason = _R["unit-older"].format(file=group[0].shown)


# --- helpers ------------------------------------------------------------------------------------


def _infer_year(records: list[FileRecord]) -> str | None:
    """The school year of most files (the latest one on a tie)."""
    found = (r.identity.school_year for r in records if r.result.kind in (FileKind.SCHOOL, FileKind.UNIT))
    years = Counter(y for y in found if y is not None)
    if not years:
        return None
    return max(years.items(), key=lambda item: (item[1], item[0]))[0]


def _newest_output_first(a: FileRecord, b: FileRecord) -> int:
    """A unit's merge outputs: the one generated last first, then as for school files."""
    generated = (a.identity.generated > b.identity.generated) - (a.identity.generated < b.identity.generated)
    return -generated or newest_first(a, b)


def _kept_reason(kept: FileRecord) -> str:
    result = kept.result
    if not result.valid:
        return _R["invalid"].format(errors=result.errors, warnings=result.warnings)
    reason = _R["valid-warnings"].format(warnings=result.warnings) if result.warnings else _R["valid"]
    return " ".join([reason, *(i.message for i in result.issues)]).strip()  # the merge's own warnings


def _superseded_reason(other: FileRecord, kept: FileRecord) -> str:
    if other.result.digest == kept.result.digest:
        return _R["duplicate"].format(file=kept.shown)
    if other.revision < kept.revision:
        return _R["older-revision"].format(revision=other.revision, newer=kept.revision, file=kept.shown)
    if other.result.saved and kept.result.saved and other.result.saved != kept.result.saved:
        return _R["older-save"].format(revision=other.revision, file=kept.shown)
    if kept.conflicts_with(other):
        return _R["same-save"].format(revision=other.revision, file=kept.shown)
    return _R["older-file-time"].format(file=kept.shown)


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[^0-9A-Za-z]+", text) if t]


def _level(level: str) -> str:
    return m.SCHOOL_LEVELS.get(level, level)


# --- what a resubmission changed ---------------------------------------------------------------------


def resubmission_changes(old: PlanShape | None, new: PlanShape | None) -> dict[str, Any] | None:
    """Counts and fields a newer file changed against an older one (None when either has no plan).

    `actions`: old and new counts, actions added and removed (an edited action counts as one of
    each); `columns`: plan columns whose values changed; `levels`: criteria assessed differently;
    `info`: fields of «Thông tin» changed.
    """
    if old is None or new is None:
        return None
    before, after = Counter(_chunks(old.rows)), Counter(_chunks(new.rows))
    columns = [c.key for c, a, b in zip(PLAN_TABLE_COLUMNS, old.columns, new.columns, strict=False) if a != b]
    levels_before = dict(old.levels)
    return {
        "actions": {"old": old.actions, "new": new.actions, "added": sum((after - before).values()),
                    "removed": sum((before - after).values())},
        "columns": columns,
        "levels": [{"criterion": code, "old": levels_before.get(code), "new": level}
                   for code, level in new.levels if levels_before.get(code) != level],
        "info": [key for key, a, b in zip(SHAPE_INFO, old.info, new.info, strict=False) if a != b],
    }


def _chunks(rows: bytes) -> list[bytes]:
    return [rows[i:i + 8] for i in range(0, len(rows), 8)]


# --- plans copied between schools (user-needs D5, "báo cáo hình thức") ------------------------------


class CopiedPair(NamedTuple):
    """Two schools whose plans share many identical tasks texts."""

    school: str
    other: str
    shared: int
    size: int  # tasks texts of the smaller plan


def similar_plans(plans: Iterable[tuple[str, frozenset[int]]]) -> list[CopiedPair]:
    """Every pair of plans that look copied, from each school's tasks fingerprints.

    A text found in many schools is generic wording (a common phrase, the sample plan) rather than
    a copy, so texts shared by more than a tenth of the schools (at least 3) are not counted.
    """
    plans = [(key, prints) for key, prints in plans if prints]
    owners: dict[int, list[str]] = {}
    for key, prints in plans:
        for fingerprint in prints:
            owners.setdefault(fingerprint, []).append(key)
    generic = max(3, len(plans) // 10)
    shared: Counter[tuple[str, str]] = Counter()
    for keys in owners.values():
        if 2 <= len(keys) <= generic:
            shared.update(combinations(sorted(keys), 2))
    sizes = {key: len(prints) for key, prints in plans}
    return [
        CopiedPair(a, b, count, min(sizes[a], sizes[b]))
        for (a, b), count in sorted(shared.items())
        if count >= MIN_SHARED and count >= MIN_SHARE * min(sizes[a], sizes[b])
    ]
