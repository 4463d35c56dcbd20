"""School-side commands: validate, summary, new, build, frameworks, demo."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from qplan_xl import messages as m
from qplan_xl.errors import EXIT_INVALID, EXIT_OK, QplanUsageError

if TYPE_CHECKING:

    from qplan_xl.model import SchoolYear
    from qplan_xl.report import Report
    from qplan_xl.rules.catalog import Framework
    from qplan_xl.summary import Summary
    from qplan_xl.validation import ValidationResult

from qplan_xl.cli.base import _emit, _emit_all, _emit_json, _format_option, _provisional_notes, cli
from qplan_xl.cli.history import new_from

# --- validate, summary --------------------------------------------------------------------------


@cli.command(help=m.CLI["validate_help"])
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_format_option(m.CLI["format_help"])
@click.option("--annotate", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=m.EXCEL_CLI["annotate_help"])
def validate(file: Path, fmt: str, annotate: Path | None) -> int:
    from qplan_xl.validation import validate_workbook  # lazy: start-up time

    if annotate is not None:
        _check_annotate_target(file, annotate)
    report = validate_workbook(file).report
    _emit_json(report.to_json()) if fmt == "json" else _emit(report.to_text())
    if annotate is not None:
        _annotate(file, report, annotate)
    return int(not report.valid)


def _check_annotate_target(file: Path, dest: Path) -> None:
    if dest.suffix.lower() != ".xlsx":
        raise click.UsageError(m.EXCEL_CLI["annotate_not_xlsx"].format(path=dest))
    if dest.resolve() == file.resolve() or (dest.exists() and file.exists() and dest.samefile(file)):
        raise click.UsageError(m.cli_message("same_as_input", path=dest))


def _annotate(file: Path, report: Report, dest: Path) -> None:
    """Write the annotated copy; a failure is a QplanError (the report is already printed)."""
    from qplan_xl.workbook.annotate import annotate_copy  # lazy: start-up time (openpyxl)

    annotate_copy(file, report, dest)
    _emit(m.EXCEL_CLI["annotated"].format(path=dest), err=True)


@cli.command(help=m.SUMMARY_CLI["summary_help"])
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_format_option(m.SUMMARY_CLI["format_help"])
def summary(file: Path, fmt: str) -> int:
    from qplan_xl.summary import summarize  # lazy: start-up time
    from qplan_xl.validation import validate_workbook  # lazy: start-up time

    result = validate_workbook(file)
    if result.plan is None or result.framework is None:
        _summary_issues_only(result.report, fmt)
        return EXIT_INVALID
    found = summarize(result.plan, result.framework)
    if result.report.valid and result.report.warnings:
        _emit(m.SUMMARY_CLI["warnings"].format(count=result.report.warnings, file=file), err=True)
    output = _summary_output(found, result.report, fmt)
    _emit_json(output) if fmt == "json" else _emit(output)
    return EXIT_OK if result.report.valid else EXIT_INVALID


def _summary_issues_only(report: Report, fmt: str) -> None:
    """Nothing to summarize (unreadable file, no school information): the issues, and why."""
    if fmt == "json":
        _emit_json(report.to_json())
        _emit(m.SUMMARY_CLI["invalid"], err=True)
    else:
        _emit(report.to_text() + "\n\n" + m.SUMMARY_CLI["invalid"])


def _summary_output(found: Summary, report: Report, fmt: str) -> str:
    """The summary; for an invalid workbook followed by the invalid line and the issues."""
    from qplan_xl.summary import render_summary_text, summary_dict  # lazy: start-up time

    if fmt == "json":
        return json.dumps(summary_dict(found, report), ensure_ascii=False, indent=2)
    text = render_summary_text(found)
    if report.valid:
        return text
    return "\n\n".join([text, m.SUMMARY_CLI["partial"].format(errors=report.errors), report.to_text()])


# --- new (workbook template) -------------------------------------------------------------------


@cli.command(help=m.CLI["new_help"])
@click.option("--level", help=m.NEW_OPTIONS["level"])
@click.option("--year", help=m.NEW_OPTIONS["year"])
@click.option("--framework", "framework_id", help=m.NEW_OPTIONS["framework"])
@click.option("--school", default="", help=m.NEW_OPTIONS["school"])
@click.option("--code", default="", help=m.NEW_OPTIONS["code"])
@click.option("--authority", default="", help=m.NEW_OPTIONS["authority"])
@click.option("-o", "--output", type=click.Path(path_type=Path), help=m.NEW_OPTIONS["output"])
@click.option("--roster", type=click.Path(dir_okay=False, path_type=Path), help=m.NEW_OPTIONS["roster"])
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), help=m.NEW_OPTIONS["out_dir"])
@click.option("--force", is_flag=True, help=m.NEW_OPTIONS["force"])
@click.option("--from", "source", type=click.Path(dir_okay=False, path_type=Path), help=m.HISTORY_CLI["from_option"])
def new(level: str | None, year: str | None, framework_id: str | None, school: str, code: str,
        authority: str, output: Path | None, roster: Path | None, out_dir: Path | None,
        force: bool, source: Path | None) -> int:
    from qplan_xl.workbook.template.build import parse_year_option  # lazy: start-up time

    if source is not None:
        return new_from(source, _new_target(output, force), parse_year_option(year) if year else None, code, level)
    school_year = parse_year_option(year)
    if roster is not None:
        frameworks, complete = _new_from_roster(roster, out_dir, output, level, school_year,
                                                framework_id, force)
    else:
        frameworks, complete = [_new_one(output, level, school_year, framework_id, school, code,
                                         authority, force)], True
    _provisional_notes(frameworks)
    return EXIT_OK if complete else EXIT_INVALID


def _new_one(output: Path | None, level: str | None, year: SchoolYear, framework_id: str | None,
             school: str, code: str, authority: str, force: bool) -> Framework:
    from qplan_xl.workbook.template import build as t  # lazy: start-up time (openpyxl)

    output = _new_target(output, force)
    level_id = t.check_level(level)
    framework = t.resolve_framework(level_id, year, framework_id)
    t.write_template(output, framework, level=level_id, year=year, school_name=school,
                     school_code=code, authority=authority)
    _emit(m.cli_message("wrote", path=output))
    return framework


def _new_target(output: Path | None, force: bool) -> Path:
    if output is None:
        raise QplanUsageError(m.CLI["need_output"])
    if output.suffix.lower() != ".xlsx":
        raise QplanUsageError(m.NEW_CLI["not_xlsx"].format(path=output))
    if output.exists() and not force:
        raise QplanUsageError(m.NEW_CLI["exists"].format(path=output))
    return output


def _new_from_roster(roster: Path, out_dir: Path | None, output: Path | None, level: str | None,
                     year: SchoolYear, framework_id: str | None, force: bool) -> tuple[list[Framework], bool]:
    """The roster's workbooks; False when one could not be written (the others still are)."""
    from qplan_xl.workbook.template import build as t  # lazy: start-up time (openpyxl)

    if output is not None:
        raise QplanUsageError(m.NEW_CLI["roster_and_output"])
    if out_dir is None:
        raise QplanUsageError(m.CLI["need_out_dir"])
    entries, problems = t.read_roster(roster, default_level=t.check_level(level) if level else None)
    _emit_all(problems, err=True)
    if not entries:
        raise QplanUsageError(m.NEW_CLI["roster_empty"].format(path=roster))
    written, skipped, failed = t.write_roster_workbooks(entries, out_dir, year, framework_id, overwrite=force,
                                                        progress=_roster_progress)
    _emit_all([*skipped, *failed], err=True)
    _emit_all(m.NEW_CLI["wrote_school"].format(path=path, school=entry.name or entry.code)
              for path, entry, _ in written)
    _emit(m.cli_message("wrote_many", count=len(written), path=out_dir))
    return [f for _, _, f in written], not failed



