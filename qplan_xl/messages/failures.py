"""Vietnamese words for what the system and the libraries report in English (docs/decisions.md)."""

# The operating system's `strerror` (English on Linux), expat's, zipfile's, zlib's, olefile's and
# calamine's texts never reach a user: a known failure gets its Vietnamese phrase, keeping the facts
# that help (line and column, the errno number); an unknown one gets a general phrase.

from __future__ import annotations

import errno
import re

__all__ = [
    "OS_ERRORS",
    "OS_ERROR_CODE",
    "OS_ERROR_UNKNOWN",
    "XML_AT",
    "XML_WHAT",
    "XML_ERRORS",
    "XML_UNKNOWN",
    "ARCHIVE_ERRORS",
    "ZIP_UNKNOWN",
    "OLE_BROKEN",
    "OLE_NOT_OLE",
    "MAIL_BROKEN",
    "TEXT_ENCODING",
    "OUT_OF_MEMORY",
    "LIBRARY_UNKNOWN",
    "CALAMINE_ERRORS",
    "CALAMINE_UNKNOWN",
    "INTERNAL_ERROR",
    "PROGRAM_EXIT",
    "SQLITE_ERRORS",
    "SQLITE_UNKNOWN",
    "SQLITE_FOREIGN",
    "PIP_ERRORS",
    "PIP_NETWORK",
    "PIP_UNKNOWN",
    "PIP_NO_WHEEL",
    "PIP_PACKAGE",
    "CELL_CHARACTER",
    "sqlite_text",
    "pip_text",
    "os_error_text",
    "xml_text",
    "archive_text",
    "library_text",
    "calamine_text",
    "exception_text",
]

# OSError by errno name: what happened, for reading or writing (writes add advice: OUTPUT_ERRORS).
OS_ERRORS = {
    "ENOENT": "không tìm thấy tệp hoặc thư mục",
    "EACCES": "không có quyền truy cập",
    "EPERM": "hệ thống không cho phép thao tác này",
    "ENOSPC": "ổ đĩa đã đầy",
    "EDQUOT": "đã dùng hết dung lượng được cấp trên ổ đĩa",
    "EROFS": "ổ đĩa chỉ đọc",
    "EISDIR": "đây là một thư mục, không phải tệp",
    "ENOTDIR": "đường dẫn có một phần không phải thư mục",
    "ENAMETOOLONG": "tên tệp hoặc đường dẫn quá dài",
    "ELOOP": "đường dẫn có liên kết vòng, trỏ về chính nó",
    "EIO": "lỗi đọc ghi thiết bị, ổ đĩa hoặc USB có thể bị hỏng",
    "EBUSY": "tệp hoặc thiết bị đang được chương trình khác dùng",
    "ETXTBSY": "tệp đang được chương trình khác dùng",
    "EEXIST": "tệp hoặc thư mục đã có",
    "ENOTEMPTY": "thư mục không trống",
    "EXDEV": "không chuyển được tệp sang ổ đĩa khác",
    "EMFILE": "quá nhiều tệp đang mở cùng lúc",
    "ENFILE": "quá nhiều tệp đang mở cùng lúc",
    "ENOMEM": "không đủ bộ nhớ",
    "EFBIG": "tệp quá lớn",
    "EINVAL": "tên hoặc đường dẫn không hợp lệ",
    "EAGAIN": "tạm thời chưa làm được; thử lại sau",
    "EINTR": "thao tác bị ngắt giữa chừng; thử lại",
    "ETIMEDOUT": "ổ mạng không trả lời",
    "ESTALE": "ổ mạng đã ngắt kết nối",
    "ENOTCONN": "ổ mạng đã ngắt kết nối",
    "EHOSTUNREACH": "không kết nối được tới máy chứa ổ mạng",
    "ENODEV": "thiết bị không còn, có thể USB đã bị rút",
    "ENXIO": "thiết bị không còn, có thể USB đã bị rút",
}
OS_ERROR_CODE = "lỗi hệ thống (mã {number})"
OS_ERROR_UNKNOWN = "lỗi hệ thống"

