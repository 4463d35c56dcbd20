"""What the command line, the Excel buttons and `qplan demo` say to the user."""

from __future__ import annotations

from qplan_xl.messages.issues import fill

CLI = {
    "group_help": "qplan – Kế hoạch cải tiến chất lượng giáo dục: tạo sổ Excel, kiểm tra, tổng hợp, tạo văn bản Word.",
    "new_help": "Tạo sổ kế hoạch (.xlsx) trống cho một trường, hoặc cho mọi trường trong danh sách (--roster).",
    "validate_help": (
        "Kiểm tra sổ kế hoạch và liệt kê lỗi, cảnh báo theo sheet và ô. Mã thoát: 0 hợp lệ "
        "(có thể còn cảnh báo), 1 không hợp lệ hoặc không đọc được, 2 sai cú pháp lệnh."
    ),
    "format_help": "Dạng kết quả: text (tiếng Việt, theo sheet) hoặc json (khóa tiếng Anh, cố định).",
    "demo_help": "Chạy thử trên các sổ mẫu đi kèm: kiểm tra và tạo kết quả vào thư mục --out-dir.",
    "frameworks_help": "Liệt kê các khung tiêu chuẩn có trong phần mềm, kèm độ tin cậy của dữ liệu.",
    "wrote": "Đã tạo: {path}",
    "internal_error": (
        "Lỗi trong phần mềm qplan ({detail}): lệnh chưa làm xong. Chi tiết kỹ thuật đã ghi vào {log}; "
        "xin gửi tệp đó cho người quản trị qplan."
    ),
    "usage_error": "Lệnh chưa đúng: {detail}\nXem cách dùng: {command} --help",
    "wrote_many": "Đã tạo {count} sổ trong thư mục {path}",
    "need_output": "Cần chỉ định tệp kết quả (-o TỆP.xlsx), hoặc --roster cùng --out-dir.",
    "need_out_dir": "Dùng --roster thì phải có --out-dir THƯ_MỤC.",
    "bad_year": "Năm học «{value}» không đúng dạng; ghi dạng 2023-2024.",
    "bad_framework": "Khung «{value}» không có; các khung: {choices}.",
    "framework_level_mismatch": "Khung {framework} không dùng cho cấp học {level}.",
    "level_from_year": (
        "Cấp học «{level}» chỉ có khung tiêu chuẩn từ năm học {year} ({framework}). "
        "Chọn năm học {year} trở đi (--year)."
    ),
    "provisional": "CẢNH BÁO: {message}",
    "output_locked": (
        "Không ghi được tệp «{path}»: tệp đang mở (trong Excel, Word hoặc LibreOffice) hoặc bị khóa. "
        "Đóng tệp rồi chạy lại."
    ),
    "output_failed": "Không ghi được tệp «{path}»: {detail}",
    "same_as_input": "Tệp kết quả «{path}» trùng với tệp đầu vào; chọn tên khác để không ghi đè sổ gốc.",
    "output_name_too_long": (
        "tên tệp dài {size} byte, quá giới hạn {limit} byte của hệ điều hành (mỗi chữ tiếng Việt có dấu "
        "chiếm 2–3 byte); đặt tên ngắn hơn"
    ),
    "output_not_regular": (
        "đây không phải một tệp thông thường (thiết bị, FIFO, socket…); ghi sang một tên tệp khác"
    ),
    "output_bad_name": "tên tệp có ký tự không dùng được trong tên tệp; đặt tên khác",
    "output_parent_not_folder": "«{parent}» là một tệp, không phải thư mục; kiểm tra lại đường dẫn",
    # why a file cannot be read (the `detail` or `size` of a file-* issue)
    "read_not_regular": "đây không phải một tệp thông thường (FIFO, thiết bị, socket…)",
    "read_bad_name": "tên tệp có ký tự không hợp lệ",
    "read_parser_failed": "bộ đọc Excel gặp lỗi với nội dung tệp ({detail})",
    "read_malformed": "phần XML của sheet «{sheet}» bị hỏng ({detail})",
    "read_dtd": "phần «{sheet}» có khai báo DTD/thực thể XML, điều mà Excel không bao giờ ghi",
    "read_damaged": "phần «{sheet}» của tệp nén bị hỏng ({detail})",
    "read_duplicate_part": "tệp nén có hai phần cùng tên «{sheet}»",
    "read_foreign_part": "tệp có phần «{sheet}» của một định dạng khác (.xlsb hoặc .ods)",
    "read_shared_strings_count": "phần «{sheet}» khai báo {detail} chuỗi, nhiều hơn số nó có thể chứa",
    "read_too_large": "sheet «{sheet}» có hơn {limit} dữ liệu XML",
    "read_too_many_cells": "hơn {limit} ô tính tới sheet «{sheet}»",
    "read_grid_too_large": "các sheet cộng lại trải trên hơn {limit} ô; lớn nhất là sheet «{sheet}», tới ô {cell}",
    "roster_unreadable": "Không đọc được danh sách trường «{path}»: {detail}",
    "roster_missing_column": "Danh sách trường «{path}» thiếu cột «{column}» ở dòng tiêu đề.",
    "roster_row_skipped": "Danh sách trường, dòng {row}: {reason}; bỏ qua dòng này.",
    "roster_duplicate": "mã trường {code} trùng với dòng {other} (cùng một trường)",
    "roster_code_collision": (
        "Danh sách trường «{path}»: dòng {row} (mã «{code}») và dòng {other} (mã «{other_code}») là cùng "
        "một mã trường (không phân biệt khoảng trắng, chữ hoa/thường và các số 0 ở đầu). Sửa hoặc xóa "
        "một trong hai dòng rồi chạy lại; chưa tạo sổ nào."
    ),
    "roster_far_cell": (
        "Danh sách trường «{path}» có dữ liệu ở ô {cell} sheet «{sheet}», ngoài vùng đọc ({rows} dòng, "
        "{cols} cột) nên có thể bỏ sót trường. Xóa nội dung ô đó (Ctrl+End để tìm ô cuối cùng có dữ "
        "liệu) hoặc tách danh sách, rồi chạy lại."
    ),
    "roster_no_code": "thiếu mã trường",
    "roster_bad_level": "cấp học «{value}» không hợp lệ",
    "demo_step": "== {step}",
    "demo_done": "Xong. Kết quả trong thư mục: {path}",
    "framework_line": "{id:18} {label} – cấp học: {levels}; năm học: {years}; độ tin cậy: {confidence}{provisional}",
    "framework_provisional_tag": " [TẠM THỜI]",
    "years_from": "từ {first}",
    "years_range": "{first} đến {last}",
}

