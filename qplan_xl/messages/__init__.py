"""Every Vietnamese string the user sees, keyed by stable English ids."""

from __future__ import annotations

# --- Workbook contract: sheet names, labels, list values (DESIGN 5.2) -------------------

SHEETS = {
    "guide": "Hướng dẫn",
    "info": "Thông tin",
    "self": "Tự đánh giá",
    "level4": "Mức 4",
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
    "school_year": "Năm học",
    "framework": "Khung tiêu chuẩn",
    "target_level": "Mục tiêu mức đạt",
    "doc_number": "Số văn bản",
    "place": "Địa danh",
    "issue_date": "Ngày ban hành",
    "signer": "Người ký",
    "signer_title": "Chức vụ người ký",
}

INFO_PROMPTS = {
    "authority": "Ví dụ: UBND xã Thanh Hưng, Phòng GD&ĐT huyện ...",
    "school_name": "Tên đầy đủ, ví dụ: Trường Tiểu học Thanh Hưng",
    "school_code": "Mã trường do Phòng/Sở GD&ĐT cấp (giữ nguyên số 0 ở đầu).",
    "school_level": "Chọn trong danh sách.",
    "school_year": "Dạng 2023-2024.",
    "framework": "Chọn trong danh sách; để trống để dùng khung mặc định của năm học.",
    "target_level": "Mức nhà trường phấn đấu đạt sau kế hoạch.",
    "doc_number": "Ví dụ: 45/KH-THTH (để trống nếu chưa có số).",
    "place": "Địa danh ghi trên văn bản, ví dụ: Thanh Hưng",
    "issue_date": "Ngày ký văn bản, dạng 15/9/2023.",
    "signer": "Họ và tên người ký.",
    "signer_title": "Ví dụ: HIỆU TRƯỞNG, KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG.",
}

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

PLAN_PROMPTS = {
    "criterion": "Chọn tiêu chí của tiêu chuẩn này trong danh sách.",
    "result": "Kết quả cần đạt, so với hiện trạng (điểm yếu cần khắc phục).",
    "tasks": "Các công việc, giải pháp cụ thể.",
    "lead": "Chọn người/bộ phận chủ trì (có thể gõ tên khác).",
    "partners": "Người/bộ phận phối hợp (gõ tự do).",
    "start": "Tháng bắt đầu, dạng 9/2023.",
    "end": "Tháng hoàn thành, dạng 5/2024.",
    "funding": "Chọn nguồn kinh phí.",
    "cost": "Số tiền (đồng), ví dụ 15000000; để trống nếu không tốn kinh phí.",
}

TEXT_LABELS = {
    "purpose": "Mục đích – yêu cầu",
    "basis": "Căn cứ",
    "direction": "Chủ trương – định hướng",
    "organization": "Tổ chức thực hiện",
    "recipients": "Nơi nhận",
}

TEXT_HEADER = ("Phần", "Nội dung (sửa trực tiếp; mỗi ý một dòng)")

SCHOOL_LEVELS = {
    "mam-non": "Mầm non",
    "tieu-hoc": "Tiểu học",
    "thcs": "THCS",
    "thpt": "THPT",
    "pho-thong": "Phổ thông nhiều cấp học",
}

SCHOOL_KIND = {
    "mam-non": "Trường Mầm non",
    "tieu-hoc": "Trường Tiểu học",
    "thcs": "Trường THCS",
    "thpt": "Trường THPT",
    "pho-thong": "Trường Phổ thông nhiều cấp học",
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
UNVERIFIED = "chưa xác minh"
PROVISIONAL_NOTE = (
    "Lưu ý: khung {framework} là dữ liệu TẠM THỜI (chưa đối chiếu văn bản chính thức). "
    "Kiểm tra lại danh mục tiêu chí trước khi ban hành."
)

# --- Sheet titles and guide --------------------------------------------------------------

TITLES = {
    "info": "THÔNG TIN CHUNG VỀ NHÀ TRƯỜNG VÀ VĂN BẢN",
    "self": "KẾT QUẢ TỰ ĐÁNH GIÁ ({framework})",
    "standard": "Tiêu chuẩn {no}: {name}",
    "level4": "MỨC 4 – Các yêu cầu đánh giá trường đạt Mức 4",
    "texts": "CÁC PHẦN VĂN BẢN CỦA KẾ HOẠCH",
    "lists": "DANH MỤC (dùng cho các danh sách chọn)",
}

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
}

