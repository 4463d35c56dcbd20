"""Outlook .msg files written from scratch for the tests (nothing else here writes one).

Two layers:

* `compound_file(tree)`: an OLE2 Compound File (MS-CFB version 3: 512-byte sectors, one FAT,
  the directory as a red-black tree per storage, streams under 4096 bytes in the mini stream with
  its mini FAT, larger ones in regular sectors). `tree` maps names to bytes (a stream) or to
  another mapping (a storage).
* `msg_bytes(Message(...))`: the MS-OXMSG layout in such a file: `__properties_version1.0` of the
  message (32-byte header; 24 in an embedded message, 8 in an attachment), `__substg1.0_XXXXYYYY`
  streams of its string (UTF-16-LE) and binary properties, `__recip_version1.0_#N`,
  `__attach_version1.0_#N` storages and a forwarded message as `__substg1.0_3701000D`.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from datetime import datetime, timezone

Tree = dict[str, "bytes | Tree"]

SECTOR, MINI_SECTOR, CUTOFF = 512, 64, 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
HEADER_DIFAT = 109  # FAT sector numbers the header holds (no DIFAT sectors are written)
RED, BLACK = 0, 1
ROOT, STORAGE, STREAM = 5, 1, 2
ENTRY = struct.Struct("<64sHBBIII16sIQQIQ")  # 128 bytes
HEADER = struct.Struct("<8s16sHHHHH6sIIIIIIIII")  # 76 bytes, then the 109 DIFAT entries


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: list[int] = field(default_factory=list)
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    color: int = BLACK
    start: int = END


def compound_file(tree: Tree) -> bytes:
    """The bytes of a compound file holding `tree` (its root storage is the «Root Entry»)."""
    entries = [_Entry("Root Entry", ROOT)]
    _add_children(entries, 0, tree)
    for entry in entries:
        if entry.children:
            ordered = sorted(entry.children, key=lambda i: _order(entries[i].name))
            entry.child = _sibling_tree(entries, ordered, 0, (len(ordered) + 1).bit_length() - 1)
    streams = [e for e in entries if e.kind == STREAM and e.data]
    small = [e for e in streams if len(e.data) < CUTOFF]
    large = [e for e in streams if len(e.data) >= CUTOFF]

    mini_fat: list[int] = []
    mini_stream = b""
    for entry in small:
        count = _sectors(len(entry.data), MINI_SECTOR)
        entry.start = len(mini_fat)
        mini_fat += [entry.start + i + 1 for i in range(count - 1)] + [END]
        mini_stream += entry.data.ljust(count * MINI_SECTOR, b"\0")

    # regular sectors, in this order: FAT, directory, mini FAT, mini stream, large streams
    blocks = [_sectors(len(entries) * ENTRY.size, SECTOR), _sectors(len(mini_fat) * 4, SECTOR),
              _sectors(len(mini_stream), SECTOR), *(_sectors(len(e.data), SECTOR) for e in large)]
    fat_count = 1
    while fat_count * SECTOR // 4 < fat_count + sum(blocks):
        fat_count += 1
    if fat_count > HEADER_DIFAT:
        raise ValueError("too large for a file without DIFAT sectors (about 6.8 MB)")
    fat = [FATSECT] * fat_count
    starts = []
    for count in blocks:
        starts.append(len(fat) if count else END)
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [END] * (count > 0)
    fat += [FREE] * (fat_count * SECTOR // 4 - len(fat))
    dir_start, mini_fat_start, mini_stream_start = starts[:3]
    for entry, start in zip(large, starts[3:], strict=True):
        entry.start = start
    entries[0].start, entries[0].data = mini_stream_start, mini_stream

    header = HEADER.pack(SIGNATURE, bytes(16), 0x003E, 3, 0xFFFE, 9, 6, bytes(6), 0, fat_count, dir_start,
                         0, CUTOFF, mini_fat_start, blocks[1], END, 0)
    header += struct.pack(f"<{HEADER_DIFAT}I", *range(fat_count), *[FREE] * (HEADER_DIFAT - fat_count))
    body = [struct.pack(f"<{len(fat)}I", *fat), b"".join(_entry_bytes(e) for e in entries),
            struct.pack(f"<{len(mini_fat)}I", *mini_fat), mini_stream, *(e.data for e in large)]
    return header + b"".join(part.ljust(_sectors(len(part), SECTOR) * SECTOR, b"\0") for part in body)


def _add_children(entries: list[_Entry], parent: int, tree: Tree) -> None:
    for name, value in tree.items():
        entries[parent].children.append(len(entries))
        if isinstance(value, bytes):
            entries.append(_Entry(name, STREAM, value))
        else:
            entries.append(_Entry(name, STORAGE))
            _add_children(entries, len(entries) - 1, value)


def _order(name: str) -> tuple[int, str]:
    """MS-CFB's order of siblings: shorter names first, then by their upper-case letters."""
    return len(name.encode("utf-16-le")), name.upper()


