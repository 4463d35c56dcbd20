"""The one declarative sheet/column spec shared by the template writer and the reader."""

from __future__ import annotations

from dataclasses import dataclass

from qplan_xl import messages as m
from qplan_xl.rules.catalog import Framework
from qplan_xl.workbook.read.xml import (
    address as address,  # re-exported: writers and readers use both
)
from qplan_xl.workbook.read.xml import column_letters

TEMPLATE_ID = "qplan-xl/ke-hoach-cai-tien"
TEMPLATE_VERSION = "2"  # 2: TT57 workbooks follow Biểu 2 (DESIGN 5.3); 2018 workbooks unchanged
KNOWN_TEMPLATE_VERSIONS = ("1", "2")

TITLE_ROW = 1
HEADER_ROW = 2
FIRST_DATA_ROW = 3
INPUT_ROWS = 60  # rows prepared with dropdowns and unlocked cells on each plan sheet (docs/decisions.md)
MAX_ROWS = 5000  # rows read per sheet; beyond this a sheet is reported as too large
MAX_TEXT = 5000  # characters kept per cell
MAX_PLAUSIBLE_COST = 100_000_000_000  # đồng per action; above it a zero too many is likely
MIN_PLAUSIBLE_COST = 1_000  # đồng per action; 1-999 đ is a "000" (or "triệu") left out
HEADER_SEARCH_ROWS = 10  # the header row is looked for in the first rows (a title may be inserted)


@dataclass(frozen=True)
class Column:
    """One column of a table sheet: key, header label, width and how it is filled."""

    key: str
    header: str
    width: float
    kind: str = "text"  # text | criterion | owner | month | money | funding | level | number | status | standard | date
    required: bool = False
    list_name: str | None = None
    prompt: str | None = None
    number_format: str | None = None
    recommended: bool = False  # blank is allowed, but the guide and prompt ask for it


@dataclass(frozen=True)
class InfoField:
    """One row of the `Thông tin` sheet."""

    key: str
    label: str
    required: bool = False
    list_name: str | None = None
    prompt: str | None = None
    kind: str = "text"  # text | code | year | date | level | framework | target


def _col(key: str, width: float, kind: str = "text", required: bool = False, **kw: object) -> Column:
    return Column(key, m.PLAN_HEADERS[key], width, kind, required, prompt=m.PLAN_PROMPTS.get(key), **kw)  # type: ignore[arg-type]


def _b2(key: str, width: float, kind: str = "text", required: bool = False, **kw: object) -> Column:
    prompt = m.PLAN_PROMPTS_BIEU2.get(key, m.PLAN_PROMPTS.get(key))
    return Column(key, m.PLAN_HEADERS_BIEU2[key], width, kind, required, prompt=prompt, **kw)  # type: ignore[arg-type]


PLAN_COLUMNS: tuple[Column, ...] = (
    _col("no", 5, "number"),
    _col("criterion", 26, "criterion", True),
    _col("result", 32, required=True),
    _col("tasks", 40, required=True),
    _col("lead", 18, "owner", True, list_name="DS_CHU_TRI"),
    _col("partners", 22),
    _col("start", 11, "month", True, list_name="DS_THANG", number_format="@"),
    _col("end", 11, "month", True, list_name="DS_THANG", number_format="@"),
    _col("funding", 16, "funding", list_name="DS_NGUON"),
    _col("cost", 15, "money", number_format="#,##0"),
    _col("support", 24),
    _col("note", 16),
)

# TT57 Biểu 2 plan sheets (DESIGN 5.3): every column is declared here once; the template, the
# reader, the validator, the merge and the Word table follow this declaration.
PLAN_COLUMNS_BIEU2: tuple[Column, ...] = (
    _b2("no", 5, "number"),
    _b2("criterion", 22, "criterion", recommended=True),
    _b2("content", 28, required=True),
    _b2("objective", 28, required=True),
    _b2("tasks", 36, required=True),
    _b2("indicator", 26, required=True),
    _b2("start", 11, "month", True, list_name="DS_THANG", number_format="@"),
    _b2("end", 11, "month", True, list_name="DS_THANG", number_format="@"),
    _b2("lead", 20, "owner", True, list_name="DS_CHU_TRI"),
    _b2("partners", 18),
    _b2("funding", 16, "funding", list_name="DS_NGUON"),
    _b2("cost", 15, "money", number_format="#,##0"),
    _b2("support", 20),
    _b2("evidence", 24),
    _b2("status_hk1", 16, "status", list_name="DS_MUC_DO"),
    _b2("status_year_end", 16, "status", list_name="DS_MUC_DO"),
    _b2("note", 16),
)