GUIDE_TITLE = "HƯỚNG DẪN ĐIỀN SỔ KẾ HOẠCH CẢI TIẾN CHẤT LƯỢNG GIÁO DỤC"

GUIDE_LINES = (
    "Sổ này dùng để lập Kế hoạch cải tiến chất lượng giáo dục của nhà trường. "
    "Phần mềm qplan đọc sổ, kiểm tra lỗi và tạo văn bản Word theo thể thức Nghị định 30/2020/NĐ-CP.",
    "",
    "BƯỚC 1 – Sheet «Thông tin»: điền tên trường, mã trường, năm học, người ký... "
    "Các ô có danh sách chọn thì bấm mũi tên để chọn.",
    "BƯỚC 2 – Sheet «Tự đánh giá»: chọn mức đạt của từng tiêu chí theo báo cáo tự đánh giá "
    "({levels}). Không để trống.",
    "BƯỚC 3 – Các sheet {plan_sheets}: mỗi dòng là một hoạt động cải tiến. "
    "Chọn tiêu chí, ghi kết quả cần đạt, công việc/giải pháp, chủ trì, phối hợp, "
    "tháng bắt đầu và tháng hoàn thành (dạng {month}), nguồn và dự kiến kinh phí.",
    "    • Chỉ lập hoạt động cho các tiêu chí còn hạn chế, ưu tiên tiêu chí chưa đạt mục tiêu.",
    "    • Kinh phí ghi bằng số (đồng), ví dụ 15000000; không tốn kinh phí thì để trống.",
    "    • Dòng để trống được bỏ qua. Không chèn cột vào giữa bảng.",
    "{level4_step}",
    "BƯỚC 5 – Sheet «Văn bản»: sửa các phần lời văn (mục đích, căn cứ, tổ chức thực hiện, nơi nhận). "
    "Phần kết quả tự đánh giá được phần mềm tự tính, không cần gõ.",
    "BƯỚC 6 – Kiểm tra: bấm nút «Kiểm tra» trên thẻ «Kế hoạch cải tiến» của Excel (nếu máy đã cài "
    "add-in) hoặc chạy lệnh: qplan validate <tệp>.xlsx. Sửa hết các lỗi, xem lại các cảnh báo.",
    "BƯỚC 7 – Tạo văn bản: bấm «Tạo kế hoạch (Word)» hoặc chạy: qplan build <tệp>.xlsx -o ke-hoach.docx",
    "",
    "LƯU Ý:",
    "    • Giữ nguyên tên các sheet và tiêu đề cột. Không xóa sheet.",
    "    • Dán từ Word cũ: dùng «Dán đặc biệt» › «Giá trị» (Paste Values). Văn bản phông cũ (TCVN3, VNI) "
    "cần chuyển sang Unicode bằng Unikey (Công cụ chuyển mã) trước khi dán.",
    "    • Cần sửa sau khi đã gửi: sửa ngay trong sổ này, lưu lại rồi gửi lại; Phòng GD&ĐT dùng bản "
    "lưu sau cùng.",
    "    • Tệp này là .xlsx, không chứa macro, có thể gửi qua thư điện tử.",
)

GUIDE_TOP_LEVEL_NOTE = "; {top} chỉ chọn được ở tiêu chí có yêu cầu {top}"
GUIDE_LEVEL4_STEP = "BƯỚC 4 – Sheet «Mức 4»: hoạt động cho các yêu cầu Mức 4 chưa đạt (nếu nhà trường hướng tới Mức 4)."
GUIDE_NO_LEVEL4_STEP = "BƯỚC 4 – (Khung {framework} không có Mức 4: bỏ qua bước này.)"

