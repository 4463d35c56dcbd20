"""Jobs started from Explorer ("Send to", a desktop drop target): no Excel process involved."""

# The ASR rule "Block all Office applications from creating child processes" stops RunPython;
# a launcher started by Explorer is not a child of Excel, so the rule does not apply.

from __future__ import annotations

import os
import struct
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from qplan_xl import messages as m
from qplan_xl.excel.buttons import document_path, open_document
from qplan_xl.excel.scripts import launcher_cmd
from qplan_xl.output import lock_file

JOBS = ("check", "build", "merge")
SENDTO_JOBS = JOBS
DESKTOP_JOB = "menu"
CMDLINE_VAR = "QPLAN_CMDLINE"
MAX_NUMBER = 50


@dataclass(frozen=True)
class Step:
    """One command a launcher runs, and the file it opens afterwards."""

    command: list[str]
    result: Path


# --- the files Explorer handed over ------------------------------------------------------------


def files_from_cmdline(cmdline: str, launcher: str) -> list[str] | None:
    """The paths after the launcher in cmd's own command line (`cmd /c ""X.cmd" a "b c""`).

    None when the line does not name the launcher (started from a console: use argv then).
    """
    folded = cmdline.lower()
    if folded.rstrip('" ').endswith(launcher.lower()):
        return []
    # The launcher's own name, else any .cmd (a launcher the user renamed).
    for marker in (f'{launcher}" '.lower(), '.cmd" '):
        at = folded.find(marker)
        if at >= 0:
            break
    else:
        return None
    rest = cmdline[at + len(marker):].rstrip()
    if rest.endswith('"') and rest.count('"') % 2 == 1:
        rest = rest[:-1]  # the closing quote of `cmd /c "…"`
    return split_arguments(rest)


def split_arguments(text: str) -> list[str]:
    """Space-separated words, double quotes grouping (a Windows path cannot contain `"`)."""
    words: list[str] = []
    current: list[str] = []
    quoted = started = False
    for char in text:
        if char == '"':
            quoted, started = not quoted, True
        elif char in " \t" and not quoted:
            if started:
                words.append("".join(current))
            current, started = [], False
        else:
            current.append(char)
            started = True
    if started:
        words.append("".join(current))
    return words


def chosen_files(argv: Sequence[str], launcher: str, env: Mapping[str, str] | None = None) -> list[Path]:
    env = os.environ if env is None else env
    from_line = files_from_cmdline(env.get(CMDLINE_VAR, ""), launcher)
    return [Path(p) for p in (argv if from_line is None else from_line)]


def workbooks(paths: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """(workbooks and folders to work on, paths skipped): Excel's lock files, non-.xlsx files.

    A folder is kept for Tong hop (Explorer cuts a command line of more than 8191 characters,
    so many workbooks are better sent as their folder).
    """
    good = [p for p in paths if p.is_dir() or (p.suffix.lower() == ".xlsx" and not p.name.startswith("~$"))]
    return good, [p for p in paths if p not in good]


# --- the command lines -------------------------------------------------------------------------


def steps(job: str, files: Sequence[Path], python: str | None = None) -> list[Step]:
    """What a job runs: `python -m qplan_xl validate --annotate …` / `build` / `merge`."""
    exe = [python or sys.executable, "-m", "qplan_xl"]
    if job == "merge":
        out = free_path(files[0].parent, m.LAUNCH["merge_name"], "", ".xlsx")
        return [Step([*exe, "merge", *map(str, files), "-o", str(out)], out)]
    books = [f for f in files if not f.is_dir()]
    if job == "build":
        return [_build_step(exe, f) for f in books]
    return [_check_step(exe, f) for f in books]


def _check_step(exe: list[str], workbook: Path) -> Step:
    out = free_path(workbook.parent, m.LAUNCH["check_name"], workbook.stem, ".xlsx")
    return Step([*exe, "validate", str(workbook), "--annotate", str(out)], out)


def _build_step(exe: list[str], workbook: Path) -> Step:
    out = next((p for p in _numbered(lambda n: document_path(workbook, ".docx", n)) if lock_file(p) is None),
               document_path(workbook, ".docx"))
    return Step([*exe, "build", str(workbook), "-o", str(out)], out)


def free_path(folder: Path, template: str, stem: str, suffix: str) -> Path:
    """The first name `template` gives that is not open in Excel (no `~$` lock file beside it)."""
    def name(n: int) -> Path:
        number = "" if n == 1 else m.EXCEL["doc_number"].format(n=n)
        return folder / (template.format(stem=stem, number=number) + suffix)

    return next((p for p in _numbered(name) if lock_file(p) is None), name(1))


def _numbered(make: Callable[[int], Path]) -> list[Path]:
    return [make(n) for n in range(1, MAX_NUMBER + 1)]


def open_result(path: Path) -> None:
    """Open the result with its program (Excel, Word); nothing to do off Windows."""
    if os.name == "nt":  # pragma: no cover - Windows only
        open_document(path)


# --- where the launchers go ----------------------------------------------------------------------


def py_call(version: tuple[int, int] | None = None, bits: int | None = None) -> str:
    """`py -3.12` (or `py -3.12-32`): ASCII, whatever the interpreter's (Vietnamese) path."""
    major, minor = version or sys.version_info[:2]
    bits = bits or struct.calcsize("P") * 8
    return f"py -{major}.{minor}" + ("-32" if bits == 32 else "")


def sendto_dir(env: Mapping[str, str]) -> Path:
    return Path(env.get("APPDATA", "~"), "Microsoft", "Windows", "SendTo")


def desktop_dir(env: Mapping[str, str]) -> Path:
    """The real desktop (moved into OneDrive when its folder backup is on), else the profile's."""
    found = _known_desktop()
    return found or Path(env.get("USERPROFILE", "~"), "Desktop")


def _known_desktop() -> Path | None:  # pragma: no cover - Windows only
    if os.name != "nt":
        return None
    import ctypes
    from ctypes import wintypes
    from uuid import UUID

    desktop = UUID("{B4BFCC3A-DB2C-424C-B029-7FE99A87C641}")
    guid = (ctypes.c_byte * 16).from_buffer_copy(desktop.bytes_le)
    out = wintypes.LPWSTR()
    if ctypes.windll.shell32.SHGetKnownFolderPath(ctypes.byref(guid), 0, None, ctypes.byref(out)):  # type: ignore[attr-defined]
        return None
    path = out.value
    ctypes.windll.ole32.CoTaskMemFree(out)  # type: ignore[attr-defined]
    return Path(path) if path else None


def launcher_files(env: Mapping[str, str]) -> dict[Path, str]:
    """Launcher path -> job: one Send-to entry per job, one drop target on the desktop."""
    names = m.LAUNCH_JOBS
    made = {sendto_dir(env) / f"{names[job]}.cmd": job for job in SENDTO_JOBS}
    made[desktop_dir(env) / f"{names[DESKTOP_JOB]}.cmd"] = DESKTOP_JOB
    return made


def write_launchers(env: Mapping[str, str], python: str | None = None) -> list[Path]:
    written = []
    for path, job in launcher_files(env).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(launcher_cmd(job, python or py_call()))
        written.append(path)
    return written