ROSTER_PROGRESS_EVERY = 100  # workbooks between two progress lines on stderr


def _roster_progress(done: int, total: int) -> None:
    if done % ROSTER_PROGRESS_EVERY == 0 and done < total:
        _emit(m.NEW_CLI["progress"].format(done=done, total=total), err=True)


# --- build: the formal Word plan and PDF ---------------------------------------------------------


@cli.command(help=m.BUILD_CLI["help"])
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help=m.BUILD_CLI["output"])
@click.option("--pdf", is_flag=True, help=m.BUILD_CLI["pdf"])
@click.option("--strict", is_flag=True, help=m.BUILD_CLI["strict_help"])
def build(file: Path, output: Path, pdf: bool, strict: bool) -> int:
    from qplan_xl.validation import validate_workbook  # lazy: start-up time
    from qplan_xl.word import convert_to_pdf, write_plan_docx  # lazy: start-up time (python-docx)

    _check_build_target(file, output)
    result = validate_workbook(file)
    if not result.report.valid or result.plan is None:
        _emit(result.report.to_text(), err=True)
        _emit(m.BUILD_CLI["invalid"], err=True)
        return EXIT_INVALID
    _build_notes(result)
    if strict and result.report.warnings:
        _emit(m.BUILD_CLI["strict"].format(count=result.report.warnings), err=True)
        return EXIT_INVALID
    write_plan_docx(result.plan, output, framework=result.framework)
    _emit(m.BUILD_CLI["wrote"].format(path=output))
    if pdf:
        note = convert_to_pdf(output, output.with_suffix(".pdf"))
        _emit(m.BUILD_CLI["wrote"].format(path=output.with_suffix(".pdf")))
        if note:
            _emit(note)
    return EXIT_OK