# --- Default narrative texts of the plan (sheet Văn bản) --------------------------------

DEFAULT_PURPOSE = (
    "1. Xây dựng kế hoạch cải tiến chất lượng giáo dục để thực hiện trong năm học {year} nhằm "
    "đưa ra các giải pháp phát huy điểm mạnh, khắc phục điểm yếu, từng bước nâng cao chất lượng giáo dục.\n"
    "2. Kế hoạch phải cụ thể, khả thi, phù hợp với điều kiện thực tế của nhà trường và địa phương; "
    "xác định rõ người chủ trì, thời gian thực hiện và nguồn lực.\n"
    "3. Giúp nhà trường duy trì và nâng cao kết quả kiểm định chất lượng giáo dục; công khai với "
    "các cơ quan quản lý nhà nước và xã hội về thực trạng chất lượng của nhà trường."
)

DEFAULT_BASIS_REPORT = "Báo cáo tự đánh giá chất lượng giáo dục của nhà trường năm học {previous_year}."

DEFAULT_BASIS_LOCAL = (
    "Văn bản hướng dẫn thực hiện nhiệm vụ kiểm định chất lượng giáo dục năm học {year} "
    "của Sở/Phòng Giáo dục và Đào tạo."
)

DEFAULT_DIRECTION = (
    "Năm học {year} tiếp tục thực hiện các chủ trương, đường lối của Đảng, chính sách pháp luật của "
    "Nhà nước về đổi mới giáo dục; chú trọng đổi mới công tác quản lý, quản trị trường học theo hướng "
    "phát huy tính chủ động, linh hoạt của nhà trường và năng lực tự chủ, sáng tạo của tổ chuyên môn, "
    "giáo viên; tập trung cải tiến các tiêu chí còn hạn chế theo kết quả tự đánh giá."
)

DEFAULT_ORGANIZATION = (
    "1. Hiệu trưởng – Chủ tịch Hội đồng tự đánh giá: chỉ đạo, phân công và tổ chức triển khai kế hoạch; "
    "kiểm tra, giám sát việc thực hiện.\n"
    "2. Các thành viên Hội đồng tự đánh giá: thực hiện các hoạt động cải tiến được phân công; "
    "thu thập minh chứng, báo cáo kết quả.\n"
    "3. Tổ giám sát kế hoạch cải tiến chất lượng: rà soát việc thực hiện kế hoạch ít nhất 02 lần "
    "trong năm học (cuối học kỳ I và cuối năm học), kiến nghị điều chỉnh kịp thời.\n"
    "4. Cán bộ, giáo viên, nhân viên của trường: thực hiện nhiệm vụ được phân công theo đúng tiến độ."
)

DEFAULT_RECIPIENTS = (
    "Phòng GD&ĐT (để b/c);\n"
    "CB-GV-NV (để thực hiện);\n"
    "Lưu: VT."
)

