"""The plan sheets (TCn, Mức 4): their action rows as Actions, every defect reported."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from qplan_xl import messages as m
from qplan_xl.model import Action, Month
from qplan_xl.rules.catalog import Framework, fold, parse_criterion_ref, parse_level4_ref
from qplan_xl.validation.context import (
    Context,
    checked_text,
    find_header_row,
    money_or_issue,
    month_or_issue,
    new_errors,
    required_sheet,
    table_header,
)
from qplan_xl.workbook import layout
from qplan_xl.workbook.cells import format_money, has_legacy_mark, text_of
from qplan_xl.workbook.read.merged import merged_ranges, range_of
from qplan_xl.workbook.read.reader import RawSheet

_INVALID = object()  # a cell whose error is reported: the row is left out of the plan
_NUMBER_CELL = re.compile(r"^\(\d{1,2}\)$")
_FUNDING = {fold(f): f for f in m.FUNDING}
_NO_FUNDING = m.FUNDING[0]
# Every field of an Action in declaration order, with its default (_INVALID: none, to be given).
_ACTION_FIELDS = {f.name: _INVALID if f.default is dataclasses.MISSING else f.default
                  for f in dataclasses.fields(Action)}


def read_actions(ctx: Context) -> tuple[Action, ...]:
    """Every well-formed action row of every plan sheet, in sheet and row order."""
    assert ctx.framework is not None
    owners = _owner_keys(ctx)
    actions: list[Action] = []
    seen: dict[tuple[Any, ...], list[Action]] = {}
    for spec in layout.plan_sheets(ctx.framework):
        sheet = required_sheet(ctx, spec.name)
        if sheet is not None:
            actions.extend(read_plan_sheet(ctx, sheet, spec, owners, seen))
    return tuple(actions)


def _owner_keys(ctx: Context) -> set[str]:
    """Folded owner names: the built-in list plus what the school added on `Danh mục`."""
    names = set(m.OWNERS) | set(m.OWNERS_PRESCHOOL_EXTRA) | set(m.OWNERS_GDTX)
    lists = ctx.book.sheet(m.SHEETS["lists"])
    if lists is not None and lists.height:
        header = [fold(text_of(v)) for v in lists.rows[0]]
        col = header.index(fold(m.LIST_HEADERS["owners"])) + 1 if fold(m.LIST_HEADERS["owners"]) in header else 0
        names |= {text_of(lists.get(r, col)) for r in range(2, lists.height + 1)} if col else set()
    return {fold(n) for n in names if n}


def read_plan_sheet(
    ctx: Context,
    sheet: RawSheet,
    spec: layout.PlanSheet,
    owners: set[str],
    seen: dict[tuple[Any, ...], list[Action]],
) -> list[Action]:
    """Actions of one plan sheet; rows with errors are reported and left out."""
    columns = _sheet_columns(ctx, sheet)
    header = table_header(ctx, sheet, columns)
    if header is None:
        return []
    row0, cols = header
    if sheet.total_rows > layout.MAX_ROWS:
        # An error, not a warning: actions beyond the limit would silently be missing from the plan.
        ctx.report.error("sheet-too-large", sheet=sheet.name, rows=sheet.total_rows,
                         limit=layout.MAX_ROWS)
    reader = _RowReader(ctx, sheet, spec, cols, columns, owners)
    data = [c - 1 for key, c in cols.items() if key != "no"]
    every = [c - 1 for c in cols.values()]
    actions = []
    for row in range(row0 + 1, sheet.height + 1):
        cells = sheet.rows[row - 1]
        if _blank(cells, data) or _numbering_row(cells, every):
            continue
        action = _read_row(ctx, reader, row, cells)
        if action is not None:
            _warn_duplicate(ctx, sheet, action, cols, seen)
            actions.append(action)
    return actions


def _sheet_columns(ctx: Context, sheet: RawSheet) -> tuple[layout.Column, ...]:
    """The framework's plan columns; a TT57 sheet still in the 2018 shape (template 1) is read as such."""
    assert ctx.framework is not None
    columns = layout.plan_columns(ctx.framework)
    # Biểu 2's headers first: found, the sheet is read as Biểu 2 whatever else it has.
    if columns is layout.PLAN_COLUMNS or _has_headers(ctx, sheet, columns):
        return columns
    if _has_headers(ctx, sheet, layout.PLAN_COLUMNS):
        if not ctx.old_form_reported:
            ctx.report.warning("plan-old-form", sheet=sheet.name, framework=ctx.framework.short_name)
            ctx.old_form_reported = True
        return layout.PLAN_COLUMNS
    return columns


