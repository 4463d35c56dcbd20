"""Year-after-year commands: diff two versions of a plan, import a plan typed in Word, new --from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from qplan_xl import messages as m
from qplan_xl.cli.base import _emit, _format_option, cli
from qplan_xl.errors import EXIT_INVALID, EXIT_OK, EXIT_USAGE, QplanUsageError

if TYPE_CHECKING:
    from qplan_xl.model import Plan, SchoolYear
    from qplan_xl.validation import ValidationResult


@cli.command(help=m.HISTORY_CLI["diff_help"])
@click.argument("old", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(dir_okay=False, path_type=Path))
@_format_option(m.HISTORY_CLI["diff_format"])
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=m.HISTORY_CLI["diff_output"])
def diff(old: Path, new: Path, fmt: str, output: Path | None) -> int:
    from qplan_xl.history import diff_plans  # lazy: start-up time
    from qplan_xl.history.render import (  # lazy: openpyxl
        newer_first,
        render_diff_text,
        write_diff_workbook,
    )
    from qplan_xl.workbook.layout import plan_columns  # lazy: start-up time

    if output is not None and output.suffix.lower() != ".xlsx":
        raise click.UsageError(m.HISTORY_CLI["not_xlsx"].format(path=output))
    before, after = _read_plan(old), _read_plan(new)
    if before is None or after is None:
        return EXIT_USAGE
    assert before.plan is not None and after.plan is not None
    if newer_first((old, before.plan), (new, after.plan)):
        _emit(m.HISTORY_CLI["order"].format(old=old.name, new=new.name), err=True)
    found = diff_plans(before.plan, after.plan)
    _emit(json.dumps(found.to_dict(), ensure_ascii=False, indent=2) if fmt == "json"
          else render_diff_text(found, old.name, new.name))
    if output is not None and after.framework is not None:
        write_diff_workbook(found, new, output, plan_columns(after.framework))
        _emit(m.HISTORY_CLI["wrote"].format(path=output), err=True)
    return EXIT_OK if found.same else EXIT_INVALID


def _read_plan(path: Path) -> ValidationResult | None:
    """The validated plan, or None after telling why it cannot be read (an invalid plan is still compared)."""
    from qplan_xl.validation import validate_workbook  # lazy: start-up time

    result = validate_workbook(path)
    if result.plan is None:
        _emit(m.HISTORY_CLI["unreadable"].format(path=path), err=True)
        _emit(result.report.to_text(), err=True)
        return None
    return result


def new_from(source: Path, output: Path, year: SchoolYear | None, code: str = "", level: str | None = None) -> int:
    """`qplan new --from`: this year's workbook from last year's plan (.xlsx, or a Word plan)."""
    from qplan_xl.history.carry import carry_forward, write_carried_workbook  # lazy: openpyxl

    last = _last_plan(source, level)
    if last is None:
        return EXIT_INVALID
    if code:
        last = last.replace(info=last.info.replace(code=code))
    if year is not None and year.start <= last.info.year.start:
        raise QplanUsageError(m.CARRY["not_newer_year"].format(year=year, last=last.info.year))
    carried = carry_forward(last, year)
    write_carried_workbook(carried, output)
    for warning in carried.warnings:
        _emit(warning, err=True)
    _emit(m.CARRY["wrote"].format(path=output, carried=carried.carried, year=carried.last_year))
    return EXIT_OK


def _last_plan(source: Path, level: str | None) -> Plan | None:
    """Last year's plan read from a workbook or a Word plan; None (after saying why) when it cannot be read."""
    if source.suffix.lower() in (".docx", ".doc"):
        from qplan_xl.workbook.template.build import check_level  # lazy: start-up time (openpyxl)

        return _imported(source, check_level(level) if level else None, None)[0]
    result = validate_workbook_quietly(source)
    if result.plan is None:
        _emit(m.CARRY["unreadable"].format(path=source), err=True)
        _emit(result.report.to_text(), err=True)
        return None
    return result.plan


def validate_workbook_quietly(path: Path) -> ValidationResult:
    from qplan_xl.validation import validate_workbook  # lazy: start-up time

    return validate_workbook(path)


@cli.command("import", help=m.HISTORY_CLI["import_help"])
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help=m.HISTORY_CLI["import_output"])
@click.option("--level", default=None, help=m.HISTORY_CLI["import_level"])
@click.option("--year", default=None, help=m.HISTORY_CLI["import_year"])
@click.option("--code", default="", help=m.HISTORY_CLI["import_code"])
def import_(source: Path, output: Path, level: str | None, year: str | None, code: str) -> int:
    from qplan_xl.workbook.template import build as t  # lazy: start-up time (openpyxl)

    if output.suffix.lower() != ".xlsx":
        raise QplanUsageError(m.NEW_CLI["not_xlsx"].format(path=output))
    plan, unplaced = _imported(source, t.check_level(level) if level else None,
                               t.parse_year_option(year) if year else None)
    if plan is None:
        return EXIT_INVALID
    t.write_workbook(plan.replace(info=plan.info.replace(code=code)) if code else plan, output)
    _emit(m.IMPORT["wrote"].format(path=output, actions=len(plan.actions), unplaced=unplaced))
    return EXIT_OK


def _imported(source: Path, level: str | None, year: SchoolYear | None) -> tuple[Plan | None, int]:
    """The plan read from a Word file, its report on stderr; None (after saying why) when nothing usable."""
    from qplan_xl.history.wordplan import import_word_plan  # lazy: python-docx-free, but lxml

    result = import_word_plan(source, level, year)
    if result.problem in ("need_level", "need_year"):
        raise QplanUsageError(m.IMPORT[result.problem])
    if result.unplaced:
        _emit(m.IMPORT["report_title"], err=True)
        for item in result.unplaced:
            _emit("  " + item.message(), err=True)
    if result.plan is None:
        _emit(m.IMPORT[result.problem or "nothing"].format(path=source), err=True)
    return result.plan, len(result.unplaced)
