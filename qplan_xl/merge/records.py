"""The merge's records: statuses, who a file is from, what a worker found, school rows, notices."""

from __future__ import annotations

import pickle
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, NamedTuple, TypeAlias

from qplan_xl import messages as m
from qplan_xl.mail import Origin
from qplan_xl.rules.catalog import fold
from qplan_xl.workbook.roster import code_key as roster_code_key

MERGE_TEMPLATE_ID = "qplan-xl/tong-hop"
MERGE_TEMPLATE_VERSION = "2"  # 2: TT57 plan columns, progress, units, criteria below each level

Cell: TypeAlias = Any  # one sheet value as read or written: text, number, date, bool or None
SheetRow: TypeAlias = tuple[Cell, ...]  # the cells of one table row, in the order of sheets.TABLES
Names: TypeAlias = Mapping[str, list[str]]  # folded school name -> roster keys (names_index)


class _Value(str, Enum):
    """Members are their string values in JSON, comparisons and messages (StrEnum needs 3.11)."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return str(self.value).__format__(spec)


class FileKind(_Value):
    """What a worker found a file to be."""

    SCHOOL = "school"
    UNIT = "unit"  # the consolidated workbook of a lower office (province level)
    UNREADABLE = "unreadable"
    NOT_WORKBOOK = "not-workbook"


class FileStatus(_Value):
    """What the merge did with a file: the keys of messages.MERGE_FILE_STATUS, in its order."""

    MERGED = "merged"
    SUPERSEDED = "superseded"
    INVALID = "invalid"
    UNREADABLE = "unreadable"
    NOT_WORKBOOK = "not-workbook"
    OTHER_YEAR = "other-year"
    OTHER_LEVEL = "other-level"


KEPT_OUT = (FileStatus.OTHER_YEAR, FileStatus.OTHER_LEVEL)  # kept out of the merge
# Files whose every issue goes to the sheet of files to send back.
RETURNED = (FileStatus.INVALID, FileStatus.UNREADABLE, FileStatus.NOT_WORKBOOK, *KEPT_OUT)
# Issue codes of entries listed without being read (merge.entries): none is attributed to a school.
NOT_A_SCHOOL_FILE = frozenset({"file-lock", "file-temp", "file-special", "link-broken", "folder-link",
                               "folder-unreadable", "folder-hidden"})


class SchoolStatus(_Value):
    """Where a school stands: the keys of messages.MERGE_SCHOOL_STATUS, in its order."""

    VALID = "valid"
    INVALID = "invalid"
    UNREADABLE = "unreadable"
    MISSING = "missing"


class NoticeCode(_Value):
    """Points for the clerk that are not one file's content: the keys of messages.MERGE_NOTICES."""

    ROSTER_PROBLEM = "roster-problem"
    ROSTER_OTHER_LEVEL = "roster-other-level"
    NOT_IN_ROSTER = "not-in-roster"
    LEVEL_MISMATCH = "level-mismatch"
    SAME_REVISION = "same-revision"
    NAME_DIFFERS = "name-differs"
    SEVERAL_UNITS = "several-units"
    NO_YEAR = "no-year"
    PLAN_COPIED = "plan-copied"


# One matching key of a school code for issuing (`new --roster`) and merging: '040123' = '40123'.
code_key = roster_code_key


# --- who a file is from: the evidence weighed ----------------------------------------------------


class IdentityCall(NamedTuple):
    """The school a file is attributed to, and what the clerk should ask when the evidence disagrees."""

    code: str | None
    doubt: str


def weigh_identity(identity: Identity, file_name: str, roster: Mapping[str, Any],
                   names: Names | None = None) -> IdentityCall:
    """The school code the evidence supports: typed code, issued code, name in the roster, file name, sender.

    Each independent source is one vote (the issued code counts only when it differs from the typed one:
    an untouched issued workbook is one piece of evidence); a tie keeps the typed code. `roster` maps
    code_key -> entry with `.code` and `.name`; `names` is its names_index (built once per merge).
    """
    typed = identity.school_code
    names = names_index(roster) if names is None else names
    votes: dict[str, list[str]] = {}
    for source, code in _evidence(identity, file_name, roster, names):
        votes.setdefault(code_key(code), []).append(source)
    if not typed or len(votes) <= 1:
        return IdentityCall(typed, "")
    best = max(votes, key=lambda k: (len(votes[k]), k == code_key(typed)))
    chosen = roster[best].code if best in roster else typed if best == code_key(typed) else _code_of(identity, best)
    return IdentityCall(chosen, _doubt(identity, file_name, roster, names, chosen))


def names_index(roster: Mapping[str, Any]) -> Names:
    """Folded school name -> the roster keys of that name, in roster order."""
    index: dict[str, list[str]] = {}
    for key, entry in roster.items():
        index.setdefault(fold(entry.name), []).append(key)
    return index


