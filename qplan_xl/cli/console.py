"""Console streams that never fail on Vietnamese: legacy code pages get marks dropped, JSON escapes."""

from __future__ import annotations

import codecs
import sys
import unicodedata
from typing import TextIO

ERRORS = "qplan-console"  # prefix of the error handlers registered per code page
PROBE = "\u1ec7\u0111\u01b0"  # ệ đ ư: a stream that encodes these takes any Vietnamese text
# đ Đ have no base letter in Unicode; dashes, quotes and ellipsis have ASCII look-alikes
_FALLBACK = {"\u0111": "d", "\u0110": "D", "\u2013": "-", "\u2014": "-", "\u2026": "...",
             "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}


def configure_console() -> None:
    """Make stdout/stderr replace what their code page cannot hold instead of raising."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and not can_encode(stream, PROBE) and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors=_handler_for(stream.encoding))


def can_encode(stream: TextIO, text: str) -> bool:
    """True when `stream` takes `text` as it is (a stream without encoding is taken to be UTF-8)."""
    try:
        text.encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def transliterate(text: str, encoding: str) -> str:
    """`text` in `encoding`: each character as close as the code page allows (marks dropped, else ?)."""
    return "".join(_closest(ch, encoding) for ch in text)


def json_for(stream: TextIO, text: str) -> str:
    """JSON text `stream` can take: characters its code page lacks become \\uXXXX escapes (lossless).

    json.dumps(ensure_ascii=False) puts non-ASCII characters only inside strings, where an
    escape means the same character, so the document stays valid and equal.
    """
    if can_encode(stream, text):
        return text
    encoding = getattr(stream, "encoding", None) or "utf-8"
    return "".join(ch if _encodes(ch, encoding) else _json_escape(ch) for ch in text)


def _closest(ch: str, encoding: str) -> str:
    if _encodes(ch, encoding):
        return ch
    parts = unicodedata.normalize("NFD", _FALLBACK.get(ch, ch))
    for cut in range(len(parts), 0, -1):  # ờ -> ơ + grave (cp1258), else o
        candidate = unicodedata.normalize("NFC", parts[:cut]) + parts[cut:]
        if _encodes(candidate, encoding):
            return candidate
    bare = "".join(c for c in parts if not unicodedata.combining(c))
    return bare if bare and _encodes(bare, encoding) else "?"


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _json_escape(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _handler_for(encoding: str) -> str:
    """The name of an error handler for `encoding` (charmap codecs report no code page to it)."""
    name = f"{ERRORS}-{codecs.lookup(encoding).name}"

    def handle(exc: UnicodeError) -> tuple[str, int]:
        if not isinstance(exc, UnicodeEncodeError):
            raise exc
        return transliterate(exc.object[exc.start:exc.end], encoding), exc.end

    codecs.register_error(name, handle)
    return name
