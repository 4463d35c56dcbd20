"""The `qplan` command line: thin click wrappers over library calls."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from qplan_xl import messages as m

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


@click.group(help=m.CLI["group_help"])
@click.version_option(package_name="qplan-xl")
def cli() -> None:
    """Entry group."""


def _emit(text: str, err: bool = False) -> None:
    click.echo(text, err=err)


@cli.command(help=m.CLI["validate_help"])
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def validate(file: Path, fmt: str) -> None:
    from qplan_xl.validation import validate_workbook

    result = validate_workbook(file)
    _emit(result.report.to_json() if fmt == "json" else result.report.to_text())
    sys.exit(int(not result.report.valid))


def main() -> None:
    """Console entry point; usage errors exit 2 (click's default)."""
    cli(prog_name="qplan")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