# --- Validation issues: one template per stable code ------------------------------------
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
        "Nếu thông tin đã đổi, xin Phòng GD&ĐT phát sổ mới; nếu gõ nhầm, sửa lại ô {cell}."
    ),
    # school information
    "info-required": "Chưa điền «{label}» (ô {cell} sheet «Thông tin»). Điền thông tin này.",
    "info-label-duplicate": (
        "Sheet «Thông tin» có hai dòng «{label}» (ô {cell} và dòng của ô {other}); phần mềm dùng giá trị "
        "ở ô {other}. Xóa dòng thừa."
    ),
    "meta-invalid": (
        "Phần nhận dạng của sổ (sheet ẩn «_meta») có số lần nộp không hợp lệ «{value}»; coi như 0. "
        "Nên dùng sổ do Phòng GD&ĐT phát."
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
    "text-too-long": (
        "Ô {cell} sheet «{sheet}» quá dài ({length} ký tự; tối đa {limit}). Rút gọn nội dung; "
        "phần sau ký tự thứ {limit} bị bỏ qua."
    ),
    "no-actions": (
        "Kế hoạch chưa có hoạt động nào. Điền ít nhất một dòng ở các sheet TC1, TC2, ..."
    ),
    "weak-criterion-uncovered": (
        "Tiêu chí {criterion} đang ở «{value}» (ô {cell}), dưới mục tiêu {target}, nhưng chưa có hoạt động "
        "cải tiến nào. Thêm hoạt động ở sheet «{target_sheet}» hoặc ghi lý do ở cột Ghi chú."
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
        "Lỗi phần mềm khi đọc tệp «{path}»: {detail}. Xin gửi tệp này cho người quản trị qplan."
    ),
}

# --- Report rendering ---------------------------------------------------------------------

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

# --- Command line --------------------------------------------------------------------------

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
    "usage_error": "Lệnh chưa đúng: {detail}\nXem cách dùng: {command} --help",
    "wrote_many": "Đã tạo {count} sổ trong thư mục {path}",
    "need_output": "Cần chỉ định tệp kết quả (-o TỆP.xlsx), hoặc --roster cùng --out-dir.",
    "need_out_dir": "Dùng --roster thì phải có --out-dir THƯ_MỤC.",
    "bad_year": "Năm học «{value}» không đúng dạng; ghi dạng 2023-2024.",
    "bad_framework": "Khung «{value}» không có; các khung: {choices}.",
    "framework_level_mismatch": "Khung {framework} không dùng cho cấp học {level}.",
    "provisional": "CẢNH BÁO: {message}",
    "output_locked": (
        "Không ghi được tệp «{path}»: tệp đang mở (trong Excel, Word hoặc LibreOffice) hoặc bị khóa. "
        "Đóng tệp rồi chạy lại."
    ),
    "output_failed": "Không ghi được tệp «{path}»: {detail}",
    "same_as_input": "Tệp kết quả «{path}» trùng với tệp đầu vào; chọn tên khác để không ghi đè sổ gốc.",
    "roster_unreadable": "Không đọc được danh sách trường «{path}»: {detail}",
    "roster_missing_column": "Danh sách trường «{path}» thiếu cột «{column}» ở dòng tiêu đề.",
    "roster_row_skipped": "Danh sách trường, dòng {row}: {reason}; bỏ qua dòng này.",
    "roster_duplicate": "mã trường {code} trùng với dòng {other}",
    "roster_no_code": "thiếu mã trường",
    "roster_bad_level": "cấp học «{value}» không hợp lệ",
    "demo_step": "== {step}",
    "demo_done": "Xong. Kết quả trong thư mục: {path}",
    "framework_line": "{id:18} {label} – cấp học: {levels}; năm học: {years}; độ tin cậy: {confidence}{provisional}",
    "framework_provisional_tag": " [TẠM THỜI]",
    "years_from": "từ {first}",
    "years_range": "{first} đến {last}",
}


# --- Output files and the workbook template (output.py, template.py, `qplan new`) -------

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

TEMPLATE = {
    "doc_title": "Kế hoạch cải tiến chất lượng giáo dục năm học {year}",
    "doc_subject": "{school} – {framework}",
    "guide_framework": "Khung tiêu chuẩn của sổ: {label} (mã {id}). Độ tin cậy của dữ liệu tiêu chí: {confidence}.",
    "guide_school": "Sổ của: {school} – năm học {year}.",
    "guide_school_blank": "Năm học {year}. Điền thông tin nhà trường ở sheet «Thông tin».",
    "guide_template": "Mẫu sổ {template_id}, phiên bản {version}.",
    "note_author": "qplan",
    "note_unverified_name": (
        "Tên tiêu chí này chưa được đối chiếu với văn bản gốc (dữ liệu chưa xác minh). "
        "Kiểm tra lại theo thông tư trước khi ban hành."
    ),
    "note_unverified_level4": (
        "Nội dung yêu cầu Mức 4 này chưa được đối chiếu với văn bản gốc (dữ liệu chưa xác minh). "
        "Kiểm tra lại theo thông tư trước khi ban hành."
    ),
    "level4_max": "Mức 4",
    "print_footer": "Trang &P/&N",
}

