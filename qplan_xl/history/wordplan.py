"""A plan typed in Word (2018 nine-column table or Biểu 2) -> Plan, with a report of what could not be placed."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qplan_xl import messages as m
from qplan_xl.history import fields as f
from qplan_xl.history.docx import Cell, WordDocument, WordUnreadable, read_word
from qplan_xl.model import Action, Plan, SchoolInfo, SchoolYear, Texts, parse_school_year
from qplan_xl.rules.catalog import Framework, default_framework, fold, list_frameworks
from qplan_xl.rules.forms import PlanForm, load_form
from qplan_xl.workbook.template.sheets import default_texts

IM = m.IMPORT
HEADER_ROWS = 4  # the header of a plan table is looked for in its first rows
COLUMNS_2018 = (("criterion", ("tieu chuan", "tieu chi")), ("result", ("ket qua",)),
                ("tasks", ("cong viec", "giai phap")), ("owners", ("chu tri",)), ("partners", ("phoi hop",)),
                ("start", ("bat dau",)), ("period", ("thoi gian", "hoan thanh")), ("resources", ("kinh phi",)),
                ("support", ("dieu kien", "ho tro")), ("note", ("ghi chu",)), ("no", ("tt",)))
COLUMNS_BIEU2 = (("indicator", ("chi so",)), ("content", ("noi dung",)), ("objective", ("muc tieu",)),
                 ("tasks", ("hoat dong", "giai phap")), ("period", ("thoi gian",)), ("owners", ("phu trach",)),
                 ("resources", ("nguon luc",)), ("evidence", ("minh chung",)), ("status", ("muc do",)),
                 ("note", ("ghi chu",)), ("no", ("tt",)))
LEVEL_WORDS = (("mam non", "mam-non"), ("mau giao", "mam-non"), ("nhieu cap", "pho-thong"),
               ("th&thcs", "pho-thong"), ("thcs&thpt", "pho-thong"), ("lien cap", "pho-thong"),
               ("tieu hoc", "tieu-hoc"), ("thcs", "thcs"), ("trung hoc co so", "thcs"), ("thpt", "thpt"),
               ("trung hoc pho thong", "thpt"), ("gdtx", "gdtx"), ("giao duc thuong xuyen", "gdtx"))
_DATE = re.compile(r"^(.{2,60}?),\s*ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
_NUMBER = re.compile(r"^so\s*:?\s*(\S+)")
_YEAR = re.compile(r"nam hoc\s*:?\s*(\d{4}\s*(?:-|\u2013|\u2014)\s*\d{4})")


@dataclass(frozen=True)
class Unplaced:
    """A piece of the Word plan that did not find its place: table, row (1-based), reason, text."""

    table: int
    row: int
    reason: str
    text: str

    def message(self) -> str:
        return IM["unplaced"].format(table=self.table, row=self.row, reason=IM[self.reason], text=self.text[:120])


@dataclass
class ImportResult:
    """The plan read from Word (None when nothing usable was found), what was not placed, why it failed."""

    plan: Plan | None = None
    framework: Framework | None = None
    unplaced: list[Unplaced] = field(default_factory=list)
    problem: str = ""  # a key of messages.IMPORT when nothing could be read


def import_word_plan(path: Path | str, level: str | None = None, year: SchoolYear | None = None) -> ImportResult:
    """Read a plan typed in Word; never raises on bad input (the result says what went wrong)."""
    try:
        doc = read_word(Path(path))
    except WordUnreadable as exc:
        return ImportResult(problem=exc.key)
    except Exception:  # a program failure on a hostile file still ends as "unreadable"
        return ImportResult(problem="unreadable")
    return plan_from_document(doc, level, year)


def plan_from_document(doc: WordDocument, level: str | None, year: SchoolYear | None) -> ImportResult:
    header = _header(doc.lines)
    level = level or header.get("level")
    year = year or header.get("year")
    found = _plan_table(doc)
    if found is None:
        return ImportResult(problem="nothing")
    index, layout, columns, first = found
    if not level or not year:
        return ImportResult(problem="need_level" if not level else "need_year")
    framework = _framework(level, year, bieu2=layout == "bieu2")
    reader = _TableReader(index, columns, year, framework, load_form("TT57-2026-BIEU-2"))
    actions = reader.read(doc.tables[index][first:], first)
    if not actions:
        return ImportResult(problem="nothing", unplaced=reader.unplaced)
    info = SchoolInfo(authority=header.get("authority", ""), name=header.get("name", ""), code="", level=level,
                      kind=m.SCHOOL_TYPES.get(level, m.SCHOOL_TYPES["pho-thong"]) if framework.form else "",
                      year=year, framework=framework.id, doc_number=header.get("number", ""),
                      place=header.get("place", ""), issue_date=header.get("date"))
    texts = {**default_texts(framework, year, level), **_texts(doc.lines)}
    plan = Plan(info=info, actions=_renumbered(actions), texts=Texts(**texts))
    return ImportResult(plan, framework, reader.unplaced)


# --- the header block and the narrative ----------------------------------------------------------


def _header(lines: list[str]) -> dict[str, Any]:
    """School, agency, number, place and date, level and year from the lines before the plan table."""
    found: dict[str, Any] = {}
    for i, line in enumerate(lines[:80]):
        folded = fold(line)
        _header_line(found, line, folded, [x for x in lines[max(i - 4, 0):i] if not _motto(x)])
    name = str(found.get("name", ""))
    level = next((lv for word, lv in LEVEL_WORDS if word in fold(name)), None)
    if level:
        found["level"] = level
    return found


def _motto(line: str) -> bool:
    return fold(line).startswith(("cong hoa", "doc lap")) or not line.strip()


def _header_line(found: dict[str, Any], line: str, folded: str, before: list[str]) -> None:
    if "name" not in found and folded.startswith("truong ") and len(line) < 120:
        found["name"] = line.strip()
        if before:
            found.setdefault("authority", before[-1].strip())
    if "number" not in found and (hit := _NUMBER.match(folded)):
        found["number"] = line.split(":", 1)[-1].strip().split()[0] if ":" in line else hit[1]
    if "date" not in found and (hit := _DATE.match(folded)):
        _date(found, line, hit)
    if "year" not in found and (hit := _YEAR.search(folded)):
        found["year"] = parse_school_year(hit[1])
    if "year" in found and found["year"] is None:
        del found["year"]


def _date(found: dict[str, Any], line: str, hit: re.Match[str]) -> None:
    try:
        found["date"] = dt.date(int(hit[4]), int(hit[3]), int(hit[2]))
    except ValueError:
        return
    found["place"] = line.split(",", 1)[0].strip()


def _renumbered(actions: list[Action]) -> tuple[Action, ...]:
    """Rows 3, 4, … per sheet in the order of the Word table."""
    rows: dict[str, int] = {}
    placed = []
    for action in actions:
        rows[action.sheet] = rows.get(action.sheet, 2) + 1
        placed.append(action.replace(row=rows[action.sheet]))
    return tuple(placed)


def _texts(lines: list[str]) -> dict[str, str]:
    """Narrative sections by their Roman-numeral headings (I. MỤC ĐÍCH …, II. CĂN CỨ …, … TỔ CHỨC)."""
    keys = {"muc dich": "purpose", "can cu": "basis", "chu truong": "direction", "to chuc thuc hien": "organization",
            "co che": "evaluation"}
    sections: dict[str, list[str]] = {}
    current = None
    for line in lines:
        folded = fold(line)
        heading = re.match(r"^[ivx]+\s*[.)]\s*(.*)$", folded)
        if heading:
            current = next((k for word, k in keys.items() if heading[1].startswith(word)), None)
            continue
        if folded.startswith("noi nhan"):
            current = "recipients"
        elif current:
            sections.setdefault(current, []).append(line)
    return {k: "\n".join(v)[:5000] for k, v in sections.items() if v}


def _framework(level: str, year: SchoolYear, *, bieu2: bool) -> Framework:
    """The framework of the level for the year when its form matches the table, else the other family's."""
    chosen = default_framework(level, year.start)
    if (chosen.form is not None) == bieu2:
        return chosen
    family = [fw for fw in list_frameworks() if level in fw.school_levels and (fw.form is not None) == bieu2]
    return family[0] if family else chosen


