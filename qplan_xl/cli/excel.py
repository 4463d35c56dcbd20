"""`qplan excel`: build and install the Excel add-in."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from qplan_xl import messages as m
from qplan_xl.errors import QplanUsageError

if TYPE_CHECKING:

    from qplan_xl.excel.addin import InstallPlan

from qplan_xl.cli.base import _emit, _emit_all, cli

# --- Excel add-in (build and install) -----------------------------------------------------------


@cli.group(help=m.EXCEL_CLI["group_help"])
def excel() -> None:
    """Excel add-in commands."""


@excel.command("build-addin", help=m.EXCEL_CLI["build_help"])
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("qplan.xlam"), show_default=True, help=m.EXCEL_CLI["output_help"])
def build_addin_command(output: Path) -> None:
    from qplan_xl.excel.addin import build_addin  # lazy: start-up time

    if output.suffix.lower() != ".xlam":
        raise click.UsageError(m.EXCEL_CLI["need_xlam"].format(path=output))
    build_addin(output)
    _emit(m.EXCEL_CLI["built"].format(path=output))


@excel.command("install", help=m.EXCEL_CLI["install_help"])
@click.option("--addin", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=m.EXCEL_CLI["addin_help"])
@click.option("--python", "python", default=None, help=m.EXCEL_CLI["python_help"])
@click.option("--dry-run", is_flag=True, help=m.EXCEL_CLI["dry_run_help"])
def install_command(addin: Path | None, python: str | None, dry_run: bool) -> None:
    from qplan_xl.excel import addin as xlam  # lazy: start-up time

    if addin is not None and not addin.is_file():
        raise click.UsageError(m.EXCEL_CLI["addin_missing"].format(path=addin))
    plan = xlam.install_plan(addin=addin, python=python)
    _emit_all(xlam.install_warnings(plan), err=True)
    if dry_run:
        _emit("\n".join(xlam.describe_install(plan)))
    else:
        _install(plan)


def _install(plan: InstallPlan) -> None:
    import os

    from qplan_xl.excel.addin import run_install  # lazy: start-up time

    if os.name != "nt":
        raise QplanUsageError(m.EXCEL_CLI["windows_only"])
    run_install(plan)  # pragma: no cover - Windows only
    _emit(m.EXCEL_CLI["installed"].format(target=plan.target, config=plan.config))  # pragma: no cover


