"""Parse the cell values people type or paste: money, levels, dates, and legacy-encoded text."""

from __future__ import annotations

import datetime as dt
import math
import re

from qplan_xl import messages as m
from qplan_xl.rules.catalog import fold

# Every number taken from a cell is bounded before any int/float conversion: a cost beyond
# MAX_MONEY (a million billion dong, 10,000 times the implausible-cost warning) is not an amount
# but a typing or file accident, and the text of an amount is at most MAX_NUMBER_TEXT characters,
# so neither OverflowError nor Python's 4,300-digit int() limit can be reached.
MAX_MONEY = 10**15
MAX_NUMBER_TEXT = 40

_MONEY_UNITS = {"trieu": 1_000_000, "tr": 1_000_000, "nghin": 1_000, "ngan": 1_000, "ty": 10**9}
_MONEY_SUFFIX = re.compile(r"\s*(?:d|dong|vnd)\.?$")  # applied to folded text (d-stroke folded to d)
_MONEY_GROUPED = re.compile(r"^\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*$")
_MONEY_UNIT = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(trieu|tr|nghin|ngan|ty)$")
_DATE_RE = re.compile(r"^(?:ngay\s*)?(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_DATE_WORDS_RE = re.compile(r"^(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})$")


class BadValue(ValueError):
    """A value that cannot be understood; the caller turns it into an issue."""


def parse_money(value: object) -> int | None:
    """Numbers, '15.000.000', '15,000,000', '15.000.000 đ', '15 triệu' -> int đồng; blank -> None.

    BadValue for anything else, and for amounts beyond MAX_MONEY (1e308, infinity, NaN...).
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise BadValue(value)
    if isinstance(value, (int, float)):
        return _bounded(_whole(value), value)
    text = str(value)
    if len(text) > 4 * MAX_NUMBER_TEXT:
        raise BadValue(value)
    return _parse_money_text(fold(text).replace("\u00a0", " "))


def _parse_money_text(text: str) -> int | None:
    text = _MONEY_SUFFIX.sub("", text).strip()
    negative = text.startswith("-")
    text = text.lstrip("-").strip()
    if text in ("", "0", "khong"):
        return 0 if text else None
    if len(text) > MAX_NUMBER_TEXT:
        raise BadValue(text)
    amount = _bounded(_money_amount(text), text)
    return -amount if negative else amount


def _bounded(amount: int, shown: object) -> int:
    if abs(amount) > MAX_MONEY:
        raise BadValue(shown)
    return amount


def _money_amount(text: str) -> int:
    if text.isdigit():
        return int(text)
    if _MONEY_GROUPED.match(text):
        return int(re.sub(r"[.,\s]", "", text))
    unit = _MONEY_UNIT.match(text)
    if unit:
        return _whole(float(unit[1].replace(",", ".")) * _MONEY_UNITS[unit[2]])
    raise BadValue(text)


def format_money(amount: int) -> str:
    """15000000 -> '15.000.000' (the Vietnamese thousands separator)."""
    return f"{amount:,}".replace(",", ".")


def _whole(value: float) -> int:
    """The nearest int; BadValue for NaN, infinities and magnitudes beyond MAX_MONEY."""
    if isinstance(value, float) and not (math.isfinite(value) and abs(value) <= MAX_MONEY):
        raise BadValue(value)
    return round(value)


def parse_level(value: object, allowed: tuple[int, ...]) -> int | None:
    """'Không đạt' -> 0, 'Mức 2' / 2 -> 2; None when blank; BadValue when not in `allowed`."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        level = value
    elif isinstance(value, float):
        level = int(value) if value.is_integer() and abs(value) < 100 else -1  # also NaN, infinities
    else:
        level = _level_from_text(fold(str(value)))
    if level not in allowed:
        raise BadValue(value)
    return level


def _level_from_text(text: str) -> int:
    if text in (fold(m.LEVEL_NONE), "chua dat", "0"):
        return 0
    match = re.match(r"^(?:muc\s*)?(\d)$", text)
    return int(match[1]) if match else -1


def parse_met(value: object) -> bool | None:
    """'Đạt' -> True, 'Không đạt' -> False, blank -> None; BadValue otherwise."""
    if value is None:
        return None
    text = fold(str(value))
    if text in (fold(m.MET), "co", "x", "1", "true"):
        return True
    if text in (fold(m.NOT_MET), "chua dat", "khong", "0", "false"):
        return False
    raise BadValue(value)


def parse_date(value: object) -> dt.date | None:
    """A date cell, '15/9/2023', '15-09-2023' or 'ngày 15 tháng 9 năm 2023'; None when blank."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = fold(str(value))
    match = _DATE_RE.match(text) or _DATE_WORDS_RE.match(text)
    if not match:
        raise BadValue(value)
    try:
        return dt.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        raise BadValue(value) from None


def text_of(value: object) -> str:
    """A cell value as text ('' when blank); dates as d/m/yyyy like Vietnamese users write them."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.day}/{value.month}/{value.year}"
    return str(value)


# --- legacy Vietnamese encodings (TCVN3/ABC and VNI shown in a Unicode font) -------------------

# Characters that never occur in Unicode Vietnamese but fill text typed in TCVN3 or VNI fonts.
# (TCVN3 also maps o-circumflex to the left guillemet; it is left out: Vietnamese quotes use it.)
_LEGACY_MARKS = frozenset("\u00b5\u00b6\u00b7\u00b8\u00b9\u00bc\u00bd\u00be\u00a8\u00a9\u00aa\u00ac\u00ae\u00a1\u00a2\u00a3\u00a4\u00a5\u00a6\u00a7\u00c6\u00c7\u00cb\u00d1\u00d6\u00d7\u00d8\u00de\u00df\u00e6\u00e7\u00eb\u00ee\u00ef\u00f1\u00f6\u00f8\u00fb\u00fc\u00fe\u00e5\u00c5\u00e4\u00c4\u00cf\u00db\u00ad")
_LEGACY_MARK_RE = re.compile("[" + "".join(sorted(_LEGACY_MARKS)) + "]")  # ~3x faster than isdisjoint
has_legacy_mark = _LEGACY_MARK_RE.search  # a match when the text holds a legacy-font mark, else None
_VNI_PAIRS = re.compile(r"[aeiouyAEIOUY][\u00f8\u00f9\u00fb\u00f5\u00ef\u00f6\u00f4\u00f1\u00e4\u00eb\u00e5]|[\u00f4\u00d4][aA\u00f8\u00f9\u00fb\u00f5\u00ef]")


def legacy_encoding(text: str) -> str | None:
    """'TCVN3' or 'VNI' when the text looks typed in a legacy Vietnamese font, else None."""
    if _LEGACY_MARK_RE.search(text) is None:  # the common case, in C: a merge checks ~15 texts per action
        return None
    odd = [ch for ch in text if ch in _LEGACY_MARKS]
    if len(odd) < 2:
        return None
    vni_hits = len(_VNI_PAIRS.findall(text))
    return "VNI" if vni_hits >= 2 and vni_hits * 2 >= len(odd) else "TCVN3"
