"""The district's list of schools (.xlsx or .csv) -> one entry per school, with ASCII file names."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from qplan_xl import messages as m
from qplan_xl.errors import QplanError
from qplan_xl.rules.catalog import fold, parse_school_level
from qplan_xl.workbook.read.reader import MAX_COLS, RawWorkbook, UnreadableFile, read_workbook
from qplan_xl.workbook.read.source import read_user_file

HEADER_SEARCH_ROWS = 10
MAX_SLUG = 60
MAX_ROSTER_ROWS = 20_000  # a province lists a few thousand schools; a value below is an error, not lost
MAX_ROSTER_CSV_BYTES = 20 * 1024 * 1024

# Accent-free lower-case header names (catalog.fold) accepted besides the workbook labels.
_HEADER_ALIASES = {
    "code": ("ma truong", "ma so truong", "ma co so", "ma"),
    "name": ("ten truong", "ten co so", "ten co so giao duc", "truong"),
    "level": ("cap hoc", "cap", "bac hoc"),
    "authority": ("co quan chu quan", "co quan quan ly", "don vi chu quan"),
    # The office that relays the school's plan to the Sở (DESIGN 5.1): a cluster or a commune/ward.
    "unit": ("don vi", "cum", "cum chuyen mon", "cum truong", "xa/phuong", "xa, phuong", "xa phuong",
             "phuong/xa", "xa", "phuong"),
}
_LABEL_KEYS = {"code": "school_code", "name": "school_name", "level": "school_level", "authority": "authority"}



@dataclass(frozen=True)
class RosterEntry:
    """One school of the roster."""

    code: str
    name: str
    level: str
    authority: str = ""
    row: int = 0
    unit: str = ""  # Đơn vị / Cụm / Xã/Phường: the office that relays the school's plan (optional column)


class RosterError(QplanError):
    """The roster as a whole cannot be used; the message is Vietnamese."""


def read_roster(path: Path | str, default_level: str | None = None, *,
                refuse_duplicates: bool = False) -> tuple[list[RosterEntry], list[str]]:
    """Entries of a roster file and the Vietnamese problems found (rows skipped, file unreadable).

    A row without a level uses `default_level` (the --level of `qplan new`) when given. Two rows
    whose codes name one school (`code_key`) skip the second row, or, with `refuse_duplicates`,
    refuse the whole roster naming both rows.
    """
    path = Path(path)
    try:
        rows = _read_rows(path)
        return _entries(path, rows, default_level, refuse_duplicates)
    except RosterError as exc:
        return [], [str(exc)]


def read_roster_for_issuing(path: Path | str,
                            default_level: str | None = None) -> tuple[list[RosterEntry], list[str]]:
    """The roster `qplan new --roster` issues workbooks from: a code given twice refuses it.

    Two workbooks for one school (040123 and 40123) would be taken for one by the merge.
    """
    return read_roster(path, default_level, refuse_duplicates=True)


def _read_rows(path: Path) -> list[list[str]]:
    """Rows of a .csv, or of the sheet of an .xlsx that has the header (read like any workbook)."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return _csv_rows(read_user_file(path, MAX_ROSTER_CSV_BYTES))
        if suffix in (".xlsx", ".xlsm"):
            return _xlsx_rows(path)
    except UnreadableFile as exc:
        detail = m.issue_message(exc.code, **exc.params)
        raise RosterError(m.cli_message("roster_unreadable", path=path, detail=detail)) from exc
    except ValueError as exc:  # text that no encoding decodes
        raise RosterError(m.cli_message("roster_unreadable", path=path, detail=m.exception_text(exc))) from exc
    raise RosterError(m.cli_message("roster_unreadable", path=path, detail=m.NEW_CLI["roster_bad_ext"]))


def _csv_rows(data: bytes) -> list[list[str]]:
    text = _decode(data)
    sample = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [[_text(v) for v in row] for row in csv.reader(io.StringIO(text), dialect)]


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else the Windows Vietnamese code page."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


def _xlsx_rows(path: Path) -> list[list[str]]:
    book = read_workbook(path, max_rows=MAX_ROSTER_ROWS)
    sheets = [(name, _as_text(sheet.rows)) for name, sheet in book.sheets.items()]
    name, rows = next(((n, r) for n, r in sheets if _find_header(r) is not None), sheets[0] if sheets else ("", []))
    _check_extent(path, book, name)
    return rows