def _has_headers(ctx: Context, sheet: RawSheet, columns: tuple[layout.Column, ...]) -> bool:
    return find_header_row(sheet, tuple(c.header for c in columns if c.required), ctx) is not None


def _blank(cells: list[Any], indexes: list[int]) -> bool:
    """No value in the columns at `indexes` (0-based) of a row's `cells`."""
    count = len(cells)
    for i in indexes:  # noqa: SIM110 (a loop: no generator made per row)
        if i < count and cells[i] is not None:
            return False
    return True


def _numbering_row(cells: list[Any], indexes: list[int]) -> bool:
    """The optional "(1) (2) ..." row under a Biểu 2 header."""
    count, numbered = len(cells), False
    for i in indexes:
        text = text_of(cells[i]) if i < count else ""
        if text:
            if not _NUMBER_CELL.match(text):
                return False
            numbered = True
    return numbered


def _read_row(ctx: Context, reader: _RowReader, row: int, cells: list[Any]) -> Action | None:
    sheet, spec, cols, columns = reader.sheet, reader.spec, reader.cols, reader.columns
    issues_before = len(ctx.report.issues)
    values = reader.read(row, cells)
    if isinstance(values.get("start"), Month) and isinstance(values.get("end"), Month):
        _check_order(ctx, sheet, row, cols["end"], values["start"], values["end"])
    if "funding" in values:
        cost = values.get("cost")
        values["funding"] = _funding(ctx, sheet, row, cols, values["funding"], cost if isinstance(cost, int) else None)
    if new_errors(ctx, issues_before) or _INVALID in values.values():  # (identity first: object() equals only itself)
        ctx.dropped_rows += 1
        if isinstance(values.get("criterion"), str):
            ctx.dropped_criteria.add(values["criterion"])
        return None
    if columns is layout.PLAN_COLUMNS and ctx.framework and ctx.framework.form is not None:
        values["objective"] = values.pop("result", "")  # template 1 of TT57: Kết quả cần đạt ~ Mục tiêu
    return _new_action(sheet=sheet.name, row=row, standard=spec.standard, **values)


def _new_action(**values: Any) -> Action:
    """Action(**values) without its frozen __init__ (one object.__setattr__ per field, ~2 µs a row):
    the same fields in the same order; a missing or unknown field still raises in Action()."""
    fields = dict(_ACTION_FIELDS)
    fields.update(values)
    if len(fields) != len(_ACTION_FIELDS) or _INVALID in fields.values():
        return Action(**values)
    action = object.__new__(Action)
    action.__dict__.update(fields)
    return action


