"""The zip package of a workbook: where its sheets are, and a guard over every part calamine reads."""

# calamine finds a sheet's part through workbook.xml and its relationships, case-insensitively,
# and trusts counts written in the parts. Rather than hope to resolve every part exactly as it
# does, every member of the package is inspected: a member that holds cell data (`sheetData`) is
# scanned as a worksheet, and rewritten in a bounded form unless it is plain; a shared-strings
# part may not announce more strings than it can hold; no part may declare a DTD. What calamine
# then reads is either the file itself or, when something was rewritten, a copy of it.

from __future__ import annotations

import functools
import io
import posixpath
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO

from qplan_xl.workbook.read.canonical import DECLARATION
from qplan_xl.workbook.read.rewrite import rewrite_sheet
from qplan_xl.workbook.read.source import ZIP_ERRORS
from qplan_xl.workbook.read.xml import CHUNK, XmlRefused, new_parser, parse_elements
from qplan_xl.workbook.read.xmlscan import FAST_BYTES, Bounds, SheetScan, scan_sheet

WORKBOOK_PART = "xl/workbook.xml"
# calamine falls back to its .xlsb and .ods readers when its .xlsx reader fails: a package that
# also holds their entry parts could be read by a reader this guard does not cover.
FOREIGN_PARTS = frozenset(("xl/workbook.bin", "content.xml"))
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
MAX_SMALL_PART = 1 << 20  # _rels/.rels and the like
MIN_SHARED_STRING_BYTES = 5  # '<si/>': a shared-strings part of N bytes holds at most N/5 strings
_CELL_DATA_MARKERS = tuple("sheetData".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))


class PackageRefused(Exception):
    """A package calamine must not read.

    `reason`: 'damaged' (zip), 'duplicate-part', 'foreign-part', 'malformed', 'dtd', 'too-large',
    'too-many-cells', 'shared-strings-count'; `part` is the sheet name or the member concerned.
    """

    def __init__(self, reason: str, part: str = "", detail: str = "") -> None:
        super().__init__(reason, part, detail)
        self.reason = reason
        self.part = part
        self.detail = detail


@dataclass
class GuardedPackage:
    """The scans of the sheets, by the name workbook.xml gives them, and the rewritten members."""

    scans: dict[str, SheetScan] = field(default_factory=dict)
    rewritten: dict[str, bytes] = field(default_factory=dict)

    def for_calamine(self, data: bytes) -> bytes:
        """The bytes calamine may read: `data` itself, or a copy with the rewritten members."""
        if not self.rewritten:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
            for info in src.infolist():
                dst.writestr(info.filename, self.rewritten.get(info.filename) or src.read(info))
        return out.getvalue()


def guard_package(archive: zipfile.ZipFile, bounds: Bounds, max_book_cells: int, *,
                  rewrite: bool = True) -> GuardedPackage:
    """Inspect every member; PackageRefused when one cannot be read safely within the bounds.

    Without `rewrite`, a sheet that is not plain keeps the quick scan (its cell counts are
    exact, its extent is not): enough for a reader that does not build a rectangle (openpyxl).
    """
    check_names(archive)
    sheets = sheet_parts(archive, bounds.max_bytes)
    guarded = GuardedPackage()
    budget = max_book_cells
    for info in archive.infolist():
        names = [name for name, part in sheets if part == info.filename]
        if names or holds_cell_data(archive, info):
            shown = names[0] if names else info.filename
            scan = _guard_sheet(archive, info, Bounds(bounds.rows, bounds.cols, bounds.max_bytes, budget),
                                guarded if rewrite else None, shown)
            budget -= scan.elements
            guarded.scans.update({name: scan for name in names})
    return guarded


def _guard_sheet(archive: zipfile.ZipFile, info: zipfile.ZipInfo, bounds: Bounds,
                 guarded: GuardedPackage | None, shown: str) -> SheetScan:
    try:
        with archive.open(info) as stream:
            scan = scan_sheet(stream, bounds)
        if not scan.plain and guarded is not None:
            quick = scan
            with archive.open(info) as stream:
                scan, guarded.rewritten[info.filename] = rewrite_sheet(stream, bounds)
            scan.range_cells = quick.range_cells
    except XmlRefused as exc:
        raise PackageRefused(exc.reason, shown, exc.detail) from None
    except ZIP_ERRORS as exc:
        raise PackageRefused("damaged", shown, str(exc)) from None
    return scan


def check_names(archive: zipfile.ZipFile) -> None:
    """Two members whose names differ at most by case (readers would not agree on which is
    meant), or the entry part of another format calamine could fall back to."""
    seen: set[str] = set()
    for info in archive.infolist():
        key = info.filename.replace("\\", "/").casefold()
        if key in seen:
            raise PackageRefused("duplicate-part", info.filename)
        if key in FOREIGN_PARTS:
            raise PackageRefused("foreign-part", info.filename)
        seen.add(key)


