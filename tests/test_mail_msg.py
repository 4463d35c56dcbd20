"""Outlook .msg inputs of `qplan merge`, on real .msg files written by tests/msgfile.py."""

from __future__ import annotations

import email
import email.policy
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import extract_msg
import olefile
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgfile import Attachment, Message, msg_bytes
from openpyxl import load_workbook

from qplan_xl import messages as m
from qplan_xl.cli import cli
from qplan_xl.mail import Inbox
from qplan_xl.mail.received import shown_date
from qplan_xl.merge import merge_workbooks

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
THANH_HUNG = (SAMPLES / "tieu-hoc-thanh-hung-2023-2024.xlsx").read_bytes()
HOA_SEN = (SAMPLES / "mam-non-hoa-sen-2023-2024.xlsx").read_bytes()
BROKEN = (SAMPLES / "loi-mau-tieu-hoc-2023-2024.xlsx").read_bytes()  # school 02160, invalid on purpose
VN = timezone(timedelta(hours=7))
SUBJECT = "Kế hoạch cải tiến chất lượng năm học 2023-2024"
BOOK_NAME = "Kế hoạch cải tiến Thanh Hưng.xlsx"
SENT = datetime(2024, 10, 15, 8, 30, tzinfo=VN)


def thanh_hung() -> Message:
    """A school's message: its workbook and a covering letter (no workbook). The sender is a name and
    an address in two properties, as Outlook stores a message from outside the organisation."""
    return Message(SUBJECT, "Trường Tiểu học Thanh Hưng", "thanhhung@truong.edu.vn", SENT,
                   body="Kính gửi Sở. =SUM(A1) http://example.vn/ke-hoach.xlsx",
                   message_id="<kh-thanh-hung@truong.edu.vn>",
                   attachments=[Attachment(BOOK_NAME, THANH_HUNG), Attachment("Tờ trình gửi Sở.pdf", b"%PDF-1.4 x")])


def forwarding() -> Message:
    """The office's clerk forwards a school's message as an attachment, with a link and a bare message."""
    school = Message("Kế hoạch trường Mầm non Hoa Sen", "Hiệu trưởng Hoa Sen", "ht@hoasen.edu.vn",
                     datetime(2024, 10, 14, 7, 0, tzinfo=VN), attachments=[Attachment("KH Hoa Sen.xlsx", HOA_SEN)])
    notice = Message("Thư mời họp", "Văn phòng", "vp@sogddt.vn", datetime(2024, 10, 13, 9, 0, tzinfo=VN))
    return Message("Fwd: Kế hoạch trường Mầm non Hoa Sen", "Văn thư Phòng", "vanthu@pgd.edu.vn",
                   datetime(2024, 10, 16, 10, 0, tzinfo=VN), smtp_property=True,
                   attachments=[Attachment("Kế hoạch trường Mầm non Hoa Sen", message=school),
                                Attachment("Phụ lục.xlsx", linked=True),
                                Attachment("Thư mời họp", message=notice)])


