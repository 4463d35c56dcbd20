"""E-mail files (.eml, mbox, Outlook .msg): only their attachments are taken, each with its message."""

from __future__ import annotations

import contextlib
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

from qplan_xl import messages as m
from qplan_xl.mail.received import MAX_DEPTH, MAX_MEMBER_BYTES, Origin, Sink, safe_name

POLICY = email.policy.default
# The structure is parsed with compat32 and every part then read with the default policy: the
# default policy parses a header each time the parser looks at it (content types, boundaries),
# which made parsing twice as slow; the headers stored are the same under both policies. Where the
# two policies read a part's type or boundary differently (a folded or unterminated boundary, an
# encoded word in a type: the parser's decisions depend on them), the message is parsed again with
# the default policy, as it always was.
STRUCTURE = email.policy.compat32


def parse_message(data: bytes) -> Message:
    """One message (RFC 5322 bytes), its parts' headers read as the default policy reads them."""
    message = email.message_from_bytes(data, policy=STRUCTURE)
    for part in message.walk():
        seen = _structure(part)
        part.policy = POLICY
        if _structure(part) != seen:
            return email.message_from_bytes(data, policy=POLICY)
    return message


def _structure(part: Message) -> tuple[str, str | None]:
    """What the parser decided a part's structure by: its content type and boundary."""
    try:
        return part.get_content_type(), part.get_boundary()
    except Exception:  # a header the policy cannot read: let the default policy decide  # noqa: BLE001
        return "", repr(part.policy)


def expand_eml(path: Path, shown: str, depth: int, sink: Sink) -> None:
    """The attachments of one RFC 5322 message file; a message without any is refused as such."""
    message = parse_message(path.read_bytes())
    if not _attachments_of(message, shown, depth, sink):
        sink.refuse(shown, "mail-no-attachment", origin_of(message, shown), path)


def expand_mbox(path: Path, shown: str, depth: int, sink: Sink) -> None:
    """The attachments of every message of an mbox file (Thunderbird, Gmail's Takeout)."""
    box = mailbox.mbox(path, create=False)
    taken = False
    try:
        for number, key in enumerate(box.iterkeys(), start=1):
            message = parse_message(box.get_bytes(key))
            taken |= _attachments_of(message, f"{shown}#{number}", depth, sink)
    finally:
        box.close()
    if not taken:
        sink.refuse(shown, "mail-no-attachment", None, path)


MBOX_PART = 100  # messages per part when a large mailbox is unpacked by several processes


def mbox_parts(path: Path) -> list[list[tuple[int, int, int]]] | None:
    """A large mailbox's messages, (number, start, stop) as mailbox.mbox finds them, in parts of
    MBOX_PART for processes to unpack side by side; None when it is small or unreadable here (then
    it is unpacked whole, and fails whole, as before)."""
    try:
        box = mailbox.mbox(path, create=False)
        try:
            keys = list(box.iterkeys())
            toc = box._toc  # type: ignore[attr-defined]  # noqa: SLF001 - filled by iterkeys(), as in every Python 3
            table = [(number, *toc[key]) for number, key in enumerate(keys, start=1)]
        finally:
            box.close()
    except Exception:  # noqa: BLE001 - whatever it is, the whole-mailbox way reports it
        return None
    if len(table) <= MBOX_PART:
        return None
    return [table[i : i + MBOX_PART] for i in range(0, len(table), MBOX_PART)]


def expand_mbox_part(path: Path, shown: str, entries: list[tuple[int, int, int]], depth: int, sink: Sink) -> None:
    """The attachments of some messages of a mailbox (`mbox_parts`), each read as mailbox.mbox reads it."""
    with path.open("rb") as handle:
        for number, start, stop in entries:
            handle.seek(start)
            handle.readline()  # its "From " line
            data = handle.read(stop - handle.tell()).replace(mailbox.linesep, b"\n")
            _attachments_of(parse_message(data), f"{shown}#{number}", depth, sink)


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
    """One attachment to its own file; one that cannot be written is refused alone (the next ones
    are still unpacked: each has its status)."""
    target: Path | None = None
    try:
        target, out = sink.create(safe_name(shown))
        with out:
            out.write(data)
    except OSError as exc:  # a full disk, a name the file system refuses...
        if target is not None:
            target.unlink(missing_ok=True)
        sink.refuse(shown, "unpack-failed", origin, detail=m.exception_text(exc))
        return
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

