"""Layout + catalog -> the school's workbook (.xlsx): blank templates, or filled from a Plan."""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.writer.excel import ExcelWriter

from qplan_xl import messages as m
from qplan_xl.errors import QplanUsageError
from qplan_xl.model import Plan, SchoolYear, parse_school_year
from qplan_xl.output import OutputError, atomic_write, clean_text
from qplan_xl.rules.catalog import (
    SCHOOL_LEVELS,
    Framework,
    default_framework,
    find_framework,
    framework_ids,
    parse_school_level,
)
from qplan_xl.workbook import layout
from qplan_xl.workbook.roster import RosterEntry, read_roster_for_issuing, roster_file_name
from qplan_xl.workbook.template import stamp
from qplan_xl.workbook.template.fill import fill_workbook, plan_framework, plan_input_rows
from qplan_xl.workbook.template.sheets import (
    SheetContext,
    build_sheets,
    confidence_label,
    criterion_label,
    default_texts,
    list_values,
    owner_values,
    self_rows,
)

__all__ = [
    "BLANK_YEARS",
    "RosterEntry",
    "blank_file_name",
    "build_template",
    "confidence_label",
    "criterion_label",
    "default_texts",
    "list_values",
    "owner_values",
    "read_roster",
    "read_roster_for_issuing",
    "regenerate_templates",
    "roster_file_name",
    "save_workbook",
    "self_rows",
    "write_template",
    "write_workbook",
]

# What `qplan new --roster` reads (the CLI calls `read_roster` here): a roster naming one school
# twice (040123 and 40123) is refused, since the merge would take the two workbooks for one.
read_roster = read_roster_for_issuing


def build_template(
    framework: Framework,
    *,
    level: str,
    year: SchoolYear,
    school_name: str = "",
    school_code: str = "",
    authority: str = "",
    revision: int = 0,
    issued: dt.date | str | None = None,
    input_rows: int = layout.INPUT_ROWS,
) -> Workbook:
    """The workbook of DESIGN 5.2 for one school (blank where no school data is given).

    `issued` (default today) is stamped in `_meta`; `input_rows` is how many rows each plan
    sheet prepares with dropdowns (more when a filled plan needs them).
    """
    issued_text = issued.isoformat() if isinstance(issued, dt.date) else issued
    # The school's own strings end up in cells, the guide and the document properties: none of
    # them may hold a character XML cannot (a control character typed or pasted in a roster).
    ctx = SheetContext(
        framework=framework, level=level, year=year, school_name=clean_text(school_name),
        school_code=clean_text(school_code), authority=clean_text(authority), revision=revision,
        issued=issued_text or dt.date.today().isoformat(), input_rows=max(input_rows, 1),
    )
    wb = Workbook()
    wb.remove(wb.active)
    build_sheets(wb, ctx)
    return wb


def write_template(path: Path | str, framework: Framework, **kwargs: Any) -> None:
    """Build a template (keyword arguments as build_template) and save it atomically."""
    save_workbook(build_template(framework, **kwargs), Path(path))


def save_workbook(wb: Workbook, path: Path | str) -> None:
    """Save atomically and reproducibly: the document dates set by the builder are kept (openpyxl's
    save stamps now) and zip entries carry the creation date, so the same workbook gives the same bytes."""
    created = wb.properties.created or dt.datetime(1980, 1, 1)

    def write(tmp: Path) -> None:
        ExcelWriter(wb, _StampedZip(tmp, created)).save()

    atomic_write(Path(path), write)


class _StampedZip(zipfile.ZipFile):
    """A zip whose entries all carry one fixed timestamp instead of the time of writing."""

    def __init__(self, path: Path | IO[bytes], stamp: dt.datetime) -> None:
        super().__init__(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._stamp = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=self._stamp)
            zinfo_or_arcname.compress_type = self.compression
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        # openpyxl streams worksheets through temp files, which would carry their mtime.
        self.writestr(str(arcname or filename), Path(filename).read_bytes())


