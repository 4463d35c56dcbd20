"""Labels the tools write and read back (sheet names, headers, list values): a contract, versioned with the template."""

from __future__ import annotations

SHEETS = {
    "guide": "Hướng dẫn",
    "info": "Thông tin",
    "self": "Tự đánh giá",
    "level4": "Mức 4",
    "focal": "Vấn đề trọng tâm",
    "monitoring": "Theo dõi",
    "texts": "Văn bản",
    "summary": "Tổng hợp",
    "check": "Kiểm tra",
    "lists": "Danh mục",
    "meta": "_meta",
}

def standard_sheet(no: int) -> str:
    """Name of the plan sheet of standard `no` (TC1, TC2, ...)."""
    return f"TC{no}"

INFO_LABELS = {
    "authority": "Cơ quan chủ quản",
    "school_name": "Tên trường",
    "school_code": "Mã trường",
    "school_level": "Cấp học",
    "kind": "Loại hình",
    "address": "Địa chỉ",
    "school_year": "Năm học",
    "framework": "Khung tiêu chuẩn",
    "target_level": "Mục tiêu mức đạt",
    "doc_number": "Số văn bản",
    "place": "Địa danh",
    "issue_date": "Ngày ban hành",
    "signer": "Người ký",
    "signer_title": "Chức vụ người ký",
}

# Biểu 2 (TT57) names the first label differently; the reader accepts both spellings.
INFO_LABELS_BIEU2 = {"authority": "Cơ quan quản lý"}

# Values of `Loại hình` (TT57: the appendix the school is assessed under).
SCHOOL_TYPES = {"mam-non": "Mầm non", "pho-thong": "Phổ thông", "gdtx": "Giáo dục thường xuyên"}

INFO_HEADER = ("Thông tin", "Nội dung")

SELF_HEADERS = {
    "code": "Tiêu chí",
    "name": "Tên tiêu chí",
    "level": "Mức đạt",
    "max_level": "Mức cao nhất",
    "mandatory": "Bắt buộc",
    "note": "Ghi chú",
}

PLAN_HEADERS = {
    "no": "TT",
    "criterion": "Tiêu chí",
    "result": "Kết quả cần đạt (so với hiện trạng)",
    "tasks": "Công việc/giải pháp cần thực hiện",
    "lead": "Chủ trì",
    "partners": "Phối hợp",
    "start": "Bắt đầu",
    "end": "Hoàn thành",
    "funding": "Nguồn kinh phí",
    "cost": "Dự kiến kinh phí (đồng)",
    "support": "Điều kiện hỗ trợ khác",
    "note": "Ghi chú",
}

# The plan columns of a TT57 Biểu 2 workbook (DESIGN 5.3).
PLAN_HEADERS_BIEU2 = {
    "no": "TT",
    "criterion": "Tiêu chí",
    "content": "Nội dung cải tiến",
    "objective": "Mục tiêu cải tiến",
    "tasks": "Hoạt động/giải pháp",
    "indicator": "Chỉ số đánh giá kết quả",
    "start": "Bắt đầu",
    "end": "Hoàn thành",
    "lead": "Đơn vị/cá nhân phụ trách",
    "partners": "Phối hợp",
    "funding": "Nguồn kinh phí",
    "cost": "Dự kiến kinh phí (đồng)",
    "support": "Nguồn lực khác",
    "evidence": "Minh chứng dự kiến",
    "status_hk1": "Mức độ thực hiện (Cuối HK I)",
    "status_year_end": "Mức độ thực hiện (Cuối năm)",
    "note": "Ghi chú",
}

# Biểu 2 section IV (sheet `Vấn đề trọng tâm`).
FOCAL_HEADERS = {
    "no": "TT",
    "standard": "Tiêu chuẩn",
    "criteria": "Tiêu chí liên quan",
    "current_state": "Đánh giá hiện trạng",
    "weakness": "Điểm hạn chế",
    "cause": "Nguyên nhân của hạn chế",
}

