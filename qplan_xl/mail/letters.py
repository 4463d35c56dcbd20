"""E-mail files (.eml, mbox, Outlook .msg): only their attachments are taken, each with its message."""

from __future__ import annotations

import email
import email.policy
import email.utils
import mailbox
import mimetypes
import os
from collections.abc import Iterator
from datetime import datetime
from email.message import Message
from pathlib import Path
from typing import Any

from qplan_xl.mail.received import MAX_MEMBER_BYTES, Origin, Sink, safe_name

POLICY = email.policy.default


def expand_eml(path: Path, shown: str, depth: int, sink: Sink) -> None:
    """The attachments of one RFC 5322 message file; a message without any is refused as such."""
    with path.open("rb") as handle:
        message = email.message_from_binary_file(handle, policy=POLICY)
    if not _attachments_of(message, shown, depth, sink):
        sink.refuse(shown, "mail-no-attachment", origin_of(message, shown), path)


def expand_mbox(path: Path, shown: str, depth: int, sink: Sink) -> None:
    """The attachments of every message of an mbox file (Thunderbird, Gmail's Takeout)."""
    box = mailbox.mbox(path, create=False)
    taken = False
    try:
        for number, key in enumerate(box.iterkeys(), start=1):
            message = email.message_from_bytes(box.get_bytes(key), policy=POLICY)
            taken |= _attachments_of(message, f"{shown}#{number}", depth, sink)
    finally:
        box.close()
    if not taken:
        sink.refuse(shown, "mail-no-attachment", None, path)


def origin_of(message: Message, container: str) -> Origin:
    """Who sent `message`, when and about what (headers only; the body is never read)."""
    sender = _header(message, "From")
    _, address = email.utils.parseaddr(_header(message, "Reply-To") or sender)
    return Origin(container, sender, address, _iso_date(_header(message, "Date")),
                  _header(message, "Subject"), _header(message, "Message-ID"))


def _attachments_of(message: Message, shown: str, depth: int, sink: Sink) -> bool:
    """Put each attachment into the sink (forwarded messages keep the outer message's origin)."""
    origin = origin_of(message, shown)
    taken = False
    for number, part in enumerate(_attachments(message), start=1):
        name = safe_name(part.get_filename() or "", _default_name(part, number))
        data = _payload(part)
        if data is None or not sink.spend(len(data)):
            sink.refuse(f"{shown}/{name}", "mail-part-unreadable", origin)
        else:
            _keep(data, f"{shown}/{name}", origin, depth, sink)
        taken = True
    return taken


def _attachments(message: Message) -> Iterator[Message]:
    """Leaf parts that are attachments, also inside forwarded messages (message/rfc822)."""
    for part in message.walk():
        if part.is_multipart() or part.get_content_maintype() == "message":
            continue
        disposition = (part.get_content_disposition() or "").lower()
        if disposition == "attachment" or part.get_filename():
            yield part


def _payload(part: Message) -> bytes | None:
    try:
        data = part.get_payload(decode=True)
    except (ValueError, TypeError, LookupError):
        return None
    return data if isinstance(data, bytes) and len(data) <= MAX_MEMBER_BYTES else None


def _keep(data: bytes, shown: str, origin: Origin | None, depth: int, sink: Sink) -> None:
    target = sink.folder() / safe_name(shown)
    target.write_bytes(data)
    if origin is not None and origin.date:
        _stamp(target, origin.date)
    sink.take(target, shown, origin, depth + 1)


def _default_name(part: Message, number: int) -> str:
    ext = mimetypes.guess_extension(part.get_content_type()) or ".bin"
    return f"attachment-{number}{ext}"


def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
    except (ValueError, TypeError, IndexError):  # a malformed header that the policy cannot parse
        return ""
    return " ".join(str(value).split()) if value is not None else ""


def _iso_date(text: str) -> str:
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return ""
    return when.isoformat() if when is not None else ""


def _stamp(target: Path, iso: str) -> None:
    """The attachment's time is its message's (the file system's time is the last tie-breaker)."""
    try:
        when = datetime.fromisoformat(iso).timestamp()
        os.utime(target, (when, when))
    except (ValueError, OverflowError, OSError):
        pass


# --- Outlook .msg (OLE compound file), read with extract-msg ------------------------------------


def expand_msg(path: Path, shown: str, depth: int, sink: Sink) -> None:
    """The attachments of an Outlook .msg (also of .msg files attached to it)."""
    try:
        import extract_msg  # lazy: third-party, slow to import and optional (the `outlook` extra)
    except ImportError:
        sink.refuse(shown, "mail-msg-unsupported", None, path)
        return
    with extract_msg.openMsg(str(path)) as message:
        if not _msg_attachments(message, shown, depth, sink):
            sink.refuse(shown, "mail-no-attachment", _msg_origin(message, shown), path)


def _msg_origin(message: Any, container: str) -> Origin:
    sender = " ".join(str(getattr(message, "sender", "") or "").split())
    _, address = email.utils.parseaddr(sender)
    date = getattr(message, "date", None)
    return Origin(container, sender, address, date.isoformat() if date is not None else "",
                  str(getattr(message, "subject", "") or ""), str(getattr(message, "messageId", "") or ""))


def _msg_attachments(message: Any, shown: str, depth: int, sink: Sink) -> bool:
    origin = _msg_origin(message, shown)
    taken = False
    for number, attachment in enumerate(getattr(message, "attachments", ()), start=1):
        data = getattr(attachment, "data", None)
        name = safe_name(getattr(attachment, "longFilename", None) or getattr(attachment, "shortFilename", None)
                         or "", f"attachment-{number}.bin")
        if isinstance(data, bytes) and sink.spend(len(data)) and len(data) <= MAX_MEMBER_BYTES:
            _keep(data, f"{shown}/{name}", origin, depth, sink)
        elif data is not None and hasattr(data, "attachments"):  # a message attached to the message
            _msg_attachments(data, f"{shown}/{name}", depth + 1, sink)
        else:
            sink.refuse(f"{shown}/{name}", "mail-part-unreadable", origin)
        taken = True
    return taken


