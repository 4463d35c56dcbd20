"""Cells of a plan typed in Word -> field values: criterion, period, owners, funding and cost, status."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from qplan_xl import messages as m
from qplan_xl.model import Month, SchoolYear
from qplan_xl.rules.catalog import fold
from qplan_xl.rules.forms import PlanForm

_CRITERION = re.compile(r"^(?:tieu chi|tc)?\s*[:.]?\s*(\d{1,2})\s*\.\s*(\d{1,2})(?!\d)")
_LEVEL4 = re.compile(r"^(?:tieu chi|tc|m4\.?)?\s*[:.]?\s*(\d{1,2})(?![\d.])")
_CRITERION_INSIDE = re.compile(r"\(?\s*tieu chi\s*(\d{1,2})\s*\.\s*(\d{1,2})\s*\)?\s*[:.\-\u2013]?\s*")
_STANDARD = re.compile(r"tieu chuan\s*(\d{1,2})")
_SCHOOL_YEAR = re.compile(r"(\d{4})\s*(?:-|/|\u2013|\u2014|den)\s*(\d{4})")
_MONTH = re.compile(r"(?<![\d/])(\d{1,2})(?:\s*(?:/|-|\.|\s+nam\s+)\s*(\d{4}))?(?![\d/])")
_MONEY = re.compile(r"(\d{1,3}(?:[.,\s]\d{3})+|\d+)(?:\s*(trieu|tr|nghin|ngan))?")
_PARTNER_MARKS = ("phoi hop voi", "phoi hop:", "phoi hop", "cung voi")
FUNDING_WORDS = (("ngan sach", "state"), ("chi thuong xuyen", "recurrent"), ("xa hoi hoa", "social"),
                 ("van dong", "social"), ("khong", "none"))
SCHOOL_YEAR_MONTHS = (9, 5)  # "Năm học 2023-2024" as a period: September to May


def criterion_code(text: str, level4: bool) -> str | None:
    """'Tiêu chí 1.3', '1.3', 'TC 1.3', '1.3 - <name>' -> '1.3'; in the Mức 4 group '1'/'Tiêu chí 1' -> 'M4.1'."""
    folded = fold(text)
    found = _CRITERION.match(folded)
    if found:
        return f"{int(found[1])}.{int(found[2])}"
    found = _LEVEL4.match(folded) if level4 else None
    return f"M4.{int(found[1])}" if found else None


def criterion_inside(text: str) -> tuple[str | None, str]:
    """A criterion named inside a Biểu 2 content cell ('(Tiêu chí 1.3)'), and the text without it."""
    found = _CRITERION_INSIDE.search(plain(text))
    if not found:
        return None, text
    return f"{int(found[1])}.{int(found[2])}", (text[: found.start()] + text[found.end():]).strip(" :-\u2013\n")


def standard_number(text: str) -> int | None:
    found = _STANDARD.search(fold(text))
    return int(found[1]) if found else None


@dataclass(frozen=True)
class Period:
    start: Month
    end: Month
    understood: bool  # False: the school year was assumed


def parse_period(text: str, year: SchoolYear) -> Period:
    """'Tháng 9/2023 – 5/2024', 'Năm học 2023-2024', 'Trong tháng 01 năm 2021', 'Tháng 10', 'Từ tháng 12 năm 2020'."""
    folded = fold(text)
    years = _SCHOOL_YEAR.search(folded)
    without_years = _SCHOOL_YEAR.sub(" ", folded)
    months = _months(without_years, year)
    if months:
        end = months[-1] if len(months) > 1 else _open_end(folded, months[0], year)
        return Period(months[0], max(end, months[0]), True)
    if years and int(years[2]) == int(years[1]) + 1:
        start = int(years[1])
        return Period(Month(start, SCHOOL_YEAR_MONTHS[0]), Month(start + 1, SCHOOL_YEAR_MONTHS[1]), True)
    return Period(Month(year.start, SCHOOL_YEAR_MONTHS[0]), Month(year.start + 1, SCHOOL_YEAR_MONTHS[1]), False)


def _open_end(folded: str, start: Month, year: SchoolYear) -> Month:
    """'Từ tháng 12 năm 2020' runs to the end of the school year; a single month is its own end."""
    return Month(start.year + (start.month >= 8), SCHOOL_YEAR_MONTHS[1]) if folded.startswith("tu ") else start


def _months(folded: str, year: SchoolYear) -> list[Month]:
    found = [(int(mo), int(yr) if yr else None) for mo, yr in _MONTH.findall(folded)]
    found = [(mo, yr) for mo, yr in found if 1 <= mo <= 12]
    months: list[Month] = []
    for i, (mo, yr) in enumerate(found):
        later = next((y for _, y in found[i + 1:] if y), None)
        if yr is None and later is not None:
            later_month = next(mm for mm, y in found[i + 1:] if y)
            yr = later if mo <= later_month else later - 1
        months.append(Month(yr if yr else year.start + (mo < 8), mo))
    return months


def split_owners(text: str) -> tuple[str, str]:
    """'Chủ trì và phối hợp' in one cell -> (lead, partners)."""
    lines = [line.strip(" -+\u2022\t") for line in text.split("\n") if line.strip(" -+\u2022\t")]
    if not lines:
        return "", ""
    if len(lines) > 1:  # one owner per line: the first leads
        return lines[0].strip(" ,;"), "\n".join(lines[1:])
    joined = lines[0]
    folded = plain(joined)
    for mark in _PARTNER_MARKS:
        at = folded.find(mark)
        if at > 0:
            return joined[:at].strip(" ,;:-"), joined[at + len(mark):].strip(" ,;:-")
    parts = re.split(r"[,;]", joined, maxsplit=1)
    return parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")


def parse_resources(text: str) -> tuple[str, int | None, str]:
    """Cost column -> (funding source, cost in đồng, what is left over)."""
    folded = fold(text).strip()
    if not folded:
        return "", None, ""
    funding = next((m.IMPORT_FUNDING[key] for word, key in FUNDING_WORDS if word in folded), "")
    cost = _money(folded)
    if funding or cost is not None:
        return funding or m.IMPORT_FUNDING["other"], cost, ""
    return m.IMPORT_FUNDING["other"], None, text.strip()


def _money(folded: str) -> int | None:
    for number, unit in _MONEY.findall(folded):
        digits = int(re.sub(r"\D", "", number))
        scale = {"trieu": 1_000_000, "tr": 1_000_000, "nghin": 1_000, "ngan": 1_000}.get(unit, 1)
        if digits * scale >= 1000:
            return digits * scale
    return None


def parse_statuses(text: str, form: PlanForm) -> tuple[str | None, str | None]:
    """'Cuối HK I: Hoàn thành; Cuối năm: Đang thực hiện' or one status (read as the first review's)."""
    folded = fold(text)
    found: list[tuple[int, int, str]] = []
    for status in sorted(form.statuses, key=lambda s: -len(s.label)):
        for hit in re.finditer(re.escape(fold(status.label)), folded):
            if not any(start <= hit.start() < end for start, end, _ in found):
                found.append((hit.start(), hit.end(), status.key))
    found.sort()
    keys = [key for _, _, key in found]
    if "cuoi nam" in folded and len(keys) == 1 and ("hk" not in folded and "hoc ky" not in folded):
        return None, keys[0]
    return (keys[0] if keys else None), (keys[1] if len(keys) > 1 else None)


def plain(text: str) -> str:
    """Lower-case without accents, one character for each character (positions hold in `text`)."""
    return "".join(_plain_char(ch) for ch in text)


def _plain_char(ch: str) -> str:
    if ch in "\u0111\u0110":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return base if len(base) == 1 else ch
