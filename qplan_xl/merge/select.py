"""Give every merged file its status and build the school table: year, level, roster, resubmissions, copies."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import combinations
from typing import Any

from qplan_xl import messages as m
from qplan_xl.merge.core import FileRecord, MergeResult, Notice, code_key, now_text
from qplan_xl.rules.catalog import fold

_R = m.MERGE_REASONS


class Selection:
    """One reconciliation run over the inspected files (pure: no I/O)."""

    def __init__(self, records: list[FileRecord], entries: Sequence[Any], problems: Sequence[str],
                 year: str | None, levels: tuple[str, ...], unit: str) -> None:
        self.records = records
        self.unit = unit
        self.notices: list[Notice] = [Notice("roster-problem", _notice("roster-problem", detail=p))
                                      for p in problems]
        self.roster: dict[str, Any] = {}
        self._load_roster(entries, levels)
        self.has_roster = bool(entries)
        self.levels = levels or tuple(sorted({e.level for e in self.roster.values()}))
        self.year, self.year_inferred = year, False
        self.candidates: dict[str, list[FileRecord]] = {}
        self.attributed: dict[str, list[FileRecord]] = {}
        self.listed: list[str] = []
        self.units: dict[str, list[FileRecord]] = {}
        self.kept: dict[str, FileRecord] = {}
        self.conflicts: dict[str, int] = {}

    def _load_roster(self, entries: Sequence[Any], levels: tuple[str, ...]) -> None:
        for entry in entries:
            if levels and entry.level not in levels:
                self.notices.append(Notice("roster-other-level", _notice(
                    "roster-other-level", code=entry.code, name=entry.name,
                    level=m.SCHOOL_LEVELS.get(entry.level, entry.level)), entry.code))
                continue
            self.roster.setdefault(code_key(entry.code), entry)

    # --- the run ------------------------------------------------------------------------------

    def run(self) -> MergeResult:
        if self.year is None:
            self.year, self.year_inferred = _infer_year(self.records), True
            if self.year is None:
                self.notices.append(Notice("no-year", _notice("no-year")))
        for record in self.records:
            self._classify(record)
        for key, group in self.candidates.items():
            self._choose(key, group)
        for group in self.units.values():
            self._choose_unit(group)
        self._similar_plans()
        result = MergeResult(
            unit=self.unit, year=self.year, year_inferred=self.year_inferred, levels=self.levels,
            roster=None, generated=now_text(), files=self.records, schools=[],
            notices=self.notices, authorities={k: e.authority for k, e in self.roster.items()},
        )
        from qplan_xl.merge.tables import build_tables

        build_tables(self, result)
        return result

    # --- one file -----------------------------------------------------------------------------

    def _classify(self, record: FileRecord) -> None:
        kind = record.result.kind
        if kind in ("unreadable", "not-workbook"):
            record.status, record.reason = kind, record.result.first_issue
            self._hint(record)
        elif kind == "unit":
            self._classify_unit(record)
        else:
            self._classify_school(record)

    def _hint(self, record: FileRecord) -> None:
        """Unreadable files carry no identity; a roster code in the path is a hint, shown as such."""
        if record.result.issues[0][1] == "file-lock":
            return
        tokens = {code_key(t) for t in _tokens(record.shown)}
        found = [k for k in tokens if k in self.roster]
        if len(found) == 1:
            record.school, record.hint = found[0], self.roster[found[0]].code
            self.attributed.setdefault(found[0], []).append(record)

    def _classify_school(self, record: FileRecord) -> None:
        identity = record.identity
        if not identity.get("school_code"):
            record.status, record.reason = "invalid", _R["no-school"]
            return
        key = record.school = code_key(identity["school_code"])
        self.attributed.setdefault(key, []).append(record)
        if self._other_level(record, key):
            return
        if key not in self.listed:
            self.listed.append(key)
        file_year = identity.get("school_year")
        if self.year and file_year and file_year != self.year:
            record.status = "other-year"
            record.reason = _R["other-year"].format(value=file_year, year=self.year)
            return
        self.candidates.setdefault(key, []).append(record)

    def _other_level(self, record: FileRecord, key: str) -> bool:
        """A file of another level than the roster says (or than the merge takes) is kept out."""
        level = record.identity.get("school_level")
        entry = self.roster.get(key)
        if not level or (entry is not None and level == entry.level):
            return False
        if entry is None and (not self.levels or level in self.levels):
            return False
        record.status = "other-level"
        shown = _level(level)
        if entry is None:
            listed = ", ".join(_level(v) for v in self.levels)
            record.reason = _R["other-level"].format(value=shown, expected=listed)
            return True
        record.reason = _R["other-level-roster"].format(value=shown, expected=_level(entry.level))
        self.notices.append(Notice("level-mismatch", _notice(
            "level-mismatch", code=entry.code, expected=_level(entry.level), file=record.shown,
            value=shown), entry.code, record.shown))
        return True

    def _classify_unit(self, record: FileRecord) -> None:
        identity = record.identity
        file_year = identity.get("school_year")
        if self.year and file_year and file_year != self.year:
            record.status = "other-year"
            record.reason = _R["other-year"].format(value=file_year, year=self.year)
            return
        name = identity.get("unit") or record.shown
        self.units.setdefault(fold(name), []).append(record)

    # --- resubmissions --------------------------------------------------------------------------

    def _choose(self, key: str, group: list[FileRecord]) -> None:
        """Highest revision wins, then the latest save; every other file names its replacement."""
        group.sort(key=FileRecord.order, reverse=True)
        kept = self.kept[key] = group[0]
        result = kept.result
        kept.status = "merged" if result.valid else "invalid"
        kept.reason = _kept_reason(kept)
        for other in group[1:]:
            other.status, other.replaced_by = "superseded", kept.index
            other.reason = _superseded_reason(other, kept)
            if other.revision == kept.revision and other.result.digest != result.digest:
                self._conflict(key, kept, other)
            self._same_name(kept, other)

    def _conflict(self, key: str, kept: FileRecord, other: FileRecord) -> None:
        self.conflicts[key] = kept.revision
        code = kept.identity.get("school_code") or key
        self.notices.append(Notice("same-revision", _notice(
            "same-revision", code=code, revision=kept.revision, file=kept.shown, other=other.shown),
            code, other.shown))

    def _same_name(self, kept: FileRecord, other: FileRecord) -> None:
        """One code, two school names: a school may have copied another's workbook."""
        names = (kept.identity.get("school_name") or "", other.identity.get("school_name") or "")
        if all(names) and fold(names[0]) != fold(names[1]):
            code = kept.identity.get("school_code")
            self.notices.append(Notice("name-differs", _notice(
                "name-differs", code=code, file=kept.shown, name=names[0], other=other.shown,
                other_name=names[1]), code, other.shown))

    def _similar_plans(self) -> None:
        """Valid plans of two schools with many identical tasks: ask whether one was copied."""
        kept = {k: r for k, r in self.kept.items() if r.result.valid and r.result.figures}
        found = similar_plans((k, r.result.figures.fingerprints) for k, r in kept.items())  # type: ignore[union-attr]
        for a, b, shared, size in found:
            first, second = kept[a], kept[b]
            code = first.identity.get("school_code")
            self.notices.append(Notice("plan-copied", _notice(
                "plan-copied", code=code, name=first.identity.get("school_name"),
                other=second.identity.get("school_code"), other_name=second.identity.get("school_name"),
                shared=shared, size=size), code, second.shown))

    def _choose_unit(self, group: list[FileRecord]) -> None:
        group.sort(key=lambda r: (r.identity.get("generated") or "",) + r.order()[1:], reverse=True)
        group[0].status, group[0].reason = "merged", ""
        for other in group[1:]:
            other.status, other.replaced_by = "superseded", group[0].index
            other.reason = _R["unit-older"].format(file=group[0].shown)


