"""Prose written into the school's workbook: guide, prompts, default texts, list errors, the check sheet."""

from __future__ import annotations

INFO_PROMPTS = {
    "authority": "Cơ quan quản lý trực tiếp, ví dụ: UBND xã Thanh Hưng; Sở GD&ĐT tỉnh ...",
    "school_name": "Tên đầy đủ, ví dụ: Trường Tiểu học Thanh Hưng",
    "school_code": "Mã trường do đơn vị quản lý cấp (giữ nguyên số 0 ở đầu).",
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

PLAN_PROMPTS = {
    "criterion": "Chọn tiêu chí của tiêu chuẩn này trong danh sách.",
    "result": "Kết quả cần đạt, so với hiện trạng (điểm yếu cần khắc phục).",
    "tasks": "Các công việc, giải pháp cụ thể.",
    "lead": "Chọn người/bộ phận chủ trì (có thể gõ tên khác).",
    "partners": "Người/bộ phận phối hợp (gõ tự do).",
    "start": "Tháng bắt đầu, dạng {first_month}.",
    "end": "Tháng hoàn thành, dạng {last_month}.",
    "funding": "Chọn nguồn kinh phí.",
    "cost": "Số tiền (đồng), ví dụ 15000000; để trống nếu không tốn kinh phí.",
}

# Biểu 2 (TT57): what each column of section V means, shown when the cell is selected.
PLAN_PROMPTS_BIEU2 = {
    "criterion": "Tiêu chí của tiêu chuẩn này mà hoạt động cải tiến (nên chọn; để trống nếu vấn đề không thuộc riêng tiêu chí nào).",
    "content": "Cột (2): vấn đề cần cải tiến, lấy từ mục IV «Vấn đề trọng tâm».",
    "objective": "Cột (3): kết quả muốn đạt sau cải tiến, cụ thể, đo được.",
    "tasks": "Cột (4): các hoạt động, giải pháp sẽ thực hiện.",
    "indicator": "Cột (5): chỉ số để biết đã đạt mục tiêu, ví dụ: 100% giáo viên được bồi dưỡng.",
    "lead": "Cột (7): đơn vị/cá nhân chịu trách nhiệm chính (chọn hoặc gõ tên khác).",
    "partners": "Cột (7): đơn vị/cá nhân phối hợp (gõ tự do).",
    "funding": "Cột (8): nguồn kinh phí.",
    "support": "Cột (8): nguồn lực khác (con người, cơ sở vật chất, phối hợp...).",
    "evidence": "Cột (9): thông tin, dữ liệu hoặc minh chứng dự kiến sẽ có khi hoàn thành.",
    "status_hk1": "Cột (10): điền khi rà soát cuối học kỳ I.",
    "status_year_end": "Cột (10): điền khi rà soát cuối năm học.",
}

FOCAL_PROMPTS = {
    "standard": "Chọn tiêu chuẩn có vấn đề cần cải tiến.",
    "criteria": "Các tiêu chí liên quan (nếu có), ví dụ: 1.3, 1.4.",
    "current_state": "Đánh giá ngắn gọn hiện trạng của vấn đề.",
    "weakness": "Điểm hạn chế cần khắc phục.",
    "cause": "Nguyên nhân của hạn chế.",
}

MONITOR_PROMPTS = {
    "review_date": "Ngày Hội đồng tự đánh giá rà soát, dạng {example_date}.",
    "content": "Nội dung đã theo dõi, đánh giá.",
    "results": "Kết quả thực hiện (phần mềm tự đếm số nhiệm vụ theo cột «Mức độ thực hiện»; ghi thêm nhận xét).",
    "adjustments": "Những điều chỉnh kế hoạch (nếu có).",
    "reviewer": "Người/bộ phận đánh giá, ví dụ: Hội đồng tự đánh giá.",
}

INFO_PROMPTS_BIEU2 = {
    "authority": "Cơ quan quản lý trực tiếp: UBND xã/phường (mầm non, tiểu học, THCS) hoặc Sở GD&ĐT (THPT, GDTX).",
    "school_code": "Mã trường do đơn vị tổng hợp (Sở GD&ĐT) cấp (giữ nguyên số 0 ở đầu).",
    "kind": "Chọn loại hình: Mầm non, Phổ thông hoặc Giáo dục thường xuyên.",
    "address": "Địa chỉ của cơ sở giáo dục (mục I của kế hoạch).",
}

UNVERIFIED = "chưa xác minh"

PROVISIONAL_NOTE = (
    "Lưu ý: khung {framework} là dữ liệu TẠM THỜI (chưa đối chiếu văn bản chính thức). "
    "Kiểm tra lại danh mục tiêu chí trước khi ban hành."
)

TITLES = {
    "info": "THÔNG TIN CHUNG VỀ NHÀ TRƯỜNG VÀ VĂN BẢN",
    "self": "KẾT QUẢ TỰ ĐÁNH GIÁ ({framework})",
    "standard": "Tiêu chuẩn {no}: {name}",
    "level4": "MỨC 4 – Các yêu cầu đánh giá trường đạt Mức 4",
    "texts": "CÁC PHẦN VĂN BẢN CỦA KẾ HOẠCH",
    "focal": "IV. TÓM TẮT CÁC VẤN ĐỀ TRỌNG TÂM CẦN CẢI TIẾN",
    "standard_bieu2": "V. KẾ HOẠCH CẢI TIẾN – Tiêu chuẩn {no}: {name}",
    "monitoring": "VI. THEO DÕI VÀ ĐÁNH GIÁ THỰC HIỆN (Hội đồng tự đánh giá điền khi rà soát)",
    "lists": "DANH MỤC (dùng cho các danh sách chọn)",
}

GUIDE_TITLE = "HƯỚNG DẪN ĐIỀN SỔ KẾ HOẠCH CẢI TIẾN CHẤT LƯỢNG GIÁO DỤC"

# The notes that end both guides (2018 and Biểu 2).
GUIDE_NOTES = (
    "",
    "LƯU Ý:",
    "    • Giữ nguyên tên các sheet và tiêu đề cột. Không xóa sheet.",
    "    • Dán từ Word cũ: dùng «Dán đặc biệt» › «Giá trị» (Paste Values). Văn bản phông cũ (TCVN3, VNI) "
    "cần chuyển sang Unicode bằng Unikey (Công cụ chuyển mã) trước khi dán.",
    "    • Cần sửa sau khi đã gửi: sửa ngay trong sổ này, lưu lại rồi gửi lại; đơn vị tổng hợp "
    "(Sở GD&ĐT, cụm chuyên môn hoặc UBND xã/phường) dùng bản lưu sau cùng.",
    "    • Tệp này là .xlsx, không chứa macro, có thể gửi qua thư điện tử.",
)

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
) + GUIDE_NOTES

