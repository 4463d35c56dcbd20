"""Writing output files safely: checked paths, atomic replace, lock detection, XML-safe cell text."""

from __future__ import annotations

import contextlib
import errno
import math
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from qplan_xl import messages as m
from qplan_xl.errors import QplanError

FORMULA_PREFIXES = ("=", "+", "-", "@")
MAX_CELL_TEXT = 32767  # UTF-16 units; Excel refuses to open a file with a longer cell
MAX_NAME_BYTES = 255  # a file name, in the file system's encoding (NAME_MAX; 255 UTF-16 units on Windows)
MAX_PATH_BYTES = 4096  # a whole path (PATH_MAX on Linux)
TEMP_PREFIX = ".qplan-tmp-"  # every temp file an output goes through: ".qplan-tmp-<random><suffix>"
# What XML 1.0 cannot hold (C0 controls but tab, LF, CR; lone surrogates; U+FFFE, U+FFFF) and the
# other non-characters (U+FDD0-U+FDEF, U+nFFFE/U+nFFFF): openpyxl, lxml and Word refuse or break on
# them. Word's manual line break (\x0b) and page break (\x0c) arrive in text pasted from old
# plans, so they become line breaks, as CR and CR LF do (a cell's line break is LF).
_NONCHARACTERS = "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0x10000, 0x110000, 0x10000))
_ILLEGAL_RE = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff" + _NONCHARACTERS + "]")
_BREAKS_RE = re.compile("\r\n?|[\x0b\x0c]")


class OutputError(QplanError):
    """An output file could not be written; the message is Vietnamese and says what to do."""

    def __init__(self, path: Path | str, detail: str = "") -> None:
        self.path = Path(path)
        self.detail = detail
        super().__init__(self._message())

    def _message(self) -> str:
        return m.cli_message("output_failed", path=self.path, detail=self.detail)


class OutputLocked(OutputError):
    """The destination is open in Excel, Word, LibreOffice (or another program) and cannot be replaced."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(path, "")

    def _message(self) -> str:
        return m.cli_message("output_locked", path=self.path)


# --- atomic writes -------------------------------------------------------------------------


def atomic_write(path: Path | str, write: Callable[[Path], object]) -> None:
    """Call `write(tmp)` on a temp file next to `path`, then move it over `path` in one step.

    On any failure the temp file is removed and an existing `path` is left untouched.
    Raises OutputLocked when `path` is open in Excel/Word/LibreOffice, OutputError when `path`
    cannot name a file (too long, a folder, a device, below a file) and for other OS errors; any
    other exception from `write` propagates (it is a program failure). The temp file is named
    `.qplan-tmp-<random><suffix>` (TEMP_PREFIX), hidden, and recognisable by `is_temp_file`: a
    leftover of a killed write is never taken for a school's file.
    """
    path = Path(path)
    check_destination(path)
    if lock_file(path) is not None:
        raise OutputLocked(path)
    tmp = _temp_file(path)
    try:
        write(tmp)
        _replace(tmp, path)
    except OSError as exc:
        _remove(tmp)
        raise OutputError(path, os_error_detail(exc)) from exc
    except BaseException:
        _remove(tmp)
        raise


def check_destination(path: Path) -> None:
    """OutputError unless `path` can name a new file or replace a regular one."""
    try:
        name_size = max(len(os.fsencode(path.name)), len(path.name.encode("utf-16-le", "surrogatepass")) // 2)
        path_size = len(os.fsencode(os.path.abspath(path)))
    except UnicodeError as exc:  # a lone surrogate the file system cannot encode
        raise OutputError(path, m.CLI["output_bad_name"]) from exc
    if "\0" in str(path):
        raise OutputError(path, m.CLI["output_bad_name"])
    if name_size > MAX_NAME_BYTES:
        detail = m.CLI["output_name_too_long"].format(size=name_size, limit=MAX_NAME_BYTES)
        raise OutputError(path, detail)
    if path_size > MAX_PATH_BYTES:
        raise OutputError(path, m.OUTPUT_ERRORS["ENAMETOOLONG"])
    kind = _kind(path)
    if kind == "folder":
        raise OutputError(path, m.OUTPUT_ERRORS["EISDIR"])
    if kind == "other":
        raise OutputError(path, m.CLI["output_not_regular"])
    if kind is None:
        _check_parents(path)


def _kind(path: Path) -> str | None:
    """'file', 'folder', 'other' (FIFO, device, socket) or None when nothing is there yet."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise OutputError(path, os_error_detail(exc)) from exc
    if stat.S_ISDIR(mode):
        return "folder"
    return "file" if stat.S_ISREG(mode) else "other"


def _check_parents(path: Path) -> None:
    """The nearest existing parent of a new `path` must be a folder (not a file in the way)."""
    for parent in path.parents:
        kind = _kind(parent)
        if kind == "folder":
            return
        if kind is not None:
            raise OutputError(path, m.CLI["output_parent_not_folder"].format(parent=parent))


def is_temp_file(path: Path | str) -> bool:
    """True for a temp file of an output (a leftover of a killed write is never a school's file)."""
    return Path(path).name.startswith(TEMP_PREFIX)


