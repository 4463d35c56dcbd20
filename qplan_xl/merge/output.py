"""Write the consolidated workbook: openpyxl (write-only) for the frame, streamed XML for the tables."""

# openpyxl's write-only cells cost ~23 us each on the reference machine: 17 s for the 41,000 actions
# of a 1,000-school district, more than the whole merge budget. The frame (styles, widths, filters,
# chart, print setup) is still written by openpyxl; only the rows of the tables are written here,
# as inline strings, which never hold a formula: text from schools stays text.
# openpyxl is imported where it is used: worker processes import this package to read files,
# and only the main process writes.

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from qplan_xl import messages as m
from qplan_xl.merge.records import (
    MERGE_TEMPLATE_ID,
    MERGE_TEMPLATE_VERSION,
    RETURNED,
    FileStatus,
    SchoolStatus,
    SheetRow,
    code_key,
)
from qplan_xl.merge.report import MergeResult
from qplan_xl.merge.sheets import (
    ASIDE,
    FROZEN,
    STATUS_COLOURS,
    TABLES,
    Col,
    file_values,
    issue_rows,
    level_label,
    missing_values,
    notice_values,
    project,
    projection,
    school_values,
    shown_tables,
    superseded_values,
    unit_values,
)
from qplan_xl.output import atomic_write, text_cell
from qplan_xl.workbook.layout import column_letter
from qplan_xl.workbook.stream import CHARS_PER_WIDTH, CellStyle, row_height, row_writer, splice

CHUNK_ROWS = 2000
OVERVIEW_WIDTHS = {"A": 46, "B": 16, "C": 12, "D": 12, "E": 12, "F": 14}
CHART_ROWS = 17  # rows left free under the levels table for the chart (8 cm high)
BOLD_PER_WIDTH = 0.75  # characters of a bold header label per unit of column width

MAX_SHEET_ROWS = 1_048_576
Spooled = Callable[[int], list[SheetRow]]  # file index -> its action rows, kept on disk until written
Styles = dict[str, Any]  # openpyxl style attributes by use, and the style ids of streamed cells


# --- public API -----------------------------------------------------------------------------------


def write_merge_workbook(result: MergeResult, path: Path | str, spooled: Spooled) -> None:
    """Write the consolidated workbook atomically (an existing file is replaced only on success)."""
    atomic_write(Path(path), lambda tmp: _write(result, spooled, tmp))


def _write(result: MergeResult, spooled: Spooled, tmp: Path) -> None:
    frame = tmp.with_name(tmp.name + ".frame")
    try:
        small = {key: list(rows) for key, rows in _small_tables(result)}
        counts = {key: len(rows) for key, rows in small.items()} | {"actions": result.actions}
        shown = shown_tables(result.frameworks())
        if counts["units"] < 2:  # one unit (a cluster's own merge): the overview says it all
            del shown["units"]
        parts, styles, heights = _frame(result, frame, counts, shown)
        rows: dict[str, Iterable[SheetRow]] = {**small, "actions": _action_rows(result, spooled)}
        streams: dict[str, Iterable[bytes]] = {
            part: table_xml(shown[key], styles, project(rows[key], projection(TABLES[key], shown[key])))
            for part, key in parts.items()
        }
        heights |= {part: {1: header_height(shown[key])} for part, key in parts.items()}
        splice(frame, tmp, streams, heights)
    finally:
        frame.unlink(missing_ok=True)


def header_height(columns: tuple[Col, ...]) -> float:
    """Points of a table's header row: its labels wrap in their column (bold: fewer per line)."""
    return row_height([c.header for c in columns], [max(c.width * BOLD_PER_WIDTH, 3) for c in columns]) + 4


# --- the rows of each table ---------------------------------------------------------------------


def _small_tables(result: MergeResult) -> Iterator[tuple[str, Iterable[SheetRow]]]:
    files = result.files
    yield "units", (unit_values(u) for u in result.units())
    yield "schools", (school_values(s) for s in result.schools)
    yield "criteria", result.criteria
    yield "issues", _issue_rows(result)
    yield "missing", (missing_values(s, result.authorities.get(code_key(s.code), ""))
                      for s in result.schools if s.status == SchoolStatus.MISSING)
    yield "superseded", (superseded_values(r, files[r.replaced_by]) for r in files
                         if r.status == FileStatus.SUPERSEDED and r.replaced_by is not None)
    yield "files", (file_values(r) for r in files)
    yield "notices", (notice_values(n) for n in result.notices)


