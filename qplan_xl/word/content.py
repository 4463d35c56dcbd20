"""What the Word plan says: header lines, section texts and the rows of the plan table (no docx)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from itertools import groupby

from qplan_xl import messages as m
from qplan_xl.model import Action, Plan, SchoolInfo, Texts
from qplan_xl.output import clean_text
from qplan_xl.rules.catalog import LEVEL4_PREFIX, Framework, fold
from qplan_xl.workbook.cells import format_money
from qplan_xl.workbook.narrative import (
    MARKER_RE,
    NUMBERED_RE,
    REPORT_KEY,
    basis_heading,
    resolve_authority,
    without_unsigned,
)
from qplan_xl.workbook.template.sheets import default_texts  # the same defaults a new workbook gets

GROUP, STANDARD, ACTION = "group", "standard", "action"

# (column key, relative width, alignment). Widths are scaled to the landscape text width.
# The 9 columns of the CV 5932/5942 plan table, as in the seeds (TT57's Biểu 2 columns are
# the form's data, see bieu2_content.py).
TABLE_LAYOUT: tuple[tuple[str, float, str], ...] = (
    ("no", 10, "center"),
    ("criterion", 22, "left"),
    ("result", 38, "left"),
    ("tasks", 50, "left"),
    ("owners", 32, "left"),
    ("time", 22, "center"),
    ("cost", 26, "center"),
    ("support", 29, "left"),
    ("note", 23, "left"),
)

_DOC_PREFIX_RE = re.compile(r"^\s*s[o\u00f4\u1ed1]\s*:\s*", re.IGNORECASE)  # a typed "Số:"


@dataclass(frozen=True)
class TableColumn:
    """One column of the plan table: key, header label, width in mm, alignment."""

    key: str
    header: str
    width_mm: float
    align: str


@dataclass(frozen=True)
class TableRow:
    """One row of the plan table.

    GROUP rows hold one text (spanning the table); STANDARD rows hold (number, title);
    ACTION rows hold one text per column.
    """

    kind: str
    cells: tuple[str, ...]


# --- text cleaning ----------------------------------------------------------------------------


def clean(text: str | None) -> str:
    """NFC text a .docx can hold (no control characters), lines right-trimmed."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in clean_text(text).split("\n")]
    return "\n".join(lines).strip("\n").strip()


def text_lines(text: str | None) -> list[str]:
    """Non-blank lines of a multi-line text, each stripped: one paragraph per line."""
    return [line.strip() for line in clean(text).split("\n") if line.strip()]


def list_items(text: str | None) -> list[str]:
    """Lines as list items: '- ' is added unless the school typed its own marker or number."""
    return [line if MARKER_RE.match(line) else f"- {line}" for line in text_lines(text)]


# --- header block -----------------------------------------------------------------------------


def upper_line(text: str) -> str:
    """An agency or school name as the header block prints it (upper case, one line)."""
    return " ".join(clean(text).upper().split())


def doc_number(info: SchoolInfo) -> str:
    """The number and symbol the school typed, without a typed 'Số:' ('45/KH-THTH'), or ''."""
    return _DOC_PREFIX_RE.sub("", clean(info.doc_number))


def doc_number_line(info: SchoolInfo) -> str:
    """'Số: 45/KH-THTH', or room for the office to write the number and symbol ('Số:   /KH-…')."""
    number = doc_number(info)
    if number:
        return m.WORD["doc_number"].format(number=number)
    return m.WORD["doc_number_blank"]


def date_line(info: SchoolInfo) -> str:
    """'Thanh Hưng, ngày 15 tháng 9 năm 2023', or dotted blanks when there is no date yet."""
    place = clean(info.place) or m.WORD["place_blank"]
    if info.issue_date is None:
        return m.WORD["date_line_blank"].format(place=place)
    day, month, year = _date_parts(info.issue_date)
    return m.WORD["date_line"].format(place=place, day=day, month=month, year=year)


def _date_parts(date: dt.date) -> tuple[str, str, str]:
    # Nghị định 30/2020: days below 10 and the months 1 and 2 are written with a leading 0.
    day = f"{date.day:02d}"
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return day, month, str(date.year)


def signer_title_lines(title: str) -> list[str]:
    """The signer's title in upper case, one entry per printed line.

    'KT. HIỆU TRƯỞNG\\nPHÓ HIỆU TRƯỞNG', 'KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG' and
    'KT. Hiệu trưởng Phó Hiệu trưởng' all give two lines; a blank title gives HIỆU TRƯỞNG.
    """
    text = clean(title).upper() or m.WORD["signer_title"]
    parts = [p.strip() for chunk in text.split("\n") for p in chunk.split(" / ")]
    parts = [" ".join(p.split()) for p in parts if p.strip()]
    if len(parts) == 1 and parts[0].startswith(m.WORD_SIGN_FORMS):
        return _split_sign_form(parts[0])
    return parts


