"""What the consolidating office reads: the merge's sheets, statuses and reasons, e-mail in and out, the archive."""

from __future__ import annotations

# --- the consolidation (qplan merge) -----------------------------------------------------------

# Status of each file found in the inputs (every file gets exactly one).
MERGE_FILE_STATUS = {
    "merged": "Đã tổng hợp",
    "superseded": "Đã thay thế",
    "invalid": "Không hợp lệ",
    "unreadable": "Không đọc được",
    "not-workbook": "Không phải sổ Excel",
    "other-year": "Khác năm học",
    "other-level": "Khác cấp học",
}

MERGE_SEVERITY = {"error": "Lỗi", "warning": "Cảnh báo"}

MERGE_LEVEL4_STANDARD = "Mức 4"

MERGE_SOURCE = "{sheet}, dòng {row}"

MERGE_NO_UNIT = "(chưa rõ đơn vị)"

MERGE_HEATMAP = {
    "title": "TIÊU CHÍ THEO ĐƠN VỊ",
    "note": "Mỗi ô: số trường (sổ hợp lệ) của đơn vị có tiêu chí dưới mục tiêu; bảng dưới: số hoạt động cải tiến.",
    "below": "SỐ TRƯỜNG CÓ TIÊU CHÍ DƯỚI MỤC TIÊU",
    "actions": "SỐ HOẠT ĐỘNG CẢI TIẾN THEO TIÊU CHÍ",
    "valid": "Hợp lệ",
}

MERGE_OVERVIEW = {
    "title": "TỔNG HỢP KẾ HOẠCH CẢI TIẾN CHẤT LƯỢNG GIÁO DỤC",
    "unit": "Đơn vị tổng hợp",
    "year": "Năm học",
    "levels": "Cấp học",
    "all_levels": "Tất cả các cấp học",
    "roster": "Danh sách trường",
    "no_roster": "(không dùng danh sách trường: không xác định được trường chưa nộp)",
    "generated": "Thời điểm tổng hợp",
    "year_inferred": "{year} (năm học của đa số tệp đã nhận)",
    "counts": "SỐ LIỆU",
    "chart_table": "MỨC ĐẠT CỦA CÁC TRƯỜNG CÓ SỔ HỢP LỆ",
    "chart_title": "Mức đạt của các trường (sổ hợp lệ)",
    "chart_y": "Số trường",
    "sheets": "CÁC SHEET",
    "units": "THEO ĐƠN VỊ (CỤM, XÃ/PHƯỜNG)",
}

MERGE_SHEET_HELP = {
    "units": "Mỗi đơn vị (cụm, xã/phường) một dòng: số trường theo trạng thái, hoạt động, tiến độ.",
    "heatmap": "Theo đơn vị và tiêu chí: số trường dưới mục tiêu, số hoạt động (tô màu theo số lượng).",
    "schools": "Mỗi trường một dòng: trạng thái, lý do, mức đạt, số hoạt động, kinh phí.",
    "actions": "Mọi hoạt động cải tiến của các trường có sổ hợp lệ.",
    "criteria": "Theo tiêu chí: số trường dưới mục tiêu, số hoạt động, kinh phí.",
    "issues": "Từng lỗi của các tệp cần trả lại (sheet, ô, nội dung) để nhà trường sửa.",
    "missing": "Trường có trong danh sách nhưng chưa gửi tệp nào.",
    "superseded": "Tệp cũ đã được thay bằng lần nộp mới hơn.",
    "files": "Mọi tệp tìm thấy và trạng thái của từng tệp.",
    "notices": "Các điểm cần xem: danh sách trường, nộp trùng lần, trường ngoài danh sách.",
}