def _evidence(identity: Identity, file_name: str, roster: Mapping[str, Any], names: Names) -> list[tuple[str, str]]:
    found = [("typed", identity.school_code or "")]
    if identity.issued_code and code_key(identity.issued_code) != code_key(identity.school_code):
        found.append(("issued", identity.issued_code))
    named = names.get(fold(identity.school_name), ()) if identity.school_name else ()
    if len(named) == 1:
        found.append(("name", roster[named[0]].code))
    in_name = {key for t in re.split(r"[^0-9A-Za-z]+", file_name) if t and (key := code_key(t)) in roster}
    if len(in_name) == 1:
        found.append(("file", roster[next(iter(in_name))].code))
    if identity.sender_code:
        found.append(("sender", identity.sender_code))
    return [(source, code) for source, code in found if code]


def _code_of(identity: Identity, key: str) -> str:
    return next((c for c in (identity.issued_code, identity.sender_code) if c and code_key(c) == key), key)


def _doubt(identity: Identity, file_name: str, roster: Mapping[str, Any], names: Names, chosen: str | None) -> str:
    """What each piece of evidence says, and whom to call."""
    evidence = _evidence(identity, file_name, roster, names)
    name = identity.school_name or ""
    parts = [m.MERGE_IDENTITY[source].format(code=code, name=name, file=file_name) for source, code in evidence]
    others = sorted({code for _, code in evidence if code_key(code) != code_key(chosen)})
    return m.MERGE_IDENTITY["doubt"].format(evidence="; ".join(parts), chosen=chosen, others=", ".join(others))


# --- what a worker sends back about one file ------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    """Who a file says it is from: a school's workbook, or a lower office's merge output (`unit`)."""

    school_code: str | None = None
    school_name: str | None = None
    school_level: str | None = None
    school_year: str | None = None
    framework: str | None = None
    revision: int | None = None
    unit: str | None = None  # merge outputs only
    generated: str = ""  # merge outputs only: when the lower office merged
    issued_code: str | None = None  # the school the workbook was issued to (`_meta`), if any
    sender_code: str | None = None  # the school of the sender (e-mail input), if known


class FileIssue(NamedTuple):
    """One issue of a file, small and picklable."""

    severity: str
    code: str
    sheet: str | None
    cell: str | None
    message: str


class CriterionFigures(NamedTuple):
    """One criterion (or level-4 item) of a valid plan."""

    code: str
    below_target: bool
    actions: int
    budget: int
    level: int | None = None  # as assessed (0 = Không đạt; None: blank, or a Mức 4 item)


class PlanProgress(NamedTuple):
    """Where a valid plan stands at its latest review with statuses (summary.progress)."""

    as_of: str  # "hk1" | "year_end"
    total: int
    completed: int
    overdue: int


class PlanShape(NamedTuple):
    """Digests of a plan's content, to tell the clerk what a resubmission changed (any readable plan).

    Stable across processes (blake2b, not hash()); small whatever the number of actions: the
    actions are 8 bytes each.
    """

    actions: int
    rows: bytes  # sorted 8-byte digests of every action's values
    columns: tuple[int, ...]  # one digest per column of sheets.PLAN_TABLE_COLUMNS (its values, in any order)
    levels: tuple[tuple[str, int | None], ...]  # criterion -> assessed level
    info: tuple[int, ...]  # one digest per field of SHAPE_INFO


SHAPE_INFO = ("name", "authority", "target_level", "doc_number", "place", "issue_date", "signer", "signer_title")


@dataclass
class SchoolFigures:
    """What a valid plan contributes to the district tables (computed in the worker)."""

    framework: str
    reached: int | None  # school level; None when blank assessments leave it open
    levels: dict[int, tuple[int, int]]  # level -> (achieved, total)
    actions: int
    budget: int
    criteria: list[CriterionFigures]
    fingerprints: frozenset[int] = frozenset()  # of the tasks texts, to spot copied plans
    progress: PlanProgress | None = None  # None: no review with statuses yet (or a 2018 plan)


@dataclass
class SchoolRow:
    """One line of the `Truong` sheet (built by the merge, or read back from a unit's output)."""

    unit: str
    code: str
    name: str
    level: str | None
    status: SchoolStatus
    reason: str = ""
    in_roster: bool | None = None
    file: str = ""
    revision: int | None = None
    saved: str | None = None
    framework: str = ""
    reached: int | None = None
    levels: dict[int, str] = field(default_factory=dict)  # level -> "achieved/total"
    actions: int | None = None
    budget: int | None = None
    errors: int | None = None
    warnings: int | None = None
    received: int = 0
    progress: PlanProgress | None = None
    source: int | None = None  # index of the file its actions come from (not written)


