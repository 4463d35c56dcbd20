"""Validation issues (one template per stable code) and the report's wording."""

from __future__ import annotations

# Placeholders: {sheet} {cell} {value} plus the named parameters given at the call site.

ISSUES = {
    # files that cannot be read
    "file-not-found": "Không tìm thấy tệp «{path}». Kiểm tra lại đường dẫn và tên tệp.",
    "file-empty": "Tệp «{path}» rỗng (0 byte), có thể do tải về hoặc sao chép bị lỗi. Xin gửi lại tệp.",
    "file-xls": (
        "Tệp «{path}» là định dạng Excel cũ (.xls). Mở tệp bằng Excel, chọn Tệp > Lưu thành > "
        "«Sổ làm việc Excel (*.xlsx)», rồi dùng tệp .xlsx mới."
    ),
    "file-encrypted": (
        "Tệp «{path}» được đặt mật khẩu mở tệp nên không đọc được. Mở bằng Excel, gỡ mật khẩu "
        "(Tệp > Thông tin > Bảo vệ sổ làm việc > Mã hóa bằng mật khẩu, xóa trống) rồi lưu lại."
    ),
    "file-corrupt": (
        "Tệp «{path}» bị hỏng hoặc không phải tệp Excel (.xlsx) ({detail}). Mở thử bằng Excel; nếu "
        "không mở được, xin nhà trường gửi lại tệp gốc."
    ),
    "file-truncated": (
        "Tệp «{path}» bị cắt cụt (thiếu phần cuối), thường do tải tệp đính kèm chưa xong. "
        "Tải lại hoặc xin gửi lại tệp."
    ),
    "file-not-workbook": (
        "Tệp «{path}» không phải sổ Excel ({kind}). Hãy gửi sổ kế hoạch .xlsx do qplan tạo; nếu là bảng "
        "tính LibreOffice/WPS, mở rồi chọn Lưu thành «Excel 2007-365 (.xlsx)»."
    ),
    "file-too-large": (
        "Tệp «{path}» quá lớn ({size}); sổ kế hoạch thường dưới 1 MB. Xóa các dòng, ảnh thừa "
        "hoặc dùng lại sổ mẫu rồi lưu lại."
    ),
    "file-unreadable": "Không đọc được tệp «{path}»: {detail}. Mở tệp bằng Excel, lưu lại dạng .xlsx rồi thử lại.",
    "file-extension-mismatch": (
        "Tệp «{path}» có đuôi «{ext}» nhưng nội dung là sổ .xlsx. Nên đổi tên tệp về đuôi .xlsx."
    ),
    # structure
    "sheet-missing": (
        "Thiếu sheet «{sheet}». Không xóa hoặc đổi tên sheet; nếu đã đổi tên, đặt lại đúng tên «{sheet}»."
    ),
    "sheet-unexpected": (
        "Sheet «{sheet}» không thuộc khung {framework}; nội dung của sheet này bị bỏ qua."
    ),
    "header-missing": (
        "Sheet «{sheet}» thiếu cột «{header}» ở dòng tiêu đề. Không đổi tên, xóa hoặc chèn cột vào giữa bảng; "
        "sao chép lại dòng tiêu đề từ sổ mẫu."
    ),
    "sheet-too-large": (
        "Sheet «{sheet}» có dữ liệu tới dòng {rows}, vượt giới hạn {limit} dòng: phần sau dòng {limit} "
        "không được đọc nên kế hoạch có thể thiếu hoạt động. Xóa các dòng thừa ở cuối sheet "
        "(Ctrl+End để tìm ô cuối cùng có dữ liệu)."
    ),
    "sheet-stray-cells": (
        "Sheet «{sheet}» có dữ liệu ở ô {cell}, rất xa vùng bảng (thường do gõ hoặc dán nhầm); phần mềm "
        "bỏ qua vùng đó. Xóa nội dung ô {cell} (Ctrl+End để tìm ô cuối cùng có dữ liệu)."
    ),
    "cell-error": (
        "Ô {cell} sheet «{sheet}» chứa lỗi Excel {value} (công thức hỏng hoặc tham chiếu mất). "
        "Sửa công thức, hoặc gõ giá trị trực tiếp vào ô."
    ),
    "meta-missing": (
        "Sổ không có phần nhận dạng của qplan (sheet ẩn «_meta»); có thể sổ được tạo lại bằng tay hoặc "
        "sao chép sang sổ khác. Thông tin được lấy từ sheet «Thông tin». Nên dùng sổ mẫu do qplan tạo."
    ),
    "meta-unknown-version": (
        "Sổ được tạo bằng mẫu «{value}» mà phiên bản qplan này không biết; thông tin được lấy từ sheet "
        "«Thông tin». Cập nhật qplan hoặc dùng sổ mẫu mới."
    ),
    "meta-mismatch": (
        "«{label}» ở sheet «Thông tin» ({value}) khác với sổ mẫu đã phát ({expected}). "
        "Nếu thông tin đã đổi, xin nơi tổng hợp (Sở GD&ĐT, cụm hoặc UBND xã/phường) phát sổ mới; nếu gõ nhầm, sửa lại ô {cell}."
    ),
    # school information
    "info-required": "Chưa điền «{label}» (ô {cell} sheet «Thông tin»). Điền thông tin này.",
    "info-label-duplicate": (
        "Sheet «Thông tin» có hai dòng «{label}» (ô {cell} và dòng của ô {other}); phần mềm dùng giá trị "
        "ở ô {other}. Xóa dòng thừa."
    ),
    "meta-invalid": (
        "Phần nhận dạng của sổ (sheet ẩn «_meta») có số lần nộp không hợp lệ «{value}»; coi như 0. "
        "Nên dùng sổ do nơi tổng hợp (Sở GD&ĐT, cụm hoặc UBND xã/phường) phát."
    ),
    "info-label-missing": (
        "Sheet «Thông tin» không có dòng «{label}» ở cột A. Không xóa hay đổi tên các nhãn ở cột A; "
        "thêm lại dòng «{label}» (nhãn ở cột A, nội dung ở cột B)."
    ),
    "year-invalid": (
        "Năm học «{value}» (ô {cell}) không đúng dạng. Ghi năm học dạng 2023-2024 (hai năm liên tiếp)."
    ),
    "level-unknown": (
        "Cấp học «{value}» (ô {cell}) không có trong danh sách. Chọn một trong: {choices}."
    ),
    "framework-unknown": (
        "Khung tiêu chuẩn «{value}» (ô {cell}) không có trong danh sách. Chọn một trong: {choices}."
    ),
    "framework-level-mismatch": (
        "Khung tiêu chuẩn {framework} không dùng cho cấp học «{level}» (ô {cell}). Chọn khung đúng với cấp học, "
        "hoặc xin sổ mẫu đúng cấp học."
    ),
    "framework-template-mismatch": (
        "Khung tiêu chuẩn ở ô {cell} ({value}) khác với khung của sổ mẫu ({expected}): các sheet tiêu chuẩn "
        "của sổ không khớp. Đặt lại đúng khung hoặc tạo sổ mới bằng: qplan new."
    ),
    "framework-provisional": (
        "Khung {framework} là dữ liệu tạm thời (chưa đối chiếu văn bản chính thức). Kiểm tra lại "
        "danh mục tiêu chí trước khi ban hành."
    ),
    "target-invalid": (
        "Mục tiêu mức đạt «{value}» (ô {cell}) không hợp lệ. Chọn một trong: {choices}."
    ),
    "date-invalid": (
        "Ngày ban hành «{value}» (ô {cell}) không đúng dạng. Ghi dạng 15/9/2023 hoặc chọn ô ngày."
    ),
    # self-assessment
    "assessment-missing": (
        "Sheet «Tự đánh giá» thiếu dòng của tiêu chí {criterion}. Thêm dòng tiêu chí này "
        "(sao chép từ sổ mẫu) và chọn mức đạt."
    ),
    "assessment-blank": (
        "Chưa chọn mức đạt của tiêu chí {criterion} (ô {cell}). Chọn mức theo báo cáo tự đánh giá; "
        "khi còn ô trống, phần mềm không kết luận được mức đạt của trường."
    ),
    "assessment-invalid": (
        "Mức đạt «{value}» của tiêu chí {criterion} (ô {cell}) không hợp lệ. Chọn một trong: {choices}."
    ),
    "assessment-unknown": (
        "Dòng {row} sheet «Tự đánh giá» có tiêu chí «{value}» không thuộc khung {framework}. "
        "Xóa dòng này hoặc sửa mã tiêu chí."
    ),
    "assessment-duplicate": (
        "Tiêu chí {criterion} xuất hiện hai lần ở sheet «Tự đánh giá» (ô {cell}). Xóa dòng trùng."
    ),
    # actions
    "action-field-required": (
        "Dòng {row} sheet «{sheet}»: chưa điền «{header}» (ô {cell})."
    ),
    "criterion-unknown": (
        "Ô {cell} sheet «{sheet}»: «{value}» không phải tiêu chí của khung {framework}. "
        "Chọn tiêu chí trong danh sách (ví dụ: {example})."
    ),
    "cell-merged": (
        "Ô {cell} sheet «{sheet}» nằm trong ô gộp {range} nên không có «{header}» riêng (dòng {row}). "
        "Mỗi hoạt động một dòng: chọn vùng {range}, bấm Trang đầu › Gộp và căn giữa › Bỏ gộp ô, rồi điền "
        "«{header}» cho từng dòng."
    ),
    "criterion-number-ambiguous": (
        "Ô {cell} sheet «{sheet}»: tiêu chí lưu dạng số {value}, có thể là {criterion} hoặc {twin} (Excel bỏ "
        "số 0 cuối của «{twin}»). Đã đọc là {chosen}; nếu là {twin}, chọn lại từ danh sách thả xuống "
        "(dạng «{twin} - …»)."
    ),
    "criterion-number-decided": (
        "Ô {cell} sheet «{sheet}»: tiêu chí lưu dạng số {value} (Excel bỏ số 0 cuối); theo nội dung dòng, "
        "đã đọc là {chosen}. Chọn lại từ danh sách thả xuống để chắc chắn."
    ),
    "criterion-wrong-standard": (
        "Ô {cell} sheet «{sheet}»: tiêu chí {criterion} thuộc tiêu chuẩn {standard}, không thuộc sheet này. "
        "Chuyển dòng sang sheet «{target}»."
    ),
    "month-invalid": (
        "Ô {cell} sheet «{sheet}»: «{value}» không phải tháng. Ghi dạng 9/2023 (tháng/năm)."
    ),
    "month-out-of-year": (
        "Ô {cell} sheet «{sheet}»: tháng {value} nằm ngoài năm học {year} (từ {first} đến {last}). "
        "Kiểm tra lại năm."
    ),
    "end-before-start": (
        "Dòng {row} sheet «{sheet}»: tháng hoàn thành {value} (ô {cell}) trước tháng bắt đầu {start}. "
        "Sửa lại thời gian."
    ),
    "money-invalid": (
        "Ô {cell} sheet «{sheet}»: «{value}» không phải số tiền. Ghi số đồng, ví dụ 15000000 hoặc 15.000.000; "
        "để trống nếu không tốn kinh phí."
    ),
    "money-implausible": (
        "Ô {cell} sheet «{sheet}»: kinh phí {amount} đồng cho một hoạt động là rất lớn. Kiểm tra lại "
        "(thừa chữ số 0?)."
    ),
    "money-implausible-small": (
        "Ô {cell} sheet «{sheet}»: kinh phí chỉ {amount} đồng cho một hoạt động. Kiểm tra lại (thiếu "
        "«000» hoặc chữ «triệu»?)."
    ),
    "money-negative": "Ô {cell} sheet «{sheet}»: kinh phí {amount} đồng là số âm. Ghi số tiền dương hoặc để trống.",
    "owner-not-in-list": (
        "Ô {cell} sheet «{sheet}»: người chủ trì «{value}» không có trong danh sách. Kiểm tra chính tả, "
        "hoặc bỏ qua nếu đúng là bộ phận khác."
    ),
    "funding-unknown": (
        "Ô {cell} sheet «{sheet}»: nguồn kinh phí «{value}» không có trong danh sách ({choices}). "
        "Chọn trong danh sách hoặc ghi rõ ở cột Ghi chú."
    ),
    "funding-without-cost": (
        "Dòng {row} sheet «{sheet}»: có dự kiến kinh phí {amount} đồng nhưng nguồn kinh phí là «Không» "
        "(ô {cell}). Chọn nguồn kinh phí."
    ),
    "action-duplicate": (
        "Dòng {row} sheet «{sheet}» trùng hoàn toàn với dòng {other}. Xóa dòng trùng nếu nhập hai lần."
    ),
    "legacy-encoding": (
        "Ô {cell} sheet «{sheet}» có chữ phông cũ ({encoding}), ví dụ «{value}». Chuyển sang Unicode bằng "
        "Unikey: chép đoạn chữ, bấm Ctrl+Shift+F6, chọn nguồn {encoding}, đích Unicode, rồi dán lại."
    ),
    "formula-in-text": (
        "Ô {cell} sheet «{sheet}» chứa công thức thay vì chữ. Gõ trực tiếp nội dung (hoặc dán «chỉ giá trị»)."
    ),
    "text-invalid-characters": (
        "Ô {cell} sheet «{sheet}» có ký tự điều khiển hoặc ký tự không hợp lệ ({chars}) mà Excel và Word "
        "không lưu được; phần mềm đã bỏ các ký tự đó. Xem lại nội dung ô (thường do dán từ phần mềm khác)."
    ),
    "text-too-long": (
        "Ô {cell} sheet «{sheet}» quá dài ({length} ký tự; tối đa {limit}). Rút gọn nội dung; "
        "phần sau ký tự thứ {limit} bị bỏ qua."
    ),
    "text-placeholder": (
        "Ô {cell} sheet «{sheet}» (mục «{section}») còn chỗ để điền «{value}». Thay bằng nội dung thật "
        "(số, ngày, tên cơ quan) hoặc xóa dòng đó: văn bản in ra đúng như ô này."
    ),
    "text-names-phong": (
        "Ô {cell} sheet «{sheet}» (mục «{section}») nhắc đến «{value}», nhưng từ ngày 01/7/2025 không còn "
        "Phòng GD&ĐT. Kế hoạch năm học {year} gửi Sở GD&ĐT hoặc UBND xã/phường: sửa lại tên cơ quan."
    ),
    "basis-not-yet-signed": (
        "Ô {cell} sheet «{sheet}» (mục «{section}») dẫn văn bản số {value} ký ngày {signed}, sau ngày ban hành "
        "kế hoạch ({issued}): văn bản Word bỏ dòng này. Sửa ngày ban hành ở sheet «Thông tin» nếu ngày đó sai."
    ),
    "text-renumbered": (
        "Ô {cell} sheet «{sheet}» (mục «{section}») có đánh số hoặc đề mục riêng. Văn bản Word tự đánh số mục II "
        "theo mẫu (1. Báo cáo tự đánh giá; 2. Các văn bản; 3. Kết quả; 4. Chủ trương) nên bỏ số và đề mục trùng "
        "của ô này; chỉ cần ghi mỗi văn bản một dòng, bắt đầu bằng «Căn cứ»."
    ),
    "no-actions": (
        "Kế hoạch chưa có hoạt động nào. Điền ít nhất một dòng ở các sheet TC1, TC2, ..."
    ),
    "weak-criterion-uncovered": (
        "Tiêu chí {criterion} đang ở «{value}» (ô {cell}), dưới mục tiêu {target}, nhưng chưa có hoạt động "
        "cải tiến nào. Thêm hoạt động ở sheet «{target_sheet}» hoặc ghi lý do ở cột Ghi chú."
    ),
    "plan-old-form": (
        "Sheet «{sheet}» còn theo mẫu cũ (cột «Kết quả cần đạt», «Chủ trì»...), không theo Biểu 2 của {framework}. "
        "Sổ vẫn được đọc và tạo văn bản, nhưng thiếu nội dung cải tiến, chỉ số đánh giá, minh chứng, mức độ "
        "thực hiện và các mục IV, VI. Tạo sổ mới theo Biểu 2 (qplan new --from <sổ này>.xlsx) rồi bổ sung."
    ),
    "status-invalid": (
        "Ô {cell} sheet «{sheet}»: «{value}» không phải một mức độ thực hiện ({header}). Chọn một trong: {choices}."
    ),
    "status-regressed": (
        "Dòng {row} sheet «{sheet}»: nhiệm vụ đã «{before}» ở cuối học kỳ I nhưng cuối năm ghi «{value}» (ô {cell}). "
        "Kiểm tra lại mức độ thực hiện cuối năm."
    ),
    "action-unlinked": (
        "Dòng {row} sheet «{sheet}»: nhiệm vụ (tiêu chí «{value}», ô {cell}) không gắn với vấn đề trọng tâm nào "
        "ở sheet «Vấn đề trọng tâm» và tiêu chí đã đạt mức cao nhất. Ghi tiêu chí liên quan ở mục IV, hoặc xem "
        "lại: kế hoạch chỉ tập trung vào các vấn đề ưu tiên."
    ),
    "focal-issues-missing": (
        "Sheet «{sheet}» (mục IV của Biểu 2) chưa có vấn đề trọng tâm nào. Ghi các vấn đề trọng tâm cần cải tiến "
        "(tiêu chuẩn, hiện trạng, hạn chế, nguyên nhân) trước khi lập kế hoạch."
    ),
    "focal-field-required": (
        "Dòng {row} sheet «{sheet}»: chưa điền «{header}» (ô {cell})."
    ),
    "focal-standard-invalid": (
        "Ô {cell} sheet «{sheet}»: «{value}» không phải tiêu chuẩn. Chọn trong danh sách (Tiêu chuẩn 1 … {count})."
    ),
    "focal-criterion-unknown": (
        "Ô {cell} sheet «{sheet}»: tiêu chí {value} không thuộc tiêu chuẩn {standard}. Sửa tiêu chí liên quan."
    ),
    "review-date-invalid": (
        "Ô {cell} sheet «{sheet}»: «{value}» không phải ngày. Ghi dạng ngày/tháng/năm, ví dụ 15/01/2027."
    ),
    "review-date-out-of-year": (
        "Ô {cell} sheet «{sheet}»: ngày đánh giá {value} nằm ngoài năm học {year}. Sửa lại ngày rà soát."
    ),
    "all-criteria-planned": (
        "Kế hoạch có hoạt động cho tất cả {count} tiêu chí. Nên tập trung vào các tiêu chí còn hạn chế, "
        "ưu tiên hàng đầu."
    ),
    "more-issues": (
        "Sheet «{sheet}» còn {count} vấn đề giống các vấn đề đã nêu ở trên (không liệt kê hết). Sửa các ô "
        "đã nêu rồi kiểm tra lại; nếu do dán thừa nhiều dòng, xóa các dòng thừa ở cuối sheet."
    ),
    "internal-error": (
        "Lỗi phần mềm khi đọc tệp «{path}». Xin gửi tệp này cho người quản trị qplan."
    ),
}

