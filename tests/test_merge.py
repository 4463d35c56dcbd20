"""District merge: every file accounted for, resubmissions, roster, consolidated workbook, JSON, CLI."""

from __future__ import annotations

import json
import shutil
import sys
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qplan_xl import messages as m
from qplan_xl.cli import cli
from qplan_xl.merge import (
    FileStatus,
    Identity,
    MergeError,
    MergeResult,
    NoticeCode,
    SchoolStatus,
    code_key,
    merge_workbooks,
)
from qplan_xl.merge.intake.files import inspect_file
from qplan_xl.model import Month
from qplan_xl.output import OutputLocked

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from district import SchoolSpec, build_plan, roster_schools, write_school  # noqa: E402

YEAR = 2024
FORMULA = "=SUM(A1:A3)"
MENTION = "@truong"

# Expected status of every file of the generated district (see `district` below).
FILES = {
    "hop-thu/inbox/00001-r1.xlsx": "superseded",
    "hop-thu/inbox/00001-r2.xlsx": "merged",
    "hop-thu/00002-a.xlsx": "superseded",
    "hop-thu/00002-b.xlsx": "merged",
    "hop-thu/00004-2023.xlsx": "other-year",
    "hop-thu/00005.xlsx": "other-level",
    "hop-thu/00006.xlsx": "invalid",
    "hop-thu/00007-ke-hoach.xlsx": "unreadable",
    "hop-thu/00010.xlsx": "merged",
    "hop-thu/truong-00008.xlsx": "merged",
    "hop-thu/corrupt.xlsx": "unreadable",
    "hop-thu/empty.xlsx": "unreadable",
    "hop-thu/bao-cao.xls": "not-workbook",
    "hop-thu/ke-hoach-00003.docx": "not-workbook",
    "hop-thu/~$00001-r2.xlsx": "not-workbook",
}
SCHOOLS = {
    "00001": "valid", "00002": "valid", "00003": "valid", "00004": "invalid", "00005": "invalid",
    "00006": "invalid", "00007": "unreadable", "00008": "missing", "00009": "missing", "00010": "valid",
    "99999": "valid",
}


# --- building the district ---------------------------------------------------------------------


def _spec(code: str, level: str = "tieu-hoc", **changes: Any) -> SchoolSpec:
    base = SchoolSpec(code, f"{m.SCHOOL_KIND[level]} {code}", level, YEAR, seed=int(code), actions=24)
    return SchoolSpec(**{**base.__dict__, **changes})