@dataclass
class UnitData:
    """The tables of a merge output given as input (province level)."""

    unit: str
    year: str
    levels: str
    generated: str
    schools: list[SchoolRow]
    criteria: list[SheetRow]
    issues: list[SheetRow]
    action_codes: dict[str, int] = field(default_factory=dict)  # school code_key -> action rows


@dataclass
class FileResult:
    """Everything the merge needs to know about one file; no openpyxl or calamine objects."""

    path: str
    kind: FileKind = FileKind.SCHOOL
    size: int = 0
    mtime: float = 0.0
    digest: str = ""
    saved: str | None = None
    identity: Identity = Identity()
    valid: bool = False
    errors: int = 0
    warnings: int = 0
    issues: list[FileIssue] = field(default_factory=list)
    figures: SchoolFigures | None = None
    actions: list[SheetRow] = field(default_factory=list)  # moved to the spool on arrival
    spooled: int = 0  # action rows moved out of `actions` (to `packed`, then to the spool)
    shape: PlanShape | None = None  # None when no plan could be read
    unit: UnitData | None = None
    packed: bytes = b""  # the action rows as one pickle, made by the worker (__getstate__)
    kept: bytes = b""  # with keep_plans: the validated plan (intake.files.KeptPlan or None), pickled

    @property
    def first_issue(self) -> str:
        return self.issues[0].message if self.issues else ""

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (a worker's result): a school's action rows go as one pickle, which the main process
        stores in its spool as it is (merge.core.RowSpool), instead of unpickling and pickling them again."""
        state = dict(self.__dict__)
        if self.actions and self.unit is None:  # a unit's rows are counted by school on arrival
            state.update(actions=[], spooled=len(self.actions), packed=pickle.dumps(self.actions, pickle.HIGHEST_PROTOCOL))
        return state


# --- what the merge makes of them -----------------------------------------------------------------


@dataclass
class FileRecord:
    """One file found in the inputs, with the status the merge gave it."""

    index: int
    shown: str
    result: FileResult
    status: FileStatus = field(init=False)  # given by the selection, to every file
    reason: str = ""
    school: str | None = None  # code_key of the school the file is attributed to
    hint: str = ""  # roster code guessed from the file's name (unreadable files only)
    replaced_by: int | None = None
    origin: Origin | None = None  # the e-mail the file was attached to
    changes: dict[str, Any] | None = None  # superseded files: what the file that replaced it changed
    doubt: str = ""  # the evidence of who sent the file disagrees: what to ask (weigh_identity)

    @property
    def identity(self) -> Identity:
        return self.result.identity

    @property
    def revision(self) -> int:
        return self.identity.revision or 0

    @property
    def unit_data(self) -> UnitData:
        """The tables of a merge output given as input (files of kind `unit` only)."""
        assert self.result.unit is not None, f"{self.shown} is not a merge output"
        return self.result.unit

    def newer_than(self, other: FileRecord) -> int:
        """1, -1 or 0 (DESIGN 5.1 "Which file is newer"): the higher revision; at equal revision the later
        save inside the file (docProps/core.xml); the file system's time only when not both tell it."""
        if self.revision != other.revision:
            return _sign(self.revision - other.revision)
        mine, theirs = self.result.saved, other.result.saved
        if mine and theirs:
            return (mine > theirs) - (mine < theirs)
        return _sign(self.result.mtime - other.result.mtime)

    def conflicts_with(self, other: FileRecord) -> bool:
        """Same revision, same save time and different content: the clerk must ask which is right."""
        return self.newer_than(other) == 0 and self.result.digest != other.result.digest

    def returned_issues(self) -> list[FileIssue]:
        """The issues of a file to send back; a file kept out of the merge has its reason as one issue."""
        if self.status in KEPT_OUT:
            return [FileIssue("error", self.status, None, None, self.reason)]
        return list(self.result.issues) if self.status in RETURNED else []


@dataclass
class Notice:
    """A point for the clerk that is not one file's content (sheet `Luu y`)."""

    code: NoticeCode
    message: str
    school_code: str | None = None
    file: str | None = None

    @classmethod
    def build(cls, code: NoticeCode, school_code: str | None = None, file: str | None = None, /,
              **params: object) -> Notice:
        """The notice `code` with its message filled from `params`."""
        return cls(code, m.fill(m.MERGE_NOTICES[code], **params), school_code, file)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "school_code": self.school_code, "file": self.file,
                "message": self.message}


def newest_first(a: FileRecord, b: FileRecord) -> int:
    """Comparison: the newest submission first; a tie (a conflict, or the same file twice) by file time, then name."""
    return -(a.newer_than(b) or _sign(a.result.mtime - b.result.mtime) or (a.shown > b.shown) - (a.shown < b.shown))


def _sign(value: float) -> int:
    return (value > 0) - (value < 0)