@pytest.fixture(scope="module")
def mailroom(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("msgroom")
    inbox = root / "hop-thu"
    inbox.mkdir()
    whole = msg_bytes(thanh_hung())
    (inbox / "thanh-hung.msg").write_bytes(whole)
    (inbox / "hong.msg").write_bytes(whole[: len(whole) // 2])  # not downloaded to the end
    (inbox / "chuyen-tiep.msg").write_bytes(msg_bytes(forwarding()))
    (inbox / "loi.msg").write_bytes(msg_bytes(Message(
        "KH Tân Lập A", "Trường Tiểu học Tân Lập A", "tanlapa@truong.edu.vn", SENT,
        attachments=[Attachment("Kế hoạch Tân Lập A.xlsx", BROKEN)])))
    (inbox / "khong-dinh-kem.msg").write_bytes(msg_bytes(Message(
        "Xin gia hạn", "Trường X", "x@truong.edu.vn", SENT, body="Trường gửi sau KH.xlsx")))
    out, drafts = root / "tong-hop.xlsx", root / "tra-lai"
    result = merge_workbooks([inbox], out, jobs=1, unit="Sở GD&ĐT", return_dir=drafts, return_from="so@gddt.vn")
    return {"root": root, "inbox": inbox, "out": out, "data": result.to_dict(), "drafts": drafts}


FORWARDED = "hop-thu/chuyen-tiep.msg/Kế hoạch trường Mầm non Hoa Sen/KH Hoa Sen.xlsx"
FILES = {
    f"hop-thu/thanh-hung.msg/{BOOK_NAME}": ("merged", None),
    "hop-thu/thanh-hung.msg/Tờ trình gửi Sở.pdf": ("not-workbook", None),
    FORWARDED: ("merged", None),
    "hop-thu/chuyen-tiep.msg/Phụ lục.xlsx": ("unreadable", "mail-part-unreadable"),
    "hop-thu/chuyen-tiep.msg/Thư mời họp": ("unreadable", "mail-no-attachment"),
    "hop-thu/loi.msg/Kế hoạch Tân Lập A.xlsx": ("invalid", None),
    "hop-thu/hong.msg": ("unreadable", "mail-unreadable"),
    "hop-thu/khong-dinh-kem.msg": ("unreadable", "mail-no-attachment"),
}


# --- the helper writes what Outlook writes -------------------------------------------------------


def test_the_helper_writes_a_compound_file_olefile_accepts_strictly(tmp_path: Path) -> None:
    data = msg_bytes(forwarding())
    assert data[:8] == olefile.MAGIC and len(data) % 512 == 0
    ole = olefile.OleFileIO(data, raise_defects=olefile.DEFECT_INCORRECT)
    assert (ole.dll_version, ole.sector_size, ole.mini_sector_size, ole.minisectorcutoff) == (3, 512, 64, 4096)
    book = "__attach_version1.0_#00000000/__substg1.0_3701000D/__attach_version1.0_#00000000/__substg1.0_37010102"
    assert ole.openstream(book).read() == HOA_SEN  # in regular sectors
    assert ole.openstream("__substg1.0_0037001F").read().decode("utf-16-le") == "Fwd: Kế hoạch trường Mầm non Hoa Sen"
    for entry in ole.direntries:  # every storage's children: a search tree in MS-CFB order, red-black
        if entry is not None and entry.sid_child != olefile.NOSTREAM:
            names, blacks = _walk(ole, entry.sid_child, False)
            assert names == sorted(names, key=lambda n: (len(n), n.upper())) and len(blacks) == 1
    ole.close()


def _walk(ole: olefile.OleFileIO, sid: int, parent_red: bool) -> tuple[list[str], set[int]]:
    """Names in order and the black heights of every path below `sid`."""
    if sid == olefile.NOSTREAM:
        return [], {0}
    entry = ole.direntries[sid]
    red = entry.color == 0
    assert not (red and parent_red)
    left, left_blacks = _walk(ole, entry.sid_left, red)
    right, right_blacks = _walk(ole, entry.sid_right, red)
    return left + [entry.name] + right, {b + (not red) for b in left_blacks | right_blacks}


def test_extract_msg_reads_back_exactly_what_was_written(tmp_path: Path) -> None:
    path = tmp_path / "thu.msg"
    path.write_bytes(msg_bytes(forwarding()))
    suppress = extract_msg.enums.ErrorBehavior.ATTACH_NOT_IMPLEMENTED  # else the linked one raises
    with extract_msg.openMsg(str(path), errorBehavior=suppress) as message:
        assert (message.subject, message.sender, message.date) == (
            "Fwd: Kế hoạch trường Mầm non Hoa Sen", "Văn thư Phòng <vanthu@pgd.edu.vn>",
            datetime(2024, 10, 16, 3, 0, tzinfo=timezone.utc))
        assert message.classType == "IPM.Note" and message.areStringsUnicode
        forwarded, linked, notice = message.attachments
        assert forwarded.data.subject == "Kế hoạch trường Mầm non Hoa Sen"
        assert forwarded.data.date == datetime(2024, 10, 14, 0, 0, tzinfo=timezone.utc)
        [book] = forwarded.data.attachments
        assert (book.longFilename, book.data) == ("KH Hoa Sen.xlsx", HOA_SEN)
        assert notice.data.attachments == [] and notice.data.sender == "Văn phòng"
        assert linked.data is None and linked.longFilename == "Phụ lục.xlsx"


# --- the merge of .msg inputs --------------------------------------------------------------------


def test_every_attachment_of_every_msg_has_exactly_one_status(mailroom: dict[str, Any]) -> None:
    records = mailroom["data"]["file_records"]
    assert {r["file"]: r["status"] for r in records} == {k: v for k, (v, _) in FILES.items()}
    codes = {r["file"]: r["issues"][0]["code"] for r in records if r["status"] == "unreadable"}
    assert codes == {k: c for k, (_, c) in FILES.items() if c}
    assert sum(mailroom["data"]["file_status"].values()) == len(FILES)


def test_the_schools_are_counted(mailroom: dict[str, Any]) -> None:
    schools = {s["code"]: s["status"] for s in mailroom["data"]["school_records"]}
    by_file = {r["file"]: r["school_code"] for r in mailroom["data"]["file_records"]}
    assert schools[by_file[f"hop-thu/thanh-hung.msg/{BOOK_NAME}"]] == "valid"
    assert schools[by_file[FORWARDED]] == "valid" and schools["02160"] == "invalid"
    assert mailroom["data"]["valid"] == 2


def test_each_attachment_names_its_message(mailroom: dict[str, Any]) -> None:
    by_file = {r["file"]: r["origin"] for r in mailroom["data"]["file_records"]}
    origin = by_file[f"hop-thu/thanh-hung.msg/{BOOK_NAME}"]
    assert origin["from"] == "Trường Tiểu học Thanh Hưng <thanhhung@truong.edu.vn>"
    assert origin["address"] == "thanhhung@truong.edu.vn" and origin["subject"] == SUBJECT
    assert datetime.fromisoformat(origin["date"]) == SENT and origin["container"] == "hop-thu/thanh-hung.msg"
    assert origin["message_id"] == "<kh-thanh-hung@truong.edu.vn>"
    # a forwarded message's attachment belongs to the message that reached the office (as in .eml)
    forwarded = by_file[FORWARDED]
    assert (forwarded["from"], forwarded["subject"]) == ("Văn thư Phòng <vanthu@pgd.edu.vn>",
                                                         "Fwd: Kế hoạch trường Mầm non Hoa Sen")
    assert forwarded["container"] == "hop-thu/chuyen-tiep.msg" and by_file["hop-thu/hong.msg"] is None


def test_files_sheet_shows_the_message(mailroom: dict[str, Any]) -> None:
    ws = load_workbook(mailroom["out"], read_only=True)[m.MERGE_SHEETS["files"]]
    rows = list(ws.iter_rows(values_only=True))
    column = rows[0].index(m.MERGE_HEADERS["origin"])
    shown = {r[0]: r[column] if len(r) > column else None for r in rows[1:]}
    date = next(r["origin"]["date"] for r in mailroom["data"]["file_records"] if r["file"].endswith(BOOK_NAME))
    assert shown[f"hop-thu/thanh-hung.msg/{BOOK_NAME}"] == m.MAIL_ORIGIN.format(
        sender="Trường Tiểu học Thanh Hưng <thanhhung@truong.edu.vn>", date=shown_date(date, True), subject=SUBJECT)
    assert not shown["hop-thu/hong.msg"]


def test_a_truncated_msg_is_said_in_vietnamese_and_the_rest_is_merged(mailroom: dict[str, Any],
                                                                      tmp_path: Path) -> None:
    record = next(r for r in mailroom["data"]["file_records"] if r["file"] == "hop-thu/hong.msg")
    message = record["issues"][0]["message"]
    head = m.MAIL_ISSUES["mail-unreadable"].split("{detail}")[0].format(path="hong.msg")
    assert message.startswith(head) and "Traceback" not in message
    result = CliRunner().invoke(cli, ["merge", str(mailroom["inbox"]), "-o", str(tmp_path / "t.xlsx"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and result.exception is None


def test_drafts_go_to_the_senders_address(mailroom: dict[str, Any]) -> None:
    """The address comes from PR_SENDER_EMAIL_ADDRESS when the sender is only a name (was: its first word)."""
    assert {(d["school_code"], d["to"]) for d in mailroom["data"]["drafts"]} == {
        ("02160", "tanlapa@truong.edu.vn"), (None, "x@truong.edu.vn")}
    draft = next(p for p in mailroom["drafts"].glob("02160*.eml"))
    parsed = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
    assert parsed["To"] == "tanlapa@truong.edu.vn"


def test_unpacked_attachments_are_removed_and_inputs_kept(mailroom: dict[str, Any]) -> None:
    paths = [Path(r["path"]) for r in mailroom["data"]["file_records"] if ".msg/" in r["file"]]
    assert paths and not any(p.exists() for p in paths)
    assert sorted(p.name for p in mailroom["inbox"].iterdir()) == [
        "chuyen-tiep.msg", "hong.msg", "khong-dinh-kem.msg", "loi.msg", "thanh-hung.msg"]


# --- the pieces -----------------------------------------------------------------------------------


def _received(tmp_path: Path, message: Message) -> list[tuple[str, str | None]]:
    (tmp_path / "thu.msg").write_bytes(msg_bytes(message))
    with Inbox([(tmp_path / "thu.msg", "thu.msg")]) as inbox:
        return [(r.shown, r.problem) for r in inbox.received]


def test_only_attachments_are_taken_from_a_message(tmp_path: Path) -> None:
    body_only = Message("KH", "Trường", "t@truong.edu.vn", SENT, body="<a href='KH.xlsx'>KH.xlsx</a> =HYPERLINK()")
    assert _received(tmp_path, body_only) == [("thu.msg", "mail-no-attachment")]


def test_the_attachment_data_is_the_files_bytes_and_time(tmp_path: Path) -> None:
    (tmp_path / "thu.msg").write_bytes(msg_bytes(thanh_hung()))
    with Inbox([(tmp_path / "thu.msg", "thu.msg")]) as inbox:
        book, letter = inbox.received
        assert (book.shown, book.path.read_bytes()) == (f"thu.msg/{BOOK_NAME}", THANH_HUNG)
        assert book.path.stat().st_mtime == SENT.timestamp() and letter.path.read_bytes() == b"%PDF-1.4 x"


def test_a_msg_file_attached_to_a_msg_is_opened_too(tmp_path: Path) -> None:
    outer = Message("Gửi lại", "Trường", "t@truong.edu.vn", SENT,
                    attachments=[Attachment("Thư gốc.msg", msg_bytes(thanh_hung()))])
    assert _received(tmp_path, outer) == [(f"thu.msg/Thư gốc.msg/{BOOK_NAME}", None),
                                          ("thu.msg/Thư gốc.msg/Tờ trình gửi Sở.pdf", None)]


def test_forwarded_messages_stop_at_a_depth(tmp_path: Path) -> None:
    message = thanh_hung()
    for level in range(6):
        message = Message(f"Fwd {level}", "Trường", "t@truong.edu.vn", SENT,
                          attachments=[Attachment(f"Fwd {level}", message=message)])
    assert _received(tmp_path, message) == [("thu.msg/Fwd 5/Fwd 4/Fwd 3/Fwd 2", "mail-too-deep")]


def test_a_message_with_a_workbook_and_a_link_keeps_the_workbook(tmp_path: Path) -> None:
    message = thanh_hung()
    message.attachments.insert(0, Attachment("Bản trên máy chủ.xlsx", linked=True))
    assert _received(tmp_path, message) == [("thu.msg/Bản trên máy chủ.xlsx", "mail-part-unreadable"),
                                            (f"thu.msg/{BOOK_NAME}", None), ("thu.msg/Tờ trình gửi Sở.pdf", None)]


WHOLE = msg_bytes(thanh_hung())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(0, len(WHOLE)), flips=st.lists(st.tuples(st.integers(0, len(WHOLE) - 1),
                                                               st.integers(1, 255)), max_size=4))
def test_no_damaged_msg_crashes_the_inbox(tmp_path: Path, cut: int, flips: list[tuple[int, int]]) -> None:
    data = bytearray(WHOLE)
    for at, mask in flips:
        data[at] ^= mask
    (tmp_path / "thu.msg").write_bytes(bytes(data[:cut]))
    with Inbox([(tmp_path / "thu.msg", "thu.msg")]) as inbox:
        assert inbox.received and all(r.shown.startswith("thu.msg") for r in inbox.received)
        assert len({r.shown for r in inbox.received}) == len(inbox.received)


def test_a_school_that_must_resend_gets_one_draft_with_its_unreadable_attachment(tmp_path: Path) -> None:
    """Was: a second draft to the same address for the attachment no school claims (`_unclaimed`)."""
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    (inbox / "loi.msg").write_bytes(msg_bytes(Message(
        "KH Tân Lập A", "Trường Tiểu học Tân Lập A", "tanlapa@truong.edu.vn", SENT,
        attachments=[Attachment("Kế hoạch Tân Lập A.xlsx", BROKEN), Attachment("Phụ lục.xlsx", b"PK\x03\x04 hong")])))
    result = merge_workbooks([inbox], tmp_path / "t.xlsx", jobs=1, return_dir=tmp_path / "d")
    assert [(d["school_code"], d["to"]) for d in result.to_dict()["drafts"]] == [("02160", "tanlapa@truong.edu.vn")]
    text = next((tmp_path / "d").glob("*.txt")).read_text(encoding="utf-8-sig")
    assert "Kế hoạch Tân Lập A.xlsx" in text and "Phụ lục.xlsx" in text