# Labels of the counts (keys of the JSON summary).
MERGE_COUNTS = {
    "files": "Tệp tìm thấy",
    "schools": "Trường",
    "valid": "Trường có sổ hợp lệ",
    "invalid": "Trường có sổ không hợp lệ (cần gửi lại)",
    "unreadable_schools": "Trường gửi tệp không đọc được",
    "missing": "Trường chưa nộp",
    "unreadable": "Tệp không đọc được hoặc không phải sổ Excel",
    "superseded": "Tệp đã được thay thế",
    "actions": "Hoạt động (sổ hợp lệ)",
    "budget": "Tổng kinh phí dự kiến (đồng)",
    "progress": "Hoạt động đã hoàn thành (lần rà soát gần nhất)",
    "progress_value": "{completed}/{total} ({percent}%)",
}

# Why a file or a school has its status (column «Lý do / việc cần làm»).
MERGE_REASONS = {
    "older-revision": "Lần nộp {revision}, đã có lần nộp {newer} (tệp «{file}»).",
    "older-save": "Cùng lần nộp {revision} nhưng lưu trước tệp «{file}».",
    "older-file-time": "Bản cũ hơn tệp «{file}» (theo thời gian của tệp).",
    "same-save": "Cùng lần nộp {revision}, cùng thời điểm lưu với tệp «{file}» nhưng nội dung khác: hỏi lại nhà trường.",
    "duplicate": "Bản giống hệt tệp «{file}» (gửi hai lần).",
    "unit-older": "Bản tổng hợp cũ hơn của cùng đơn vị, đã có tệp «{file}».",
    "other-year": "Sổ của năm học {value}, không phải năm học {year} đang tổng hợp.",
    "other-level-roster": "Sổ ghi cấp học {value}, danh sách trường ghi {expected}.",
    "other-level": "Sổ cấp học {value}, ngoài các cấp học đang tổng hợp ({expected}).",
    "invalid": "{errors} lỗi, {warnings} cảnh báo: xem sheet «Tệp lỗi», sửa rồi gửi lại.",
    "no-school": "Sổ không ghi mã trường (sheet «Thông tin») nên không biết của trường nào.",
    "hint": "Có thể là tệp của trường {code} (đoán theo tên tệp).",
    "valid": "",
    "valid-warnings": "{warnings} cảnh báo (không bắt buộc sửa).",
    "school-invalid": "{errors} lỗi trong tệp «{file}»: xem sheet «Tệp lỗi», sửa rồi gửi lại.",
    "school-other-year": "Chỉ gửi sổ năm học {value} (tệp «{file}»); cần gửi sổ năm học {year}.",
    "school-other-level": "Tệp «{file}» ghi cấp học {value}, danh sách trường ghi {expected}; gửi lại sổ đúng cấp học.",
    "school-unreadable": "Tệp «{file}» không đọc được: xem sheet «Tệp lỗi»; đề nghị gửi lại.",
    "school-missing": "Chưa gửi sổ kế hoạch.",
    "school-conflict": " Có hai tệp khác nhau cùng lần nộp {revision}, cùng thời điểm lưu: xem sheet «Lưu ý».",
}

# Who a file is from, when the evidence disagrees (at the school's row, column «Lý do / việc cần làm»).
MERGE_IDENTITY = {
    "typed": "sổ ghi mã trường {code}",
    "issued": "sổ mẫu đã phát cho trường {code}",
    "name": "tên «{name}» là của trường {code} trong danh sách",
    "file": "tên tệp «{file}» chỉ trường {code}",
    "sender": "người gửi thuộc trường {code}",
    "doubt": (
        "Cần hỏi lại: {evidence}. Đã xếp cho trường {chosen}. Gọi trường {chosen} và {others} để xác nhận "
        "ai lập sổ này; nếu dùng nhầm sổ của trường khác, trường lập phải sửa mã trường, tên trường rồi gửi lại."
    ),
}

