"""Every directory entry the merge meets is accounted for: listed with a status and a reason, never blocking."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qplan_xl.merge import merge_workbooks

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "thcs-nguyen-du-2024-2025.xlsx"
posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs, sockets and permissions are POSIX")


def _entries(result: object) -> dict[str, tuple[str, str]]:
    return {f.shown: (str(f.status), f.result.issues[0].code if f.result.issues else "")
            for f in result.files}  # type: ignore[attr-defined]


def test_the_tools_own_temp_files_are_listed_not_read(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copyfile(SAMPLE, inbox / "00001.xlsx")
    (inbox / ".tong-hop.k2j4_x9a.tmp.xlsx").write_bytes(SAMPLE.read_bytes()[:500])
    found = _entries(merge_workbooks([inbox], None, roster=None))
    assert found["in/.tong-hop.k2j4_x9a.tmp.xlsx"] == ("not-workbook", "file-temp")


def test_lock_files_of_excel_and_libreoffice_are_not_a_schools(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copyfile(SAMPLE, inbox / "00001.xlsx")
    (inbox / ".~lock.00002.xlsx#").write_text(",clerk,PC,01.12.2026 08:00,file:///home/clerk;\n")
    (inbox / "~$00003.xlsx").write_bytes(b"\x05clerk" + b" " * 150)
    roster = tmp_path / "ds.csv"
    roster.write_text("M\u00e3 tr\u01b0\u1eddng,T\u00ean tr\u01b0\u1eddng,C\u1ea5p h\u1ecdc\n"
                      "00002,A,THCS\n00003,B,THCS\n", encoding="utf-8")
    result = merge_workbooks([inbox], None, roster=roster)
    found = _entries(result)
    assert found["in/.~lock.00002.xlsx#"] == ("not-workbook", "file-lock")
    assert found["in/~$00003.xlsx"] == ("not-workbook", "file-lock")
    assert {s.code: str(s.status) for s in result.schools if s.code in ("00002", "00003")} == {
        "00002": "missing", "00003": "missing"}


@posix_only
def test_special_entries_are_listed_and_never_block(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    (inbox / "khoa").mkdir(parents=True)
    shutil.copyfile(SAMPLE, inbox / "00001.xlsx")
    os.mkfifo(inbox / "ong.xlsx")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(inbox / "o-cam"))
    (inbox / "vong").symlink_to(inbox / "vong")
    (inbox / "mat.xlsx").symlink_to(tmp_path / "khong-co.xlsx")
    (inbox / "lien-ket").symlink_to(tmp_path, target_is_directory=True)
    (inbox / "khoa" / "00002.xlsx").write_bytes(b"")
    (inbox / "khoa").chmod(0)
    try:
        result = merge_workbooks([inbox], None)
    finally:
        (inbox / "khoa").chmod(0o755)
        server.close()
    found = _entries(result)
    assert found["in/ong.xlsx"] == ("not-workbook", "file-special")
    assert found["in/o-cam"] == ("not-workbook", "file-special")
    assert found["in/vong"] == ("not-workbook", "link-broken")
    assert found["in/mat.xlsx"] == ("not-workbook", "link-broken")
    assert found["in/lien-ket/"] == ("not-workbook", "folder-link")
    if os.geteuid() != 0:  # root reads any folder
        assert found["in/khoa/"] == ("unreadable", "folder-unreadable")
    assert found["in/00001.xlsx"][0] == "merged"


@posix_only
def test_a_fifo_given_as_input_does_not_block(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "ong.xlsx")
    found = _entries(merge_workbooks([tmp_path / "ong.xlsx", SAMPLE], None))
    assert found["ong.xlsx"] == ("not-workbook", "file-special")


ENTRY = st.sampled_from(["xlsx", "lock", "office", "temp", "fifo", "loop", "broken", "dirlink", "empty"])


@posix_only
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=st.lists(st.tuples(st.integers(0, 2), ENTRY), min_size=1, max_size=8))
def test_random_trees_account_for_every_entry(tmp_path_factory: pytest.TempPathFactory,
                                              tree: list[tuple[int, str]]) -> None:
    root = tmp_path_factory.mktemp("cay")
    made = []
    for i, (depth, kind) in enumerate(tree):
        folder = root.joinpath(*[f"d{d}" for d in range(depth)])
        folder.mkdir(parents=True, exist_ok=True)
        made.append(_make(folder, f"e{i}", kind, root))
    result = merge_workbooks([root], None)
    shown = {f.shown for f in result.files}
    assert {p.relative_to(root.parent).as_posix() + ("/" if k == "dirlink" else "") for p, k in made} <= shown


def _make(folder: Path, name: str, kind: str, root: Path) -> tuple[Path, str]:
    paths = {"xlsx": f"{name}.xlsx", "lock": f".~lock.{name}.xlsx#", "office": f"~${name}.xlsx",
             "temp": f".{name}.abcd1234.tmp.xlsx", "fifo": f"{name}.xlsx", "loop": name, "broken": f"{name}.xlsx",
             "dirlink": name, "empty": f"{name}.xlsx"}
    path = folder / paths[kind]
    if kind == "xlsx":
        shutil.copyfile(SAMPLE, path)
    elif kind in ("lock", "office"):
        path.write_bytes(b"\x05clerk" + b" " * 50)
    elif kind in ("temp", "empty"):
        path.write_bytes(b"")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "loop":
        path.symlink_to(path)
    elif kind == "broken":
        path.symlink_to(folder / "nowhere")
    else:
        path.symlink_to(root, target_is_directory=True)
    return path, kind


WRITE_THEN_HANG = """
import sys, time
from pathlib import Path
import qplan_xl.merge.core as core
from qplan_xl.output import atomic_write
def write(result, path, rows):
    def slow(tmp):
        tmp.write_bytes(b"PK partial")
        print("writing", flush=True)
        time.sleep(120)
    atomic_write(Path(path), slow)
core.write_merge_workbook = write
core.merge_workbooks([sys.argv[2]], sys.argv[1])
"""


@posix_only
def test_sigterm_while_writing_leaves_no_temp_file(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = tmp_path / "tong-hop.xlsx"
    with subprocess.Popen([sys.executable, "-c", WRITE_THEN_HANG, str(out), str(SAMPLE)], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as merge:
        assert merge.stdout is not None
        assert merge.stdout.readline().strip() == b"writing"
        merge.send_signal(signal.SIGTERM)
        merge.communicate(timeout=30)
    assert merge.returncode == 128 + signal.SIGTERM
    time.sleep(0.1)
    assert list(tmp_path.iterdir()) == []
