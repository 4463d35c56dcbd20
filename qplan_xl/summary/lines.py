"""Words and numbers of a Summary: the result lines and progress in the schools' wording, the JSON."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from qplan_xl import messages as m
from qplan_xl.summary.progress import status_at
from qplan_xl.workbook.cells import format_money

if TYPE_CHECKING:
    from qplan_xl.model import Action
    from qplan_xl.report import Report
    from qplan_xl.rules.forms import Review
    from qplan_xl.rules.levels import Gap, LevelCount
    from qplan_xl.summary.compute import Summary
    from qplan_xl.summary.progress import Tally as ProgressTally

S = m.SUMMARY

# --- numbers the Vietnamese way -------------------------------------------------------------


def percent_text(achieved: int, total: int) -> str:
    """'100%', '40%', '66,7%': one decimal with a decimal comma, none when whole."""
    if not total:
        return "0%"
    value = (Decimal(achieved) * 100 / Decimal(total)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    text = f"{value:f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


def money_text(amount: int) -> str:
    """15000000 -> '15.000.000'."""
    return format_money(amount)


def two_digits(count: int) -> str:
    """Counts in the plan are written with two digits: '05', '27'."""
    return f"{count:02d}"


def level_text(level: int | None) -> str:
    """A criterion's level as the workbook writes it."""
    if level is None:
        return S["blank"]
    return m.LEVEL_NONE if level == 0 else m.level_label(level)


def gap_level_text(gap: Gap) -> str:
    if gap.is_level4:
        return S["blank"] if gap.level is None else (m.MET if gap.level else m.NOT_MET)
    return level_text(gap.level)


def gap_needed_text(gap: Gap) -> str:
    return m.MET if gap.is_level4 else m.level_label(gap.needed)


# --- result lines ---------------------------------------------------------------------------


def result_lines(summary: Summary) -> list[str]:
    """'Tổng số tiêu chuẩn...', one line per level, then the level reached (no bullets)."""
    count = two_digits(len(summary.framework.standards))
    lines = [S["standards_line"].format(count=count)]
    lines += [_level_line(c) for c in summary.levels.values() if c.total]
    lines.append(conclusion_line(summary))
    return lines


def _level_line(count: LevelCount) -> str:
    line = S["level_line"].format(
        level=count.level,
        total=two_digits(count.total),
        achieved=count.achieved,
        total_plain=count.total,
        rate=percent_text(count.achieved, count.total),
        failed=count.not_achieved,
    )
    if count.unassessed:
        line += S["level_unassessed"].format(count=count.unassessed)
    return line


def conclusion_line(summary: Summary) -> str:
    """'Tự đánh giá đạt Mức 3', '... chưa đạt Mức 1' or why the level is still open."""
    if summary.school_level is None:
        codes = ", ".join(summary.unassessed)
        return S["open"].format(count=len(summary.unassessed), codes=codes)
    if summary.school_level == 0:
        return S["not_reached"].format(level=min(summary.framework.rule.levels))
    return S["reached"].format(level=summary.school_level)


# --- JSON -----------------------------------------------------------------------------------


def summary_dict(summary: Summary, report: Report | None = None) -> dict[str, Any]:
    """The stable JSON form (DESIGN 5.1 keys plus documented extras).

    With the `report` of an invalid workbook, the summary of what could be read also carries
    "valid": false and the report's error and warning counts and issues.
    """
    data = _summary_fields(summary)
    if report is not None and not report.valid:
        found = report.to_dict()
        data |= {key: found[key] for key in ("valid", "errors", "warnings", "issues")}
    return data


def _summary_fields(summary: Summary) -> dict[str, Any]:
    fw = summary.framework
    return {
        "framework": fw.id,
        "framework_label": fw.label,
        "provisional": fw.provisional,
        "school": summary.school,
        "school_code": summary.school_code,
        "education_level": summary.education_level,
        "year": str(summary.year),
        "self_assessment": _assessment_dict(summary),
        "plan": _plan_dict(summary),
        "progress": _progress_dict(summary),
    }


def _counts_dict(counts: dict[int, LevelCount]) -> dict[str, Any]:
    return {
        str(k): {
            "achieved": c.achieved,
            "total": c.total,
            "rate": None if c.rate is None else round(c.rate, 4),
            "not_achieved": c.not_achieved,
            "unassessed": c.unassessed,
        }
        for k, c in counts.items()
    }


def _assessment_dict(summary: Summary) -> dict[str, Any]:
    return {
        "standards": len(summary.framework.standards),
        "criteria": len(summary.framework.criteria),
        "levels": _counts_dict(summary.levels),
        "school_level": summary.school_level,
        "concluded": summary.concluded,
        "lowest_level": summary.lowest_level,
        "unassessed": list(summary.unassessed),
        "by_standard": [
            {
                "standard": s.no,
                "name": s.name,
                "criteria": s.criteria,
                "levels": _counts_dict(s.levels),
            }
            for s in summary.by_standard
        ],
        "target_level": summary.target_level,
        "target_source": summary.target_source,
        "next_level": summary.next_level,
        "blocking": [_gap_dict(g) for g in summary.blocking],
        "others_needed": summary.others_needed,
        "result_lines": result_lines(summary),
    }


