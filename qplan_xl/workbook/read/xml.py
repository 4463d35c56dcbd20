"""Safe XML for untrusted workbooks: an expat parser without DTDs, fed in chunks; cell addresses."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO, Any
from xml.parsers import expat

CHUNK = 1 << 16
REF_RE = re.compile(r"([A-Za-z]{1,4})([0-9]{1,10})\Z")


class XmlRefused(Exception):
    """A part that is not read: malformed XML, a DTD or entity declaration, or over a bound.

    `reason` is one of 'malformed', 'dtd', 'too-large' (bytes) and 'too-many-cells'.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail

def column_number(letters: str) -> int:
    """'A' -> 1, 'XFD' -> 16384 (lower case accepted)."""
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number

def column_letters(col: int) -> str:
    """1 -> 'A', 16384 -> 'XFD'."""
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters

def address(row: int, col: int) -> str:
    return f"{column_letters(col)}{row}"

def parse_ref(text: str) -> tuple[int, int] | None:
    """'B7' -> (7, 2); None for anything that is not a cell address."""
    match = REF_RE.match(text)
    if not match or int(match[2]) == 0:
        return None
    return int(match[2]), column_number(match[1])

def range_size(text: str) -> int:
    """Cells of 'A1:C3 E5' (9 + 1); what is not a range counts 0."""
    total = 0
    for part in text.split():
        first, _, last = part.partition(":")
        start, end = parse_ref(first.replace("$", "")), parse_ref((last or first).replace("$", ""))
        if start and end:
            total += (abs(end[0] - start[0]) + 1) * (abs(end[1] - start[1]) + 1)
    return total

def new_parser() -> Any:
    """An expat parser with namespaces ('uri local' names) that refuses any DTD (no XXE, no bombs)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    return parser

def _refuse_dtd(*_: object) -> None:
    raise XmlRefused("dtd")

def feed(parser: Any, stream: IO[bytes] | bytes, max_bytes: int) -> None:
    """Parse all of `stream` with `parser`, chunk by chunk; XmlRefused on any failure or bound."""
    total = 0
    try:
        for chunk in _chunks(stream):
            total += len(chunk)
            if total > max_bytes:
                raise XmlRefused("too-large", str(total))
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise XmlRefused("malformed", str(exc)) from None

def _chunks(stream: IO[bytes] | bytes) -> Iterator[bytes]:
    if isinstance(stream, bytes):
        for start in range(0, len(stream), CHUNK):
            yield stream[start : start + CHUNK]
        return
    while chunk := stream.read(CHUNK):
        yield chunk

def local_name(name: str) -> str:
    """'uri c' -> 'c' (names as the namespace-aware parser reports them)."""
    return name[name.rfind(" ") + 1 :]

def parse_elements(
    data: bytes, wanted: set[str], max_bytes: int
) -> list[tuple[str, dict[str, str]]]:
    """(local name, attributes) of every element of a small part whose local name is `wanted`."""
    parser = new_parser()
    found: list[tuple[str, dict[str, str]]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        local = local_name(name)
        if local in wanted:
            found.append((local, attrs))

    parser.StartElementHandler = start
    feed(parser, data, max_bytes)
    return found