def write_workbook(plan: Plan, path: Path | str, *, framework: Framework | None = None,
                   revision: int | None = None) -> None:
    """Model -> filled workbook: the template with every value of `plan` written in, atomically."""
    framework = framework or plan_framework(plan)
    meta = plan.meta
    wb = build_template(
        framework,
        level=plan.info.level,
        year=plan.info.year,
        school_name=plan.info.name,
        school_code=plan.info.code,
        authority=plan.info.authority,
        revision=revision if revision is not None else (meta.revision if meta else 0),
        issued=(meta.issued or None) if meta else None,
        input_rows=plan_input_rows(plan, framework),
    )
    fill_workbook(wb, plan, framework)
    save_workbook(wb, path)


# --- `qplan new`: choosing the framework, one workbook per school of a roster --------------


class NewUsageError(QplanUsageError):
    """A bad `qplan new` argument (year, level, framework); the message is Vietnamese."""


def parse_year_option(text: str | None) -> SchoolYear:
    """The --year option ('2025-2026') as a SchoolYear; NewUsageError when missing or malformed."""
    if not text:
        raise NewUsageError(m.NEW_CLI["need_year"])
    year = parse_school_year(text)
    if year is None:
        raise NewUsageError(m.cli_message("bad_year", value=text))
    return year


def check_level(level: str | None) -> str:
    """The --level option as a level id (the Vietnamese label is accepted too)."""
    if not level:
        raise NewUsageError(m.NEW_CLI["need_level"])
    found = parse_school_level(level)
    if found is None:
        raise NewUsageError(m.NEW_CLI["bad_level"].format(value=level, choices=", ".join(SCHOOL_LEVELS)))
    return found


def resolve_framework(level: str, year: SchoolYear, framework_id: str | None = None) -> Framework:
    """The framework asked for (id or label), else the default of the level and year."""
    if not framework_id:
        framework = default_framework(level, year.start)
        if framework.first_year > year.start:  # a level that exists only from a later circular (GDTX)
            raise NewUsageError(m.cli_message("level_from_year", level=m.SCHOOL_LEVELS.get(level, level),
                                              year=m.school_year_label(framework.first_year),
                                              framework=framework.short_name))
        return framework
    framework = find_framework_option(framework_id)
    if not framework.applies_to(level):
        raise NewUsageError(m.cli_message("framework_level_mismatch", framework=framework.id,
                                          level=m.SCHOOL_LEVELS.get(level, level)))
    return framework


def find_framework_option(framework_id: str) -> Framework:
    """The --framework option (id or label); NewUsageError listing the ids when unknown."""
    framework = find_framework(framework_id)
    if framework is None:
        raise NewUsageError(m.cli_message("bad_framework", value=framework_id,
                                          choices=", ".join(framework_ids())))
    return framework


def write_roster_workbooks(
    entries: Sequence[RosterEntry], out_dir: Path | str, year: SchoolYear, framework_id: str | None = None,
    *, overwrite: bool = False, progress: Callable[[int, int], None] | None = None,
) -> tuple[list[tuple[Path, RosterEntry, Framework]], list[str], list[str]]:
    """One prefilled workbook per roster entry in `out_dir`; returns what was written, the entries
    skipped (Vietnamese): those whose level the --framework does not cover, and those whose file
    already exists (a school may have filled it) unless `overwrite`, and the workbooks that could
    not be written (Vietnamese; the other schools' workbooks are still written).

    Each (framework, level) template is built once and copied per school with its name, code and
    authority patched in (stamp.py): 10,000 schools take minutes, not half an hour."""
    forced = find_framework_option(framework_id) if framework_id else None
    written: list[tuple[Path, RosterEntry, Framework]] = []
    problems: list[str] = []
    failures: list[str] = []
    taken: set[str] = set()
    stamper = _Stamper(year)
    for done, entry in enumerate(entries, start=1):
        if progress is not None:
            progress(done, len(entries))
        if forced is not None and not forced.applies_to(entry.level):
            reason = m.NEW_CLI["roster_framework_level"].format(
                framework=forced.id, level=m.SCHOOL_LEVELS.get(entry.level, entry.level))
            problems.append(m.cli_message("roster_row_skipped", row=entry.row, reason=reason))
            continue
        framework = forced or default_framework(entry.level, year.start)
        path = Path(out_dir) / roster_file_name(entry, taken)
        if path.exists() and not overwrite:
            reason = m.NEW_CLI["roster_exists"].format(path=path.name)
            problems.append(m.cli_message("roster_row_skipped", row=entry.row, reason=reason))
            continue
        try:
            stamper.write(path, framework, entry)
        except OutputError as exc:
            failures.append(m.NEW_CLI["roster_write_failed"].format(row=entry.row, detail=exc))
            continue
        except Exception:  # one school's failure must not cost the others their workbook
            detail = m.NEW_CLI["roster_internal_error"].format(path=path)  # the exception's text is English
            failures.append(m.NEW_CLI["roster_write_failed"].format(row=entry.row, detail=detail))
            continue
        written.append((path, entry, framework))
    return written, problems, failures


