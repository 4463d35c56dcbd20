"""xlwings glue for the add-in buttons: each entry point works on the workbook Excel is showing."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePath, PureWindowsPath
from typing import Any

from qplan_xl import messages as m
from qplan_xl.output import OutputLocked, lock_file, safe_text
from qplan_xl.version import __version__

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
# Folders Windows and mail/browser programs use for files opened straight from a message or
# a download; a workbook there is lost or read-only once the program cleans up.
TEMP_MARKERS = ("content.outlook", "inetcache", "temporary internet files", "content.mso", "appdata/local/temp")
LOG_LIMIT = 1_000_000  # bytes kept in the log before it starts afresh
MAX_DOC_NUMBER = 50


class Stop(Exception):
    """Ends a button's work early with a Vietnamese message for the user (not a failure)."""


# --- entry points: RunPython "import qplan_xl.excel as e; e.check()" -----------------------


def check() -> None:
    """Button Kiem tra: save, validate, write the result back into the workbook."""
    run_entry(run_check)


def summarize() -> None:
    """Button Tong hop: validate, then write the compliance summary sheet."""
    run_entry(run_summary)


def generate_plan() -> None:
    """Button Tao ke hoach (Word): validate, then write the .docx beside the workbook and open it."""
    run_entry(run_generate)


def generate_pdf() -> None:
    """Button Tao PDF: as generate_plan, then convert the .docx to PDF and open that."""
    run_entry(lambda book: run_generate(book, pdf=True))


def clear_marks() -> None:
    """Button Xoa danh dau: remove the fills, notes and Kiem tra sheet of a previous check."""
    run_entry(run_clear)


def show_help() -> None:
    """Button Huong dan: show the guide sheet and what each button does."""
    run_entry(run_help)


def run_entry(action: Callable[[Any], object]) -> None:
    """The boundary with Excel: any failure becomes a Vietnamese alert, never a traceback dialog."""
    book = None
    try:
        import xlwings as xw

        book = xw.Book.caller()
        action(book)
    except Stop as stop:
        alert(book, str(stop))
    except Exception as exc:  # RunPython shows a raw traceback on a non-zero exit: never let one out
        log = log_exception(exc)
        alert(book, m.EXCEL["failure"].format(detail=m.exception_text(exc, m.INTERNAL_ERROR), log=log))


# --- the work behind each button (take an xlwings Book; testable with a mock) --------------


def run_check(book: Any) -> Any:
    """Save, validate and write the Kiem tra sheet back; returns the ValidationResult."""
    result = validate_saved(book)
    alert(book, check_message(result.report))
    return result


def run_summary(book: Any) -> None:
    result = validate_saved(book)
    if not result.report.valid or result.plan is None:
        raise Stop(m.EXCEL["invalid"].format(errors=result.report.errors, warnings=result.report.warnings))
    from qplan_xl.summary import summarize, summary_rows  # lazy: a button loads only what it uses

    rows = summary_rows(summarize(result.plan, result.framework))
    write_sheet(book, m.SHEETS["summary"], rows, after=m.SHEETS["texts"])
    alert(book, m.EXCEL["summary_done"])


def run_generate(book: Any, pdf: bool = False) -> Path:
    """Validate; when valid write the plan (and PDF) beside the workbook and open it."""
    result = validate_saved(book)
    if not result.report.valid or result.plan is None:
        raise Stop(m.EXCEL["blocked"].format(errors=result.report.errors))
    workbook = Path(book.fullname)
    docx = write_plan(result, workbook)
    made = make_pdf(docx) if pdf else docx
    alert(book, m.EXCEL["pdf_done" if pdf else "plan_done"].format(path=made))
    open_document(made)
    return made


def run_clear(book: Any) -> None:
    from qplan_xl.excel.sheets import clear_book  # lazy: a button loads only what it uses

    with quiet(book):
        clear_book(book)
    alert(book, m.EXCEL["cleared"])


def run_help(book: Any) -> None:
    guide = find_sheet(book, m.SHEETS["guide"])
    if guide is not None:
        guide.activate()
    alert(book, m.EXCEL["help"].format(version=__version__, log=log_path()))


