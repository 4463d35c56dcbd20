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

HEADER_SEARCH_ROWS = 10
MAX_SLUG = 60

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


def read_roster(path: Path | str, default_level: str | None = None) -> tuple[list[RosterEntry], list[str]]:
    """Entries of a roster file and the Vietnamese problems found (rows skipped, file unreadable).

    A row without a level uses `default_level` (the --level of `qplan new`) when given.
    """
    path = Path(path)
    try:
        rows = _read_rows(path)
        return _entries(path, rows, default_level)
    except RosterError as exc:
        return [], [str(exc)]


def _read_rows(path: Path) -> list[list[str]]:
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return _csv_rows(path.read_bytes())
        if suffix in (".xlsx", ".xlsm"):
            return _xlsx_rows(path)
    except (OSError, ValueError) as exc:
        raise RosterError(m.cli_message("roster_unreadable", path=path, detail=exc)) from exc
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise RosterError(m.cli_message("roster_unreadable", path=path, detail=exc)) from exc
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
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    sheets = [book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names]
    found = next((s for s in sheets if _find_header(_as_text(s)) is not None), sheets[0] if sheets else [])
    return _as_text(found)


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


def _entries(path: Path, rows: list[list[str]], default_level: str | None) -> tuple[list[RosterEntry], list[str]]:
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
    seen: dict[str, int] = {}
    for index in range(start + 1, len(rows)):
        entry, reason = _entry(rows[index], index + 1, columns, default_level, seen)
        if entry:
            entries.append(entry)
            seen[entry.code] = entry.row
        elif reason:
            problems.append(m.cli_message("roster_row_skipped", row=index + 1, reason=reason))
    return entries, problems


def _entry(row: list[str], number: int, columns: dict[str, int], default_level: str | None,
           seen: dict[str, int]) -> tuple[RosterEntry | None, str | None]:
    def get(key: str) -> str:
        col = columns.get(key)
        return row[col] if col is not None and col < len(row) else ""

    code, name, level_text = get("code"), get("name"), get("level")
    if not any(row):
        return None, None
    if not code:
        return None, m.CLI["roster_no_code"]
    if code in seen:
        return None, m.cli_message("roster_duplicate", code=code, other=seen[code])
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