# Reasons shown in CLI["output_failed"], keyed by errno name.
OUTPUT_ERRORS = {
    "ENOSPC": "ổ đĩa đã đầy; xóa bớt tệp hoặc ghi sang ổ khác",
    "EACCES": "không có quyền ghi vào thư mục này; chọn thư mục khác (ví dụ Documents)",
    "EPERM": "không có quyền ghi vào thư mục này; chọn thư mục khác (ví dụ Documents)",
    "EROFS": "ổ đĩa chỉ đọc (ví dụ USB khóa ghi hoặc đĩa CD); ghi sang ổ khác",
    "ENOENT": "không tìm thấy thư mục; kiểm tra lại đường dẫn",
    "EISDIR": "đây là một thư mục, không phải tên tệp; ghi thêm tên tệp, ví dụ ke-hoach.xlsx",
    "ENOTDIR": "đường dẫn có một phần không phải thư mục; kiểm tra lại đường dẫn",
    "ENAMETOOLONG": "tên tệp hoặc đường dẫn quá dài; đặt tên ngắn hơn",
}

NEW_OPTIONS = {
    "force": "Ghi đè tệp đã có (mặc định: không bao giờ ghi đè một sổ đã có).",
    "level": "Cấp học: mam-non, tieu-hoc, thcs, thpt, pho-thong (không bắt buộc khi dùng --roster).",
    "year": "Năm học, dạng 2025-2026.",
    "framework": "Mã khung tiêu chuẩn (xem: qplan frameworks); mặc định theo cấp học và năm học.",
    "school": "Tên trường (điền sẵn vào sổ).",
    "code": "Mã trường (điền sẵn vào sổ).",
    "authority": "Cơ quan chủ quản (điền sẵn vào sổ).",
    "output": "Tệp sổ kế hoạch sẽ tạo (.xlsx).",
    "roster": "Danh sách trường (.xlsx hoặc .csv) có cột Mã trường, Tên trường, Cấp học: tạo mỗi trường một sổ.",
    "out_dir": "Thư mục ghi các sổ khi dùng --roster.",
    "regenerate": "Tạo lại các sổ mẫu trống vào thư mục này.",
}

