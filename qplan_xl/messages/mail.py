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
