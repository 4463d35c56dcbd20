"""E-mail in: zips, .eml, mbox and .msg expanded, every attachment accounted for, with its message."""

from __future__ import annotations

import email
import email.policy
import mailbox
import unicodedata
import zipfile
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from test_merge import _saved_at, _spec, _write, build_plan  # the district helpers

from qplan_xl import messages as m
from qplan_xl.mail import Inbox, Origin
from qplan_xl.mail.received import safe_name, unsafe_member
from qplan_xl.mail.zips import decode_legacy
from qplan_xl.merge import merge_workbooks
from qplan_xl.model import Month
from qplan_xl.workbook.template.build import write_workbook

YEAR = 2024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SENDER_A = "Trường Tiểu học 00001 <th00001@truong.edu.vn>"
OFFICE = "Sở GD&ĐT Thanh Hóa"


# --- building the mail room ---------------------------------------------------------------------


def _book(root: Path, code: str, invalid: bool = False, **changes: Any) -> bytes:
    path = root / "src" / f"{code}-{len(list(root.glob('src/*')))}.xlsx"
    spec = _spec(code, **changes)
    if invalid:
        path.parent.mkdir(parents=True, exist_ok=True)
        plan = build_plan(spec)
        first = plan.actions[0].replace(start=plan.actions[0].end, end=Month(YEAR, 8))
        write_workbook(plan.replace(actions=(first,) + plan.actions[1:]), path, revision=spec.revision)
    else:
        _write(path, spec)
    return path.read_bytes()


