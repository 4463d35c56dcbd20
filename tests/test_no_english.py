"""No library's or system's English text reaches a user: each failure provoked for real, its message checked."""

from __future__ import annotations

import errno
import io
import os
import re
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hostile import SHEET1, base_workbook, replace_parts
from msgfile import Attachment, Message, msg_bytes

from qplan_xl import messages as m
from qplan_xl.archive import ArchiveError, connect
from qplan_xl.mail import Inbox
from qplan_xl.merge import merge_workbooks
from qplan_xl.output import OutputError, atomic_write
from qplan_xl.workbook.read import reader, source
from qplan_xl.workbook.read.source import UnreadableFile

SENT = datetime(2024, 10, 15, 8, 30, tzinfo=timezone(timedelta(hours=7)))
ENGLISH = ("Error", "error", "Traceback", "Exception")


def assert_vietnamese(message: str, library_text: str = "", *, allowed: tuple[str, ...] = ()) -> None:
    """No word of the library's text (4+ ASCII letters) and no exception name in `message`.

    What sits in «…» (file and sheet names) and `allowed` (codes, paths) is left out of the check.
    """
    text = re.sub(r"«[^»]*»", "", message)
    for keep in allowed:
        text = text.replace(keep, "")
    words = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", library_text)} - {"file", "line"}
    found = {w for w in re.findall(r"[A-Za-z]+", text) if w.lower() in words}
    assert not found, (found, message)
    assert not any(word in text for word in ENGLISH), message


def _problems(tmp_path: Path, name: str, data: bytes) -> str:
    (tmp_path / name).write_bytes(data)
    with Inbox([(tmp_path / name, name)]) as inbox:
        (received,) = [r for r in inbox.received if r.problem]
        return (m.MAIL_ISSUES[received.problem]).format(path=name, **received.params)


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("KH.xlsx", os.urandom(2000))
    return out.getvalue()


# --- containers of `qplan merge` ---------------------------------------------------------------------


def test_a_truncated_zip_is_said_in_vietnamese(tmp_path: Path) -> None:
    data = _zip()[:-10]
    with pytest.raises(zipfile.BadZipFile) as real:
        zipfile.ZipFile(io.BytesIO(data))
    message = _problems(tmp_path, "cut.zip", data)
    assert "không phải tệp nén hợp lệ" in message
    assert_vietnamese(message, f"{type(real.value).__name__} {real.value}")


