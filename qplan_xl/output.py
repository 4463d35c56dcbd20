"""Writing output files safely: atomic replace, lock detection, and formula-safe cell values."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from qplan_xl import messages as m
from qplan_xl.errors import QplanError

FORMULA_PREFIXES = ("=", "+", "-", "@")
MAX_CELL_TEXT = 32767  # Excel refuses to open a file with a longer cell
# Characters XML 1.0 forbids; openpyxl raises on them. Word's manual line break (\x0b) and page
# break (\x0c) arrive in text pasted from old plans, so they become line breaks instead.
_ILLEGAL_RE = re.compile(r"[\x00-\x08\x0e-\x1f]")
_BREAKS_RE = re.compile(r"[\x0b\x0c]")


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
    Raises OutputLocked when `path` is open in Excel/Word/LibreOffice, OutputError for other OS
    errors; any other exception from `write` propagates (it is a program failure).
    """
    path = Path(path)
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


def lock_file(path: Path) -> Path | None:
    """The lock file Excel, Word or LibreOffice keeps next to an open `path`, if present.

    Only an existing `path` can be open: a lock file left behind by a crash (or Word's shortened
    name of another document's lock) next to a missing `path` does not block writing it.
    """
    if not path.is_file():
        return None
    for candidate in _lock_names(path.name):
        lock = path.with_name(candidate)
        if lock.is_file():
            return lock
    return None


def _lock_names(name: str) -> list[str]:
    names = [f"~${name}", f".~lock.{name}#"]
    # Word shortens long names: "~$" replaces the first one or two characters.
    stem = name.rsplit(".", 1)[0]
    if len(stem) >= 7:
        names.append(f"~${name[1 if len(stem) == 7 else 2:]}")
    return names


def _temp_file(path: Path) -> Path:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}", dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise OutputError(path, os_error_detail(exc)) from exc
    tmp = Path(name)
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


def os_error_detail(exc: OSError) -> str:
    """A short Vietnamese reason for an OS error (falls back to the system's text)."""
    name = errno.errorcode.get(exc.errno or 0, "")
    return m.OUTPUT_ERRORS.get(name) or exc.strerror or str(exc)


# --- formula-safe cell values --------------------------------------------------------------


def is_formula_like(value: object) -> bool:
    """True for text a spreadsheet would take as a formula (=, +, -, @ first)."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def clean_text(text: str) -> str:
    """Text that can be stored in a cell: no XML-illegal characters, within Excel's length."""
    text = _ILLEGAL_RE.sub("", _BREAKS_RE.sub("\n", text))
    return text[:MAX_CELL_TEXT]


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
    """Store `value` in an openpyxl cell; school text that looks like a formula stays text."""
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