# Confidence grades of the framework data files (first word of `provenance.confidence`).
CONFIDENCE = {
    "high": "cao",
    "medium-high": "khá cao",
    "medium": "trung bình",
    "medium-low": "trung bình – thấp",
    "low": "thấp",
}

# Titles of the input messages of dropdown cells (Excel allows at most 32 characters).
PROMPT_TITLES = {
    "result": "Kết quả cần đạt",
    "tasks": "Công việc/giải pháp",
}

SELF_PROMPTS = {
    "level": "Chọn mức đạt theo báo cáo tự đánh giá. «Mức 3» chỉ có ở tiêu chí có yêu cầu Mức 3.",
    "level4": "Chọn «Đạt» hoặc «Không đạt».",
}

# Messages when a typed value is not in a dropdown list: (title, text).
LIST_ERRORS = {
    "strict": ("Giá trị không hợp lệ", "Chọn một giá trị trong danh sách (bấm mũi tên bên phải ô)."),
    "soft": (
        "Giá trị ngoài danh sách",
        "Giá trị này không có trong danh sách. Bấm Yes để giữ, No để gõ lại. "
        "Phần mềm sẽ kiểm tra lại khi bấm «Kiểm tra».",
    ),
    "owner": (
        "Chủ trì ngoài danh sách",
        "Tên này không có trong danh sách Chủ trì (sheet ẩn «Danh mục»). Vẫn được giữ; "
        "phần mềm sẽ nhắc để kiểm tra chính tả.",
    ),
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
    "not_xlsx": "Tệp kết quả phải có đuôi .xlsx: «{path}».",
    "exists": (
        "Tệp «{path}» đã có (có thể là sổ nhà trường đã điền) nên không ghi đè. Chọn tên khác, "
        "hoặc thêm --force nếu thật sự muốn thay bằng sổ trống."
    ),
    "roster_exists": "tệp «{path}» đã có, không ghi đè (thêm --force để ghi đè)",
    "roster_write_failed": "Danh sách trường, dòng {row}: {detail}",
    "roster_internal_error": "Lỗi phần mềm khi tạo sổ «{path}»: {detail}. Xin báo cho người quản trị qplan.",
}


# --- Compliance summary (summary.py, summary_text.py, summary_sheet.py, `qplan summary`) --

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
}

SUMMARY_CLI = {
    "summary_help": "Tổng hợp kết quả tự đánh giá (mức đạt của trường) và kế hoạch (người chủ trì, tháng, kinh phí).",
    "format_help": "Dạng kết quả: text (đọc) hoặc json (cho máy).",
    "invalid": "Sổ chưa hợp lệ nên chưa tổng hợp được; sửa các lỗi dưới đây rồi chạy lại.",
    "warnings": "Sổ có {count} cảnh báo; xem bằng: qplan validate {file}",
}


# --- Word plan and PDF (word.py, word_layout.py, `qplan build`) ---------------------------

WORD = {
    "nation": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "motto": "Độc lập - Tự do - Hạnh phúc",
    "doc_number": "Số: {number}",
    # Spaces leave room for the number the office writes by hand when the plan is issued.
    "doc_number_blank": "Số:          /KH-{abbrev}",
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
    "totals": "Tổng số: {actions} hoạt động; tổng dự kiến kinh phí: {budget} đồng{breakdown}.",
    "totals_breakdown": " (trong đó: {items})",
    "totals_item": "{source}: {budget} đồng",
    "funding_unnamed": "chưa ghi nguồn",
    "doc_title": "Kế hoạch cải tiến chất lượng giáo dục năm học {year}",
}