def _write(path: Path, spec: SchoolSpec, edit: Any = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if edit is None:
        write_school((spec, str(path)))
        return path
    from qplan_xl.workbook.template.build import write_workbook

    write_workbook(edit(build_plan(spec)), path, revision=spec.revision)
    return path


def _saved_at(path: Path, stamp: str) -> None:
    """Rewrite docProps/core.xml's modified time, as if Excel had saved the file then."""
    data = {i.filename: (i, zipfile.ZipFile(path).read(i.filename)) for i in zipfile.ZipFile(path).infolist()}
    info, core = data["docProps/core.xml"]
    text = core.decode()
    start = text.index(">", text.index("<dcterms:modified")) + 1
    end = text.index("</dcterms:modified>")
    data["docProps/core.xml"] = (info, (text[:start] + stamp + text[end:]).encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, content in data.values():
            out.writestr(info, content)


def _edit_actions(**fields: Any) -> Any:
    def edit(plan: Any) -> Any:
        first = plan.actions[0].replace(**fields)
        return plan.replace(actions=(first,) + plan.actions[1:])

    return edit


def _build_district(root: Path) -> Path:
    inbox = root / "hop-thu"
    _write(inbox / "inbox" / "00001-r1.xlsx", _spec("00001"))
    _write(inbox / "inbox" / "00001-r2.xlsx", _spec("00001", revision=2, seed=101))
    _saved_at(_write(inbox / "00002-a.xlsx", _spec("00002")), "2024-10-01T08:00:00Z")
    _saved_at(_write(inbox / "00002-b.xlsx", _spec("00002", seed=202)), "2024-10-05T08:00:00Z")
    _write(inbox / "00003.xlsx", _spec("00003"))
    shutil.copyfile(inbox / "00003.xlsx", inbox / "inbox" / "00003-copy.xlsx")
    _write(inbox / "00004-2023.xlsx", _spec("00004", year=YEAR - 1))
    _write(inbox / "00005.xlsx", _spec("00005", level="thcs"))
    bad = build_plan(_spec("00006")).actions[0]
    _write(inbox / "00006.xlsx", _spec("00006"), _edit_actions(start=bad.end, end=Month(YEAR, 8)))
    _write(inbox / "00010.xlsx", _spec("00010", level="thcs"),
           _edit_actions(tasks=FORMULA, result=MENTION, note="-5 ngay"))
    _write(inbox / "truong-00008.xlsx", _spec("99999"))
    whole = (inbox / "00003.xlsx").read_bytes()
    (inbox / "00007-ke-hoach.xlsx").write_bytes(whole[: len(whole) // 2])
    with zipfile.ZipFile(inbox / "corrupt.xlsx", "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "this is not xml <<<")
    (inbox / "empty.xlsx").write_bytes(b"")
    (inbox / "bao-cao.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with zipfile.ZipFile(inbox / "ke-hoach-00003.docx", "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    (inbox / "~$00001-r2.xlsx").write_bytes(b"\x05clerk" + b" " * 150)
    return inbox


def _roster(root: Path) -> Path:
    lines = ["Mã trường,Tên trường,Cấp học"]
    lines += [f"{c},{m.SCHOOL_KIND['tieu-hoc']} {c},{m.SCHOOL_LEVELS['tieu-hoc']}" for c in
              ("00001", "00002", "00003", "00004", "00005", "00006", "00007", "00008", "00009")]
    lines += ["00010,=HYPERLINK(\"x\"),THCS", "00003,Duplicate,Tiểu học", ",No code,Tiểu học",
              "00012,Mam non 12,Mầm non"]
    path = root / "danh-sach.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("district")
    inbox = _build_district(root)
    roster = _roster(root)
    out = root / "out" / "tong-hop.xlsx"
    result = merge_workbooks([inbox], out, roster=roster, levels=("tieu-hoc", "thcs"), unit="PGD Tan Lap", jobs=1)
    return {"root": root, "inbox": inbox, "roster": roster, "out": out, "result": result}


def _records(result: MergeResult) -> dict[str, str]:
    return {r.shown: r.status for r in result.files}


# --- every file and every school ---------------------------------------------------------------


def test_every_file_is_accounted_for(district: dict[str, Any]) -> None:
    records = _records(district["result"])
    copies = {k: v for k, v in records.items() if "00003" in k and k.endswith(".xlsx")}
    assert sorted(copies.values()) == ["merged", "superseded"]
    assert {k: v for k, v in records.items() if k not in copies} == FILES
    assert len(records) == len(FILES) + 2


def test_school_statuses_and_counts(district: dict[str, Any]) -> None:
    result = district["result"]
    assert {s.code: s.status for s in result.schools} == SCHOOLS
    assert [s.code for s in result.schools][:10] == [f"{i:05d}" for i in range(1, 11)]  # roster order
    counts = result.counts()
    assert {k: counts[k] for k in ("files", "schools", "valid", "invalid", "unreadable", "superseded", "missing")} == {
        "files": 17, "schools": 11, "valid": 5, "invalid": 3, "unreadable": 6, "superseded": 3, "missing": 2,
    }
    assert counts["actions"] == 5 * 24
    assert {s.code: s.in_roster for s in result.schools}["99999"] is False


def test_identity_comes_from_inside_the_workbook(district: dict[str, Any]) -> None:
    result = district["result"]
    named = next(r for r in result.files if r.shown.endswith("truong-00008.xlsx"))
    assert named.identity.school_code == "99999"
    assert {s.code: s.file for s in result.schools}["00008"] == ""


def test_resubmissions(district: dict[str, Any]) -> None:
    result = district["result"]
    by_name = {r.shown: r for r in result.files}
    older = by_name["hop-thu/inbox/00001-r1.xlsx"]
    assert result.files[older.replaced_by].shown == "hop-thu/inbox/00001-r2.xlsx"
    earlier = by_name["hop-thu/00002-a.xlsx"]
    assert result.files[earlier.replaced_by].shown == "hop-thu/00002-b.xlsx"
    school = {s.code: s for s in result.schools}
    assert school["00001"].revision == 2 and school["00001"].received == 2
    assert school["00002"].saved == "2024-10-05T08:00:00"
    copy = next(r for r in result.files if "00003" in r.shown and r.status == "superseded")
    assert copy.reason == m.MERGE_REASONS["duplicate"].format(file=result.files[copy.replaced_by].shown)


def test_unreadable_file_named_after_a_roster_school_is_a_hint(district: dict[str, Any]) -> None:
    result = district["result"]
    truncated = next(r for r in result.files if r.shown.endswith("00007-ke-hoach.xlsx"))
    assert (truncated.hint, truncated.result.issues[0][1]) == ("00007", "file-truncated")
    assert truncated.identity == Identity()


def test_notices(district: dict[str, Any]) -> None:
    found = Counter((n.code, n.school_code) for n in district["result"].notices)
    assert found == Counter({
        ("roster-problem", None): 2, ("roster-other-level", "00012"): 1, ("level-mismatch", "00005"): 1,
        ("not-in-roster", "99999"): 1,
    })  # 00002 sent two saves of revision 1: a resubmission, not a conflict (tests/test_merge_resubmit.py)


def test_unreadable_codes(district: dict[str, Any]) -> None:
    codes = {r.shown.split("/")[-1]: r.result.issues[0][1] for r in district["result"].files
             if r.status in ("unreadable", "not-workbook")}
    assert codes == {
        "00007-ke-hoach.xlsx": "file-truncated", "corrupt.xlsx": "file-corrupt", "empty.xlsx": "file-empty",
        "bao-cao.xls": "file-xls", "ke-hoach-00003.docx": "file-not-workbook", "~$00001-r2.xlsx": "file-lock",
    }


# --- the consolidated workbook -----------------------------------------------------------------------


def _sheets(path: Path) -> dict[str, list[list[Any]]]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}


def test_json_summary_matches_the_sheets(district: dict[str, Any]) -> None:
    data, sheets = district["result"].to_dict(), _sheets(district["out"])
    s = m.MERGE_SHEETS
    schools = sheets[s["schools"]][1:]
    assert len(schools) == data["schools"]
    assert Counter(r[5] for r in schools) == Counter(m.MERGE_SCHOOL_STATUS[x["status"]] for x in data["school_records"])
    assert len(sheets[s["actions"]]) - 1 == data["actions"]
    assert len(sheets[s["missing"]]) - 1 == data["missing"]
    assert len(sheets[s["superseded"]]) - 1 == data["superseded"]
    files = {r[0]: r[1] for r in sheets[s["files"]][1:]}
    assert files == {r["file"]: m.MERGE_FILE_STATUS[r["status"]] for r in data["file_records"]}
    issues = Counter(r[1] for r in sheets[s["issues"]][1:])  # no English issue code in the sheet
    assert issues == Counter(r["file"] for r in data["file_records"] for i in r["issues"])
    assert {r[1] for r in sheets[s["issues"]][1:]} == {r["file"] for r in data["file_records"] if r["status"] in
                                                   ("invalid", "unreadable", "not-workbook", "other-year", "other-level")}
    keys = {label: key for key, label in m.MERGE_COUNTS.items()} | {
        m.MERGE_COUNTS["unreadable_schools"]: "school_status.unreadable"}
    overview: dict[str, Any] = {}
    for row in sheets[s["overview"]]:  # the counts come first (the list of sheets below has a «Trường» too)
        if row and row[0] in keys and row[0] != m.MERGE_COUNTS["progress"]:
            overview.setdefault(keys[row[0]], row[1])
    assert len(overview) == 10
    for key, value in overview.items():
        expected = data["school_status"]["unreadable"] if key == "school_status.unreadable" else data[key]
        assert value == expected, key


def test_workbook_structure(district: dict[str, Any]) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(district["out"])
    expected = [m.MERGE_SHEETS[k] for k in ("overview", "schools", "actions", "criteria", "issues",
                                            "missing", "superseded", "files", "notices", "meta")]
    assert wb.sheetnames == expected
    assert wb[m.MERGE_SHEETS["meta"]].sheet_state == "veryHidden"
    actions = wb[m.MERGE_SHEETS["actions"]]
    assert actions.freeze_panes == "D2" and actions.auto_filter.ref == f"A1:R{5 * 24 + 1}"
    assert actions.print_title_rows == "$1:$1" and actions.page_setup.orientation == "landscape"
    assert [c.value for c in actions[1]][-13:-1] == list(m.PLAN_HEADERS.values())
    assert len(wb[m.MERGE_SHEETS["overview"]]._charts) == 1
    from xml.etree import ElementTree

    with zipfile.ZipFile(district["out"]) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                ElementTree.fromstring(z.read(name))  # every part is well-formed XML


def test_issue_sheet_lists_every_issue_of_the_invalid_file(district: dict[str, Any]) -> None:
    sheets = _sheets(district["out"])
    rows = [r for r in sheets[m.MERGE_SHEETS["issues"]][1:] if r[1] == "hop-thu/00006.xlsx"]
    record = next(r for r in district["result"].files if r.shown == "hop-thu/00006.xlsx")
    found = next(i for i in record.result.issues if i.code == "end-before-start")
    assert (found.sheet, found.cell, found.message) in {(r[6], r[7], r[8]) for r in rows}
    assert len(rows) == len(record.result.issues)


def test_text_from_schools_is_never_a_formula(district: dict[str, Any]) -> None:
    from openpyxl import load_workbook

    with zipfile.ZipFile(district["out"]) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)
    wb = load_workbook(district["out"])
    cells = [c for row in wb[m.MERGE_SHEETS["actions"]].iter_rows() for c in row if c.value in (FORMULA, MENTION)]
    assert {c.value for c in cells} == {FORMULA, MENTION}
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    school = next(r for r in wb[m.MERGE_SHEETS["schools"]].iter_rows(values_only=True) if r[1] == "00010")
    assert school[2] == '=HYPERLINK("x")'


def test_criteria_sheet_totals_match_the_actions(district: dict[str, Any]) -> None:
    result = district["result"]
    assert sum(row.actions for row in result.criteria) == result.actions
    assert sum(row.budget for row in result.criteria) == result.counts()["budget"]


# --- parallel reading, CLI, province ------------------------------------------------------------------


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in ("generated", "output")}


def test_parallel_merge_gives_the_same_result(district: dict[str, Any], tmp_path: Path) -> None:
    parallel = merge_workbooks([district["inbox"]], tmp_path / "p.xlsx", roster=district["roster"],
                               levels=("tieu-hoc", "thcs"), unit="PGD Tan Lap", jobs=2)
    assert _comparable(parallel.to_dict()) == _comparable(district["result"].to_dict())


def test_cli_json_equals_the_library(district: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "cli.xlsx"
    args = ["merge", str(district["inbox"]), "-o", str(out), "--roster", str(district["roster"]),
            "--level", "tieu-hoc", "--level", "thcs", "--unit", "PGD Tan Lap", "--format", "json", "--jobs", "1"]
    run = CliRunner().invoke(cli, args)
    assert run.exit_code == 0, run.output
    assert _comparable(json.loads(run.stdout)) == _comparable(district["result"].to_dict())
    assert out.is_file()


def test_cli_text_and_usage_errors(district: dict[str, Any], tmp_path: Path) -> None:
    runner = CliRunner()
    text = runner.invoke(cli, ["merge", str(district["inbox"]), "-o", str(tmp_path / "t.xlsx"), "--jobs", "1"])
    assert text.exit_code == 0 and m.MERGE_CLI["resubmit"] in text.stdout
    assert runner.invoke(cli, ["merge", str(district["inbox"]), "-o", str(tmp_path / "t.csv")]).exit_code == 2
    bad_year = runner.invoke(cli, ["merge", str(district["inbox"]), "-o", str(tmp_path / "t.xlsx"), "--year", "2024"])
    assert bad_year.exit_code == 2
    empty = tmp_path / "empty-folder"
    empty.mkdir()
    assert runner.invoke(cli, ["merge", str(empty), "-o", str(tmp_path / "t.xlsx")]).exit_code == 2


def test_explicit_year_rejects_the_other_years(district: dict[str, Any], tmp_path: Path) -> None:
    result = merge_workbooks([district["inbox"]], None, year=f"{YEAR - 1}-{YEAR}", jobs=1)
    records = _records(result)
    assert records["hop-thu/00004-2023.xlsx"] == "merged"
    assert records["hop-thu/00006.xlsx"] == "other-year"
    assert result.year_inferred is False and result.counts()["missing"] == 0


def test_province_merges_district_outputs(district: dict[str, Any], tmp_path: Path) -> None:
    other = tmp_path / "huyen-b"
    for spec in roster_schools(3, year=YEAR, seed=3):
        _write(other / f"{spec.code}.xlsx", SchoolSpec(f"B{spec.code}", spec.name, spec.level, YEAR, seed=spec.seed))
    second = merge_workbooks([other], tmp_path / "huyen-b.xlsx", unit="PGD B", jobs=1)
    province = merge_workbooks([district["out"], tmp_path / "huyen-b.xlsx"], tmp_path / "tinh.xlsx", jobs=1)
    first = district["result"]
    assert _records(province) == {"tong-hop.xlsx": "merged", "huyen-b.xlsx": "merged"}
    assert province.counts()["actions"] == first.actions + second.actions
    assert province.school_status() == {k: first.school_status()[k] + second.school_status()[k]
                                        for k in first.school_status()}
    assert {s.unit for s in province.schools} == {"PGD Tan Lap", "PGD B"}
    sheets = _sheets(tmp_path / "tinh.xlsx")
    assert len(sheets[m.MERGE_SHEETS["actions"]]) - 1 == province.actions
    issues = {r[1] for r in sheets[m.MERGE_SHEETS["issues"]][1:]}
    assert "hop-thu/00006.xlsx" in issues
    totals = {(r.framework, r.criterion): r.actions for r in province.criteria}
    assert sum(totals.values()) == province.actions


# --- output safety ----------------------------------------------------------------------------------


def test_failed_merge_leaves_the_existing_output_untouched(district: dict[str, Any], tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import qplan_xl.merge.output as merge_output

    out = tmp_path / "tong-hop.xlsx"
    out.write_bytes(b"previous output")

    def boom(*args: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(merge_output, "splice", boom)
    with pytest.raises(RuntimeError):
        merge_workbooks([district["inbox"] / "00010.xlsx"], out, jobs=1)
    assert out.read_bytes() == b"previous output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tong-hop.xlsx"]


def test_locked_output_gives_a_clear_message(district: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "tong-hop.xlsx"
    out.write_bytes(b"open in Excel")
    (tmp_path / "~$tong-hop.xlsx").write_bytes(b"lock")
    with pytest.raises(OutputLocked):
        merge_workbooks([district["inbox"] / "00010.xlsx"], out, jobs=1)
    run = CliRunner().invoke(cli, ["merge", str(district["inbox"] / "00010.xlsx"), "-o", str(out)])
    assert run.exit_code == 1 and str(out) in run.stderr
    assert out.read_bytes() == b"open in Excel"


def test_output_inside_an_input_folder_is_not_read_back(district: dict[str, Any], tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(district["inbox"] / "00010.xlsx", folder / "00010.xlsx")
    merge_workbooks([folder], folder / "tong-hop.xlsx", jobs=1)
    again = merge_workbooks([folder], folder / "tong-hop.xlsx", jobs=1)
    assert _records(again) == {"in/00010.xlsx": "merged"}


def test_output_naming_a_school_file_inside_an_input_folder_is_refused(district: dict[str, Any],
                                                                        tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    school = folder / "a.xlsx"
    shutil.copyfile(district["inbox"] / "00010.xlsx", school)
    before = school.read_bytes()
    with pytest.raises(MergeError) as info:
        merge_workbooks([folder], school, jobs=1)
    assert str(info.value) == m.cli_message("same_as_input", path=str(school))
    run = CliRunner().invoke(cli, ["merge", str(folder), "-o", str(school), "--jobs", "1"])
    assert run.exit_code == 2 and "Traceback" not in run.output
    assert school.read_bytes() == before
    assert [p.name for p in folder.iterdir()] == ["a.xlsx"]


def test_a_resaved_previous_output_in_the_inbox_is_still_recognized(district: dict[str, Any],
                                                                     tmp_path: Path) -> None:
    from qplan_xl.merge.intake.files import is_merge_output

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(district["inbox"] / "00010.xlsx", folder / "00010.xlsx")
    out = folder / "tong-hop.xlsx"
    merge_workbooks([folder], out, jobs=1)
    with zipfile.ZipFile(out) as z:  # as Excel may re-save it: the package identifier is gone
        parts = {name: z.read(name) for name in z.namelist()}
    core = parts["docProps/core.xml"].decode()
    start = core.index("<dc:identifier")
    parts["docProps/core.xml"] = (core[:start] + core[core.index("</dc:identifier>") + 16:]).encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert is_merge_output(out) and not is_merge_output(folder / "00010.xlsx")
    again = merge_workbooks([folder], out, jobs=1)
    assert _records(again) == {"in/00010.xlsx": "merged"}


def test_unusable_roster_stops_the_merge(district: dict[str, Any], tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(MergeError):
        merge_workbooks([district["inbox"] / "00010.xlsx"], None, roster=roster, jobs=1)


def test_statuses_are_the_keys_of_their_labels() -> None:
    # The JSON holds the values, the workbook the labels: both lists must stay in step.
    assert [s.value for s in FileStatus] == list(m.MERGE_FILE_STATUS)
    assert [s.value for s in SchoolStatus] == list(m.MERGE_SCHOOL_STATUS)
    assert [c.value for c in NoticeCode] == list(m.MERGE_NOTICES) == list(m.MERGE_NOTICE_KINDS)
    assert json.dumps([FileStatus.NOT_WORKBOOK, f"{SchoolStatus.VALID}"]) == '["not-workbook", "valid"]'


def test_code_key_ignores_lost_leading_zeros() -> None:
    assert code_key("040123") == code_key(40123) == code_key(" 040 123 ")
    assert code_key("th01") == "TH01"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300), st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]))
def test_no_file_crashes_the_worker(tmp_path: Path, data: bytes, head: bytes) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(head + data)
    result = inspect_file(str(path))
    assert result.kind in ("unreadable", "not-workbook") and result.issues


def _crashing_inspect(path: str, *keep: Any) -> Any:
    """Stands in for a reader that kills its process (a segfault in a native library)."""
    import os

    if path.endswith("crash.xlsx"):
        os._exit(3)
    return inspect_file(path, *keep)


def test_a_file_that_kills_its_worker_does_not_stop_the_merge(district: dict[str, Any], tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import qplan_xl.merge.intake.workers as merge_module

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("00010.xlsx", "00006.xlsx", "truong-00008.xlsx", "empty.xlsx"):
        shutil.copyfile(district["inbox"] / name, folder / name)
    shutil.copyfile(district["inbox"] / "00010.xlsx", folder / "crash.xlsx")
    monkeypatch.setattr(merge_module, "inspect_file", _crashing_inspect)
    result = merge_workbooks([folder], None, jobs=2)
    statuses = _records(result)
    assert statuses["in/crash.xlsx"] == "unreadable"
    assert next(r for r in result.files if r.shown == "in/crash.xlsx").result.issues[0][1] == "worker-crashed"
    assert {k: v for k, v in statuses.items() if k != "in/crash.xlsx"} == {
        "in/00010.xlsx": "merged", "in/00006.xlsx": "invalid", "in/truong-00008.xlsx": "merged",
        "in/empty.xlsx": "unreadable",
    }


def test_one_code_with_two_school_names_is_noted(tmp_path: Path) -> None:
    _write(tmp_path / "a.xlsx", _spec("00020", name="Truong A"))
    _write(tmp_path / "b.xlsx", _spec("00020", name="Truong B", revision=2))
    result = merge_workbooks([tmp_path / "a.xlsx", tmp_path / "b.xlsx"], None, jobs=1)
    assert [(n.code, n.school_code, n.file) for n in result.notices] == [("name-differs", "00020", "a.xlsx")]
    assert _records(result) == {"a.xlsx": "superseded", "b.xlsx": "merged"}


def test_school_figures_agree_with_the_summary(district: dict[str, Any]) -> None:
    from qplan_xl.summary.compute import summarize
    from qplan_xl.validation.book import validate_workbook

    checked = validate_workbook(district["inbox"] / "00010.xlsx")
    summary = summarize(checked.plan, checked.framework)
    row = next(s for s in district["result"].schools if s.code == "00010")
    assert (row.reached, row.actions, row.budget) == (summary.school_level, summary.actions, summary.budget)
    assert row.levels == {k: f"{c.achieved}/{c.total}" for k, c in summary.levels.items()}


def test_an_input_file_is_never_the_output(district: dict[str, Any], tmp_path: Path) -> None:
    source = tmp_path / "00010.xlsx"
    shutil.copyfile(district["inbox"] / "00010.xlsx", source)
    before = source.read_bytes()
    with pytest.raises(MergeError):
        merge_workbooks([source], source, jobs=1)
    assert source.read_bytes() == before


def test_the_name_evidence_is_one_look_up_with_the_same_decision() -> None:
    """A name counts when exactly one roster school has it (folded); the index changes no decision."""
    from qplan_xl.merge.records import names_index, weigh_identity
    from qplan_xl.workbook.roster import RosterEntry

    entries = [RosterEntry("03016", "Trường THCS Lê Lợi", "thcs"), RosterEntry("03017", "Trường THCS Nguyễn Du", "thcs"),
               RosterEntry("03018", "TRƯỜNG THCS  nguyễn du", "thcs"), RosterEntry("03019", "Trường A", "thcs")]
    roster = {code_key(e.code): e for e in entries}
    names = names_index(roster)
    assert names[next(iter(names))] == ["3016"] and len(names) == 3  # the two Nguyễn Du fold alike
    cases = [
        Identity(school_code="03019", school_name="trường thcs lê lợi"),  # name says 03016: a question
        Identity(school_code="03019", school_name="Trường THCS Nguyễn Du"),  # two schools: no vote
        Identity(school_code="03019", school_name="Trường THCS Lê Lợi", sender_code="03016"),  # 2 votes to 1
        Identity(school_code="03016", school_name=""),
        Identity(school_code="03016", school_name="Trường A", issued_code="03019"),
    ]
    calls = [weigh_identity(identity, "ke-hoach.xlsx", roster, names) for identity in cases]
    assert calls == [weigh_identity(identity, "ke-hoach.xlsx", roster) for identity in cases]
    assert [c.code for c in calls] == ["03019", "03019", "03016", "03016", "03019"]
    assert calls[0].doubt and not calls[1].doubt and "03016" in calls[2].doubt


def test_a_workers_action_rows_travel_pickled_once_and_come_back_from_the_spool() -> None:
    import pickle

    from qplan_xl.merge.core import RowSpool
    from qplan_xl.merge.records import FileResult

    rows = [("1.1", "x", 3), ("1.2", None, 2.5)]
    arrived = pickle.loads(pickle.dumps(FileResult("a.xlsx", actions=list(rows))))  # as from a worker
    assert arrived.actions == [] and arrived.spooled == 2 and arrived.packed
    local = FileResult("b.xlsx", actions=list(rows))
    with RowSpool() as spool:
        for index, result in enumerate((arrived, local, FileResult("c.xlsx"))):
            spool.put(index, result)
        assert spool.rows(0) == spool.rows(1) == rows and spool.rows(2) == [] and spool.rows(0) == rows
    assert (arrived.spooled, local.spooled, arrived.packed, local.actions) == (2, 2, b"", [])
