"""The summary as rows (shared by the plain-text report and the sheet) and as aligned text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from qplan_xl import messages as m
from qplan_xl.rules.levels import TARGET_FROM_PLAN
from qplan_xl.summary.lines import (
    completed_line,
    gap_level_text,
    gap_needed_text,
    money_text,
    percent_text,
    result_lines,
    review_date_text,
    review_label,
)
from qplan_xl.summary.progress import status_at

if TYPE_CHECKING:
    from qplan_xl.model import Action
    from qplan_xl.rules.forms import PlanForm
    from qplan_xl.rules.levels import Gap, LevelCount
    from qplan_xl.summary.compute import Summary
    from qplan_xl.summary.progress import Progress
    from qplan_xl.summary.progress import Tally as ProgressTally

S = m.SUMMARY
H = m.SUMMARY_HEADERS
PERCENT = "0.0%"  # Excel number format of a share

# --- rows shared by the text report and the sheet -------------------------------------------


@dataclass(frozen=True)
class Row:
    """One row of the report.

    kind: title, note (plain line), text (a bulleted line), heading, header, data, total or
    blank. `formats` are Excel number formats per column; `text` replaces `values` in the
    plain-text report when a narrower form reads better there.
    """

    kind: str
    values: list[Any]
    formats: tuple[str | None, ...] = ()
    text: list[str] | None = None


def sheet_rows(summary: Summary) -> list[Row]:
    """Every row of the report, in order, with numbers as numbers."""
    rows = _head_rows(summary)
    rows += _section(S["section_results"], [Row("text", [line]) for line in result_lines(summary)])
    rows += _section(S["section_standards"], _standard_rows(summary))
    rows += _section(S["section_gaps"].format(goal=_goal(summary)), _gap_rows(summary))
    rows += _section(S["section_leads"], _tally_rows(H["lead"], summary.by_lead, summary.budget))
    rows += _section(S["section_months"], _month_rows(summary))
    rows += _section(
        S["section_funding"], _tally_rows(H["source"], summary.funding, summary.budget)
    )
    rows += _section(S["section_busiest"], _busiest_rows(summary))
    if summary.framework.form is not None:  # the 2018 plans have no "Mức độ thực hiện"
        rows += _section(S["section_progress"], _progress_rows(summary))
    return rows


def summary_rows(summary: Summary) -> list[list[Any]]:
    """The rows of the `Tổng hợp` sheet as plain values (for writers other than openpyxl).

    These writers carry no number formats, so a share is given as its text ('33,3%').
    """
    return [_plain_values(row) for row in sheet_rows(summary)]


def _plain_values(row: Row) -> list[Any]:
    shares = [i for i, f in enumerate(row.formats) if f == PERCENT] if row.text else []
    return [row.text[i] if row.text and i in shares else v for i, v in enumerate(row.values)]


def _head_rows(summary: Summary) -> list[Row]:
    fw = summary.framework
    label = S["framework_line"].format(label=fw.label) + (
        S["provisional_tag"] if fw.provisional else ""
    )
    school = S["school_line"].format(
        school=summary.school, code=summary.school_code, year=summary.year
    )
    return [Row("title", [S["title"]]), Row("note", [school]), Row("note", [label])]


def _section(title: str, body: list[Row]) -> list[Row]:
    return [Row("blank", []), Row("heading", [title]), *body]


def _standard_rows(summary: Summary) -> list[Row]:
    levels = sorted(summary.framework.rule.levels)
    header = [H["standard"], H["name"], H["criteria"]]
    for k in levels:
        header += [H["achieved"].format(level=k), H["having"].format(level=k)]
    header += [H["actions"], H["budget"]]
    short = [H["standard"], H["name"], H["criteria"]]
    short += [H["achieved"].format(level=k) for k in levels] + [H["actions"], H["budget"]]
    money = (None,) * (len(header) - 1) + ("#,##0",)
    rows = [Row("header", header, text=short)]
    for s in summary.by_standard:
        values = [s.sheet, s.name, s.criteria, *_pairs(s.levels, levels), s.actions, s.budget]
        rows.append(Row("data", values, money, _pairs_text(values, len(levels))))
    rows += _level4_rows(summary, len(levels), money)
    totals = _standard_totals(summary, levels)
    rows.append(Row("total", totals, money, _pairs_text(totals, len(levels))))
    return rows


def _pairs(counts: dict[int, LevelCount], levels: list[int]) -> list[int]:
    return [n for k in levels for n in (counts[k].achieved, counts[k].total)]


def _pairs_text(values: list[Any], n_levels: int) -> list[str]:
    """The same row for plain text: each (achieved, total) pair as 'achieved/total'."""
    pairs = values[3 : 3 + 2 * n_levels]
    joined = [f"{a}/{t}" for a, t in zip(pairs[::2], pairs[1::2], strict=True)]
    tail = values[3 + 2 * n_levels :]
    return [_cell_text(v) for v in values[:3]] + joined + [_cell_text(v) for v in tail]


def _level4_rows(summary: Summary, n_levels: int, money: tuple[str | None, ...]) -> list[Row]:
    plan = summary.level4_plan
    if plan is None:
        return []
    items = len(summary.framework.level4_items)
    values = [
        plan.label,
        S["level4_name"],
        items,
        *[None] * (2 * n_levels),
        plan.actions,
        plan.budget,
    ]
    text = [_cell_text(v) for v in values[:3] + [None] * n_levels + values[-2:]]
    return [Row("data", values, money, text)]


def _standard_totals(summary: Summary, levels: list[int]) -> list[Any]:
    criteria = sum(s.criteria for s in summary.by_standard)
    counts = _pairs(summary.levels, levels)
    return [S["total"], None, criteria, *counts, summary.actions, summary.budget]


def _goal(summary: Summary) -> int:
    return max(summary.next_level or 0, summary.target_level)


def _gap_rows(summary: Summary) -> list[Row]:
    rows = [Row("text", [_target_line(summary)])]
    rows.append(Row("text", [_next_line(summary)]))
    if not summary.blocking:
        return rows + [Row("text", [S["no_gaps"]])]
    header = [H["criterion"], H["current"], H["needed"], H["required"]]
    header += [H["blocks_next"], H["blocks_target"], H["covered"]]
    rows.append(Row("header", header))
    rows += [Row("data", _gap_values(g)) for g in summary.blocking]
    if summary.others_needed:
        text = S["others_needed"].format(count=summary.others_needed, level=summary.target_level)
        rows.append(Row("text", [text]))
    rows.append(Row("text", [_uncovered_line(summary)]))
    return rows


def _gap_values(gap: Gap) -> list[Any]:
    yes = S["yes"]
    return [
        gap.code,
        gap_level_text(gap),
        gap_needed_text(gap),
        yes if gap.required else S["choose"],
        yes if gap.blocks_next else "",
        yes if gap.blocks_target else "",
        yes if gap.covered else S["missing"],
    ]


def _target_line(summary: Summary) -> str:
    source = S["target_plan"] if summary.target_source == TARGET_FROM_PLAN else S["target_default"]
    return S["target_line"].format(level=summary.target_level, source=source)


def _next_line(summary: Summary) -> str:
    if summary.next_level is None:
        return S["at_top"]
    return S["next_line"].format(level=summary.next_level)


def _uncovered_line(summary: Summary) -> str:
    if not summary.uncovered_criteria:
        return S["all_covered"]
    return S["uncovered"].format(codes=", ".join(summary.uncovered_criteria))


def _tally_rows(label: str, tallies: Any, total: int) -> list[Row]:
    if not tallies:
        return [Row("text", [S["no_actions"]])]
    money = (None, None, "#,##0")
    rows = [Row("header", [label, H["actions"], H["budget"]])]
    rows += [Row("data", [t.label, t.actions, t.budget], money) for t in tallies]
    rows.append(Row("total", [S["total"], sum(t.actions for t in tallies), total], money))
    return rows


def _month_rows(summary: Summary) -> list[Row]:
    if not summary.by_month:
        return [Row("text", [S["no_actions"]])]
    rows = [Row("header", [H["month"], H["actions"]])]
    return rows + [Row("data", [str(month), n], ("@", None)) for month, n in summary.by_month]


def _busiest_rows(summary: Summary) -> list[Row]:
    if not summary.busiest:
        return [Row("text", [S["no_actions"]])]
    rows = [Row("header", [H["lead"], H["month"], H["actions"]])]
    return rows + [
        Row("data", [b.lead, str(b.month), b.actions], (None, "@", None)) for b in summary.busiest
    ]


# --- progress at the latest review -----------------------------------------------------------


def _progress_rows(summary: Summary) -> list[Row]:
    """As of which review, counts by status, overdue actions, tallies by standard and owner."""
    p, form = summary.progress, summary.framework.form
    if p.as_of is None or form is None:
        return [Row("text", [S["progress_none"]])]
    date = S["progress_date"].format(date=review_date_text(summary)) if p.review_date else ""
    rows = [Row("text", [S["progress_as_of"].format(review=review_label(summary), date=date)]),
            Row("text", [completed_line(summary)])]
    rows += _status_rows(p, form)
    rows += _overdue_rows(summary, form)
    rows += _progress_tally_rows(H["standard"], p.by_standard)
    return rows + _progress_tally_rows(H["owner"], p.by_lead)


def _status_rows(p: Progress, form: PlanForm) -> list[Row]:
    counts = [(s.label, p.by_status.get(s.key, 0)) for s in form.statuses]
    if p.unreported:
        counts.append((S["progress_unreported"], p.unreported))
    rows = [Row("header", [H["status"], H["tasks"]])]
    rows += [Row("data", [label, n]) for label, n in counts]
    return rows + [Row("total", [S["total"], p.total])]


def _overdue_rows(summary: Summary, form: PlanForm) -> list[Row]:
    p = summary.progress
    month = str(p.review_month) if p.review_month else ""
    if not p.overdue:
        return [Row("text", [S["no_overdue"].format(month=month)])]
    review = next(r for r in form.reviews if r.key == p.as_of)
    header = [H["sheet"], H["row"], H["criterion"], H["end"], H["status"], H["content"], H["owner"]]
    rows = [Row("text", [S["overdue_line"].format(month=month, count=len(p.overdue))])]
    rows.append(Row("header", header))
    return rows + [_overdue_row(a, form.status_label(status_at(a, review))) for a in p.overdue]


def _overdue_row(action: Action, status: str) -> Row:
    values = [action.sheet, action.row, action.criterion or S["no_criterion"], str(action.end),
              status or S["progress_unreported"], action.content or action.result, action.lead]
    text = [_cell_text(v) for v in values]
    text[1] = str(action.row)
    return Row("data", values, (None, None, None, "@"), text)


def _progress_tally_rows(label: str, tallies: tuple[ProgressTally, ...]) -> list[Row]:
    percent = (None, None, None, PERCENT)
    rows = [Row("blank", []), Row("header", [label, H["tasks"], H["completed"], H["ratio"]])]
    for t in tallies:
        text = [_cell_text(t.label), str(t.total), str(t.completed), percent_text(t.completed, t.total)]
        rows.append(Row("data", [t.label, t.total, t.completed, t.ratio], percent, text))
    return rows


# --- plain text -----------------------------------------------------------------------------


def render_summary_text(summary: Summary) -> str:
    """Headings, result lines and aligned tables; money as 15.000.000."""
    lines: list[str] = []
    table: list[Row] = []
    for row in sheet_rows(summary):
        if row.kind in ("header", "data", "total"):
            table.append(row)
            continue
        lines += _aligned(table)
        table = []
        lines.append(_plain_line(row))
    lines += _aligned(table)
    plan = S["plan_line"].format(actions=summary.actions, budget=money_text(summary.budget))
    return "\n".join(lines + ["", plan])


def _plain_line(row: Row) -> str:
    if not row.values:
        return ""
    if row.kind == "heading":
        return str(row.values[0]).upper()
    prefix = "- " if row.kind == "text" else ""
    return prefix + str(row.values[0])


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return money_text(value)
    return _shorten(str(value))


def _shorten(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _aligned(rows: list[Row]) -> list[str]:
    if not rows:
        return []
    table = [row.text or [_cell_text(v) for v in row.values] for row in rows]
    widths = [max(len(r[i]) for r in table if i < len(r)) for i in range(max(map(len, table)))]
    return [
        "  " + "  ".join(_pad(c, widths[i], i, row.formats) for i, c in enumerate(r)).rstrip()
        for row, r in zip(rows, table, strict=True)
    ]


def _pad(text: str, width: int, index: int, formats: tuple[str | None, ...]) -> str:
    # Counts and money read best right-aligned; labels and months ("@" cells) do not.
    as_text = index < len(formats) and formats[index] == "@"
    digits = text.replace(".", "").replace("/", "").replace(",", "").removesuffix("%")
    is_number = index > 0 and not as_text and digits.isdigit()
    return text.rjust(width) if is_number else text.ljust(width)
