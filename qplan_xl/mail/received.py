"""What one received file is: where it lies now, how it is shown, and the message it came in."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from qplan_xl import messages as m

MAX_DEPTH = 4  # a zip in a message forwarded in a message: deeper nesting is refused
MAX_MEMBER_BYTES = 60 * 1024 * 1024  # one unpacked file (a workbook is refused above 50 MB anyway)
MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # everything unpacked from one input
MAX_MEMBERS = 20_000
MAX_RATIO = 200  # unpacked/packed size above which a large member is taken for a zip bomb
RATIO_FLOOR = 1024 * 1024  # small members may compress well (an XML file of blanks)

_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_NAME = 120  # characters; Windows paths stop at 260
MAX_NAME_BYTES = 200  # UTF-8 bytes: ext4, XFS and APFS stop at 255 (a Vietnamese letter takes up to 3)


@dataclass(frozen=True)
class Origin:
    """The e-mail a file was attached to (container is the path of the message or mailbox shown)."""

    container: str
    sender: str = ""  # display form: "Name <address>"
    address: str = ""  # the bare address a reply goes to
    date: str = ""  # ISO 8601, as the sender's mail program stamped it
    subject: str = ""
    message_id: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"container": self.container, "from": self.sender, "address": self.address,
                "date": self.date, "subject": self.subject, "message_id": self.message_id}


@dataclass(frozen=True)
class Received:
    """One file to inspect; `problem` is set (with its parameters) when it could not be unpacked."""

    path: Path
    shown: str
    origin: Origin | None = None
    problem: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


def origin_label(origin: Origin | None) -> str:
    """The message a file came in, for the «Tệp» sheet ("" for a file given as such)."""
    if origin is None or not (origin.sender or origin.subject or origin.date):
        return ""
    unknown = m.MAIL_ORIGIN_UNKNOWN
    return m.MAIL_ORIGIN.format(sender=origin.sender or unknown, date=shown_date(origin.date, True) or unknown,
                                subject=origin.subject or unknown)


def shown_date(iso: str, time: bool = False) -> str:
    """An ISO date as Vietnamese readers write it: 17/10/2024 (10:00)."""
    try:
        when = dt.datetime.fromisoformat(iso)
    except ValueError:
        return ""
    return when.strftime("%d/%m/%Y %H:%M" if time else "%d/%m/%Y")


def safe_name(name: str, default: str = "tep") -> str:
    """A file name any Windows, macOS or Linux accepts (NFC, no separators or reserved names)."""
    text = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    text = _UNSAFE.sub("_", text).strip(" .")
    stem, dot, ext = text.rpartition(".")
    if (stem if dot else text).upper() in _RESERVED:
        text = "_" + text
    keep = ("." + ext[:10]) if dot else ""
    if len(text) > MAX_NAME:
        text = text[: MAX_NAME - len(keep)] + keep
    if len(text.encode("utf-8")) > MAX_NAME_BYTES:  # whole characters off the stem, the extension kept
        tail = keep if keep and text.endswith(keep) else ""
        room = MAX_NAME_BYTES - len(tail.encode("utf-8"))
        text = text[: len(text) - len(tail)].encode("utf-8")[:room].decode("utf-8", "ignore") + tail
    return text or default


def unsafe_member(name: str) -> bool:
    """A member name that would escape the folder it is unpacked into (absolute, drive, `..`)."""
    text = name.replace("\\", "/")
    if text.startswith("/") or re.match(r"^[A-Za-z]:", text):
        return True
    return ".." in text.split("/")


class Sink(Protocol):
    """Where unpacked files go (the inbox): a private path per file, files taken, files refused."""

    def create(self, name: str) -> tuple[Path, BinaryIO]: ...

    def take(self, path: Path, shown: str, origin: Origin | None, depth: int) -> None: ...

    def refuse(self, shown: str, code: str, origin: Origin | None = None, path: Path | None = None,
               **params: Any) -> None: ...

    def spend(self, size: int) -> bool: ...
