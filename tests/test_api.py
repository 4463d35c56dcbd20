"""The library API: `qplan_xl.<name>`, loaded lazily, and bad arguments end in a QplanError or a report."""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import qplan_xl
from qplan_xl import QplanError
from qplan_xl.errors import BadArgument

ROOT = Path(__file__).resolve().parents[1]
API = {
    "validate_workbook": "qplan_xl.validation.book",
    "summarize": "qplan_xl.summary.compute",
    "summary_dict": "qplan_xl.summary.lines",
    "write_plan_docx": "qplan_xl.word.document",
    "merge_workbooks": "qplan_xl.merge.core",
    "build_template": "qplan_xl.workbook.template.build",
    "read_workbook": "qplan_xl.workbook.read.reader",
    "load_framework": "qplan_xl.rules.catalog",
    "Report": "qplan_xl.report",
    "Plan": "qplan_xl.model",
    "diff_plans": "qplan_xl.history.diff",
    "QplanError": "qplan_xl.errors",
    "__version__": "qplan_xl.version",
}


@pytest.mark.parametrize("name", sorted(API))
def test_each_name_is_the_library_object(name: str) -> None:
    assert getattr(qplan_xl, name) is getattr(importlib.import_module(API[name]), name)


def test_all_and_dir_list_the_api() -> None:
    assert sorted(qplan_xl.__all__) == sorted(API)
    assert set(API) <= set(dir(qplan_xl))
    with pytest.raises(AttributeError):
        qplan_xl.no_such_name  # noqa: B018


def _loaded_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return set(done.stdout.split())


@pytest.mark.parametrize("code", ["import qplan_xl", "import qplan_xl.cli; qplan_xl.validate_workbook"])
def test_start_up_loads_neither_openpyxl_nor_python_docx_nor_the_merge(code: str) -> None:
    assert _loaded_after(code) & {"openpyxl", "docx", "qplan_xl.merge"} == set()


def test_the_example_of_the_api_doc_runs_on_the_samples(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    found = re.search(r"```python\n(.*?)```", (ROOT / "docs" / "api.md").read_text(encoding="utf-8"), re.S)
    assert found is not None
    (tmp_path / "samples").mkdir()
    for sample in [*(ROOT / "samples").glob("*.xlsx"), ROOT / "samples" / "danh-sach-truong.csv"]:
        shutil.copy(sample, tmp_path / "samples")
    monkeypatch.chdir(tmp_path)
    exec(compile(found[1], "docs/api.md", "exec"), {})
    assert (tmp_path / "ke-hoach.docx").is_file() and (tmp_path / "tong-hop.xlsx").is_file()
    assert "valid plans of" in capsys.readouterr().out


# --- bad arguments ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, 123, "no-such-file.xlsx"])
def test_validating_something_that_is_not_a_file_is_a_report(value: object) -> None:
    report = qplan_xl.validate_workbook(value).report  # type: ignore[arg-type]
    assert not report.valid and report.flatten("code") == [("file-not-found",)]


def test_reading_something_that_is_not_a_file_raises_a_qplan_error() -> None:
    with pytest.raises(QplanError, match="None"):
        qplan_xl.read_workbook(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("call", [
    lambda: qplan_xl.summarize(None),  # type: ignore[arg-type]
    lambda: qplan_xl.summarize({"info": {}}),  # type: ignore[arg-type]
    lambda: qplan_xl.write_plan_docx(None, "plan.docx"),  # type: ignore[arg-type]
])
def test_a_plan_function_given_no_plan_says_so_in_vietnamese(call, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BadArgument) as info:
        call()
    assert info.value.exit_code == 2 and "Plan" in info.value.message and not info.value.message.isascii()
    assert not (tmp_path / "plan.docx").exists()


def test_merging_nothing_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(QplanError) as info:
        qplan_xl.merge_workbooks([], tmp_path / "out.xlsx")
    assert info.value.exit_code == 2 and not (tmp_path / "out.xlsx").exists()


def test_an_unknown_framework_is_a_qplan_error_and_still_a_key_error() -> None:
    with pytest.raises(QplanError, match="TT17-2018") as info:
        qplan_xl.load_framework("TT99-2030")
    assert isinstance(info.value, KeyError) and "TT99-2030" in info.value.message