# The guide of a TT57 (Biểu 2) workbook.
GUIDE_LINES_BIEU2 = (
    "Sổ này dùng để lập Kế hoạch cải tiến chất lượng giáo dục theo Biểu 2 (Mẫu số 2, Phụ lục V) "
    "của Thông tư 57/2026/TT-BGDĐT. Phần mềm qplan đọc sổ, kiểm tra lỗi và tạo văn bản Word đúng mẫu.",
    "",
    "BƯỚC 1 – Sheet «Thông tin»: điền cơ quan quản lý, tên trường, loại hình, địa chỉ, năm học, người ký... "
    "Các ô có danh sách chọn thì bấm mũi tên để chọn.",
    "BƯỚC 2 – Sheet «Tự đánh giá»: chọn mức đạt của từng tiêu chí theo báo cáo tự đánh giá "
    "({levels}). Cột «Bắt buộc» đánh dấu các tiêu chí bắt buộc của Thông tư.",
    "BƯỚC 3 – Sheet «Vấn đề trọng tâm» (mục IV): mỗi dòng một vấn đề trọng tâm cần cải tiến: tiêu chuẩn, "
    "tiêu chí liên quan, đánh giá hiện trạng, điểm hạn chế, nguyên nhân.",
    "    • Không xây dựng kế hoạch cải tiến đối với toàn bộ tiêu chí: chỉ chọn các vấn đề ưu tiên, "
    "có tác động trực tiếp đến chất lượng giáo dục.",
    "BƯỚC 4 – Các sheet {plan_sheets} (mục V): mỗi dòng là một nhiệm vụ cải tiến: nội dung, mục tiêu, "
    "hoạt động/giải pháp, chỉ số đánh giá kết quả, tháng bắt đầu và hoàn thành (dạng {month}), "
    "đơn vị/cá nhân phụ trách, nguồn lực, minh chứng dự kiến. Nên chọn tiêu chí của nhiệm vụ.",
    "    • Kinh phí ghi bằng số (đồng), ví dụ 15000000; không tốn kinh phí thì để trống.",
    "    • Dòng để trống được bỏ qua. Không chèn cột vào giữa bảng.",
    "BƯỚC 5 – Rà soát (mục VI), cuối học kỳ I và cuối năm học: Hội đồng tự đánh giá chọn «Mức độ "
    "thực hiện» của từng nhiệm vụ ở cột tương ứng, rồi điền sheet «Theo dõi» (ngày đánh giá, nội dung, "
    "điều chỉnh, người đánh giá). Phần mềm tự đếm số nhiệm vụ hoàn thành.",
    "BƯỚC 6 – Sheet «Văn bản»: sửa các phần lời văn (căn cứ, tổ chức thực hiện, nơi nhận). Mục III và "
    "VIII là lời văn của mẫu, chỉ sửa khi cần.",
    "BƯỚC 7 – Kiểm tra: bấm nút «Kiểm tra» trên thẻ «Kế hoạch cải tiến» của Excel (nếu máy đã cài "
    "add-in) hoặc chạy lệnh: qplan validate <tệp>.xlsx. Sửa hết các lỗi, xem lại các cảnh báo.",
    "BƯỚC 8 – Tạo văn bản: bấm «Tạo kế hoạch (Word)» hoặc chạy: qplan build <tệp>.xlsx -o ke-hoach.docx. "
    "Sau mỗi lần rà soát, tạo lại văn bản: bản có mức độ thực hiện là hồ sơ rà soát của trường.",
) + GUIDE_NOTES

