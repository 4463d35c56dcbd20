"""Wording of year-after-year work: the diff of two plans, `new --from`, `import` of Word plans."""

from __future__ import annotations

from qplan_xl.messages import labels as _labels

HISTORY_CLI = {
    "diff_help": (
        "So sánh hai phiên bản kế hoạch của một trường (SỔ_CŨ, SỔ_MỚI) theo tiêu chí: thông tin "
        "trường, mức tự đánh giá, hoạt động thêm/bớt/sửa, mức độ thực hiện, tổng số. Mã thoát: 0 giống "
        "nhau, 1 khác nhau, 2 sai cách gọi hoặc không đọc được tệp."
    ),
    "diff_format": "Dạng kết quả: text (tiếng Việt) hoặc json.",
    "diff_output": "Ghi thêm báo cáo so sánh ra tệp .xlsx (ô thay đổi được tô màu).",
    "unreadable": "Không đọc được kế hoạch «{path}»:",
    "order": (
        "Lưu ý: «{old}» có vẻ mới hơn «{new}» (số lần sửa hoặc thời điểm lưu sau hơn). Kết quả vẫn so "
        "theo thứ tự đã gõ: tệp thứ nhất là bản cũ."
    ),
    "not_xlsx": "Tệp báo cáo «{path}» phải có đuôi .xlsx.",
    "wrote": "Đã ghi {path}",
    "import_help": (
        "Đọc kế hoạch cải tiến soạn bằng Word (.docx; .doc nếu máy có LibreOffice) — bảng 9 cột "
        "(khung 2018) hoặc Biểu 2 (TT57), phông TCVN3/VNI được chuyển sang Unicode — và ghi ra sổ Excel, "
        "kèm báo cáo những gì chưa đặt được vào sổ. Mã thoát: 0, 1 không tìm thấy nội dung dùng được, 2 sai cách gọi."
    ),
    "import_level": "Cấp học khi văn bản không ghi rõ: mam-non, tieu-hoc, thcs, thpt, pho-thong, gdtx.",
    "import_year": "Năm học khi văn bản không ghi rõ, ví dụ 2023-2024.",
    "import_output": "Sổ Excel sẽ tạo (.xlsx).",
    "import_code": "Mã trường (văn bản Word thường không ghi; để trống thì điền sau ở sheet «Thông tin»).",
    "from_option": "Tạo sổ năm nay từ kế hoạch năm trước (.xlsx hoặc .docx).",
}

DIFF_TEXT = {
    "same": "Hai phiên bản giống nhau.",
    "title": "SO SÁNH KẾ HOẠCH: {old} → {new}",
    "info": "1. Thông tin trường",
    "levels": "2. Mức tự đánh giá",
    "school_level": "Mức đạt của trường: {old} → {new}",
    "actions": "3. Hoạt động cải tiến",
    "added": "Thêm: {where} – tiêu chí {criterion}: {text}",
    "removed": "Bỏ: {where} – tiêu chí {criterion}: {text}",
    "changed": "Sửa: {where} – tiêu chí {criterion}: {text}",
    "field": "    {label}: «{old}» → «{new}»",
    "change": "  {label}: «{old}» → «{new}»",
    "statuses": "4. Mức độ thực hiện: {advanced} hoạt động tiến triển, {regressed} hoạt động thụt lùi",
    "totals": "5. Tổng số",
    "totals_line": "  {label}: {old} → {new}",
    "none": "(trống)",
    "no_criterion": "(không ghi)",
    "unknown_level": "chưa xác định",
    "level": "Mức {level}",
    "no_level": "chưa đạt Mức 1",
    "where": "sheet «{sheet}» dòng {row}",
}

TOTAL_LABELS = {
    "actions": "Số hoạt động",
    "budget": "Dự kiến kinh phí (đồng)",
    "completed": "Số hoạt động hoàn thành",
    "ratio": "Tỷ lệ hoàn thành",
}

# School information fields by their SchoolInfo attribute: the `Thông tin` labels, under the
# attribute names where they differ.
_INFO_ATTRIBUTES = {"name": "school_name", "code": "school_code", "level": "school_level", "year": "school_year"}
INFO_FIELD_LABELS = {
    attr: _labels.INFO_LABELS[_INFO_ATTRIBUTES.get(attr, attr)]
    for attr in ("authority", "name", "code", "level", "kind", "address", "year", "target_level",
                 "doc_number", "place", "issue_date", "signer", "signer_title")
}