def holds_cell_data(archive: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes | None = None) -> bool:
    """Whether a member that is not a known sheet holds cell data; checks shared-strings counts.
    `data`: the member's bytes, when they were read already."""
    try:
        with io.BytesIO(data) if data is not None else archive.open(info) as stream:
            return _inspect_member(stream, info)
    except XmlRefused as exc:
        raise PackageRefused(exc.reason, info.filename, exc.detail) from None
    except ZIP_ERRORS as exc:
        raise PackageRefused("damaged", info.filename, str(exc)) from None


def _inspect_member(stream: IO[bytes], info: zipfile.ZipInfo) -> bool:
    parser = new_parser()
    parser.StartElementHandler = lambda name, attrs: _root_element(name, attrs, info)
    parsing, found, tail = True, False, b""
    while chunk := stream.read(CHUNK):
        if parsing:
            parsing = _parse_prolog(parser, chunk)
        window = tail + chunk
        found = found or any(marker in window for marker in _CELL_DATA_MARKERS)
        tail = window[-32:]
        if found and not parsing:
            break
    return found


def _parse_prolog(parser: object, chunk: bytes) -> bool:
    """Feed `chunk` until the root element is seen; False once it is (or the part is not XML)."""
    from xml.parsers import expat

    try:
        parser.Parse(chunk, False)  # type: ignore[attr-defined]
    except _RootSeen:
        return False
    except expat.ExpatError:
        return False
    return True


class _RootSeen(Exception):
    """Stops the prolog parse at the root element."""


def _root_element(name: str, attrs: dict[str, str], info: zipfile.ZipInfo) -> None:
    if name.rpartition(" ")[2] == "sst":
        _check_shared_strings(attrs, info)
    raise _RootSeen


def _check_shared_strings(attrs: dict[str, str], info: zipfile.ZipInfo) -> None:
    """calamine reserves room for `uniqueCount` strings up front: the part must be able to hold them."""
    text = attrs.get("uniqueCount", "").strip()
    if text.isdigit() and int(text) > info.file_size // MIN_SHARED_STRING_BYTES + 1:
        raise PackageRefused("shared-strings-count", info.filename, text)


# --- where the sheets are -----------------------------------------------------------------------


def sheet_parts(archive: zipfile.ZipFile, limit: int = 64 * 1024 * 1024) -> list[tuple[str, str | None]]:
    """(name, member) of each sheet listed in workbook.xml, in order; member None when not found."""
    return [(name, member) for name, member, *_ in sheet_entries(archive, limit)]


def sheet_entries(archive: zipfile.ZipFile,
                  limit: int = 64 * 1024 * 1024) -> list[tuple[str, str | None, str, str]]:
    """(name, member, state, kind) of each sheet listed in workbook.xml: state 'visible', 'hidden'...;
    kind the last word of its relationship's type ('worksheet'...) when calamine certainly reads
    the same member (one id, a target it resolves alike), else ''."""
    try:
        sheets = _elements(archive.read(WORKBOOK_PART), "sheet", limit)
        rels = _elements(_read_optional(archive, WORKBOOK_RELS), "Relationship", limit)
    except XmlRefused as exc:
        raise PackageRefused(exc.reason, WORKBOOK_PART, exc.detail) from None
    except (KeyError, *ZIP_ERRORS) as exc:
        raise PackageRefused("damaged", WORKBOOK_PART, str(exc)) from None
    targets = {a.get("Id"): a.get("Target", "") for _, a in rels if a.get("TargetMode") != "External"}
    kinds = {a.get("Id"): a.get("Type", "").rpartition("/")[2] for _, a in rels}
    members = {info.filename.casefold(): info.filename for info in archive.infolist()}
    found: list[tuple[str, str | None, str, str]] = []
    for _, attrs in sheets:
        target = targets.get(_relationship_id(attrs))
        member = _member(target, members) if target else None
        path = _as_calamine(target)
        alike = (member is not None and path is not None and member.isascii() and path.lower() == member.lower()
                 and sum(k.endswith(" id") for k in attrs) == 1)
        found.append((attrs.get("name", ""), member, attrs.get("state", "visible"),
                      kinds.get(_relationship_id(attrs), "") if alike else ""))
    return found


@functools.lru_cache(maxsize=16)
def _elements(data: bytes, wanted: str, limit: int) -> list[tuple[str, dict[str, str]]]:
    """parse_elements, remembered: a merge reads many workbooks made from the same template."""
    return parse_elements(data, {wanted}, limit)


