"""One built template, copied per school with its name, code and authority written into the XML."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from qplan_xl.output import FORMULA_PREFIXES, atomic_write, clean_text

# Stand-ins the template is built with; each must reach the XML verbatim (checked once per template).
MARKERS = {"school_name": "QPLANSTAMPNAME8D2F", "school_code": "QPLANSTAMPCODE8D2F",
           "authority": "QPLANSTAMPAUTH8D2F"}

Parts = list[tuple[zipfile.ZipInfo, bytes]]


def stampable(values: dict[str, str]) -> bool:
    """True when every value can replace its marker as plain text (else the template is built afresh).

    A blank value changes the template's layout (no guide line), and text that looks like a
    formula is stored differently (quote prefix).
    """
    return all(values.get(k) and not values[k].startswith(FORMULA_PREFIXES) for k in MARKERS)


def read_parts(data: bytes) -> Parts:
    """The entries of a built template, to be copied per school."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def stamped(parts: Parts, values: dict[str, str]) -> Parts:
    """The entries with each marker replaced by its school's value (XML-escaped)."""
    swaps = [(MARKERS[k].encode(), escape(clean_text(values[k])).encode("utf-8")) for k in MARKERS]
    out = []
    for info, data in parts:
        for marker, value in swaps:
            if marker in data:
                data = data.replace(marker, value)
        out.append((info, data))
    return out


def write_parts(parts: Parts, path: Path) -> None:
    """Write the entries as an .xlsx, atomically."""
    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            for info, data in parts:
                entry = zipfile.ZipInfo(info.filename, info.date_time)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = info.external_attr
                archive.writestr(entry, data, compresslevel=6)

    atomic_write(path, write)