NEW_CLI = {
    "bad_level": "Cấp học «{value}» không hợp lệ; chọn một trong: {choices}.",
    "need_level": "Cần chỉ định cấp học (--level), ví dụ --level tieu-hoc.",
    "need_year": "Cần chỉ định năm học (--year), ví dụ --year 2025-2026.",
    "roster_and_output": "Dùng --roster cùng --out-dir THƯ_MỤC, không dùng -o.",
    "roster_empty": "Danh sách trường «{path}» không có dòng hợp lệ nào; không tạo sổ nào.",
    "roster_no_level": "thiếu cấp học (điền cột «Cấp học» hoặc dùng --level)",
    "roster_bad_ext": "chỉ đọc được tệp .xlsx hoặc .csv",
    "roster_no_header": "không thấy dòng tiêu đề có các cột «Mã trường», «Tên trường», «Cấp học»",
    "roster_framework_level": "khung {framework} không dùng cho cấp học «{level}»",
    "wrote_school": "Đã tạo: {path} ({school})",
    "progress": "Đang tạo sổ: {done}/{total}…",
    "not_xlsx": "Tệp kết quả phải có đuôi .xlsx: «{path}».",
    "exists": (
        "Tệp «{path}» đã có (có thể là sổ nhà trường đã điền) nên không ghi đè. Chọn tên khác, "
        "hoặc thêm --force nếu thật sự muốn thay bằng sổ trống."
    ),
    "roster_exists": "tệp «{path}» đã có, không ghi đè (thêm --force để ghi đè)",
    "roster_write_failed": "Danh sách trường, dòng {row}: {detail}",
    "roster_internal_error": "Lỗi phần mềm khi tạo sổ «{path}». Xin báo cho người quản trị qplan.",
}

SUMMARY_CLI = {
    "summary_help": "Tổng hợp kết quả tự đánh giá (mức đạt của trường) và kế hoạch (người chủ trì, tháng, kinh phí).",
    "format_help": "Dạng kết quả: text (đọc) hoặc json (cho máy).",
    "invalid": (
        "Chưa tổng hợp được: không đọc được sổ hoặc thông tin trường (sheet «Thông tin»); "
        "sửa các lỗi đã nêu rồi chạy lại."
    ),
    "partial": (
        "SỔ CHƯA HỢP LỆ: có {errors} lỗi. Phần tổng hợp trên chỉ tính những gì đọc được "
        "(các dòng có lỗi không được tính); sửa các lỗi dưới đây rồi chạy lại."
    ),
    "warnings": "Sổ có {count} cảnh báo; xem bằng: qplan validate {file}",
}

