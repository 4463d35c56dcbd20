"""The `qplan` command line: thin click wrappers over library calls."""

from __future__ import annotations

import sys

import click

from qplan_xl import messages as m

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


@click.group(help=m.CLI["group_help"])
@click.version_option(package_name="qplan-xl")
def cli() -> None:
    """Entry group."""


def main() -> None:
    """Console entry point; usage errors exit 2 (click's default)."""
    cli(prog_name="qplan")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
