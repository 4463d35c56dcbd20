"""Shared fixtures: plans built from the catalog, workbooks written from them, a CLI runner."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import settings

from qplan_xl import messages as m
from qplan_xl.model import (
    Action,
    Assessment,
    FocalIssue,
    Level4Result,
    Month,
    Plan,
    Review,
    SchoolInfo,
    SchoolYear,
    Texts,
)
from qplan_xl.rules.catalog import Framework, default_framework, load_framework

# CI runs the same examples every time (reproducible, no timing flakes); locally they vary.
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

LEVEL_OF = {"TT17-2018": "tieu-hoc", "TT18-2018": "thcs", "TT19-2018": "mam-non",
            "TT57-2026-PL-I": "mam-non", "TT57-2026-PL-II": "tieu-hoc", "TT57-2026-PL-III": "gdtx"}


def make_plan(
    framework_id: str = "TT17-2018",
    start: int = 2023,
    actions_per_standard: int = 2,
    level4_met: int = 2,
    **info: Any,
) -> Plan:
    """A valid plan: every criterion at its highest level, a few actions per standard."""
    framework = load_framework(framework_id)
    level = info.pop("level", LEVEL_OF[framework_id])
    school = SchoolInfo(
        authority="UBND XÃ THANH HƯNG", name="Trường Tiểu học Thanh Hưng", code="02145",
        level=level, year=SchoolYear(start), framework=framework.id, target_level=None,
        doc_number="45/KH-THTH", place="Thanh Hưng", issue_date=dt.date(start, 9, 15),
        signer="Nguyễn Thị Thơm", signer_title="HIỆU TRƯỞNG",
    ).replace(**info)
    assessments = tuple(Assessment(code=c.code, level=c.max_level) for c in framework.criteria)
    level4 = tuple(Level4Result(code=i.code, met=n < level4_met)
                   for n, i in enumerate(framework.level4_items))
    actions = _actions(framework, start, actions_per_standard)
    focal: tuple[FocalIssue, ...] = ()
    texts = Texts(purpose="Mục đích.", basis="Căn cứ.", direction="Định hướng.",
                  organization="Tổ chức.", recipients="Phòng GD&ĐT (để b/c);\nLưu: VT.")
    if framework.form is not None:  # Biểu 2: section IV, and the columns the form requires
        actions = [_bieu2(a) for a in actions]
        texts = Texts(basis="Căn cứ.", previous_results="Kết quả năm trước.", purpose="Mục đích.",
                      organization="Tổ chức.", evaluation="Đánh giá.", recipients="UBND xã (để b/c);\nLưu: VT.")
        focal = tuple(FocalIssue(sheet="Vấn đề trọng tâm", row=3 + i, standard=s.no,
                                 criteria=", ".join(c.code for c in s.criteria[:2]),
                                 current_state=f"Hiện trạng {s.no}", weakness=f"Hạn chế {s.no}",
                                 cause=f"Nguyên nhân {s.no}")
                      for i, s in enumerate(framework.standards))
    return Plan(info=school, assessments=assessments, level4=level4, actions=tuple(actions), focal_issues=focal,
                texts=texts)


def _actions(framework: Framework, start: int, per_standard: int) -> list[Action]:
    actions = []
    for std in framework.standards:
        for k in range(per_standard):
            criterion = std.criteria[k % len(std.criteria)]
            actions.append(Action(
                sheet=m.standard_sheet(std.no), row=3 + k, standard=std.no, criterion=criterion.code,
                result=f"Kết quả cần đạt {criterion.code} & <đo được>", tasks=f"Công việc {k + 1}",
                lead=m.OWNERS[k % 3], partners="Tổ chuyên môn", start=Month(start, 9 + k),
                end=Month(start + 1, 1 + k), funding=m.FUNDING[1] if k else m.FUNDING[0],
                cost=15_000_000 if k else None))
    if framework.level4_items:
        item = framework.level4_items[-1]
        actions.append(Action(sheet=m.SHEETS["level4"], row=3, standard=None, criterion=item.code,
                              result="Đạt yêu cầu Mức 4", tasks="Tham khảo chương trình tiên tiến",
                              lead=m.OWNERS[0], start=Month(start, 10), end=Month(start + 1, 5)))
    return actions


def _bieu2(action: Action) -> Action:
    return action.replace(content=f"Nội dung cải tiến {action.criterion}", objective=action.result, result="",
                          indicator="100% giáo viên tham gia", evidence="Biên bản")


# A Biểu 2 plan (TT57): (standard, criterion, content, objective, tasks, indicator, lead, partners,
# start, end, funding, cost, support, evidence), as a primary school would write them.
BIEU2_ACTIONS = (
    (1, "1.3", "Công khai thông tin hoạt động của nhà trường", "Cổng thông tin điện tử cập nhật đủ các nội dung công khai theo quy định",
     "Rà soát danh mục công khai; phân công cập nhật hằng tháng; kiểm tra định kỳ", "100% nội dung công khai được cập nhật đúng hạn",
     "Phó Hiệu trưởng", "Tổ văn phòng", (9, 0), (12, 0), "Chi thường xuyên", 3_000_000, "", "Biên bản kiểm tra; ảnh chụp trang công khai"),
    (1, "1.4", "Theo dõi thực hiện kế hoạch cải tiến chất lượng", "Kế hoạch được rà soát 02 lần/năm; tỷ lệ nhiệm vụ hoàn thành từ 90%",
     "Thành lập tổ giám sát; rà soát tiến độ từng nhiệm vụ; báo cáo Hội đồng tự đánh giá", "Tỷ lệ nhiệm vụ cải tiến hoàn thành theo kế hoạch",
     "Hiệu trưởng", "Hội đồng tự đánh giá", (12, 0), (5, 1), "", None, "", "Biên bản rà soát cuối học kỳ I, cuối năm học"),
    (1, "", "Chuyển đổi số trong quản lý hồ sơ", "80% hồ sơ chuyên môn được lưu trữ điện tử",
     "Tập huấn sử dụng phần mềm quản lý; số hóa hồ sơ lưu trữ", "Số hồ sơ được số hóa/tổng số hồ sơ",
     "Văn thư", "Giáo viên tin học", (10, 0), (3, 1), "Chi thường xuyên", 8_500_000, "Phần mềm do Sở GD&ĐT cung cấp", "Danh mục hồ sơ điện tử"),
    (2, "2.2", "Nâng cao năng lực giáo viên về đổi mới phương pháp dạy học",
     "Tỷ lệ giáo viên đạt chuẩn nghề nghiệp mức khá trở lên từ 80% (hiện 62%)",
     "Bồi dưỡng theo chuyên đề hằng tháng; sinh hoạt chuyên môn theo nghiên cứu bài học; dự giờ, góp ý có hồ sơ theo dõi",
     "Tỷ lệ giáo viên đạt chuẩn mức khá trở lên", "Phó Hiệu trưởng", "Tổ trưởng chuyên môn", (9, 0), (5, 1),
     "Chi thường xuyên", 12_000_000, "", "Kế hoạch bồi dưỡng; kết quả đánh giá chuẩn nghề nghiệp"),
    (2, "2.2", "Bảo đảm đủ giáo viên Tiếng Anh", "Có đủ giáo viên Tiếng Anh dạy đủ số tiết theo chương trình",
     "Tham mưu UBND xã, Sở GD&ĐT tuyển dụng; hợp đồng giáo viên trong thời gian chờ tuyển", "Số tiết Tiếng Anh dạy đủ theo chương trình",
     "Hiệu trưởng", "UBND xã", (9, 0), (12, 0), "Ngân sách nhà nước", 36_000_000, "", "Quyết định tuyển dụng; hợp đồng lao động"),
    (2, "2.3", "Bố trí nhân viên thư viện – thiết bị", "Có nhân viên thư viện – thiết bị chuyên trách",
     "Tham mưu bố trí biên chế; hợp đồng 01 nhân viên theo quy định", "Nhân viên chuyên trách được bố trí",
     "Hiệu trưởng", "", (9, 0), (11, 0), "Ngân sách nhà nước", 30_000_000, "", "Hợp đồng lao động"),
    (3, "3.1", "Nâng cao chất lượng dạy học môn Toán lớp 4, 5", "Tỷ lệ học sinh hoàn thành tốt môn Toán tăng 10%",
     "Phụ đạo học sinh chưa đạt; tổ chức câu lạc bộ Toán; khảo sát giữa kỳ", "Tỷ lệ học sinh hoàn thành tốt môn Toán",
     "Tổ trưởng chuyên môn", "Giáo viên chủ nhiệm lớp 4, 5", (10, 0), (4, 1), "", None, "", "Kết quả khảo sát; sổ theo dõi"),
    (3, "3.4", "Giáo dục kỹ năng sống cho học sinh", "100% học sinh được tham gia hoạt động trải nghiệm kỹ năng sống",
     "Tổ chức 04 chuyên đề kỹ năng sống; phối hợp cha mẹ học sinh", "Số học sinh tham gia/tổng số học sinh",
     "Tổng phụ trách Đội", "Ban đại diện cha mẹ học sinh", (11, 0), (4, 1), "Xã hội hóa", 15_000_000, "", "Kế hoạch chuyên đề; ảnh hoạt động"),
    (3, "", "Đọc sách trong thư viện thân thiện", "Mỗi học sinh đọc ít nhất 01 cuốn sách/tháng",
     "Tổ chức tiết đọc thư viện; ngày hội đọc sách", "Số lượt mượn sách/tháng",
     "Nhân viên thư viện", "Giáo viên chủ nhiệm", (9, 0), (5, 1), "", None, "Sách do cha mẹ học sinh tặng", "Sổ mượn sách"),
    (4, "4.1", "Bổ sung thiết bị dạy học tối thiểu", "Đủ thiết bị dạy học tối thiểu lớp 1–5 theo danh mục",
     "Rà soát thiết bị còn thiếu; lập dự toán; mua sắm theo quy định", "Tỷ lệ thiết bị đạt danh mục tối thiểu",
     "Phó Hiệu trưởng", "Kế toán", (10, 0), (3, 1), "Ngân sách nhà nước", 120_000_000, "", "Biên bản bàn giao thiết bị"),
    (4, "4.1", "Sửa chữa nhà vệ sinh học sinh", "Nhà vệ sinh bảo đảm vệ sinh, an toàn",
     "Khảo sát hiện trạng; sửa chữa hệ thống cấp thoát nước", "Công trình được nghiệm thu",
     "Hiệu trưởng", "Kế toán, Ban đại diện cha mẹ học sinh", (12, 0), (2, 1), "Xã hội hóa", 45_000_000, "", "Hồ sơ nghiệm thu"),
    (4, "4.3", "Phối hợp với cha mẹ học sinh và địa phương", "Tổ chức 02 hội nghị cha mẹ học sinh; 100% lớp có nhóm liên lạc",
     "Xây dựng quy chế phối hợp; họp cha mẹ học sinh đầu năm, cuối học kỳ I", "Số buổi họp; tỷ lệ cha mẹ tham dự",
     "Hiệu trưởng", "Ban đại diện cha mẹ học sinh", (9, 0), (1, 1), "", None, "", "Biên bản họp"),
)
# Statuses at the end of term I: 5 completed, 5 in progress, 2 not started.
BIEU2_HK1 = ("completed", "in_progress", "in_progress", "in_progress", "completed", "completed",
             "in_progress", "not_started", "in_progress", "not_started", "completed", "completed")
BIEU2_FOCAL = (
    (1, "1.3, 1.4", "Công khai thông tin đã thực hiện nhưng chưa cập nhật thường xuyên",
     "Một số nội dung công khai chậm cập nhật", "Chưa phân công rõ người phụ trách"),
    (2, "2.2", "62% giáo viên đạt chuẩn nghề nghiệp mức khá trở lên", "Đổi mới phương pháp dạy học chưa đồng đều",
     "Bồi dưỡng chưa theo nhu cầu từng giáo viên"),
    (2, "2.3", "Thư viện do giáo viên kiêm nhiệm", "Thiếu nhân viên thư viện – thiết bị", "Chưa được giao đủ biên chế"),
    (3, "3.1", "Tỷ lệ học sinh hoàn thành tốt môn Toán lớp 4, 5 thấp hơn các môn khác", "Kỹ năng giải toán có lời văn còn hạn chế",
     "Phương pháp dạy học chưa phân hóa"),
    (4, "4.1", "Thiết bị dạy học lớp 4, 5 thiếu 15% so với danh mục", "Thiếu thiết bị môn Khoa học, Công nghệ",
     "Kinh phí mua sắm hạn chế"),
)


def make_bieu2_plan(
    framework_id: str = "TT57-2026-PL-II",
    start: int = 2026,
    *,
    hk1: tuple[str | None, ...] = BIEU2_HK1,
    year_end: tuple[str | None, ...] = (),
    reviews: tuple[Review, ...] | None = None,
    texts: Texts | None = None,
    **info: Any,
) -> Plan:
    """A valid Biểu 2 plan: 12 actions over 4 standards, 5 focal issues, statuses at term I.

    `hk1` and `year_end` give the statuses action by action (empty: that review not held);
    the default reviews are a term I review with its date and text, and a blank year end.
    """
    framework = load_framework(framework_id)
    school = SchoolInfo(
        authority="UBND xã Tân Lập", name="Trường Tiểu học Kim Đồng", code="02151",
        level=LEVEL_OF[framework_id], kind="Phổ thông", address="Thôn Đông, xã Tân Lập, tỉnh Phú Thọ",
        year=SchoolYear(start), framework=framework.id, target_level=2, doc_number="38/KH-THKĐ",
        place="Tân Lập", issue_date=dt.date(start, 9, 28), signer="Phạm Minh Tuấn", signer_title="HIỆU TRƯỞNG",
    ).replace(**info)
    low = {"2.2": 1, "2.3": 1, "3.1": 1, "4.1": 1}
    assessments = tuple(Assessment(code=c.code, level=low.get(c.code, c.max_level)) for c in framework.criteria)
    actions = tuple(_bieu2_action(i, row, start, hk1, year_end) for i, row in enumerate(BIEU2_ACTIONS))
    focal = tuple(FocalIssue(sheet=m.SHEETS["focal"], row=3 + i, standard=s, criteria=c, current_state=cs,
                             weakness=w, cause=ca) for i, (s, c, cs, w, ca) in enumerate(BIEU2_FOCAL))
    if reviews is None:
        reviews = (Review(key="hk1", date=dt.date(start + 1, 1, 15), content="Rà soát tiến độ 12 nhiệm vụ cải tiến",
                          results="Các nhiệm vụ về đội ngũ thực hiện đúng tiến độ.",
                          adjustments="Lùi thời hạn mua sắm thiết bị đến tháng 4/2027", reviewer="Hội đồng tự đánh giá"),
                   Review(key="year_end"))
    return Plan(info=school, assessments=assessments, actions=actions, focal_issues=focal, reviews=reviews,
                texts=texts or Texts())


def _bieu2_action(i: int, row: tuple[Any, ...], start: int, hk1: tuple[str | None, ...],
                  year_end: tuple[str | None, ...]) -> Action:
    (std, code, content, objective, tasks, indicator, lead, partners, (m1, y1), (m2, y2), funding, cost,
     support, evidence) = row
    return Action(
        sheet=m.standard_sheet(std), row=3 + i, standard=std, criterion=code, content=content,
        objective=objective, tasks=tasks, indicator=indicator, lead=lead, partners=partners,
        start=Month(start + y1, m1), end=Month(start + y2, m2), funding=funding, cost=cost, support=support,
        evidence=evidence, status_hk1=hk1[i] if hk1 else None, status_year_end=year_end[i] if year_end else None)


@pytest.fixture
def plan() -> Plan:
    return make_plan()


@pytest.fixture
def write_plan(tmp_path: Path) -> Callable[..., Path]:
    """Write a plan to an .xlsx in tmp_path (through the template writer) and return the path."""
    from qplan_xl.workbook.template.build import write_workbook

    def write(plan: Plan, name: str = "ke-hoach.xlsx", **kwargs: Any) -> Path:
        path = tmp_path / name
        write_workbook(plan, path, **kwargs)
        return path

    return write


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def default_framework_for() -> Callable[[str, int], Framework]:
    return default_framework
