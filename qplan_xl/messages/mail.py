"""Wording of e-mail in (unpacked attachments) and e-mail out (drafts returned to schools)."""

from __future__ import annotations

# Files of a zip or a message that could not be unpacked (each still gets a status in «Tệp»).
MAIL_ISSUES = {
    "zip-unreadable": (
        "Tệp nén «{path}» bị hỏng hoặc chưa tải về hết ({detail}). Xin trường nén lại thư mục và gửi lại."
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