def _check_build_target(file: Path, output: Path) -> None:
    if output.suffix.lower() != ".docx":
        raise click.UsageError(m.BUILD_CLI["not_docx"].format(path=output))
    if output.resolve() == file.resolve():
        raise click.UsageError(m.cli_message("same_as_input", path=output))


def _build_notes(result: ValidationResult) -> None:
    """Every warning, by sheet and cell, on stderr: what looks wrong is about to be printed and signed."""
    if result.report.warnings:
        _emit(result.report.to_text(), err=True)
        _emit(m.BUILD_CLI["warnings"].format(count=result.report.warnings), err=True)


# --- demo on the bundled samples (samples/, demo.py) ------------------------------------------


@cli.command(help=m.CLI["demo_help"])
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("demo-output"), show_default=True, help=m.DEMO["out_dir_help"])
@click.option("--pdf/--no-pdf", default=True, show_default=True, help=m.DEMO["pdf_help"])
def demo(out_dir: Path, pdf: bool) -> int:
    from qplan_xl.demo import run_demo  # lazy: start-up time

    return run_demo(out_dir, pdf=pdf, echo=click.echo)





@cli.command(help=m.CLI["frameworks_help"])
def frameworks() -> None:
    from qplan_xl.rules.catalog import list_frameworks  # lazy: start-up time

    _emit_all(_framework_line(f) for f in list_frameworks())


def _framework_line(f: Framework) -> str:
    years = m.CLI["years_from" if f.last_year is None else "years_range"].format(
        first=m.school_year_label(f.first_year),
        last=m.school_year_label(f.last_year) if f.last_year else "")
    levels = ", ".join(m.SCHOOL_LEVELS[level] for level in f.school_levels)
    tag = m.CLI["framework_provisional_tag"] if f.provisional else ""
    return m.cli_message("framework_line", id=f.id, label=f.label, levels=levels, years=years,
                         confidence=m.CONFIDENCE.get(f.confidence_grade, f.confidence_grade),
                         provisional=tag)