def message(sender: str, subject: str, date: str, attachments: list[tuple[str, bytes, str]],
            forwarded: EmailMessage | None = None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"], msg["Date"] = sender, "so@gddt.vn", subject, date
    msg["Message-ID"] = f"<{abs(hash((sender, subject, date)))}@truong.edu.vn>"
    msg.set_content("Kính gửi Sở, trường gửi kế hoạch. =SUM(A1) <b>không mở</b>")
    for name, data, ctype in attachments:
        main, sub = ctype.split("/")
        msg.add_attachment(data, maintype=main, subtype=sub, filename=name)
    if forwarded is not None:
        msg.add_attachment(forwarded)
    return msg


def cp1258(text: str) -> bytes:
    """Text as Vietnamese Windows writes it in cp1258: base letters with their tone as a combining mark."""
    out = b""
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            head = unicodedata.normalize("NFC", base + marks[0]) if len(marks) > 1 else base
            rest = marks[1:] if len(marks) > 1 else marks
            out += head.encode("cp1258") + "".join(rest).encode("cp1258")
    return out


def legacy_zip(path: Path, members: dict[bytes, bytes]) -> None:
    """A zip whose names are raw bytes without the UTF-8 flag (Windows Explorer, old WinRAR)."""
    placeholders = {"qwxyz"[i].encode() * len(raw): raw for i, raw in enumerate(members)}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for fake, data in zip(placeholders, members.values(), strict=True):
            archive.writestr(fake.decode(), data)
    blob = path.read_bytes()
    for fake, raw in placeholders.items():
        assert blob.count(fake) == 2
        blob = blob.replace(fake, raw)
    path.write_bytes(blob)


def _flag_encrypted(path: Path, name: bytes) -> None:
    """Set the "encrypted" bit of a member in both its headers (zipfile cannot write encrypted members)."""
    blob = bytearray(path.read_bytes())
    for start in range(len(blob)):
        if blob[start:start + 4] == b"PK\x03\x04" and blob[start + 30:start + 30 + len(name)] == name:
            blob[start + 6] |= 1
        elif blob[start:start + 4] == b"PK\x01\x02" and blob[start + 46:start + 46 + len(name)] == name:
            blob[start + 8] |= 1
    path.write_bytes(bytes(blob))


@pytest.fixture(scope="module")
def mailroom(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("mailroom")
    inbox = root / "hop-thu"
    inbox.mkdir()
    books = {code: _book(root, code) for code in ("00001", "00002", "00003", "00004")}
    books["00005"] = _book(root, "00005", invalid=True)
    forwarded = message("Hiệu trưởng <ht00004@truong.edu.vn>", "Kế hoạch 00004", "Mon, 14 Oct 2024 07:00:00 +0700",
                        [("KH 00004.xlsx", books["00004"], XLSX)])
    mail_a = message(SENDER_A, "Kế hoạch cải tiến chất lượng năm học 2024-2025",
                     "Tue, 15 Oct 2024 08:30:00 +0700",
                     [("Kế hoạch cải tiến 00001.xlsx", books["00001"], XLSX),
                      ("Tờ trình.pdf", b"%PDF-1.4 not opened", "application/pdf")], forwarded)
    (inbox / "thu-00001.eml").write_bytes(mail_a.as_bytes())
    (inbox / "thu-khong-dinh-kem.eml").write_bytes(
        message("Trường X <x@truong.edu.vn>", "Xin gia hạn", "Wed, 16 Oct 2024 09:00:00 +0700", []).as_bytes())
    box = mailbox.mbox(inbox / "Inbox")  # Thunderbird's mailbox file has no extension
    box.add(message("Trường Tiểu học 00005 <th00005@truong.edu.vn>", "Kế hoạch 00005",
                    "Thu, 17 Oct 2024 10:00:00 +0700", [("00005.xlsx", books["00005"], XLSX)]))
    box.add(message("Bản tin <news@example.vn>", "Thông báo", "Thu, 17 Oct 2024 11:00:00 +0700", []))
    box.flush()
    box.close()
    legacy_zip(inbox / "bai-nop.zip", {
        cp1258("Trường 00002/Kế hoạch.xlsx"): books["00002"],
        "Trường 00003/Kế hoạch.xlsx".encode(): books["00003"],
    })
    with zipfile.ZipFile(inbox / "doc-hai.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("../../ngoai.xlsx", books["00001"])
        archive.writestr("bom.xlsx", b"\0" * (5 * 1024 * 1024))
        archive.writestr("mat-khau.xlsx", b"x" * 100)
    _flag_encrypted(inbox / "doc-hai.zip", b"mat-khau.xlsx")
    (inbox / "cut.zip").write_bytes((inbox / "bai-nop.zip").read_bytes()[:300])
    (inbox / "KH-00006.zip").write_bytes(_book(root, "00006"))  # a workbook someone renamed
    (inbox / "outlook.msg").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    out = root / "out" / "tong-hop.xlsx"
    drafts = root / "tra-lai"
    result = merge_workbooks([inbox], out, jobs=1, unit=OFFICE, return_dir=drafts, return_from="so@gddt.vn")
    return {"root": root, "inbox": inbox, "out": out, "result": result, "data": result.to_dict(), "drafts": drafts}


FILES = {
    "hop-thu/thu-00001.eml/Kế hoạch cải tiến 00001.xlsx": ("merged", None),
    "hop-thu/thu-00001.eml/Tờ trình.pdf": ("not-workbook", None),
    "hop-thu/thu-00001.eml/KH 00004.xlsx": ("merged", None),
    "hop-thu/thu-khong-dinh-kem.eml": ("unreadable", "mail-no-attachment"),
    "hop-thu/Inbox#1/00005.xlsx": ("invalid", None),
    "hop-thu/bai-nop.zip/Trường 00002/Kế hoạch.xlsx": ("merged", None),
    "hop-thu/bai-nop.zip/Trường 00003/Kế hoạch.xlsx": ("merged", None),
    "hop-thu/doc-hai.zip/../../ngoai.xlsx": ("unreadable", "zip-unsafe-path"),
    "hop-thu/doc-hai.zip/bom.xlsx": ("unreadable", "zip-bomb"),
    "hop-thu/doc-hai.zip/mat-khau.xlsx": ("unreadable", "zip-encrypted"),
    "hop-thu/cut.zip": ("unreadable", "zip-unreadable"),
    "hop-thu/outlook.msg": ("unreadable", "mail-unreadable"),
    "hop-thu/KH-00006.zip": ("merged", None),
}


def test_every_file_and_attachment_has_exactly_one_status(mailroom: dict[str, Any]) -> None:
    records = mailroom["data"]["file_records"]
    assert {r["file"]: r["status"] for r in records} == {k: v for k, (v, _) in FILES.items()}
    codes = {r["file"]: r["issues"][0]["code"] for r in records if r["status"] == "unreadable"}
    assert codes == {k: c for k, (_, c) in FILES.items() if c}
    assert sum(mailroom["data"]["file_status"].values()) == len(FILES)
    sizes = {r["file"]: r["size"] for r in records}  # a refused container is the received file itself
    assert sizes["hop-thu/cut.zip"] == 300 and sizes["hop-thu/doc-hai.zip/bom.xlsx"] == 0


def test_identity_of_attachments_comes_from_inside(mailroom: dict[str, Any]) -> None:
    statuses = {s["code"]: s["status"] for s in mailroom["data"]["school_records"]}
    assert statuses == {"00001": "valid", "00002": "valid", "00003": "valid", "00004": "valid", "00005": "invalid",
                        "00006": "valid"}


def test_each_attachment_names_its_message(mailroom: dict[str, Any]) -> None:
    by_file = {r["file"]: r["origin"] for r in mailroom["data"]["file_records"]}
    first = by_file["hop-thu/thu-00001.eml/Kế hoạch cải tiến 00001.xlsx"]
    assert first["from"] == SENDER_A and first["address"] == "th00001@truong.edu.vn"
    assert first["subject"] == "Kế hoạch cải tiến chất lượng năm học 2024-2025"
    assert first["date"] == "2024-10-15T08:30:00+07:00" and first["container"] == "hop-thu/thu-00001.eml"
    # a forwarded message's attachment belongs to the message that reached the office
    assert by_file["hop-thu/thu-00001.eml/KH 00004.xlsx"]["address"] == "th00001@truong.edu.vn"
    assert by_file["hop-thu/Inbox#1/00005.xlsx"]["address"] == "th00005@truong.edu.vn"
    assert by_file["hop-thu/bai-nop.zip/Trường 00002/Kế hoạch.xlsx"] is None


def test_files_sheet_shows_the_message(mailroom: dict[str, Any]) -> None:
    ws = load_workbook(mailroom["out"], read_only=True)[m.MERGE_SHEETS["files"]]
    rows = list(ws.iter_rows(values_only=True))
    column = rows[0].index(m.MERGE_HEADERS["origin"])
    shown = {r[0]: r[column] if len(r) > column else None for r in rows[1:]}
    assert SENDER_A in shown["hop-thu/thu-00001.eml/Kế hoạch cải tiến 00001.xlsx"]
    assert "15/10/2024 08:30" in shown["hop-thu/thu-00001.eml/Kế hoạch cải tiến 00001.xlsx"]
    assert not shown["hop-thu/bai-nop.zip/Trường 00002/Kế hoạch.xlsx"]


def test_unpacked_files_are_removed_afterwards(mailroom: dict[str, Any]) -> None:
    paths = [Path(r["path"]) for r in mailroom["data"]["file_records"] if ".eml/" in r["file"]]
    assert paths and not any(p.exists() for p in paths)
    assert all(p.exists() for p in mailroom["inbox"].iterdir())  # inputs never touched


def test_the_later_message_wins_a_tie(tmp_path: Path) -> None:
    old, new = _book(tmp_path, "00001"), _book(tmp_path, "00001", seed=77)
    for name, data in (("a.xlsx", old), ("b.xlsx", new)):
        (tmp_path / name).write_bytes(data)
        _saved_at(tmp_path / name, "2024-10-01T08:00:00Z")
    dates = ("Fri, 18 Oct 2024 08:00:00 +0700", "Tue, 15 Oct 2024 08:00:00 +0700")
    for number, (name, date) in enumerate(zip(("b.xlsx", "a.xlsx"), dates, strict=True)):
        msg = message(SENDER_A, "KH", date, [(name, (tmp_path / name).read_bytes(), XLSX)])
        (tmp_path / f"mail{number}.eml").write_bytes(msg.as_bytes())
    result = merge_workbooks([tmp_path / "mail1.eml", tmp_path / "mail0.eml"], jobs=1)
    assert {r.shown: r.status for r in result.files} == {"mail0.eml/b.xlsx": "merged", "mail1.eml/a.xlsx": "superseded"}


# --- e-mail out: drafts returned to the schools ----------------------------------------------------


def _draft(mailroom: dict[str, Any], stem: str) -> EmailMessage:
    raw = (mailroom["drafts"] / f"{stem}.eml").read_bytes()
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def test_one_draft_per_school_to_resend_and_per_unclaimed_sender(mailroom: dict[str, Any]) -> None:
    drafts = {(d["school_code"], d["to"]) for d in mailroom["data"]["drafts"]}
    assert drafts == {("00005", "th00005@truong.edu.vn"), (None, "x@truong.edu.vn")}
    names = sorted(p.name for p in mailroom["drafts"].iterdir())
    school = f"00005 - {m.SCHOOL_KIND['tieu-hoc']} 00005"
    assert names == sorted([f"{school}.eml", f"{school}.txt", "x@truong.edu.vn.eml", "x@truong.edu.vn.txt"])
    for name in names:  # Windows accepts them
        assert not set(name) & set('<>:"/\\|?*') and len(name) < 200 and name == name.strip(" .")


def test_draft_reads_back_with_headers_body_and_annotated_copy(mailroom: dict[str, Any]) -> None:
    school = f"{m.SCHOOL_KIND['tieu-hoc']} 00005"
    raw = (mailroom["drafts"] / f"00005 - {school}.eml").read_bytes()
    assert b"\r\nX-Unsent: 1\r\n" in raw and b"Subject: =?utf-8?" in raw  # RFC 2047, CRLF lines
    msg = _draft(mailroom, f"00005 - {school}")
    assert msg["To"] == "th00005@truong.edu.vn" and msg["From"] == "so@gddt.vn" and msg["Date"]
    assert msg["Subject"] == m.MAIL_DRAFT["subject"].format(school=f"{school} (mã 00005)")
    original = next(r for r in mailroom["data"]["file_records"] if r["file"] == "hop-thu/Inbox#1/00005.xlsx")
    assert msg["In-Reply-To"] == original["origin"]["message_id"]
    body = msg.get_body(preferencelist=("plain",))
    assert body is not None and body.get_content_charset() == "utf-8"
    text = body.get_content()
    for issue in original["issues"]:
        warning = m.MAIL_DRAFT["warning"] if issue["severity"] == "warning" else ""
        assert f"«{issue['sheet']}», ô {issue['cell']}: {warning}{issue['message']}" in text
    attachments = list(msg.iter_attachments())
    assert [a.get_filename() for a in attachments] == ["00005 - cần sửa.xlsx"]
    copy = mailroom["root"] / "copy.xlsx"
    copy.write_bytes(attachments[0].get_content())
    book = load_workbook(copy)
    assert m.SHEETS["check"] in book.sheetnames
    first = original["issues"][0]
    assert book[first["sheet"]][first["cell"]].comment is not None


def test_draft_to_a_sender_whose_message_had_no_workbook(mailroom: dict[str, Any]) -> None:
    msg = _draft(mailroom, "x@truong.edu.vn")
    assert msg["To"] == "x@truong.edu.vn" and not list(msg.iter_attachments())
    body = msg.get_body(preferencelist=("plain",))
    assert body is not None and "thu-khong-dinh-kem.eml" in body.get_content()


def test_zalo_text_lists_every_cell(mailroom: dict[str, Any]) -> None:
    school = f"{m.SCHOOL_KIND['tieu-hoc']} 00005"
    raw = (mailroom["drafts"] / f"00005 - {school}.txt").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Notepad on older Windows needs the BOM to read UTF-8
    text = raw.decode("utf-8-sig")
    original = next(r for r in mailroom["data"]["file_records"] if r["file"] == "hop-thu/Inbox#1/00005.xlsx")
    assert OFFICE in text and all(f"ô {i['cell']}" in text for i in original["issues"])


def test_cli_writes_drafts(mailroom: dict[str, Any], tmp_path: Path) -> None:
    from click.testing import CliRunner

    from qplan_xl.cli import cli

    result = CliRunner().invoke(cli, ["merge", str(mailroom["inbox"]), "-o", str(tmp_path / "t.xlsx"),
                                      "--return-dir", str(tmp_path / "d"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert m.MAIL_DRAFT["wrote"].format(count=2, path=tmp_path / "d") in result.output
    assert len(list((tmp_path / "d").glob("*.eml"))) == 2


# --- the pieces -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    (cp1258("Kế hoạch cải tiến.xlsx"), "Kế hoạch cải tiến.xlsx"),
    ("Trường Tiểu học Ánh Dương/Kế hoạch.xlsx".encode(), "Trường Tiểu học Ánh Dương/Kế hoạch.xlsx"),
    ("План школы.xlsx".encode("cp866"), "План школы.xlsx"),
    (b"ke-hoach.xlsx", "ke-hoach.xlsx"),
])
def test_legacy_zip_names(raw: bytes, expected: str) -> None:
    assert decode_legacy(raw) == expected


@pytest.mark.parametrize(("name", "safe"), [
    ("Kế hoạch: bản 2?.xlsx", "Kế hoạch_ bản 2_.xlsx"),
    ("../../evil.xlsx", "evil.xlsx"),
    ("CON.xlsx", "_CON.xlsx"),
    ("a" * 300 + ".xlsx", "a" * 115 + ".xlsx"),
    ("", "tep"),
    ("tên. ", "tên"),
])
def test_safe_names(name: str, safe: str) -> None:
    assert safe_name(name) == safe


def test_unsafe_members() -> None:
    assert all(unsafe_member(n) for n in ("../a.xlsx", "/etc/passwd", "C:/x.xlsx", "a\\..\\..\\b"))
    assert not any(unsafe_member(n) for n in ("a/b.xlsx", "..a.xlsx", "Trường/KH.xlsx"))


def test_message_body_is_never_taken(tmp_path: Path) -> None:
    msg = email.message_from_bytes(message(SENDER_A, "KH", "Tue, 15 Oct 2024 08:30:00 +0700", []).as_bytes(),
                                   policy=email.policy.default)
    msg.add_alternative("<html><a href='x.xlsx'>x</a></html>", subtype="html")
    (tmp_path / "html.eml").write_bytes(msg.as_bytes())
    with Inbox([(tmp_path / "html.eml", "html.eml")]) as inbox:
        assert [(r.shown, r.problem) for r in inbox.received] == [("html.eml", "mail-no-attachment")]
        assert isinstance(inbox.received[0].origin, Origin)


def test_nested_containers_stop_at_a_depth(tmp_path: Path) -> None:
    inner = tmp_path / "0.zip"
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("a.txt", "x")
    for level in range(1, 7):
        outer = tmp_path / f"{level}.zip"
        with zipfile.ZipFile(outer, "w") as archive:
            archive.write(inner, f"{level - 1}.zip")
        inner = outer
    with Inbox([(inner, "6.zip")]) as inbox:
        assert [r.problem for r in inbox.received] == ["mail-too-deep"]


def test_parallel_reading_keeps_each_attachment_in_place(mailroom: dict[str, Any]) -> None:
    result = merge_workbooks([mailroom["inbox"]], jobs=2)
    assert {r.shown: (r.status, r.origin) for r in result.files} == {
        r.shown: (r.status, r.origin) for r in mailroom["result"].files}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".zip", ".eml", ".msg", ".mbox", ""]),
       head=st.sampled_from([b"", b"PK\x03\x04", b"From x\n", b"Content-Type: multipart/mixed; boundary=b\n\n--b\n",
                             b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]))
def test_no_container_crashes_the_inbox(tmp_path: Path, data: bytes, suffix: str, head: bytes) -> None:
    path = tmp_path / f"x{suffix}"
    path.write_bytes(head + data)
    with Inbox([(path, path.name)]) as inbox:
        assert inbox.received and all(r.shown.startswith(path.name) for r in inbox.received)


@given(st.binary(max_size=200))
def test_any_zip_name_decodes(raw: bytes) -> None:
    assert isinstance(decode_legacy(raw), str)


def test_a_msg_without_the_outlook_extra_says_how_to_read_it(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "extract_msg", None)  # as on a PC without qplan-xl[outlook]
    (tmp_path / "thu.msg").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with Inbox([(tmp_path / "thu.msg", "thu.msg")]) as inbox:
        assert [(r.shown, r.problem) for r in inbox.received] == [("thu.msg", "mail-msg-unsupported")]


def test_a_school_that_must_resend_gets_one_draft_with_its_unreadable_attachment(tmp_path: Path) -> None:
    """Was: a second draft to the same address, as "a sender with no merged file" (`_unclaimed`)."""
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    invalid = _book(tmp_path, "00005", invalid=True)
    mail = message("Trường Tiểu học 00005 <TH00005@truong.edu.vn>", "Kế hoạch 00005", "Thu, 17 Oct 2024 10:00:00 +0700",
                   [("00005.xlsx", invalid, XLSX), ("Phụ lục.xlsx", b"PK\x03\x04 not a workbook", XLSX)])
    (inbox / "thu-00005.eml").write_bytes(mail.as_bytes())
    result = merge_workbooks([inbox], tmp_path / "t.xlsx", jobs=1, return_dir=tmp_path / "d")
    data = result.to_dict()
    assert [(d["school_code"], d["to"]) for d in data["drafts"]] == [("00005", "TH00005@truong.edu.vn")]
    assert sorted(p.suffix for p in (tmp_path / "d").iterdir()) == [".eml", ".txt"]
    body = next((tmp_path / "d").glob("*.eml")).read_bytes()
    parsed = email.message_from_bytes(body, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    text = parsed.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "00005.xlsx" in text and "Phụ lục.xlsx" in text


def test_attachments_of_the_same_name_keep_it_each_in_its_own_place(tmp_path: Path) -> None:
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    names = ["Kế hoạch.xlsx", "KẾ HOẠCH.xlsx", "Ke\u0302\u0301 hoạch.xlsx", "Kế hoạch.xlsx", "khac.xlsx"]
    for number, name in enumerate(names):
        (inbox / f"thu-{number}.eml").write_bytes(message(
            f"TH {number} <th{number}@truong.edu.vn>", "Kế hoạch", "Mon, 12 Oct 2026 08:00:00 +0700",
            [(name, f"tep {number}".encode(), "application/octet-stream")]).as_bytes())
    with Inbox([(path, path.name) for path in sorted(inbox.iterdir())]) as found:
        received = found.received
        contents = [item.path.read_bytes() for item in received]
        paths = [item.path for item in received]
        folders = {item.path.parent for item in received}
    assert contents == [f"tep {number}".encode() for number in range(5)]
    assert [p.name for p in paths] == [unicodedata.normalize("NFC", n) for n in names]
    assert len({str(p).casefold() for p in paths}) == 5  # no two in one place, as Windows compares names
    assert len(folders) == 4  # the fourth «Kế hoạch» needs a fourth folder; «khac» shares the first


def _unpacked(found: list[tuple[Path, str]], runner: Any = None) -> list[tuple[Any, ...]]:
    with Inbox(found, runner) as inbox:
        return [(r.shown, r.origin, r.problem, r.params, r.path.name, r.path.read_bytes() if r.problem is None else None)
                for r in inbox.received]


def test_containers_unpacked_in_parallel_give_what_one_process_gives(mailroom: dict[str, Any]) -> None:
    import functools

    from qplan_xl.merge.intake.workers import map_in_pool

    found = [(path, f"hop-thu/{path.name}") for path in sorted(mailroom["inbox"].iterdir())]
    alone = _unpacked(found)
    assert len(alone) > len(found) and any(item[2] for item in alone)  # attachments, and refusals
    assert _unpacked(found, functools.partial(map_in_pool, jobs=2)) == alone

    def failing(function: Any, calls: list[tuple[Any, ...]]) -> Any:  # the pool breaks after two containers
        for call in calls[:2]:
            yield function(*call)
        raise OSError("the pool broke")

    assert _unpacked(found, failing) == alone


def test_an_unpacked_file_never_overwrites_another(tmp_path: Path) -> None:
    """Windows may take a name for another file's (its 8.3 short names): files are created exclusively."""
    with Inbox([]) as inbox:
        first, out = inbox.create("KeHoachTruongA.xlsx")
        with out:
            out.write(b"A")
        (first.parent / "KEHOAC~1.XLS").write_bytes(b"A")  # what NTFS shows as the first file's short name
        second, out = inbox.create("KEHOAC~1.XLS")
        with out:
            out.write(b"B")
        assert second.parent != first.parent and second.name == "KEHOAC~1.XLS"
        assert (first.parent / "KEHOAC~1.XLS").read_bytes() == b"A" and second.read_bytes() == b"B"


def _mailbox(path: Path, crlf: bool = False) -> None:
    """Seven messages: attachments, none, a body with "From " lines, a forwarded message, the last
    one without a final line break."""
    messages = []
    for number in range(7):
        files = [] if number in (1, 4) else [(f"Kế hoạch {number}.xlsx", f"tep {number}".encode(), XLSX)]
        mail = message(f"TH {number} <th{number}@truong.edu.vn>", f"Thư {number}", "Mon, 12 Oct 2026 08:00:00 +0700",
                       files)
        data = mail.as_bytes()
        if number == 2:  # lines of the body that look like the start of a message
            data = data.replace(b"Content-Transfer-Encoding: 8bit\n\nK", b"Content-Transfer-Encoding: 8bit\n\n"
                                b"From the school, with thanks\n>From quoted\n\nK", 1)
            assert b"\nFrom the school" in data
        messages.append(data)
    data = b"".join(b"From MAILER-DAEMON Mon Oct 12 08:00:00 2026\n" + m.replace(b"\nFrom ", b"\n>From ") + b"\n"
                    for m in messages).rstrip(b"\n")
    path.write_bytes(data.replace(b"\n", b"\r\n") if crlf else data)


@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf"])
def test_a_large_mailbox_unpacked_in_parts_gives_what_one_process_gives(tmp_path: Path, crlf: bool,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import functools

    from qplan_xl.mail import letters
    from qplan_xl.merge.intake.workers import map_in_pool

    monkeypatch.setattr(letters, "MBOX_PART", 2)  # four parts of this mailbox
    for name in ("a.eml", "b.eml", "c.eml"):  # enough containers for the parallel way
        (tmp_path / name).write_bytes(message("X <x@y.vn>", "X", "Mon, 12 Oct 2026 08:00:00 +0700",
                                              [("x.xlsx", b"x", XLSX)]).as_bytes())
    _mailbox(tmp_path / "Inbox", crlf)
    assert b">From the school" in (tmp_path / "Inbox").read_bytes() and len(letters.mbox_parts(tmp_path / "Inbox") or []) == 4
    empty = tmp_path / "Trống.mbox"
    empty.write_bytes(b"".join(b"From x Mon Oct 12 08:00:00 2026\n" + message("X <x@y.vn>", f"S {n}", "Mon, 12 Oct 2026 "
                                                                                  "08:00:00 +0700", []).as_bytes() + b"\n"
                               for n in range(5)))
    found = [(path, path.name) for path in sorted(tmp_path.iterdir())]
    alone = _unpacked(found)
    assert [item[0] for item in alone if item[0].startswith("Inbox")] == [
        "Inbox#1/Kế hoạch 0.xlsx", "Inbox#3/Kế hoạch 2.xlsx", "Inbox#4/Kế hoạch 3.xlsx", "Inbox#6/Kế hoạch 5.xlsx",
        "Inbox#7/Kế hoạch 6.xlsx"]
    assert ("Trống.mbox", None, "mail-no-attachment", {}, "Trống.mbox", None) in alone
    assert _unpacked(found, functools.partial(map_in_pool, jobs=2)) == alone


def test_a_mailbox_over_its_budget_in_parts_is_refused_as_in_one_process(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Each part may unpack the whole budget; together over it, the main process unpacks the
    mailbox again, so the attachments refused are those one process refuses."""
    import functools

    from qplan_xl.mail import inbox, letters
    from qplan_xl.merge.intake.workers import map_in_pool

    monkeypatch.setattr(letters, "MBOX_PART", 2)
    monkeypatch.setattr(inbox, "MAX_TOTAL_BYTES", 16)  # three of the five attachments (5 bytes each)
    for name in ("a.eml", "b.eml", "c.eml"):
        (tmp_path / name).write_bytes(message("X <x@y.vn>", "X", "Mon, 12 Oct 2026 08:00:00 +0700",
                                              [("x.xlsx", b"x", XLSX)]).as_bytes())
    _mailbox(tmp_path / "Inbox")
    found = [(path, path.name) for path in sorted(tmp_path.iterdir())]
    alone = _unpacked(found)
    assert [item[2] for item in alone if item[0].startswith("Inbox")] == [None, None, None, "mail-part-unreadable",
                                                                          "mail-part-unreadable"]
    assert _unpacked(found, functools.partial(map_in_pool, jobs=2)) == alone
