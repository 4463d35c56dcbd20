"""Tests for the progress block of the summary: counts, ratio, overdue actions, text, sheet, CLI."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from qplan_xl import messages as m
from qplan_xl.cli import cli
from qplan_xl.model import Month, Plan, Review
from qplan_xl.summary import render_summary_text, summarize, summary_dict, summary_rows
from qplan_xl.validation import validate_workbook
from tests.conftest import make_bieu2_plan, make_plan

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
STATUS_KEYS = ["not_started", "in_progress", "completed", "not_completed", "dropped"]
CLOSED = {"completed", "dropped"}
# Term I statuses, action by action (12 actions of make_bieu2_plan); the last one not reported.
HK1 = ("completed", "in_progress", "not_started", "in_progress", "in_progress", "dropped",
       "completed", "not_completed", "in_progress", "completed", "completed", None)


def progress_of(plan: Plan) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(summary_dict(summarize(plan))))
    return data["progress"]


def overdue_rows(plan: Plan, statuses: tuple[str | None, ...], review_month: Month) -> list[tuple[Any, ...]]:
    """Counted here, not by the library: past its end month and neither completed nor dropped."""
    return [(a.sheet, a.row, a.criterion, str(a.end), s) for a, s in zip(plan.actions, statuses, strict=True)
            if a.end < review_month and s not in CLOSED]


def test_progress_counts_what_the_statuses_say() -> None:
    plan = make_bieu2_plan(hk1=HK1)
    found = progress_of(plan)
    counted = Counter(s for s in HK1 if s)
    assert found["as_of"] == "hk1" and found["total"] == len(HK1) == 12
    assert found["by_status"] == {key: counted[key] for key in STATUS_KEYS}
    assert list(found["by_status"]) == STATUS_KEYS
    assert found["completed"] == counted["completed"] == 4
    assert found["ratio"] == round(4 / 12, 4)
    assert found["unreported"] == 1
    rows = [(o["sheet"], o["row"], o["criterion"], o["end"], o["status"]) for o in found["overdue"]]
    assert rows == overdue_rows(plan, HK1, Month(2027, 1)) and rows  # the review was on 15/01/2027


def test_overdue_is_judged_at_the_review_month() -> None:
    # Reviewed on 20/12/2026: an action ending 12/2026 is not late yet, one ending 11/2026 is.
    plan = make_bieu2_plan(hk1=("in_progress",) * 12, reviews=(Review(key="hk1", date=dt.date(2026, 12, 20)),))
    found = progress_of(plan)
    ends = {o["end"] for o in found["overdue"]}
    assert ends == {"11/2026"}
    assert [(o["sheet"], o["row"]) for o in found["overdue"]] == [
        (a.sheet, a.row) for a in plan.actions if a.end < Month(2026, 12)]


def test_the_latest_review_with_statuses_wins() -> None:
    year_end = ("completed",) * 10 + ("not_completed", "dropped")
    plan = make_bieu2_plan(hk1=HK1, year_end=year_end)  # year end held, no date: May is its month
    found = progress_of(plan)
    assert (found["as_of"], found["completed"], found["ratio"]) == ("year_end", 10, round(10 / 12, 4))
    assert found["by_status"]["dropped"] == 1 and found["by_status"]["not_completed"] == 1
    assert [o["status"] for o in found["overdue"]] == ["not_completed"] * len(found["overdue"])
    assert len(found["overdue"]) == len(overdue_rows(plan, year_end, Month(2027, 5)))


def test_tallies_by_standard_and_owner_add_up() -> None:
    found = progress_of(make_bieu2_plan(hk1=HK1))
    for key in ("by_standard", "by_lead"):
        assert sum(t["actions"] for t in found[key]) == 12
        assert sum(t["completed"] for t in found[key]) == 4
    assert [t["sheet"] for t in found["by_standard"]] == ["TC1", "TC2", "TC3", "TC4"]


@pytest.mark.parametrize("plan", [make_bieu2_plan(hk1=()), make_plan("TT17-2018")], ids=["tt57", "2018"])
def test_before_any_review_the_ratio_is_null(plan: Plan) -> None:
    found = progress_of(plan)
    assert found["as_of"] is None and found["ratio"] is None and found["overdue"] == []
    assert found["by_status"] == dict.fromkeys(STATUS_KEYS, 0)
    assert found["total"] == len(plan.actions) and found["completed"] == 0


def test_text_before_any_review_says_so_without_a_zero_percent() -> None:
    text = render_summary_text(summarize(make_bieu2_plan(hk1=())))
    part = text.split(m.SUMMARY["section_progress"].upper())[1]
    assert f"- {m.SUMMARY['progress_none']}" in part.splitlines()
    assert "%" not in part


def test_text_and_sheet_show_the_progress() -> None:
    summary = summarize(make_bieu2_plan(hk1=HK1))
    lines = render_summary_text(summary).splitlines()
    done = m.SUMMARY["progress_completed"].format(completed=4, total=12, percent="33,3%")
    assert f"- {done}" in lines
    assert any(line.split()[:2] == ["Không", "thực"] and line.split()[-1] == "1" for line in lines)
    rows = summary_rows(summary)
    assert [m.SUMMARY["section_progress"]] in rows and [done] in rows
    assert ["TC4", 3, 2, "66,7%"] in rows  # a share is text where no number format travels
    assert [m.SUMMARY_HEADERS["owner"], m.SUMMARY_HEADERS["tasks"], m.SUMMARY_HEADERS["completed"],
            m.SUMMARY_HEADERS["ratio"]] in rows


def test_2018_text_has_no_progress_part() -> None:
    assert m.SUMMARY["section_progress"].upper() not in render_summary_text(summarize(make_plan()))


def test_cli_json_progress_equals_the_library(write_plan: Any) -> None:
    plan = make_bieu2_plan(hk1=HK1)
    path = write_plan(plan)
    result = CliRunner().invoke(cli, ["summary", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    validated = validate_workbook(path)
    assert json.loads(result.stdout) == summary_dict(summarize(validated.plan, validated.framework))
    assert json.loads(result.stdout)["progress"] == progress_of(plan)


@pytest.mark.parametrize("name, as_of, completed, total, overdue", [
    ("tieu-hoc-kim-dong-2026-2027", "hk1", 4, 12, [("TC2", "12/2026", "in_progress")]),
    ("thcs-le-loi-2026-2027", "year_end", 12, 14, []),
    ("gdtx-tan-lap-2026-2027", None, 0, 11, []),
])
def test_samples_progress(name: str, as_of: str | None, completed: int, total: int, overdue: list[Any]) -> None:
    result = validate_workbook(SAMPLES / f"{name}.xlsx")
    assert result.valid and result.plan is not None
    found = summary_dict(summarize(result.plan, result.framework))["progress"]
    assert (found["as_of"], found["completed"], found["total"]) == (as_of, completed, total)
    assert found["ratio"] == (round(completed / total, 4) if as_of else None)
    assert [(o["sheet"], o["end"], o["status"]) for o in found["overdue"]] == overdue
