"""Load the accreditation framework data files into frozen objects."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from qplan_xl import messages as m
from qplan_xl.errors import QplanUsageError
from qplan_xl.rules.forms import PlanForm, load_form

SCHOOL_LEVELS = ("mam-non", "tieu-hoc", "thcs", "thpt", "pho-thong", "gdtx")
LEVEL4_PREFIX = "M4."


@dataclass(frozen=True)
class Criterion:
    """One criterion (tiêu chí) with the levels that carry requirements."""

    code: str
    name: str
    standard: int
    levels: tuple[int, ...]
    mandatory: bool = False
    name_verified: bool = True

    @property
    def max_level(self) -> int:
        return max(self.levels)

    def has_level(self, level: int) -> bool:
        return level in self.levels


@dataclass(frozen=True)
class Standard:
    """One standard (tiêu chuẩn) and its criteria."""

    no: int
    name: str
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Level4Item:
    """One Mức 4 requirement of a 2018 circular."""

    code: str
    no: int
    name: str
    verified: bool


@dataclass(frozen=True)
class LegalBasis:
    """A legal text to cite: its number, signing date and the first school year it applies to."""

    text: str
    from_school_year: int
    number: str = ""  # '22/2024/TT-BGDĐT': how a plan's line is matched to this text
    signed: dt.date | None = None  # a plan dated before it cannot cite it

    def in_force(self, start_year: int, on: dt.date | None = None) -> bool:
        """Citable by a plan of the school year starting `start_year` dated `on` (None: any day)."""
        return self.from_school_year <= start_year and (on is None or self.signed is None or self.signed <= on)


@dataclass(frozen=True)
class Rule:
    """How the school level is derived from the criteria levels."""

    kind: str
    levels: tuple[int, ...]
    extra_level: int | None = None
    min_others: int = 0
    all_at_least: tuple[tuple[int, int], ...] = ()

    @property
    def max_level(self) -> int:
        return self.extra_level or max(self.levels)


@dataclass(frozen=True)
class Framework:
    """A criteria catalog with its level rule and provenance."""

    id: str
    short_name: str
    label: str
    school_levels: tuple[str, ...]
    provisional: bool
    first_year: int
    last_year: int | None
    legal_basis: tuple[LegalBasis, ...]
    guidance: str | None
    rule: Rule
    standards: tuple[Standard, ...]
    level4_items: tuple[Level4Item, ...]
    confidence: str
    plan_form: str | None = None  # the improvement-plan form (rules/data/forms); None: the 2018 plan
    provenance: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)
    _index: dict[str, Criterion] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {c.code: c for c in self.criteria})

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return tuple(c for s in self.standards for c in s.criteria)

    @property
    def confidence_grade(self) -> str:
        """The grade that starts the confidence note: 'high', 'medium-high', 'medium-low'..."""
        return self.confidence.split(" ", 1)[0].strip().lower()

    @property
    def has_level4(self) -> bool:
        return bool(self.level4_items)

    def criterion(self, code: str) -> Criterion | None:
        return self._index.get(code)

    def standard(self, no: int) -> Standard | None:
        return next((s for s in self.standards if s.no == no), None)

    def level4_item(self, code: str) -> Level4Item | None:
        return next((i for i in self.level4_items if i.code == code), None)

    def legal_basis_for(self, start_year: int, on: dt.date | None = None) -> list[str]:
        """The texts a plan of that school year cites; with `on`, only those signed by then."""
        return [b.text for b in self.legal_basis if b.in_force(start_year, on)]

    def applies_to(self, level: str) -> bool:
        return level in self.school_levels

    @property
    def form(self) -> PlanForm | None:
        """The Biểu 2 style plan form of this framework; None for the 2018 nine-column plan."""
        return load_form(self.plan_form) if self.plan_form else None


# --- loading --------------------------------------------------------------------------------


def _data_dir() -> Any:
    return resources.files("qplan_xl.rules") / "data" / "frameworks"


@cache
def framework_ids() -> tuple[str, ...]:
    """Ids of every framework data file shipped with the package, sorted."""
    names = (p.name for p in _data_dir().iterdir() if p.name.endswith(".json"))
    return tuple(sorted(n[: -len(".json")] for n in names))


@cache
class UnknownFramework(QplanUsageError, KeyError):
    """No shipped framework has this id (a KeyError too, which callers have always caught)."""

    __str__ = BaseException.__str__  # the Vietnamese message, not KeyError's quoted key


@cache  # frozen data: parsing the JSON for every workbook cost ~4 ms a file in a merge
def load_framework(framework_id: str) -> Framework:
    """Load one framework by id (e.g. 'TT17-2018'); UnknownFramework (a KeyError) if unknown."""
    if framework_id not in framework_ids():
        choices = ", ".join(framework_ids())
        raise UnknownFramework(m.cli_message("bad_framework", value=framework_id, choices=choices))
    raw = json.loads((_data_dir() / f"{framework_id}.json").read_text(encoding="utf-8"))
    return _framework_from_dict(raw)


def list_frameworks() -> list[Framework]:
    """Every shipped framework."""
    return [load_framework(i) for i in framework_ids()]


def _legal_basis_from_dict(raw: dict[str, Any]) -> LegalBasis:
    signed = dt.date.fromisoformat(raw["signed"]) if raw.get("signed") else None
    return LegalBasis(raw["text"], raw["from_school_year"], raw.get("number", ""), signed)


def _framework_from_dict(raw: dict[str, Any]) -> Framework:
    return Framework(
        id=raw["id"],
        short_name=raw["short_name"],
        label=raw["label"],
        school_levels=tuple(raw["school_levels"]),
        provisional=raw["provisional"],
        first_year=raw["first_year"],
        last_year=raw["last_year"],
        legal_basis=tuple(_legal_basis_from_dict(b) for b in raw["legal_basis"]),
        guidance=raw["guidance"],
        rule=_rule_from_dict(raw["rule"]),
        standards=tuple(_standard_from_dict(s) for s in raw["standards"]),
        level4_items=tuple(_level4_from_dict(i) for i in raw["level4_items"]),
        confidence=raw["provenance"].get("confidence", ""),
        plan_form=raw.get("plan_form"),
        provenance=raw["provenance"],
    )


def _rule_from_dict(raw: dict[str, Any]) -> Rule:
    return Rule(
        kind=raw["kind"],
        levels=tuple(raw["levels"]),
        extra_level=raw.get("extra_level"),
        min_others=raw.get("min_others", 0),
        all_at_least=tuple((int(k), v) for k, v in raw.get("all_at_least", {}).items()),
    )


def _standard_from_dict(raw: dict[str, Any]) -> Standard:
    criteria = tuple(
        Criterion(
            code=c["code"],
            name=c["name"],
            standard=raw["no"],
            levels=tuple(c["levels"]),
            mandatory=c.get("mandatory", False),
            name_verified=c.get("name_verified", True),
        )
        for c in raw["criteria"]
    )
    return Standard(no=raw["no"], name=raw["name"], criteria=criteria)


def _level4_from_dict(raw: dict[str, Any]) -> Level4Item:
    return Level4Item(
        code=raw["code"],
        no=int(raw["code"][len(LEVEL4_PREFIX) :]),
        name=raw["name"],
        verified=raw["verified"],
    )


# --- school levels as people write them ------------------------------------------------------

_SCHOOL_LEVEL_ALIASES = {
    "mn": "mam-non", "mau giao": "mam-non", "nha tre": "mam-non",
    "gdtx": "gdtx", "gdnn-gdtx": "gdtx", "gdnn - gdtx": "gdtx", "trung tam gdtx": "gdtx",
    "trung tam gdnn-gdtx": "gdtx", "trung tam gdnn - gdtx": "gdtx", "ttgdtx": "gdtx", "ttgdnn-gdtx": "gdtx",
    "giao duc thuong xuyen": "gdtx", "trung tam giao duc thuong xuyen": "gdtx",
    "trung tam giao duc nghe nghiep - giao duc thuong xuyen": "gdtx",
    "trung tam giao duc nghe nghiep-giao duc thuong xuyen": "gdtx",
    "th": "tieu-hoc", "trung hoc co so": "thcs", "trung hoc pho thong": "thpt",
    "pho thong": "pho-thong", "nhieu cap hoc": "pho-thong", "pho thong nhieu cap": "pho-thong",
    "th&thcs": "pho-thong", "th-thcs": "pho-thong", "thcs&thpt": "pho-thong", "thcs-thpt": "pho-thong",
    "ptdtbt": "pho-thong", "ptdtnt": "pho-thong", "lien cap": "pho-thong", "truong lien cap": "pho-thong",
    "th va thcs": "pho-thong", "thcs va thpt": "pho-thong", "th, thcs va thpt": "pho-thong",
    "tieu hoc va thcs": "pho-thong", "thcs va thpt (lien cap)": "pho-thong", "th-thcs-thpt": "pho-thong",
}


def parse_school_level(text: str) -> str | None:
    """A school level id from its id, its Vietnamese label or a common abbreviation; else None."""
    key = fold(text)
    if key in SCHOOL_LEVELS:
        return key
    for level, label in m.SCHOOL_LEVELS.items():
        if key in (fold(label), fold(m.SCHOOL_KIND[level])):
            return level
    return _SCHOOL_LEVEL_ALIASES.get(key.replace(" ", "") if "&" in key else key)


# --- choosing a framework -------------------------------------------------------------------


def default_framework(level: str, start_year: int) -> Framework:
    """The framework a school of `level` uses in the school year starting `start_year`."""
    candidates = [f for f in list_frameworks() if f.applies_to(level)]
    if not candidates:
        raise KeyError(level)
    started = [f for f in candidates if f.first_year <= start_year]
    if started:  # the most recent circular already in force replaces the older ones
        return max(started, key=lambda f: f.first_year)
    return min(candidates, key=lambda f: f.first_year)


def find_framework(text: str) -> Framework | None:
    """The framework named by an id, short name or label (as typed in a workbook)."""
    key = fold(text)
    for f in list_frameworks():
        if key in {fold(f.id), fold(f.label)}:
            return f
    return None


# --- reading criterion references as people type them --------------------------------------

_CRITERION_RE = re.compile(r"^(?:tieu\s*chi\s*)?(\d{1,2})\s*\.\s*(\d{1,2})(?=$|[\s.:\-)])")
_LEVEL4_RE = re.compile(r"^(?:m4\s*\.?\s*|muc\s*4\s*[.:\-]?\s*|tieu\s*chi\s*|yeu\s*cau\s*)?(\d{1,2})(?=$|[\s:\-)]|\.(?!\d))")


# The combining marks of Vietnamese (U+0300-U+036F but the grapheme joiner). A decomposed text is
# cut at every other non-ASCII character: the pieces in between lose their marks in C (encoded to
# ASCII), and each character cut at is dropped only when it is a combining mark itself.
_MARKS = "".join(chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c)))
_OTHER_CHAR_RE = re.compile(f"([^\u0000-\u007f{_MARKS}])")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, strip accents and đ, collapse spaces: for tolerant matching (validation's list lookups)."""
    if text.isascii():  # nothing to decompose
        return " ".join(text.lower().split())
    nfd = unicodedata.normalize("NFD", text.replace("\u0111", "d").replace("\u0110", "D"))
    parts = _OTHER_CHAR_RE.split(nfd)  # [ASCII and marks, other char, ASCII and marks, ...]
    if len(parts) * 4 > len(nfd):  # mostly other characters (another script): one by one
        return " ".join("".join(ch for ch in nfd if not unicodedata.combining(ch)).lower().split())
    for i, part in enumerate(parts):
        if i % 2 == 0:
            parts[i] = part.encode("ascii", "ignore").decode("ascii")
        elif unicodedata.combining(part):
            parts[i] = ""
    return " ".join("".join(parts).lower().split())


def parse_criterion_ref(value: object) -> str | None:
    """'1.3', 'Tiêu chí 1.3', '1.3 - Tên', '1.3. Tên' -> '1.3'; None if not a criterion form."""
    text = _ref_text(value)
    match = _CRITERION_RE.match(text)
    return f"{int(match[1])}.{int(match[2])}" if match else None


def parse_level4_ref(value: object) -> str | None:
    """'1', 'M4.1', 'Tiêu chí 1', 'M4.1 - Tên' -> 'M4.1'; None if not a Mức 4 form."""
    text = _ref_text(value)
    if _CRITERION_RE.match(text) and not text.startswith("m4"):
        return None
    match = _LEVEL4_RE.match(text)
    return f"{LEVEL4_PREFIX}{int(match[1])}" if match else None


def _ref_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return fold(str(value)).replace("\u2013", "-").replace("\u2014", "-")