# --- the plan table ----------------------------------------------------------------------------


def _plan_table(doc: WordDocument) -> tuple[int, str, dict[int, str], int] | None:
    """(table index, layout, column of each field, first data row) of the first plan table."""
    for index, rows in enumerate(doc.tables):
        for r, row in enumerate(rows[:HEADER_ROWS]):
            labels = [fold(c.text) for c in row]
            joined = " ".join(labels)
            if sum(w in joined for w in m.HEADER_WORDS_BIEU2) >= 3:
                return index, "bieu2", _columns(rows, r, COLUMNS_BIEU2), _first_data_row(rows, r)
            if sum(w in joined for w in m.HEADER_WORDS_2018) >= 4:
                return index, "2018", _columns(rows, r, COLUMNS_2018), _first_data_row(rows, r)
    return None


def _columns(rows: list[list[Cell]], header: int, spec: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[int, str]:
    """Column index -> field, from the header row (and the row under it, for a two-row header)."""
    columns: dict[int, str] = {}
    for r in (header, header + 1):
        for col, cell in enumerate(rows[r] if r < len(rows) else []):
            label = fold(cell.text)
            key = next((k for k, words in spec if any(_has(label, w) for w in words)), None)
            if key and key not in columns.values() and col not in columns:
                columns[col] = key
    return columns


def _has(label: str, word: str) -> bool:
    return label == word if word == "tt" else word in label


def _first_data_row(rows: list[list[Cell]], header: int) -> int:
    """Skip the header and a numbering row '(1) (2) …' or '1 2 3 …' under it."""
    first = header + 1
    while first < len(rows) and first <= header + 2 and _numbering_or_header(rows[first]):
        first += 1
    return first


def _numbering_or_header(row: list[Cell]) -> bool:
    texts = [fold(c.text) for c in row if c.text.strip()]
    return bool(texts) and (all(re.fullmatch(r"\(?\d{1,2}\)?", t) for t in texts)
                            or sum(w in " ".join(texts) for w in ("bat dau", "hoan thanh", "chu tri", "phoi hop")) >= 2)


class _TableReader:
    """Row by row: group rows set the standard and the level group; data rows become actions."""

    def __init__(self, table: int, columns: dict[int, str], year: SchoolYear, framework: Framework,
                 form: PlanForm) -> None:
        self.table, self.columns, self.year, self.framework, self.form = table + 1, columns, year, framework, form
        self.unplaced: list[Unplaced] = []
        self.standard: int | None = None
        self.level4 = False
        self.criterion = ""
        self.actions: list[Action] = []
        self.known = {c.code for c in framework.criteria} | {i.code for i in framework.level4_items}

    def read(self, rows: list[list[Cell]], offset: int) -> list[Action]:
        for r, row in enumerate(rows, start=offset + 1):
            values = self._values(row)
            if not self._group_row(row, values):
                self._data_row(r, values)
        return self.actions

    def _values(self, row: list[Cell]) -> dict[str, Cell]:
        """The row's cells by field; a cell of only dashes or dots (a drawn rule) counts as empty."""
        return {key: row[col] if any(ch.isalnum() for ch in row[col].text) else Cell("")
                for col, key in self.columns.items() if col < len(row)}

    def _group_row(self, row: list[Cell], values: dict[str, Cell]) -> bool:
        distinct = list(dict.fromkeys(c.text for c in row if c.text.strip() and not c.merged))
        if len(distinct) > 2 or not distinct:
            return not distinct
        folded = fold(" ".join(distinct))
        if re.match(r"^(\d+\s*)?muc\s*[1-4]", folded) and len(folded) < 30:
            self.level4 = "4" in folded and "1" not in folded
            self.standard, self.criterion = (None, "") if self.level4 else (self.standard, self.criterion)
            return True
        number = f.standard_number(folded) if re.match(r"^(\d+\s*)?tieu chuan", folded) else None
        if number is not None:
            self.standard, self.level4, self.criterion = number, False, ""
            return True
        return False

    def _text(self, values: dict[str, Cell], key: str) -> str:
        cell = values.get(key)
        return cell.text.strip() if cell and not (cell.merged and key != "criterion") else ""

    def _data_row(self, r: int, values: dict[str, Cell]) -> None:
        body = {k: self._text(values, k) for k in self.columns.values() if k not in ("no", "criterion")}
        if not any(body.values()):
            self._criterion_only(values)
            return
        crit_cell = values.get("criterion")
        code = self._criterion(crit_cell, body, r)
        if self._continuation(crit_cell, body):
            self._append(body)
            return
        self.actions.append(self._action(r, code, body))

    def _criterion_only(self, values: dict[str, Cell]) -> None:
        cell = values.get("criterion")
        code = f.criterion_code(cell.text, self.level4) if cell and cell.text else None
        if code:
            self.criterion = code

    def _criterion(self, cell: Cell | None, body: dict[str, str], r: int) -> str:
        """The row's criterion code, "" when none is recognized (reported once, not per merged row)."""
        if cell is not None and cell.text.strip():
            code = self._known(f.criterion_code(cell.text, self.level4), cell.text, r, report=not cell.merged)
            self.criterion = code or self.criterion
            return code
        content_code, rest = f.criterion_inside(body.get("content", ""))
        if content_code:
            body["content"] = rest
            return self._known(content_code, content_code, r, report=True)
        return self.criterion if "content" not in body else ""

    def _known(self, code: str | None, text: str, r: int, *, report: bool) -> str:
        if code in self.known:
            return str(code)
        if report:
            self._unplace(r, "reason_no_criterion" if code is None else "reason_unknown_criterion", text)
        return ""

    def _continuation(self, cell: Cell | None, body: dict[str, str]) -> bool:
        """A row split across a page break: no criterion, no owner, no time; only text going on."""
        empty_key = not (cell and cell.text.strip()) and not body.get("owners") and not body.get("period")
        return bool(self.actions) and empty_key and "content" not in self.columns.values()

    def _append(self, body: dict[str, str]) -> None:
        last = self.actions[-1]
        changes = {k: (getattr(last, k) + " " + v).strip() for k, v in body.items()
                   if v and k in ("result", "tasks", "support", "note")}
        self.actions[-1] = last.replace(**changes)

    def _unplace(self, r: int, reason: str, text: str) -> None:
        self.unplaced.append(Unplaced(self.table, r, reason, text))

    def _action(self, r: int, code: str, body: dict[str, str]) -> Action:
        notes = [body.get("note", "")]
        period = f.parse_period(" ".join(x for x in (body.get("start", ""), body.get("period", "")) if x), self.year)
        if not period.understood:
            self._unplace(r, "reason_no_month", body.get("period", ""))
            notes.append(IM["note_unplaced"].format(reason=IM["reason_no_month"], text=body.get("period", "")))
        lead, partners = f.split_owners(body.get("owners", ""))
        funding, cost, rest, support = self._resources(body)
        if rest and not self.framework.form:
            self._unplace(r, "reason_cost", rest)
            notes.append(IM["note_unplaced"].format(reason=IM["reason_cost"], text=rest))
        if not code and "criterion" in self.columns.values():
            notes.append(IM["note_unplaced"].format(reason=IM["reason_no_criterion"], text=""))
        hk1, year_end = f.parse_statuses(body.get("status", ""), self.form) if self.framework.form else (None, None)
        standard = self._standard(code)
        sheet = m.standard_sheet(standard) if standard is not None else m.SHEETS["level4"]
        return Action(sheet=sheet, row=r, standard=standard, criterion=code, result=body.get("result", ""),
                      content=body.get("content", ""), objective=body.get("objective", ""),
                      tasks=body.get("tasks", ""), indicator=body.get("indicator", ""), lead=lead,
                      partners="\n".join(x for x in (partners, body.get("partners", "")) if x),
                      start=period.start, end=period.end, funding=funding, cost=cost, support=support,
                      evidence=body.get("evidence", ""), status_hk1=hk1, status_year_end=year_end,
                      note="; ".join(n for n in notes if n))

    def _resources(self, body: dict[str, str]) -> tuple[str, int | None, str, str]:
        """2018: the cost column alone. Biểu 2 "Nguồn lực bảo đảm": source and cost first, other resources after."""
        text = body.get("resources", "")
        if not self.framework.form:
            return (*f.parse_resources(text), body.get("support", ""))
        first, _, others = text.partition("\n")
        funding, cost, rest = f.parse_resources(first)
        return funding, cost, "", "\n".join(x for x in (rest, others.strip()) if x)

    def _standard(self, code: str) -> int | None:
        if code.startswith("M4."):
            return None
        if code:
            return int(code.split(".")[0])
        if self.level4 and not self.framework.form:
            return None
        top = len(self.framework.standards)
        return min(max(self.standard or 1, 1), top)