# Words that open a signer title written on two lines (ký thay, thay mặt, quyền, thừa lệnh...).
WORD_SIGN_FORMS = ("KT.", "T/M", "TM.", "TM ", "Q.", "TL.", "TUQ.")
# Lower-case place words left out of a school's symbol ("Trường Tiểu học xã Thanh Hưng": THTH).
WORD_ABBREV_SKIP = ("xã", "phường", "thị", "trấn")
# Words before which a long agency or school name is broken onto a second line.
WORD_BREAK_BEFORE = ("HUYỆN", "QUẬN", "THỊ", "THÀNH", "TỈNH", "XÃ", "PHƯỜNG")
# Titles that end such a form, where a one-line title is split in two.
WORD_SIGN_POSITIONS = ("PHÓ HIỆU TRƯỞNG", "HIỆU TRƯỞNG", "PHÓ CHỦ TỊCH", "CHỦ TỊCH", "TỔ TRƯỞNG", "TRƯỞNG BAN")

# Columns of the plan table, keyed as in word_layout.TABLE_LAYOUTS.
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
    # TT57 (Biểu 2 wording)
    "goal": "Mục tiêu cần đạt (so với hiện trạng)",
    "activities": "Hoạt động/giải pháp",
    "units": "Đơn vị/cá nhân phụ trách",
    "period": "Thời gian thực hiện",
    "resources": "Nguồn lực (kinh phí, điều kiện hỗ trợ)",
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

BUILD_CLI = {
    "help": "Tạo văn bản Kế hoạch cải tiến chất lượng (.docx, và PDF với --pdf) từ sổ kế hoạch hợp lệ.",
    "output": "Tệp Word kết quả (.docx).",
    "pdf": "Tạo thêm tệp PDF cùng tên (cần LibreOffice).",
    "not_docx": "Tệp kết quả phải có đuôi .docx: «{path}».",
    "invalid": "Sổ kế hoạch chưa hợp lệ nên không tạo văn bản. Sửa các lỗi trên rồi chạy lại.",
    "warnings": "Lưu ý: sổ có {count} cảnh báo; xem bằng lệnh: qplan validate «{path}».",
    "wrote": "Đã tạo: {path}",
}


def issue_message(code: str, **params: object) -> str:
    """Render the Vietnamese message of issue `code` with its parameters."""
    return fill(ISSUES[code], **params)


def cli_message(key: str, **params: object) -> str:
    """Render a command-line message."""
    return fill(CLI[key], **params)


def fill(template: str, **params: object) -> str:
    """Render any message template; a placeholder without a value renders as empty text."""
    return template.format_map(_Blank(params))


class _Blank(dict):  # type: ignore[type-arg]
    """format_map mapping that renders an unknown placeholder as an empty string."""

    def __missing__(self, key: str) -> str:
        return ""


# --- Excel add-in, write-back of a check into the workbook (excel.py, addin.py, annotate.py) -

CHECK_SHEET = {
    "title": "KẾT QUẢ KIỂM TRA SỔ KẾ HOẠCH",
    "file": "Tệp: {file}",
    "checked_at": "Kiểm tra lúc {time} (qplan {version}).",
    "how": (
        "Bấm vào địa chỉ ở cột «Ô» để đến ô cần sửa. Ô có lỗi được tô đỏ, ô có cảnh báo tô vàng; "
        "rê chuột vào ô để đọc ghi chú. Sửa xong, bấm «Kiểm tra» lại (hoặc chạy lại qplan validate): "
        "các đánh dấu cũ được xóa."
    ),
    "none": "Không có lỗi hay cảnh báo nào.",
    "error": "Lỗi",
    "warning": "Cảnh báo",
    "workbook": "(toàn sổ)",
    "note_marker": "qplan – Kiểm tra:",
    "note_line": "• {severity}: {message}",
}

