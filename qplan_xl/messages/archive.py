"""Wording of the archive of received plans (`qplan merge --archive`, `qplan archive`)."""

from __future__ import annotations

ARCHIVE_TEXT = {
    "not_found": "Không tìm thấy kho lưu trữ «{path}». Tạo kho bằng `qplan merge … --archive {path}`.",
    "not_archive": "Tệp «{path}» không phải kho lưu trữ của qplan ({detail}). Kiểm tra lại tên tệp.",
    "too_new": (
        "Kho lưu trữ «{path}» được tạo bằng phiên bản qplan mới hơn (lược đồ {version}). Cập nhật qplan rồi "
        "thử lại."
    ),
    "stored": "Đã lưu vào kho {path}: {receipts} tệp nhận ({new_files} nội dung mới), {new_plans} kế hoạch mới.",
    "history_head": "Lịch sử nộp của {school}: {count} tệp đã nhận.",
    "history_line": "- {received} | năm học {year} | {review} | lần nộp {revision} | {status} | {file}{mail}",
    "history_mail": " | thư của {sender}: «{subject}»",
    "school": "{name} (mã {code})",
    "school_unknown": "trường mã {code}",
    "years_head": "Ba năm học liên tiếp của {school} (TT57, Điều 16):",
    "year_plan": "- {year}: có kế hoạch ({framework}, lần nộp {revision}); {review}; mức đạt: {reached}; {progress}",
    "year_progress": "{completed}/{actions} hoạt động hoàn thành ({ratio})",
    "year_no_progress": "{actions} hoạt động, chưa có kết quả rà soát",
    "year_missing": "- {year}: chưa có kế hoạch hợp lệ trong kho",
    "years_complete": "Kết luận: đủ kế hoạch và kết quả rà soát cuối năm của ba năm học liên tiếp.",
    "years_incomplete": "Kết luận: CHƯA đủ ba năm học liên tiếp có kế hoạch và kết quả rà soát cuối năm.",
    "years_none": "Kho chưa có kế hoạch hợp lệ nào của {school}.",
    "weak_head": "Tiêu chí trường tự đánh giá dưới Mức {below} trong {years} năm học liên tiếp: {count}.",
    "weak_line": "- {unit} | {school} | tiêu chí {criterion} ({framework}) | {levels}",
    "weak_year": "{year}: {level}",
    "completion_head": "Tỉ lệ hoạt động hoàn thành (kế hoạch đã rà soát) theo đơn vị và năm học:",
    "completion_line": "- {year} | {unit}: {completed}/{actions} hoạt động ({ratio}); {reviewed}/{schools} trường đã rà soát",
    "no_unit": "(không ghi đơn vị)",
    "none": "không có",
    "not_reached": "chưa đạt Mức 1",
    "open": "chưa kết luận",
}

ARCHIVE_REVIEW = {"hk1": "rà soát cuối HK I", "year_end": "rà soát cuối năm", "none": "chưa rà soát"}

ARCHIVE_CLI = {
    "help": (
        "Hỏi kho lưu trữ các tệp đã nhận (tạo bằng `qplan merge … --archive KHO.sqlite`): lịch sử nộp của một "
        "trường, ba năm học liên tiếp, tiêu chí yếu kéo dài, tỉ lệ hoàn thành theo đơn vị."
    ),
    "merge_option": "Lưu mọi tệp đã nhận (mỗi nội dung một lần) và các kế hoạch hợp lệ vào kho SQLite này.",
    "history": "Mọi tệp đã nhận của một trường (mã trường), cũ trước mới sau.",
    "years": "Kế hoạch và kết quả của ba năm học liên tiếp của một trường (minh chứng TT57 Điều 16).",
    "to_year": "Năm học cuối của ba năm (mặc định: năm học mới nhất có trong kho).",
    "weak": "Các trường có tiêu chí tự đánh giá dưới một mức trong nhiều năm học liên tiếp.",
    "below": "Dưới mức này (mặc định 2).",
    "years_count": "Số năm học liên tiếp (mặc định 3).",
    "completion": "Tỉ lệ hoạt động hoàn thành theo đơn vị và năm học.",
    "format": "Dạng kết quả in ra: text (tiếng Việt) hoặc json.",
}
