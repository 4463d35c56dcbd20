"""The `qplan` group: error mapping at one boundary, output helpers shared by the commands."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from qplan_xl import messages as m
from qplan_xl.cli.console import json_for
from qplan_xl.cli.usage import name_values, vietnamese_click
from qplan_xl.errors import QplanError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from qplan_xl.rules.catalog import Framework

# Commands import the library in their body (`# lazy:`): `qplan --help` and `qplan validate`
# start without openpyxl, python-docx or the merge.


vietnamese_click()


class QplanCommand(click.Command):
    """A command whose help says its frame and its values' placeholders in Vietnamese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", m.CLICK_METAVARS["options"])
        super().__init__(*args, **kwargs)
        name_values(self.params)


class QplanGroup(click.Group):
    """The one boundary: a command returns its exit code, or raises a QplanError that carries one.
    Its commands and groups say their help frame in Vietnamese too."""

    command_class = QplanCommand
    group_class = type  # subgroups are QplanGroups

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", m.CLICK_METAVARS["options"])
        kwargs.setdefault("subcommand_metavar", m.CLICK_METAVARS["subcommand"])
        super().__init__(*args, **kwargs)
        name_values(self.params)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            code = super().invoke(ctx)
        except QplanError as exc:
            _emit(exc.message, err=True)
            code = exc.exit_code
        if code:
            ctx.exit(code)
        return code


@click.group(cls=QplanGroup, help=m.CLI["group_help"])
@click.version_option(package_name="qplan-xl")
def cli() -> None:
    """Entry group."""


def _emit(text: str, err: bool = False) -> None:
    click.echo(text, err=err)


def _emit_json(text: str) -> None:
    """JSON on stdout: escaped where the console's code page lacks a character, so it stays valid."""
    _emit(json_for(sys.stdout, text))


def _provisional_notes(frameworks: Iterable[Framework | None]) -> None:
    """Warn on stderr, once per framework, that its data is provisional (never in the output)."""
    for label in sorted({f.label for f in frameworks if f is not None and f.provisional}):
        note = m.issue_message("framework-provisional", framework=label)
        _emit(m.cli_message("provisional", message=note), err=True)


def _format_option(help_text: str) -> Callable[[Any], Any]:
    return click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                        show_default=True, help=help_text)



def _emit_all(lines: Iterable[str], err: bool = False) -> None:
    for line in lines:
        _emit(line, err=err)