BUILD_CLI = {
    "help": "Tạo văn bản Kế hoạch cải tiến chất lượng (.docx, và PDF với --pdf) từ sổ kế hoạch hợp lệ.",
    "output": "Tệp Word kết quả (.docx).",
    "pdf": "Tạo thêm tệp PDF cùng tên (cần LibreOffice).",
    "not_docx": "Tệp kết quả phải có đuôi .docx: «{path}».",
    "invalid": "Sổ kế hoạch chưa hợp lệ nên không tạo văn bản. Sửa các lỗi trên rồi chạy lại.",
    "warnings": (
        "Lưu ý: sổ có {count} cảnh báo (liệt kê ở trên, theo sheet và ô). Các số liệu này sẽ được in vào "
        "văn bản: kiểm tra trước khi trình ký."
    ),
    "strict_help": "Không tạo văn bản khi sổ còn cảnh báo (mã thoát 1).",
    "strict": "Sổ còn {count} cảnh báo nên không tạo văn bản (--strict). Sửa hoặc kiểm tra lại rồi chạy lại.",
    "wrote": "Đã tạo: {path}",
}

def cli_message(key: str, **params: object) -> str:
    """Render a command-line message."""
    return fill(CLI[key], **params)

EXCEL = {
    "title": "qplan – Kế hoạch cải tiến",
    "vba_no_workbook": (
        "Chưa có sổ kế hoạch nào đang mở để làm việc, hoặc sổ đang ở chế độ Xem được bảo vệ "
        "(Protected View).\nMở sổ kế hoạch (.xlsx); nếu thấy thanh vàng, bấm «Cho phép chỉnh sửa» "
        "(Enable Editing), rồi bấm lại nút."
    ),
    "not_saved": (
        "Sổ này chưa được lưu vào máy.\nBấm Tệp > Lưu thành (Save As), chọn kiểu «Sổ làm việc Excel "
        "(*.xlsx)», lưu vào một thư mục của máy (ví dụ Tài liệu), rồi bấm lại nút."
    ),
    "temp_folder": (
        "Sổ đang mở từ thư mục tạm:\n{folder}\nThường đây là tệp đính kèm thư điện tử được mở trực "
        "tiếp; mọi thay đổi có thể bị mất khi đóng.\nBấm Tệp > Lưu thành (Save As), lưu vào một thư "
        "mục của máy (ví dụ Tài liệu), mở tệp vừa lưu rồi bấm lại nút."
    ),
    "cloud": (
        "Sổ đang mở từ OneDrive/SharePoint ({path}); qplan cần một tệp trên máy.\nBấm Tệp > Lưu "
        "thành (Save As), lưu một bản vào thư mục của máy, mở bản đó rồi bấm lại nút."
    ),
    "read_only": (
        "Sổ đang mở ở chế độ chỉ đọc nên không lưu được.\nBấm Tệp > Lưu thành (Save As), lưu một "
        "bản vào thư mục của máy, mở bản đó rồi bấm lại nút."
    ),
    "wrong_format": (
        "Sổ «{name}» không phải dạng .xlsx.\nBấm Tệp > Lưu thành (Save As), chọn kiểu «Sổ làm việc "
        "Excel (*.xlsx)», mở tệp .xlsx vừa lưu rồi bấm lại nút."
    ),
    "save_refused": "Excel từ chối lưu",
    "cloud_address": "địa chỉ trên mạng",
    "save_failed": (
        "Không lưu được sổ trước khi kiểm tra ({detail}).\nBấm Tệp > Lưu thành (Save As), lưu vào "
        "một thư mục của máy rồi bấm lại nút."
    ),
    "valid": "Sổ hợp lệ: không có lỗi.",
    "valid_warnings": "Sổ hợp lệ: không có lỗi, có {warnings} cảnh báo. Xem sheet «Kiểm tra».",
    "invalid": (
        "Sổ còn {errors} lỗi và {warnings} cảnh báo.\nXem sheet «Kiểm tra»: bấm vào địa chỉ ô để "
        "đến ô cần sửa; ô lỗi được tô đỏ và có ghi chú. Sửa xong, bấm «Kiểm tra» lại."
    ),
    "blocked": (
        "Chưa tạo được văn bản: sổ còn {errors} lỗi.\nXem sheet «Kiểm tra», sửa hết lỗi rồi bấm lại."
    ),
    "plan_done": "Đã tạo văn bản kế hoạch:\n{path}",
    "pdf_done": "Đã tạo tệp PDF:\n{path}",
    "open_failed": "Đã tạo tệp:\n{path}\nnhưng không mở tự động được; hãy mở tệp này bằng tay.",
    "summary_done": "Đã ghi kết quả tổng hợp vào sheet «Tổng hợp».",
    "summary_missing": "Phiên bản qplan này chưa có chức năng tổng hợp. Cập nhật qplan rồi thử lại.",
    "cleared": "Đã xóa các đánh dấu và sheet «Kiểm tra» của lần kiểm tra trước.",
    "failure": (
        "qplan gặp lỗi: {detail}\nLưu sổ, đóng Excel, mở lại rồi thử lại. Nếu vẫn lỗi, gửi tệp "
        "nhật ký sau cho người quản trị qplan:\n{log}"
    ),
    "help": (
        "qplan {version} – Kế hoạch cải tiến chất lượng giáo dục.\n"
        "• Kiểm tra: lưu sổ, kiểm tra lỗi, ghi kết quả vào sheet «Kiểm tra».\n"
        "• Tổng hợp: tính mức đạt, hoạt động theo người chủ trì, tháng, kinh phí (sheet «Tổng hợp»).\n"
        "• Tạo kế hoạch (Word) / Tạo PDF: tạo văn bản cạnh sổ khi sổ không còn lỗi.\n"
        "• Xóa đánh dấu: bỏ tô màu và ghi chú của lần kiểm tra trước.\n"
        "Nhật ký lỗi: {log}"
    ),
    "doc_name": "{stem} - Kế hoạch{number}",
    "doc_number": " ({n})",
}

