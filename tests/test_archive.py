"""The archive: every received version kept once, plans as rows, across merges and school years."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import BIEU2_HK1, make_bieu2_plan
from test_mail import XLSX, message

from qplan_xl.archive import (
    SCHEMA_VERSION,
    ArchiveError,
    archive_merge,
    completion,
    connect,
    history,
    stored_plans,
    three_years,
    weak_criteria,
)
from qplan_xl.cli import cli
from qplan_xl.merge import merge_workbooks
from qplan_xl.model import Assessment
from qplan_xl.workbook.template.build import write_workbook

DONE = ("completed",) * 12
FW = "TT57-2026-PL-II"
UNIT = "Cụm 1"
TABLES = {"meta", "blobs", "merges", "receipts", "school_statuses", "plans", "assessments", "actions"}


def _book(folder: Path, code: str, year: int, revision: int = 1, review: str = "", **levels: int) -> Path:
    plan = make_bieu2_plan(FW, start=year, hk1=BIEU2_HK1 if review else (), year_end=DONE if review == "year_end" else (),
                           code=code, name=f"Trường Tiểu học {code}")
    if levels:
        plan = plan.replace(assessments=tuple(Assessment(code=a.code, level=levels.get(a.code.replace(".", "_"), a.level))
                                              for a in plan.assessments))
    path = folder / f"{code}-{year}-r{revision}.xlsx"
    folder.mkdir(parents=True, exist_ok=True)
    write_workbook(plan, path, revision=revision)
    return path


def _merge(archive: Path, *inputs: Path) -> Any:
    return merge_workbooks(list(inputs), unit=UNIT, jobs=1, while_received=lambda r: archive_merge(archive, r))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("archive")
    db = root / "kho.sqlite"
    # 2026-2027: the plans in September, then 00001's end-of-year review arrives by e-mail
    first = root / "2026-09"
    _book(first, "00001", 2026)
    _book(first, "00002", 2026)
    (first / "00003.xlsx").write_bytes(b"not a workbook")
    _merge(db, first)
    review = _book(root / "src", "00001", 2026, revision=2, review="year_end")
    mail = root / "2027-06" / "thu.eml"
    mail.parent.mkdir()
    mail.write_bytes(message("TH 00001 <th00001@truong.edu.vn>", "Rà soát cuối năm", "Mon, 31 May 2027 08:00:00 +0700",
                             [(review.name, review.read_bytes(), XLSX)]).as_bytes())
    _merge(db, mail, first)  # the September files again: stored once
    # 2027-2028 and 2028-2029
    _merge(db, _book(root / "2027", "00001", 2027, review="year_end", **{"4_1": 2}))
    _merge(db, _book(root / "2028", "00001", 2028, review="year_end"), _book(root / "2028", "00002", 2028, review="hk1"))
    return {"root": root, "db": db, "conn": connect(db)}


def test_schema_is_versioned_in_wal_mode_and_migrations_are_idempotent(store: dict[str, Any]) -> None:
    conn = connect(store["db"])  # opening again migrates nothing
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 1
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == TABLES
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "1"


def test_every_file_is_stored_once_by_content(store: dict[str, Any]) -> None:
    conn = store["conn"]
    receipts = conn.execute("SELECT count(*), count(DISTINCT sha256) FROM receipts").fetchone()
    assert tuple(receipts) == (10, 7)  # 3 + 4 (the September files again) + 1 + 2; 7 contents
    assert conn.execute("SELECT count(*) FROM blobs").fetchone()[0] == 7
    data = conn.execute("SELECT content FROM blobs b JOIN receipts r ON r.sha256 = b.sha256 "
                        "WHERE r.file LIKE '%00003.xlsx'").fetchone()[0]
    assert data == b"not a workbook"
    assert conn.execute("SELECT count(*) FROM merges").fetchone()[0] == 4


def test_valid_plans_are_rows(store: dict[str, Any]) -> None:
    conn = store["conn"]
    plans = conn.execute("SELECT school_code, school_year, review, revision, actions, completed FROM plans "
                         "ORDER BY school_year, school_code, revision").fetchall()
    assert [tuple(p) for p in plans] == [
        ("00001", "2026-2027", "none", 1, 12, 0), ("00001", "2026-2027", "year_end", 2, 12, 12),
        ("00002", "2026-2027", "none", 1, 12, 0), ("00001", "2027-2028", "year_end", 1, 12, 12),
        ("00001", "2028-2029", "year_end", 1, 12, 12), ("00002", "2028-2029", "hk1", 1, 12, 5)]
    assert conn.execute("SELECT count(*) FROM actions").fetchone()[0] == 6 * 12
    assert conn.execute("SELECT count(*) FROM assessments").fetchone()[0] == 6 * 15
    statuses = conn.execute("SELECT school_code, status FROM school_statuses WHERE merge_id = 1").fetchall()
    assert sorted(tuple(s) for s in statuses) == [("00001", "valid"), ("00002", "valid")]


def test_history_of_a_school(store: dict[str, Any]) -> None:
    files = history(store["conn"], "1")["files"]  # codes match without their leading zeros
    assert [(f["school_year"], f["review"], f["revision"], f["status"]) for f in files] == [
        ("2026-2027", "none", 1, "merged"), ("2026-2027", "none", 1, "superseded"),
        ("2026-2027", "year_end", 2, "merged"), ("2027-2028", "year_end", 1, "merged"),
        ("2028-2029", "year_end", 1, "merged")]
    by_mail = [f for f in files if f["mail_from"]]
    assert [(f["mail_subject"], f["received"]) for f in by_mail] == [("Rà soát cuối năm", "2027-05-31T08:00:00+07:00")]


def test_three_consecutive_years(store: dict[str, Any]) -> None:
    answer = three_years(store["conn"], "00001")
    assert [(y["school_year"], y["review"], y["ratio"]) for y in answer["years"]] == [
        ("2026-2027", "year_end", 1.0), ("2027-2028", "year_end", 1.0), ("2028-2029", "year_end", 1.0)]
    assert answer["complete"] is True
    other = three_years(store["conn"], "00002")
    assert [y["plan"] for y in other["years"]] == [True, False, True] and other["complete"] is False
    assert three_years(store["conn"], "00001", "2027-2028")["years"][0] == {
        "school_year": "2025-2026", "plan": False, "framework": None, "review": None, "reached": None,
        "actions": 0, "completed": 0, "ratio": None, "revision": None}


def test_criteria_below_level_2_for_three_years(store: dict[str, Any]) -> None:
    weak = weak_criteria(store["conn"])
    assert [(w["school_code"], w["criterion"], w["years"]) for w in weak] == [
        ("00001", c, ["2026-2027", "2027-2028", "2028-2029"]) for c in ("2.2", "2.3", "3.1")]
    assert {w["criterion"] for w in weak_criteria(store["conn"], years=2) if w["school_code"] == "00001"} == {
        "2.2", "2.3", "3.1"}  # 4.1 reached Mức 2 in 2027-2028: its last run is one year
    assert weak_criteria(store["conn"], below=1) == []


def test_completion_by_unit_and_year(store: dict[str, Any]) -> None:
    assert completion(store["conn"]) == [
        {"unit": UNIT, "school_year": "2026-2027", "schools": 2, "reviewed": 1, "actions": 12, "completed": 12,
         "ratio": 1.0},
        {"unit": UNIT, "school_year": "2027-2028", "schools": 1, "reviewed": 1, "actions": 12, "completed": 12,
         "ratio": 1.0},
        {"unit": UNIT, "school_year": "2028-2029", "schools": 2, "reviewed": 2, "actions": 24, "completed": 17,
         "ratio": round(17 / 24, 4)}]


def test_cli_answers_in_vietnamese_and_json(store: dict[str, Any], tmp_path: Path) -> None:
    runner, db = CliRunner(), str(store["db"])
    for args, library in ((["history", "00001"], history(store["conn"], "00001")),
                          (["years", "00001"], three_years(store["conn"], "00001")),
                          (["weak"], weak_criteria(store["conn"])), (["completion"], completion(store["conn"]))):
        result = runner.invoke(cli, ["archive", db, *args, "--format", "json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.output) == library
        text = runner.invoke(cli, ["archive", db, *args])
        assert text.exit_code == 0 and text.output.strip()
    assert "Trường Tiểu học 00001 (mã 00001)" in runner.invoke(cli, ["archive", db, "years", "00001"]).output
    missing = runner.invoke(cli, ["archive", str(tmp_path / "none.sqlite"), "history", "1"])
    assert missing.exit_code == 2 and not (tmp_path / "none.sqlite").exists()
    assert runner.invoke(cli, ["archive", db, "years", "1", "--to", "2027"]).exit_code == 2


def test_merge_cli_archives(store: dict[str, Any], tmp_path: Path) -> None:
    db = tmp_path / "kho.sqlite"
    result = CliRunner().invoke(cli, ["merge", str(store["root"] / "2027"), "-o", str(tmp_path / "t.xlsx"),
                                      "--archive", str(db), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert connect(db).execute("SELECT count(*) FROM plans").fetchone()[0] == 1


def test_what_is_not_an_archive_is_refused(tmp_path: Path) -> None:
    (tmp_path / "text.sqlite").write_text("hello")
    other = sqlite3.connect(tmp_path / "other.sqlite")
    other.execute("CREATE TABLE t (x)")
    other.close()
    newer = sqlite3.connect(tmp_path / "newer.sqlite")
    newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    newer.close()
    for name in ("text.sqlite", "other.sqlite", "newer.sqlite"):
        with pytest.raises(ArchiveError):
            connect(tmp_path / name)


def test_new_plans_checked_in_parallel_are_stored_as_in_one_process(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    for code in ("00011", "00012", "00013"):
        _book(folder, code, 2026, review="hk1")
    tables = []
    for jobs in (1, 2):
        db = tmp_path / f"kho-{jobs}.sqlite"
        merge_workbooks([folder], unit=UNIT, jobs=1, while_received=lambda r, db=db, jobs=jobs: archive_merge(db, r, jobs=jobs))
        conn = sqlite3.connect(db)
        tables.append({name: sorted(conn.execute(f"SELECT * FROM {name}").fetchall())
                       for name in ("assessments", "actions")}
                      | {"plans": sorted(row[1:11] + row[12:] for row in conn.execute("SELECT * FROM plans"))})
        conn.close()
    assert tables[0] == tables[1] and len(tables[0]["plans"]) == 3


def test_plans_kept_by_the_merge_are_stored_without_validating_them_again(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import qplan_xl.archive.store as store

    folder = tmp_path / "in"
    for code in ("00021", "00022"):
        _book(folder, code, 2026, review="hk1")
    _book(folder, "00023", 2026, revision=1)
    (folder / "00024.xlsx").write_bytes(b"not a workbook")
    plan = make_bieu2_plan(FW, start=2026, code="00025", name="Trường Tiểu học 00025")
    unled = dataclasses.replace(plan.actions[0], lead="")  # a plan that fails validation: kept, not stored
    write_workbook(plan.replace(actions=(unled, *plan.actions[1:])), folder / "00025.xlsx", revision=1)

    def tables(db: Path) -> dict[str, Any]:
        conn = sqlite3.connect(db)
        found = {name: sorted(conn.execute(f"SELECT * FROM {name}").fetchall()) for name in ("assessments", "actions")}
        found["plans"] = sorted(row[1:11] + row[12:] for row in conn.execute("SELECT * FROM plans"))
        found["reviews"] = sorted(conn.execute("SELECT file, status, review FROM receipts").fetchall())
        conn.close()
        return found

    again = tmp_path / "again.sqlite"
    merge_workbooks([folder], unit=UNIT, jobs=1, while_received=lambda r: archive_merge(again, r, jobs=1))
    checked: list[str] = []
    monkeypatch.setattr(store, "check_plan", lambda path: checked.append(path))  # must not be needed
    kept = tmp_path / "kept.sqlite"
    result = merge_workbooks([folder], unit=UNIT, jobs=2, keep_plans=True,
                             while_received=lambda r: archive_merge(kept, r, jobs=1))
    assert checked == [] and result.kept_plans == {}
    assert tables(kept) == tables(again)
    assert len(tables(kept)["plans"]) == 3 and any(row[1] == "invalid" for row in tables(kept)["reviews"])
    # the next merge keeps only the plans the archive does not hold: the invalid one
    seen: list[list[str]] = []
    merge_workbooks([folder], unit=UNIT, jobs=2, keep_plans=True, stored_plans=stored_plans(kept),
                    while_received=lambda r: seen.append([Path(r.files[i].shown).name for i in r.kept_plans]))
    assert seen == [["00025.xlsx"]]