# Biểu 2 section VI (sheet `Theo dõi`); its two rows are the form's reviews (rules/data/forms).
MONITOR_HEADERS = {
    "moment": "Thời điểm",
    "review_date": "Ngày đánh giá",
    "content": "Nội dung theo dõi",
    "results": "Kết quả thực hiện",
    "adjustments": "Điều chỉnh (nếu có)",
    "reviewer": "Người đánh giá",
}

TEXT_LABELS = {
    "purpose": "Mục đích – yêu cầu",
    "basis": "Căn cứ",
    "direction": "Chủ trương – định hướng",
    "organization": "Tổ chức thực hiện",
    "recipients": "Nơi nhận",
    "previous_results": "Kết quả rà soát kế hoạch năm học trước",
    "evaluation": "Cơ chế đánh giá và báo cáo",
}

TEXT_HEADER = ("Phần", "Nội dung (sửa trực tiếp; mỗi ý một dòng)")

SCHOOL_LEVELS = {
    "mam-non": "Mầm non",
    "tieu-hoc": "Tiểu học",
    "thcs": "THCS",
    "thpt": "THPT",
    "pho-thong": "Phổ thông nhiều cấp học",
    "gdtx": "Giáo dục thường xuyên",
}

SCHOOL_KIND = {
    "mam-non": "Trường Mầm non",
    "tieu-hoc": "Trường Tiểu học",
    "thcs": "Trường THCS",
    "thpt": "Trường THPT",
    "pho-thong": "Trường Phổ thông nhiều cấp học",
    "gdtx": "Trung tâm GDNN-GDTX",
}

OWNERS = (
    "Hiệu trưởng",
    "Phó Hiệu trưởng",
    "Hội đồng tự đánh giá",
    "Tổ trưởng chuyên môn",
    "Tổ chuyên môn",
    "Tổ văn phòng",
    "Giáo viên chủ nhiệm",
    "Giáo viên",
    "Nhân viên",
    "Tổng phụ trách Đội",
    "Chi bộ",
    "Công đoàn",
    "Đoàn Thanh niên",
    "Ban đại diện cha mẹ học sinh",
    "Ban kiểm tra nội bộ",
    "Ban thanh tra nhân dân",
    "Kế toán",
    "Văn thư",
    "Nhân viên thư viện",
    "Nhân viên thiết bị",
    "Nhân viên y tế",
)

# A GDTX centre is led by a Giám đốc, not a Hiệu trưởng.
OWNERS_GDTX = (
    "Giám đốc",
    "Phó Giám đốc",
    "Hội đồng tự đánh giá",
    "Tổ trưởng chuyên môn",
    "Tổ chuyên môn",
    "Tổ Hành chính – Tổng hợp",
    "Giáo viên chủ nhiệm",
    "Giáo viên",
    "Nhân viên",
    "Chi bộ",
    "Công đoàn",
    "Đoàn Thanh niên",
    "Kế toán",
    "Văn thư",
)

OWNERS_PRESCHOOL_EXTRA = ("Ban đại diện cha mẹ trẻ", "Tổ nuôi dưỡng", "Nhân viên nấu ăn")

FUNDING = ("Không", "Ngân sách nhà nước", "Chi thường xuyên", "Xã hội hóa", "Khác")

LEVEL_NONE = "Không đạt"

MET = "Đạt"

NOT_MET = "Không đạt"

def level_label(level: int) -> str:
    """'Mức 2' for 2."""
    return f"Mức {level}"

def month_label(year: int, month: int) -> str:
    """How schools write a month: '9/2023'."""
    return f"{month}/{year}"

def school_year_label(start: int) -> str:
    """'2023-2024' for 2023."""
    return f"{start}-{start + 1}"

YES = "Có"

NO = ""

LIST_HEADERS = {
    "owners": "Chủ trì (có thể thêm)",
    "months": "Tháng",
    "funding": "Nguồn kinh phí",
    "levels_full": "Mức đạt (có Mức 3)",
    "levels_short": "Mức đạt (không có Mức 3)",
    "met": "Mức 4",
    "school_levels": "Cấp học",
    "frameworks": "Khung tiêu chuẩn",
    "targets": "Mục tiêu",
    "criteria": "Tiêu chí TC{no}",
    "level4_items": "Yêu cầu Mức 4",
    "statuses": "Mức độ thực hiện",
    "standards": "Tiêu chuẩn",
    "school_types": "Loại hình",
}

