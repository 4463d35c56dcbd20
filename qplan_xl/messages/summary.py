"""Wording of the compliance summary (text, sheet, JSON labels)."""

from __future__ import annotations

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