def _check_extent(path: Path, book: RawWorkbook, name: str) -> None:
    """A value beyond the rows and columns read would be a school silently left out: refuse."""
    sheet = book.sheet(name)
    far = book.far_cell(name)
    if far is None and sheet is not None and sheet.total_rows > MAX_ROSTER_ROWS:
        far = book.last_cell(name)
    if far is not None:
        raise RosterError(m.cli_message("roster_far_cell", path=path, sheet=name, cell=far,
                                        rows=MAX_ROSTER_ROWS, cols=MAX_COLS))


def _as_text(rows: Sequence[Sequence[object]]) -> list[list[str]]:
    return [[_text(v) for v in row] for row in rows]


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed as a number; its leading zeros are already gone
    return unicodedata.normalize("NFC", str(value if value is not None else "")).strip()


def _find_header(rows: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    """(row index, column of each key) of the first row naming at least the code and name."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = _header_columns(row)
        if "code" in columns and "name" in columns:
            return index, columns
    return None


def _header_columns(row: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for col, value in enumerate(row):
        key = _header_key(fold(value))
        if key and key not in columns:
            columns[key] = col
    return columns


def _header_key(folded: str) -> str | None:
    for key, aliases in _HEADER_ALIASES.items():
        label = _LABEL_KEYS.get(key)
        if (label is not None and folded == fold(m.INFO_LABELS[label])) or folded in aliases:
            return key
    return None


def _entries(path: Path, rows: list[list[str]], default_level: str | None,
             refuse_duplicates: bool) -> tuple[list[RosterEntry], list[str]]:
    header = _find_header(rows)
    if header is None:
        column = m.INFO_LABELS["school_code"]
        raise RosterError(m.cli_message("roster_missing_column", path=path, column=column))
    start, columns = header
    if "level" not in columns and default_level is None:
        column = m.INFO_LABELS["school_level"]
        raise RosterError(m.cli_message("roster_missing_column", path=path, column=column))
    entries: list[RosterEntry] = []
    problems: list[str] = []
    seen: dict[str, RosterEntry] = {}
    for index in range(start + 1, len(rows)):
        entry, reason = _entry(rows[index], index + 1, columns, default_level)
        if entry and (other := seen.get(code_key(entry.code))):
            reason = _duplicate(path, entry, other, refuse_duplicates)
            entry = None
        if entry:
            entries.append(entry)
            seen[code_key(entry.code)] = entry
        elif reason:
            problems.append(m.cli_message("roster_row_skipped", row=index + 1, reason=reason))
    return entries, problems


def _duplicate(path: Path, entry: RosterEntry, other: RosterEntry, refuse: bool) -> str:
    """Why a row naming a school already listed is skipped; RosterError naming both when `refuse`."""
    if refuse:
        raise RosterError(m.cli_message("roster_code_collision", path=path, row=entry.row, code=entry.code,
                                        other=other.row, other_code=other.code))
    return m.cli_message("roster_duplicate", code=entry.code, other=other.row)


def code_key(code: object) -> str:
    """The one matching key of a school code (issuing and merging use it): '040123' = '40123'.

    Spaces are ignored, letters upper-cased, compatibility forms folded (full-width digits), and
    the leading zeros of an all-digit code dropped ('0' = '000'): a code typed as a number in a
    spreadsheet loses its leading zeros, while a workbook keeps them as text.
    """
    text = "".join(unicodedata.normalize("NFKC", str(code if code is not None else "")).split()).upper()
    return (text.lstrip("0") or "0") if text.isascii() and text.isdigit() else text


def _entry(row: list[str], number: int, columns: dict[str, int],
           default_level: str | None) -> tuple[RosterEntry | None, str | None]:
    def get(key: str) -> str:
        col = columns.get(key)
        return row[col] if col is not None and col < len(row) else ""

    code, name, level_text = get("code"), get("name"), get("level")
    if not any(row):
        return None, None
    if not code:
        return None, m.CLI["roster_no_code"]
    level = parse_school_level(level_text) if level_text else default_level
    if level is None:
        reason = m.NEW_CLI["roster_no_level"] if not level_text else None
        return None, reason or m.cli_message("roster_bad_level", value=level_text)
    return RosterEntry(code, name, level, get("authority"), number, get("unit")), None


def slug(text: str) -> str:
    """ASCII file-name part: accents stripped, lower case, words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:MAX_SLUG].strip("-")


def roster_file_name(entry: RosterEntry, taken: set[str] | None = None) -> str:
    """'01234-truong-tieu-hoc-thanh-hung.xlsx'; with `taken`, a suffix keeps names unique."""
    stem = "-".join(p for p in (slug(entry.code), slug(entry.name)) if p) or "truong"
    name = f"{stem}.xlsx"
    if taken is not None:
        counter = 2
        while name.lower() in taken:
            name = f"{stem}-{counter}.xlsx"
            counter += 1
        taken.add(name.lower())
    return name
