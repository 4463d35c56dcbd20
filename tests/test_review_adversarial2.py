"""Second adversarial review: mail unpacking (each test failed before its fix).

Contracts (brief of the review): every file and attachment gets exactly one status, nothing is
overwritten or lost, nothing escapes (or outlives) the private temporary folder, a hostile message
never crashes the merge.
"""

from __future__ import annotations

import io
import os
import signal
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_mail import message

from qplan_xl.mail import Inbox
from qplan_xl.merge import core

DATE = "Mon, 12 Oct 2026 08:00:00 +0700"
OCTET = "application/octet-stream"
# 120 characters (safe_name's limit) of NFC Vietnamese: 3 bytes each in UTF-8, over the 255 bytes
# a file name may have on ext4, XFS, APFS (NTFS counts UTF-16 units: fine there)
LONG_NAME = "Kế hoạch giáo dục " + "ữ" * 97 + ".xlsx"


def _statuses(found: list[tuple[Path, str]]) -> dict[str, str | None]:
    with Inbox(found) as inbox:
        return {r.shown: r.problem for r in inbox.received}


# --- 1. one member that cannot be written or read fails the whole container ----------------------


def test_an_attachment_name_too_long_for_the_disk_loses_the_next_attachments(tmp_path: Path) -> None:
    """`safe_name` bounds a name in characters (120), the file system in bytes (255): `Inbox.create`
    raises ENAMETOOLONG, `Inbox._expand` refuses the whole message as mail-unreadable, and the
    attachment after it (c.xlsx) gets no status at all, while a.xlsx, taken before, keeps its own:
    the message and one of its attachments both have a status, another has none."""
    assert len(LONG_NAME) <= 120 and len(LONG_NAME.encode()) > 255
    path = tmp_path / "thu.eml"
    path.write_bytes(message("TH 1 <th1@truong.edu.vn>", "KH", DATE, [
        ("a.xlsx", b"A", OCTET), (LONG_NAME, b"B", OCTET), ("c.xlsx", b"C", OCTET)]).as_bytes())
    got = _statuses([(path, "thu.eml")])
    assert "thu.eml/c.xlsx" in got, got  # lost
    assert "thu.eml" not in got, got  # the message is refused although attachments were taken


def test_a_zip_member_name_too_long_for_the_disk(tmp_path: Path) -> None:
    """The same in a zip: `expand_zip` catches the OSError around the whole loop."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in (("a.xlsx", b"A"), (LONG_NAME, b"B"), ("c.xlsx", b"C")):
            archive.writestr(name, data)
    path = tmp_path / "ho-so.zip"
    path.write_bytes(out.getvalue())
    got = _statuses([(path, "ho-so.zip")])
    assert "ho-so.zip/c.xlsx" in got and "ho-so.zip" not in got, got


def test_one_damaged_zip_member_loses_the_members_after_it(tmp_path: Path) -> None:
    """A zip damaged in transit, one member's CRC wrong: `_copy` raises BadZipFile mid-way, the
    zip is refused as zip-unreadable while a.xlsx (before) is taken and c.xlsx (after) is lost."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, data in (("a.xlsx", b"AAAA"), ("b.xlsx", b"BBBB"), ("c.xlsx", b"CCCC")):
            archive.writestr(name, data)
    data = bytearray(out.getvalue())
    data[data.index(b"BBBB")] = ord("X")  # b.xlsx's data no longer matches its CRC-32
    path = tmp_path / "ho-so.zip"
    path.write_bytes(bytes(data))
    got = _statuses([(path, "ho-so.zip")])
    assert got.get("ho-so.zip/b.xlsx") is not None, got  # b refused on its own...
    assert "ho-so.zip/c.xlsx" in got and got.get("ho-so.zip/a.xlsx") is None, got  # ...a and c taken
    assert "ho-so.zip" not in got, got


def test_a_full_disk_while_writing_one_attachment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ENOSPC while one attachment is written (simulated): the same loss, and the half-written file
    stays behind unaccounted for until the inbox is left."""
    path = tmp_path / "thu.eml"
    path.write_bytes(message("TH 1 <th1@truong.edu.vn>", "KH", DATE, [
        ("a.xlsx", b"A", OCTET), ("b.xlsx", b"B", OCTET), ("c.xlsx", b"C", OCTET)]).as_bytes())
    create = Inbox.create

    def full_on_b(self: Inbox, name: str) -> Any:
        target, out = create(self, name)
        if name == "b.xlsx":
            out.close()
            raise OSError(28, "No space left on device")
        return target, out

    monkeypatch.setattr(Inbox, "create", full_on_b)
    got = _statuses([(path, "thu.eml")])
    assert "thu.eml/c.xlsx" in got and "thu.eml" not in got, got


# --- 2. the private folder outlives an interrupted merge -----------------------------------------


def test_sigterm_while_containers_are_unpacked_removes_the_private_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`with _ended_by_sigterm(), Inbox(readable, unpack) as inbox`: the containers are unpacked in
    `Inbox.__enter__`, so SIGTERM (or Ctrl+C) during `map_in_pool` -- or during the sequential
    unpacking -- raises out of `__enter__`, `__exit__` never runs, and qplan-mail-* with every
    attachment unpacked so far stays in the temporary folder."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    inputs = tmp_path / "hop-thu"
    inputs.mkdir()
    for number in range(5):  # PARALLEL_MIN containers or more: the runner is used
        (inputs / f"thu-{number}.eml").write_bytes(message(
            f"TH {number} <th{number}@truong.edu.vn>", "KH", DATE, [("KH.xlsx", b"K", OCTET)]).as_bytes())

    def interrupted(function: Any, calls: list[tuple[Any, ...]], jobs: int) -> Iterator[Any]:
        yield function(*calls[0])  # one container unpacked (here, not in a process: same files)
        os.kill(os.getpid(), signal.SIGTERM)  # then the clerk's session ends
        yield function(*calls[1])

    monkeypatch.setattr(core, "map_in_pool", interrupted)
    with pytest.raises(SystemExit):
        core.merge_workbooks([inputs], tmp_path / "tong-hop.xlsx", jobs=2)
    left = sorted(p.name for p in temp.iterdir() if p.name.startswith("qplan-mail-"))
    assert left == [], f"unpacked mail left in the temporary folder: {left}"
