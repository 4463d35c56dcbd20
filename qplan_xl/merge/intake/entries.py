"""Find the files to merge: every entry of the input folders, those not to be read listed with why."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from qplan_xl import messages as m
from qplan_xl.errors import QplanUsageError
from qplan_xl.merge.intake.files import LOCK_MAX_BYTES, LOCK_PREFIX, failed, is_merge_output
from qplan_xl.merge.records import FileKind, FileResult
from qplan_xl.output import is_temp_file, os_error_detail

# qplan_xl.output._temp_file: mkstemp(prefix=".{stem}.", suffix=".tmp{suffix}") -> 8 random characters
TEMP_RE = re.compile(r"^\..*\.[a-z0-9_]{8}\.tmp\.[A-Za-z0-9]+$")
LIBREOFFICE_LOCK_RE = re.compile(r"^\.~lock\..*#$")


class MergeError(QplanUsageError):
    """The merge cannot run at all (no input, unusable roster); the message is Vietnamese."""


class Entry(NamedTuple):
    """One entry met in the inputs; `result` is set when it is listed without being read."""

    path: Path
    shown: str
    result: FileResult | None = None


def discover(inputs: Sequence[Path | str], exclude: Path | None = None) -> list[Entry]:
    """Every entry under `inputs` (folders recursively), each with a short name, in a stable order."""
    skip = {_resolved(exclude)} if exclude is not None else set()
    found: list[Entry] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found.extend(_walk(path))
        elif os.path.lexists(path) and (path.exists() or path.is_symlink()):
            if path.is_file() and _resolved(path) in skip:  # an input is never overwritten
                raise MergeError(m.cli_message("same_as_input", path=str(path)))
            found.append(Entry(path, path.name, not_to_read(path)))
        else:
            raise MergeError(m.issue_message("file-not-found", path=str(path)))
    return _unique(found, skip, inputs)


def _unique(found: list[Entry], skip: set[Path], inputs: Sequence[Path | str]) -> list[Entry]:
    unique: dict[Path, Entry] = {}
    for entry in found:
        key = _resolved(entry.path) if entry.result is None else entry.path.absolute()
        if key not in skip:
            unique.setdefault(key, entry)
        elif not is_merge_output(entry.path):  # the output would replace a school's file in the folder
            raise MergeError(m.cli_message("same_as_input", path=str(entry.path)))
    if not unique:
        raise MergeError(m.MERGE_CLI["no_inputs"].format(paths=", ".join(str(p) for p in inputs)))
    return list(unique.values())


def _walk(folder: Path) -> Iterator[Entry]:
    """Files and the folders not entered (hidden, linked, unreadable), depth first in name order."""
    base = folder.resolve().parent
    refused: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=refused.append):
        yield from (_folder(Path(e.filename or root), base, e) for e in refused)
        refused.clear()
        here = Path(root)
        entered = []
        for name in sorted(dirs):
            if name.startswith(".") or (here / name).is_symlink():
                yield _folder(here / name, base, None)
            else:
                entered.append(name)
        dirs[:] = entered
        for name in sorted(files):
            path = here / name
            yield Entry(path, _shown(here, name, base), not_to_read(path))
    yield from (_folder(Path(e.filename or folder), base, e) for e in refused)


def _folder(path: Path, base: Path, error: OSError | None) -> Entry:
    shown = _shown(path.parent, path.name, base) + "/"
    if error is not None:
        code, params = "folder-unreadable", {"detail": os_error_detail(error, reading=True)}
    else:
        code, params = ("folder-link" if path.is_symlink() else "folder-hidden"), {}
    kind = FileKind.UNREADABLE if error is not None else FileKind.NOT_WORKBOOK
    return Entry(path, shown, failed(str(path), code, kind, **params))


def _shown(root: Path, name: str, base: Path) -> str:
    return Path(os.path.relpath(_resolved(root) / name, base)).as_posix()


def not_to_read(path: Path) -> FileResult | None:
    """The listing of an entry that must not be read (lock, temp, special file, broken link), else None."""
    try:
        info = path.stat()
    except (OSError, RuntimeError) as exc:
        if path.is_symlink():
            return failed(str(path), "link-broken", FileKind.NOT_WORKBOOK)
        detail = os_error_detail(exc, reading=True) if isinstance(exc, OSError) else m.OS_ERRORS["ELOOP"]
        return failed(str(path), "file-unreadable", FileKind.UNREADABLE, detail=detail)
    if not stat.S_ISREG(info.st_mode):
        return failed(str(path), "file-special", FileKind.NOT_WORKBOOK, kind=_special(info.st_mode))
    name = path.name
    if LIBREOFFICE_LOCK_RE.match(name) or (name.startswith(LOCK_PREFIX) and info.st_size <= LOCK_MAX_BYTES):
        return failed(str(path), "file-lock", FileKind.NOT_WORKBOOK)
    if TEMP_RE.match(name) or is_temp_file(path):
        return failed(str(path), "file-temp", FileKind.NOT_WORKBOOK)
    return None


def _special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return m.MERGE_SPECIAL["fifo"]
    if stat.S_ISSOCK(mode):
        return m.MERGE_SPECIAL["socket"]
    return m.MERGE_SPECIAL["device"]


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop raises RuntimeError before Python 3.13
        return path.absolute()
