"""Build the qplan Excel add-in (.xlam) from the macros/ source, reproducibly, on any OS."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath, PureWindowsPath
from xml.etree import ElementTree

from qplan_xl import messages as m
from qplan_xl.errors import QplanError
from qplan_xl.output import atomic_write

ADDIN_CONTENT_TYPE = "application/vnd.ms-excel.addin.macroEnabled.main+xml"
RIBBON_PART = "customUI/customUI14.xml"
RIBBON_REL_TYPE = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
RIBBON_REL_ID = "rIdQPlanRibbon"
RIBBON_NS = "http://schemas.microsoft.com/office/2009/07/customui"
PACKAGE_RELS = "_rels/.rels"
CONTENT_TYPES = "[Content_Types].xml"
# Standard modules of the project: (VBA module name, source file in macros/).
MODULES = (("xlwings", "xlwings_custom_addin.bas"), ("QPlan", "QPlan.bas"))
RIBBON_SOURCE = "customUI14.xml"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entry time: two builds give the same bytes
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
VBA_LINE_LIMIT = 1023  # characters per line the VBA editor accepts


class AddinError(QplanError):
    """The add-in could not be built; the message is Vietnamese and says what to do."""


def macros_dir() -> Path:
    """The add-in source: macros/ of a checkout, or the copy packaged as qplan_xl/macros."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package.parent / "macros", package / "macros"):
        if (candidate / RIBBON_SOURCE).is_file():
            return candidate
    raise AddinError(m.EXCEL_CLI["macros_missing"].format(path=package.parent / "macros"))


# --- sources ---------------------------------------------------------------------------------


def vba_sources(source: Path | None = None) -> dict[str, str]:
    """Module name -> VBA source ready to store: placeholders filled, CRLF, ASCII-checked."""
    folder = source or macros_dir()
    return {name: render_vba((folder / file).read_text(encoding="ascii")) for name, file in MODULES}


def render_vba(text: str) -> str:
    """Fill {{key}} with messages.EXCEL[key] as \\uXXXX escapes (VBA decodes them at run time)."""
    unknown = set(_PLACEHOLDER.findall(text)) - set(m.EXCEL)
    if unknown:
        raise AddinError(m.EXCEL_CLI["build_failed"].format(detail=m.EXCEL_CLI["vba_placeholder"].format(names=", ".join(sorted(unknown)))))
    text = _PLACEHOLDER.sub(lambda match: escape_vba_text(m.EXCEL[match.group(1)]), text)
    text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    if not text.isascii():
        raise AddinError(m.EXCEL_CLI["build_failed"].format(detail=m.EXCEL_CLI["vba_not_ascii"]))
    if any(len(line) > VBA_LINE_LIMIT for line in text.split("\r\n")):
        raise AddinError(m.EXCEL_CLI["build_failed"].format(detail=m.EXCEL_CLI["vba_line_too_long"]))
    return text


def escape_vba_text(text: str) -> str:
    """Text for a VBA string literal: non-ASCII as \\uXXXX, line breaks as \\n, quotes doubled."""
    out = []
    for char in text:
        if char == "\n":
            out.append("\\n")
        elif char == '"':
            out.append('""')
        elif char == "\\" or not (char.isascii() and char.isprintable()):
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)


def decode_vba_text(escaped: str) -> str:
    """What QPlan.bas DecodeText shows for an escaped literal (kept in step with the VBA)."""
    text = escaped.replace('""', '"')
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda match: chr(int(match.group(1), 16)), text)
    return text.replace("\\n", "\r\n")


def ribbon_xml(source: Path | None = None) -> bytes:
    """The customUI part as stored (UTF-8), after checking it parses."""
    data = ((source or macros_dir()) / RIBBON_SOURCE).read_bytes()
    ElementTree.fromstring(data)
    return data


def ribbon_actions(data: bytes) -> list[str]:
    """The onAction callback names of the ribbon's buttons."""
    root = ElementTree.fromstring(data)
    return [b.get("onAction", "") for b in root.iter(f"{{{RIBBON_NS}}}button")]


# --- build -----------------------------------------------------------------------------------


def build_addin(dest: Path | str, *, source: Path | None = None) -> None:
    """Write qplan.xlam to `dest` (atomically): VBA modules from macros/ plus the ribbon."""
    modules, ribbon = vba_sources(source), ribbon_xml(source)
    with tempfile.TemporaryDirectory(prefix="qplan-addin-") as work:
        stage = Path(work) / "stage.xlam"
        _write_project(stage, modules)
        data = add_ribbon(stage.read_bytes(), ribbon)
    atomic_write(Path(dest), _bytes_writer(data))


def _bytes_writer(data: bytes) -> Callable[[Path], None]:
    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    return write


