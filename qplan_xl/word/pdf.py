"""The PDF of a Word plan through LibreOffice, and which font it was printed in."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from qplan_xl import messages as m
from qplan_xl.errors import QplanError
from qplan_xl.output import atomic_write

__all__ = ["PdfError", "convert_to_pdf", "find_soffice", "font_note", "fonts_used"]

FONT = "Times New Roman"
# Fonts drawn with Times New Roman's widths: lines and pages break as in Word.
METRIC_TWINS = ("Liberation Serif", "Tinos", "Nimbus Roman", "TeX Gyre Termes")

class PdfError(QplanError):
    """The PDF could not be made; the message is Vietnamese and says what to do instead."""


_SOFFICE_NAMES = ("soffice", "libreoffice")
_SOFFICE_PATHS = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)


def find_soffice() -> str | None:
    """LibreOffice's soffice: $QPLAN_SOFFICE, then PATH, then the usual install folders."""
    configured = os.environ.get("QPLAN_SOFFICE")
    if configured:
        return configured if Path(configured).is_file() else None
    found = next((p for p in map(shutil.which, _SOFFICE_NAMES) if p), None)
    return found or next((p for p in _SOFFICE_PATHS if Path(p).is_file()), None)


def convert_to_pdf(docx: Path | str, pdf: Path | str, *, timeout: float = 120) -> str:
    """Render `docx` to `pdf` with LibreOffice headless (private profile, time limit); the
    Vietnamese note on the font it was printed in ('' when that cannot be told)."""
    soffice = find_soffice()
    if soffice is None:
        raise PdfError(m.PDF_ERRORS["missing"])
    with tempfile.TemporaryDirectory(prefix="qplan-pdf-") as tmp:
        work = Path(tmp)
        # A plain ASCII copy: LibreOffice names its output after the input, and some builds
        # mishandle non-ASCII paths on Windows.
        source = work / "plan.docx"
        shutil.copyfile(docx, source)
        _run_soffice(soffice, source, work, timeout, Path(docx))
        produced = work / "out" / "plan.pdf"
        if not produced.is_file():
            raise PdfError(m.PDF_ERRORS["failed"].format(path=docx, detail=m.PDF_ERRORS["no_output"]))
        atomic_write(Path(pdf), lambda target: shutil.copyfile(produced, target))
    return font_note(fonts_used(pdf))


def _run_soffice(soffice: str, source: Path, work: Path, timeout: float, shown: Path) -> None:
    # A private profile per run: two soffice processes sharing one profile silently produce
    # no PDF, and a LibreOffice window the user has open would swallow the request.
    command = [
        soffice,
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless", "--invisible", "--norestore", "--nologo", "--nolockcheck",
        "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(work / "out"), str(source),
    ]
    try:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **_new_process_group()
        )
    except OSError as exc:
        raise PdfError(m.PDF_ERRORS["failed"].format(path=shown, detail=m.os_error_text(exc))) from exc
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        _kill_group(process)
        raise PdfError(m.PDF_ERRORS["timeout"].format(seconds=int(timeout))) from exc
    if process.returncode != 0:
        detail = m.PROGRAM_EXIT.format(code=process.returncode)  # LibreOffice's own text is English
        raise PdfError(m.PDF_ERRORS["failed"].format(path=shown, detail=detail))


def _new_process_group() -> dict[str, Any]:
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}  # type: ignore[attr-defined]
    return {"start_new_session": True}


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Stop soffice and the soffice.bin it started (they share the new process group)."""
    try:
        if sys.platform == "win32":
            process.kill()
        else:
            os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        pass
    process.communicate()


# --- which font the PDF uses ------------------------------------------------------------------


def fonts_used(pdf: Path | str) -> list[str]:
    """The font families embedded in `pdf` (poppler's pdffonts), else what fontconfig gives for
    Times New Roman; [] when neither tool is there (Windows, macOS without them)."""
    if shutil.which("pdffonts"):
        listing = _run(["pdffonts", str(pdf)])
        names = [line.split()[0].split("+")[-1] for line in listing.splitlines()[2:] if line.strip()]
        return sorted({_family(name) for name in names})
    if shutil.which("fc-match"):
        return [_run(["fc-match", FONT, "--format=%{family[0]}"]).strip()]
    return []


def _family(name: str) -> str:
    """'LiberationSerif-BoldItalic' -> 'Liberation Serif'; 'TimesNewRomanPSMT' -> 'Times New Roman'."""
    base = name.split("-")[0].split(",")[0].removesuffix("PSMT").removesuffix("PS").removesuffix("MT")
    return "".join(f" {c}" if c.isupper() and i and not base[i - 1].isupper() else c
                   for i, c in enumerate(base)).strip()


def _run(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ""


def font_note(families: list[str]) -> str:
    """What to tell the user about the PDF's font, in Vietnamese ('' when unknown)."""
    body = [f for f in families if "Symbol" not in f and "Open Symbol" not in f] or families
    if not body:
        return ""
    if any(f == FONT for f in body):
        return m.PDF_FONTS["times"]
    twins = [f for f in body if f in METRIC_TWINS]
    if twins:
        return m.PDF_FONTS["twin"].format(font=twins[0])
    return m.PDF_FONTS["other"].format(font=", ".join(body))
