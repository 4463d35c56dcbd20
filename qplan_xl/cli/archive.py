"""`qplan archive FILE.sqlite …`: questions to the archive of received plans."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from qplan_xl import messages as m
from qplan_xl.cli.base import _emit, _format_option, cli

C = m.ARCHIVE_CLI


@cli.group(help=C["help"])
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def archive(ctx: click.Context, file: Path) -> None:
    ctx.obj = file


def _answer(ctx: click.Context, fmt: str, ask: Callable[[Any], Any], render: Callable[[Any], str]) -> None:
    from qplan_xl.archive import connect  # lazy: start-up time

    conn = connect(ctx.obj, create=False)
    try:
        answer = ask(conn)
    finally:
        conn.close()
    _emit(json.dumps(answer, ensure_ascii=False, indent=2) if fmt == "json" else render(answer))


@archive.command(help=C["history"])
@click.argument("code")
@_format_option(C["format"])
@click.pass_context
def history(ctx: click.Context, code: str, fmt: str) -> None:
    from qplan_xl import archive as a  # lazy: start-up time

    _answer(ctx, fmt, lambda conn: a.history(conn, code), a.history_text)


@archive.command(help=C["years"])
@click.argument("code")
@click.option("--to", "to_year", help=C["to_year"])
@_format_option(C["format"])
@click.pass_context
def years(ctx: click.Context, code: str, to_year: str | None, fmt: str) -> None:
    from qplan_xl import archive as a  # lazy: start-up time
    from qplan_xl.model import parse_school_year  # lazy: start-up time

    if to_year is not None and parse_school_year(to_year) is None:
        raise click.UsageError(m.cli_message("bad_year", value=to_year))
    year = str(parse_school_year(to_year)) if to_year else None
    _answer(ctx, fmt, lambda conn: a.three_years(conn, code, year), a.years_text)


@archive.command(help=C["weak"])
@click.option("--below", type=click.IntRange(1, 4), default=2, show_default=True, help=C["below"])
@click.option("--years", "count", type=click.IntRange(1, 20), default=3, show_default=True, help=C["years_count"])
@_format_option(C["format"])
@click.pass_context
def weak(ctx: click.Context, below: int, count: int, fmt: str) -> None:
    from qplan_xl import archive as a  # lazy: start-up time

    _answer(ctx, fmt, lambda conn: a.weak_criteria(conn, below, count), lambda ans: a.weak_text(ans, below, count))


@archive.command(help=C["completion"])
@_format_option(C["format"])
@click.pass_context
def completion(ctx: click.Context, fmt: str) -> None:
    from qplan_xl import archive as a  # lazy: start-up time

    _answer(ctx, fmt, a.completion, a.completion_text)
