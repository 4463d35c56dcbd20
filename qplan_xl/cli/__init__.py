"""The `qplan` command line: thin click wrappers over library calls, their failures mapped in one place."""

from __future__ import annotations

import sys
import warnings

import click

from qplan_xl import messages as m
from qplan_xl.cli import archive, excel, history, office, school  # noqa: F401  (each registers its commands on `cli`)
from qplan_xl.cli.base import _emit, cli
from qplan_xl.cli.console import configure_console
from qplan_xl.cli.usage import usage_detail
from qplan_xl.errors import EXIT_INVALID, EXIT_OK, EXIT_USAGE

__all__ = ["cli", "main"]


def main(args: list[str] | None = None) -> None:
    """Console entry point: usage errors are explained in Vietnamese and exit 2."""
    configure_console()  # a redirect in a legacy code page (cmd `> loi.txt`) must not raise
    # The libraries' warnings (openpyxl: "Data Validation extension is not supported…") are English
    # and meant for developers; a user sees only our messages.
    warnings.simplefilter("ignore")
    try:
        code = cli.main(args, prog_name="qplan", standalone_mode=False)
    except click.UsageError as exc:
        path = exc.ctx.command_path if exc.ctx else "qplan"
        _emit(m.cli_message("usage_error", detail=usage_detail(exc), command=path), err=True)
        sys.exit(EXIT_USAGE)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.Abort:
        sys.exit(EXIT_INVALID)
    except Exception as exc:  # a failure of the program itself: a message and a log, never a traceback
        from qplan_xl.excel.buttons import log_exception  # lazy: only on failure

        log = log_exception(exc)
        _emit(m.cli_message("internal_error", detail=m.exception_text(exc, m.INTERNAL_ERROR), log=log), err=True)
        sys.exit(EXIT_INVALID)
    sys.exit(code if isinstance(code, int) else EXIT_OK)

