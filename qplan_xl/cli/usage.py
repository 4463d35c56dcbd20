"""click's usage errors said in Vietnamese, from the error's own fields (never its English text)."""

from __future__ import annotations

import re

import click

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
