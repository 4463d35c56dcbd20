"""Units of a Sở (clusters, communes/wards): the roster's unit column, the per-unit figures, two levels."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from qplan_xl.merge import merge_workbooks
from qplan_xl.model import Month
from qplan_xl.workbook.roster import read_roster
from qplan_xl.workbook.template.build import write_workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from district import SchoolSpec, build_plan, write_school  # noqa: E402

UNITS = {"Cụm số 1": ("10001", "10002", "10003", "10004"), "Phường Tân An": ("10005", "10006", "10007", "10008")}
LEVELS = {"10001": "tieu-hoc", "10002": "thcs", "10003": "mam-non", "10004": "tieu-hoc", "10005": "thcs",
          "10006": "tieu-hoc", "10007": "mam-non", "10008": "thpt"}
SENT = ("10001", "10002", "10003", "10005", "10006", "10007")  # 10004 and 10008 send nothing
REVIEW = {"10001": "hk1", "10002": "year_end", "10006": "hk1"}
LEVEL_NAMES = {"tieu-hoc": "Tiểu học", "thcs": "THCS", "mam-non": "Mầm non", "thpt": "THPT"}


def _spec(code: str) -> SchoolSpec:
    return SchoolSpec(code, f"Trường {code}", LEVELS[code], 2026, seed=int(code), actions=12,
                      review=REVIEW.get(code))


def _roster(path: Path, codes: tuple[str, ...], header: str = "Cụm") -> Path:
    unit_of = {c: u for u, cs in UNITS.items() for c in cs}
    lines = [f"Mã trường,Tên trường,Cấp học,{header}"]
    lines += [f"{c},Trường {c},{LEVEL_NAMES[LEVELS[c]]},{unit_of[c]}" for c in codes]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("so")
    for unit, codes in UNITS.items():
        for code in codes:
            if code not in SENT:
                continue
            path = root / unit / f"{code}.xlsx"
            path.parent.mkdir(parents=True, exist_ok=True)
            if code == "10003":  # an invalid plan: an action that ends before it starts
                plan = build_plan(_spec(code))
                first = plan.actions[0].replace(start=plan.actions[0].end, end=Month(2026, 8))
                write_workbook(plan.replace(actions=(first,) + plan.actions[1:]), path)
            else:
                write_school((_spec(code), str(path)))
    everything = [c for cs in UNITS.values() for c in cs]
    full = _roster(root / "so.csv", tuple(everything))
    outputs = []
    for number, (unit, codes) in enumerate(UNITS.items()):
        roster = _roster(root / f"unit-{number}.csv", codes, header="Xã/Phường" if number else "Cụm chuyên môn")
        out = root / "outputs" / f"tong-hop-{number}.xlsx"
        merge_workbooks([root / unit], out, roster=roster, unit=unit, jobs=1)
        outputs.append(out)
    at_once = merge_workbooks([root / u for u in UNITS], root / "all.xlsx", roster=full, jobs=1)
    relayed = merge_workbooks(outputs, root / "so.xlsx", roster=full, jobs=1)
    return {"root": root, "at_once": at_once, "relayed": relayed}


def test_the_roster_reads_the_unit_column(tmp_path: Path) -> None:
    for header in ("Đơn vị", "Cụm", "Cụm chuyên môn", "Xã/Phường"):
        entries, problems = read_roster(_roster(tmp_path / "r.csv", ("10001",), header=header))
        assert problems == [] and entries[0].unit == "Cụm số 1", header


def test_units_in_the_json(province: dict[str, Any]) -> None:
    units = {u["unit"]: u for u in province["at_once"].to_dict()["units"]}
    assert set(units) == set(UNITS)
    first = units["Cụm số 1"]
    assert (first["schools"], first["valid"], first["invalid"], first["unreadable"], first["missing"]) == (4, 2, 1, 0, 1)
    assert {k for k in first} >= {"unit", "schools", "valid", "invalid", "unreadable", "missing"}


def _figures(result: Any) -> dict[str, Any]:
    data = result.to_dict()
    keep = ("schools", "valid", "invalid", "missing", "actions", "budget", "progress", "units", "criteria")
    schools = sorted((s["code"], s["unit"], s["status"], s["reached"], s["levels"], s["actions"], s["budget"],
                      s["progress"], s["in_roster"]) for s in data["school_records"])
    return {**{k: data[k] for k in keep}, "school_records": schools}


def test_merging_the_units_outputs_gives_the_same_figures_as_all_schools_at_once(
        province: dict[str, Any]) -> None:
    at_once, relayed = _figures(province["at_once"]), _figures(province["relayed"])
    assert at_once["progress"] is not None and len(at_once["units"]) == 2
    assert relayed == at_once


def test_the_units_sheet(province: dict[str, Any]) -> None:
    from python_calamine import CalamineWorkbook

    from qplan_xl import messages as m

    with CalamineWorkbook.from_path(str(province["root"] / "so.xlsx")) as book:
        rows = book.get_sheet_by_name(m.MERGE_SHEETS["units"]).to_python()
    assert [r[0] for r in rows[1:]] == list(UNITS)
    assert [r[1] for r in rows[1:]] == [4, 4]


def test_the_text_report_gives_progress_and_units(province: dict[str, Any]) -> None:
    text = province["at_once"].to_text()
    assert all(unit in text for unit in UNITS)
    progress = province["at_once"].progress()
    assert f"{progress['completed']}/{progress['total']}" in text