# Points for the clerk that are not about one file's content (sheet «Lưu ý»).
MERGE_NOTICES = {
    "roster-problem": "{detail}",
    "roster-other-level": (
        "Danh sách trường: trường {code} ({name}) thuộc cấp học {level}, ngoài các cấp học đang "
        "tổng hợp; không tính vào danh sách."
    ),
    "not-in-roster": (
        "Trường {code} ({name}) gửi sổ nhưng không có trong danh sách trường (tệp «{file}»). "
        "Kiểm tra mã trường ở sheet «Thông tin» của sổ, hoặc bổ sung danh sách."
    ),
    "level-mismatch": (
        "Trường {code}: danh sách trường ghi cấp học {expected}, tệp «{file}» ghi {value}. "
        "Sổ không được tổng hợp; đề nghị trường gửi lại sổ đúng cấp học (hoặc sửa danh sách)."
    ),
    "same-revision": (
        "Trường {code}: hai tệp khác nhau cùng lần nộp {revision} và cùng thời điểm lưu («{file}» và "
        "«{other}»), nên không biết bản nào mới hơn. Đã tạm dùng tệp «{file}»; hỏi lại nhà trường bản nào đúng."
    ),
    "name-differs": (
        "Mã trường {code}: tệp «{file}» ghi tên «{name}», tệp «{other}» ghi tên «{other_name}». "
        "Kiểm tra lại mã trường (có thể một trường dùng nhầm sổ của trường khác)."
    ),
    "several-units": (
        "Trường {code} có trong nhiều bản tổng hợp ({units}); chỉ tính một lần (đơn vị {unit})."
    ),
    "no-year": "Không có tệp nào đọc được để xác định năm học tổng hợp.",
    "plan-copied": (
        "Kế hoạch của trường {code} ({name}) và trường {other} ({other_name}) có {shared}/{size} "
        "công việc/giải pháp giống hệt nhau. Đề nghị kiểm tra kế hoạch có được xây dựng từ thực tế "
        "của từng trường (không sao chép)."
    ),
}

# Column «Loại» of «Lưu ý»: what kind of point each notice is.
MERGE_NOTICE_KINDS = {
    "roster-problem": "Danh sách trường",
    "roster-other-level": "Ngoài cấp học",
    "not-in-roster": "Ngoài danh sách",
    "level-mismatch": "Sai cấp học",
    "same-revision": "Nộp trùng lần",
    "name-differs": "Khác tên trường",
    "several-units": "Nhiều đơn vị",
    "no-year": "Năm học",
    "plan-copied": "Kế hoạch giống nhau",
}

# Kinds of special entries (never opened: reading a FIFO would wait forever).
MERGE_SPECIAL = {"fifo": "ống dẫn (FIFO)", "socket": "socket", "device": "thiết bị"}

MERGE_COST_DIGITS = "{head}… ({digits} chữ số)"