def _issue_rows(result: MergeResult) -> Iterator[SheetRow]:
    units = {code_key(s.code): s.unit for s in result.schools}
    for record in result.files:
        if record.status in RETURNED:
            yield from issue_rows(record, units.get(record.school or "", result.unit))
    for index, codes in result.unit_codes.items():
        unit = result.files[index].unit_data
        for row in unit.issues:
            if code_key(row[2]) in codes or not row[2]:
                yield (row[0] or unit.unit,) + tuple(row[1:])


def _action_rows(result: MergeResult, spooled: Spooled) -> Iterator[SheetRow]:
    """Actions of valid schools in school order, then those read from merge outputs."""
    for school in result.schools:
        if school.status == SchoolStatus.VALID and school.source is not None:
            head = (school.unit, school.code, school.name, level_label(school.level))
            for body in spooled(school.source):
                yield head + body
    for index, codes in result.unit_codes.items():
        unit = result.files[index].unit_data
        for row in spooled(index):
            if code_key(row[1]) in codes:
                yield (row[0] or unit.unit,) + row[1:]


# --- the frame: overview, chart, headers, widths, print setup (openpyxl) --------------------------


def _frame(result: MergeResult, path: Path, counts: dict[str, int],
           shown: dict[str, tuple[Col, ...]]) -> tuple[dict[str, str], Styles, dict[str, dict[int, float]]]:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    overview = wb.create_sheet(m.MERGE_SHEETS["overview"])
    styles = _styles(overview)
    heatmap = "units" in shown and bool(result.unit_criteria)
    headers = _overview(overview, result, styles, [*shown, *(["heatmap"] if heatmap else [])])
    sheets = {}
    for key, columns in shown.items():
        ws = wb.create_sheet(m.MERGE_SHEETS[key])
        _table_frame(ws, key, columns, counts[key], styles)
        sheets[key] = ws
        if key == "criteria" and heatmap:
            _heatmap(wb.create_sheet(m.MERGE_SHEETS["heatmap"]), result, styles)
    _meta(wb, result)
    _properties(wb, result)
    wb.save(path)
    return {ws.path.lstrip("/"): key for key, ws in sheets.items()}, styles, {overview.path.lstrip("/"): headers}


def _styles(ws: Any) -> Styles:
    """Style ids for streamed cells, registered in the workbook through throw-away cells."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="808080")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")  # rows grow with their wrapped text: every cell starts at the top
    kinds = {
        "text": {"alignment": top}, "wrap": {"alignment": wrap}, "number": {"alignment": top},
        "money": {"number_format": "#,##0", "alignment": top},
        "date": {"number_format": "dd/mm/yyyy hh:mm", "alignment": top},
        "percent": {"number_format": "0%", "alignment": top},
    }
    plain = {kind: (_attr(ws, **a), _attr(ws, quotePrefix=True, **a)) for kind, a in kinds.items()}
    status: dict[object, tuple[str, str]] = {None: plain["text"]}
    for label, colour in STATUS_COLOURS.items():
        fill = _attr(ws, fill=PatternFill("solid", fgColor=colour), alignment=top)
        status[label] = (fill, fill)
    ids: dict[str, CellStyle] = {**plain, "status": status}
    return {
        "ids": ids,
        "header": {"font": Font(bold=True), "fill": PatternFill("solid", fgColor="DDEBF7"),
                   "alignment": Alignment(wrap_text=True, horizontal="center", vertical="center"),
                   "border": Border(left=thin, right=thin, top=thin, bottom=thin)},
        "title": {"font": Font(bold=True, size=14, color="1F3864")},
        "bold": {"font": Font(bold=True)},
        "wrap": {"alignment": wrap},
        "percent": {"number_format": "0%"},
        "money": {"number_format": "#,##0"},
    }


def _attr(ws: Any, **attrs: Any) -> str:
    """The ` s="n"` attribute of a streamed cell with `attrs`, registered through a throw-away cell."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws)
    for name, value in attrs.items():
        setattr(cell, name, value)
    return f' s="{cell.style_id}"' if cell.style_id else ""


def _table_frame(ws: Any, key: str, columns: tuple[Col, ...], count: int, styles: Styles) -> None:
    from openpyxl.utils import get_column_letter

    aside = ASIDE.get(key, set())
    for i, col in enumerate(columns, start=1):
        dimension = ws.column_dimensions[get_column_letter(i)]
        dimension.width = col.width
        if col.key in aside:
            dimension.outlineLevel, dimension.hidden = 1, True
    ws.freeze_panes = FROZEN.get(key, "A2")
    ws.print_title_rows = "1:1"
    _print_setup(ws)
    ws.append([text_cell(ws, col.header, **styles["header"]) for col in columns])
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"