def _sibling_tree(entries: list[_Entry], ordered: list[int], depth: int, full: int) -> int:
    """A balanced search tree of `ordered` as a valid red-black tree: its `full` complete levels black,
    the partial level below them (leaves only) red, so every path meets the same number of black nodes."""
    if not ordered:
        return NOSTREAM
    middle = len(ordered) // 2
    node = entries[ordered[middle]]
    node.left = _sibling_tree(entries, ordered[:middle], depth + 1, full)
    node.right = _sibling_tree(entries, ordered[middle + 1:], depth + 1, full)
    node.color = RED if depth >= full else BLACK
    return ordered[middle]


def _entry_bytes(entry: _Entry) -> bytes:
    name = (entry.name + "\0").encode("utf-16-le")
    if len(name) > 64:
        raise ValueError(f"name too long for a compound file: {entry.name}")
    size = len(entry.data) if entry.kind != STORAGE else 0
    start = 0 if entry.kind == STORAGE else entry.start if size else END
    return ENTRY.pack(name, len(name), entry.kind, entry.color, entry.left, entry.right, entry.child,
                      bytes(16), 0, 0, 0, start, size)


def _sectors(size: int, sector: int) -> int:
    return -(-size // sector)


# --- MS-OXMSG ------------------------------------------------------------------------------------

PT_LONG, PT_SYSTIME, PT_UNICODE, PT_BINARY, PT_OBJECT = 0x0003, 0x0040, 0x001F, 0x0102, 0x000D
READ_WRITE = 0x2 | 0x4  # PROPATTR_READABLE | PROPATTR_WRITABLE
FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=timezone.utc)
ATTACH_BY_VALUE, ATTACH_BY_REFERENCE, ATTACH_EMBEDDED_MSG = 1, 2, 5
STORE_UNICODE_OK = 0x00040000
MSGFLAG_READ = 0x1


@dataclass
class Attachment:
    """A file attached by value, or (with `message`) a message attached to the message."""

    name: str
    data: bytes = b""
    message: Message | None = None
    linked: bool = False  # attached by reference (a path on a share, no data), as Outlook can


@dataclass
class Message:
    subject: str
    sender_name: str
    sender_address: str
    sent: datetime  # PR_CLIENT_SUBMIT_TIME (and PR_MESSAGE_DELIVERY_TIME a minute later)
    body: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    to: str = "so@gddt.vn"
    smtp_property: bool = False  # also PR_SENDER_SMTP_ADDRESS (5D01), as Exchange writes it
    message_id: str = ""  # PR_INTERNET_MESSAGE_ID


def msg_bytes(message: Message) -> bytes:
    """An Outlook .msg (Unicode) holding `message`."""
    return compound_file(_message_tree(message, embedded=False))


def filetime(when: datetime) -> int:
    delta = when - FILETIME_EPOCH
    return (delta.days * 86400 + delta.seconds) * 10_000_000 + delta.microseconds * 10


