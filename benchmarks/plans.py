"""Realistic random plans for the benchmarks (valid by construction, seeded, any framework)."""

from __future__ import annotations

import datetime as dt
import random

from qplan_xl import messages as m
from qplan_xl.catalog import Framework, load_framework
from qplan_xl.model import (
    Action,
    Assessment,
    Level4Result,
    Month,
    Plan,
    SchoolInfo,
    SchoolYear,
    Texts,
)

RESULTS = (
    "Nâng tỉ lệ giáo viên ứng dụng CNTT trong dạy học lên 100%",
    "Hoàn thiện hồ sơ lưu trữ khoa học, đầy đủ, kịp thời",
    "Sửa chữa, bổ sung đồ chơi ngoài trời đảm bảo an toàn",
    "Bổ sung sách tham khảo, tài liệu số cho thư viện",
    "Học sinh mạnh dạn, tự tin trong giao tiếp",
)
TASKS = (
    "Xây dựng kế hoạch bồi dưỡng thường xuyên; tổ chức sinh hoạt chuyên môn theo nghiên cứu bài học",
    "Lập tờ trình tham mưu Phòng GD&ĐT đầu tư mua sắm; vận động xã hội hóa",
    "Rà soát, sắp xếp lại hồ sơ; phân công nhân viên văn thư theo dõi, cập nhật hằng tháng",
    "Tổ chức các hoạt động trải nghiệm, câu lạc bộ, giao lưu; phối hợp cha mẹ học sinh",
)
LEVELS = {"TT17-2018": "tieu-hoc", "TT18-2018": "thcs", "TT19-2018": "mam-non",
          "TT57-2026-PL-I": "mam-non", "TT57-2026-PL-II": "tieu-hoc"}


def random_plan(framework_id: str, start: int, n_actions: int, seed: int, code: str = "01234") -> Plan:
    """A valid plan with `n_actions` actions spread over the standards (and Mức 4 when it exists)."""
    rng = random.Random(seed)
    framework = load_framework(framework_id)
    info = SchoolInfo(
        authority="PHÒNG GD&ĐT HUYỆN THANH HÀ", name=f"Trường số {seed}", code=code,
        level=LEVELS[framework_id], year=SchoolYear(start), framework=framework_id,
        target_level=framework.rule.max_level - 1, doc_number=f"{seed}/KH-TR", place="Thanh Hà",
        issue_date=dt.date(start, 9, 20), signer="Nguyễn Văn A", signer_title="HIỆU TRƯỞNG",
    )
    assessments = tuple(Assessment(code=c.code, level=rng.randint(1, c.max_level))
                        for c in framework.criteria)
    level4 = tuple(Level4Result(code=i.code, met=rng.random() < 0.4) for i in framework.level4_items)
    actions = tuple(_action(rng, framework, start, k) for k in range(n_actions))
    texts = Texts(purpose="Mục đích, yêu cầu.", basis="Căn cứ.", direction="Định hướng.",
                  organization="Tổ chức thực hiện.", recipients="Phòng GD&ĐT;\nLưu: VT.")
    return Plan(info=info, assessments=assessments, level4=level4, actions=actions, texts=texts)


def _action(rng: random.Random, framework: Framework, start: int, k: int) -> Action:
    std = rng.choice(framework.standards)
    criterion = rng.choice(std.criteria)
    first = rng.randint(0, 8)
    months = SchoolYear(start).months()
    cost = rng.choice([None, None, 5_000_000, 15_000_000, 120_000_000])
    return Action(
        sheet=m.standard_sheet(std.no), row=3 + k, standard=std.no, criterion=criterion.code,
        result=rng.choice(RESULTS), tasks=f"{rng.choice(TASKS)} ({k + 1})", lead=rng.choice(m.OWNERS[:8]),
        partners=rng.choice(["Tổ chuyên môn", "Công đoàn", "", "Ban đại diện cha mẹ học sinh"]),
        start=months[first], end=months[rng.randint(first, 10)],
        funding=m.FUNDING[1] if cost else m.FUNDING[0], cost=cost,
        support=rng.choice(["", "Phòng GD&ĐT hỗ trợ"]), note="",
    )


def month(year: int, number: int) -> Month:
    return Month(year, number)