EXCEL_CLI = {
    "group_help": "Add-in Excel: tạo tệp qplan.xlam và cài vào Excel (Windows).",
    "build_help": "Tạo add-in qplan.xlam (thanh «Kế hoạch cải tiến» trong Excel) từ mã nguồn macros/.",
    "install_help": (
        "Cài add-in vào thư mục khởi động của Excel (XLSTART) và ghi cấu hình trình Python "
        "(%USERPROFILE%\\.qplan\\qplan.conf). Chỉ chạy trên Windows; --dry-run chỉ in ra các bước."
    ),
    "output_help": "Tệp add-in cần tạo (.xlam).",
    "addin_help": "Tệp qplan.xlam có sẵn; bỏ trống thì tạo mới.",
    "python_help": "Trình Python Excel sẽ gọi (mặc định: pythonw.exe của Python đang chạy lệnh này).",
    "dry_run_help": "Chỉ in ra các bước sẽ làm, không thay đổi gì.",
    "built": "Đã tạo add-in: {path}",
    "need_xlam": "Tệp add-in phải có đuôi .xlam: «{path}».",
    "no_pyopenvba": (
        "Thiếu thư viện pyOpenVBA để tạo add-in. Cài bằng: pip install \"qplan-xl[addin]\" "
        "(hoặc pip install pyOpenVBA) rồi chạy lại."
    ),
    "macros_missing": "Không tìm thấy mã nguồn add-in (thư mục macros/): {path}. Cài lại qplan-xl.",
    "build_failed": "Tạo add-in không thành công: {detail}",
    "vba_placeholder": "mã VBA có chỗ điền chưa biết: {names}",
    "vba_not_ascii": "mã VBA có ký tự ngoài bảng ASCII",
    "vba_line_too_long": "mã VBA có dòng quá dài",
    "addin_missing": "Không tìm thấy tệp add-in «{path}».",
    "windows_only": (
        "Lệnh cài add-in chỉ chạy trên Windows (Excel cho Windows). Trên máy này, dùng --dry-run để "
        "xem các bước, hoặc dùng các lệnh qplan validate/build."
    ),
    "dry_run": "Chạy thử (--dry-run): không thay đổi gì trên máy. Các bước sẽ làm:",
    "step_build": "1. Tạo add-in mới: {target}",
    "step_copy": "1. Chép add-in {source} -> {target}",
    "step_unblock": "2. Gỡ dấu «tải từ Internet» (Mark of the Web) của {target} nếu có.",
    "step_config": "3. Ghi cấu hình {path}:",
    "step_config_line": "       {line}",
    "step_restart": "4. Đóng hết Excel rồi mở lại: thanh «Kế hoạch cải tiến» xuất hiện.",
    "installed": "Đã cài add-in: {target}\nĐã ghi cấu hình: {config}\nĐóng hết Excel rồi mở lại để thấy thanh «Kế hoạch cải tiến».",
    "python_missing": "Không thấy trình Python «{path}». Chỉ định đúng bằng --python C:\\...\\pythonw.exe.",
    "python_non_ascii": (
        "CẢNH BÁO: đường dẫn trình Python «{path}» có chữ có dấu; Excel có thể không gọi được. "
        "Nên cài Python vào thư mục không dấu, ví dụ C:\\Python311, rồi chạy lại với --python."
    ),
    "annotate_help": (
        "Ghi một BẢN SAO của sổ có đánh dấu lỗi (sheet «Kiểm tra», tô màu và ghi chú ở ô lỗi) "
        "vào tệp này; sổ gốc không bị thay đổi."
    ),
    "annotated": "Đã ghi bản đánh dấu lỗi: {path}",
    "annotate_failed": "Không ghi được bản đánh dấu lỗi «{path}»: {detail}",
    "annotate_unreadable": "sổ gốc không mở được bằng openpyxl ({detail})",
    "annotate_too_large": (
        "sổ có {cells} ô (kể cả ô trong vùng gộp hoặc vùng liên kết), quá giới hạn {limit} ô để chép an "
        "toàn; xóa các dòng, cột thừa (Ctrl+End để tìm ô cuối) hoặc bỏ gộp ô trên vùng lớn rồi thử lại"
    ),
    "annotate_not_xlsx": "Tệp bản sao phải có đuôi .xlsx: «{path}».",
}