def validate_saved(book: Any) -> Any:
    """Check where the workbook lives, save it, validate the file and write the result back."""
    # lazy: a button loads only what it uses (the Help button needs none of these)
    from qplan_xl.excel.sheets import write_back  # lazy: as above
    from qplan_xl.validation.book import validate_workbook  # lazy: as above
    from qplan_xl.workbook.annotate import annotations_from_report  # lazy: as above

    path = saved_path(book)
    result = validate_workbook(path)
    with quiet(book):
        write_back(book, annotations_from_report(result.report))
    return result


def saved_path(book: Any) -> Path:
    """The workbook's file after saving it; Stop with advice when it cannot be used."""
    try:
        fullname = str(book.fullname)
    except Exception as exc:  # xlwings cannot map some OneDrive/SharePoint addresses
        raise Stop(m.EXCEL["cloud"].format(path=m.EXCEL["cloud_address"])) from exc  # xlwings' text is English
    problem = location_problem(fullname, temp_dirs())
    if problem:
        raise Stop(problem)
    if getattr(book.api, "ReadOnly", False) is True:
        raise Stop(m.EXCEL["read_only"])
    try:
        book.save()
    except Exception as exc:
        raise Stop(m.EXCEL["save_failed"].format(detail=m.exception_text(exc, m.EXCEL["save_refused"]))) from exc
    return Path(fullname)


# --- pure helpers ---------------------------------------------------------------------------


def location_problem(fullname: str, temp_folders: Sequence[str] = ()) -> str | None:
    """Why a workbook at `fullname` cannot be used as it is (a Vietnamese message), or None."""
    if "://" in fullname:
        return m.EXCEL["cloud"].format(path=fullname)
    path = pure_path(fullname)
    if not path.is_absolute() or len(path.parts) < 2:
        return m.EXCEL["not_saved"]
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        return m.EXCEL["wrong_format"].format(name=path.name)
    if in_temp_folder(fullname, temp_folders):
        return m.EXCEL["temp_folder"].format(folder=path.parent)
    return None


def pure_path(fullname: str) -> PurePath:
    """Windows paths are read as Windows paths on any OS (tests run on Linux)."""
    if re.match(r"^[A-Za-z]:[\\/]", fullname) or fullname.startswith("\\\\"):
        return PureWindowsPath(fullname)
    return PurePath(fullname)


def in_temp_folder(fullname: str, temp_folders: Sequence[str] = ()) -> bool:
    key = _folded_path(fullname)
    if any(marker in key for marker in TEMP_MARKERS):
        return True
    return any(key.startswith(_folded_path(folder).rstrip("/") + "/") for folder in temp_folders if folder)


def _folded_path(path: str) -> str:
    return path.replace("\\", "/").casefold()


def temp_dirs() -> list[str]:
    """The temp folders of a Windows session (elsewhere there is no Excel to open mail from)."""
    if os.name != "nt":
        return []
    return [os.environ.get(name, "") for name in ("TEMP", "TMP")]


def check_message(report: Any) -> str:
    if not report.valid:
        return m.EXCEL["invalid"].format(errors=report.errors, warnings=report.warnings)
    if report.warnings:
        return m.EXCEL["valid_warnings"].format(warnings=report.warnings)
    return m.EXCEL["valid"]


def document_path(workbook: Path, suffix: str, number: int = 1) -> Path:
    """'<stem> - Ke hoach.docx' beside the workbook; numbered '(2)', '(3)' ... when taken."""
    tag = m.EXCEL["doc_number"].format(n=number) if number > 1 else ""
    return workbook.with_name(m.EXCEL["doc_name"].format(stem=workbook.stem, number=tag) + suffix)


def free_document_paths(workbook: Path, suffix: str) -> Iterator[Path]:
    """Candidate output names, skipping any that is open in Word (its lock file is present)."""
    for number in range(1, MAX_DOC_NUMBER + 1):
        path = document_path(workbook, suffix, number)
        if lock_file(path) is None:
            yield path


# --- documents -------------------------------------------------------------------------------


def write_plan(result: Any, workbook: Path) -> Path:
    """Write the Word plan under the first free name (a document open in Word is left alone)."""
    from qplan_xl.word import document as word  # lazy: python-docx only for the plan buttons

    for path in free_document_paths(workbook, ".docx"):
        try:
            word.write_plan_docx(result.plan, path, framework=result.framework)
            return path
        except OutputLocked:
            continue
    raise Stop(m.cli_message("output_locked", path=document_path(workbook, ".docx")))