def lock_file(path: Path) -> Path | None:
    """The lock file Excel, Word or LibreOffice keeps next to an open `path`, if present.

    Only an existing `path` can be open: a lock file left behind by a crash (or Word's shortened
    name of another document's lock) next to a missing `path` does not block writing it.
    """
    if not _is_file(path):
        return None
    for candidate in _lock_names(path.name):
        lock = path.with_name(candidate)
        if _is_file(lock):
            return lock
    return None


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long for the file system, a NUL byte...
        return False


def _lock_names(name: str) -> list[str]:
    names = [f"~${name}", f".~lock.{name}#"]
    # Word shortens long names: "~$" replaces the first one or two characters.
    stem = name.rsplit(".", 1)[0]
    if len(stem) >= 7:
        names.append(f"~${name[1 if len(stem) == 7 else 2:]}")
    return names


def _temp_file(path: Path) -> Path:
    """A new, empty temp file next to `path` (exclusive creation: never an existing file)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(100):
            # The destination's suffix stays: writers may reopen the temp file (openpyxl checks it).
            tmp = path.with_name(f"{TEMP_PREFIX}{os.urandom(6).hex()}{path.suffix[:16]}")
            try:
                os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                break
            except FileExistsError:
                continue
        else:
            raise FileExistsError(errno.EEXIST, "temp names exhausted", str(path.parent))
    except OSError as exc:
        raise OutputError(path, os_error_detail(exc)) from exc
    _chmod_default(tmp)
    return tmp


def _chmod_default(tmp: Path) -> None:
    """mkstemp creates 0600 files; give the result the permissions a normal save would."""
    mask = os.umask(0)
    os.umask(mask)
    with contextlib.suppress(OSError):
        os.chmod(tmp, 0o666 & ~mask)


def _replace(tmp: Path, path: Path) -> None:
    try:
        os.replace(tmp, path)
    except PermissionError as exc:
        _remove(tmp)
        if path.is_dir():
            raise OutputError(path, os_error_detail(exc)) from exc
        raise OutputLocked(path) from exc


def _remove(tmp: Path) -> None:
    with contextlib.suppress(OSError):
        tmp.unlink()


def os_error_detail(exc: OSError, *, reading: bool = False) -> str:
    """A short Vietnamese reason for an OS error, by its errno; never the system's (English) text.

    Writing adds advice (OUTPUT_ERRORS); an errno without a phrase is «lỗi hệ thống (mã N)».
    """
    return m.os_error_text(exc, None if reading else m.OUTPUT_ERRORS)


# --- formula-safe cell values --------------------------------------------------------------


def is_formula_like(value: object) -> bool:
    """True for text a spreadsheet would take as a formula (=, +, -, @ first)."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def clean_text(text: str) -> str:
    """Text that can be stored in a cell or a document: XML-safe, LF breaks, within Excel's length.

    The one sanitizer of every writer of .xlsx and .docx text (see `strip_illegal`).
    """
    return _truncate_utf16(strip_illegal(text), MAX_CELL_TEXT)


def strip_illegal(text: str) -> str:
    """`text` without the characters XML cannot hold; Word breaks and CR become LF."""
    return _ILLEGAL_RE.sub("", _BREAKS_RE.sub("\n", text))


def illegal_characters(text: str) -> str:
    """The distinct characters `strip_illegal` drops from `text`, as 'U+FFFE U+0007' ('' if none)."""
    found = dict.fromkeys(_ILLEGAL_RE.findall(text))
    return " ".join(f"U+{ord(ch):04X}" for ch in found)


def _truncate_utf16(text: str, limit: int) -> str:
    """At most `limit` UTF-16 units (what Excel counts), never splitting a character."""
    if len(text) <= limit // 2:
        return text
    units = 0
    for index, ch in enumerate(text):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > limit:
            return text[:index]
    return text


def safe_text(value: Any) -> Any:
    """The value for sinks that only take a value (CSV, plain exports): text is never a formula.

    Formula-looking text gets the leading apostrophe spreadsheets use to mark text; other
    values are returned as they are (text cleaned of characters a cell cannot hold).
    """
    if not isinstance(value, str):
        return value
    text = clean_text(value)
    return "'" + text if is_formula_like(text) else text


def set_cell(cell: Any, value: Any) -> Any:
    """Store `value` in an openpyxl cell; school text that looks like a formula stays text.

    Text is cleaned (`clean_text`); a float a workbook cannot hold (NaN, infinity) is written as
    its text.
    """
    if isinstance(value, float) and not math.isfinite(value):
        value = str(value)
    if isinstance(value, str):
        value = clean_text(value)
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True  # as when a user types 'text: editing the cell keeps it text
    return cell


def text_cell(ws: Any, value: Any, **style: Any) -> Any:
    """A formula-safe WriteOnlyCell for `write_only=True` sheets; `style` sets e.g. font=."""
    from openpyxl.cell import WriteOnlyCell

    cell = set_cell(WriteOnlyCell(ws), value)
    for name, attr in style.items():
        setattr(cell, name, attr)
    return cell