DEMO = {
    "out_dir_help": "Thư mục ghi kết quả chạy thử (tạo mới nếu chưa có).",
    "pdf_help": "Tạo thêm bản PDF của kế hoạch trường tiểu học mẫu (cần LibreOffice).",
    "step_validate": "Bước 1. Nhà trường kiểm tra sổ kế hoạch (qplan validate)",
    "step_summary": "Bước 2. Tổng hợp kết quả tự đánh giá và kế hoạch (qplan summary)",
    "step_word": "Bước 3. Tạo văn bản kế hoạch Word/PDF (qplan build)",
    "step_annotate": "Bước 4. Ghi bản sao sổ lỗi có đánh dấu ô lỗi (qplan validate --annotate)",
    "step_roster": "Bước 5. Sở GD&ĐT (hoặc cụm, UBND xã/phường) phát sổ trống cho các trường trong danh sách (qplan new --roster)",
    "step_merge": "Bước 6. Sở GD&ĐT (hoặc cụm, UBND xã/phường) tổng hợp các sổ nhận được (qplan merge)",
    "no_samples": (
        "Không tìm thấy thư mục sổ mẫu «samples» cạnh mã nguồn qplan ({path}). Lệnh demo chạy trên bản "
        "mã nguồn (git clone); bản cài bằng pip không kèm sổ mẫu."
    ),
    "sample_missing": (
        "Chưa có tệp mẫu «{path}». Tạo lại các sổ mẫu bằng lệnh: python -m qplan_xl.demo --samples"
    ),
    "broken_note": "(Sổ này cố ý có lỗi để minh họa; danh sách lỗi dự kiến ở samples/README.md.)",
    "broken_mismatch": (
        "LƯU Ý: sổ lỗi mẫu cho kết quả khác dự kiến (thiếu: {missing}; thừa: {extra}). "
        "Cập nhật samples/README.md hoặc báo cho người phát triển."
    ),
    "sample_invalid": "LƯU Ý: sổ mẫu {name} lẽ ra hợp lệ nhưng có lỗi; báo cho người phát triển qplan.",
    "conclusion": "  • {name}: {line}",
    "progress_heading": (
        "Rà soát giữa và cuối năm (sổ theo Biểu 2, Thông tư 57/2026): tiến độ theo cột «Mức độ thực hiện»"
    ),
    "progress": "  • {school} – {line}",
    "progress_hint": "  Xem chi tiết (số việc theo mức độ, việc quá hạn, theo tiêu chuẩn và người phụ trách) "
                     "ở phần «Tiến độ thực hiện kế hoạch» của: qplan summary samples/{path}",
    "no_pdf": "Không tạo được PDF (văn bản Word vẫn dùng được): {reason}",
    "pdf_skipped": "Không tạo PDF (bỏ --no-pdf để tạo).",
    "roster_year": "Danh sách {path}, năm học {year}:",
    "roster_problem": "  • {problem}",
    "step_failed": "Bước này không hoàn thành: {detail}",
    "out_dir_failed": "Không tạo được thư mục kết quả «{path}»: {detail}",
    "samples_help": "Tạo lại mọi sổ mẫu .xlsx (và danh sách trường .xlsx) từ các tệp nguồn trong samples/src.",
    "samples_out_help": "Thư mục ghi các sổ mẫu (mặc định: chính thư mục samples).",
    "samples_built": "Đã tạo lại {count} tệp mẫu trong {path}",
    "roster_sheet": "Danh sách trường",
}