GUIDE_TOP_LEVEL_NOTE = "; {top} chỉ chọn được ở tiêu chí có yêu cầu {top}"

GUIDE_LEVEL4_STEP = "BƯỚC 4 – Sheet «Mức 4»: hoạt động cho các yêu cầu Mức 4 chưa đạt (nếu nhà trường hướng tới Mức 4)."

GUIDE_NO_LEVEL4_STEP = "BƯỚC 4 – (Khung {framework} không có Mức 4: bỏ qua bước này.)"

DEFAULT_PURPOSE = (
    "1. Xây dựng kế hoạch cải tiến chất lượng giáo dục để thực hiện trong năm học {year} nhằm "
    "đưa ra các giải pháp phát huy điểm mạnh, khắc phục điểm yếu, từng bước nâng cao chất lượng giáo dục.\n"
    "2. Kế hoạch phải cụ thể, khả thi, phù hợp với điều kiện thực tế của nhà trường và địa phương; "
    "xác định rõ người chủ trì, thời gian thực hiện và nguồn lực.\n"
    "3. Giúp nhà trường duy trì và nâng cao kết quả kiểm định chất lượng giáo dục; công khai với "
    "các cơ quan quản lý nhà nước và xã hội về thực trạng chất lượng của nhà trường."
)

DEFAULT_BASIS_REPORT = "Báo cáo tự đánh giá chất lượng giáo dục của nhà trường năm học {previous_year}."

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
    "{authority} (để b/c);\n"
    "CB-GV-NV (để thực hiện);\n"
    "Lưu: VT."
)

# Who a plan up to 2024-2025 reports to (the district level existed until 01/7/2025).
DEFAULT_AUTHORITY_BEFORE_2025 = "Phòng GD&ĐT"

# The default Nơi nhận names the xã/phường in general: the document puts the school's own
# Cơ quan quản lý (Thông tin) in its place when that is a UBND.
AUTHORITY_PLACEHOLDER = "UBND xã/phường"
AUTHORITY_UBND = "UBND"

# Fragments that mark a text still to be completed: the document must not print them as they are.
PLACEHOLDERS = ("Sở/Phòng", "Phòng/Sở", "xã/phường", "…", "...")

# Default lines of earlier templates that were placeholders: a document leaves them out.
LEGACY_DEFAULT_LINES = (
    "Văn bản hướng dẫn thực hiện nhiệm vụ kiểm định chất lượng giáo dục năm học {year} "
    "của Sở/Phòng Giáo dục và Đào tạo.",
)

# How a text names a Phòng GD&ĐT (the district level no longer exists since 01/7/2025).
PHONG_NAMES = ("Phòng GD&ĐT", "Phòng GDĐT", "Phòng Giáo dục", "PGD&ĐT", "PGDĐT")

# Default texts of a Biểu 2 plan (sheet Văn bản); sections III and VIII come from the form's data.
BASIS_ITEM = "Căn cứ {text};"

DEFAULT_BASIS_BIEU2 = (
    "Căn cứ Báo cáo tự đánh giá chất lượng giáo dục của nhà trường năm học {previous_year};",
    "Căn cứ Kế hoạch năm học {year} và định hướng phát triển của nhà trường;",
)

DEFAULT_PREVIOUS_RESULTS = (
    "Căn cứ kết quả rà soát việc thực hiện kế hoạch cải tiến chất lượng năm học {previous_year};"
)

DEFAULT_ORGANIZATION_BIEU2 = (
    "1. Người đứng đầu cơ sở giáo dục: chỉ đạo, phân công và tổ chức triển khai kế hoạch; bảo đảm "
    "nguồn lực; kiểm tra, giám sát việc thực hiện.\n"
    "2. Hội đồng tự đánh giá: theo dõi, đánh giá việc thực hiện kế hoạch cuối học kỳ I và cuối năm học; "
    "đề xuất điều chỉnh kịp thời.\n"
    "3. Các tổ chuyên môn và bộ phận liên quan: thực hiện các nhiệm vụ được phân công đúng tiến độ; "
    "thu thập thông tin, minh chứng; báo cáo kết quả."
)

DEFAULT_RECIPIENTS_BIEU2 = (
    "{authority} (để b/c);\n"
    "Hội đồng tự đánh giá;\n"
    "CB-GV-NV (để thực hiện);\n"
    "Lưu: VT."
)

# Who manages a school since 01/7/2025 (DESIGN 1), for the default Nơi nhận and header.
DEFAULT_AUTHORITY = {
    "mam-non": "UBND xã/phường",
    "tieu-hoc": "UBND xã/phường",
    "thcs": "UBND xã/phường",
    "thpt": "Sở GD&ĐT",
    "pho-thong": "Sở GD&ĐT",
    "gdtx": "Sở GD&ĐT",
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