def _split_sign_form(line: str) -> list[str]:
    for position in m.WORD_SIGN_POSITIONS:
        head = line[: -len(position)].rstrip()
        if line.endswith(" " + position) and head.split(maxsplit=1)[1:]:
            return [head, position]
    return [line]


def signer_name(info: SchoolInfo) -> str:
    return " ".join(clean(info.signer).split())


# --- sections ---------------------------------------------------------------------------------


def plan_texts(plan: Plan, framework: Framework) -> Texts:
    """The plan's own texts, with the workbook's defaults standing in for sections left blank;
    resolved on the plan's date: no text cited before it is signed, no earlier template's
    placeholder line, the school's own xã/phường in the Nơi nhận."""
    info = plan.info
    defaults = default_texts(framework, info.year, info.level)
    own = asdict(plan.texts)  # not to_dict(): that loads pydantic (~130 ms)
    texts = {k: v if clean(v) else defaults[k] for k, v in own.items()}
    basis = without_unsigned(clean(texts["basis"]), framework, info.issue_date)
    legacy = {fold(line.format(year=info.year)) for line in m.LEGACY_DEFAULT_LINES}
    texts["basis"] = "\n".join(line for line in basis.split("\n") if fold(line.strip()) not in legacy)
    texts["recipients"] = resolve_authority(texts["recipients"], info.authority)
    return Texts(**texts)


def split_basis(text: str, start_year: int) -> tuple[str, list[str]]:
    """(the self-assessment report line, the other basis lines as '- ' items).

    The report is item 1 of section II and the legal texts item 2, as in the seeds. The school's
    own numbers are dropped (the document numbers section II), and a line that repeats one of the
    document's sub-headings is not printed twice: the legal texts it lists in brackets are kept.
    A basis without a report line gets the default one.
    """
    report, others = None, []
    for line in text_lines(text):
        body = MARKER_RE.sub("", line)
        if report is None and fold(body).startswith(REPORT_KEY):
            report = body
            continue
        heading = basis_heading(body)
        if heading is None:
            others.append(body)
        elif heading == "basis_docs":
            rest = " ".join(body.split()[len(m.WORD[heading].split()) - 1 :]).strip(" ():;.")
            others.extend(f"{part.strip()};" for part in rest.split(";") if part.strip())
    previous = m.school_year_label(start_year - 1)
    report = report or m.DEFAULT_BASIS_REPORT.format(previous_year=previous)
    items = [f"- {body}" for body in others]
    if items and items[-1].endswith(";"):
        items[-1] = items[-1][:-1] + "."  # the list ends the item
    return report, items


def is_subheading(line: str) -> bool:
    """A numbered line without final punctuation ('2. Các thành viên của Hội đồng'): it is kept
    on the same page as the paragraph after it."""
    return bool(NUMBERED_RE.match(line)) and len(line) < 160 and not line.endswith((".", ";", ",", "!", "?"))


def has_closing(lines: list[str]) -> bool:
    """True when the school ended its last section with its own closing sentence (Trên đây là...)."""
    return bool(lines) and fold(MARKER_RE.sub("", lines[-1])).startswith("tren day la")


def closing_line(info: SchoolInfo) -> str:
    name = " ".join(clean(info.name).split())
    if not fold(name).startswith(fold(m.WORD["school_word"])):
        name = f"{m.WORD['school_word'].lower()} {name}"
    return m.WORD["closing"].format(year=info.year, school=name)


def totals_line(actions: Iterable[Action]) -> str:
    """'Tổng số: 9 hoạt động; tổng dự kiến kinh phí: 35.000.000 đồng (trong đó: ...; 03 nội dung
    chưa dự toán kinh phí).'; never a total of 0 when the only costs are not estimated."""
    actions = list(actions)
    by_source: dict[str, int] = {}
    for action in actions:
        if action.cost:
            source = clean(action.funding) or m.WORD["funding_unnamed"]
            by_source[source] = by_source.get(source, 0) + action.cost
    parts = [m.WORD["totals_item"].format(source=s, budget=money(v)) for s, v in by_source.items()]
    notes = [m.WORD["totals_sources"].format(items="; ".join(parts))] if len(parts) > 1 else []
    missing = sum(1 for a in actions if not_estimated(a))
    if missing:
        notes.append(m.WORD["totals_not_estimated"].format(count=missing))
    if missing and not by_source:
        return m.WORD["totals_none_estimated"].format(actions=len(actions), count=missing)
    breakdown = m.WORD["totals_breakdown"].format(items="; ".join(notes)) if notes else ""
    total = money(sum(by_source.values()))
    return m.WORD["totals"].format(actions=len(actions), budget=total, breakdown=breakdown)


def not_estimated(action: Action) -> bool:
    """A funding source other than 'Không' and no amount: the cost is still to be estimated."""
    source = clean(action.funding)
    return action.cost is None and bool(source) and fold(source) != fold(m.WORD["no_cost"])


# --- the plan table ---------------------------------------------------------------------------