# expat's messages (pyexpat.errors), at the start of "<message>: line L, column C".
XML_AT = "XML sai cú pháp ở dòng {line}, cột {column}"
XML_WHAT = "{at}: {what}"
XML_ERRORS = {
    "not well-formed (invalid token)": "có ký tự không hợp lệ",
    "no element found": "phần XML bị cắt cụt (thiếu phần cuối)",
    "unclosed token": "phần XML bị cắt cụt giữa chừng",
    "mismatched tag": "thẻ đóng không khớp thẻ mở",
    "junk after document element": "có dữ liệu thừa sau phần tử gốc",
    "duplicate attribute": "một thuộc tính bị lặp",
    "undefined entity": "thực thể XML chưa khai báo",
    "unbound prefix": "tiền tố không gian tên chưa khai báo",
    "partial character": "ký tự bị cắt dở",
    "unknown encoding": "bảng mã không hỗ trợ",
    "encoding specified in XML declaration is incorrect": "khai báo bảng mã sai",
    "XML or text declaration not at start of entity": "khai báo XML không ở đầu phần",
    "reference to invalid character number": "tham chiếu tới ký tự không hợp lệ",
    "syntax error": "sai cú pháp",
}
XML_UNKNOWN = "phần XML sai cú pháp"

# zipfile's and zlib's messages (and what olefile, extract_msg, calamine say), by a piece of them.
ARCHIVE_ERRORS = (
    ("bad crc-32", "dữ liệu nén bị hỏng (sai mã kiểm tra)"),
    ("while decompressing", "dữ liệu nén bị hỏng (không giải nén được)"),
    ("incomplete or truncated", "dữ liệu nén bị cắt cụt (tệp chưa tải về hết)"),
    ("unexpected eof", "tệp bị cắt cụt (chưa tải về hết)"),
    ("truncated", "tệp bị cắt cụt (chưa tải về hết)"),
    ("not a zip file", "không phải tệp nén hợp lệ, có thể chưa tải về hết"),
    ("bad magic number", "cấu trúc tệp nén bị hỏng"),
    ("corrupt", "cấu trúc tệp nén bị hỏng"),
    ("overlapped entries", "cấu trúc tệp nén bị hỏng"),
    ("compression method", "tệp nén dùng kiểu nén không hỗ trợ"),
    ("password", "tệp có mật khẩu"),
    ("encrypted", "tệp có mật khẩu"),
)
ZIP_UNKNOWN = "cấu trúc tệp nén bị hỏng"
OLE_BROKEN = "tệp Outlook .msg bị hỏng hoặc chưa tải về hết"
OLE_NOT_OLE = "không phải tệp Outlook .msg thật"
MAIL_BROKEN = "thư sai định dạng"
TEXT_ENCODING = "văn bản có mã ký tự không đọc được"
OUT_OF_MEMORY = "không đủ bộ nhớ"
LIBRARY_UNKNOWN = "nội dung tệp không đọc được"
CELL_CHARACTER = "một ô có ký tự mà tệp Excel không chứa được"
INTERNAL_ERROR = "lỗi trong phần mềm qplan"
PROGRAM_EXIT = "chương trình dừng với mã {code}"

# sqlite3 (the archive) by a piece of its text, lower case.
SQLITE_ERRORS = (
    ("not a database", "không phải cơ sở dữ liệu SQLite"),
    ("malformed", "cơ sở dữ liệu bị hỏng"),
    ("locked", "cơ sở dữ liệu đang bị chương trình khác khóa"),
    ("readonly", "cơ sở dữ liệu chỉ đọc"),
    ("unable to open", "không mở được tệp"),
    ("disk i/o", "lỗi đọc ghi ổ đĩa"),
)
SQLITE_UNKNOWN = "cơ sở dữ liệu không mở được"
SQLITE_FOREIGN = "tệp SQLite của một chương trình khác"

# pip's output (building the install bundle) by a piece of it.
PIP_ERRORS = (
    ("no matching distribution", "không có bản phù hợp trên PyPI"),
    ("could not find a version", "không có bản phù hợp trên PyPI"),
    ("resolutionimpossible", "các gói đòi hỏi những phiên bản không hợp nhau"),
    ("conflicting dependencies", "các gói đòi hỏi những phiên bản không hợp nhau"),
    ("hash", "mã kiểm tra của gói tải về không khớp"),
    ("no space left", "ổ đĩa đã đầy"),
    ("permission denied", "không có quyền ghi vào thư mục"),
)
PIP_NETWORK = "không kết nối được tới PyPI"
PIP_UNKNOWN = "pip báo lỗi"
PIP_PACKAGE = "{reason} (gói {name})"
PIP_NO_WHEEL = "không có tệp gói {project} trong thư mục «{folder}»"