class _Stamper:
    """Templates built once per (framework, level) with markers; checked once against a real build."""

    def __init__(self, year: SchoolYear) -> None:
        self.year = year
        self.parts: dict[tuple[str, str], stamp.Parts | None] = {}  # None: build each school afresh

    def write(self, path: Path, framework: Framework, entry: RosterEntry) -> None:
        values = {"school_name": entry.name, "school_code": entry.code, "authority": entry.authority}
        key = (framework.id, entry.level)
        if stamp.stampable(values) and key not in self.parts:
            self.parts[key] = self._template(path, framework, entry, values)
            return  # the check wrote this school's workbook the slow way
        parts = self.parts.get(key) if stamp.stampable(values) else None
        if parts is None:
            write_template(path, framework, level=entry.level, year=self.year, **values)
        else:
            stamp.write_parts(stamp.stamped(parts, values), path)

    def _template(self, path: Path, framework: Framework, entry: RosterEntry,
                  values: dict[str, str]) -> stamp.Parts | None:
        """The marked template, if stamping it gives this school the cells a real build gives."""
        write_template(path, framework, level=entry.level, year=self.year, **values)
        marked = stamp.MARKERS
        wb = build_template(framework, level=entry.level, year=self.year, school_name=marked["school_name"],
                            school_code=marked["school_code"], authority=marked["authority"])
        buffer = io.BytesIO()
        ExcelWriter(wb, _StampedZip(buffer, wb.properties.created or dt.datetime(1980, 1, 1))).save()
        parts = stamp.read_parts(buffer.getvalue())
        check = io.BytesIO()
        with zipfile.ZipFile(check, "w") as archive:
            for info, data in stamp.stamped(parts, values):
                archive.writestr(info.filename, data)
        return parts if _cells(check) == _cells(path) else None


def _cells(source: Any) -> list[Any]:
    """Every cell value of every sheet: what must be equal between a stamped and a built workbook."""
    book = load_workbook(source, read_only=True)
    try:
        return [(ws.title, list(ws.iter_rows(values_only=True))) for ws in book.worksheets]
    finally:
        book.close()


# --- committed blank templates (workbook_template/) ----------------------------------------

BLANK_YEARS = (SchoolYear(2025), SchoolYear(2026))  # last 2018-circular year, first TT57 year


def blank_file_name(level: str, year: SchoolYear) -> str:
    """'ke-hoach-tieu-hoc-2025-2026.xlsx'."""
    return f"ke-hoach-{level}-{year}.xlsx"


def regenerate_templates(folder: Path | str) -> list[Path]:
    """Write the blank template of every school level for BLANK_YEARS into `folder`.

    `issued` is fixed to the start of the school year so the files only change with the code.
    """
    written = []
    for year in BLANK_YEARS:
        for level in SCHOOL_LEVELS:
            framework = default_framework(level, year.start)
            if framework.first_year > year.start:  # GDTX has a framework only from TT57
                continue
            path = Path(folder) / blank_file_name(level, year)
            write_template(path, framework, level=level, year=year,
                           issued=dt.date(year.start, 8, 1))
            written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m qplan_xl.workbook.template.build --regenerate DIR`: rewrite the committed blank templates."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2 or args[0] != "--regenerate":
        print("usage: python -m qplan_xl.workbook.template.build --regenerate DIR", file=sys.stderr)
        return 2
    for path in regenerate_templates(args[1]):
        print(m.cli_message("wrote", path=path))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
