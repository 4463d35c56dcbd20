"""Commands of the consolidating office: merge (and what builds on it)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from qplan_xl import messages as m

if TYPE_CHECKING:
    from collections.abc import Callable


from qplan_xl.cli.base import _emit, _emit_json, _format_option, cli

# --- merge: consolidate many schools' workbooks --------------------------------------------------


@cli.command(help=m.MERGE_CLI["help"])
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help=m.MERGE_CLI["output"])
@click.option("--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help=m.MERGE_CLI["roster"])
@click.option("--year", help=m.MERGE_CLI["year"])
@click.option("--level", "levels", multiple=True,
              type=click.Choice(list(m.SCHOOL_LEVELS)), help=m.MERGE_CLI["level"])
@click.option("--unit", default="", help=m.MERGE_CLI["unit"])
@_format_option(m.MERGE_CLI["format"])
@click.option("--jobs", type=click.IntRange(min=1), default=None, help=m.MERGE_CLI["jobs"])
@click.option("--return-dir", type=click.Path(file_okay=False, path_type=Path), help=m.MAIL_CLI["return_dir"])
@click.option("--return-from", default="", help=m.MAIL_CLI["return_from"])
@click.option("--archive", "archive_file", type=click.Path(dir_okay=False, path_type=Path),
              help=m.ARCHIVE_CLI["merge_option"])
def merge(inputs: tuple[Path, ...], output: Path, roster: Path | None, year: str | None,
          levels: tuple[str, ...], unit: str, fmt: str, jobs: int | None, return_dir: Path | None,
          return_from: str, archive_file: Path | None) -> None:
    from qplan_xl.archive import archive_merge, stored_plans  # lazy: start-up time
    from qplan_xl.merge import merge_workbooks  # lazy: start-up time

    _check_merge_target(inputs, output)
    stored: list[Any] = []
    keep = None
    known: frozenset[str] = frozenset()
    if archive_file is not None:
        known = stored_plans(archive_file)  # and an unusable archive stops the merge before any work

        def keep(found: Any) -> None:
            stored.append(archive_merge(archive_file, found, jobs=jobs))

    result = merge_workbooks(inputs, output, roster=roster, year=_merge_year(year), levels=levels,
                             unit=unit, jobs=jobs, progress=_merge_progress(), return_dir=return_dir,
                             return_from=return_from, while_received=keep, keep_plans=keep is not None,
                             stored_plans=known)
    text = result.to_text()
    if return_dir is not None:
        text += "\n" + m.MAIL_DRAFT["wrote"].format(count=len(result.drafts), path=return_dir)
    if stored:
        text += "\n" + m.ARCHIVE_TEXT["stored"].format(path=archive_file, **vars(stored[0]))
    if fmt == "json":
        _emit_json(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        _emit(text)


def _check_merge_target(inputs: tuple[Path, ...], output: Path) -> None:
    if output.suffix.lower() != ".xlsx":
        raise click.UsageError(m.MERGE_CLI["not_xlsx"].format(path=output))
    if any(p.is_file() and p.resolve() == output.resolve() for p in inputs):
        raise click.UsageError(m.cli_message("same_as_input", path=output))


def _merge_year(year: str | None) -> str | None:
    from qplan_xl.model import parse_school_year  # lazy: start-up time

    if year is None:
        return None
    parsed = parse_school_year(year)
    if parsed is None:
        raise click.UsageError(m.cli_message("bad_year", value=year))
    return str(parsed)


def _merge_progress() -> Callable[[int, int], None] | None:
    """A stderr progress line, only when stderr is a terminal (never in logs or pipes)."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if done == total or done % 10 == 0:
            click.echo(m.MERGE_CLI["progress"].format(done=done, total=total), err=True, nl=done == total)

    return show
