"""Wording of what qplan writes for people to read: the compliance summary and the formal Word plan."""

from __future__ import annotations

# --- the compliance summary (text, sheet, JSON labels) -----------------------------------------

SUMMARY = {
    # result lines, worded as schools write section II.3 of the plan
    "standards_line": "Tổng số tiêu chuẩn được đánh giá: {count} tiêu chuẩn",
    "level_line": (
        "Mức {level}: Tổng số {total} tiêu chí, trong đó số tiêu chí đạt {achieved}/{total_plain}, "
        "tỉ lệ {rate}; tiêu chí không đạt: {failed}"
    ),
    "level_unassessed": "; chưa đánh giá: {count}",
    "reached": "Tự đánh giá đạt Mức {level}",
    "not_reached": "Tự đánh giá: chưa đạt Mức {level}",
    "open": (
        "Tự đánh giá: chưa kết luận được mức đạt: còn {count} tiêu chí chưa đánh giá ({codes})"
    ),
    # plain-text report and the `Tổng hợp` sheet
    "title": "TỔNG HỢP KẾT QUẢ TỰ ĐÁNH GIÁ VÀ KẾ HOẠCH CẢI TIẾN",
    "school_line": "{school} (mã trường {code}) – năm học {year}",
    "framework_line": "Khung tiêu chuẩn: {label}",
    "provisional_tag": " – DỮ LIỆU TẠM THỜI, cần đối chiếu văn bản chính thức",
    "section_results": "1. Kết quả tự đánh giá",
    "section_standards": "2. Theo tiêu chuẩn",
    "section_gaps": "3. Tiêu chí cần cải tiến để đạt Mức {goal}",
    "section_leads": "4. Hoạt động theo người chủ trì",
    "section_months": "5. Hoạt động theo tháng",
    "section_funding": "6. Kinh phí theo nguồn",
    "section_busiest": "7. Những tháng nhiều việc nhất của người chủ trì",
    "target_line": "Mục tiêu: Mức {level} ({source}).",
    "target_plan": "theo sheet «Thông tin»",
    "target_default": "sheet «Thông tin» để trống: lấy mức hiện tại + 1",
    "next_line": "Mức tiếp theo: Mức {level}.",
    "at_top": "Nhà trường đã ở mức cao nhất của khung.",
    "no_gaps": "Không có tiêu chí nào cản mức tiếp theo hay mục tiêu.",
    "others_needed": (
        "Cần thêm {count} tiêu chí không bắt buộc đạt Mức {level} (chọn trong các tiêu chí "
        "đánh dấu «chọn»)."
    ),
    "uncovered": "Tiêu chí cản mục tiêu nhưng chưa có hoạt động: {codes}.",
    "all_covered": "Mọi tiêu chí cản mục tiêu đều đã có hoạt động.",
    "plan_line": "Kế hoạch: {actions} hoạt động, tổng dự kiến kinh phí {budget} đồng.",
    "no_actions": "Chưa có hoạt động nào.",
    "total": "Cộng",
    "blank": "(trống)",
    "yes": "Có",
    "choose": "chọn",
    "missing": "CHƯA",
    "funding_unspecified": "Chưa ghi nguồn",
    "level4_name": "Các yêu cầu Mức 4",
    "standard_label": "Tiêu chuẩn {no}",
    # progress of the plan at its latest review (Biểu 2 "Mức độ thực hiện")
    "section_progress": "8. Tiến độ thực hiện kế hoạch",
    "progress_none": (
        "Chưa có kết quả rà soát: chưa hoạt động nào được ghi «Mức độ thực hiện» "
        "(rà soát cuối học kỳ I, cuối năm học)."
    ),
    "progress_as_of": "Theo kết quả rà soát {review}{date}.",
    "progress_date": " (ngày {date})",
    "progress_completed": "Hoàn thành {completed}/{total} nhiệm vụ ({percent}).",
    "progress_unreported": "Chưa ghi mức độ thực hiện",
    "overdue_line": (
        "Nhiệm vụ quá hạn (hạn hoàn thành trước tháng {month}, chưa hoàn thành, "
        "không phải «Không thực hiện»): {count}."
    ),
    "no_overdue": "Không có nhiệm vụ quá hạn (hạn hoàn thành trước tháng {month}).",
    "no_criterion": "(không gắn tiêu chí)",
    "progress_short": "rà soát {review}{date}: hoàn thành {completed}/{total} nhiệm vụ ({percent})",
    "progress_short_overdue": "; {count} nhiệm vụ quá hạn",
    "progress_short_none": "chưa rà soát (chưa có «Mức độ thực hiện»)",
}

