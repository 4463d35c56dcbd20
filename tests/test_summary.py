"""Tests for the level engine, the compliance summary, its text, sheet and CLI forms."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from qplan_xl import messages as m
from qplan_xl.cli import cli
from qplan_xl.model import (
    Action,
    Assessment,
    Level4Result,
    Month,
    Plan,
    SchoolInfo,
    SchoolYear,
)
from qplan_xl.rules.catalog import Framework, list_frameworks, load_framework
from qplan_xl.rules.levels import level_bounds, school_level
from qplan_xl.summary import (
    render_summary_text,
    result_lines,
    summarize,
    summary_dict,
    summary_rows,
    write_summary_sheet,
)
from qplan_xl.summary.lines import percent_text
from qplan_xl.summary.sheet import SameAsInput
from qplan_xl.validation.coverage import uncovered_assessments

FRAMEWORKS = list_frameworks()
YEAR = SchoolYear(2023)
SEPTEMBER, DECEMBER = Month(2023, 9), Month(2023, 12)


# --- plan builders ------------------------------------------------------------------------


def top_levels(fw: Framework) -> dict[str, int | None]:
    return {c.code: c.max_level for c in fw.criteria}


def make_plan(
    fw: Framework,
    levels: dict[str, int | None] | None = None,
    met: int | dict[str, bool | None] = 0,
    actions: tuple[Action, ...] = (),
    target: int | None = None,
) -> Plan:
    """A plan with the given criterion levels (default: each at its highest level).

    `met` as an int meets the first `met` Mức 4 items; as a dict gives each item's result.
    """
    levels = top_levels(fw) if levels is None else levels
    if isinstance(met, int):
        met = {i.code: i.no <= met for i in fw.level4_items}
    info = SchoolInfo(
        name="Trường Thử",
        code="079001",
        level=fw.school_levels[0],
        year=YEAR,
        framework=fw.id,
        target_level=target,
    )
    return Plan(
        info=info,
        assessments=tuple(
            Assessment(code=code, level=lv, sheet=m.SHEETS["self"], cell=f"C{3 + i}")
            for i, (code, lv) in enumerate(levels.items())
        ),
        level4=tuple(Level4Result(code=code, met=v) for code, v in met.items()),
        actions=actions,
    )


def act(
    criterion: str,
    lead: str = "Hiệu trưởng",
    start: Month = SEPTEMBER,
    end: Month = DECEMBER,
    cost: int | None = None,
    funding: str = "",
    row: int = 3,
) -> Action:
    standard = None if criterion.startswith("M4.") else int(criterion.split(".")[0])
    sheet = m.SHEETS["level4"] if standard is None else m.standard_sheet(standard)
    return Action(
        sheet=sheet,
        row=row,
        standard=standard,
        criterion=criterion,
        result="r",
        tasks="t",
        lead=lead,
        start=start,
        end=end,
        funding=funding,
        cost=cost,
    )


def with_levels(fw: Framework, **changes: int | None) -> dict[str, int | None]:
    """Top levels with some criteria changed; keys written c1_3 for '1.3'."""
    levels = top_levels(fw)
    for key, value in changes.items():
        levels[key[1:].replace("_", ".")] = value
    return levels


def counts(summary) -> dict[int, tuple[int, int]]:  # type: ignore[no-untyped-def]
    return {k: (c.achieved, c.total) for k, c in summary.levels.items()}


TT17 = load_framework("TT17-2018")
TT18 = load_framework("TT18-2018")
TT19 = load_framework("TT19-2018")
TT57 = load_framework("TT57-2026-PL-II")
TT57_MANDATORY = [c.code for c in TT57.criteria if c.mandatory]
TT57_OTHERS = [c.code for c in TT57.criteria if not c.mandatory]


# --- 2018 cumulative rule -----------------------------------------------------------------


def test_primary_at_top_levels_with_two_level4_items_is_level_3() -> None:
    summary = summarize(make_plan(TT17, met=2))
    assert counts(summary) == {1: (27, 27), 2: (27, 27), 3: (19, 19), 4: (2, 5)}
    assert summary.school_level == 3 and summary.concluded and summary.unassessed == ()


def test_result_lines_use_the_schools_wording() -> None:
    assert result_lines(summarize(make_plan(TT17, met=2))) == [
        "Tổng số tiêu chuẩn được đánh giá: 05 tiêu chuẩn",
        "Mức 1: Tổng số 27 tiêu chí, trong đó số tiêu chí đạt 27/27, tỉ lệ 100%; tiêu chí không đạt: 0",
        "Mức 2: Tổng số 27 tiêu chí, trong đó số tiêu chí đạt 27/27, tỉ lệ 100%; tiêu chí không đạt: 0",
        "Mức 3: Tổng số 19 tiêu chí, trong đó số tiêu chí đạt 19/19, tỉ lệ 100%; tiêu chí không đạt: 0",
        "Mức 4: Tổng số 05 tiêu chí, trong đó số tiêu chí đạt 2/5, tỉ lệ 40%; tiêu chí không đạt: 3",
        "Tự đánh giá đạt Mức 3",
    ]


def test_one_criterion_at_level_1_gives_level_1() -> None:
    summary = summarize(make_plan(TT17, with_levels(TT17, c1_3=1), met=2))
    assert summary.school_level == 1
    assert counts(summary)[2] == (26, 27) and counts(summary)[3] == (18, 19)
    assert summary.levels[2].not_achieved == 1


def test_one_criterion_not_met_gives_level_0() -> None:
    summary = summarize(make_plan(TT17, with_levels(TT17, c2_1=0), met=5))
    assert summary.school_level == 0
    assert counts(summary)[1] == (26, 27)
    assert result_lines(summary)[-1] == m.SUMMARY["not_reached"].format(level=1)


def test_criterion_without_level_3_at_level_2_still_allows_level_3() -> None:
    without = next(c for c in TT17.criteria if not c.has_level(3))
    summary = summarize(make_plan(TT17, {**top_levels(TT17), without.code: 2}, met=2))
    assert summary.school_level == 3


def test_all_level4_items_met_gives_level_4() -> None:
    assert summarize(make_plan(TT17, met=5)).school_level == 4


def test_level4_items_do_not_count_below_level_3() -> None:
    summary = summarize(make_plan(TT17, with_levels(TT17, c1_1=2), met=5))
    assert summary.school_level == 2


@pytest.mark.parametrize(
    ("fw", "expected"),
    [
        (TT19, {1: (25, 25), 2: (25, 25), 3: (19, 19)}),
        (TT18, {1: (28, 28), 2: (28, 28), 3: (20, 20)}),
    ],
    ids=["preschool", "secondary"],
)
def test_denominators_of_preschool_and_secondary(fw: Framework, expected: dict) -> None:
    summary = summarize(make_plan(fw, met=1))
    found = counts(summary)
    assert {k: found[k] for k in (1, 2, 3)} == expected
    assert found[4] == (1, len(fw.level4_items))
    assert summary.school_level == 3


# --- TT57 mandatory-quota rule ------------------------------------------------------------


def tt57_levels(mandatory: list[int], others: list[int]) -> dict[str, int | None]:
    return dict(zip(TT57_MANDATORY + TT57_OTHERS, mandatory + others, strict=True))


@pytest.mark.parametrize(
    ("mandatory", "others", "expected"),
    [
        ([2] * 8, [2] * 5 + [1] * 2, 2),
        ([2] * 8, [2] * 4 + [1] * 3, 1),
        ([2] * 7 + [1], [2] * 7, 1),
        ([2] * 7 + [0], [2] * 7, 0),
        ([2] * 8, [2] * 6 + [0], 1),  # Mức 2 also needs every criterion at Mức 1 or above
        ([2] * 8, [2] * 5 + [0] * 2, 1),
        ([1] * 8, [1] * 4 + [0] * 3, 0),
        ([1] * 8, [1] * 5 + [0] * 2, 1),
    ],
)
def test_tt57_quota_rule(mandatory: list[int], others: list[int], expected: int) -> None:
    assert len(TT57_MANDATORY) == 8 and len(TT57_OTHERS) == 7
    summary = summarize(make_plan(TT57, tt57_levels(mandatory, others)))
    assert summary.school_level == expected
    assert sorted(summary.levels) == [1, 2]
    assert summary.levels[2].total == 15


def test_tt57_result_lines_have_two_levels_and_no_level4() -> None:
    lines = result_lines(summarize(make_plan(TT57)))
    assert len(lines) == 4
    assert lines[0] == "Tổng số tiêu chuẩn được đánh giá: 04 tiêu chuẩn"
    assert lines[-1] == "Tự đánh giá đạt Mức 2"


def test_tt57_gaps_list_quota_candidates() -> None:
    levels = tt57_levels([2] * 7 + [1], [2] * 3 + [1] * 4)
    summary = summarize(make_plan(TT57, levels, actions=(act(TT57_OTHERS[4]),)))
    gaps = {g.code: g for g in summary.blocking}
    assert summary.school_level == 1 and summary.target_level == 2
    assert gaps[TT57_MANDATORY[-1]].required and gaps[TT57_MANDATORY[-1]].needed == 2
    assert {c for c, g in gaps.items() if not g.required} == set(TT57_OTHERS[3:])
    assert summary.others_needed == 2
    # one candidate is planned, two are needed: the unplanned candidates stay uncovered
    assert set(summary.uncovered_criteria) == {TT57_MANDATORY[-1], *TT57_OTHERS[5:], TT57_OTHERS[3]}


# --- blanks -------------------------------------------------------------------------------


def test_blank_criterion_leaves_the_level_open() -> None:
    summary = summarize(make_plan(TT17, with_levels(TT17, c3_2=None), met=2))
    assert summary.school_level is None and not summary.concluded
    assert summary.unassessed == ("3.2",)
    assert summary.levels[1].unassessed == 1 and summary.levels[1].not_achieved == 0
    assert result_lines(summary)[-1] == m.SUMMARY["open"].format(count=1, codes="3.2")
    assert summary_dict(summary)["self_assessment"]["school_level"] is None


def test_missing_assessment_counts_as_blank() -> None:
    levels = top_levels(TT17)
    del levels["5.5"]
    summary = summarize(make_plan(TT17, levels, met=2))
    assert summary.school_level is None and summary.unassessed == ("5.5",)


def test_blank_level4_item_leaves_level_open_only_at_level_3() -> None:
    met = {i.code: True for i in TT17.level4_items} | {"M4.5": None}
    assert summarize(make_plan(TT17, met=met)).school_level is None
    summary = summarize(make_plan(TT17, with_levels(TT17, c1_1=1), met=met))
    assert summary.school_level == 1 and summary.unassessed == ("M4.5",)


def test_blank_that_cannot_matter_is_concluded() -> None:
    summary = summarize(make_plan(TT17, with_levels(TT17, c1_1=0, c1_2=None), met=2))
    assert summary.school_level == 0 and summary.unassessed == ("1.2",)
    met = {i.code: None for i in TT17.level4_items} | {"M4.1": False}
    assert summarize(make_plan(TT17, met=met)).school_level == 3


# --- property tests -----------------------------------------------------------------------


@st.composite
def assessments(draw, fw: Framework, blanks: bool = False):  # type: ignore[no-untyped-def]
    def level(c):  # type: ignore[no-untyped-def]
        values = st.integers(0, c.max_level)
        return draw(st.none() | values) if blanks else draw(values)

    levels = {c.code: level(c) for c in fw.criteria}
    flags = st.sampled_from([True, False, None]) if blanks else st.booleans()
    met = {i.code: draw(flags) for i in fw.level4_items}
    return levels, met


def _raise_one(fw: Framework, levels: dict, met: dict, index: int) -> tuple[dict, dict]:
    codes = [c.code for c in fw.criteria] + [i.code for i in fw.level4_items]
    code = codes[index % len(codes)]
    if code in met:
        return levels, {**met, code: True}
    return {**levels, code: min(levels[code] + 1, fw.criterion(code).max_level)}, met


@pytest.mark.parametrize("fw", FRAMEWORKS, ids=lambda f: f.id)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_raising_one_criterion_never_lowers_the_level(fw: Framework, data: st.DataObject) -> None:
    levels, met = data.draw(assessments(fw))
    index = data.draw(st.integers(0, 100))
    before = school_level(fw, levels, met)
    after = school_level(fw, *_raise_one(fw, levels, met, index))
    assert before is not None and after is not None and after >= before


@pytest.mark.parametrize("fw", FRAMEWORKS, ids=lambda f: f.id)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_level_never_exceeds_what_the_rule_allows(fw: Framework, data: st.DataObject) -> None:
    levels, met = data.draw(assessments(fw))
    level = school_level(fw, levels, met)
    assert level is not None and 0 <= level <= fw.rule.max_level
    for c in fw.criteria:
        needs = max((k for k in fw.rule.levels if k <= level and c.has_level(k)), default=0)
        if fw.rule.kind == "cumulative" or c.mandatory:
            assert levels[c.code] >= needs
    if fw.rule.kind == "mandatory-quota":
        assert level <= min(levels[c] for c in TT57_MANDATORY)
        if level == 2:
            assert min(levels.values()) >= 1
        if level >= 1:
            assert sum(levels[c] >= level for c in TT57_OTHERS) >= 5
    if level > max(fw.rule.levels):
        assert all(met.values())
    elif fw.level4_items and level == max(fw.rule.levels):
        assert not all(met.values())


@pytest.mark.parametrize("fw", FRAMEWORKS, ids=lambda f: f.id)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_concluded_level_holds_whatever_the_blanks_become(
    fw: Framework, data: st.DataObject
) -> None:
    levels, met = data.draw(assessments(fw, blanks=True))
    level = school_level(fw, levels, met)
    filled_levels, filled_met = data.draw(assessments(fw))
    levels_now = {k: filled_levels[k] if v is None else v for k, v in levels.items()}
    met_now = {k: filled_met[k] if v is None else v for k, v in met.items()}
    low, high = level_bounds(fw, levels, met)
    assert low <= school_level(fw, levels_now, met_now) <= high  # type: ignore[operator]
    if level is not None:
        assert school_level(fw, levels_now, met_now) == level


# --- plan figures -------------------------------------------------------------------------

LEADS = ["Hiệu trưởng", "Phó Hiệu trưởng", "Tổ văn phòng", "Công đoàn"]
MONTHS = SchoolYear(2023).months()


@st.composite
def random_actions(draw):  # type: ignore[no-untyped-def]
    count = draw(st.integers(0, 25))
    found = []
    for row in range(count):
        start = draw(st.integers(0, len(MONTHS) - 1))
        end = draw(st.integers(start, len(MONTHS) - 1))
        found.append(
            act(
                draw(st.sampled_from([c.code for c in TT17.criteria] + ["M4.1"])),
                lead=draw(st.sampled_from(LEADS)),
                start=MONTHS[start],
                end=MONTHS[end],
                cost=draw(st.none() | st.integers(0, 10**9)),
                funding=draw(st.sampled_from(m.FUNDING[1:])),
                row=row + 3,
            )
        )
    return tuple(found)


@settings(max_examples=50, deadline=None)
@given(actions=random_actions())
def test_budget_and_month_figures_match_the_actions(actions: tuple[Action, ...]) -> None:
    summary = summarize(make_plan(TT17, met=2, actions=actions))
    total = sum(a.cost or 0 for a in actions)
    months: Counter[str] = Counter()
    load: Counter[tuple[str, str]] = Counter()
    for a in actions:
        for i in range(a.start.year * 12 + a.start.month, a.end.year * 12 + a.end.month + 1):
            label = f"{(i - 1) % 12 + 1}/{(i - 1) // 12}"
            months[label] += 1
            load[(a.lead, label)] += 1
    data = summary_dict(summary)["plan"]
    assert data["actions"] == len(actions) and data["funding"]["total"] == total
    assert sum(s["budget"] for s in data["by_standard"]) == total
    assert sum(s["actions"] for s in data["by_standard"]) == len(actions)
    assert {x["source"]: x["budget"] for x in data["funding"]["by_source"]} == {
        f: sum(a.cost or 0 for a in actions if a.funding == f) for f in {a.funding for a in actions}
    }
    assert {x["lead"]: x["actions"] for x in data["by_lead"]} == dict(
        Counter(a.lead for a in actions)
    )
    assert {x["month"]: x["actions"] for x in data["by_month"]} == dict(months)
    assert [x["month"] for x in data["by_month"]] == [str(mo) for mo in MONTHS if str(mo) in months]
    assert {(x["lead"], x["month"]): x["actions"] for x in data["owner_month_load"]} == dict(load)
    busiest = [b["actions"] for b in data["busiest"]]
    assert busiest == sorted(load.values(), reverse=True)[: len(busiest)]
    assert len(busiest) == min(5, len(load))


def test_owners_and_funding_are_grouped_as_the_list_spells_them() -> None:
    actions = (
        act("1.1", lead="hiệu  trưởng", cost=100, funding="xã hội hóa"),
        act("1.2", lead="Hiệu trưởng", funding=""),
        act("1.3", lead="Ban  Kỹ thuật", cost=50, funding=""),
    )
    summary = summarize(make_plan(TT17, met=2, actions=actions))
    assert [(t.label, t.actions, t.budget) for t in summary.by_lead] == [
        ("Hiệu trưởng", 2, 100),
        ("Ban Kỹ thuật", 1, 50),
    ]
    assert {t.label: t.budget for t in summary.funding} == {
        "Xã hội hóa": 100,
        m.FUNDING[0]: 0,
        m.SUMMARY["funding_unspecified"]: 50,
    }


def test_by_standard_counts_levels_actions_and_budget() -> None:
    actions = (act("1.3", cost=10), act("1.4", cost=5), act("M4.2", cost=7))
    summary = summarize(make_plan(TT17, with_levels(TT17, c1_3=1), met=2, actions=actions))
    first = summary.by_standard[0]
    assert (first.no, first.criteria, first.actions, first.budget) == (1, 10, 2, 15)
    assert first.levels[2].achieved == 9
    assert summary.level4_plan is not None and summary.level4_plan.budget == 7
    assert summary.budget == 22


# --- targets, blocking criteria and coverage ----------------------------------------------


def test_default_target_is_the_next_level_and_gaps_are_uncovered_without_actions() -> None:
    plan = make_plan(TT17, with_levels(TT17, c1_3=2, c2_1=1), met=2, actions=(act("2.1"),))
    summary = summarize(plan)
    assert summary.school_level == 1 and summary.target_level == 2
    assert summary.target_source == "default" and summary.next_level == 2
    gaps = {g.code: (g.level, g.needed, g.blocks_next, g.covered) for g in summary.blocking}
    assert gaps == {"2.1": (1, 2, True, True)}
    assert summary.uncovered_criteria == ()


def test_target_from_the_plan_lists_gaps_beyond_the_next_level() -> None:
    plan = make_plan(
        TT17, with_levels(TT17, c1_3=2, c2_1=1), met=2, target=3, actions=(act("2.1"),)
    )
    summary = summarize(plan)
    assert summary.target_level == 3 and summary.target_source == "plan"
    gaps = {g.code: (g.needed, g.blocks_next, g.blocks_target) for g in summary.blocking}
    assert gaps == {"2.1": (3, True, True), "1.3": (3, False, True)}
    assert summary.uncovered_criteria == ("1.3",)


def test_target_4_lists_unmet_level4_items() -> None:
    summary = summarize(make_plan(TT17, met=2, target=4, actions=(act("M4.3"),)))
    assert [g.code for g in summary.blocking] == ["M4.3", "M4.4", "M4.5"]
    assert summary.uncovered_criteria == ("M4.4", "M4.5")


def test_kept_target_leaves_nothing_uncovered() -> None:
    summary = summarize(make_plan(TT17, met=2, target=3))
    assert summary.next_level == 4 and all(not g.blocks_target for g in summary.blocking)
    assert summary.uncovered_criteria == ()
    top = summarize(make_plan(TT17, met=5))
    assert top.next_level is None and top.target_level == 4 and top.blocking == ()


def test_uncovered_assessments_are_weak_criteria_without_action() -> None:
    without3 = next(c.code for c in TT17.criteria if not c.has_level(3))
    levels = with_levels(TT17, c1_1=1, c1_3=2, c2_1=0, c3_1=None) | {without3: 2}
    plan = make_plan(TT17, levels, met=2, target=3, actions=(act("1.3"),))
    found = [(a.code, a.cell, target) for a, target in uncovered_assessments(plan, TT17)]
    assert found == [("1.1", "C3", 3), ("2.1", "C13", 3)]


def test_uncovered_assessments_default_target_is_next_level() -> None:
    plan = make_plan(TT17, with_levels(TT17, c1_1=1, c1_3=2), met=2)
    assert [(a.code, t) for a, t in uncovered_assessments(plan, TT17)] == [("1.1", 2)]


# --- text forms ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("achieved", "total", "text"),
    [
        (27, 27, "100%"),
        (2, 5, "40%"),
        (2, 3, "66,7%"),
        (1, 3, "33,3%"),
        (0, 5, "0%"),
        (10, 27, "37%"),
    ],
)
def test_percent_is_written_the_vietnamese_way(achieved: int, total: int, text: str) -> None:
    assert percent_text(achieved, total) == text


def test_text_report_holds_result_lines_and_tables() -> None:
    actions = (act("1.3", cost=15_000_000, funding="Xã hội hóa"),)
    summary = summarize(make_plan(TT17, with_levels(TT17, c1_3=2), met=2, actions=actions))
    text = render_summary_text(summary)
    for line in result_lines(summary):
        assert f"- {line}" in text.splitlines()
    assert "15.000.000" in text and "9/2023" in text
    assert any(line.split()[:1] == ["1.3"] for line in text.splitlines())


def test_summary_rows_are_plain_values() -> None:
    rows = summary_rows(summarize(make_plan(TT17, met=2, actions=(act("1.1", cost=5),))))
    assert rows[0] == [m.SUMMARY["title"]]
    assert ["TC1", TT17.standards[0].name, 10, 10, 10, 10, 10, 4, 4, 1, 5] in rows


# --- JSON ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fw", FRAMEWORKS, ids=lambda f: f.id)
def test_to_dict_has_the_contract_keys_and_is_json(fw: Framework) -> None:
    data = json.loads(json.dumps(summary_dict(summarize(make_plan(fw, met=1, actions=(act("1.1"),))))))
    assert {"framework", "school", "year", "self_assessment", "plan"} <= set(data)
    assert data["framework"] == fw.id and data["year"] == "2023-2024"
    sa = data["self_assessment"]
    assert {"levels", "school_level", "by_standard"} <= set(sa)
    expected = ["1", "2", "3", "4"] if fw.level4_items else ["1", "2"]
    assert list(sa["levels"]) == expected
    assert all({"achieved", "total", "rate"} <= set(v) for v in sa["levels"].values())
    assert len(sa["by_standard"]) == len(fw.standards)
    plan = data["plan"]
    assert {
        "actions",
        "by_standard",
        "by_lead",
        "by_month",
        "funding",
        "uncovered_criteria",
    } <= set(plan)
    assert plan["by_month"][0] == {"month": "9/2023", "actions": 1}


# --- the summary sheet --------------------------------------------------------------------


def _workbook(tmp_path: Path, plan: Plan) -> Path:
    from qplan_xl.workbook.template.build import write_workbook

    path = tmp_path / "ke-hoach.xlsx"
    write_workbook(plan, path)
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_write_summary_sheet_adds_the_sheet_and_keeps_the_source(tmp_path: Path) -> None:
    actions = (act("1.3", lead="=HYPERLINK(1)", cost=2_000_000, funding="Khác"),)
    plan = make_plan(TT17, with_levels(TT17, c1_3=2), met=2, actions=actions)
    source = _workbook(tmp_path, plan)
    before = _digest(source)
    dest = tmp_path / "out" / "tong-hop.xlsx"
    write_summary_sheet(source, summarize(plan), dest)
    assert _digest(source) == before
    src, out = load_workbook(source), load_workbook(dest)
    names = out.sheetnames
    assert names.index(m.SHEETS["summary"]) == names.index(m.SHEETS["texts"]) + 1
    assert set(out.defined_names) == set(src.defined_names) and len(src.defined_names) > 5
    for ws in src.worksheets:
        assert len(out[ws.title].data_validations.dataValidation) == len(
            ws.data_validations.dataValidation
        )
    sheet = out[m.SHEETS["summary"]]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert [m.SHEETS["level4"], m.SUMMARY["level4_name"], 5] == values[
        next(i for i, r in enumerate(values) if r[0] == m.SHEETS["level4"])
    ][:3]
    lead = next(c for row in sheet.iter_rows() for c in row if c.value == "=HYPERLINK(1)")
    assert lead.data_type == "s"
    budgets = [r[2] for r in values if r[0] == "Khác"]
    assert budgets == [2_000_000]
    header = next(
        c for row in sheet.iter_rows() for c in row if c.value == m.SUMMARY_HEADERS["budget"]
    )
    assert header.font.b and sheet.freeze_panes == "A2"
    assert sheet.page_setup.orientation == "landscape"


def test_write_summary_sheet_replaces_an_older_summary(tmp_path: Path) -> None:
    plan = make_plan(TT19, met=1, actions=(act("1.1"),))
    source = _workbook(tmp_path, plan)
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_summary_sheet(source, summarize(plan), first)
    write_summary_sheet(first, summarize(plan), second)
    names = load_workbook(second).sheetnames
    assert names.count(m.SHEETS["summary"]) == 1
    assert names.index(m.SHEETS["summary"]) == names.index(m.SHEETS["texts"]) + 1


def test_write_summary_sheet_refuses_to_overwrite_the_source(tmp_path: Path) -> None:
    plan = make_plan(TT57, actions=(act("1.1"),))
    source = _workbook(tmp_path, plan)
    before = _digest(source)
    with pytest.raises(SameAsInput):
        write_summary_sheet(source, summarize(plan), tmp_path / "." / source.name)
    assert _digest(source) == before


# --- command line -------------------------------------------------------------------------


def test_cli_json_equals_the_library(tmp_path: Path) -> None:
    from qplan_xl.validation.book import validate_workbook

    plan = make_plan(TT17, with_levels(TT17, c1_3=2), met=2, actions=(act("1.3", cost=5),))
    path = _workbook(tmp_path, plan)
    result = CliRunner().invoke(cli, ["summary", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    validated = validate_workbook(path)
    assert json.loads(result.stdout) == summary_dict(summarize(validated.plan, validated.framework))
    assert json.loads(result.stdout)["self_assessment"]["school_level"] == 2


def test_cli_text_prints_result_lines(tmp_path: Path) -> None:
    plan = make_plan(TT17, met=2, actions=(act("1.3"),))
    result = CliRunner().invoke(cli, ["summary", str(_workbook(tmp_path, plan))])
    assert result.exit_code == 0
    assert f"- {result_lines(summarize(plan))[-1]}" in result.stdout.splitlines()


def test_cli_invalid_workbook_prints_the_report_and_exits_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["summary", str(tmp_path / "none.xlsx"), "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False and report["issues"][0]["code"] == "file-not-found"


def _summary_cli(path: Path, fmt: str = "text") -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["summary", str(path), "--format", fmt])
    return result.exit_code, result.stdout


def test_cli_summarizes_a_workbook_with_only_the_self_assessment(tmp_path: Path) -> None:
    path = _workbook(tmp_path, make_plan(TT17, with_levels(TT17, c1_3=1), met=2))
    code, out = _summary_cli(path, "json")
    data = json.loads(out)
    assert code == 1
    assert (data["valid"], data["errors"]) == (False, 1)
    assert [(i["code"], i["severity"]) for i in data["issues"]] == [("no-actions", "error")]
    assert data["self_assessment"]["school_level"] == 1 and data["plan"]["actions"] == 0
    code, out = _summary_cli(path)
    lines = out.splitlines()
    invalid = m.SUMMARY_CLI["partial"].format(errors=1)
    assert code == 1 and invalid in lines
    reached = lines.index(f"- {m.SUMMARY['reached'].format(level=1)}")
    header = next(i for i, line in enumerate(lines) if line.startswith("Kiểm tra tệp"))
    assert reached < lines.index(invalid) < header  # the summary, the invalid line, then the issues
    assert lines[lines.index(invalid) - 1] == ""


def test_cli_summary_of_an_invalid_workbook_counts_the_valid_rows(tmp_path: Path) -> None:
    from qplan_xl.validation.book import validate_workbook

    actions = (act("1.1", row=3), act("1.2", row=4, cost=7_000_000), act("1.3", row=5, cost=5_000_000))
    path = _workbook(tmp_path, make_plan(TT17, met=2, actions=actions))
    book = load_workbook(path)
    book["TC1"]["G4"] = "13/2023"  # Bắt đầu of the second action
    book.save(path)
    code, out = _summary_cli(path, "json")
    data = json.loads(out)
    assert code == 1 and data["valid"] is False
    assert [(i["code"], i["sheet"], i["cell"]) for i in data["issues"]] == [("month-invalid", "TC1", "G4")]
    assert (data["plan"]["actions"], data["plan"]["budget"]) == (2, 5_000_000)
    validated = validate_workbook(path)
    assert data == summary_dict(summarize(validated.plan, validated.framework), validated.report)


def test_cli_summary_of_an_unreadable_file_prints_the_issues_only(tmp_path: Path) -> None:
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    code, out = _summary_cli(path, "json")
    data = json.loads(out)
    assert code == 1 and "self_assessment" not in data and data["valid"] is False
    assert data["issues"] and data["issues"][0]["severity"] == "error"
    code, out = _summary_cli(path)
    assert code == 1 and m.SUMMARY["title"] not in out
    assert out.splitlines()[-1] == m.SUMMARY_CLI["invalid"]


def test_cli_is_quiet_about_a_provisional_framework(tmp_path: Path) -> None:
    # A secretary cannot act on "provisional data": `qplan frameworks` and the guide say it, not every command.
    from tests.conftest import make_plan as make_valid_plan

    plan = make_valid_plan("TT57-2026-PL-II", 2026)
    result = CliRunner().invoke(
        cli, ["summary", str(_workbook(tmp_path, plan)), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert TT57.label not in result.stderr
    assert json.loads(result.stdout)["provisional"] is True