def _print_setup(ws: Any, portrait: bool = False) -> None:
    """A4 landscape, one page wide; the overview: portrait, on one page (the clerk prints for meetings)."""
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.orientation, ws.page_setup.paperSize = "portrait" if portrait else "landscape", 9
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 1 if portrait else 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _overview(ws: Any, result: MergeResult, styles: Styles, sheets: Iterable[str]) -> dict[int, float]:
    """The overview (portrait): facts, counts, units, levels with their chart, the sheets; header row heights."""
    o = m.MERGE_OVERVIEW
    for letter, width in OVERVIEW_WIDTHS.items():
        ws.column_dimensions[letter].width = width
    _print_setup(ws, portrait=True)
    rows: list[list[Any]] = [[text_cell(ws, o["title"], **styles["title"])], []]
    rows += [[text_cell(ws, label, **styles["bold"]), text_cell(ws, value)] for label, value in _facts(result)]
    rows += [[], [text_cell(ws, o["counts"], **styles["bold"])], _headers(ws, styles, "label", "count")]
    for label, value, key in _count_rows(result):
        rows.append([text_cell(ws, label), text_cell(ws, value, **(styles["money"] if key == "budget" else {}))])
    rows += _unit_rows(ws, result, styles)
    rows += [[], [text_cell(ws, o["chart_table"], **styles["bold"])], _headers(ws, styles, "reached", "schools")]
    chart_header = len(rows)
    levels = result.levels_reached()
    rows += [[label, count] for label, count in levels]
    chart_at = len(rows) + 2
    rows += [[] for _ in range(CHART_ROWS)]
    rows += [[], [text_cell(ws, o["sheets"], **styles["bold"])]]
    rows += [[m.MERGE_SHEETS[key], m.MERGE_SHEET_HELP[key]] for key in sheets if key in m.MERGE_SHEET_HELP]
    for row in rows:
        ws.append(row)
    _level_chart(ws, chart_header, len(levels), chart_at)
    return {n: _overview_height(row) for n, row in enumerate(rows, start=1) if _is_header(row, styles)}


def _is_header(row: list[Any], styles: Styles) -> bool:
    return bool(row) and getattr(row[0], "fill", None) == styles["header"]["fill"]


def _overview_height(row: list[Any]) -> float:
    widths = list(OVERVIEW_WIDTHS.values())
    return row_height([c.value for c in row], [w * BOLD_PER_WIDTH for w in widths]) + 4


def _unit_rows(ws: Any, result: MergeResult, styles: Styles) -> list[list[Any]]:
    """The overview's table per unit (cluster, commune/ward): schools by status and progress."""
    units = result.units()
    if len(units) < 2:
        return []
    rows: list[list[Any]] = [[], [text_cell(ws, m.MERGE_OVERVIEW["units"], **styles["bold"])]]
    rows.append(_headers(ws, styles, "unit", "schools", "valid", "resubmit", "missing", "ratio"))
    for unit in units:
        ratio = (unit["progress"] or {}).get("ratio")
        rows.append([text_cell(ws, unit["unit"] or m.MERGE_NO_UNIT), unit["schools"], unit["valid"],
                     unit["invalid"] + unit["unreadable"], unit["missing"],
                     text_cell(ws, ratio, **styles["percent"]) if ratio is not None else None])
    return rows


def _headers(ws: Any, styles: Styles, *keys: str) -> list[Any]:
    return [text_cell(ws, m.MERGE_HEADERS[k], **styles["header"]) for k in keys]


def _facts(result: MergeResult) -> list[tuple[str, str]]:
    o = m.MERGE_OVERVIEW
    year = result.year or ""
    if result.year and result.year_inferred:
        year = o["year_inferred"].format(year=result.year)
    levels = ", ".join(level_label(v) for v in result.levels) or o["all_levels"]
    return [
        (o["unit"], result.unit), (o["year"], year), (o["levels"], levels),
        (o["roster"], result.roster or o["no_roster"]), (o["generated"], result.generated.replace("T", " ")),
    ]


def _count_rows(result: MergeResult) -> list[tuple[str, Any, str]]:
    counts, schools = result.counts(), result.school_status()
    labels = m.MERGE_COUNTS
    rows: list[tuple[str, Any, str]] = [(labels[k], counts[k], k) for k in ("files", "schools", "valid", "invalid")]
    rows.append((labels["unreadable_schools"], schools["unreadable"], "school_status.unreadable"))
    rows += [(labels[k], counts[k], k) for k in ("missing", "unreadable", "superseded", "actions", "budget")]
    progress = result.progress()
    if progress is not None:
        done = m.MERGE_COUNTS["progress_value"].format(
            completed=progress["completed"], total=progress["total"], percent=round(100 * (progress["ratio"] or 0)))
        rows.append((labels["progress"], done, "progress"))
    return rows