MERGE_ISSUES = {
    "money-not-summed": (
        "Kinh phí {amount} đồng (sheet «{sheet}», dòng {row}) quá lớn, chắc chắn gõ nhầm: không cộng vào "
        "tổng kinh phí. Đề nghị trường sửa lại rồi gửi lại."
    ),
    "file-lock": (
        "Tệp «{path}» là tệp khóa tạm của Excel hoặc LibreOffice (tạo ra khi một sổ đang mở), không phải "
        "sổ kế hoạch của trường nào; không đọc. Đóng Excel/LibreOffice rồi xóa tệp này."
    ),
    "file-temp": (
        "Tệp «{path}» là tệp tạm của qplan, còn lại khi một lần ghi bị dừng giữa chừng; không phải sổ của "
        "trường nào, không đọc. Có thể xóa tệp này."
    ),
    "file-special": (
        "«{path}» không phải tệp thông thường mà là {kind}; không mở (có thể làm lệnh chờ mãi). "
        "Chép sổ kế hoạch thật vào thư mục."
    ),
    "link-broken": (
        "«{path}» là liên kết hỏng (trỏ tới tệp không còn, hoặc vòng lặp liên kết); không đọc được. "
        "Xóa liên kết hoặc chép tệp thật vào thư mục."
    ),
    "folder-link": (
        "«{path}» là liên kết tới một thư mục khác; không đọc vào (tránh đọc trùng hoặc lặp vô hạn). "
        "Nếu cần tổng hợp thư mục đó, ghi thẳng đường dẫn của nó vào lệnh."
    ),
    "folder-hidden": (
        "«{path}» là thư mục ẩn; không đọc vào. Nếu trong đó có sổ kế hoạch, chuyển ra thư mục thường."
    ),
    "folder-unreadable": (
        "Không mở được thư mục «{path}»: {detail}. Các tệp trong thư mục này chưa được tổng hợp; cấp "
        "quyền đọc thư mục rồi tổng hợp lại."
    ),
    "worker-crashed": (
        "Lỗi phần mềm khi đọc tệp «{path}» (tiến trình đọc bị dừng đột ngột). Mở tệp bằng Excel, lưu lại "
        "rồi thử lại; nếu vẫn lỗi, gửi tệp cho người quản trị qplan."
    ),
    "file-timeout": (
        "Đọc tệp «{path}» quá {seconds} giây nên đã dừng (tệp quá lớn hoặc hỏng). Mở tệp bằng Excel, "
        "xóa các dòng, ảnh thừa, lưu lại rồi gửi lại."
    ),
    "file-memory": (
        "Tệp «{path}» cần quá nhiều bộ nhớ để đọc (tệp quá lớn hoặc hỏng). Mở tệp bằng Excel, xóa các "
        "dòng, ảnh thừa, lưu lại rồi gửi lại."
    ),
    "unit-unreadable": (
        "Tệp «{path}» là bản tổng hợp của qplan nhưng thiếu sheet «{sheet}» hoặc dòng tiêu đề; "
        "tổng hợp lại rồi gửi lại."
    ),
}

# What a resubmission changed against the file it replaced (sheet «Thay thế», text report).
MERGE_CHANGES = {
    "actions": "Hoạt động: {old} → {new} (thêm {added}, bỏ {removed})",
    "columns": "cột có nội dung thay đổi: {columns}",
    "levels": "mức tự đánh giá thay đổi: {levels}",
    "level": "{criterion} {old} → {new}",
    "blank": "(trống)",
    "info": "thông tin thay đổi: {fields}",
    "none": "Nội dung không đổi (chỉ lưu lại).",
    "unknown": "",
}


# --- e-mail in and out -------------------------------------------------------------------------

# Files of a zip or a message that could not be unpacked (each still gets a status in «Tệp»).
MAIL_ISSUES = {
    "zip-unreadable": (
        "Tệp nén «{path}» bị hỏng hoặc chưa tải về hết ({detail}). Xin trường nén lại thư mục và gửi lại."
    ),
    "zip-member-unreadable": (
        "Tệp «{path}» trong tệp nén bị hỏng ({detail}): không giải nén được. Xin trường nén lại thư mục và "
        "gửi lại."
    ),
    "unpack-failed": (
        "Không giải nén được tệp «{path}» trên máy này ({detail}). Kiểm tra ổ đĩa (còn chỗ trống, được quyền "
        "ghi) rồi tổng hợp lại."
    ),
    "zip-unsafe-path": (
        "Tệp «{path}» trong tệp nén có đường dẫn ra ngoài thư mục nén (../ hoặc ổ đĩa): không giải nén "
        "vì lý do an toàn. Xin trường gửi riêng sổ Excel."
    ),
    "zip-encrypted": (
        "Tệp «{path}» trong tệp nén có mật khẩu: không giải nén được. Xin trường gửi lại tệp nén không đặt "
        "mật khẩu."
    ),
    "zip-bomb": (
        "Tệp «{path}» trong tệp nén khi giải nén quá lớn (trên {size} MB) hoặc nén bất thường: không giải nén "
        "vì lý do an toàn. Xin trường gửi riêng sổ Excel."
    ),
    "zip-too-many": (
        "Tệp nén «{path}» chứa {count} tệp, quá nhiều để giải nén an toàn. Xin trường chỉ gửi sổ Excel."
    ),
    "mail-unreadable": (
        "Không đọc được thư «{path}» ({detail}). Lưu lại thư từ chương trình thư điện tử (hoặc lưu riêng "
        "tệp đính kèm) rồi tổng hợp lại."
    ),
    "mail-msg-unsupported": (
        "Tệp Outlook «{path}» chưa đọc được trên máy này (chưa cài phần đọc tệp .msg). Cài thêm bằng lệnh "
        "py -m pip install \"qplan-xl[outlook]\", hoặc trong Outlook mở thư, lưu tệp đính kèm rồi tổng hợp lại."
    ),
    "mail-no-attachment": (
        "Thư «{path}» không có tệp đính kèm nào: trường chưa gửi sổ Excel. Xin trường gửi lại thư kèm sổ."
    ),
    "mail-part-unreadable": (
        "Tệp đính kèm «{path}» hỏng (không giải mã được) hoặc quá lớn. Xin trường gửi lại tệp."
    ),
    "mail-too-deep": (
        "«{path}» nằm trong quá nhiều lớp nén/chuyển tiếp: không mở. Xin trường gửi trực tiếp sổ Excel."
    ),
}