def test_a_zip_member_with_a_bad_crc_is_said_in_vietnamese(tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("KH.xlsx", b"x" * 2000)
    data = bytearray(out.getvalue())
    data[100] ^= 0xFF  # in the stored data: the CRC no longer matches
    message = _problems(tmp_path, "crc.zip", bytes(data))
    assert m.ARCHIVE_ERRORS[0][1] in message  # «dữ liệu nén bị hỏng (sai mã kiểm tra)»
    assert_vietnamese(message, "BadZipFile: Bad CRC-32 for file 'KH.xlsx'")


@pytest.mark.parametrize("cut", [0.5, 0.3])
def test_a_corrupt_msg_is_said_in_vietnamese(tmp_path: Path, cut: float) -> None:
    whole = msg_bytes(Message("KH", "Trường", "t@truong.edu.vn", SENT, attachments=[Attachment("KH.xlsx", b"x" * 5000)]))
    message = _problems(tmp_path, "hong.msg", whole[: int(len(whole) * cut)])
    assert m.OLE_BROKEN in message
    assert_vietnamese(message, "OleFileError: incorrect OLE FAT, sector index out of range; malformed OLE document, "
                               "stream too large; OLE DirEntry index out of range; incomplete OLE sector")


def test_merge_shows_no_english_in_its_records_and_text(tmp_path: Path) -> None:
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    (inbox / "cut.zip").write_bytes(_zip()[:-10])
    (inbox / "hong.msg").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (inbox / "rac.msg").write_bytes(b"hello")
    result = merge_workbooks([inbox], tmp_path / "t.xlsx", jobs=1)
    messages = [i["message"] for r in result.to_dict()["file_records"] for i in r["issues"]]
    assert len(messages) == 3
    for message in messages:
        assert_vietnamese(message, "BadZipFile File is not a zip file OleFileError incorrect DllVersion in OLE header "
                                   "InvalidFileFormatError not an OLE2 structured storage file")


# --- the reader ----------------------------------------------------------------------------------------


def _read(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / "KH.xlsx"
    path.write_bytes(data)
    with pytest.raises(UnreadableFile) as caught:
        reader.read_workbook(path)
    return str(caught.value)


def test_an_xml_part_with_a_bad_token_gives_line_and_column_in_vietnamese(tmp_path: Path) -> None:
    bad = b'<?xml version="1.0"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' \
          b'<sheetData><row r="1"><c r="A1"><v>1\x01</v></c></row></sheetData></worksheet>'
    message = _read(tmp_path, replace_parts(base_workbook(), {SHEET1: bad}))
    assert m.XML_AT.format(line=2, column=113) + ": " + m.XML_ERRORS["not well-formed (invalid token)"] in message, message
    assert_vietnamese(message, "ExpatError: not well-formed (invalid token): line 2, column 113")


def test_a_part_with_a_bad_crc_is_said_in_vietnamese(tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base_workbook())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for name in src.namelist():
            dst.writestr(name, src.read(name))
    data = bytearray(out.getvalue())
    at = data.index(b"<sheetData")
    data[at + 2] ^= 0x01  # same length, other byte: only the CRC tells
    message = _read(tmp_path, bytes(data))
    assert m.ARCHIVE_ERRORS[0][1] in message, message
    assert_vietnamese(message, "BadZipFile: Bad CRC-32 for file 'xl/worksheets/sheet1.xml'")


@pytest.mark.parametrize("failure", [
    "XlsxError: Xml error: ill-formed document: expected `</`, but `<EOF>` was found",
    "Cannot find 'xl/sharedStrings.xml'",
    "Unsupported cell type: something strange",
])
def test_calamine_failures_are_said_in_vietnamese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str) -> None:
    import python_calamine

    def refuse(*args: object, **kwargs: object) -> None:
        raise python_calamine.CalamineError(failure)

    monkeypatch.setattr(reader, "_read_calamine", refuse)
    monkeypatch.setattr(reader, "_read_canonical", lambda *a: None)
    message = _read(tmp_path, base_workbook())
    assert_vietnamese(message, f"CalamineError {failure}")


def test_a_calamine_panic_is_said_in_vietnamese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class PanicException(BaseException):  # pyo3's, not an Exception
        pass

    def panic(*args: object, **kwargs: object) -> None:
        raise PanicException("called `Option::unwrap()` on a `None` value")

    monkeypatch.setattr(reader, "_read_calamine", panic)
    monkeypatch.setattr(reader, "_read_canonical", lambda *a: None)
    message = _read(tmp_path, base_workbook())
    assert m.CALAMINE_UNKNOWN in message
    assert_vietnamese(message, "PanicException called Option unwrap value")


def test_permission_denied_when_reading_is_said_in_vietnamese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*args: object, **kwargs: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied", str(args[0]))

    monkeypatch.setattr(source.os, "open", denied)
    message = _read(tmp_path, base_workbook())
    assert m.OS_ERRORS["EACCES"] in message
    assert_vietnamese(message, "PermissionError: [Errno 13] Permission denied")


@pytest.mark.parametrize("number", [errno.EIO, errno.ELOOP, errno.ENOTSUP])
def test_other_os_errors_when_reading_are_said_in_vietnamese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             number: int) -> None:
    def failing(*args: object, **kwargs: object) -> int:
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr(source.os, "open", failing)
    message = _read(tmp_path, base_workbook())
    name = errno.errorcode[number]
    assert m.OS_ERRORS.get(name, m.OS_ERROR_CODE.format(number=number)) in message
    assert_vietnamese(message, os.strerror(number))


# --- writing ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", [errno.ENOSPC, errno.EROFS, errno.EIO, errno.EDQUOT, errno.ENOTSUP])
def test_a_full_disk_and_other_write_failures_are_said_in_vietnamese(tmp_path: Path, number: int) -> None:
    def write(tmp: Path) -> None:
        raise OSError(number, os.strerror(number))

    with pytest.raises(OutputError) as caught:
        atomic_write(tmp_path / "out.xlsx", write)
    message = caught.value.message
    assert m.OUTPUT_ERRORS.get(errno.errorcode[number]) or m.OS_ERRORS.get(errno.errorcode[number], "lỗi hệ thống (mã")
    assert_vietnamese(message, os.strerror(number), allowed=(str(tmp_path),))


def test_an_archive_that_is_not_a_database_is_said_in_vietnamese(tmp_path: Path) -> None:
    path = tmp_path / "kho.sqlite"
    path.write_bytes(b"not a database at all, just text" * 100)
    with pytest.raises(ArchiveError) as caught:
        connect(path, create=False)
    assert m.SQLITE_ERRORS[0][1] in str(caught.value)
    assert_vietnamese(str(caught.value), "DatabaseError: file is not a database", allowed=(str(path),))


# --- the phrases -----------------------------------------------------------------------------------------


def test_expat_messages_keep_line_and_column() -> None:
    assert m.xml_text("not well-formed (invalid token): line 1, column 5") == \
        "XML sai cú pháp ở dòng 1, cột 5: có ký tự không hợp lệ"
    assert m.xml_text("some future expat message: line 2, column 0") == "XML sai cú pháp ở dòng 2, cột 0"
    assert m.library_text("Bad CRC-32 for file 'xl/worksheets/sheet1.xml'") == "dữ liệu nén bị hỏng (sai mã kiểm tra)"
    assert m.library_text("something nobody has seen") == m.LIBRARY_UNKNOWN


def test_every_errno_has_a_vietnamese_phrase_or_its_number() -> None:
    for number, name in errno.errorcode.items():
        text = m.os_error_text(OSError(number, os.strerror(number)))
        assert text == m.OS_ERRORS.get(name, f"lỗi hệ thống (mã {number})")
        assert_vietnamese(text, os.strerror(number))