# calamine (the Excel reader) by a piece of its text, lower case.
CALAMINE_ERRORS = (
    ("zip", "cấu trúc tệp nén bị hỏng"),
    ("xml", "phần XML của tệp bị hỏng"),
    ("cannot find", "thiếu một phần bắt buộc của tệp Excel"),
    ("not found", "thiếu một phần bắt buộc của tệp Excel"),
    ("unexpected end", "tệp bị cắt cụt (chưa tải về hết)"),
)
CALAMINE_UNKNOWN = "bộ đọc Excel không hiểu nội dung tệp"

_PIP_PACKAGE_RE = re.compile(r"(?:found for|satisfies the requirement) ([A-Za-z0-9._\-\[\]]+)")
_XML_RE = re.compile(r"^(?P<what>.*?):? line (?P<line>\d+), column (?P<column>\d+)\s*$")


def os_error_text(exc: OSError, first: dict[str, str] | None = None) -> str:
    """A Vietnamese phrase for an OSError by its errno (`first`: phrases to prefer, e.g. for writing)."""
    number = exc.errno
    if not isinstance(number, int):
        return OS_ERROR_UNKNOWN
    name = errno.errorcode.get(number, "")
    return (first or {}).get(name) or OS_ERRORS.get(name) or OS_ERROR_CODE.format(number=number)


def xml_text(text: str) -> str:
    """expat's "not well-formed (invalid token): line 1, column 5" -> its Vietnamese phrase."""
    found = _XML_RE.match(" ".join(text.split()))
    if found is None:
        return XML_UNKNOWN
    at = XML_AT.format(line=found["line"], column=found["column"])
    what = XML_ERRORS.get(found["what"].strip())
    return XML_WHAT.format(at=at, what=what) if what else at


def archive_text(text: str, unknown: str = ZIP_UNKNOWN) -> str:
    """zipfile's, zlib's "Bad CRC-32 for file …", "Error -3 while decompressing …" -> Vietnamese."""
    lower = text.lower()
    if _XML_RE.match(" ".join(text.split())):
        return xml_text(text)
    return next((phrase for piece, phrase in ARCHIVE_ERRORS if piece in lower), unknown)


def library_text(text: str) -> str:
    """Any library's English text (expat, zipfile, zlib): a Vietnamese phrase, never the text itself."""
    return archive_text(text, LIBRARY_UNKNOWN)


def calamine_text(text: str) -> str:
    """calamine's failure text (`XlsxError`, `Xml error …`, a Rust panic) -> a Vietnamese phrase."""
    lower = text.lower()
    if "decompress" in lower or "crc" in lower:
        return archive_text(text)
    return next((phrase for piece, phrase in CALAMINE_ERRORS if piece in lower), CALAMINE_UNKNOWN)


def sqlite_text(text: str) -> str:
    """sqlite3's "file is not a database", "database disk image is malformed" -> Vietnamese."""
    lower = text.lower()
    return next((phrase for piece, phrase in SQLITE_ERRORS if piece in lower), SQLITE_UNKNOWN)


def pip_text(output: str, network: bool = False) -> str:
    """Why pip failed, from its (English) output: a Vietnamese phrase."""
    if network:
        return PIP_NETWORK
    lower = output.lower()
    reason = next((phrase for piece, phrase in PIP_ERRORS if piece in lower), PIP_UNKNOWN)
    package = _PIP_PACKAGE_RE.search(output)
    return PIP_PACKAGE.format(reason=reason, name=package[1]) if package else reason


def exception_text(exc: BaseException, unknown: str = LIBRARY_UNKNOWN) -> str:
    """A Vietnamese phrase for a library's or the system's exception; its English text is never shown.

    `unknown`: the phrase for an exception none of the known kinds matches (a program error).
    """
    names = {cls.__name__ for cls in type(exc).__mro__}
    if "OleFileError" in names:
        return OLE_BROKEN
    if "IllegalCharacterError" in names:
        return CELL_CHARACTER
    if "InvalidFileFormatError" in names:
        return OLE_NOT_OLE
    if names & {"BadZipFile", "LargeZipFile", "error", "EOFError"}:
        return archive_text(str(exc))
    if "ExpatError" in names:
        return xml_text(str(exc))
    if "UnicodeError" in names:
        return TEXT_ENCODING
    if "MemoryError" in names:
        return OUT_OF_MEMORY
    if isinstance(exc, OSError):
        return os_error_text(exc)
    if names & {"MessageError", "HeaderParseError"}:
        return MAIL_BROKEN
    if "DatabaseError" in names:
        return sqlite_text(str(exc))
    return unknown