# --- helpers ------------------------------------------------------------------------------------


def _infer_year(records: list[FileRecord]) -> str | None:
    """The school year of most files (the latest one on a tie)."""
    years = Counter(r.identity.get("school_year") for r in records if r.result.kind in ("school", "unit"))
    years.pop(None, None)
    if not years:
        return None
    return max(years.items(), key=lambda item: (item[1], item[0]))[0]


def _kept_reason(kept: FileRecord) -> str:
    result = kept.result
    if not result.valid:
        return _R["invalid"].format(errors=result.errors, warnings=result.warnings)
    return _R["valid-warnings"].format(warnings=result.warnings) if result.warnings else _R["valid"]


def _superseded_reason(other: FileRecord, kept: FileRecord) -> str:
    if other.result.digest == kept.result.digest:
        return _R["duplicate"].format(file=kept.shown)
    if other.revision < kept.revision:
        return _R["older-revision"].format(revision=other.revision, newer=kept.revision, file=kept.shown)
    return _R["older-save"].format(revision=other.revision, file=kept.shown)


def _tokens(text: str) -> list[str]:
    import re

    return [t for t in re.split(r"[^0-9A-Za-z]+", text) if t]


def _level(level: str) -> str:
    return m.SCHOOL_LEVELS.get(level, level)


def _notice(notice: str, **params: Any) -> str:
    return m.fill(m.MERGE_NOTICES[notice], **params)


# --- plans copied between schools (user-needs D5, "báo cáo hình thức") ------------------------------

MIN_SHARED = 5  # identical tasks texts before two plans are flagged
MIN_SHARE = 0.5  # ... and at least this share of the smaller plan's texts


def similar_plans(plans: Iterable[tuple[str, frozenset[int]]]) -> list[tuple[str, str, int, int]]:
    """(school, other, shared, smaller plan size) for every pair of plans that look copied.

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
    sizes = dict(plans)
    return [
        (a, b, count, min(len(sizes[a]), len(sizes[b])))
        for (a, b), count in sorted(shared.items())
        if count >= MIN_SHARED and count >= MIN_SHARE * min(len(sizes[a]), len(sizes[b]))
    ]
