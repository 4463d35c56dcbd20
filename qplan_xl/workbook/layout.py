"""The one declarative sheet/column spec shared by the template writer and the reader."""

from __future__ import annotations

from dataclasses import dataclass

from qplan_xl import messages as m
from qplan_xl.rules.catalog import Framework

TEMPLATE_ID = "qplan-xl/ke-hoach-cai-tien"
TEMPLATE_VERSION = "1"
KNOWN_TEMPLATE_VERSIONS = ("1",)

TITLE_ROW = 1
HEADER_ROW = 2
FIRST_DATA_ROW = 3
INPUT_ROWS = 200  # rows prepared with dropdowns and unlocked cells on each plan sheet
MAX_ROWS = 5000  # rows read per sheet; beyond this a sheet is reported as too large
MAX_TEXT = 5000  # characters kept per cell
MAX_PLAUSIBLE_COST = 100_000_000_000  # đồng per action; above it a zero too many is likely
HEADER_SEARCH_ROWS = 10  # the header row is looked for in the first rows (a title may be inserted)


@dataclass(frozen=True)
class Column:
    """One column of a table sheet: key, header label, width and how it is filled."""

    key: str
    header: str
    width: float
    kind: str = "text"  # text | criterion | owner | month | money | funding | level | number
    required: bool = False
    list_name: str | None = None
    prompt: str | None = None
    number_format: str | None = None


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

INFO_FIELDS: tuple[InfoField, ...] = tuple(
    InfoField(key, m.INFO_LABELS[key], required, list_name, m.INFO_PROMPTS.get(key), kind)
    for key, required, list_name, kind in (
        ("authority", False, None, "text"),
        ("school_name", True, None, "text"),
        ("school_code", True, None, "code"),
        ("school_level", True, "DS_CAP_HOC", "level"),
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

TEXT_KEYS: tuple[str, ...] = tuple(m.TEXT_LABELS)

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
    """Visible sheets of the contract, in order."""
    head = (m.SHEETS["guide"], m.SHEETS["info"], m.SHEETS["self"])
    return head + tuple(p.name for p in plan_sheets(framework)) + (m.SHEETS["texts"],)


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


def column_letter(index: int) -> str:
    """1 -> 'A', 27 -> 'AA'."""
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def address(row: int, col: int) -> str:
    """Excel address of a 1-based (row, col): (7, 4) -> 'D7'."""
    return f"{column_letter(col)}{row}"