def make_pdf(docx: Path) -> Path:
    """Convert with LibreOffice (word.convert_to_pdf); on Windows fall back to Microsoft Word."""
    from qplan_xl.word import document as word  # lazy: python-docx only for the plan buttons

    pdf = docx.with_suffix(".pdf")
    try:
        word.convert_to_pdf(docx, pdf)
    except word.PdfError as exc:
        if os.name != "nt" or not pdf_with_msword(docx, pdf):
            raise Stop(str(exc)) from exc
    return pdf


def pdf_with_msword(docx: Path, pdf: Path) -> bool:  # pragma: no cover - needs Windows and Word
    """Export through Word's COM interface; False when Word is not there."""
    try:
        import win32com.client

        app = win32com.client.DispatchEx("Word.Application")
    except Exception:
        return False
    try:
        document = app.Documents.Open(str(docx), ReadOnly=True)
        document.ExportAsFixedFormat(str(pdf), 17)  # 17 = wdExportFormatPDF
        document.Close(False)
        return True
    finally:
        app.Quit()


def open_document(path: Path) -> None:
    """Open a produced file with its usual program (Word, a PDF reader)."""
    if os.name == "nt":  # pragma: no cover - Windows only
        os.startfile(str(path))  # type: ignore[attr-defined]
        return
    import subprocess

    command = "open" if sys.platform == "darwin" else "xdg-open"
    subprocess.Popen([command, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# --- xlwings helpers -----------------------------------------------------------------------


def alert(book: Any, text: str) -> None:
    """A message box over Excel; falls back to a plain Windows box when there is no book."""
    try:
        if book is not None:
            book.app.alert(text, title=m.EXCEL["title"])
            return
    except Exception as exc:
        log_exception(exc)
    system_message(text)


def system_message(text: str) -> None:
    """Last resort when Excel cannot be reached: a Windows message box, else stderr."""
    if os.name == "nt":  # pragma: no cover - Windows only
        import ctypes

        ctypes.windll.user32.MessageBoxW(0, text, m.EXCEL["title"], 0x40)  # type: ignore[attr-defined]
        return
    print(text, file=sys.stderr)


@contextmanager
def quiet(book: Any) -> Iterator[None]:
    """No screen flicker while many cells change; the previous setting comes back."""
    app = book.app
    before = app.screen_updating
    app.screen_updating = False
    try:
        yield
    finally:
        app.screen_updating = before


def find_sheet(book: Any, name: str) -> Any:
    from qplan_xl.workbook.annotate import nfc  # lazy: a button loads only what it uses

    for sheet in book.sheets:
        if nfc(str(sheet.name)) == nfc(name):
            return sheet
    return None


def write_sheet(book: Any, name: str, rows: list[list[Any]], after: str | None = None) -> Any:
    """Replace the content of sheet `name` (created after `after` when missing) with `rows`."""
    sheet = find_sheet(book, name)
    if sheet is None:
        anchor = find_sheet(book, after) if after else None
        sheet = book.sheets.add(name, after=anchor) if anchor is not None else book.sheets.add(name)
    sheet.clear()
    width = max((len(r) for r in rows), default=0)
    if rows and width:
        sheet.range((1, 1)).value = [[safe_text(v) for v in r] + [None] * (width - len(r)) for r in rows]
    sheet.activate()
    return sheet


# --- log -----------------------------------------------------------------------------------


def log_path() -> Path:
    """Where failures are logged: %USERPROFILE%\\.qplan\\excel.log (QPLAN_LOG overrides)."""
    return Path(os.environ.get("QPLAN_LOG") or Path.home() / ".qplan" / "excel.log")


def log_exception(exc: BaseException) -> Path:
    """Append the traceback to the log; the log is never allowed to break the button."""
    path = log_path()
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = "w" if path.exists() and path.stat().st_size > LOG_LIMIT else "a"
        with path.open(mode, encoding="utf-8") as log:
            log.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')} qplan {__version__}\n{text}\n")
    except OSError:
        pass
    return path