class _RowReader:
    """The cell readers of one plan sheet, chosen once by column kind; `read` reads an action row,
    reporting what is wrong at the cell (its address is made only then)."""

    def __init__(self, ctx: Context, sheet: RawSheet, spec: layout.PlanSheet, cols: dict[str, int],
                 columns: tuple[layout.Column, ...], owners: set[str]) -> None:
        self.ctx, self.sheet, self.spec, self.cols, self.columns, self.owners = ctx, sheet, spec, cols, columns, owners
        self.plain = not ctx.book.formula_cells(sheet.name)  # without formulas a text needs no address
        self.form = ctx.framework.form if ctx.framework else None
        self.statuses: dict[str, Any] = {}  # typed status -> its key (None: not a status)
        self.codes: dict[tuple[type, Any], str | None] = {}  # criterion cell -> _criterion_code
        kinds = {"criterion": self._criterion, "month": self._month, "money": self._money,
                 "status": self._status, "owner": self._owner}
        self.fields = [(c.key, c, cols[c.key], kinds.get(c.kind)) for c in columns if c.key != "no" and c.key in cols]

    def read(self, row: int, cells: list[Any]) -> dict[str, Any]:
        """The row's values by column key, read in column order (a plain text cell without a call)."""
        count, plain, values = len(cells), self.plain, {}
        for key, column, col, read in self.fields:
            raw = cells[col - 1] if col <= count else None
            if read is not None:
                values[key] = read(row, col, raw, column)
            elif plain and type(raw) is str and raw and len(raw) <= layout.MAX_TEXT and has_legacy_mark(raw) is None:
                values[key] = raw
            elif plain and raw is None and not column.required:
                values[key] = ""
            else:
                values[key] = self._text(row, col, raw, column)
        return values

    def _checked(self, row: int, col: int, raw: Any, key: str) -> str:
        """checked_text; a plain text of a sheet without formulas is taken as it is."""
        if self.plain:
            if raw is None:
                return ""
            if type(raw) is str and len(raw) <= layout.MAX_TEXT and has_legacy_mark(raw) is None:
                return raw
        return checked_text(self.ctx, self.sheet, row, col, key, raw)

    def _text(self, row: int, col: int, raw: Any, column: layout.Column) -> str:
        text = self._checked(row, col, raw, column.key)
        if column.required and not text:
            _report_blank(self.ctx, self.sheet, row, col, column)
        return text

    def _owner(self, row: int, col: int, raw: Any, column: layout.Column) -> str:
        text = self._text(row, col, raw, column)
        _check_owner(self.ctx, self.sheet, row, col, text, self.owners)
        return text

    def _criterion(self, row: int, col: int, raw: Any, column: layout.Column) -> Any:
        return _criterion(self.ctx, self.sheet, self.spec, row, col, column, raw, self.codes)

    def _month(self, row: int, col: int, raw: Any, column: layout.Column) -> Any:
        if raw is None:
            _report_blank(self.ctx, self.sheet, row, col, column)
            return _INVALID
        return month_or_issue(self.ctx, self.sheet, row, col, column.key, raw) or _INVALID

    def _money(self, row: int, col: int, raw: Any, column: layout.Column) -> Any:
        ok, cost = money_or_issue(self.ctx, self.sheet, row, col, raw)
        return cost if ok else _INVALID

    def _status(self, row: int, col: int, raw: Any, column: layout.Column) -> Any:
        """A "Mức độ thực hiện" cell as the form's status key; None when blank."""
        typed, form = self._checked(row, col, raw, column.key), self.form
        if not typed or form is None:
            return None
        if typed not in self.statuses:
            self.statuses[typed] = next(
                (s.key for s in form.statuses if fold(s.label) == fold(typed) or s.key == typed), None)
        found = self.statuses[typed]
        if found is None:
            self.ctx.report.error("status-invalid", sheet=self.sheet.name, cell=self.sheet.address(row, col),
                                  field=column.key, value=typed, header=column.header,
                                  choices=", ".join(s.label for s in form.statuses))
            return _INVALID
        return found


def _report_blank(ctx: Context, sheet: RawSheet, row: int, col: int, column: layout.Column) -> None:
    """A required cell left blank; blank because it is inside merged cells (a pasted Word table) says so."""
    if sheet.name not in ctx.merged:
        ctx.merged[sheet.name] = merged_ranges(ctx.book.path, sheet.name)
    found = range_of(ctx.merged[sheet.name], row, col)
    if found is not None:
        first, last = sheet.address(found[0], found[1]), sheet.address(found[2], found[3])
        ctx.report.error("cell-merged", sheet=sheet.name, cell=sheet.address(row, col), field=column.key,
                         row=row, header=column.header, range=f"{first}:{last}")
        return
    ctx.report.error("action-field-required", sheet=sheet.name, cell=sheet.address(row, col),
                     field=column.key, row=row, header=column.header)


def _criterion(
    ctx: Context, sheet: RawSheet, spec: layout.PlanSheet, row: int, col: int, column: layout.Column, raw: Any,
    codes: dict[tuple[type, Any], str | None],
) -> Any:
    if raw is None:
        if not column.required:
            return ""  # Biểu 2: an issue that no single criterion covers
        _report_blank(ctx, sheet, row, col, column)
        return _INVALID
    framework = ctx.framework
    assert framework is not None
    typed = (type(raw), raw)  # 1 and 1.0 are one key, but not one criterion text
    if typed not in codes:
        codes[typed] = _criterion_code(raw, spec, framework)
    code = codes[typed]
    if code is not None and isinstance(raw, float):
        code = _number_criterion(ctx, sheet, row, col, code)
    if code is None:
        ctx.report.error("criterion-unknown", sheet=sheet.name, cell=sheet.address(row, col), field="criterion",
                         value=text_of(raw), framework=framework.label, example=_example(spec, framework))
        return _INVALID
    return code if _right_sheet(ctx, sheet, spec, row, col, code, raw) else _INVALID


def _number_criterion(ctx: Context, sheet: RawSheet, row: int, col: int, code: str) -> str:
    """A criterion stored as a number lost its trailing zero (1.10 -> 1.1): decide, or warn.

    The criterion's name (or its code as text) elsewhere in the row decides; else it stays as read.
    """
    framework = ctx.framework
    assert framework is not None
    twin = framework.criterion(code + "0")
    if twin is None:
        return code
    chosen = _named_in_row(sheet, row, {code: framework.criterion(code), twin.code: twin})
    key = "criterion-number-decided" if chosen else "criterion-number-ambiguous"
    ctx.report.warning(key, sheet=sheet.name, cell=sheet.address(row, col), field="criterion", value=code,
                       criterion=code,
                       twin=twin.code, chosen=chosen or code)
    return chosen or code