CHECK_HEADERS = ("TT", "Mức độ", "Sheet", "Ô", "Nội dung cần sửa", "Mã")

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
    "annotate_not_xlsx": "Tệp bản sao phải có đuôi .xlsx: «{path}».",
}

# --- Sample workbooks and `qplan demo` (demo.py) --------------------------------------------

DEMO = {
    "out_dir_help": "Thư mục ghi kết quả chạy thử (tạo mới nếu chưa có).",
    "pdf_help": "Tạo thêm bản PDF của kế hoạch trường tiểu học mẫu (cần LibreOffice).",
    "step_validate": "Bước 1. Nhà trường kiểm tra sổ kế hoạch (qplan validate)",
    "step_summary": "Bước 2. Tổng hợp kết quả tự đánh giá và kế hoạch (qplan summary)",
    "step_word": "Bước 3. Tạo văn bản kế hoạch Word/PDF (qplan build)",
    "step_annotate": "Bước 4. Ghi bản sao sổ lỗi có đánh dấu ô lỗi (qplan validate --annotate)",
    "step_roster": "Bước 5. Phòng GD&ĐT phát sổ trống cho các trường trong danh sách (qplan new --roster)",
    "step_merge": "Bước 6. Phòng GD&ĐT tổng hợp các sổ nhận được (qplan merge)",
    "no_samples": (
        "Không tìm thấy thư mục sổ mẫu «samples» cạnh mã nguồn qplan ({path}). Lệnh demo chạy trên bản "
        "mã nguồn (git clone); bản cài bằng pip không kèm sổ mẫu."
    ),
    "sample_missing": (
        "Chưa có tệp mẫu «{path}». Tạo lại các sổ mẫu bằng lệnh: python -m qplan_xl.demo --samples"
    ),
    "feature_missing": "Bỏ qua bước này: phiên bản qplan này chưa có chức năng {feature} (thiếu {module}).",
    "broken_note": "(Sổ này cố ý có lỗi để minh họa; danh sách lỗi dự kiến ở samples/README.md.)",
    "broken_mismatch": (
        "LƯU Ý: sổ lỗi mẫu cho kết quả khác dự kiến (thiếu: {missing}; thừa: {extra}). "
        "Cập nhật samples/README.md hoặc báo cho người phát triển."
    ),
    "sample_invalid": "LƯU Ý: sổ mẫu {name} lẽ ra hợp lệ nhưng có lỗi; báo cho người phát triển qplan.",
    "conclusion": "  • {name}: {line}",
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


# --- District merge (merge.py, merge_files.py, merge_output.py, `qplan merge`) -------------

MERGE_SHEETS = {
    "overview": "Tổng quan",
    "schools": "Trường",
    "actions": "Hoạt động",
    "criteria": "Tiêu chí",
    "issues": "Tệp lỗi",
    "missing": "Chưa nộp",
    "superseded": "Thay thế",
    "files": "Tệp",
    "notices": "Lưu ý",
    "meta": "_meta",
}

# Status of a school in the consolidated workbook.
MERGE_SCHOOL_STATUS = {
    "valid": "Hợp lệ",
    "invalid": "Không hợp lệ",
    "unreadable": "Không đọc được",
    "missing": "Chưa nộp",
}

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
}

MERGE_YES = "Có"
MERGE_NO = "Không"
MERGE_SEVERITY = {"error": "Lỗi", "warning": "Cảnh báo"}
MERGE_LEVEL4_STANDARD = "Mức 4"
MERGE_SOURCE = "{sheet}, dòng {row}"

# Categories of the chart of school levels (valid plans only).
MERGE_REACHED = {
    "none": "Chưa đạt Mức 1",
    "open": "Chưa kết luận (còn ô trống)",
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
    "year_inferred": "{year} (năm học của đa số tệp; dùng --year để chọn năm khác)",
    "counts": "SỐ LIỆU",
    "chart_table": "MỨC ĐẠT CỦA CÁC TRƯỜNG CÓ SỔ HỢP LỆ",
    "chart_title": "Mức đạt của các trường (sổ hợp lệ)",
    "chart_y": "Số trường",
    "sheets": "CÁC SHEET",
}

