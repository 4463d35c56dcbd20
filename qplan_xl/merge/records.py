"""The merge's records: statuses, who a file is from, what a worker found, school rows, notices."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, NamedTuple, TypeAlias

from qplan_xl import messages as m

MERGE_TEMPLATE_ID = "qplan-xl/tong-hop"
MERGE_TEMPLATE_VERSION = "1"

Cell: TypeAlias = Any  # one sheet value as read or written: text, number, date, bool or None
SheetRow: TypeAlias = tuple[Cell, ...]  # the cells of one table row, in the order of sheets.TABLES


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


# Files whose every issue goes to the sheet of files to send back; the last two were kept out.
RETURNED = (FileStatus.INVALID, FileStatus.UNREADABLE, FileStatus.NOT_WORKBOOK, FileStatus.OTHER_YEAR,
            FileStatus.OTHER_LEVEL)
KEPT_OUT = (FileStatus.OTHER_YEAR, FileStatus.OTHER_LEVEL)
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


def code_key(code: object) -> str:
    """Matching key of a school code: no spaces, upper case, leading zeros of digit codes ignored.

    Codes typed as numbers in a roster lose their leading zeros (040123 -> 40123), while the
    workbook keeps them as text; both must name the same school.
    """
    text = "".join(str(code or "").split()).upper()
    return (text.lstrip("0") or "0") if text.isdigit() else text


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
    spooled: int = 0
    unit: UnitData | None = None

    @property
    def first_issue(self) -> str:
        return self.issues[0].message if self.issues else ""


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

    def order(self) -> tuple[int, str, float]:
        """Newest first: highest revision, then the most recently saved (file time last)."""
        return (self.revision, self.result.saved or "", self.result.mtime)

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


class CriterionRow(NamedTuple):
    """One line of the criteria sheet: a criterion of a framework, summed over the schools."""

    framework: str
    standard: Cell
    criterion: str
    name: str
    schools: int
    below_target: int
    uncovered: int
    actions: int
    schools_with_actions: int
    budget: int
