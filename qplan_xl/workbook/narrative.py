"""How the narrative texts (sheet Văn bản) print: texts cited before their date, placeholders, Phòng."""

from __future__ import annotations

import datetime as dt
import re

from qplan_xl import messages as m
from qplan_xl.rules.catalog import Framework, LegalBasis, fold

# A list marker or number the school typed: dashes (also en/em dash), bullets, "1.", "2.1.", "a)", "II."
MARKER_RE = re.compile(
    r"^(?:[-\u2013\u2014+\u2022*]|\d{1,2}(?:\.\d{1,2})*[.)]|[a-z\u0111]\)|[ivx]{1,4}\.)\s*", re.IGNORECASE
)
NUMBERED_RE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]|[IVX]{1,4}\.|[a-z\u0111]\))\s+\S")
REPORT_KEY = "bao cao tu danh gia"  # the self-assessment report line of a 2018 basis (folded)
_BASIS_HEADINGS = ("basis_docs", "basis_results", "basis_direction")  # the 2018 document's sub-headings
_HEADING_WORDS = 5  # a line opening with the first words of a sub-heading repeats it

# A document number as texts cite it: '22/2024/TT-BGDĐT', '5932/BGDĐT-QLCL'.
_NUMBER_RE = re.compile(r"\d{1,5}/(?:\d{4}/)?[^\W\d_][\w\-&]*", re.UNICODE)


def cited_number(line: str) -> str:
    """The first document number a line cites, folded ('' when none)."""
    found = _NUMBER_RE.search(line)
    return fold(found.group(0)) if found else ""


def unsigned_cited(text: str, framework: Framework, on: dt.date | None) -> list[tuple[int, LegalBasis]]:
    """(line index, text) for each line of `text` that cites a framework text signed after `on`."""
    if on is None:
        return []
    later = {fold(b.number): b for b in framework.legal_basis if b.number and b.signed and b.signed > on}
    lines = text.split("\n")
    return [(i, later[cited_number(line)]) for i, line in enumerate(lines) if cited_number(line) in later]


def without_unsigned(text: str, framework: Framework, on: dt.date | None) -> str:
    """`text` without the lines citing a text not yet signed on the plan's date `on`."""
    dropped = {i for i, _ in unsigned_cited(text, framework, on)}
    return "\n".join(line for i, line in enumerate(text.split("\n")) if i not in dropped)


def resolve_authority(text: str, authority: str) -> str:
    """The default 'UBND xã/phường' replaced by the school's own Cơ quan quản lý when it is a UBND."""
    authority = " ".join(authority.split())
    if m.AUTHORITY_PLACEHOLDER not in text or not fold(authority).startswith(fold(m.AUTHORITY_UBND)):
        return text
    return text.replace(m.AUTHORITY_PLACEHOLDER, _title_case_ubnd(authority))


def _title_case_ubnd(authority: str) -> str:
    """'UBND XÃ TÂN LẬP' (as typed for the header) -> 'UBND xã Tân Lập'; other spellings kept."""
    if authority != authority.upper():
        return authority
    head, *rest = authority.split(maxsplit=2)
    kind, name = (rest + ["", ""])[:2]
    return " ".join(p for p in (head, kind.lower(), name.title()) if p)


def placeholder(text: str) -> str:
    """The first fragment that marks `text` as still to be completed ('Sở/Phòng', '…'), or ''."""
    folded = fold(text)
    return next((p for p in m.PLACEHOLDERS if fold(p) in folded), "")


def names_phong(text: str) -> str:
    """How `text` names a Phòng GD&ĐT ('' when it does not)."""
    folded = fold(text)
    return next((p for p in m.PHONG_NAMES if fold(p) in folded), "")


def basis_heading(body: str) -> str | None:
    """The key (messages.WORD) of the 2018 document's sub-heading that a basis line repeats, if any."""
    words = _heading_words(body)
    return next((key for key in _BASIS_HEADINGS if words == _heading_words(m.WORD[key])), None)


def _heading_words(line: str) -> list[str]:
    return fold(MARKER_RE.sub("", line)).replace(",", " ").split()[:_HEADING_WORDS]


def renumbered(text: str) -> bool:
    """True when a 2018 basis text numbers an item of its own ('2. Báo cáo đánh giá ngoài.'): the
    document numbers section II itself (1. report, 2. texts, 3. results, 4. direction), so that
    item is printed as a '-' item under 2. The report line and the repeated sub-headings are expected."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return any(
        NUMBERED_RE.match(line) and not basis_heading(line)
        and not fold(MARKER_RE.sub("", line)).startswith(REPORT_KEY)
        for line in lines
    )
