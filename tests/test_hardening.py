"""Defects of the adversarial review: validation, build warnings, numbers (one test per class)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qplan_xl.validation.book as book
from qplan_xl.report import Report
from qplan_xl.rules.catalog import load_framework
from qplan_xl.validation import validate_workbook
from qplan_xl.validation.book import validate_book
from qplan_xl.workbook.read.reader import RawWorkbook, read_workbook

ROOT = Path(__file__).resolve().parents[1]
VALID = ROOT / "samples" / "thcs-nguyen-du-2024-2025.xlsx"


class PanicException(BaseException):
    """What pyo3 raises for a Rust panic in python-calamine: not an Exception."""


def test_a_parser_panic_is_an_issue_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def panic(*args: object, **kwargs: object) -> None:
        raise PanicException("index out of bounds")

    monkeypatch.setattr(book, "read_workbook", panic)
    report = validate_workbook(VALID).report
    assert [(i.code, i.severity) for i in report.issues] == [("internal-error", "error")]


# --- 5. numbers in the merge -----------------------------------------------------------------------


def _with_cost(tmp_path: Path, cost: float) -> Path:
    import openpyxl
    from conftest import make_plan

    from qplan_xl.workbook.template.build import write_workbook

    path = tmp_path / "ke-hoach.xlsx"
    write_workbook(make_plan(), path)
    book = openpyxl.load_workbook(path)
    cell = next(c for ws in book.worksheets for row in ws.iter_rows() for c in row
                if isinstance(c.value, int) and c.value >= 1_000_000)
    cell.value = cost
    book.save(path)
    return path


def test_an_absurd_cost_is_reported_and_left_out_of_the_budgets(tmp_path: Path) -> None:
    from qplan_xl.merge import merge_workbooks

    result = merge_workbooks([_with_cost(tmp_path, 1e308)], tmp_path / "tong-hop.xlsx")
    record = result.files[0]
    # The reader already refuses amounts no plan has (above 10^15 đồng) at their cell: the file is
    # invalid with a clear issue, the merge goes on and writes its workbook.
    assert str(record.status) == "invalid"
    assert "money-invalid" in [i.code for i in record.result.issues]
    assert (result.schools[0].budget or 0) < 10**15
    assert (tmp_path / "tong-hop.xlsx").is_file()


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.integers(min_value=-(10**400), max_value=10**400), st.none()))
def test_any_cost_becomes_a_bounded_sum_and_a_writable_cell(cost: int | None) -> None:
    from openpyxl.compat.strings import safe_string

    from qplan_xl.merge.intake.figures import MAX_MERGE_COST, _shown_cost, summed_cost

    assert 0 <= summed_cost(cost) <= MAX_MERGE_COST
    shown = _shown_cost(cost)
    if shown is not None:
        assert len(safe_string(shown)) < 100


# --- 6a. a missing or short header row ---------------------------------------------------------------


BOOKS = [read_workbook(VALID), read_workbook(ROOT / "samples" / "thcs-le-loi-2026-2027.xlsx")]  # 2018, TT57
SHEETS = [(i, n) for i, b in enumerate(BOOKS) for n in b.sheets if n not in ("H\u01b0\u1edbng d\u1eabn", "_meta")]


def _cut(where: tuple[int, str], keep: int, header: list[object] | None = None) -> RawWorkbook:
    """A sample with one sheet cut to its first `keep` rows, the last of them replaced by `header`."""
    book = copy.deepcopy(BOOKS[where[0]])
    raw = book.sheets[where[1]]
    raw.rows = [list(r) for r in raw.rows[:keep]]
    if header is not None and raw.rows:
        raw.rows[-1] = list(header)
    return book


def _codes(book: RawWorkbook) -> set[str]:
    report = Report(file=str(VALID))
    try:
        validate_book(book, report)
    except Exception as exc:  # noqa: BLE001 - the test reports what a file would get
        return {f"crash: {type(exc).__name__}: {exc}"}
    return {i.code for i in report.issues}


@pytest.mark.parametrize("keep", [0, 1, 2])
def test_a_sheet_cut_above_its_header_is_an_issue_not_a_bug(keep: int) -> None:
    for sheet in SHEETS:
        assert not [c for c in _codes(_cut(sheet, keep)) if c.startswith("crash")], sheet


LABEL = st.sampled_from(["TT", "Ti\u00eau ch\u00ed", "Ch\u1ee7 tr\u00ec", "Kinh ph\u00ed", "M\u00e3 tr\u01b0\u1eddng",
                         "", None, 3, "x"])


@settings(max_examples=150, deadline=None)
@given(sheet=st.sampled_from(SHEETS), keep=st.integers(0, 4), header=st.lists(LABEL, max_size=14))
def test_random_header_rows_never_crash_the_validator(sheet: tuple[int, str], keep: int, header: list[object]) -> None:
    assert not [c for c in _codes(_cut(sheet, keep, header)) if c.startswith("crash")]


def test_a_validator_bug_still_names_the_school_in_the_merge(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import qplan_xl.merge.intake.files as files

    def bug(*args: object) -> None:
        raise IndexError("list index out of range")

    monkeypatch.setattr(files, "validate_book", bug)
    result = files.inspect_file(str(VALID))
    assert result.identity.school_code and [i.code for i in result.issues] == ["internal-error"]


# --- 6b. criterion 1.10 stored as the number 1.1 ----------------------------------------------------


def _criterion_cell(value: object, result_text: str | None = None) -> tuple[set[tuple[str, str | None]], list[str]]:
    book = copy.deepcopy(BOOKS[0])
    rows = book.sheets["TC1"].rows
    rows[2][1] = value
    if result_text is not None:
        rows[2][2] = result_text
    report = Report(file=str(VALID))
    found = validate_book(book, report)
    assert found.plan is not None
    return {(i.code, i.cell) for i in report.issues}, [a.criterion for a in found.plan.actions
                                                      if a.row == 3 and a.sheet == "TC1"]


def test_a_criterion_typed_as_a_number_that_may_be_1_10_is_flagged() -> None:
    issues, read = _criterion_cell(1.1)
    assert ("criterion-number-ambiguous", "B3") in issues and read == ["1.1"]


def test_the_rest_of_the_row_decides_between_1_1_and_1_10() -> None:
    name = next(c.name for c in load_framework("TT18-2018").criteria if c.code == "1.10")
    issues, read = _criterion_cell(1.1, f"C\u1ea3i thi\u1ec7n: {name}")
    assert ("criterion-number-decided", "B3") in issues and read == ["1.10"]
    issues, read = _criterion_cell("1.10 - " + name)
    assert not {c for c, _ in issues if c.startswith("criterion-number")} and read == ["1.10"]


# --- 6c. a dropped row's criterion is not blamed a second time ----------------------------------------


def _issue_codes(book: RawWorkbook) -> list[tuple[str, str | None]]:
    report = Report(file=str(VALID))
    validate_book(book, report)
    return [(i.code, i.sheet) for i in report.issues]


@pytest.mark.parametrize(("sheet", "row", "col", "value"), [
    ("TC1", 5, 7, "13/2099"),  # a bad month
    ("TC1", 5, 10, "m\u01b0\u1eddi tri\u1ec7u"),  # a bad amount
    ("TC2", 3, 5, None),  # a blank lead
])
def test_a_row_with_an_error_does_not_leave_its_criterion_uncovered(sheet: str, row: int, col: int,
                                                                     value: object) -> None:
    book = copy.deepcopy(BOOKS[0])
    book.sheets[sheet].rows[row - 1][col - 1] = value
    codes = [c for c, _ in _issue_codes(book)]
    assert "weak-criterion-uncovered" not in codes and codes.count("no-actions") == 0


# --- 6d. criterion cells merged over several rows -------------------------------------------------------


def test_merged_criterion_cells_are_named_as_such(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(VALID)
    book["TC1"].merge_cells("B3:B4")
    path = tmp_path / "gop.xlsx"
    book.save(path)
    issues = {(i.code, i.sheet, i.cell) for i in validate_workbook(path).report.issues}
    assert ("cell-merged", "TC1", "B4") in issues
    assert ("action-field-required", "TC1", "B4") not in issues


# --- 7. build lists what looks wrong before it is printed; --strict refuses -----------------------------


def _costs(tmp_path: Path, *amounts: int) -> Path:
    import openpyxl

    book = openpyxl.load_workbook(VALID)
    cells = [c for row in book["TC1"].iter_rows(min_row=3) for c in row if isinstance(c.value, int)
             and c.value >= 100_000]
    for cell, amount in zip(cells, amounts, strict=False):
        cell.value = amount
    path = tmp_path / "so.xlsx"
    book.save(path)
    return path


def test_build_lists_each_warning_by_cell_and_strict_refuses(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from qplan_xl.cli import cli

    source = _costs(tmp_path, 15_000_000_000_000, 15)
    issues = {(i.code, i.cell) for i in validate_workbook(source).report.issues}
    assert {c for c, _ in issues} >= {"money-implausible", "money-implausible-small"}
    out = tmp_path / "ke-hoach.docx"
    done = CliRunner().invoke(cli, ["build", str(source), "-o", str(out)])
    assert done.exit_code == 0 and out.is_file()
    for _, cell in issues:
        assert f"{cell} " in done.stderr
    out.unlink()
    done = CliRunner().invoke(cli, ["build", "--strict", str(source), "-o", str(out)])
    assert done.exit_code == 1 and not out.exists()


# --- 8. who a file is really from ----------------------------------------------------------------------


def _roster_of(tmp_path: Path, *rows: tuple[str, str]) -> Path:
    path = tmp_path / "ds.csv"
    lines = ["M\u00e3 tr\u01b0\u1eddng,T\u00ean tr\u01b0\u1eddng,C\u1ea5p h\u1ecdc"] + [f"{c},{n},THCS" for c, n in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_school_filling_anothers_issued_workbook_is_shown_as_itself_with_a_question(tmp_path: Path) -> None:
    import openpyxl

    from qplan_xl.merge import merge_workbooks

    book = openpyxl.load_workbook(VALID)
    book["Th\u00f4ng tin"]["B4"] = "Tr\u01b0\u1eddng THCS L\u00ea L\u1ee3i"  # its own name, in 03016's workbook
    inbox = tmp_path / "in"
    inbox.mkdir()
    book.save(inbox / "thcs-07001-ke-hoach.xlsx")
    roster = _roster_of(tmp_path, ("03016", "Tr\u01b0\u1eddng THCS Nguy\u1ec5n Du"),
                        ("07001", "Tr\u01b0\u1eddng THCS L\u00ea L\u1ee3i"))
    result = merge_workbooks([inbox], None, roster=roster)
    rows = {s.code: s for s in result.schools}
    assert str(rows["07001"].status) == "valid" and str(rows["03016"].status) == "missing"
    assert "03016" in rows["07001"].reason  # the clerk is told what to ask, at the school's row


def test_identity_evidence_that_agrees_raises_no_question() -> None:
    from qplan_xl.merge.records import Identity, weigh_identity
    from qplan_xl.workbook.roster import RosterEntry

    roster = {"3016": RosterEntry("03016", "Tr\u01b0\u1eddng A", "thcs")}
    call = weigh_identity(Identity(school_code="03016", school_name="Tr\u01b0\u1eddng A", issued_code="03016"),
                          "03016.xlsx", roster)
    assert call == ("03016", "")
    call = weigh_identity(Identity(school_code="03016", school_name="X", issued_code="03016"), "a.xlsx", {})
    assert call == ("03016", "")


# --- 9. qplan new --roster: one build per template, then copies ---------------------------------------


def test_roster_workbooks_are_copies_with_the_same_cells_as_a_full_build(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from qplan_xl.model import SchoolYear
    from qplan_xl.workbook.roster import RosterEntry
    from qplan_xl.workbook.template import build

    entries = [RosterEntry(f"0{i}01", f"Tr\u01b0\u1eddng THCS S\u1ed1 {i} & <A>", "thcs", "PH\u00d2NG GD&\u0110T", row=i)
               for i in range(3)] + [RosterEntry("0901", "=Tr\u01b0\u1eddng", "thcs", "", row=9)]
    seen: list[tuple[int, int]] = []
    builds: list[str] = []
    real = build.write_template
    monkeypatch.setattr(build, "write_template", lambda path, *a, **k: (builds.append(k["school_code"]),
                                                                        real(path, *a, **k)))
    written, problems, failures = build.write_roster_workbooks(
        entries, tmp_path / "out", SchoolYear(2025), progress=lambda d, t: seen.append((d, t)))
    assert len(written) == 4 and not problems and not failures and seen[-1] == (4, 4)
    assert builds == ["0001", "0901"]  # the first (checked against the copy) and the formula-like name
    monkeypatch.setattr(build, "write_template", real)
    for path, entry, framework in written:
        full = tmp_path / "full.xlsx"
        build.write_template(full, framework, level=entry.level, year=SchoolYear(2025), school_name=entry.name,
                             school_code=entry.code, authority=entry.authority)
        assert build._cells(path) == build._cells(full)
        assert validate_workbook(path).identity["school_code"] == entry.code