# where a sender's address is when `sender` is a name only: its SMTP address, its address, "sent for"
SMTP_PROPERTIES = ("__substg1.0_5D01", "__substg1.0_0C1F", "__substg1.0_0065")
NULL_YEAR = 4500  # MAPI writes "no date" as a time in the year 4500


def preload_msg() -> None:
    """Import the .msg reader now (≈ 0.2 s), e.g. before forking the processes that unpack mail."""
    with contextlib.suppress(ImportError):
        import extract_msg  # noqa: F401


def expand_msg(path: Path, shown: str, depth: int, sink: Sink) -> None:
    """The attachments of an Outlook .msg, also of messages attached to it (forwarded as attachments)."""
    try:
        import extract_msg  # lazy: third-party, slow to import and optional (the `outlook` extra)
    except ImportError:
        sink.refuse(shown, "mail-msg-unsupported", None, path)
        return
    from extract_msg.enums import ErrorBehavior

    # an attachment of a kind extract-msg does not take (a link to a file on a share…) comes without
    # data instead of failing the whole message; a damaged file (truncated…) still fails as a whole
    with extract_msg.openMsg(str(path), errorBehavior=ErrorBehavior.ATTACH_NOT_IMPLEMENTED) as message:
        origin = _msg_origin(message, shown)
        if not _msg_attachments(message, shown, origin, depth, sink):
            sink.refuse(shown, "mail-no-attachment", origin, path)


def _msg_origin(message: Any, container: str) -> Origin:
    """Who sent `message`, when and about what (its properties; the body is never read)."""
    sender = _one_line(getattr(message, "sender", None))
    _, address = email.utils.parseaddr(sender)
    if "@" not in address:  # the sender is only a name: the address is a property of its own
        address = next((a for a in map(_msg_address, (_msg_string(message, p) for p in SMTP_PROPERTIES)) if a), "")
        if address:
            sender = f"{sender} <{address}>" if sender else address
    return Origin(container, sender, address, _msg_date(message), _one_line(getattr(message, "subject", None)),
                  _one_line(getattr(message, "messageId", None)))


def _msg_attachments(message: Any, shown: str, origin: Origin, depth: int, sink: Sink) -> bool:
    """Put each attachment into the sink; those of a forwarded message keep the outer message's origin."""
    taken = False
    for number, attachment in enumerate(getattr(message, "attachments", ()), start=1):
        data = getattr(attachment, "data", None)
        inner = data is not None and not isinstance(data, bytes) and hasattr(data, "attachments")
        name = safe_name(_msg_attachment_name(attachment, data if inner else None),
                         f"attachment-{number}.{'msg' if inner else 'bin'}")
        if isinstance(data, bytes) and len(data) <= MAX_MEMBER_BYTES and sink.spend(len(data)):
            _keep(data, f"{shown}/{name}", origin, depth, sink)
        elif inner and depth + 1 >= MAX_DEPTH:
            sink.refuse(f"{shown}/{name}", "mail-too-deep", origin)
        elif inner:  # a message attached to the message (forwarded as an attachment)
            if not _msg_attachments(data, f"{shown}/{name}", origin, depth + 1, sink):
                sink.refuse(f"{shown}/{name}", "mail-no-attachment", origin)
        else:
            sink.refuse(f"{shown}/{name}", "mail-part-unreadable", origin)
        taken = True
    return taken


def _msg_attachment_name(attachment: Any, inner: Any) -> str:
    """The attachment's file name; a forwarded message has none, only its display name or subject."""
    for name in ("longFilename", "shortFilename", "displayName"):
        value = _one_line(getattr(attachment, name, None))
        if value:
            return value
    return _one_line(getattr(inner, "subject", None)) if inner is not None else ""


def _msg_date(message: Any) -> str:
    """When it was sent (PR_CLIENT_SUBMIT_TIME), else when it arrived; "" for no or a null date."""
    for name in ("date", "receivedTime"):
        when = getattr(message, name, None)
        if isinstance(when, datetime) and when.year < NULL_YEAR:
            return when.isoformat()
    return ""


def _msg_string(message: Any, stream: str) -> str:
    reader = getattr(message, "getStringStream", None)
    return _one_line(reader(stream)) if reader is not None else ""


def _msg_address(text: str) -> str:
    _, address = email.utils.parseaddr(text)
    return address if "@" in address else ""  # an Exchange address (/O=…/CN=…) is not one to answer


def _one_line(value: object) -> str:
    return " ".join(str(value).split()) if value else ""
