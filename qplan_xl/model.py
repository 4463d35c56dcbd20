"""The improvement plan as frozen records, and the value types it is made of (no I/O)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import TYPE_CHECKING, Any, NamedTuple

from qplan_xl import messages as m
from qplan_xl.errors import BadArgument
from qplan_xl.rules.catalog import fold

if TYPE_CHECKING:
    from typing_extensions import Self

_MONTH_RE = re.compile(r"^(?:thang\s*)?(\d{1,2})\s*(?:/|-|\.|\s+nam\s+|\s+)\s*(\d{4})$")
_YEAR_RE = re.compile(r"^(?:nam\s*hoc\s*:?\s*)?(\d{4})\s*(?:-|/|\u2013|\u2014|den)\s*(\d{4})$")


class Month(NamedTuple):
    """A calendar month, ordered in time."""

    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.month}/{self.year}"

    @property
    def ordinal(self) -> int:
        """Months since year 0, for spans and arithmetic."""
        return self.year * 12 + self.month - 1

    @classmethod
    def from_ordinal(cls, ordinal: int) -> Month:
        return cls(ordinal // 12, ordinal % 12 + 1)

    def until(self, end: Month) -> list[Month]:
        """Every month from self to end, both included (empty if end is earlier)."""
        return [Month.from_ordinal(i) for i in range(self.ordinal, end.ordinal + 1)]


def parse_month(value: object, folded: str | None = None) -> Month | None:
    """'9/2023', '09/2023', 'Tháng 9/2023', 'tháng 9 năm 2023' or a date -> Month; else None.

    `folded` is the accent-free lower-case form of a text value, when the caller has it.
    """
    if isinstance(value, (dt.date, dt.datetime)):
        return Month(value.year, value.month)
    if not isinstance(value, str):
        return None
    match = _MONTH_RE.match(folded if folded is not None else fold(value))
    if not match:
        return None
    month, year = int(match[1]), int(match[2])
    return Month(year, month) if 1 <= month <= 12 and 1900 < year < 2200 else None


class SchoolYear(NamedTuple):
    """A school year, named by the calendar year it starts in."""

    start: int

    def __str__(self) -> str:
        return f"{self.start}-{self.start + 1}"

    @property
    def first_month(self) -> Month:
        return Month(self.start, 8)

    @property
    def last_month(self) -> Month:
        return Month(self.start + 1, 8)

    def months(self) -> list[Month]:
        return self.first_month.until(self.last_month)

    def contains(self, month: Month) -> bool:
        return self.first_month <= month <= self.last_month


def parse_school_year(value: object) -> SchoolYear | None:
    """'2023-2024', '2023 - 2024', '2023–2024', 'Năm học 2023-2024' -> SchoolYear; else None."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    match = _YEAR_RE.match(fold(str(value)))
    if not match:
        return None
    start, end = int(match[1]), int(match[2])
    return SchoolYear(start) if end == start + 1 and 1990 < start < 2200 else None


class _Record:
    """Frozen dataclass records: copying with changes and (pydantic-validated) dict/JSON forms.

    Plans are plain dataclasses so that the one-click path never imports pydantic (~130 ms);
    pydantic validates them only at the JSON boundary (samples, API users), through a TypeAdapter.
    """

    def replace(self, **changes: Any) -> Self:
        return dataclasses.replace(self, **changes)  # type: ignore[type-var]

    def to_dict(self, *, json: bool = False, exclude: set[str] | None = None) -> dict[str, Any]:
        """Field values as a dict; with json=True in JSON-compatible form (dates as ISO text)."""
        data: dict[str, Any] = _adapter(type(self)).dump_python(
            self, mode="json" if json else "python", exclude=exclude
        )
        return data

    @classmethod
    def from_dict(cls, data: Any) -> Self:
        """Validate a dict (e.g. parsed JSON) into a record; raises pydantic.ValidationError."""
        record: Self = _adapter(cls).validate_python(data)
        return record

    @classmethod
    def from_json(cls, text: str | bytes) -> Self:
        record: Self = _adapter(cls).validate_json(text)
        return record


_ADAPTERS: dict[type, Any] = {}


def _adapter(cls: type) -> Any:
    """The pydantic TypeAdapter of a record class, built on first use (pydantic loads lazily)."""
    if cls not in _ADAPTERS:
        from pydantic import TypeAdapter

        _ADAPTERS[cls] = TypeAdapter(cls)
    return _ADAPTERS[cls]