MERGE_SHEET_HELP = {
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
}

# Why a file or a school has its status (column «Lý do / việc cần làm»).
MERGE_REASONS = {
    "older-revision": "Lần nộp {revision}, đã có lần nộp {newer} (tệp «{file}»).",
    "older-save": "Cùng lần nộp {revision} nhưng lưu trước tệp «{file}».",
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
    "school-conflict": " Có hai tệp khác nhau cùng lần nộp {revision}: xem sheet «Lưu ý».",
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
        "Trường {code}: hai tệp khác nhau cùng lần nộp {revision} («{file}» và «{other}»). "
        "Đã giữ tệp lưu sau («{file}»); hỏi lại nhà trường bản nào đúng."
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

MERGE_ISSUES = {
    "file-lock": (
        "Tệp «{path}» là tệp khóa tạm của Excel (tạo ra khi một sổ đang mở), không phải sổ kế hoạch. "
        "Đóng Excel rồi xóa tệp này."
    ),
    "worker-crashed": (
        "Lỗi phần mềm khi đọc tệp «{path}» (tiến trình đọc bị dừng đột ngột). Mở tệp bằng Excel, lưu lại "
        "rồi thử lại; nếu vẫn lỗi, gửi tệp cho người quản trị qplan."
    ),
    "unit-unreadable": (
        "Tệp «{path}» là bản tổng hợp của qplan nhưng thiếu sheet «{sheet}» hoặc dòng tiêu đề; "
        "tổng hợp lại bằng qplan merge rồi gửi lại."
    ),
}

MERGE_CLI = {
    "help": (
        "Tổng hợp sổ kế hoạch của nhiều trường (tệp hoặc thư mục, tìm cả thư mục con) thành một sổ Excel: "
        "trường hợp lệ, trường cần gửi lại và lý do, trường chưa nộp, tệp bị thay thế, mọi hoạt động, "
        "tổng hợp theo tiêu chí. Cũng gộp được các bản tổng hợp của phòng (cấp sở)."
    ),
    "output": "Sổ tổng hợp sẽ tạo (.xlsx).",
    "roster": "Danh sách trường (.xlsx hoặc .csv; cột Mã trường, Tên trường, Cấp học) để biết trường chưa nộp.",
    "year": "Năm học tổng hợp, dạng 2025-2026 (mặc định: năm học của đa số tệp).",
    "level": "Chỉ tổng hợp cấp học này (có thể ghi nhiều lần); mặc định: các cấp học của danh sách trường.",
    "unit": "Tên đơn vị tổng hợp, ví dụ «Phòng GD&ĐT huyện Tân Lập» (ghi vào sổ tổng hợp).",
    "format": "Dạng kết quả in ra: text (tiếng Việt) hoặc json.",
    "jobs": "Số tiến trình đọc tệp song song (mặc định: số lõi CPU).",
    "no_inputs": "Không tìm thấy tệp nào trong: {paths}.",
    "not_xlsx": "Tệp tổng hợp phải có đuôi .xlsx: «{path}».",
    "progress": "\rĐã đọc {done}/{total} tệp",
    "header": "TỔNG HỢP {files} tệp – năm học {year}{unit}",
    "unit_suffix": " – {unit}",
    "line_schools": "Trường: {schools} (hợp lệ {valid}, không hợp lệ {invalid}, không đọc được {unreadable_schools}, chưa nộp {missing})",
    "line_files": "Tệp: {files} (đã tổng hợp {merged}, đã thay thế {superseded}, không đọc được/không phải sổ {unreadable}, khác năm học {other_year}, khác cấp học {other_level})",
    "line_actions": "Hoạt động: {actions}; tổng kinh phí dự kiến: {budget} đồng",
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
