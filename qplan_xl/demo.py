"""The bundled sample workbooks: rebuild them from their sources and run the demo on them."""

from __future__ import annotations

import csv
import json
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from qplan_xl import messages as m
from qplan_xl.errors import QplanError
from qplan_xl.merge import merge_workbooks
from qplan_xl.model import Plan, SchoolYear
from qplan_xl.output import atomic_write, set_cell
from qplan_xl.summary import render_summary_text, summarize, write_summary_sheet
from qplan_xl.summary.lines import conclusion_line, progress_line
from qplan_xl.validation import ValidationResult, validate_workbook
from qplan_xl.word import PdfError, convert_to_pdf, write_plan_docx
from qplan_xl.workbook.annotate import annotate_copy
from qplan_xl.workbook.roster import read_roster
from qplan_xl.workbook.template.build import write_roster_workbooks, write_workbook

Echo = Callable[[str], None]

SAMPLES_DIR = Path(__file__).resolve().parents[1] / "samples"
SOURCE_DIR = "src"
EDITS_DIR = "edits"
ROSTER_CSV = "danh-sach-truong.csv"
ROSTER_YEAR = 2026  # the demo issues blank Biểu 2 workbooks for 2026-2027 to the roster's schools
FEATURED = "tieu-hoc-thanh-hung-2023-2024"  # the seed-based plan: full summary, PDF
ROSTER_OUT_DIR = "so-phat-cho-truong"
MERGE_OUTPUT = "tong-hop-2026-2027.xlsx"
MERGE_YEAR = 2026  # this year's plans (TT57 Biểu 2); older samples show up as "another year"
SUMMARY_SHEET_SUFFIX = "-tong-hop.xlsx"
ANNOTATED_SUFFIX = "-danh-dau-loi.xlsx"


# --- locating and loading the sources --------------------------------------------------------


def samples_dir() -> Path | None:
    """The repository's `samples` folder, or None (a wheel installed with pip ships none)."""
    return SAMPLES_DIR if (SAMPLES_DIR / SOURCE_DIR).is_dir() else None


def plan_sources(samples: Path) -> list[Path]:
    """The Plan JSON sources of the valid samples: the featured one first, then by name."""
    return sorted((samples / SOURCE_DIR).glob("*.json"), key=lambda p: (p.stem != FEATURED, p.name))


def broken_recipes(samples: Path) -> list[Path]:
    """The recipes of the deliberately broken samples (base sample + cell edits + expected issues)."""
    return sorted((samples / SOURCE_DIR / EDITS_DIR).glob("*.json"))


def load_plan(source: Path) -> Plan:
    """A sample's Plan from its JSON source (`Plan.to_dict(json=True)` form)."""
    return Plan.from_json(source.read_text(encoding="utf-8"))


