"""Framework data: counts match the circulars, defaults by level and year, reference parsing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qplan_xl.rules import catalog

LEGACY_COUNTS = {  # criteria, with Mức 3, Mức 4 items (tiểu học 27/27/19/5 etc., DESIGN 2)
    "TT17-2018": (27, 19, 5),
    "TT18-2018": (28, 20, 6),
    "TT19-2018": (25, 19, 6),
}


@pytest.mark.parametrize("fid,counts", sorted(LEGACY_COUNTS.items()))
def test_legacy_counts(fid: str, counts: tuple[int, int, int]) -> None:
    f = catalog.load_framework(fid)
    assert (len(f.criteria), sum(c.has_level(3) for c in f.criteria), len(f.level4_items)) == counts
    assert len(f.standards) == 5
    assert f.provenance["counts"]["criteria"] == counts[0]
    assert not f.provisional and f.rule.kind == "cumulative" and f.rule.max_level == 4


@pytest.mark.parametrize("fid", ["TT57-2026-PL-I", "TT57-2026-PL-II"])
def test_tt57_structure(fid: str) -> None:
    f = catalog.load_framework(fid)
    assert len(f.standards) == 4 and len(f.criteria) == 15
    assert sum(c.mandatory for c in f.criteria) == 8
    assert f.provisional and f.rule.kind == "mandatory-quota" and f.rule.max_level == 2
    assert not f.has_level4


def test_every_framework_keeps_provenance() -> None:
    for f in catalog.list_frameworks():
        assert f.confidence and f.provenance.get("title")
        assert "verified" in f.provenance


@pytest.mark.parametrize(
    "level,year,expected",
    [
        ("tieu-hoc", 2023, "TT17-2018"),
        ("mam-non", 2025, "TT19-2018"),
        ("thcs", 2018, "TT18-2018"),
        ("thpt", 2024, "TT18-2018"),
        ("pho-thong", 2025, "TT18-2018"),
        ("tieu-hoc", 2026, "TT57-2026-PL-II"),
        ("mam-non", 2026, "TT57-2026-PL-I"),
        ("thpt", 2030, "TT57-2026-PL-II"),
        ("thcs", 2010, "TT18-2018"),
    ],
)
def test_default_framework(level: str, year: int, expected: str) -> None:
    assert catalog.default_framework(level, year).id == expected


def test_legal_basis_follows_the_year() -> None:
    f = catalog.load_framework("TT17-2018")
    assert len(f.legal_basis_for(2023)) == 1
    assert any("22/2024" in t for t in f.legal_basis_for(2024))


def test_find_framework_by_id_or_label() -> None:
    f = catalog.load_framework("TT18-2018")
    assert catalog.find_framework("tt18-2018") == f
    assert catalog.find_framework(f.label.upper()) == f
    assert catalog.find_framework("TT99") is None


@pytest.mark.parametrize(
    "text,code",
    [("1.3", "1.3"), ("Tiêu chí 1.3", "1.3"), ("1.3 - Tên tiêu chí", "1.3"), ("1.3. Tên", "1.3"),
     ("tiêu chí 1.10", "1.10"), ("TIÊU CHÍ 5.6: Kết quả", "1.3" and "5.6"), (1.3, "1.3"),
     ("1.3x", None), ("abc", None), ("", None), ("Tiêu chuẩn 1", None)],
)
def test_parse_criterion_ref(text: object, code: str | None) -> None:
    assert catalog.parse_criterion_ref(text) == code


@pytest.mark.parametrize(
    "text,code",
    [("1", "M4.1"), ("M4.1", "M4.1"), ("Tiêu chí 2", "M4.2"), ("M4.3 - Thư viện", "M4.3"),
     (3, "M4.3"), ("1.3", None), ("x", None)],
)
def test_parse_level4_ref(text: object, code: str | None) -> None:
    assert catalog.parse_level4_ref(text) == code


@given(st.one_of(st.text(), st.integers(), st.floats(allow_nan=True)))
def test_reference_parsing_never_raises(value: object) -> None:
    catalog.parse_criterion_ref(value)
    catalog.parse_level4_ref(value)


def _fold_by_character(text: str) -> str:
    """fold's definition, one character at a time (fold itself strips Vietnamese marks in C)."""
    import unicodedata

    nfd = unicodedata.normalize("NFD", text.replace("\u0111", "d").replace("\u0110", "D"))
    return " ".join("".join(ch for ch in nfd if not unicodedata.combining(ch)).lower().split())


@pytest.mark.parametrize("text", [
    "", "  Hiệu   TRƯỞNG ", "Đoàn Thanh niên", "Tổ chức bồi dưỡng – “chuyên đề” … ", "e\u0302\u0301 x\u034fy",
    "İstanbul ǅ ß", "Кириллица с ударе\u0301нием", "漢字テキスト", "a\u0483b\u05b0c", "\U0001d400\u0301",
])
def test_fold_matches_its_per_character_definition(text: str) -> None:
    assert catalog.fold(text) == _fold_by_character(text)


@given(st.text(alphabet=st.sampled_from("aAđĐ ưƯơƠạẠếẾ\u0300\u0301\u034f\u0483\u05b0İßΣ\t\u00a0xX–“漢"), max_size=30))
def test_fold_matches_its_definition_on_mixed_texts(text: str) -> None:
    assert catalog.fold(text) == _fold_by_character(text)
