"""A user's file into memory, safely: a regular file, bounded in size, sniffed for what it is."""

from __future__ import annotations

import io
import os
import stat
import zipfile
import zlib
from pathlib import Path
from typing import Any

from qplan_xl import messages as m
from qplan_xl.errors import QplanError
from qplan_xl.output import os_error_detail

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
LOCK_MAX_BYTES = 4096  # Excel's owner files (~$name) are ~165 bytes; a workbook is far larger
OFFICE_OWNER_PREFIX = "~$"
LIBREOFFICE_LOCK_PREFIX = ".~lock."
# What zipfile raises for a damaged archive: unsupported versions or methods (NotImplementedError),
# an encrypted member (RuntimeError), bad deflate data (zlib.error), cut data, impossible headers.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError, ValueError)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARKER = "EncryptionInfo".encode("utf-16-le")
# A FIFO opened without O_NONBLOCK blocks until a writer comes; the kind is checked on the open
# descriptor, so nothing can be swapped in between.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


class UnreadableFile(QplanError):
    """The file cannot be read as a workbook; `code` is the report issue code."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(m.issue_message(code, **params))
        self.code = code
        self.params = params


def read_user_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file `path` (never a FIFO, device or folder); UnreadableFile."""
    shown = path.name
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise UnreadableFile("file-not-found", path=shown) from None
    except (OSError, ValueError) as exc:
        raise UnreadableFile("file-unreadable", path=shown, detail=_os_detail(exc)) from None
    try:
        _check_kind(fd, shown, max_bytes)
        data = _read_all(fd, max_bytes + 1)
    except OSError as exc:
        raise UnreadableFile("file-unreadable", path=shown, detail=_os_detail(exc)) from None
    finally:
        os.close(fd)
    if not data:
        raise UnreadableFile("file-empty", path=shown)
    if len(data) > max_bytes:
        raise UnreadableFile("file-too-large", path=shown, size=megabytes(len(data)))
    return data


def _read_all(fd: int, limit: int) -> bytes:
    chunks, size = [], 0
    while size < limit and (chunk := os.read(fd, min(limit - size, 1 << 20))):
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _check_kind(fd: int, shown: str, max_bytes: int) -> None:
    mode, size = (info := os.fstat(fd)).st_mode, info.st_size
    if stat.S_ISDIR(mode):  # as before: a folder is not a file of that name
        raise UnreadableFile("file-not-found", path=shown)
    if not stat.S_ISREG(mode):
        raise UnreadableFile("file-unreadable", path=shown, detail=m.CLI["read_not_regular"])
    if size > max_bytes:
        raise UnreadableFile("file-too-large", path=shown, size=megabytes(size))


def _os_detail(exc: BaseException) -> str:
    return os_error_detail(exc, reading=True) if isinstance(exc, OSError) else m.CLI["read_bad_name"]


def is_lock_file(path: Path | str) -> bool:
    """True for what Office and LibreOffice leave next to an open file (not a workbook).

    LibreOffice: `.~lock.NAME#`; Excel and Word: `~$NAME`, a file of ~165 bytes (a workbook
    whose name merely starts with `~$` is larger, and is not taken for a lock).
    """
    name = Path(path).name
    if name.startswith(LIBREOFFICE_LOCK_PREFIX) and name.endswith("#"):
        return True
    if not name.startswith(OFFICE_OWNER_PREFIX):
        return False
    try:
        return os.stat(path).st_size <= LOCK_MAX_BYTES
    except (OSError, ValueError):
        return True  # vanished or unreadable: it cannot be a workbook either


# --- sniffing what the file really is ---------------------------------------------------------


def sniff(shown: str, data: bytes) -> zipfile.ZipFile:
    """The package of `data` (opened, in memory); UnreadableFile unless it looks like an OOXML workbook."""
    head = data[:8]
    if head.startswith(_OLE_MAGIC):
        code = "file-encrypted" if _ENCRYPTED_MARKER in data else "file-xls"
        raise UnreadableFile(code, path=shown)
    if not head.startswith(b"PK"):
        raise UnreadableFile("file-not-workbook", path=shown, kind=_guess_kind(data[:512]))
    return _check_zip(shown, data)


def _check_zip(shown: str, data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(i.file_size for i in archive.infolist())
    except ZIP_ERRORS:
        raise UnreadableFile("file-truncated", path=shown) from None
    if "xl/workbook.xml" not in names:
        raise UnreadableFile("file-not-workbook", path=shown, kind=_zip_kind(names))
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableFile("file-too-large", path=shown, size=megabytes(unpacked))
    return archive


def _zip_kind(names: set[str]) -> str:
    if "word/document.xml" in names:
        return "Word .docx"
    if "ppt/presentation.xml" in names:
        return "PowerPoint .pptx"
    if "content.xml" in names:
        return "OpenDocument .ods/.odt"
    return "zip"


def _guess_kind(head: bytes) -> str:
    if head.startswith(b"%PDF"):
        return "PDF"
    if head.lstrip().startswith(b"<"):
        return "HTML/XML"
    if head.startswith(b"{\\rtf"):
        return "RTF"
    return "text/CSV" if _is_text(head) else m.FILE_KIND_UNKNOWN


def _is_text(head: bytes) -> bool:
    """Plain text in UTF-8 (a BOM and Vietnamese letters included; the last letter may be cut)."""
    body = head.removeprefix(b"\xef\xbb\xbf")
    for cut in range(4):  # the head may end inside a multi-byte letter
        try:
            text = body[: len(body) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
        return all(ch.isprintable() or ch in "\t\r\n" for ch in text)
    return False


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"