FOCAL_COLUMNS: tuple[Column, ...] = tuple(
    Column(key, m.FOCAL_HEADERS[key], width, kind, required, list_name, m.FOCAL_PROMPTS.get(key))
    for key, width, kind, required, list_name in (
        ("no", 5, "number", False, None),
        ("standard", 30, "standard", True, "DS_TIEU_CHUAN"),
        ("criteria", 14, "text", False, None),
        ("current_state", 40, "text", True, None),
        ("weakness", 40, "text", True, None),
        ("cause", 40, "text", True, None),
    )
)

MONITOR_COLUMNS: tuple[Column, ...] = tuple(
    Column(key, m.MONITOR_HEADERS[key], width, kind, prompt=m.MONITOR_PROMPTS.get(key),
           number_format="dd/mm/yyyy" if kind == "date" else None)
    for key, width, kind in (
        ("moment", 16, "text"),
        ("review_date", 13, "date"),
        ("content", 36, "text"),
        ("results", 44, "text"),
        ("adjustments", 32, "text"),
        ("reviewer", 22, "text"),
    )
)

_INFO_ROWS: tuple[InfoField, ...] = tuple(
    InfoField(key, m.INFO_LABELS[key], required, list_name, m.INFO_PROMPTS.get(key), kind)
    for key, required, list_name, kind in (
        ("authority", False, None, "text"),
        ("school_name", True, None, "text"),
        ("school_code", True, None, "code"),
        ("school_level", True, "DS_CAP_HOC", "level"),
        ("kind", False, "DS_LOAI_HINH", "text"),
        ("address", False, None, "text"),
        ("school_year", True, None, "year"),
        ("framework", False, "DS_KHUNG", "framework"),
        ("target_level", False, "DS_MUC_TIEU", "target"),
        ("doc_number", False, None, "text"),
        ("place", False, None, "text"),
        ("issue_date", False, None, "date"),
        ("signer", False, None, "text"),
        ("signer_title", False, None, "text"),
    )
)

SELF_COLUMNS: tuple[Column, ...] = (
    Column("code", m.SELF_HEADERS["code"], 10, "criterion", True),
    Column("name", m.SELF_HEADERS["name"], 70),
    Column("level", m.SELF_HEADERS["level"], 14, "level", True),
    Column("max_level", m.SELF_HEADERS["max_level"], 13),
    Column("note", m.SELF_HEADERS["note"], 30),
)

SELF_COLUMNS_TT57: tuple[Column, ...] = (
    SELF_COLUMNS[0],
    SELF_COLUMNS[1],
    SELF_COLUMNS[2],
    Column("mandatory", m.SELF_HEADERS["mandatory"], 10),
    SELF_COLUMNS[4],
)

_BIEU2_ONLY_INFO = ("kind", "address")
INFO_FIELDS: tuple[InfoField, ...] = tuple(f for f in _INFO_ROWS if f.key not in _BIEU2_ONLY_INFO)
# Biểu 2 adds Loại hình and Địa chỉ and names the agency Cơ quan quản lý.
INFO_FIELDS_BIEU2: tuple[InfoField, ...] = tuple(
    InfoField(f.key, m.INFO_LABELS_BIEU2.get(f.key, f.label), f.required, f.list_name,
              m.INFO_PROMPTS_BIEU2.get(f.key, f.prompt), f.kind)
    for f in _INFO_ROWS
)

TEXT_KEYS: tuple[str, ...] = ("purpose", "basis", "direction", "organization", "recipients")
TEXT_KEYS_BIEU2: tuple[str, ...] = ("basis", "previous_results", "purpose", "organization", "evaluation", "recipients")