def table_columns(width_mm: float) -> tuple[TableColumn, ...]:
    """The 2018 plan table's columns, widths scaled to `width_mm`."""
    scale = width_mm / sum(w for _, w, _ in TABLE_LAYOUT)
    return tuple(TableColumn(k, m.WORD_COLUMNS[k], round(w * scale, 2), a) for k, w, a in TABLE_LAYOUT)


def plan_rows(plan: Plan, framework: Framework, columns: tuple[TableColumn, ...]) -> list[TableRow]:
    """Group rows, standard rows and action rows in document order."""
    keys = tuple(c.key for c in columns)
    standard_actions = sorted((a for a in plan.actions if a.standard is not None), key=_action_order)
    level4_actions = sorted((a for a in plan.actions if a.standard is None), key=_action_order)
    rows: list[TableRow] = []
    if standard_actions and framework.has_level4:
        rows.append(TableRow(GROUP, (m.WORD["group_levels"],)))
    groups = groupby(standard_actions, key=lambda a: a.standard)
    for seq, (no, actions) in enumerate(groups, start=1):
        rows.append(TableRow(STANDARD, (str(seq), _standard_title(framework, no))))
        rows.extend(_action_rows(list(actions), keys))
    if level4_actions:
        rows.append(TableRow(GROUP, (m.WORD["group_level4"],)))
        rows.extend(_action_rows(level4_actions, keys))
    return rows


def _action_order(action: Action) -> tuple[int, tuple[int, ...]]:
    code = action.criterion.removeprefix(LEVEL4_PREFIX)
    numbers = tuple(int(p) for p in code.split(".") if p.isdigit())
    return (action.standard or 0, numbers)


def _standard_title(framework: Framework, no: int | None) -> str:
    standard = framework.standard(no or 0)
    return m.WORD["standard"].format(no=no, name=standard.name if standard else "").rstrip(": ")


def _action_rows(actions: list[Action], keys: tuple[str, ...]) -> list[TableRow]:
    """One row per action, each with its criterion: a row may run onto the next page, where a
    merged criterion cell would print blank."""
    return [TableRow(ACTION, tuple(CELL_TEXT[k](action) for k in keys)) for action in actions]


def criterion_label(action: Action) -> str:
    """'Tiêu chí 1.3'; a Mức 4 item 'M4.1' is 'Tiêu chí 1' as in the seeds."""
    return m.WORD["criterion"].format(code=action.criterion.removeprefix(LEVEL4_PREFIX))


PARTNER_WORDS = 8  # a partner is a unit ('Ban đại diện cha mẹ học sinh'); a longer part is a sentence


def owners_text(action: Action) -> str:
    """The lead, then 'Phối hợp: <units>'; a cell that holds a sentence ('Lập Tờ trình…'), or says
    'Phối hợp' itself, is printed as the school wrote it, without the label."""
    lead, partners = clean(action.lead), clean(action.partners)
    if not partners:
        return lead
    return "\n".join(t for t in (lead, partners_line(partners)) if t)


def partners_line(partners: str) -> str:
    parts = [p for p in re.split(r"[,;\n]", partners) if p.strip()]
    label = fold(m.WORD["partners"].split(":")[0])
    if fold(partners).startswith(label) or any(len(p.split()) > PARTNER_WORDS for p in parts):
        return partners
    return m.WORD["partners"].format(partners=partners)


def time_text(action: Action) -> str:
    """'10/2023' when one month, else '9/2023 – 5/2024' (months as schools write them)."""
    if action.start == action.end:
        return str(action.start)
    return m.WORD["month_span"].format(start=action.start, end=action.end)


def money(amount: int) -> str:
    """15000000 -> '15.000.000' (Vietnamese thousands separator)."""
    return format_money(amount)


def unbroken_lines(text: str) -> list[str]:
    """The lines of a cost cell that must print whole: amounts ('1.000.000.000 đ') and 'Chưa dự toán'."""
    return [line for line in text.split("\n") if _AMOUNT_RE.match(line) or line == m.WORD["not_estimated"]]


_AMOUNT_RE = re.compile(r"^\d[\d.]*\u00a0")


def cost_text(action: Action) -> str:
    """'15.000.000 đ' and the funding source on the next line; a source without an amount is
    'Chưa dự toán' above the source; no cost at all -> 'Không'."""
    source = clean(action.funding)
    if action.cost:
        amount = m.WORD["money"].format(amount=money(action.cost))
        return f"{amount}\n{source}" if source and fold(source) != fold(m.WORD["no_cost"]) else amount
    if not_estimated(action):
        return f"{m.WORD['not_estimated']}\n{source}"
    return source or m.WORD["no_cost"]


CELL_TEXT = {
    "no": lambda a: "",
    "criterion": criterion_label,
    "result": lambda a: clean(a.result),
    "tasks": lambda a: clean(a.tasks),
    "owners": owners_text,
    "time": time_text,
    "cost": cost_text,
    "support": lambda a: clean(a.support),
    "note": lambda a: clean(a.note),
}
