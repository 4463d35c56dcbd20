"""The archive's answers as Vietnamese text (JSON is the answers' dicts as they are)."""

from __future__ import annotations

from typing import Any

from qplan_xl import messages as m
from qplan_xl.mail.received import shown_date

T = m.ARCHIVE_TEXT


def history_text(answer: dict[str, Any]) -> str:
    lines = [T["history_head"].format(school=_school(answer), count=len(answer["files"]))]
    for f in answer["files"]:
        mail = T["history_mail"].format(sender=f["mail_from"], subject=f["mail_subject"]) if f["mail_from"] else ""
        lines.append(T["history_line"].format(
            received=shown_date(f["received"] or "", True) or "?", year=f["school_year"] or "?",
            review=m.ARCHIVE_REVIEW.get(f["review"], f["review"]), revision=f["revision"] or "?",
            status=m.MERGE_FILE_STATUS.get(f["status"], f["status"]), file=f["file"], mail=mail))
    return "\n".join(lines)


def years_text(answer: dict[str, Any]) -> str:
    if not answer["years"]:
        return T["years_none"].format(school=_school(answer))
    lines = [T["years_head"].format(school=_school(answer))]
    for y in answer["years"]:
        if not y["plan"]:
            lines.append(T["year_missing"].format(year=y["school_year"]))
            continue
        progress = (T["year_progress"].format(completed=y["completed"], actions=y["actions"], ratio=_percent(y["ratio"]))
                    if y["ratio"] is not None else T["year_no_progress"].format(actions=y["actions"]))
        lines.append(T["year_plan"].format(
            year=y["school_year"], framework=y["framework"], revision=y["revision"] or "?",
            review=m.ARCHIVE_REVIEW[y["review"]], reached=_reached(y["reached"]), progress=progress))
    lines.append(T["years_complete"] if answer["complete"] else T["years_incomplete"])
    return "\n".join(lines)


def weak_text(answer: list[dict[str, Any]], below: int, years: int) -> str:
    lines = [T["weak_head"].format(below=below, years=years, count=len(answer))]
    for w in answer:
        levels = "; ".join(T["weak_year"].format(year=y, level=_reached(level))
                           for y, level in zip(w["years"], w["levels"], strict=True))
        lines.append(T["weak_line"].format(unit=w["unit"] or T["no_unit"], school=_school(w),
                                           criterion=w["criterion"], framework=w["framework"], levels=levels))
    return "\n".join(lines)


def completion_text(answer: list[dict[str, Any]]) -> str:
    lines = [T["completion_head"]]
    for c in answer:
        lines.append(T["completion_line"].format(
            year=c["school_year"], unit=c["unit"] or T["no_unit"], completed=c["completed"], actions=c["actions"],
            ratio=_percent(c["ratio"]), reviewed=c["reviewed"], schools=c["schools"]))
    return "\n".join(lines)


def _school(answer: dict[str, Any]) -> str:
    code, name = answer["school_code"], answer.get("school_name")
    return T["school"].format(name=name, code=code) if name else T["school_unknown"].format(code=code)


def _reached(level: int | None) -> str:
    if level is None:
        return T["open"]
    return T["not_reached"] if level == 0 else m.level_label(level)


def _percent(ratio: float | None) -> str:
    return T["none"] if ratio is None else f"{ratio * 100:.1f}".replace(".", ",") + "%"