def _read_optional(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except KeyError:
        return b"<Relationships/>"


def _relationship_id(attrs: dict[str, str]) -> str | None:
    """The r:id of a <sheet>, whatever prefix its (transitional or strict) namespace has."""
    return next((v for k, v in attrs.items() if k.endswith(" id")), None)


def _as_calamine(target: str | None) -> str | None:
    """The member name calamine looks up for a target: not normalized, so `./` and `..` name
    nothing; its lookup folds the case of ASCII letters only."""
    path = (target or "")[1:] if (target or "").startswith("/") else f"xl/{target}"
    return path if path.isascii() and posixpath.normpath(path) == path else None


def _member(target: str, members: dict[str, str]) -> str | None:
    path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
    return members.get(path.casefold())


# --- what the canonical reader must agree on with calamine (adversarial review) -------------------

_PACKAGE_RELS = "_rels/.rels"
_BETWEEN_TAGS = re.compile(rb">\s+<")
_NAME = re.compile(rb' name="[^"]*"')
_SHEET_TAG = re.compile(rb"<(?:[^\s<>/!?:=]+:)?sheet\s(?:[^<>\"']|\"[^\"]*\"|'[^']*')*>")
_ANY_SHEET = re.compile(rb"<(?:[^\s<>/!?:=]+:)?sheet[\s/>]")
_DATE1904 = re.compile(rb'date1904\s*=\s*["\']([^"\']*)')


def plain_book(archive: zipfile.ZipFile) -> bool:
    """Whether calamine finds the sheets exactly where `sheet_entries` (expat) does.

    calamine reads workbook.xml and the relationships its own way: up to the first end of any
    element named like the root, attribute values as written (ids, states and types compared raw,
    no whitespace normalized), the workbook where `_rels/.rels` says, 1904 dates. Anything that
    could make the two disagree goes the long way.
    """
    return _plain_parts(*(archive.read(name) for name in (WORKBOOK_PART, WORKBOOK_RELS, _PACKAGE_RELS)))


@functools.lru_cache(maxsize=16)
def _plain_parts(book: bytes, rels: bytes, package: bytes) -> bool:
    """plain_book on the parts' bytes, remembered: a merge reads many files made from one template."""
    for data, root in ((book, b"workbook"), (rels, b"Relationships"), (package, b"Relationships")):
        declaration = DECLARATION.match(data)
        squeezed = _BETWEEN_TAGS.sub(b"><", data)
        if (not re.compile(rb"\s*<" + root + rb"[\s/>]").match(data, declaration.end() if declaration else 0)
                or len(re.findall(rb"<(?:[^\s<>/!?:=]+:)?" + root + rb"[\s/>]", data)) != 1
                or any(ch in squeezed for ch in (b"\t", b"\r", b"\n"))):
            return False
    tags = _SHEET_TAG.findall(book)
    if len(tags) != len(_ANY_SHEET.findall(book)) or any(b"&" in _NAME.sub(b"", tag) for tag in tags):
        return False  # only the name is unescaped by both readers
    if b"&" in rels or b"&" in package or any(v not in (b"0", b"false") for v in _DATE1904.findall(book)):
        return False
    office = [a.get("Target", "") for _, a in parse_elements(package, {"Relationship"}, MAX_SMALL_PART)
              if a.get("Type", "").endswith("/relationships/officeDocument")]
    folder = office[-1][: office[-1].rfind("/") + 1] if office else ""  # calamine reads <folder>workbook.xml
    return (folder[1:] if folder.startswith("/") else folder) == "xl/"


def others_pass_the_guard(archive: zipfile.ZipFile, read: set[str], bounds: Bounds,
                          known: Mapping[str, bytes] | None = None) -> bool:
    """Whether the members not read pass the guard as the long way inspects them.

    The guard looks at every member: a DTD anywhere, a shared-strings root announcing too much, or
    a worksheet part no sheet names (calamine never reads it) that is malformed or over the cell
    budget makes the long way refuse the file; the shortcut must not read it either. `known`:
    members already decompressed (the shared strings), by name, not decompressed again.
    """
    known = known or {}
    budget = bounds.max_cells
    for info in archive.infolist():
        if info.filename in read:
            continue
        if info.file_size > FAST_BYTES:
            return False
        seen = (info.filename, info.CRC, info.file_size)
        if seen in _UNMARKED:  # the same member as in an earlier file (its CRC is checked when read)
            continue
        data = known.get(info.filename)
        if data is None:
            data = archive.read(info)
        if not any(mark in data for mark in _GUARDED_MARKS):  # what the guard's inspection looks for
            if len(_UNMARKED) < MAX_REMEMBERED:
                _UNMARKED.add(seen)
            continue
        if holds_cell_data(archive, info, data):  # PackageRefused: the guard refuses it
            try:
                budget -= scan_sheet(data, Bounds(bounds.rows, bounds.cols, bounds.max_bytes, budget)).elements
            except XmlRefused:
                return False
            if budget < 0:
                return False
    return True


# Members already found to hold nothing the guard looks at, by name, CRC-32 and size: a theme or a
# document-properties part is the same in every workbook made from one template. The shortcut does
# not read these members at all, so a CRC collision could only make it read a file the long way
# would refuse for a DTD in a part nobody reads.
_UNMARKED: set[tuple[str, int, int]] = set()
MAX_REMEMBERED = 4096
_GUARDED_MARKS = tuple(word.encode(codec) for word in ("sheetData", "sst", "DOCTYPE")
                       for codec in ("utf-8", "utf-16-le", "utf-16-be"))