def _write_project(stage: Path, modules: dict[str, str]) -> None:
    try:
        from pyopenvba import ExcelFile
    except ImportError as exc:
        raise AddinError(m.EXCEL_CLI["no_pyopenvba"]) from exc
    book = ExcelFile.create_new(stage)
    try:
        project = book.vba_project()
        project.delete_module("Module1")
        for name, text in modules.items():
            project.add_module(name, text)
        book.save()
    finally:
        book.close()


def add_ribbon(package: bytes, ribbon: bytes) -> bytes:
    """The package rewritten with the customUI part and its relationship added (last step:
    tools that rewrite the package, like openpyxl, drop the relationship)."""
    import io

    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == RIBBON_PART:
                continue
            data = source.read(info.filename)
            if info.filename == PACKAGE_RELS:
                data = _with_ribbon_relationship(data)
            _write_entry(target, info.filename, data)
        _write_entry(target, RIBBON_PART, ribbon)
    return out.getvalue()


def _write_entry(target: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 0  # the same bytes whichever OS builds it
    info.external_attr = 0
    target.writestr(info, data)


def _with_ribbon_relationship(rels: bytes) -> bytes:
    text = rels.decode("utf-8")
    text = re.sub(r'<Relationship [^>]*Type="' + re.escape(RIBBON_REL_TYPE) + r'"[^>]*/>', "", text)
    entry = f'<Relationship Id="{RIBBON_REL_ID}" Type="{RIBBON_REL_TYPE}" Target="{RIBBON_PART}"/>'
    return text.replace("</Relationships>", entry + "</Relationships>").encode("utf-8")


# --- inspection ------------------------------------------------------------------------------


def check_addin(path: Path | str) -> list[str]:
    """Problems of a built add-in (English, for developers and tests); empty when it is sound."""
    problems = _package_problems(Path(path))
    try:
        from pyopenvba import ExcelFile
    except ImportError:
        return problems
    with ExcelFile(path) as book:
        problems += book.validate()
        modules = book.vba_modules()
    problems += [f"module {name} missing" for name, _ in MODULES if name not in modules]
    problems += [f"module {name} is not ASCII" for name, code in modules.items() if not code.isascii()]
    return problems


def _package_problems(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        types = package.read(CONTENT_TYPES).decode("utf-8")
        rels = package.read(PACKAGE_RELS).decode("utf-8")
    problems = []
    if ADDIN_CONTENT_TYPE not in types:
        problems.append("workbook part does not have the add-in content type")
    if RIBBON_PART not in names or RIBBON_REL_TYPE not in rels:
        problems.append("ribbon part or its relationship is missing")
    if "xl/vbaProject.bin" not in names:
        problems.append("no VBA project")
    return problems


# --- install on a Windows PC -----------------------------------------------------------------

ADDIN_NAME = "qplan.xlam"
# Read by the add-in's VBA (xlwings GetConfig) from %USERPROFILE%\.qplan\qplan.conf.
# ADD_WORKBOOK_TO_PYTHONPATH false: a school folder must not shadow our modules, and xlwings
# would otherwise try to map OneDrive addresses before our code can explain the problem.
FIXED_CONFIG = (("ADD_WORKBOOK_TO_PYTHONPATH", "false"),)
_CONF_LINE = re.compile(r'^"([^"]*)","([^"]*)"\s*$')


@dataclass(frozen=True)
class InstallPlan:
    """What `qplan excel install` does: copy or build the add-in, then write the config."""

    source: Path | None  # an existing .xlam to copy; None builds a fresh one
    target: PurePath
    config: PurePath
    interpreter: str
    settings: tuple[tuple[str, str], ...]

    def config_text(self, existing: str = "") -> str:
        return merge_config(existing, self.settings)


def install_plan(
    *, addin: Path | None = None, python: str | None = None, env: Mapping[str, str] | None = None
) -> InstallPlan:
    """Paths from the Windows environment (APPDATA, USERPROFILE); nothing is touched."""
    env = os.environ if env is None else env
    appdata = env.get("APPDATA") or "%APPDATA%"
    profile = env.get("USERPROFILE") or "%USERPROFILE%"
    target = PureWindowsPath(appdata, "Microsoft", "Excel", "XLSTART", ADDIN_NAME)
    config = PureWindowsPath(profile, ".qplan", "qplan.conf")
    interpreter = python or default_interpreter()
    settings = (("INTERPRETER_WIN", portable_path(interpreter, env)),) + FIXED_CONFIG
    return InstallPlan(addin, target, config, interpreter, settings)


# Folders a per-user Python lives in, most specific first: under a Vietnamese user name the
# path is not ASCII, and the conf file is read in the ANSI code page (see CONF_ENCODING).
PORTABLE_VARS = ("LOCALAPPDATA", "APPDATA", "USERPROFILE")


def portable_path(path: str, env: Mapping[str, str]) -> str:
    """`path` with a profile folder written as %VAR% when that makes it ASCII (xlwings' GetConfig
    expands variables with WScript.Shell, in Unicode)."""
    if path.isascii():
        return path
    for var in PORTABLE_VARS:
        base = env.get(var, "").rstrip("\\")
        if base and path.lower().startswith(base.lower() + "\\"):
            return f"%{var}%" + path[len(base):]
    return path


def installed_files(env: Mapping[str, str]) -> list[Path]:
    """What `run_install` writes (the add-in, the conf), as paths of this machine."""
    appdata, profile = Path(env.get("APPDATA", "~")), Path(env.get("USERPROFILE", "~"))
    return [appdata / "Microsoft" / "Excel" / "XLSTART" / ADDIN_NAME, profile / ".qplan" / "qplan.conf"]


def default_interpreter(executable: str | None = None) -> str:
    """pythonw.exe beside the running python.exe (no console window flashes on each click)."""
    current = Path(executable or sys.executable)
    windowed = current.with_name("pythonw.exe")
    return str(windowed if current.name.lower() == "python.exe" and windowed.exists() else current)


def merge_config(existing: str, settings: Iterable[tuple[str, str]]) -> str:
    """The conf file with our keys set and any other line (a user's own setting) kept."""
    ours = dict(settings)
    kept = [line for line in existing.splitlines() if line.strip() and _conf_key(line) not in ours]
    lines = kept + [f'"{key}","{value}"' for key, value in ours.items()]
    return "\r\n".join(lines) + "\r\n"


def _conf_key(line: str) -> str | None:
    match = _CONF_LINE.match(line)
    return match.group(1).upper() if match else None


def describe_install(plan: InstallPlan) -> list[str]:
    """The steps, in Vietnamese, as --dry-run prints them."""
    e = m.EXCEL_CLI
    first = (
        e["step_copy"].format(source=plan.source, target=plan.target)
        if plan.source else e["step_build"].format(target=plan.target)
    )
    lines = [e["dry_run"], first, e["step_unblock"].format(target=plan.target)]
    lines.append(e["step_config"].format(path=plan.config))
    lines += [e["step_config_line"].format(line=line) for line in plan.config_text().splitlines()]
    lines.append(e["step_restart"])
    return lines


def install_warnings(plan: InstallPlan) -> list[str]:
    """Problems worth telling before installing (interpreter missing or with accents in its path)."""
    found = []
    if not Path(plan.interpreter).exists():
        found.append(m.EXCEL_CLI["python_missing"].format(path=plan.interpreter))
    if not dict(plan.settings)["INTERPRETER_WIN"].isascii():
        found.append(m.EXCEL_CLI["python_non_ascii"].format(path=plan.interpreter))
    return found


def run_install(plan: InstallPlan) -> None:
    """Copy or build the add-in into XLSTART and write the config (Windows); AddinError on failure."""
    try:
        _install(plan)
    except OSError as exc:  # a source that vanished, an XLSTART folder Windows refuses
        raise AddinError(m.EXCEL_CLI["build_failed"].format(detail=m.exception_text(exc))) from exc


def _install(plan: InstallPlan) -> None:
    target, config = Path(str(plan.target)), Path(str(plan.config))
    if plan.source is None:
        build_addin(target)
    else:
        data = Path(plan.source).read_bytes()
        atomic_write(target, _bytes_writer(data))
    _remove_mark_of_the_web(target)
    existing = config.read_bytes().decode(CONF_ENCODING, "replace") if config.exists() else ""
    atomic_write(config, _bytes_writer(config_bytes(plan.config_text(existing))))


# The add-in's VBA (xlwings GetConfigFromFile) reads the conf file with `Line Input #`, which
# decodes bytes in the PC's ANSI code page (cp1258 on Vietnamese Windows, cp1252 on English):
# Python's "mbcs" is that code page. A letter it lacks is written as "?", so the values we
# write are kept ASCII (portable_path); UTF-8 elsewhere only serves tests and dry runs.
CONF_ENCODING = "mbcs" if os.name == "nt" else "utf-8"


def config_bytes(text: str, encoding: str = CONF_ENCODING) -> bytes:
    """The conf file's bytes as VBA will read them (unknown letters become "?")."""
    return text.encode(encoding, "replace")


def _remove_mark_of_the_web(path: Path) -> None:  # pragma: no cover - Windows only
    """A copied download keeps its Zone.Identifier stream; Excel would then block the macros."""
    with contextlib.suppress(OSError):
        os.remove(f"{path}:Zone.Identifier")