def _message_tree(message: Message, embedded: bool) -> Tree:
    delivered = message.sent.timestamp() + 60
    fixed = {0x0E07: (PT_LONG, MSGFLAG_READ), 0x340D: (PT_LONG, STORE_UNICODE_OK),
             0x0039: (PT_SYSTIME, filetime(message.sent)),
             0x0E06: (PT_SYSTIME, filetime(datetime.fromtimestamp(delivered, timezone.utc)))}
    strings = {0x001A: "IPM.Note", 0x0037: message.subject, 0x0C1A: message.sender_name,
               0x0C1E: "SMTP", 0x0C1F: message.sender_address, 0x1000: message.body}
    if message.smtp_property:
        strings[0x5D01] = message.sender_address
    if message.message_id:
        strings[0x1035] = message.message_id
    tree = _properties(fixed, strings, {})
    recipient = _properties({0x0C15: (PT_LONG, 1)}, {0x3001: message.to, 0x3002: "SMTP", 0x3003: message.to}, {})
    tree["__recip_version1.0_#00000000"] = _with_header(recipient, bytes(8))
    for number, attachment in enumerate(message.attachments):
        tree[f"__attach_version1.0_#{number:08X}"] = _attachment_tree(attachment, number)
    counts = struct.pack("<8xIIII", 1, len(message.attachments), 1, len(message.attachments))
    if not embedded:  # the named-property mapping lives at the top only (here: no named properties)
        tree["__nameid_version1.0"] = {f"__substg1.0_000{i}0102": b"" for i in (2, 3, 4)}
    return _with_header(tree, counts if embedded else counts + bytes(8))


def _attachment_tree(attachment: Attachment, number: int) -> Tree:
    fixed = {0x0E21: (PT_LONG, number), 0x370B: (PT_LONG, 0xFFFFFFFF)}
    strings = {0x3001: attachment.name, 0x3707: attachment.name}
    if attachment.linked:
        fixed[0x3705] = (PT_LONG, ATTACH_BY_REFERENCE)
        strings[0x370D] = "\\\\may-chu\\chia-se\\" + attachment.name  # PR_ATTACH_LONG_PATHNAME
        return _with_header(_properties(fixed, strings, {}), bytes(8))
    if attachment.message is None:
        fixed[0x3705] = (PT_LONG, ATTACH_BY_VALUE)
        fixed[0x0E20] = (PT_LONG, len(attachment.data))
        strings[0x3703] = "." + attachment.name.rpartition(".")[2]
        return _with_header(_properties(fixed, strings, {0x3701: attachment.data}), bytes(8))
    fixed[0x3705] = (PT_LONG, ATTACH_EMBEDDED_MSG)
    tree = _properties(fixed, {0x3001: attachment.name}, {})  # a forwarded message has a display name only
    tree["__substg1.0_3701000D"] = _message_tree(attachment.message, embedded=True)
    tree["__properties_version1.0"] += struct.pack("<IIII", 0x3701 << 16 | PT_OBJECT, READ_WRITE, FREE, 0)
    return _with_header(tree, bytes(8))


def _properties(fixed: dict[int, tuple[int, int]], strings: dict[int, str], binary: dict[int, bytes]) -> Tree:
    """Streams of the variable-length properties and the entries of the property stream (no header yet)."""
    tree: Tree = {}
    entries = b""
    for prop, (kind, value) in sorted(fixed.items()):
        entries += struct.pack("<IIQ", prop << 16 | kind, READ_WRITE, value)
    for prop, text in sorted(strings.items()):
        data = text.encode("utf-16-le")
        tree[f"__substg1.0_{prop:04X}{PT_UNICODE:04X}"] = data
        entries += struct.pack("<IIII", prop << 16 | PT_UNICODE, READ_WRITE, len(data) + 2, 0)
    for prop, data in sorted(binary.items()):
        tree[f"__substg1.0_{prop:04X}{PT_BINARY:04X}"] = data
        entries += struct.pack("<IIII", prop << 16 | PT_BINARY, READ_WRITE, len(data), 0)
    tree["__properties_version1.0"] = entries
    return tree


def _with_header(tree: Tree, header: bytes) -> Tree:
    entries = tree["__properties_version1.0"]
    assert isinstance(entries, bytes)
    tree["__properties_version1.0"] = header + entries
    return tree