MERGE_SHEETS = {
    "overview": "Tổng quan",
    "units": "Đơn vị",
    "schools": "Trường",
    "actions": "Hoạt động",
    "criteria": "Tiêu chí",
    "issues": "Tệp lỗi",
    "missing": "Chưa nộp",
    "superseded": "Thay thế",
    "files": "Tệp",
    "notices": "Lưu ý",
    "heatmap": "Tiêu chí theo đơn vị",
    "meta": "_meta",
}

# Status of a school in the consolidated workbook.
MERGE_SCHOOL_STATUS = {
    "valid": "Hợp lệ",
    "invalid": "Không hợp lệ",
    "unreadable": "Không đọc được",
    "missing": "Chưa nộp",
}

MERGE_HEADERS = {
    "unit": "Đơn vị",
    "school_code": "Mã trường",
    "school_name": "Tên trường",
    "school_level": "Cấp học",
    "in_roster": "Trong danh sách",
    "status": "Trạng thái",
    "reason": "Lý do / việc cần làm",
    "file": "Tệp",
    "revision": "Lần nộp",
    "saved": "Lưu lúc",
    "framework": "Khung tiêu chuẩn",
    "reached": "Mức đạt của trường",
    "level_1": "Mức 1 (đạt/tổng)",
    "level_2": "Mức 2 (đạt/tổng)",
    "level_3": "Mức 3 (đạt/tổng)",
    "level_4": "Mức 4 (đạt/tổng)",
    "actions": "Số hoạt động",
    "budget": "Kinh phí (đồng)",
    "errors": "Số lỗi",
    "warnings": "Số cảnh báo",
    "received": "Số tệp đã nhận",
    "standard": "Tiêu chuẩn",
    "source": "Vị trí trong sổ",
    "criterion": "Tiêu chí",
    "criterion_name": "Tên tiêu chí",
    "schools": "Số trường có sổ hợp lệ",
    "below_target": "Số trường dưới mục tiêu",
    "uncovered": "Dưới mục tiêu, chưa có hoạt động",
    "schools_with_actions": "Số trường có hoạt động",
    "file_status": "Trạng thái tệp",
    "severity": "Mức độ",
    "code": "Mã lỗi",
    "sheet": "Sheet",
    "cell": "Ô",
    "message": "Nội dung",
    "authority": "Cơ quan chủ quản",
    "replaced_by": "Thay bằng tệp",
    "replaced_revision": "Lần nộp của tệp thay thế",
    "year": "Năm học",
    "size": "Dung lượng (KB)",
    "note": "Ghi chú",
    "notice": "Loại",
    "label": "Nội dung",
    "count": "Số lượng",
    "key": "Khóa JSON",
    "origin": "Thư gửi kèm",
    "resubmit": "Cần gửi lại",
    "manager": "Cơ quan quản lý",
    "as_of": "Rà soát",
    "completed": "Hoàn thành/tổng",
    "ratio": "Tỷ lệ hoàn thành",
    "overdue": "Quá hạn",
    "below_1": "Chưa đạt Mức 1",
    "below_2": "Chưa đạt Mức 2",
    "below_3": "Chưa đạt Mức 3",
    "invalid": "Không hợp lệ",
    "unreadable": "Không đọc được",
    "missing": "Chưa nộp",
    "valid": "Hợp lệ",
    "changes": "Thay đổi so với tệp cũ",
}

# The review a school's progress figures are taken at (column «Rà soát»).
MERGE_AS_OF = {"hk1": "Cuối học kỳ I", "year_end": "Cuối năm học"}

MERGE_YES = "Có"

MERGE_NO = "Không"

# Categories of the chart of school levels (valid plans only).
MERGE_REACHED = {
    "none": "Chưa đạt Mức 1",
    "open": "Chưa kết luận (còn ô trống)",
}