# How the «Tệp» sheet and the text report name the message a file came in.
MAIL_ORIGIN = "Thư của {sender}, {date}: «{subject}»"
MAIL_ORIGIN_UNKNOWN = "(không rõ)"

# The draft returned to a school that must resend (e-mail), and the same for Zalo (plain text).
MAIL_DRAFT = {
    "subject": "Đề nghị gửi lại kế hoạch cải tiến chất lượng – {school}",
    "subject_unknown": "Đề nghị gửi lại tệp kế hoạch cải tiến chất lượng",
    "school": "{name} (mã {code})",
    "greeting": "Kính gửi {school},",
    "greeting_unknown": "Kính gửi nhà trường,",
    "intro": "{office} đã nhận và kiểm tra tệp kế hoạch cải tiến chất lượng giáo dục{year} của trường. "
             "Tệp chưa dùng được vì các lý do dưới đây; đề nghị trường sửa rồi gửi lại.",
    "office": "Đơn vị tổng hợp",
    "year": " năm học {year}",
    "file": "Tệp «{file}»{origin}: {status}.",
    "file_origin": " (thư ngày {date}, «{subject}»)",
    "issue_cell": "  - Sheet «{sheet}», ô {cell}: {message}",
    "issue_sheet": "  - Sheet «{sheet}»: {message}",
    "issue_file": "  - {message}",
    "warning": "(cảnh báo) ",
    "attached": "  Bản đính kèm «{name}» là tệp của trường, các ô cần sửa đã được tô màu và ghi chú; "
                "danh sách lỗi ở sheet «Kiểm tra». Sửa ngay trên tệp này rồi gửi lại.",
    "not_attached": "  Tệp này không mở được nên không gửi kèm; trường mở tệp gốc bằng Excel, lưu lại dạng .xlsx "
                    "rồi gửi lại.",
    "closing": "Trân trọng cảm ơn.",
    "zalo_head": "[{office}] {school}: kế hoạch cải tiến chất lượng{year} cần gửi lại.",
    "zalo_unknown": "Trường",
    "zalo_tail": "Chi tiết và tệp đã đánh dấu lỗi đã gửi qua thư điện tử.",
    "annotated_name": "{stem} - cần sửa.xlsx",
    "wrote": "Đã viết {count} thư nháp gửi lại trường (.eml, mở bằng Outlook/Thunderbird) và tin nhắn Zalo (.txt) "
             "vào thư mục {path}.",
}

MAIL_CLI = {
    "return_dir": (
        "Thư mục ghi thư nháp gửi lại các trường phải nộp lại (mỗi trường một tệp .eml mở bằng Outlook/"
        "Thunderbird, kèm sổ đã đánh dấu lỗi, và một tệp .txt để dán vào Zalo)."
    ),
    "return_from": "Địa chỉ thư của đơn vị, ghi vào ô «Từ» của thư nháp (bỏ trống: chương trình thư tự điền).",
}


# --- the archive of received plans -------------------------------------------------------------

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