def _gap_dict(gap: Gap) -> dict[str, Any]:
    return {
        "code": gap.code,
        "level": gap.level,
        "needed": gap.needed,
        "required": gap.required,
        "blocks_next": gap.blocks_next,
        "blocks_target": gap.blocks_target,
        "covered": gap.covered,
    }


def _plan_dict(summary: Summary) -> dict[str, Any]:
    return {
        "actions": summary.actions,
        "budget": summary.budget,
        "by_standard": _plan_standards(summary),
        "by_lead": [
            {"lead": t.label, "actions": t.actions, "budget": t.budget} for t in summary.by_lead
        ],
        "by_month": [{"month": str(mo), "actions": n} for mo, n in summary.by_month],
        "funding": {
            "total": summary.budget,
            "by_source": [
                {"source": t.label, "actions": t.actions, "budget": t.budget}
                for t in summary.funding
            ],
        },
        "uncovered_criteria": list(summary.uncovered_criteria),
        "owner_month_load": [
            {"lead": lead, "month": str(mo), "actions": n}
            for (lead, mo), n in sorted(
                summary.owner_month_load.items(), key=lambda i: (i[0][0], i[0][1])
            )
        ],
        "busiest": [
            {"lead": b.lead, "month": str(b.month), "actions": b.actions} for b in summary.busiest
        ],
    }


def _plan_standards(summary: Summary) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {
            "standard": s.no,
            "sheet": s.sheet,
            "name": s.name,
            "actions": s.actions,
            "budget": s.budget,
        }
        for s in summary.by_standard
    ]
    if summary.level4_plan is not None:
        p = summary.level4_plan
        rows.append(
            {
                "standard": None,
                "sheet": p.label,
                "name": S["level4_name"],
                "actions": p.actions,
                "budget": p.budget,
            }
        )
    return rows


# --- progress at the latest review ----------------------------------------------------------

# The JSON keys of "by_status" are a contract (DESIGN 5.1): always all five, in this order;
# a status the form data adds later follows them.
STATUS_KEYS = ("not_started", "in_progress", "completed", "not_completed", "dropped")


def _progress_dict(summary: Summary) -> dict[str, Any]:
    p = summary.progress
    counts = {key: p.by_status.get(key, 0) for key in STATUS_KEYS}
    counts |= {key: n for key, n in p.by_status.items() if key not in counts}
    return {
        "as_of": p.as_of,
        "review_date": p.review_date.isoformat() if p.review_date else None,
        "total": p.total,
        "by_status": counts,
        "unreported": p.unreported,
        "completed": p.completed,
        "ratio": None if p.ratio is None else round(p.ratio, 4),
        "overdue": [_overdue_dict(a, _review(summary)) for a in p.overdue],
        "by_standard": [_progress_tally(t, "sheet") for t in p.by_standard],
        "by_lead": [_progress_tally(t, "lead") for t in p.by_lead],
    }


def _review(summary: Summary) -> Review | None:
    form, as_of = summary.framework.form, summary.progress.as_of
    return next((r for r in form.reviews if r.key == as_of), None) if form else None


def _overdue_dict(action: Action, review: Review | None) -> dict[str, Any]:
    return {
        "sheet": action.sheet,
        "row": action.row,
        "criterion": action.criterion,
        "content": action.content or action.result,
        "lead": action.lead,
        "end": str(action.end),
        "status": status_at(action, review) if review else None,
    }


def _progress_tally(tally: ProgressTally, key: str) -> dict[str, Any]:
    ratio = tally.ratio
    return {key: tally.label, "actions": tally.total, "completed": tally.completed,
            "ratio": None if ratio is None else round(ratio, 4)}


def review_label(summary: Summary) -> str:
    """'cuối học kỳ I', 'cuối năm học': the review the progress stands at ('' before any)."""
    found = _review(summary)
    return found.label[:1].lower() + found.label[1:] if found else ""


def review_date_text(summary: Summary) -> str:
    date = summary.progress.review_date
    return f"{date.day:02d}/{date.month:02d}/{date.year}" if date else ""


def completed_line(summary: Summary) -> str:
    """'Hoàn thành 8/12 nhiệm vụ (66,7%).'"""
    p = summary.progress
    return S["progress_completed"].format(
        completed=p.completed, total=p.total, percent=percent_text(p.completed, p.total))


def progress_line(summary: Summary) -> str:
    """One line for lists: 'rà soát cuối học kỳ I (ngày 15/01/2027): hoàn thành 4/12 ...'."""
    p = summary.progress
    if p.as_of is None:
        return S["progress_short_none"]
    date = S["progress_date"].format(date=review_date_text(summary)) if p.review_date else ""
    line = S["progress_short"].format(review=review_label(summary), date=date, completed=p.completed,
                                      total=p.total, percent=percent_text(p.completed, p.total))
    return line + (S["progress_short_overdue"].format(count=len(p.overdue)) if p.overdue else "")