DIFF_SHEET = {
    "title": "So sánh",
    "headers": ("Thay đổi", "Sheet", "Ô", "Tiêu chí", "Trường dữ liệu", "Cũ", "Mới"),
    "added": "Thêm",
    "removed": "Bỏ",
    "changed": "Sửa",
    "info": "Thông tin",
    "level": "Mức đạt",
    "legend": "Ô tô vàng: giá trị đã thay đổi; xanh: hoạt động thêm; đỏ: hoạt động bỏ.",
}

CARRY = {
    "carried_note": "Chuyển từ năm học {year} (mức độ thực hiện: {status})",
    "carried_note_plain": "Chuyển từ năm học {year}",
    "from_2018_note": "Chuyển từ kế hoạch năm học {year} (tiêu chí cũ {criterion}, chưa đối chiếu sang TT57)",
    "last_level": "Năm học {year}: {level}",
    "previous_results": (
        "Năm học {year}, nhà trường thực hiện {total} nhiệm vụ cải tiến; hoàn thành {completed}/{total} "
        "nhiệm vụ ({ratio}). {open_line}"
    ),
    "previous_results_no_review": (
        "Năm học {year}, nhà trường xây dựng {total} nhiệm vụ cải tiến; kế hoạch chưa có kết quả rà soát "
        "mức độ thực hiện. {open_line}"
    ),
    "open_line": "Chuyển sang năm học {next_year} {count} nhiệm vụ chưa hoàn thành.",
    "adjusted": "Điều chỉnh trong năm: {text}",
    "results": "Kết quả rà soát cuối năm: {text}",
    "wrote": "Đã tạo {path}: {carried} hoạt động chuyển từ năm học {year}.",
    "warning_criterion": (
        "Hoạt động «{text}» (sheet «{sheet}» dòng {row}, tiêu chí {criterion} của khung 2018) được chuyển "
        "sang sheet «{target}» với ô Tiêu chí để trống: tiêu chí TT57 không tương ứng một-một, xin chọn lại."
    ),
    "unreadable": "Không đọc được kế hoạch năm trước «{path}».",
    "not_newer_year": "Năm học {year} không sau năm học của kế hoạch cũ ({last}).",
}

IMPORT = {
    "wrote": "Đã tạo {path}: {actions} hoạt động, {unplaced} mục chưa đặt được vào sổ.",
    "nothing": "Không tìm thấy bảng kế hoạch nào dùng được trong «{path}».",
    "unreadable": "Không đọc được tệp Word «{path}» (tệp hỏng, bị khóa hoặc không phải .docx).",
    "doc_needs_lo": "Tệp .doc cần LibreOffice để chuyển sang .docx; máy này chưa cài LibreOffice. "
                    "Mở tệp bằng Word và «Lưu thành» .docx rồi chạy lại.",
    "need_level": "Văn bản không cho biết cấp học: thêm --level (ví dụ --level tieu-hoc).",
    "need_year": "Văn bản không cho biết năm học: thêm --year (ví dụ --year 2023-2024).",
    "report_title": "Những nội dung chưa đặt được vào sổ:",
    "unplaced": "Bảng {table} dòng {row}: {reason} – «{text}»",
    "reason_no_criterion": "không xác định được tiêu chí",
    "reason_no_month": "không đọc được thời gian",
    "reason_short_row": "dòng thiếu cột",
    "reason_unknown_criterion": "tiêu chí không có trong khung",
    "reason_cost": "không đọc được kinh phí",
    "note_unplaced": "Nhập từ Word: {reason} «{text}»",
    "default_lead": "Hiệu trưởng",
    "nothing_short": "không có hoạt động",
}

# Funding sources of the workbook's list (DESIGN 5.2), as an imported cost cell names them.
IMPORT_FUNDING = {"state": "Ngân sách nhà nước", "recurrent": "Chi thường xuyên", "social": "Xã hội hóa",
                  "none": "Không", "other": "Khác"}

# Words the Word plans use, matched accent-free (see history/wordplan.py).
IMPORT_WORDS = {
    "criterion": ("tieu chi", "tc"),
    "standard": "tieu chuan",
    "level_group": "muc",
    "no_cost": ("khong co", "khong", "0"),
    "budget": ("ngan sach",),
    "school_prefix": ("truong",),
    "plan_title": "ke hoach",
    "year": "nam hoc",
}

HEADER_WORDS_2018 = ("tieu chi", "ket qua", "giai phap", "chu tri", "thoi gian", "kinh phi")
HEADER_WORDS_BIEU2 = ("noi dung cai tien", "muc tieu", "chi so", "phu trach", "muc do thuc hien")