@dataclasses.dataclass(frozen=True, kw_only=True)
class SchoolInfo(_Record):
    """The `Thông tin` sheet."""

    authority: str = ""
    name: str
    code: str
    level: str
    kind: str = ""  # Biểu 2 "Loại hình"
    address: str = ""  # Biểu 2 "Địa chỉ"
    year: SchoolYear
    framework: str
    target_level: int | None = None
    doc_number: str = ""
    place: str = ""
    issue_date: dt.date | None = None
    signer: str = ""
    signer_title: str = ""


@dataclasses.dataclass(frozen=True, kw_only=True)
class Assessment(_Record):
    """One criterion's self-assessed level: 0 = Không đạt, None = left blank."""

    code: str
    level: int | None
    sheet: str = ""
    cell: str | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class Level4Result(_Record):
    """One Mức 4 item: met, not met, or left blank (None)."""

    code: str
    met: bool | None
    sheet: str = ""
    cell: str | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class Action(_Record):
    """One improvement action (a row of a TCn or Mức 4 sheet); fields are the plan columns' keys."""

    sheet: str
    row: int
    standard: int | None  # None for a Mức 4 item
    criterion: str  # "" when a Biểu 2 action names no single criterion
    result: str = ""  # 2018: Kết quả cần đạt
    content: str = ""  # Biểu 2 (2): Nội dung cải tiến
    objective: str = ""  # Biểu 2 (3): Mục tiêu cải tiến
    tasks: str
    indicator: str = ""  # Biểu 2 (5): Chỉ số đánh giá kết quả
    lead: str
    partners: str = ""
    start: Month
    end: Month
    funding: str = ""
    cost: int | None = None
    support: str = ""
    evidence: str = ""  # Biểu 2 (9): minh chứng dự kiến
    status_hk1: str | None = None  # Biểu 2 (10) at the end of term I: a status key of the form
    status_year_end: str | None = None  # Biểu 2 (10) at the end of the year
    note: str = ""

    @property
    def months(self) -> list[Month]:
        return self.start.until(self.end)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Texts(_Record):
    """The editable narrative sections (sheet `Văn bản`)."""

    purpose: str = ""
    basis: str = ""
    direction: str = ""
    organization: str = ""
    recipients: str = ""
    previous_results: str = ""  # Biểu 2 II.2: results of last year's plan
    evaluation: str = ""  # Biểu 2 VIII


@dataclasses.dataclass(frozen=True, kw_only=True)
class FocalIssue(_Record):
    """One focal issue of Biểu 2 section IV (sheet `Vấn đề trọng tâm`)."""

    sheet: str = ""
    row: int = 0
    standard: int
    criteria: str = ""
    current_state: str = ""
    weakness: str = ""
    cause: str = ""


@dataclasses.dataclass(frozen=True, kw_only=True)
class Review(_Record):
    """One row of Biểu 2 section VI (sheet `Theo dõi`): the council's review at a moment of the year."""

    key: str  # "hk1" or "year_end" (rules/data/forms)
    date: dt.date | None = None
    content: str = ""
    results: str = ""
    adjustments: str = ""
    reviewer: str = ""
    sheet: str = ""
    row: int = 0


@dataclasses.dataclass(frozen=True, kw_only=True)
class Meta(_Record):
    """The workbook's identity (very hidden sheet `_meta`)."""

    template_id: str = ""
    template_version: str = ""
    framework: str = ""
    school_code: str = ""
    school_year: str = ""
    revision: int = 0
    issued: str = ""


@dataclasses.dataclass(frozen=True, kw_only=True)
class Plan(_Record):
    """A validated improvement plan: everything the summary, the Word plan and the merge need."""

    info: SchoolInfo
    meta: Meta | None = None
    assessments: tuple[Assessment, ...] = ()
    level4: tuple[Level4Result, ...] = ()
    actions: tuple[Action, ...] = ()
    texts: Texts = dataclasses.field(default_factory=Texts)
    focal_issues: tuple[FocalIssue, ...] = ()
    reviews: tuple[Review, ...] = ()

    @property
    def framework_id(self) -> str:
        return self.info.framework

    def assessment(self, code: str) -> Assessment | None:
        return next((a for a in self.assessments if a.code == code), None)


def require_plan(value: object, call: str) -> Plan:
    """`value` when it is a Plan; BadArgument (Vietnamese, naming `call`) for None or anything else."""
    if not isinstance(value, Plan):
        raise BadArgument(m.NOT_A_PLAN.format(call=call, kind=type(value).__name__))
    return value
