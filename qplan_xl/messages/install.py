"""What the offline installer (`qplan excel bundle`), its scripts and the Explorer launchers say."""

from __future__ import annotations

BUNDLE = {
    "help": (
        "Tạo thư mục cài đặt không cần Internet cho máy Windows của trường: gói qplan-xl và mọi "
        "thư viện (Windows 32/64 bit, Python 3.10–3.13), add-in qplan.xlam, install.cmd, "
        "uninstall.cmd, HUONG-DAN.txt. Chép thư mục vào USB rồi chạy install.cmd trên máy trường."
    ),
    "output_help": "Thư mục sẽ tạo (chép cả thư mục này sang máy trường).",
    "python_help": "Phiên bản Python cần phục vụ (ghi nhiều lần; mặc định 3.10, 3.11, 3.12, 3.13).",
    "platform_help": "Kiểu Windows: win_amd64 (64 bit), win32 (32 bit); mặc định cả hai.",
    "wheel_help": "Dùng tệp .whl qplan-xl có sẵn thay vì tạo từ mã nguồn.",
    "not_empty": "Thư mục «{path}» đã có tệp; chọn một thư mục mới (trống) để không trộn các bản cài.",
    "offline": (
        "Không tải được các gói cài đặt: máy này không kết nối được kho gói PyPI ({detail}).\n"
        "Lệnh này cần Internet (chỉ máy tạo gói, máy của trường thì không). Kiểm tra mạng hoặc "
        "proxy rồi chạy lại."
    ),
    "pip_failed": "Không tạo được gói cài đặt: {detail}",
    "no_source": (
        "Không tìm thấy mã nguồn qplan-xl (pyproject.toml) ở {path}. Chạy lệnh trong bản mã nguồn "
        "(git clone), hoặc chỉ định gói có sẵn bằng --wheel qplan_xl-….whl."
    ),
    "no_packaging": "Thiếu thư viện để tạo gói cài đặt ({detail}). Cài bằng: pip install \"qplan-xl[addin]\" rồi chạy lại.",
    "nothing_resolved": "Không có phiên bản Python nào tải đủ gói: {detail}",
    "unresolved": "thiếu gói cho Windows: {names}",
    "working": "Đang tải gói cho {target}…",
    "served": "Cài được cho: {targets}",
    "skipped": "Không phục vụ {target}: {reason}",
    "built": "Đã tạo thư mục cài đặt: {path} ({size})",
    "guide": """HƯỚNG DẪN CÀI ĐẶT qplan – Kế hoạch cải tiến chất lượng giáo dục
==================================================================

Thư mục này cài qplan lên máy Windows của trường, KHÔNG cần Internet.
Dùng được với: {pythons}.

1. Cài Python (nếu máy chưa có)
   Tải Python 3.11 (Windows 8.1) hoặc 3.12 (Windows 10, 11) từ python.org, chép bằng USB.
   Khi cài, giữ đánh dấu «py launcher». Không cần quyền quản trị.

2. Cài qplan
   - Đóng hết các cửa sổ Excel.
   - Chép cả thư mục này vào máy (ví dụ D:\\qplan-cai-dat), bấm đúp install.cmd.
   - Cửa sổ đen hiện các bước; cuối cùng là «Đã cài add-in». Bấm một phím để đóng.
   - Nhật ký cài đặt: %TEMP%\\qplan-install.log (gửi tệp này khi cần hỗ trợ).

3. Dùng
   - Mở Excel: có thanh «Kế hoạch cải tiến» với các nút Kiểm tra, Tạo kế hoạch…
   - Nếu máy không cho Excel gọi chương trình khác (chính sách bảo mật ASR), bấm chuột
     phải vào sổ .xlsx > Gửi tới (Send to) > «qplan - Kiểm tra», «qplan - Tạo kế hoạch»
     hoặc «qplan - Tổng hợp» (chọn nhiều sổ); hoặc kéo sổ thả vào biểu tượng
     «qplan (thả sổ vào đây)» trên màn hình nền. Kết quả ghi cạnh sổ và tự mở.

4. Khi có sự cố
   - Windows Defender báo «Windows protected your PC»: bấm «More info» > «Run anyway».
   - Phần mềm diệt virus xóa qplan.xlam: nhờ quản trị thêm ngoại lệ, rồi cài lại.
   - Sổ mở ở chế độ «Xem được bảo vệ» (thanh vàng): bấm «Cho phép chỉnh sửa», Lưu thành
     vào thư mục của máy, rồi bấm nút.
   - Chi tiết: docs/excel-addin.md của qplan, hoặc hỏi người quản trị.

5. Gỡ cài đặt: đóng Excel, bấm đúp uninstall.cmd.
""",
}