MERGE_CLI = {
    "help": (
        "Tổng hợp sổ kế hoạch của nhiều trường (tệp hoặc thư mục, tìm cả thư mục con) thành một sổ Excel: "
        "trường hợp lệ, trường cần gửi lại và lý do, trường chưa nộp, tệp bị thay thế, mọi hoạt động, "
        "tổng hợp theo tiêu chí. Cũng gộp được các bản tổng hợp của các cụm hoặc xã/phường (cấp Sở)."
    ),
    "output": "Sổ tổng hợp sẽ tạo (.xlsx).",
    "roster": (
        "Danh sách trường (.xlsx hoặc .csv; cột Mã trường, Tên trường, Cấp học; cột Đơn vị, Cụm hoặc "
        "Xã/Phường nếu muốn số liệu theo từng đơn vị) để biết trường chưa nộp."
    ),
    "year": "Năm học tổng hợp, dạng 2025-2026 (mặc định: năm học của đa số tệp).",
    "level": "Chỉ tổng hợp cấp học này (có thể ghi nhiều lần); mặc định: các cấp học của danh sách trường.",
    "unit": "Tên đơn vị tổng hợp, ví dụ «Sở GD&ĐT tỉnh Tân Lập» hoặc «Cụm chuyên môn số 3» (ghi vào sổ tổng hợp).",
    "format": "Dạng kết quả in ra: text (tiếng Việt) hoặc json.",
    "jobs": "Số tiến trình đọc tệp (và kiểm tra kế hoạch mới khi lưu kho) song song (mặc định: số lõi CPU).",
    "no_inputs": "Không tìm thấy tệp nào trong: {paths}.",
    "not_xlsx": "Tệp tổng hợp phải có đuôi .xlsx: «{path}».",
    "progress": "\rĐã đọc {done}/{total} tệp",
    "header": "TỔNG HỢP {files} tệp – năm học {year}{unit}",
    "unit_suffix": " – {unit}",
    "line_schools": "Trường: {schools} (hợp lệ {valid}, không hợp lệ {invalid}, không đọc được {unreadable_schools}, chưa nộp {missing})",
    "line_files": "Tệp: {files} (đã tổng hợp {merged}, đã thay thế {superseded}, không đọc được/không phải sổ {unreadable}, khác năm học {other_year}, khác cấp học {other_level})",
    "line_actions": "Hoạt động: {actions}; tổng kinh phí dự kiến: {budget} đồng",
    "line_progress": "Tiến độ (lần rà soát gần nhất): {completed}/{total} hoạt động hoàn thành ({percent}%)",
    "units": "Theo đơn vị:",
    "unit_line": "  - {unit}: {schools} trường (hợp lệ {valid}, cần gửi lại {resubmit}, chưa nộp {missing})",
    "resubmit": "Trường cần gửi lại:",
    "resubmit_line": "  - {code} {name}: {reason}",
    "unreadable_files": "Tệp không đọc được / không phải sổ:",
    "file_line": "  - {file}: {reason}",
    "missing": "Trường chưa nộp:",
    "missing_line": "  - {code} {name}",
    "superseded": "Tệp đã được thay thế:",
    "notices": "Lưu ý:",
    "notice_line": "  - {message}",
    "wrote": "Đã ghi sổ tổng hợp: {path}",
    "more": "  ... và {count} dòng nữa (xem sổ tổng hợp).",
}