REPORT = {
    "header": "Kiểm tra tệp: {file}",
    "framework": "Khung tiêu chuẩn: {framework}",
    "valid": "KẾT QUẢ: HỢP LỆ ({warnings} cảnh báo).",
    "invalid": "KẾT QUẢ: KHÔNG HỢP LỆ – {errors} lỗi, {warnings} cảnh báo. Sửa các lỗi rồi kiểm tra lại.",
    "workbook": "Toàn sổ",
    "sheet": "Sheet «{sheet}»",
    "error": "LỖI",
    "warning": "Cảnh báo",
    "line": "  [{severity}] {where}{message}",
    "cell": "{cell}: ",
    "none": "Không có lỗi hay cảnh báo nào.",
}

def issue_message(code: str, **params: object) -> str:
    """Render the Vietnamese message of issue `code` with its parameters."""
    return fill(ISSUES[code], **params)

def fill(template: str, **params: object) -> str:
    """Render any message template; a placeholder without a value renders as empty text."""
    return template.format_map(_Blank(params))

class _Blank(dict):  # type: ignore[type-arg]
    """format_map mapping that renders an unknown placeholder as an empty string."""

    def __missing__(self, key: str) -> str:
        return ""

# What a file that is no workbook is, when its first bytes tell nothing (shown in `file-not-workbook`).
FILE_KIND_UNKNOWN = "không rõ loại tệp"