def load_recipe(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


def expected_issues(recipe: Path) -> set[tuple[str, str, str]]:
    """The (code, sheet, cell) set a broken sample must produce, as documented in its recipe."""
    return {(code, sheet, cell) for code, sheet, cell in load_recipe(recipe)["expected"]}


def sample_workbooks(samples: Path) -> list[Path]:
    """Every sample workbook: the valid ones, then the broken ones."""
    valid = [samples / f"{p.stem}.xlsx" for p in plan_sources(samples)]
    return valid + broken_workbooks(samples)


def broken_workbooks(samples: Path) -> list[Path]:
    return [samples / load_recipe(p)["output"] for p in broken_recipes(samples)]


# --- building the sample workbooks -----------------------------------------------------------


def build_samples(out_dir: Path | None = None, samples: Path | None = None) -> list[Path]:
    """Regenerate every sample .xlsx (and the roster .xlsx) from the sources; the paths written."""
    samples = samples or samples_dir() or SAMPLES_DIR
    out = Path(out_dir) if out_dir else samples
    written = [build_plan_sample(p, out) for p in plan_sources(samples)]
    written += [build_broken_sample(p, samples, out) for p in broken_recipes(samples)]
    written += build_roster_sample(samples / ROSTER_CSV, out)
    return written


def build_plan_sample(source: Path, out_dir: Path) -> Path:
    target = out_dir / f"{source.stem}.xlsx"
    write_workbook(load_plan(source), target)
    return target


def build_broken_sample(recipe_path: Path, samples: Path, out_dir: Path) -> Path:
    """The base sample written out, then edited cell by cell the way people break workbooks."""
    recipe = load_recipe(recipe_path)
    plan = load_plan(samples / SOURCE_DIR / f"{recipe['base']}.json")
    if recipe.get("info"):  # the broken copy belongs to another school of the roster
        plan = plan.replace(info=plan.info.replace(**recipe["info"]))
    target = out_dir / recipe["output"]

    def write(tmp: Path) -> None:
        write_workbook(plan, tmp)
        cached = apply_edits(tmp, recipe["edits"])
        cache_formula_values(tmp, cached)

    atomic_write(target, write)
    return target


def apply_edits(path: Path, edits: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """Apply the recipe's cell edits in place; returns (sheet part, cell, value) to cache."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    cached = []
    for edit in edits:
        ws = wb[edit["sheet"]]
        if "copy_row" in edit:
            _copy_row(ws, edit["copy_row"], edit["to_row"])
        elif "formula" in edit:
            ws[edit["cell"]].value = edit["formula"]
            part = f"xl/worksheets/sheet{wb.sheetnames.index(edit['sheet']) + 1}.xml"
            cached.append((part, edit["cell"], str(edit.get("cached", ""))))
        else:
            ws[edit["cell"]].value = edit["value"]
    wb.save(path)
    return cached


def _copy_row(ws: Any, source: int, target: int) -> None:
    for col in range(1, ws.max_column + 1):
        ws.cell(target, col).value = ws.cell(source, col).value


def cache_formula_values(path: Path, cached: list[tuple[str, str, str]]) -> None:
    """Store the result Excel would cache with each formula (openpyxl writes none)."""
    if not cached:
        return
    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            for part, cell, value in cached:
                if info.filename == part:
                    data = _with_cached_value(data, cell, value)
            archive.writestr(info, data)


def _with_cached_value(xml: bytes, cell: str, value: str) -> bytes:
    pattern = re.compile(rb'<c r="' + cell.encode() + rb'"([^>]*?)>\s*<f>(.*?)</f>\s*(?:<v>.*?</v>|<v\s*/>)?\s*</c>')
    text = value.replace("&", "&amp;").replace("<", "&lt;").encode("utf-8")

    def replace(found: re.Match[bytes]) -> bytes:
        attrs = re.sub(rb'\s+t="\w+"', b"", found[1])
        return b'<c r="' + cell.encode() + b'"' + attrs + b' t="str"><f>' + found[2] + b"</f><v>" + text + b"</v></c>"

    return pattern.sub(replace, xml, count=1)


def build_roster_sample(csv_path: Path, out_dir: Path) -> list[Path]:
    """The roster CSV as .xlsx, codes stored as text to keep their leading zeros."""
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        rows = [row for row in csv.reader(handle) if any(cell.strip() for cell in row)]
    target = out_dir / f"{csv_path.stem}.xlsx"
    atomic_write(target, lambda tmp: _write_roster_xlsx(rows, tmp))
    return [target]


def _write_roster_xlsx(rows: list[list[str]], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = m.DEMO["roster_sheet"]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = set_cell(ws.cell(r, c), value)
            cell.number_format = "@"
            cell.font = Font(bold=r == 1)
    for letter, width in (("A", 12), ("B", 36), ("C", 24), ("D", 34)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    wb.save(path)


# --- the demo --------------------------------------------------------------------------------


def run_demo(out_dir: Path, *, pdf: bool = True, echo: Echo = print) -> int:
    """Run the main job on the bundled samples, printing each step; 0 when the demo ran."""
    samples = samples_dir()
    if samples is None:
        echo(m.DEMO["no_samples"].format(path=SAMPLES_DIR))
        return 1
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        echo(m.DEMO["out_dir_failed"].format(path=out_dir, detail=m.os_error_text(exc)))
        return 1
    results = _step(echo, "step_validate", lambda: validate_samples(samples, echo)) or []
    valid = [(path, r) for path, r in results if r.valid and r.plan is not None]
    _step(echo, "step_summary", lambda: summarize_samples(valid, out_dir, echo))
    _step(echo, "step_word", lambda: build_documents(valid, out_dir, pdf, echo))
    broken = [(path, r) for path, r in results if path in broken_workbooks(samples)]
    _step(echo, "step_annotate", lambda: annotate_broken(broken, out_dir, echo))
    _step(echo, "step_roster", lambda: issue_roster_workbooks(samples, out_dir, echo))
    _step(echo, "step_merge", lambda: merge_samples(samples, out_dir, echo))
    echo("")
    echo(m.cli_message("demo_done", path=out_dir))
    return 0


def _step(echo: Echo, key: str, run: Callable[[], Any]) -> Any:
    """One demo step: a qplan failure (an unwritable output, no LibreOffice) is a note, the demo goes on."""
    echo("")
    echo(m.cli_message("demo_step", step=m.DEMO[key]))
    try:
        return run()
    except QplanError as exc:
        echo(m.DEMO["step_failed"].format(detail=exc.message))
    return None


def validate_samples(samples: Path, echo: Echo) -> list[tuple[Path, ValidationResult]]:
    """Validate every sample workbook and print its report."""
    results = []
    broken = {samples / load_recipe(r)["output"]: r for r in broken_recipes(samples)}
    for path in sample_workbooks(samples):
        if not path.is_file():
            echo(m.DEMO["sample_missing"].format(path=path))
            continue
        result = validate_workbook(path)
        echo(result.report.to_text())
        echo("")
        _check_expectation(path, result, broken.get(path), echo)
        results.append((path, result))
    return results


def _check_expectation(path: Path, result: ValidationResult, recipe: Path | None, echo: Echo) -> None:
    if recipe is None:
        if not result.valid:
            echo(m.DEMO["sample_invalid"].format(name=path.name))
        return
    echo(m.DEMO["broken_note"])
    found = set(result.report.flatten("code", "sheet", "cell"))
    expected = expected_issues(recipe)
    if found != expected:
        echo(m.DEMO["broken_mismatch"].format(missing=sorted(expected - found), extra=sorted(found - expected)))


def _plan(result: ValidationResult) -> Plan:
    """The plan of a sample that validated (the demo only summarizes and builds those)."""
    assert result.plan is not None
    return result.plan


def summarize_samples(valid: list[tuple[Path, ValidationResult]], out_dir: Path, echo: Echo) -> None:
    """Print the full summary of the first sample, the conclusion of the others, then the reviews."""
    found = [(path, summarize(_plan(result), result.framework)) for path, result in valid]
    for index, (path, summary) in enumerate(found):
        if index == 0:
            _full_summary(path, summary, out_dir, echo)
        else:
            echo(m.DEMO["conclusion"].format(name=path.name, line=conclusion_line(summary)))
    _review_step([(path, s) for path, s in found if s.framework.form is not None], echo)


def _review_step(found: list[tuple[Path, Any]], echo: Echo) -> None:
    """The review step of Biểu 2 plans: where each stands at its latest review (summary part 8)."""
    if not found:
        return
    found.sort(key=lambda item: _review_rank(item[1]))
    echo("")
    echo(m.DEMO["progress_heading"])
    for _, summary in found:
        echo(m.DEMO["progress"].format(school=summary.school, line=progress_line(summary)))
    echo(m.DEMO["progress_hint"].format(path=found[0][0].name))


def _review_rank(summary: Any) -> int:
    """Term I first, then the year end, then the plans not reviewed yet."""
    keys = [r.key for r in summary.framework.form.reviews]
    return keys.index(summary.progress.as_of) if summary.progress.as_of in keys else len(keys)


def _full_summary(path: Path, found: Any, out_dir: Path, echo: Echo) -> None:
    echo(render_summary_text(found))
    target = out_dir / f"{path.stem}{SUMMARY_SHEET_SUFFIX}"
    write_summary_sheet(path, found, target)
    echo(m.cli_message("wrote", path=target))


def build_documents(
    valid: list[tuple[Path, ValidationResult]], out_dir: Path, pdf: bool, echo: Echo
) -> None:
    """The Word plan of every valid sample, and a PDF of the primary one."""
    for path, result in valid:
        target = out_dir / f"{path.stem}.docx"
        found = summarize(_plan(result), result.framework)
        write_plan_docx(_plan(result), target, framework=result.framework, summary=found)
        echo(m.cli_message("wrote", path=target))
        if path.stem == FEATURED:
            _pdf(target, pdf, echo)


def _pdf(docx: Path, wanted: bool, echo: Echo) -> None:
    if not wanted:
        echo(m.DEMO["pdf_skipped"])
        return
    target = docx.with_suffix(".pdf")
    try:
        convert_to_pdf(docx, target)
    except PdfError as exc:  # LibreOffice missing, failed or timed out: the .docx still serves
        echo(m.DEMO["no_pdf"].format(reason=exc))
        return
    echo(m.cli_message("wrote", path=target))


def annotate_broken(broken: list[tuple[Path, ValidationResult]], out_dir: Path, echo: Echo) -> None:
    """A copy of each broken sample with its issues marked in the cells."""
    for path, result in broken:
        target = out_dir / f"{path.stem}{ANNOTATED_SUFFIX}"
        annotate_copy(path, result.report, target)
        echo(m.cli_message("wrote", path=target))


def issue_roster_workbooks(samples: Path, out_dir: Path, echo: Echo) -> None:
    """One blank workbook per school of the sample roster, as `qplan new --roster` does."""
    roster = samples / f"{Path(ROSTER_CSV).stem}.xlsx"
    year = SchoolYear(ROSTER_YEAR)
    entries, problems = read_roster(roster)
    echo(m.DEMO["roster_year"].format(path=roster.name, year=year))
    folder = out_dir / ROSTER_OUT_DIR
    written, skipped, failed = write_roster_workbooks(entries, folder, year, overwrite=True)  # demo output
    for problem in [*problems, *skipped, *failed]:
        echo(m.DEMO["roster_problem"].format(problem=problem))
    echo(m.cli_message("wrote_many", count=len(written), path=folder))


def merge_samples(samples: Path, out_dir: Path, echo: Echo) -> None:
    """Consolidate every sample workbook for one school year against the sample roster."""
    target = out_dir / MERGE_OUTPUT
    result = merge_workbooks(sample_workbooks(samples), target, roster=samples / ROSTER_CSV,
                             year=str(SchoolYear(MERGE_YEAR)), jobs=1)
    echo(result.to_text())


# --- python -m qplan_xl.demo --samples ---------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Developer entry: `python -m qplan_xl.demo --samples [--out-dir DIR]` rebuilds the samples."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m qplan_xl.demo")
    parser.add_argument("--samples", action="store_true", help=m.DEMO["samples_help"])
    parser.add_argument("--out-dir", type=Path, default=None, help=m.DEMO["samples_out_help"])
    args = parser.parse_args(argv)
    if not args.samples:
        parser.print_help()
        return 2
    written = build_samples(args.out_dir)
    print(m.DEMO["samples_built"].format(count=len(written), path=args.out_dir or SAMPLES_DIR))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
