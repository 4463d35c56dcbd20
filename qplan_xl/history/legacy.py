"""Legacy Vietnamese font encodings (TCVN3 .VnTime…, VNI-Times…) -> Unicode, guided by a run's font."""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from importlib import resources
from typing import Any


@cache
def _tables() -> dict[str, Any]:
    text = resources.files("qplan_xl.history").joinpath("data/legacy-fonts.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def _pattern(encoding: str) -> re.Pattern[str]:
    keys = sorted(_tables()[encoding], key=len, reverse=True)  # two-character VNI sequences first
    return re.compile("|".join(re.escape(k) for k in keys))


def font_encoding(font: str | None) -> str | None:
    """'tcvn3', 'vni' or None (a Unicode font) from a font name such as '.VnTime' or 'VNI-Times'."""
    name = (font or "").strip().lower()
    for encoding, prefixes in _tables()["fonts"].items():
        if any(name.startswith(p) for p in prefixes):
            return str(encoding)
    return None


def to_unicode(text: str, font: str | None) -> str:
    """The text of a run written in `font`, as Unicode NFC (unchanged for a Unicode font)."""
    encoding = font_encoding(font)
    if encoding is None:
        return text
    table = _tables()[encoding]
    converted = _pattern(encoding).sub(lambda found: table[found.group(0)], text)
    if encoding == "tcvn3" and (font or "").strip().lower().endswith(_tables()["uppercase_suffix"]):
        converted = converted.upper()
    return unicodedata.normalize("NFC", converted)


def from_unicode(text: str, encoding: str) -> str:
    """Unicode -> a legacy encoding (for building test documents; the inverse of to_unicode)."""
    reverse = {v: k for k, v in sorted(_tables()[encoding].items(), key=lambda kv: len(kv[0]))}
    return "".join(reverse.get(ch, ch) for ch in unicodedata.normalize("NFC", text))
