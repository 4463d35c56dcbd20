"""The import structure: packages by job, imports flowing one way, no circles (even inside functions)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "qplan_xl"

# Lower ranks are the foundations; a module may import its own package or a lower rank only.
RANKS = {
    "messages": 0, "errors": 0, "version": 0,
    "rules": 1,
    "model": 2, "report": 2, "output": 2,
    "workbook": 3,
    "validation": 4,
    "summary": 5, "mail": 5,
    "word": 6, "merge": 6, "history": 6,
    "excel": 7, "archive": 7,
    "demo": 8,
    "cli": 9,
    "__main__": 10, "__init__": 10,
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_package(name: str) -> bool:
    return MODULES.get(name, Path()).name == "__init__.py"


def _targets(node: ast.AST, importer: str) -> list[str]:
    """The project modules an import statement loads (a name imported from a package may be a module)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.startswith("qplan_xl")]
    assert isinstance(node, ast.ImportFrom)
    base = node.module or ""
    if node.level:
        anchor = importer.split(".")[: len(importer.split(".")) - node.level + _is_package(importer)]
        base = ".".join(anchor + ([base] if base else []))
    if not base.startswith("qplan_xl"):
        return []
    found = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES]
    return found if len(found) == len(node.names) else [base, *found]


def _imports() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = {
            t for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
            for t in _targets(node, name) if t != name and t in MODULES
        }
    return graph


GRAPH = _imports()

# Ratchet while the restructuring (issue 9) lands in steps: modules still known to break a rule.
# Each step removes its entries; the list must end empty, and a module fixed must leave it.
KNOWN_CYCLES: set[str] = set()
KNOWN_UPWARD: set[str] = set()
KNOWN_HIDDEN: set[str] = {
}
KNOWN_DRIVER_IMPORTS: set[str] = set()


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_package_has_a_rank() -> None:
    assert {_package(m) for m in MODULES} <= set(RANKS)


def test_no_import_circles() -> None:
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                if not {".".join(c.split(".")[:2]) for c in cycle} <= KNOWN_CYCLES:
                    cycles.append(cycle)
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert cycles == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_flow_down(module: str) -> None:
    mine = _package(module)
    upward = [
        target for target in sorted(GRAPH[module])
        if _package(target) != mine and RANKS[_package(target)] >= RANKS[mine]
    ]
    assert (upward == []) != (module in KNOWN_UPWARD)


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _is_package(m)))
def test_no_module_imports_the_package_that_drives_it(module: str) -> None:
    # `python -m <package>` runs <package>/__main__.py, which is the entry on top, not a part below.
    inside = [m for m in MODULES if m.startswith(module + ".") and module in GRAPH[m]
              and not m.endswith(".__main__")]
    assert (inside == []) != (module in KNOWN_DRIVER_IMPORTS)


def _function_imports(path: Path) -> list[tuple[int, str]]:
    """Project imports placed inside a function without a `# lazy:` comment saying why."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for func in ast.walk(ast.parse(source)):
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(func):
            if isinstance(node, (ast.Import, ast.ImportFrom)) and _targets(node, _module_name(path)):
                said = lines[node.lineno - 1] + lines[node.lineno - 2]
                if "# lazy:" not in said:
                    found.append((node.lineno, ast.unparse(node)))
    return found


@pytest.mark.parametrize("module", sorted(MODULES))
def test_project_imports_inside_functions_say_why(module: str) -> None:
    # A lazy import is for start-up time only (the one-click path), and says so with `# lazy:`.
    assert (_function_imports(MODULES[module]) == []) != (module in KNOWN_HIDDEN)


def test_known_cycles_are_still_cycles() -> None:
    # A package whose circle is gone must leave KNOWN_CYCLES (the ratchet only tightens).
    def cyclic(package: str) -> bool:
        members = [m for m in GRAPH if m == package or m.startswith(package + ".")]
        return any(_reaches(m, m, members) for m in members)

    assert {p for p in KNOWN_CYCLES if not cyclic(p)} == set()


def _reaches(start: str, goal: str, members: list[str]) -> bool:
    seen, todo = set(), [t for t in GRAPH[start] if t in members]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            todo += [t for t in GRAPH[node] if t in members]
    return False
