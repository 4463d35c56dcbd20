"""Read a rendered PDF's word boxes (poppler's pdftotext -bbox-layout) and find what a principal
would fix by hand: numbers split across lines, pages left half empty, text outside the margins."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

MM = 72 / 25.4  # PDF points per millimetre
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}  # Nghị định 30, as docx_xml sets them
TOLERANCE_PT = 1.0
_NS = "{http://www.w3.org/1999/xhtml}"
_NUMBER = re.compile(r"^\d[\d.]*$")  # a run of digits and dots: an amount or a part of one
_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})*$")  # a whole amount: 15.000.000
_CUT_AFTER_DOT = re.compile(r"^\d{1,3}(?:\.\d{3})+\.$")  # '100.000.' ending a line: the rest is below


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    lines: tuple[tuple[Word, ...], ...]

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def words(self) -> list[Word]:
        return [w for line in self.lines for w in line]


def available() -> bool:
    return shutil.which("pdftotext") is not None


def read_pages(pdf: Path) -> list[Page]:
    """Every page with its lines of words, as pdftotext -bbox-layout reads them."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    root = ET.fromstring(xml.decode("utf-8"))
    pages = []
    for number, page in enumerate(root.iter(f"{_NS}page"), start=1):
        lines = tuple(
            tuple(Word(*(float(w.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax")), w.text or "")
                  for w in line.iter(f"{_NS}word"))
            for line in page.iter(f"{_NS}line")
        )
        pages.append(Page(number, float(page.get("width", 0)), float(page.get("height", 0)), lines))
    return pages


def split_numbers(pages: list[Page]) -> list[str]:
    """Amounts broken across lines: a unit 'đ' opening a line, or digits whose grouping is cut
    ('1.000.000.00' then '0 đ')."""
    found = []
    for page in pages:
        for line in page.lines:
            if line[-1].text and _CUT_AFTER_DOT.match(line[-1].text):
                found.append(f"page {page.number}: {line[-1].text!r} ends a line")
            if line[0].text == "đ":
                found.append(f"page {page.number}: 'đ' alone at the start of a line")
            found += [f"page {page.number}: {w.text!r}" for w in line
                      if _NUMBER.match(w.text) and w.text.strip(".").count(".") > 1
                      and not _GROUPED.match(w.text.rstrip("."))]
    return found


def outside_margins(pages: list[Page]) -> list[str]:
    """Words printed in the left or right margin."""
    found = []
    for page in pages:
        left, right = MARGINS_MM["left"] * MM - TOLERANCE_PT, page.width - MARGINS_MM["right"] * MM + TOLERANCE_PT
        found += [f"page {page.number}: {w.text!r} at {w.x0 / MM:.1f}-{w.x1 / MM:.1f} mm"
                  for w in page.words if w.x0 < left or w.x1 > right]
    return found


def filled(page: Page) -> float:
    """How much of the text area's height the page uses (the page number above it not counted)."""
    top, bottom = MARGINS_MM["top"] * MM, page.height - MARGINS_MM["bottom"] * MM
    body = [w for w in page.words if w.y1 > top]
    if not body:
        return 0.0
    return (max(w.y1 for w in body) - top) / (bottom - top)


def half_empty(pages: list[Page]) -> list[str]:
    """Pages filled less than half, but the last page of a section (orientation changes after it)."""
    found = []
    for page, after in zip(pages, pages[1:], strict=False):
        if page.landscape == after.landscape and filled(page) < 0.5:
            found.append(f"page {page.number}: {filled(page):.0%} filled")
    return found