SUMMARY_HEADERS = {
    "standard": "Tiêu chuẩn",
    "name": "Tên tiêu chuẩn",
    "criteria": "Số tiêu chí",
    "achieved": "Đạt Mức {level}",
    "having": "Có Mức {level}",
    "actions": "Số hoạt động",
    "budget": "Kinh phí (đồng)",
    "criterion": "Tiêu chí",
    "current": "Hiện tại",
    "needed": "Cần đạt",
    "required": "Bắt buộc",
    "blocks_next": "Cản mức tiếp theo",
    "blocks_target": "Cản mục tiêu",
    "covered": "Có hoạt động",
    "lead": "Chủ trì",
    "month": "Tháng",
    "source": "Nguồn kinh phí",
    "status": "Mức độ thực hiện",
    "tasks": "Số nhiệm vụ",
    "completed": "Hoàn thành",
    "ratio": "Tỉ lệ hoàn thành",
    "owner": "Đơn vị/cá nhân phụ trách",
    "sheet": "Sheet",
    "row": "Dòng",
    "end": "Hạn hoàn thành",
    "content": "Nội dung cải tiến",
}


# --- the formal Word plan and the PDF conversion -----------------------------------------------

WORD = {
    "nation": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "motto": "Độc lập - Tự do - Hạnh phúc",
    "doc_number": "Số: {number}",
    # Room for the number and the school's symbol, which the office writes when the plan is issued
    # (the tool never invents a symbol).
    "doc_number_blank": "Số:          /KH-…",
    "date_line": "{place}, ngày {day} tháng {month} năm {year}",
    "date_line_blank": "{place}, ngày ...... tháng ...... năm ........",
    "place_blank": "..............",
    "school_word": "Trường",
    "title": "KẾ HOẠCH",
    "subtitle": "Cải tiến chất lượng giáo dục",
    "year_line": "Năm học {year}",
    "purpose": "I. MỤC ĐÍCH, YÊU CẦU",
    "basis": "II. CĂN CỨ XÂY DỰNG KẾ HOẠCH",
    "basis_report": "1. {text}",
    "basis_docs": "2. Các văn bản quy phạm pháp luật, văn bản hướng dẫn hiện hành",
    "basis_results": "3. Kết quả thực hiện cải tiến chất lượng của nhà trường đã đạt được trong năm học {previous_year}",
    "basis_direction": "4. Chủ trương, định hướng, giải pháp trọng tâm của địa phương, ngành và nhà trường",
    "content": "III. NỘI DUNG KẾ HOẠCH CẢI TIẾN CHẤT LƯỢNG GIÁO DỤC",
    "organization": "IV. TỔ CHỨC THỰC HIỆN",
    "closing": (
        "Trên đây là Kế hoạch cải tiến chất lượng giáo dục năm học {year} của {school}. "
        "Yêu cầu cán bộ, giáo viên, nhân viên nhà trường nghiêm túc thực hiện./."
    ),
    "recipients": "Nơi nhận:",
    "signer_title": "HIỆU TRƯỞNG",
    "group_levels": "MỨC 1, 2, 3",
    "group_level4": "MỨC 4",
    "standard": "Tiêu chuẩn {no}: {name}",
    "criterion": "Tiêu chí {code}",
    "partners": "Phối hợp: {partners}",
    "month_span": "{start} – {end}",
    "money": "{amount}\u00a0đ",  # no-break space: the amount and its unit stay on one line
    "no_cost": "Không",
    # A funding source without an amount: nobody estimated it, so the plan never prints a 0.
    "not_estimated": "Chưa dự toán",
    "totals": "Tổng số: {actions} hoạt động; tổng dự kiến kinh phí: {budget} đồng{breakdown}.",
    "totals_none_estimated": "Tổng số: {actions} hoạt động; kinh phí: {count:02d} nội dung chưa dự toán kinh phí.",
    "totals_breakdown": " ({items})",
    "totals_sources": "trong đó: {items}",
    "totals_not_estimated": "{count:02d} nội dung chưa dự toán kinh phí",
    "totals_item": "{source}: {budget} đồng",
    "funding_unnamed": "chưa ghi nguồn",
    "doc_title": "Kế hoạch cải tiến chất lượng giáo dục năm học {year}",
}

# Words that open a signer title written on two lines (ký thay, thay mặt, quyền, thừa lệnh...).
WORD_SIGN_FORMS = ("KT.", "T/M", "TM.", "TM ", "Q.", "TL.", "TUQ.")