META_KEYS: tuple[str, ...] = (
    "template_id",
    "template_version",
    "framework",
    "school_code",
    "school_year",
    "school_level",
    "revision",
    "issued",
)

# Named list ranges on the hidden `Danh mục` sheet.
LIST_OWNERS = "DS_CHU_TRI"
LIST_MONTHS = "DS_THANG"
LIST_FUNDING = "DS_NGUON"
LIST_LEVELS_FULL = "DS_MUC_DAY_DU"
LIST_LEVELS_SHORT = "DS_MUC_RUT_GON"
LIST_MET = "DS_DAT"
LIST_SCHOOL_LEVELS = "DS_CAP_HOC"
LIST_FRAMEWORKS = "DS_KHUNG"
LIST_TARGETS = "DS_MUC_TIEU"
LIST_LEVEL4 = "DS_M4"
LIST_STATUSES = "DS_MUC_DO"
LIST_STANDARDS = "DS_TIEU_CHUAN"
LIST_SCHOOL_TYPES = "DS_LOAI_HINH"
OWNER_SLOTS = 60  # room on `Danh mục` for a school to add owners


def criteria_list_name(standard_no: int) -> str:
    return f"DS_TC{standard_no}"


@dataclass(frozen=True)
class PlanSheet:
    """A plan sheet: its name, its standard (None for Mức 4) and the list of its criteria."""

    name: str
    standard: int | None
    list_name: str


def plan_sheets(framework: Framework) -> tuple[PlanSheet, ...]:
    """TC1..TCn, then `Mức 4` when the framework has Mức 4 items."""
    sheets = [
        PlanSheet(m.standard_sheet(s.no), s.no, criteria_list_name(s.no)) for s in framework.standards
    ]
    if framework.has_level4:
        sheets.append(PlanSheet(m.SHEETS["level4"], None, LIST_LEVEL4))
    return tuple(sheets)


def sheet_names(framework: Framework) -> tuple[str, ...]:
    """Visible sheets of the contract, in order (DESIGN 5.2; Biểu 2 adds its sections IV and VI)."""
    head = (m.SHEETS["guide"], m.SHEETS["info"], m.SHEETS["self"])
    plans = tuple(p.name for p in plan_sheets(framework))
    if framework.form is None:
        return head + plans + (m.SHEETS["texts"],)
    return head + (m.SHEETS["focal"],) + plans + (m.SHEETS["monitoring"], m.SHEETS["texts"])


def plan_columns(framework: Framework) -> tuple[Column, ...]:
    """The plan sheets' columns: Biểu 2 for a framework with that form, else the 2018 plan."""
    return PLAN_COLUMNS_BIEU2 if framework.form is not None else PLAN_COLUMNS


def info_fields(framework: Framework) -> tuple[InfoField, ...]:
    """`Thông tin` rows of the framework's workbook."""
    return INFO_FIELDS_BIEU2 if framework.form is not None else INFO_FIELDS


def text_keys(framework: Framework) -> tuple[str, ...]:
    """Rows of `Văn bản`, in the order of the document's sections."""
    return TEXT_KEYS_BIEU2 if framework.form is not None else TEXT_KEYS


def self_columns(framework: Framework) -> tuple[Column, ...]:
    return SELF_COLUMNS_TT57 if framework.rule.kind == "mandatory-quota" else SELF_COLUMNS


def level_choices(max_level: int) -> tuple[str, ...]:
    """Values of `Mức đạt` for a criterion whose highest requirement is `max_level`."""
    return (m.LEVEL_NONE,) + tuple(m.level_label(k) for k in range(1, max_level + 1))


def level4_choices() -> tuple[str, ...]:
    return (m.MET, m.NOT_MET)


def target_choices(framework: Framework) -> tuple[str, ...]:
    return tuple(m.level_label(k) for k in range(1, framework.rule.max_level + 1))


def framework_level_list(framework: Framework, criterion_max: int) -> str:
    """Which named list the `Mức đạt` cell of a criterion uses."""
    top = max(framework.rule.levels)
    return LIST_LEVELS_FULL if criterion_max >= top else LIST_LEVELS_SHORT


# Cell addresses are the reader's (one implementation): column_letter(27) -> 'AA', address(7, 4) -> 'D7'.
column_letter = column_letters
