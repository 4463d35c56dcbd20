"""Adversarial review of the round that read office rows without a parse and unpacked mail in parallel.

Each test failed before its fix (docs/decisions.md, "The clerk's day and the reader, session 4"):
an `x14ac:` prefix "declared" inside an attribute value; the shared-strings part skipped by the
guard; messages whose structure compat32 reads otherwise than the default policy; and, older than
the round, cells cut out of the middle of a tag. The workbook tests use the contract of
tests/test_canonical_adversarial.py: what the shortcut (`reader._read_canonical`) reads must be what
the long way (guard + calamine) reads, and the shortcut must not read a file the long way refuses.
"""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest
from test_canonical_adversarial import SHEET, STRINGS, _check, _edited

from qplan_xl.mail import Inbox
from qplan_xl.mail.letters import parse_message
from qplan_xl.workbook.layout import MAX_ROWS
from qplan_xl.workbook.read import reader
from qplan_xl.workbook.read.reader import UnreadableFile, read_workbook

X14AC_ROW = (SHEET, '<row r="2">', '<row r="2" x14ac:dyDescent="0.25">')


def _refused_both_ways(data: bytes, tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile):
        reader._guard("ke-hoach.xlsx", data, MAX_ROWS)  # the long way (the XML guard) refuses it...
    path = tmp_path / "ke-hoach.xlsx"
    path.write_bytes(data)
    with pytest.raises(UnreadableFile):
        read_workbook(path)  # ...so must read_workbook: the shortcut must decline
    assert reader._read_canonical(data, MAX_ROWS) is None


# --- 1. `_declared` looks for the text ` xmlns:x14ac="` anywhere up to the first `>` ------------------


def test_x14ac_named_in_an_attribute_value_is_not_declared(tmp_path: Path) -> None:
    """The prefix is unbound: expat (the guard) refuses the rows, but `plain_rows` skipped the parse
    because the root start tag *contains the text* ` xmlns:x14ac="` (in a single-quoted value)."""
    data = _edited((SHEET, "<worksheet xmlns=", "<worksheet foo=' xmlns:x14ac=\"urn:x\"' xmlns="), X14AC_ROW)
    _refused_both_ways(data, tmp_path)


# --- 2. shared strings are no longer given to `others_pass_the_guard` -----------------------------


SHEET_DATA_TEXT = (STRINGS, "<si><t>Tên trường</t>", "<si><t>sheetData</t>")


@pytest.mark.parametrize("root_edit", [
    (STRINGS, 'count="3"', 'count="3" q:z="1"'),  # an undeclared prefix on the root
    (STRINGS, 'count="3"', 'count="\x01"'),  # a control character in an attribute value
    (STRINGS, "</sst>", "</sst>\x0c"),  # a form feed after the root (bytes.rstrip() strips it)
], ids=["undeclared-prefix", "control-character", "form-feed-after-root"])
def test_shared_strings_the_guard_scans_as_a_worksheet(root_edit: tuple[str, str, str], tmp_path: Path) -> None:
    """A part holding the bytes `sheetData` is scanned by the guard as a worksheet (`holds_cell_data`),
    i.e. parsed whole by expat: a malformed root makes the long way refuse the file. `shared_strings`
    never parses the root's attributes (nor what `rstrip()` removes), and since 2132175 the part is
    added to `read`, so `others_pass_the_guard` no longer looks at it."""
    _refused_both_ways(_edited(SHEET_DATA_TEXT, root_edit), tmp_path)


def test_a_utf16_sheetdata_marker_in_a_root_attribute(tmp_path: Path) -> None:
    """The same with one edit: the guard's marker `sheetData` in UTF-16-LE (NUL bytes), which
    `_SST`'s `[^"<&]*` accepts in an attribute value and expat does not."""
    marker = "".join(ch + "\x00" for ch in "sheetData")
    _refused_both_ways(_edited((STRINGS, 'count="3"', f'count="3" x="{marker}"')), tmp_path)