def _named_in_row(sheet: RawSheet, row: int, candidates: dict[str, Any]) -> str | None:
    """The one candidate criterion whose name or code text appears in the row's other cells."""
    text = " ".join(fold(v) for v in sheet.rows[row - 1] if isinstance(v, str))
    found = [code for code, c in candidates.items()
             if c is not None and (fold(c.name) in text or re.search(rf"(?<![\d.]){re.escape(code)}(?![\d])", text))]
    return found[0] if len(found) == 1 else None


def _criterion_code(raw: Any, spec: layout.PlanSheet, framework: Framework) -> str | None:
    code = parse_criterion_ref(raw)
    if code is not None:
        return code if framework.criterion(code) else None
    if spec.standard is None:
        item = parse_level4_ref(raw)
        return item if item and framework.level4_item(item) else None
    return None


def _right_sheet(
    ctx: Context, sheet: RawSheet, spec: layout.PlanSheet, row: int, col: int, code: str, raw: Any
) -> bool:
    framework = ctx.framework
    assert framework is not None
    criterion = framework.criterion(code)
    standard = criterion.standard if criterion else None
    if standard == spec.standard:
        return True
    ctx.dropped_criteria.add(code)
    target = m.standard_sheet(standard) if standard is not None else m.SHEETS["level4"]
    ctx.report.error("criterion-wrong-standard", sheet=sheet.name, cell=sheet.address(row, col), field="criterion",
                     value=text_of(raw), criterion=code, standard=standard or 4, target=target)
    return False


def _example(spec: layout.PlanSheet, framework: Framework) -> str:
    if spec.standard is None:
        return framework.level4_items[0].code if framework.level4_items else ""
    std = framework.standard(spec.standard)
    return std.criteria[0].code if std and std.criteria else ""


def _check_order(ctx: Context, sheet: RawSheet, row: int, col: int, start: Any, end: Any) -> None:
    if start and end and end < start:
        ctx.report.error("end-before-start", sheet=sheet.name, cell=sheet.address(row, col),
                         field="end", value=str(end), row=row, start=str(start))


def _check_owner(ctx: Context, sheet: RawSheet, row: int, col: int, lead: str, owners: set[str]) -> None:
    if lead and fold(lead) not in owners:
        ctx.report.warning("owner-not-in-list", sheet=sheet.name, cell=sheet.address(row, col),
                           field="lead", value=lead)


def _funding(
    ctx: Context, sheet: RawSheet, row: int, cols: dict[str, int], typed: str, cost: int | None
) -> str:
    """The canonical funding label; unknown sources are kept as typed, with a warning."""
    if "funding" not in cols:
        return typed
    if typed and fold(typed) not in _FUNDING:
        ctx.report.warning("funding-unknown", sheet=sheet.name, cell=sheet.address(row, cols["funding"]),
                           field="funding",
                           value=typed, choices=", ".join(m.FUNDING))
        return typed
    funding = _FUNDING.get(fold(typed), "")
    if cost and funding == _NO_FUNDING:
        ctx.report.warning("funding-without-cost", sheet=sheet.name, cell=sheet.address(row, cols["funding"]),
                           field="funding",
                           value=typed, row=row, amount=format_money(cost))
    return funding


def _warn_duplicate(
    ctx: Context, sheet: RawSheet, action: Action, cols: dict[str, int], seen: dict[tuple[Any, ...], list[Action]]
) -> None:
    """Warn about a row identical to an earlier one (kept: it may be intended).

    `seen` holds the first action of each content by criterion, months and cost: the texts are
    folded and compared only between actions that agree on those.
    """
    earlier = seen.setdefault((action.criterion, action.start, action.end, action.cost), [])
    if earlier:
        texts = _folded_texts(action)
        first = next((a.row for a in earlier if _folded_texts(a) == texts), None)
        if first is not None:
            ctx.report.warning("action-duplicate", sheet=sheet.name,
                               cell=sheet.address(action.row, cols["criterion"]), field="criterion",
                               value=action.criterion, row=action.row, other=first)
            return
    earlier.append(action)


def _folded_texts(action: Action) -> tuple[str, ...]:
    return fold(action.result), fold(action.content), fold(action.objective), fold(action.tasks), fold(action.lead)

