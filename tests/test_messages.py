"""Labels read back from workbooks are a contract: versioned with the template, never reworded silently."""

from __future__ import annotations

import os
from pathlib import Path

from qplan_xl.messages import labels
from qplan_xl.workbook import layout

GOLDEN = Path(__file__).parent / "golden"


def _dump() -> str:
    names = sorted(n for n in vars(labels) if n.isupper() and not n.startswith("_"))
    lines = [f"{name} = {getattr(labels, name)!r}" for name in names]
    lines += [f"standard_sheet(1) = {labels.standard_sheet(1)!r}", f"level_label(2) = {labels.level_label(2)!r}",
              f"month_label(2026, 9) = {labels.month_label(2026, 9)!r}"]
    return "\n".join(lines) + "\n"


def test_read_back_labels_match_their_template_version() -> None:
    # Rewording a label breaks reading workbooks already issued: bump layout.TEMPLATE_VERSION, keep
    # the old spelling readable, and add labels-v<N>.txt (QPLAN_REGENERATE_GOLDEN=1 writes it).
    golden = GOLDEN / f"labels-v{layout.TEMPLATE_VERSION}.txt"
    if os.environ.get("QPLAN_REGENERATE_GOLDEN") == "1":
        golden.write_text(_dump(), encoding="utf-8")
    assert _dump() == golden.read_text(encoding="utf-8")


def test_every_older_label_is_still_known() -> None:
    # A workbook issued with an older template keeps its labels: each must still be read.
    import ast

    current = {n: getattr(labels, n) for n in vars(labels) if n.isupper()}
    for golden in GOLDEN.glob("labels-v*.txt"):
        for line in golden.read_text(encoding="utf-8").splitlines():
            name, _, value = line.partition(" = ")
            if "(" in name:
                continue
            old = ast.literal_eval(value)
            assert name in current, (golden.name, name)
            new = current[name]
            if isinstance(old, dict):
                assert old.items() <= new.items(), (golden.name, name)
            elif isinstance(old, tuple):
                assert set(old) <= set(new), (golden.name, name)
            else:
                assert old == new, (golden.name, name)


def test_the_current_template_version_is_readable() -> None:
    assert layout.TEMPLATE_VERSION in layout.KNOWN_TEMPLATE_VERSIONS


def test_prose_modules_hold_no_read_back_label() -> None:
    from qplan_xl.messages import commands, documents, history, install, issues, office, workbook

    shared = set(vars(labels)) & {n for mod in (commands, documents, history, install, issues, office, workbook) for n in vars(mod)}
    assert {n for n in shared if n.isupper()} == set()