# Lines the .cmd scripts echo: folded to ASCII when written (see excel/scripts.py).
BUNDLE_CMD = {
    "start": "qplan: đang kiểm tra Python...",
    "pip": "qplan: đang cài các gói từ thư mục này (không cần Internet), xin chờ 1-2 phút...",
    "no_python": "Chưa có Python (lệnh py). Cài Python từ python.org (giữ py launcher) rồi chạy lại install.cmd. Xem HUONG-DAN.txt.",
    "wrong_python": "Chưa có Python phù hợp. Gói này dùng cho Python {versions}. Xem HUONG-DAN.txt.",
    "pip_failed": "Cài gói không thành công. Xem nhật ký dưới đây, hoặc gửi cho người quản trị.",
    "failed": "Cài add-in không thành công (xem thông báo ở trên).",
    "log": "Nhật ký cài đặt:",
    "uninstalled": "Đã gỡ qplan. Mở lại Excel.",
}

LAUNCH = {
    "run_help": "Chạy một việc (check, build, merge, menu) trên các sổ chọn trong Explorer (Gửi tới, kéo thả).",
    "check_name": "{stem} - Kiểm tra{number}",
    "merge_name": "Tổng hợp{number}",
    "no_files": "Chưa chọn sổ nào. Bấm chuột phải vào sổ .xlsx > Gửi tới (Send to), hoặc kéo sổ thả vào biểu tượng.",
    "skipped": "Bỏ qua «{path}»: không phải sổ .xlsx.",
    "working": "== {job}: {path}",
    "menu": "Chọn việc cho {count} sổ: 1 = Kiểm tra, 2 = Tạo kế hoạch (Word), 3 = Tổng hợp. Gõ số rồi Enter",
    "done": "Xong. Bấm phím bất kỳ để đóng cửa sổ này.",
    "launchers_help": "Tạo thêm lối tắt «Gửi tới» (Send to) và biểu tượng thả sổ trên màn hình nền.",
    "log_help": "Ghi thêm các thông báo vào tệp nhật ký này (UTF-8).",
    "launchers_made": "Đã tạo lối tắt: {path}",
    "next_steps": (
        "Bước tiếp theo:\n"
        "  1. Mở Excel: có thanh «Kế hoạch cải tiến» (Kiểm tra, Tạo kế hoạch…).\n"
        "  2. Nếu bấm nút không thấy gì (máy chặn Excel gọi chương trình khác): bấm chuột phải vào "
        "sổ .xlsx > Gửi tới (Send to) > «qplan - Kiểm tra», hoặc kéo sổ thả vào biểu tượng "
        "«qplan (thả sổ vào đây)» trên màn hình nền.\n"
        "  3. Gỡ cài đặt: uninstall.cmd trong thư mục cài đặt."
    ),
    "uninstall_help": "Gỡ add-in, cấu hình và các lối tắt qplan đã tạo (Windows).",
    "removed": "Đã xóa: {path}",
}

# Names of the Explorer launchers (file names in Send to and on the desktop), by job.
LAUNCH_JOBS = {
    "check": "qplan - Kiểm tra",
    "build": "qplan - Tạo kế hoạch",
    "merge": "qplan - Tổng hợp",
    "menu": "qplan (thả sổ vào đây)",
}

# Letters a .cmd cannot hold, and what is written instead (the rest loses its marks).
ASCII_FOLD = {"đ": "d", "Đ": "D", "«": '"', "»": '"', "–": "-", "…": "..."}
