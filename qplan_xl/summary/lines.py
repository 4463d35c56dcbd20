"""Words and numbers of a Summary: the result lines in the schools' wording, and the JSON form."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from qplan_xl import messages as m
from qplan_xl.workbook.cells import format_money

if TYPE_CHECKING:
    from qplan_xl.rules.levels import Gap, LevelCount
    from qplan_xl.summary.compute import Summary

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


def summary_dict(summary: Summary) -> dict[str, Any]:
    """The stable JSON form (DESIGN 5.1 keys plus documented extras)."""
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