# What a school's name opens with: a long name is broken after it, before the proper name
# ("TRƯỜNG TIỂU HỌC / THANH HƯNG"), never inside it.
WORD_KIND_PREFIXES = (
    "TRƯỜNG MẦM NON", "TRƯỜNG MẪU GIÁO", "TRƯỜNG TIỂU HỌC", "TRƯỜNG TRUNG HỌC CƠ SỞ",
    "TRƯỜNG TRUNG HỌC PHỔ THÔNG", "TRƯỜNG PHỔ THÔNG", "TRƯỜNG THCS", "TRƯỜNG THPT", "TRƯỜNG TH&THCS",
    "TRƯỜNG THCS&THPT", "TRƯỜNG TH VÀ THCS", "TRƯỜNG THCS VÀ THPT", "TRƯỜNG MN", "TRƯỜNG TH",
    "TRUNG TÂM", "TRUNG TÂM GDNN-GDTX", "TRUNG TÂM GDTX", "TRUNG TÂM GIÁO DỤC THƯỜNG XUYÊN",
    "TRUNG TÂM GIÁO DỤC NGHỀ NGHIỆP - GIÁO DỤC THƯỜNG XUYÊN",
    "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN",
)

# Words before which a long agency or school name is broken onto a second line.
WORD_BREAK_BEFORE = ("HUYỆN", "QUẬN", "THỊ", "THÀNH", "TỈNH", "XÃ", "PHƯỜNG")

# Titles that end such a form, where a one-line title is split in two.
WORD_SIGN_POSITIONS = ("PHÓ HIỆU TRƯỞNG", "HIỆU TRƯỞNG", "PHÓ CHỦ TỊCH", "CHỦ TỊCH", "TỔ TRƯỞNG", "TRƯỞNG BAN")

# TT57 Biểu 2: what the form data (rules/data/forms) does not say. Section titles, items and
# table labels are the form's.
WORD_BIEU2 = {
    "section": "{no}. {title}",
    "item": "{no}. {label}: {value}",
    "blank": "..............................",
    # The number and the school's symbol are the office's to write when the plan is issued.
    "doc_number_blank": "Số:          /{symbol}-…",
    "column_number": "({number})",
    "criterion": "(Tiêu chí {code})",
    # A no-break space before the dash: a narrow column breaks after it, never before.
    "period": "{start}\u00a0– {end}",
    "review_date": "Ngày đánh giá: {date}",
    "completed": "{label} {count}/{total} nhiệm vụ ({percent})",
    "status_count": "{label} {count}",
    "unreported": "chưa đánh giá {count}",
    "figures_separator": "; ",
}

# Columns of the 2018 plan table, keyed as in content.TABLE_LAYOUTS.
WORD_COLUMNS = {
    "no": "TT",
    "criterion": "Tiêu chuẩn, tiêu chí",
    "result": "Kết quả cần đạt (so với hiện trạng)",
    "tasks": "Công việc/giải pháp cần thực hiện",
    "owners": "Chủ trì và phối hợp thực hiện",
    "time": "Thời gian thực hiện và hoàn thành",
    "cost": "Dự kiến kinh phí",
    "support": "Điều kiện hỗ trợ khác",
    "note": "Ghi chú",
}

PDF_ERRORS = {
    "missing": (
        "Không tìm thấy LibreOffice để tạo tệp PDF. Cài LibreOffice (https://www.libreoffice.org), "
        "hoặc mở tệp Word và chọn Tệp > Lưu thành > PDF. Tệp Word vẫn được tạo bình thường."
    ),
    "failed": "LibreOffice không chuyển được tệp «{path}» sang PDF ({detail}). Mở tệp Word và lưu thành PDF bằng tay.",
    "timeout": (
        "LibreOffice chạy quá {seconds} giây mà chưa tạo xong PDF nên đã dừng. Đóng các cửa sổ LibreOffice "
        "đang mở rồi thử lại, hoặc mở tệp Word và lưu thành PDF."
    ),
    "no_output": "không có tệp kết quả",
}

# After the PDF is made: which font LibreOffice printed it in (Times New Roman, or a font with its
# widths, or another one that breaks lines differently from Word).
PDF_FONTS = {
    "times": "Phông chữ của PDF: Times New Roman (như bản Word).",
    "twin": (
        "Phông chữ của PDF: {font}, thay cho Times New Roman (máy không có phông này). Hai phông rộng "
        "bằng nhau nên PDF ngắt dòng, ngắt trang như bản Word; mở bằng Word trên máy có Times New Roman "
        "thì chữ đúng phông Times New Roman."
    ),
    "other": (
        "Cảnh báo: máy không có phông Times New Roman hay phông cùng cỡ (Liberation Serif) nên PDF dùng "
        "phông «{font}» và có thể ngắt dòng, ngắt trang khác bản Word. Cài phông Times New Roman, hoặc "
        "gói fonts-liberation (Linux), rồi tạo lại PDF; hoặc mở tệp Word và lưu thành PDF."
    ),
}
