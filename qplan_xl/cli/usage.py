"""click's usage errors and help frame said in Vietnamese (never its English text)."""

from __future__ import annotations

import re
from typing import Any

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.types

from qplan_xl import messages as m

_NO_COMMAND_RE = re.compile(r"No such command '(.+?)'")
_EXTRA_RE = re.compile(r"unexpected extra arguments? \((.+)\)")
U = m.USAGE_ERRORS


def usage_detail(exc: click.UsageError) -> str:
    """What is wrong with the command line, in Vietnamese."""
    if isinstance(exc, click.MissingParameter):
        return _missing(exc)
    if isinstance(exc, click.NoSuchOption):
        near = U["did_you_mean"].format(names=", ".join(exc.possibilities)) if exc.possibilities else ""
        return U["no_such_option"].format(name=exc.option_name) + near
    if isinstance(exc, click.BadParameter):
        return _bad_value(exc)
    return _plain(exc)


def _name(param: click.Parameter | None, hint: str | None = None) -> str:
    if param is None:
        return hint or "?"
    if isinstance(param, click.Option):
        return " / ".join(param.opts)
    return (param.name or "?").upper()


def _missing(exc: click.MissingParameter) -> str:
    key = "missing_argument" if isinstance(exc.param, click.Argument) else "missing_option"
    return U[key].format(name=_name(exc.param, exc.param_hint if isinstance(exc.param_hint, str) else None))


def _bad_value(exc: click.BadParameter) -> str:
    name = _name(exc.param, exc.param_hint if isinstance(exc.param_hint, str) else None)
    value = _value(exc)
    kind = exc.param.type if exc.param is not None else None
    if isinstance(kind, click.Choice):
        return U["bad_choice"].format(value=value, name=name, choices=", ".join(map(str, kind.choices)))
    if isinstance(kind, click.Path):
        return U["bad_path"].format(value=value, name=name)
    return U["bad_value"].format(value=value, name=name)


def _value(exc: click.BadParameter) -> str:
    """The offending value as click quotes it ('x'); empty when it quotes none."""
    found = re.search(r"'([^']*)'", exc.message or "")
    return found[1] if found else ""


def _plain(exc: click.UsageError) -> str:
    text = exc.format_message()
    command = _NO_COMMAND_RE.search(text)
    if command:
        group = exc.ctx.command if exc.ctx else None
        names = ", ".join(sorted(group.commands)) if isinstance(group, click.Group) else ""
        return U["no_such_command"].format(name=command[1], commands=names)
    extra = _EXTRA_RE.search(text)
    if extra:
        return U["extra_arguments"].format(values=extra[1])
    return text if not text.isascii() else U["other"]  # our own Vietnamese UsageErrors pass through


# --- the help frame -------------------------------------------------------------------------------

T, METAVARS = m.CLICK_TEXTS, m.CLICK_METAVARS


def vietnamese_click() -> None:
    """click looks its frame texts up through gettext (`_`) in each of its modules, at the moment it
    writes them: ours say them in Vietnamese (`Usage:`, `Options`, "Show this message and exit.",
    `[default: …]`); any other text is left to gettext."""
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.types):
        lookup = getattr(module, "_", None)
        if lookup is not None and not getattr(lookup, "qplan", False):
            module._ = _translated(lookup)  # type: ignore[attr-defined]


def _translated(lookup: Any) -> Any:
    def translate(text: str) -> str:
        return T.get(text) or lookup(text)

    translate.qplan = True  # type: ignore[attr-defined]
    return translate


def name_values(params: list[click.Parameter]) -> None:
    """Vietnamese placeholders for the values of `params` (click would write TEXT, INTEGER, FILE,
    or an argument's English name), as click builds them: `[…]` when optional, `...` for many."""
    for param in params:
        if param.metavar is not None or (isinstance(param, click.Option) and param.is_flag):
            continue
        kind = param.type
        if isinstance(kind, click.Choice):
            continue  # click lists the choices
        if isinstance(param, click.Argument):
            name: str = METAVARS.get(param.name or "") or _type_name(kind) or (param.name or "").upper()
            name = name if param.required else f"[{name}]"
            param.metavar = f"{name}..." if param.nargs != 1 else name
        elif (found := _type_name(kind)) is not None:
            param.metavar = found


def _type_name(kind: click.ParamType) -> str | None:
    if isinstance(kind, click.Path):
        if kind.dir_okay and not kind.file_okay:
            return METAVARS["directory"]
        return METAVARS["file"] if kind.file_okay and not kind.dir_okay else METAVARS["path"]
    if isinstance(kind, (click.types.IntParamType, click.types.FloatParamType)):
        return METAVARS["number"]
    if isinstance(kind, click.types.StringParamType):
        return METAVARS["text"]
    return None
