"""House rules that keep the code base honest: Vietnamese only in the messages package, docstrings, help."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from click.testing import CliRunner

from qplan_xl.cli import cli

PACKAGE = Path(__file__).resolve().parents[1] / "qplan_xl"
MODULES = sorted(PACKAGE.rglob("*.py"))
CODE_MODULES = [p for p in MODULES if "messages" not in p.relative_to(PACKAGE).parts]


@pytest.mark.parametrize("path", CODE_MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_non_ascii_string_literals_outside_messages(path: Path) -> None:
    # Technical characters (d-stroke for folding, legacy-font marks) are allowed as \u escapes.
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        and node.body and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    offenders = [
        (node.lineno, node.value[:30])
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and not (ast.get_source_segment(source, node) or "").isascii() and id(node) not in docstrings
    ]
    assert offenders == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_has_a_one_line_docstring(path: Path) -> None:
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert doc and "\n" not in doc.strip()


def _commands(group, prefix=()):  # type: ignore[no-untyped-def]
    for name, command in group.commands.items():
        yield prefix + (name,)
        if hasattr(command, "commands"):
            yield from _commands(command, prefix + (name,))


@pytest.mark.parametrize("path", list(_commands(cli)), ids=" ".join)
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0 and len(result.output) > 40


def test_every_issue_code_is_documented() -> None:
    from qplan_xl import messages

    doc = (PACKAGE.parent / "docs" / "contracts.md").read_text(encoding="utf-8")
    assert [c for c in messages.ISSUES if f"`{c}`" not in doc] == []


@pytest.mark.parametrize("args", [["validate"], ["nope"], ["new", "--level", "x"], ["validate", "/"]])
def test_usage_errors_exit_2_with_vietnamese_advice(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from qplan_xl.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.strip() and (args[0] == "new" or "--help" in err)


def test_main_passes_the_command_exit_code(tmp_path: Path) -> None:
    from qplan_xl.cli import main

    (tmp_path / "a.xlsx").write_bytes(b"")
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", str(tmp_path / "a.xlsx")])
    assert exit_info.value.code == 1
