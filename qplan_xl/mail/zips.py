"""Zip archives (a folder sent as one attachment): names in legacy encodings, bombs and traversal refused."""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from qplan_xl import messages as m
from qplan_xl.mail.received import (
    MAX_MEMBER_BYTES,
    MAX_MEMBERS,
    MAX_RATIO,
    RATIO_FLOOR,
    Origin,
    Sink,
    safe_name,
    unsafe_member,
)

UTF8_FLAG = 0x800
ENCRYPTED_FLAG = 0x1
# Code pages a zip tool may have used for names without the UTF-8 flag, most likely first:
# Windows Explorer and WinRAR on Vietnamese Windows write cp1258; 7-Zip and Linux tools write UTF-8.
LEGACY_ENCODINGS = ("utf-8", "cp1258", "cp866", "cp437")
CHUNK = 1024 * 1024


def expand_zip(path: Path, shown: str, origin: Origin | None, depth: int, sink: Sink) -> None:
    """Unpack every member of `path` into the sink; a member that cannot be unpacked is refused."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = [i for i in archive.infolist() if not i.is_dir()]
            if len(members) > MAX_MEMBERS:
                sink.refuse(shown, "zip-too-many", origin, path, count=len(members))
                return
            for info in members:
                _member(archive, info, f"{shown}/{member_name(info)}", origin, depth, sink)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        sink.refuse(shown, "zip-unreadable", origin, path, detail=m.exception_text(exc))


def is_workbook(path: Path) -> bool:
    """An Office Open XML workbook (someone renamed KH.xlsx to KH.zip): read as a workbook, not unpacked."""
    try:
        with zipfile.ZipFile(path) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return False


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author typed it (UTF-8 flag, else the likeliest legacy code page)."""
    if info.flag_bits & UTF8_FLAG:
        return unicodedata.normalize("NFC", info.filename)
    try:
        raw = info.filename.encode("cp437")  # zipfile decoded unflagged names as cp437
    except UnicodeEncodeError:
        return unicodedata.normalize("NFC", info.filename)
    return decode_legacy(raw)


def decode_legacy(raw: bytes) -> str:
    """Bytes of a name in an unknown code page -> the reading with the fewest oddities."""
    readings = []
    for rank, encoding in enumerate(LEGACY_ENCODINGS):
        try:
            text = unicodedata.normalize("NFC", raw.decode(encoding))
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8" and not raw.isascii():
            return text  # valid multi-byte UTF-8 by accident is very unlikely
        readings.append((_oddities(text), rank, text))
    return min(readings)[2]


def _oddities(text: str) -> int:
    """Symbols, control characters and words mixing Latin and Cyrillic letters (signs of a wrong code page)."""
    odd = sum(1 for c in text if unicodedata.category(c)[0] in "SC" or unicodedata.category(c) == "Mn")
    for word in text.replace("/", " ").split():
        scripts = {unicodedata.name(c, "?").split()[0] for c in word if c.isalpha() and not c.isascii()}
        scripts |= {"LATIN"} if any(c.isascii() and c.isalpha() for c in word) else set()
        odd += 2 * (len(scripts & {"LATIN", "CYRILLIC", "GREEK", "BOX"}) > 1)
    return odd


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str, origin: Origin | None,
            depth: int, sink: Sink) -> None:
    if unsafe_member(info.filename):
        sink.refuse(shown, "zip-unsafe-path", origin)
    elif info.flag_bits & ENCRYPTED_FLAG:
        sink.refuse(shown, "zip-encrypted", origin)
    elif _bomb(info) or not sink.spend(info.file_size):
        sink.refuse(shown, "zip-bomb", origin, size=info.file_size // (1024 * 1024))
    else:
        _unpack(archive, info, shown, origin, depth, sink)


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str, origin: Origin | None, depth: int,
            sink: Sink) -> None:
    """One member to its own file; a damaged member, or one that cannot be written, is refused alone
    (the members after it are still unpacked: each has its status)."""
    try:
        target, out = sink.create(safe_name(shown))
    except OSError as exc:
        sink.refuse(shown, "unpack-failed", origin, detail=m.exception_text(exc))
        return
    try:
        copied = _copy(archive, info, target, out)
    except (zipfile.BadZipFile, EOFError, zlib.error, ValueError, NotImplementedError, OSError) as exc:
        target.unlink(missing_ok=True)
        code = "unpack-failed" if isinstance(exc, OSError) else "zip-member-unreadable"  # the disk, or the member
        sink.refuse(shown, code, origin, detail=m.exception_text(exc))
        return
    if copied:
        _stamp(target, info)
        sink.take(target, shown, origin, depth + 1)
    else:
        sink.refuse(shown, "zip-bomb", origin, size=MAX_MEMBER_BYTES // (1024 * 1024))


def _bomb(info: zipfile.ZipInfo) -> bool:
    if info.file_size > MAX_MEMBER_BYTES:
        return True
    return info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1)


def _copy(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, out: BinaryIO) -> bool:
    """Copy at most MAX_MEMBER_BYTES (the declared size may lie) to `out` (`target`, closed here);
    False (and `target` removed) when the member is bigger."""
    written = 0
    with out, archive.open(info) as source:
        while chunk := source.read(CHUNK):
            written += len(chunk)
            if written > MAX_MEMBER_BYTES:
                break
            out.write(chunk)
    if written > MAX_MEMBER_BYTES:
        target.unlink()
        return False
    return True


def _stamp(target: Path, info: zipfile.ZipInfo) -> None:
    """The member keeps the time it had when zipped (the file system's time is the last tie-breaker)."""
    try:
        when = dt.datetime(*info.date_time).timestamp()
        os.utime(target, (when, when))
    except (ValueError, OverflowError, OSError):
        pass


