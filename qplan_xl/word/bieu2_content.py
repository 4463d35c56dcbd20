"""What a TT57 Biểu 2 plan says: header lines, section texts and its three tables' rows (no docx)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

from qplan_xl import messages as m
from qplan_xl.model import Action, FocalIssue, Plan, Review, SchoolInfo, Texts
from qplan_xl.rules.catalog import Framework
from qplan_xl.rules.forms import FormColumn, PlanForm, Section
from qplan_xl.summary.lines import percent_text
from qplan_xl.summary.progress import Progress, progress_at
from qplan_xl.word import content as wl

B = m.WORD_BIEU2
GROUP, ACTION = "group", "action"


@dataclass(frozen=True)
class Row:
    """One row of the plan table: a GROUP row holds one text (a standard, spanning the table),
    an ACTION row one text per column."""

    kind: str
    cells: tuple[str, ...]


# --- header and sections ----------------------------------------------------------------------


def doc_number_line(info: SchoolInfo, form: PlanForm) -> str:
    """'Số: 38/KH-THKĐ', or room for the office's number with the form's symbol ('Số:   /KH-…')."""
    if wl.doc_number(info):
        return wl.doc_number_line(info)
    return B["doc_number_blank"].format(symbol=form.header["symbol"])


def title_lines(form: PlanForm, info: SchoolInfo) -> list[str]:
    """'KẾ HOẠCH' and 'Cải tiến chất lượng giáo dục năm học 2026-2027' (the form's wording)."""
    return [form.header["title"], form.header["subtitle"].format(year=info.year)]


def heading(section: Section) -> str:
    """'I. THÔNG TIN CHUNG'."""
    return B["section"].format(no=section.no, title=section.title)


def general_lines(section: Section, info: SchoolInfo) -> list[str]:
    """Section I: '1. Tên cơ sở giáo dục: Trường ...', Loại hình, Địa chỉ (dots when blank)."""
    values = (info.name, info.kind, info.address)
    return [
        B["item"].format(no=no, label=label, value=" ".join(wl.clean(value).split()) or B["blank"])
        for no, (label, value) in enumerate(zip(section.items, values, strict=False), start=1)
    ]


def basis_lines(texts: Texts) -> list[str]:
    """Section II: the basis lines, then the results of last year's plan, as list items."""
    return wl.list_items(texts.basis) + wl.list_items(texts.previous_results)


# --- tables -----------------------------------------------------------------------------------


def widths_mm(columns: tuple[FormColumn, ...], total_mm: float) -> list[float]:
    """The columns' width shares scaled to `total_mm`."""
    scale = total_mm / sum(c.width for c in columns)
    return [round(c.width * scale, 2) for c in columns]


def numbers_row(columns: tuple[FormColumn, ...]) -> tuple[str, ...]:
    """'(1)' ... '(10)' under the plan table's labels."""
    return tuple(B["column_number"].format(number=c.number) if c.number else "" for c in columns)


def standard_label(framework: Framework, no: int | None) -> str:
    """'Tiêu chuẩn 2: Phát triển đội ngũ'."""
    standard = framework.standard(no or 0)
    return m.WORD["standard"].format(no=no, name=standard.name if standard else "").rstrip(": ")


def focal_rows(plan: Plan, framework: Framework, columns: tuple[FormColumn, ...]) -> list[tuple[str, ...]]:
    """Section IV: one row per focal issue, numbered."""
    return [
        tuple(_focal_cell(issue, seq, framework, column.key) for column in columns)
        for seq, issue in enumerate(plan.focal_issues, start=1)
    ]


def _focal_cell(issue: FocalIssue, seq: int, framework: Framework, key: str) -> str:
    if key == "no":
        return str(seq)
    if key == "standard":
        return standard_label(framework, issue.standard)
    return wl.clean(getattr(issue, key, ""))


def plan_rows(plan: Plan, framework: Framework, form: PlanForm) -> list[Row]:
    """Section V: a row per standard, then its actions in the school's order, numbered on."""
    # Stable sort: the sheets' order within a standard; an action without one (not in a
    # valid Biểu 2 workbook) comes last, without a title row.
    actions = sorted(plan.actions, key=lambda a: (a.standard is None, a.standard or 0))
    rows: list[Row] = []
    seq = 0
    for no, group in groupby(actions, key=lambda a: a.standard):
        if no is not None:
            rows.append(Row(GROUP, (standard_label(framework, no),)))
        for action in group:
            seq += 1
            cells = tuple(_action_cell(action, seq, column, form) for column in form.plan_columns)
            rows.append(Row(ACTION, cells))
    return rows


def _action_cell(action: Action, seq: int, column: FormColumn, form: PlanForm) -> str:
    if column.key == "no":
        return str(seq)
    render = CELL_TEXT.get(column.key)
    if render is not None:
        return render(action, column, form)
    return "\n".join(text for text in (wl.clean(getattr(action, f)) for f in column.fields) if text)


def content_text(action: Action, column: FormColumn, form: PlanForm) -> str:
    """(2): the content, then '(Tiêu chí 1.3)' when the action names a criterion."""
    criterion = B["criterion"].format(code=action.criterion) if action.criterion else ""
    return "\n".join(t for t in (wl.clean(action.content), criterion) if t)


def resources_text(action: Action, column: FormColumn, form: PlanForm) -> str:
    """(8): the funding source, the cost ('15.000.000 đ', never split) and other support."""
    amount = m.WORD["money"].format(amount=wl.money(action.cost)) if action.cost else ""
    if wl.not_estimated(action):
        amount = m.WORD["not_estimated"]
    return "\n".join(t for t in (wl.clean(action.funding), amount, wl.clean(action.support)) if t)


def period_text(action: Action, column: FormColumn, form: PlanForm) -> str:
    """(6): '10/2026', or '9/2026 – 12/2026' broken after the dash when the column is narrow."""
    if action.start == action.end:
        return str(action.start)
    return B["period"].format(start=action.start, end=action.end)


def status_text(action: Action, column: FormColumn, form: PlanForm) -> str:
    """(10): the status at the latest review that has one (the year's end over term I)."""
    keys = [getattr(action, f) for f in column.fields]
    return form.status_label(next((k for k in reversed(keys) if k), None))


CELL_TEXT: dict[str, Callable[[Action, FormColumn, PlanForm], str]] = {
    "content": content_text,
    "period": period_text,
    "owners": lambda action, column, form: wl.owners_text(action),
    "resources": resources_text,
    "status": status_text,
}


# --- section VI: the reviews ------------------------------------------------------------------


def monitoring_rows(plan: Plan, form: PlanForm) -> list[tuple[str, ...]]:
    """Section VI: one row per review of the form (term I, year end), blank until it is held."""
    rows = []
    for moment in form.reviews:
        review = next((r for r in plan.reviews if r.key == moment.key), Review(key=moment.key))
        progress = progress_at(plan, form, moment)
        cells = {
            "moment": "\n".join(t for t in (moment.label, _review_date(review.date)) if t),
            "content": wl.clean(review.content),
            "results": "\n".join(t for t in (figures(progress, form), wl.clean(review.results)) if t),
            "adjustments": wl.clean(review.adjustments),
            "reviewer": wl.clean(review.reviewer),
        }
        rows.append(tuple(cells.get(c.key, "") for c in form.monitoring_columns))
    return rows


def _review_date(date: dt.date | None) -> str:
    return B["review_date"].format(date=f"{date.day:02d}/{date.month:02d}/{date.year}") if date else ""


def figures(progress: Progress, form: PlanForm) -> str:
    """'Hoàn thành 8/12 nhiệm vụ (66,7%); đang thực hiện 3; chưa thực hiện 1'; '' before the review.

    The completed share comes first; then the other statuses that occur, most frequent first.
    """
    if progress.as_of is None:
        return ""
    done = [s for s in form.statuses if s.done]
    count = sum(progress.by_status.get(s.key, 0) for s in done)
    parts = [B["completed"].format(label=done[0].label if done else "", count=count,
                                   total=progress.total, percent=percent_text(count, progress.total))]
    others = [s for s in form.statuses if not s.done and progress.by_status.get(s.key)]
    others.sort(key=lambda s: -progress.by_status[s.key])  # stable: ties keep the form's order
    parts += [B["status_count"].format(label=_lower_first(s.label), count=progress.by_status[s.key])
              for s in others]
    if progress.unreported:
        parts.append(B["unreported"].format(count=progress.unreported))
    return B["figures_separator"].join(parts)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