@pytest.mark.parametrize("count", ["٩٩٩٩٩٩٩٩٩٩", "99999999999\u00a0", "\u200999999999999", "９９９９９９９９９９"],
                         ids=["arabic-indic", "nbsp-after", "thin-space-before", "fullwidth"])
def test_a_unique_count_the_guard_reads_as_too_large(count: str, tmp_path: Path) -> None:
    """The guard reads uniqueCount as a str (`str.strip`, `str.isdigit`, `int`: Unicode digits and
    spaces), `_plain_root` as bytes (ASCII only): the guard refuses, the shortcut reads."""
    _refused_both_ways(_edited((STRINGS, 'uniqueCount="3"', f'uniqueCount="{count}"')), tmp_path)


# --- 3. cells cut out of the middle of a tag (older than this round) --------------------------------


@pytest.mark.parametrize("row", [
    '<row r="3" ht="<c r="E3"><v>7</v></c>">',  # a "cell" inside an attribute value
    '<row r="3"<c r="E3"><v>7</v></c>>',  # a "cell" inside the start tag
], ids=["in-attribute-value", "in-start-tag"])
def test_a_cell_inside_a_tag_is_not_a_cell(row: str, tmp_path: Path) -> None:
    """`reduce_sheet` cuts canonical cells wherever the text matches, also inside markup; what is left
    (`<row r="3" ht="">`, `<row r="3">`) is well-formed, so the guard's reduced scan, `odd_cell_data`
    and `plain_rows` all accept it. calamine reads the original: no E3 (or a parse failure), while
    the shortcut gives E3 = 7."""
    _check(_edited((SHEET, '<row r="3">', row)), tmp_path)


# --- 4. messages: structure parsed with compat32 -------------------------------------------------

ATTACHMENT = (b'Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="KH.xlsx"\r\n'
              b"Content-Transfer-Encoding: base64\r\n\r\nS0hLSA==\r\n")


def _message(content_type: bytes, boundary: bytes) -> bytes:
    return (b"From: TH 1 <th1@truong.edu.vn>\r\nSubject: KH\r\nDate: Mon, 12 Oct 2026 08:00:00 +0700\r\n"
            b"MIME-Version: 1.0\r\nContent-Type: " + content_type + b"\r\n\r\n"
            b"--" + boundary + b"\r\n" + ATTACHMENT + b"--" + boundary + b"--\r\n")


STRUCTURES = {
    # RFC 2046 allows spaces in a boundary, RFC 5322 folding inside a quoted string
    "folded-boundary": _message(b'multipart/mixed;\r\n boundary="Part 1 of\r\n 2"', b"Part 1 of 2"),
    "unterminated-quote": _message(b'multipart/mixed; boundary="BB', b"BB"),
    "comment-after-boundary": _message(b"multipart/mixed; boundary=BB (mixed)", b"BB"),
    "encoded-word-type": _message(b'=?utf-8?q?multipart/mixed?=; boundary="BB"', b"BB"),
}


@pytest.mark.parametrize("data", STRUCTURES.values(), ids=STRUCTURES.keys())
def test_parse_message_finds_the_parts_the_default_policy_finds(data: bytes) -> None:
    """5f171ac: "the headers stored are the same under both policies" -- but the feedparser reads the
    content type and boundary through the policy while it parses: compat32 gives the raw text
    (folding CRLF, quote, comment and all), the default policy the parsed value."""
    def parts(message: email.message.Message) -> list[tuple[str | None, str]]:
        return [(p.get_filename(), p.get_content_type()) for p in message.walk()]

    assert parts(parse_message(data)) == parts(email.message_from_bytes(data, policy=email.policy.default))


@pytest.mark.parametrize("data", STRUCTURES.values(), ids=STRUCTURES.keys())
def test_the_attachment_of_such_a_message_is_received(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "thu.eml"
    path.write_bytes(data)
    with Inbox([(path, "thu.eml")]) as inbox:
        got = [(r.problem, r.path.name, r.path.read_bytes() if r.problem is None else None) for r in inbox.received]
    assert got == [(None, "KH.xlsx", b"KHKH")]
