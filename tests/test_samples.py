"""The bundled samples: sources load, workbooks match them, expected issues, and `qplan demo`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from qplan_xl import demo
from qplan_xl import messages as m
from qplan_xl.cli import cli
from qplan_xl.model import Month, Plan
from qplan_xl.validation.book import validate_workbook

SAMPLES = demo.SAMPLES_DIR
THANH_HUNG = "tieu-hoc-thanh-hung-2023-2024"
# Warnings each valid sample is expected to carry (errors: none).
VALID_SAMPLES = {
    THANH_HUNG: set(),
    "mam-non-hoa-sen-2023-2024": set(),
    "thcs-nguyen-du-2024-2025": set(),
    "tieu-hoc-kim-dong-2026-2027": set(),
    "thcs-le-loi-2026-2027": set(),
    "gdtx-tan-lap-2026-2027": set(),
}
BROKEN = "loi-mau-tieu-hoc-2023-2024"
INFO, SELF = m.SHEETS["info"], m.SHEETS["self"]
BROKEN_ISSUES = {
    ("info-required", INFO, "B4"),
    ("assessment-invalid", SELF, "C4"),
    ("criterion-unknown", "TC1", "B3"),
    ("criterion-wrong-standard", "TC1", "B4"),
    ("month-invalid", "TC1", "G5"),
    ("end-before-start", "TC1", "H6"),
    ("owner-not-in-list", "TC2", "E3"),
    ("money-invalid", "TC3", "J3"),
    ("money-negative", "TC3", "J4"),
    ("action-duplicate", "TC4", "B5"),
    ("legacy-encoding", "TC5", "K3"),
    ("formula-in-text", "TC5", "L4"),
    ("month-out-of-year", "TC5", "H5"),
}
# Every action row of the seed's table, in its order (Mức 4 items 1 and 3 last).
SEED_CRITERIA = [
    "1.1", "1.3", "1.4", "1.5", "1.6", "1.7", "1.10", "2.3", "2.4",
    "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "4.1", "4.2", "5.1", "5.2", "5.3", "M4.1", "M4.3",
]


def _source(name: str) -> Path:
    return SAMPLES / demo.SOURCE_DIR / f"{name}.json"


def _comparable(plan: Plan) -> dict[str, Any]:
    """The plan without what a workbook adds or stamps: positions of assessments, _meta."""
    data = plan.to_dict(json=True, exclude={"meta"})
    for key in ("assessments", "level4"):
        for item in data[key]:
            item.pop("sheet")
            item.pop("cell")
    return data


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    return {p.stem: validate_workbook(p) for p in demo.sample_workbooks(SAMPLES)}


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("samples")
    demo.build_samples(out)
    return out


# --- sources -------------------------------------------------------------------------------


def test_every_sample_has_a_source_and_a_workbook() -> None:
    names = {p.stem for p in demo.plan_sources(SAMPLES)}
    assert names == set(VALID_SAMPLES)
    assert {p.stem for p in demo.sample_workbooks(SAMPLES)} == set(VALID_SAMPLES) | {BROKEN}
    assert all(p.is_file() for p in demo.sample_workbooks(SAMPLES))


@pytest.mark.parametrize("name", sorted(VALID_SAMPLES))
def test_source_is_exactly_a_plan_dump(name: str) -> None:
    raw = json.loads(_source(name).read_text(encoding="utf-8"))
    assert Plan.from_dict(raw).to_dict(json=True) == raw


def test_featured_sample_comes_first() -> None:
    assert demo.plan_sources(SAMPLES)[0].stem == THANH_HUNG


# --- committed workbooks ------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(VALID_SAMPLES))
def test_valid_sample_has_no_error_and_only_known_warnings(name: str, results: dict[str, Any]) -> None:
    result = results[name]
    assert result.report.errors == 0
    assert set(result.report.flatten("code", "sheet", "cell")) == VALID_SAMPLES[name]


@pytest.mark.parametrize("name", sorted(VALID_SAMPLES))
def test_committed_workbook_holds_its_source(name: str, results: dict[str, Any]) -> None:
    source = Plan.from_json(_source(name).read_text(encoding="utf-8"))
    assert _comparable(results[name].plan) == _comparable(source)


@pytest.mark.parametrize("name", sorted(VALID_SAMPLES))
def test_committed_workbook_matches_a_rebuild(name: str, results: dict[str, Any], rebuilt: Path) -> None:
    fresh = validate_workbook(rebuilt / f"{name}.xlsx")
    assert _comparable(fresh.plan) == _comparable(results[name].plan)
    assert fresh.report.flatten("code", "sheet", "cell") == results[name].report.flatten("code", "sheet", "cell")


def test_broken_sample_gives_exactly_the_documented_issues(results: dict[str, Any], rebuilt: Path) -> None:
    recipe = demo.broken_recipes(SAMPLES)[0]
    assert demo.expected_issues(recipe) == BROKEN_ISSUES
    for report in (results[BROKEN].report, validate_workbook(rebuilt / f"{BROKEN}.xlsx").report):
        assert set(report.flatten("code", "sheet", "cell")) == BROKEN_ISSUES
        assert not report.valid


def test_readme_lists_every_expected_issue() -> None:
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    for code, sheet, cell in BROKEN_ISSUES:
        assert f"`{code}`" in readme and f"{sheet}!{cell}" in readme


# --- the seed-based primary plan -------------------------------------------------------------


def test_thanh_hung_has_every_action_row_of_the_seed(results: dict[str, Any]) -> None:
    plan = results[THANH_HUNG].plan
    assert len(plan.actions) == 22
    assert [a.criterion for a in plan.actions] == SEED_CRITERIA
    per_sheet = {s: sum(a.sheet == s for a in plan.actions) for s in ("TC1", "TC2", "TC3", "TC4", "TC5")}
    assert per_sheet == {"TC1": 7, "TC2": 2, "TC3": 6, "TC4": 2, "TC5": 3}
    assert sum(a.standard is None for a in plan.actions) == 2


def test_thanh_hung_times_and_funding_follow_the_seed(results: dict[str, Any]) -> None:
    actions = {a.criterion: a for a in results[THANH_HUNG].plan.actions}
    year_long = (Month(2023, 9), Month(2024, 5))
    assert (actions["1.1"].start, actions["1.1"].end) == year_long  # "Năm học 2023-2024"
    assert (actions["1.7"].start, actions["1.7"].end) == year_long  # "9/2023 đến hết năm học"
    assert (actions["1.3"].start, actions["1.3"].end) == (Month(2024, 3), Month(2024, 3))
    assert actions["4.2"].start == Month(2024, 6) and actions["4.2"].note  # seed says 6/2023
    assert actions["1.3"].funding == m.FUNDING[2]  # chi thuong xuyen
    assert actions["3.4"].funding == m.FUNDING[3]  # xa hoi hoa
    assert {actions[c].funding for c in ("3.1", "3.2", "3.3", "3.5")} == {m.FUNDING[1]}
    assert all(a.cost is None for a in actions.values())  # the seed gives no amounts


def test_thanh_hung_info_and_texts(results: dict[str, Any]) -> None:
    plan = results[THANH_HUNG].plan
    assert plan.info.code == "02145" and plan.info.framework == "TT17-2018"
    assert str(plan.info.year) == "2023-2024" and plan.info.target_level == 3
    assert all(getattr(plan.texts, k) for k in ("purpose", "basis", "direction", "organization", "recipients"))
    assert [r.code for r in plan.level4 if r.met] == ["M4.2", "M4.4"]


def test_thanh_hung_summarizes_like_the_seed(results: dict[str, Any]) -> None:
    from qplan_xl.summary.compute import summarize

    result = results[THANH_HUNG]
    found = summarize(result.plan, result.framework)
    counts = {k: (c.achieved, c.total) for k, c in found.levels.items()}
    assert counts == {1: (27, 27), 2: (27, 27), 3: (19, 19), 4: (2, 5)}
    assert found.school_level == 3


@pytest.mark.parametrize(
    ("name", "level", "actions"),
    [("mam-non-hoa-sen-2023-2024", 2, 20), ("thcs-nguyen-du-2024-2025", 2, 25),
     ("tieu-hoc-kim-dong-2026-2027", 1, 12), ("thcs-le-loi-2026-2027", 1, 14),
     ("gdtx-tan-lap-2026-2027", 1, 11)],
)
def test_other_samples_reach_their_level_with_every_gap_covered(
    name: str, level: int, actions: int, results: dict[str, Any]
) -> None:
    from qplan_xl.summary.compute import summarize

    result = results[name]
    found = summarize(result.plan, result.framework)
    assert (found.school_level, found.actions, found.uncovered_criteria) == (level, actions, ())
    assert found.budget > 0


# --- roster ----------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_roster_sample_reads_with_leading_zeros(suffix: str) -> None:
    from qplan_xl.workbook.roster import read_roster

    entries, problems = read_roster(SAMPLES / f"danh-sach-truong{suffix}")
    assert problems == [] and len(entries) == 10
    assert all(len(e.code) == 5 and e.code.startswith("0") for e in entries)
    assert {e.level for e in entries} == {"mam-non", "tieu-hoc", "thcs", "pho-thong", "gdtx"}
    codes = {e.code for e in entries}
    assert {demo.load_plan(p).info.code for p in demo.plan_sources(SAMPLES)} <= codes


# --- the demo --------------------------------------------------------------------------------


def test_demo_runs_every_step(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = CliRunner().invoke(cli, ["demo", "--out-dir", str(out), "--no-pdf"])
    assert result.exit_code == 0, result.output
    for key in ("step_validate", "step_summary", "step_word", "step_annotate", "step_roster", "step_merge"):
        assert m.DEMO[key] in result.output
    assert m.DEMO["sample_invalid"].split("{")[0] not in result.output
    assert sorted(p.name for p in out.glob("*.docx")) == sorted(f"{n}.docx" for n in VALID_SAMPLES)
    assert (out / f"{THANH_HUNG}{demo.SUMMARY_SHEET_SUFFIX}").is_file()
    assert (out / f"{BROKEN}{demo.ANNOTATED_SUFFIX}").is_file()
    assert len(list((out / demo.ROSTER_OUT_DIR).glob("*.xlsx"))) == 10
    assert (out / demo.MERGE_OUTPUT).is_file()
    assert not list(out.glob("*.pdf"))
    _assert_review_step(result.output.splitlines())


def _assert_review_step(lines: list[str]) -> None:
    """The review step follows the summaries: Biểu 2 samples, term I first, then year end, then none."""
    start = lines.index(m.DEMO["progress_heading"])
    assert start < next(i for i, line in enumerate(lines) if m.DEMO["step_word"] in line)
    shown = lines[start + 1:start + 4]
    assert [line.split(" – ")[0].strip("• ") for line in shown] == [
        "Trường Tiểu học Kim Đồng", "Trường THCS Lê Lợi", "Trung tâm GDNN-GDTX Tân Lập"]
    assert "4/12" in shown[0] and shown[0].endswith(m.SUMMARY["progress_short_overdue"].format(count=1)) and "12/14" in shown[1]
    assert shown[2].endswith(m.SUMMARY["progress_short_none"])


def test_demo_without_samples_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "SAMPLES_DIR", tmp_path / "missing")
    lines: list[str] = []
    assert demo.run_demo(tmp_path / "out", echo=lines.append) == 1
    assert lines and str(tmp_path / "missing") in lines[0]


def test_a_missing_third_party_module_is_not_hidden() -> None:
    def run() -> None:
        raise ModuleNotFoundError("No module named 'docx'", name="docx")

    with pytest.raises(ModuleNotFoundError):
        demo._step(lambda line: None, "step_word", run)


def test_missing_libreoffice_is_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import qplan_xl.word as word

    def fail(docx: Path, pdf: Path, **kwargs: Any) -> None:
        raise word.PdfError("LibreOffice")

    monkeypatch.setattr(demo, "convert_to_pdf", fail)
    lines: list[str] = []
    demo._pdf(tmp_path / "plan.docx", True, lines.append)
    assert len(lines) == 1 and not (tmp_path / "plan.pdf").exists()
