"""`qplan excel`: build and install the Excel add-in."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from qplan_xl import messages as m
from qplan_xl.errors import EXIT_OK, EXIT_USAGE, QplanError, QplanUsageError

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
@click.option("--launchers", is_flag=True, help=m.LAUNCH["launchers_help"])
@click.option("--log", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help=m.LAUNCH["log_help"])
def install_command(addin: Path | None, python: str | None, dry_run: bool, launchers: bool,
                    log: Path | None) -> None:
    from qplan_xl.excel import addin as xlam  # lazy: start-up time

    if addin is not None and not addin.is_file():
        raise click.UsageError(m.EXCEL_CLI["addin_missing"].format(path=addin))
    plan = xlam.install_plan(addin=addin, python=python)
    _logged(xlam.install_warnings(plan), log, err=True)
    if dry_run:
        _emit("\n".join(xlam.describe_install(plan)))
    else:
        _install(plan, launchers, log)


def _install(plan: InstallPlan, launchers: bool, log: Path | None) -> None:
    import os

    from qplan_xl.excel.addin import run_install  # lazy: start-up time
    from qplan_xl.excel.launchers import write_launchers  # lazy: start-up time

    if os.name != "nt":
        raise QplanUsageError(m.EXCEL_CLI["windows_only"])
    run_install(plan)  # pragma: no cover - Windows only
    made = write_launchers(os.environ) if launchers else []  # pragma: no cover
    lines = [m.EXCEL_CLI["installed"].format(target=plan.target, config=plan.config)]  # pragma: no cover
    lines += [m.LAUNCH["launchers_made"].format(path=p) for p in made]  # pragma: no cover
    _logged(lines + ([m.LAUNCH["next_steps"]] if launchers else []), log)  # pragma: no cover


def _logged(lines: list[str], log: Path | None, err: bool = False) -> None:
    """Print, and append to the installer's log (UTF-8) when install.cmd asked for one."""
    _emit_all(lines, err=err)
    if log is not None and lines:
        with log.open("a", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")


@excel.command("uninstall", help=m.LAUNCH["uninstall_help"])
def uninstall_command() -> None:
    import os

    from qplan_xl.excel.addin import installed_files  # lazy: start-up time
    from qplan_xl.excel.launchers import launcher_files  # lazy: start-up time

    paths = [*installed_files(os.environ), *launcher_files(os.environ)]
    for path in paths:
        if path.is_file():
            path.unlink()
            _emit(m.LAUNCH["removed"].format(path=path))


# --- offline installer folder ---------------------------------------------------------------


@excel.command("bundle", help=m.BUNDLE["help"])
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help=m.BUNDLE["output_help"])
@click.option("--python", "pythons", multiple=True, type=click.Choice(["3.10", "3.11", "3.12", "3.13"]),
              help=m.BUNDLE["python_help"])
@click.option("--platform", "platforms", multiple=True, type=click.Choice(["win_amd64", "win32"]),
              help=m.BUNDLE["platform_help"])
@click.option("--wheel", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help=m.BUNDLE["wheel_help"])
def bundle_command(output: Path, pythons: tuple[str, ...], platforms: tuple[str, ...],
                   wheel: Path | None) -> None:
    try:
        from qplan_xl.excel import bundle  # lazy: start-up time (packaging, pyOpenVBA)
    except ImportError as exc:  # `packaging` comes with the addin extra
        raise QplanError(m.BUNDLE["no_packaging"].format(detail=exc.name or "packaging")) from exc
    if output.exists() and any(output.iterdir()):
        raise click.UsageError(m.BUNDLE["not_empty"].format(path=output))
    targets = bundle.all_targets(pythons or bundle.PYTHONS, platforms or bundle.PLATFORMS)
    result = bundle.build_bundle(output, targets, wheel=wheel)
    _emit(m.BUNDLE["served"].format(targets=", ".join(t.label for t in result.served)))
    _emit_all([m.BUNDLE["skipped"].format(target=t.label, reason=r) for t, r in result.skipped], err=True)
    size = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    _emit(m.BUNDLE["built"].format(path=output, size=f"{size / 1e6:.1f} MB"))


# --- jobs started from Explorer (Send to, drop target) ----------------------------------------


@excel.command("run", hidden=True, help=m.LAUNCH["run_help"])
@click.argument("job", type=click.Choice(["check", "build", "merge", "menu"]))
@click.argument("files", nargs=-1)
def run_command(job: str, files: tuple[str, ...]) -> int:
    import subprocess

    from qplan_xl.excel import launchers  # lazy: start-up time

    chosen, skipped = launchers.workbooks(launchers.chosen_files(files, m.LAUNCH_JOBS[job] + ".cmd"))
    _emit_all([m.LAUNCH["skipped"].format(path=p) for p in skipped], err=True)
    if not chosen:
        _emit(m.LAUNCH["no_files"], err=True)
        return EXIT_USAGE
    if job == "menu":
        job = launchers.JOBS[click.prompt(m.LAUNCH["menu"].format(count=len(chosen)),
                                          type=click.IntRange(1, 3)) - 1]
    code = EXIT_OK
    for step in launchers.steps(job, chosen):
        _emit(m.LAUNCH["working"].format(job=m.LAUNCH_JOBS[job], path=step.result))
        code = max(code, subprocess.run(step.command, check=False).returncode)
        if step.result.is_file():
            launchers.open_result(step.result)
    click.pause(m.LAUNCH["done"])
    return code