def _level_chart(ws: Any, header_row: int, categories: int, below: int) -> None:
    from openpyxl.chart import BarChart, Reference

    o = m.MERGE_OVERVIEW
    chart = BarChart()
    chart.title, chart.y_axis.title, chart.legend = o["chart_title"], o["chart_y"], None
    last = header_row + categories
    chart.add_data(Reference(ws, min_col=2, min_row=header_row, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=header_row + 1, max_row=last))
    chart.width, chart.height = 18, 8
    ws.add_chart(chart, f"A{below}")


def _heatmap(ws: Any, result: MergeResult, styles: Styles) -> None:
    """Per unit and criterion: schools below their target, then actions; coloured by value."""
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.utils import get_column_letter

    h = m.MERGE_HEATMAP
    codes = sorted({c for cells in result.unit_criteria.values() for c in cells}, key=_criterion_order)
    valid = Counter(s.unit for s in result.schools if s.status == SchoolStatus.VALID)
    units = [u["unit"] for u in result.units()]
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 28, 9
    for i in range(len(codes)):
        ws.column_dimensions[get_column_letter(i + 3)].width = 6.5
    _print_setup(ws)
    last = get_column_letter(len(codes) + 2)
    rows: list[list[Any]] = [[text_cell(ws, h["title"], **styles["title"])], [text_cell(ws, h["note"])]]
    for block, (key, colour) in enumerate((("below", "F8696B"), ("actions", "63BE7B"))):
        rows += [[], [text_cell(ws, h[key], **styles["bold"])]]
        rows.append([text_cell(ws, v, **styles["header"]) for v in (m.MERGE_HEADERS["unit"], h["valid"], *codes)])
        first = len(rows) + 1
        for unit in units:
            cells = result.unit_criteria.get(unit, {})
            rows.append([unit or m.MERGE_NO_UNIT, valid[unit], *(cells.get(c, [0, 0])[block] for c in codes)])
        ws.conditional_formatting.add(f"C{first}:{last}{len(rows)}", ColorScaleRule(
            start_type="num", start_value=0, start_color="FFFFFF", end_type="max", end_color=colour))
    for row in rows:
        ws.append(row)


def _criterion_order(code: str) -> tuple[int, ...]:
    """1.2 before 1.10; Mức 4 items (M4.1) last."""
    numbers = tuple(int(p) for p in code.lstrip("M").split(".") if p.isdigit())
    return (1 if code.startswith("M") else 0, *numbers)


def _meta(wb: Any, result: MergeResult) -> None:
    ws = wb.create_sheet(m.MERGE_SHEETS["meta"])
    ws.sheet_state = "veryHidden"
    pairs = {
        "template_id": MERGE_TEMPLATE_ID, "template_version": MERGE_TEMPLATE_VERSION,
        "unit": result.unit, "school_year": result.year or "", "levels": ",".join(result.levels),
        "generated": result.generated, "roster": result.roster or "", **result.counts(),
    }
    for key, value in pairs.items():
        ws.append([key, text_cell(ws, value)])


def _properties(wb: Any, result: MergeResult) -> None:
    props = wb.properties
    props.creator = props.lastModifiedBy = m.TEMPLATE["note_author"]
    props.title = m.MERGE_OVERVIEW["title"]
    props.subject = " ".join(filter(None, (result.unit, result.year)))
    props.identifier = f"{MERGE_TEMPLATE_ID}/{MERGE_TEMPLATE_VERSION}"


# --- the rows of the tables, streamed as SpreadsheetML ---------------------------------------------


def table_xml(columns: tuple[Col, ...], styles: Styles, rows: Iterable[SheetRow]) -> Iterator[bytes]:
    """`<row>` elements for the data rows (row 2 onwards), in chunks of UTF-8 bytes."""
    letters = [column_letter(i) for i in range(1, len(columns) + 1)]
    kinds = [styles["ids"][c.kind] for c in columns]
    per_line = [c.width * CHARS_PER_WIDTH if c.kind == "wrap" else 0 for c in columns]
    write = row_writer(letters, kinds, per_line)
    buffer: list[str] = []
    for number, values in enumerate(rows, start=2):
        if number > MAX_SHEET_ROWS:
            break
        buffer.append(write(number, values))
        if len(buffer) >= CHUNK_ROWS:
            yield "".join(buffer).encode("utf-8", "replace")
            buffer = []
    if buffer:
        yield "".join(buffer).encode("utf-8", "replace")