# --- errors a library caller meets (qplan_xl.errors) ----------------------------------------

NOT_A_PLAN = (
    "{call}: cần một kế hoạch (Plan) đã đọc từ sổ, ví dụ validate_workbook(tệp).plan; "
    "giá trị nhận được thuộc kiểu {kind}."
)

# click's usage errors, said in Vietnamese (the `detail` of CLI["usage_error"]).
USAGE_ERRORS = {
    "missing_option": "thiếu tùy chọn {name}.",
    "missing_argument": "thiếu {name} (tệp hoặc giá trị cần đưa vào lệnh).",
    "no_such_option": "không có tùy chọn {name}.",
    "did_you_mean": " Có phải ý là: {names}?",
    "bad_choice": "giá trị «{value}» của {name} không hợp lệ; chọn một trong: {choices}.",
    "bad_path": "không tìm thấy tệp hoặc thư mục «{value}» ({name}).",
    "bad_value": "giá trị «{value}» của {name} không hợp lệ.",
    "no_such_command": "không có lệnh «{name}». Các lệnh: {commands}.",
    "extra_arguments": "thừa giá trị: {values}.",
    "other": "cách gọi lệnh chưa đúng.",
}


# What click writes around every `--help` (its own English, looked up through gettext), and the
# placeholders of the values an option or argument takes.
CLICK_TEXTS = {
    "Usage:": "Cách dùng:", "Options": "Tùy chọn", "Commands": "Lệnh", "Arguments": "Tham số",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "default: {default}": "mặc định: {default}", "required": "bắt buộc", "(dynamic)": "(tùy lúc chạy)",
    "deprecated": "không dùng nữa", "Aborted!": "Đã dừng.", "Missing command.": "Thiếu lệnh.",
    "Error: {message}": "Lỗi: {message}", "Could not open file {filename!r}: {message}":
        "Không mở được tệp {filename!r}: {message}",
}
CLICK_METAVARS = {
    "options": "[TÙY_CHỌN]", "subcommand": "LỆNH [THAM_SỐ]...", "text": "CHỮ", "number": "SỐ",
    "file": "TỆP", "directory": "THƯ_MỤC", "path": "ĐƯỜNG_DẪN",
    # arguments, by their name in the code
    "inputs": "TỆP_HOẶC_THƯ_MỤC", "code": "MÃ_TRƯỜNG", "old": "SỔ_CŨ", "new": "SỔ_MỚI", "source": "NGUỒN",
    "files": "TỆP", "job": "VIỆC",
}
