"""Resubmissions as people make them: a newer save replaces the older one; what it changed is shown."""

from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path
from typing import Any

from qplan_xl import messages as m
from qplan_xl.merge import FileStatus, NoticeCode, merge_workbooks
from qplan_xl.workbook.template.build import write_workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from district import SchoolSpec, build_plan  # noqa: E402


def _plan(edit: Any = None) -> Any:
    plan = build_plan(SchoolSpec("20001", "Trường Tiểu học Hòa Bình", "tieu-hoc", 2026, seed=3, actions=10,
                                 review="hk1"))
    return edit(plan) if edit else plan


def _write(path: Path, plan: Any, saved: str | None, mtime: float, revision: int = 0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_workbook(plan, path, revision=revision)
    _set_saved(path, saved)
    os.utime(path, (mtime, mtime))
    return path


def _set_saved(path: Path, stamp: str | None) -> None:
    """Rewrite (or drop) docProps/core.xml's modified time, as Excel (or a tool that omits it) would."""
    with zipfile.ZipFile(path) as source:
        parts = [(i, source.read(i.filename)) for i in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in parts:
            if info.filename == "docProps/core.xml":
                text = data.decode()
                start, end = text.index("<dcterms:modified"), text.index("</dcterms:modified>") + 19
                element = text[start:end]
                if stamp is None:
                    text = text.replace(element, "")
                else:
                    text = text.replace(element, element[: element.index(">") + 1] + stamp + "</dcterms:modified>")
                data = text.encode()
            out.writestr(info, data)


def _edited(plan: Any) -> Any:
    actions = list(plan.actions)
    actions[0] = actions[0].replace(lead="Phó Hiệu trưởng" if actions[0].lead != "Phó Hiệu trưởng" else "Hiệu trưởng")
    actions.append(actions[1].replace(row=actions[-1].row + 1, tasks="Tổ chức chuyên đề đổi mới sinh hoạt tổ chuyên môn"))
    first = plan.assessments[0]
    levels = (first.replace(level=1 if first.level != 1 else 2),) + plan.assessments[1:]
    return plan.replace(actions=tuple(actions), assessments=levels, info=plan.info.replace(signer="Lê Văn Nam"))


def _merge(tmp_path: Path) -> Any:
    return merge_workbooks([tmp_path / "hop-thu"], tmp_path / "tong-hop.xlsx", jobs=1)


def test_a_later_save_at_the_same_revision_replaces_the_older_without_a_conflict(tmp_path: Path) -> None:
    # Files named so that the file system order and times disagree with the saves inside them.
    _write(tmp_path / "hop-thu" / "b-lan-dau.xlsx", _plan(), "2026-10-01T08:00:00Z", mtime=2_000_000_000)
    _write(tmp_path / "hop-thu" / "a-sua.xlsx", _plan(_edited), "2026-10-05T08:00:00Z", mtime=1_900_000_000)
    result = _merge(tmp_path)
    status = {r.shown: r.status for r in result.files}
    assert status == {"hop-thu/a-sua.xlsx": FileStatus.MERGED, "hop-thu/b-lan-dau.xlsx": FileStatus.SUPERSEDED}
    assert NoticeCode.SAME_REVISION not in {n.code for n in result.notices}
    assert "Lưu ý" not in result.schools[0].reason


def test_the_clerk_sees_what_the_resubmission_changed(tmp_path: Path) -> None:
    _write(tmp_path / "hop-thu" / "1.xlsx", _plan(), "2026-10-01T08:00:00Z", mtime=1)
    _write(tmp_path / "hop-thu" / "2.xlsx", _plan(_edited), "2026-10-05T08:00:00Z", mtime=2)
    result = _merge(tmp_path)
    old = next(r for r in result.to_dict()["file_records"] if r["file"] == "hop-thu/1.xlsx")
    changes = old["changes"]
    assert changes["actions"] == {"old": 10, "new": 11, "added": 2, "removed": 1}
    assert "lead" in changes["columns"] and "tasks" in changes["columns"]
    assert [x["criterion"] for x in changes["levels"]] == [_plan().assessments[0].code]
    assert changes["info"] == ["signer"]
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_path(str(tmp_path / "tong-hop.xlsx")) as book:
        rows = book.get_sheet_by_name(m.MERGE_SHEETS["superseded"]).to_python()
    text = rows[1][rows[0].index(m.MERGE_HEADERS["changes"])]
    assert "10 → 11" in text and m.PLAN_HEADERS_BIEU2["lead"] in text and m.INFO_LABELS["signer"] in text
    assert "10 → 11" in result.to_text()


def test_same_revision_and_same_save_with_different_content_is_a_conflict(tmp_path: Path) -> None:
    _write(tmp_path / "hop-thu" / "1.xlsx", _plan(), "2026-10-01T08:00:00Z", mtime=1)
    _write(tmp_path / "hop-thu" / "2.xlsx", _plan(_edited), "2026-10-01T08:00:00Z", mtime=2)
    result = _merge(tmp_path)
    assert [n.code for n in result.notices] == [NoticeCode.SAME_REVISION]
    assert result.schools[0].reason.strip()


def test_the_higher_revision_wins_over_a_later_save(tmp_path: Path) -> None:
    _write(tmp_path / "hop-thu" / "1.xlsx", _plan(), "2026-10-09T08:00:00Z", mtime=3, revision=2)
    _write(tmp_path / "hop-thu" / "2.xlsx", _plan(_edited), "2026-10-10T08:00:00Z", mtime=4, revision=1)
    result = _merge(tmp_path)
    assert {r.shown: r.status for r in result.files}["hop-thu/1.xlsx"] == FileStatus.MERGED


def test_the_file_time_decides_only_when_the_files_do_not_tell_their_save(tmp_path: Path) -> None:
    _write(tmp_path / "hop-thu" / "1.xlsx", _plan(), None, mtime=2_000_000_000)
    _write(tmp_path / "hop-thu" / "2.xlsx", _plan(_edited), "2026-10-10T08:00:00Z", mtime=1_900_000_000)
    result = _merge(tmp_path)
    assert {r.shown: r.status for r in result.files}["hop-thu/1.xlsx"] == FileStatus.MERGED
    assert NoticeCode.SAME_REVISION not in {n.code for n in result.notices}


def test_plan_shape_digests_the_texts_whatever_they_hold() -> None:
    """The shape digests each cell's UTF-8 bytes once; they must be the digests of the texts."""
    from qplan_xl.merge.intake.figures import _text_shape, plan_shape

    plan = _plan()
    assert plan_shape(plan) == _text_shape(plan)
    first = plan.actions[0]
    for odd in ("漢字 \U0001f600", "Ωmega\x1e", "", "x\ud800y"):  # a lone surrogate takes the text path
        changed = plan.replace(actions=(first.replace(tasks=odd, note=odd), *plan.actions[1:]))
        assert plan_shape(changed) == _text_shape(changed)
