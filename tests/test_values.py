"""Parsing what people type: money, levels, dates, months, school years, legacy encodings."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from hostile import NUMERIC_EXTREMES
from hypothesis import given, settings
from hypothesis import strategies as st

from qplan_xl.model import Month, SchoolYear, parse_month, parse_school_year
from qplan_xl.workbook.cells import (
    MAX_MONEY,
    BadValue,
    legacy_encoding,
    parse_date,
    parse_level,
    parse_met,
    parse_money,
)

VIETNAMESE = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữự"
    "vxyỳýỷỹỵ"
)
VIETNAMESE_TEXT = st.text(
    alphabet=VIETNAMESE + VIETNAMESE.upper() + " ,.;:-()/%0123456789&<>\"'\n\u00ab\u00bb\u201c\u201d\u2013", max_size=200
)


@pytest.mark.parametrize(
    "value,amount",
    [(15000000, 15000000), (15000000.0, 15000000), ("15.000.000", 15000000), ("15,000,000", 15000000),
     ("15.000.000 đ", 15000000), ("15.000.000đ", 15000000), ("15 000 000 đồng", 15000000),
     ("15 triệu", 15000000), ("1,5 triệu", 1500000), ("150.000 VNĐ", 150000), ("", None), (None, None),
     ("0", 0), ("-5.000", -5000)],
)
def test_parse_money(value: object, amount: int | None) -> None:
    assert parse_money(value) == amount


@pytest.mark.parametrize("value", ["mười triệu", "2.5", "15.00.000", "abc", True, float("nan")])
def test_parse_money_rejects(value: object) -> None:
    with pytest.raises(BadValue):
        parse_money(value)


def _short(value: object) -> str:
    return repr(value)[:24]


@pytest.mark.parametrize("value", [1e308, -1e308, float("inf"), float("-inf"), 10**16, -(10**400), 2**4000,
                                   "9" * 5000, "1" + "0" * 4400, "9" * 400 + " triệu", "1e308", "1.5e308 triệu",
                                   "1." + "000." * 1500 + "000", "9" * 17, "-" + "9" * 17 + " đ",
                                   "999.999.999.999.999.999", "99999999999 tỷ"], ids=_short)
def test_parse_money_refuses_amounts_no_plan_has(value: object) -> None:
    with pytest.raises(BadValue):
        parse_money(value)


@pytest.mark.parametrize(("value", "amount"), [(-0.0, 0), ("-0", 0), (MAX_MONEY, MAX_MONEY),
                                               (float(MAX_MONEY), MAX_MONEY), ("0" * 30 + "15", 15)], ids=_short)
def test_parse_money_edges(value: object, amount: int) -> None:
    result = parse_money(value)
    assert result == amount and type(result) is int


@settings(max_examples=300, deadline=None)
@given(NUMERIC_EXTREMES)
def test_numeric_extremes_are_a_bad_value_or_a_bounded_number(value: object) -> None:
    """Money, levels, dates, months, years, codes: a clear BadValue/None, never Overflow/ValueError."""
    from qplan_xl.rules.catalog import parse_criterion_ref, parse_level4_ref
    from qplan_xl.workbook.cells import text_of

    for parse in (parse_money, lambda v: parse_level(v, (0, 1, 2, 3)), parse_date, parse_met):
        try:
            result = parse(value)
        except BadValue:
            continue
        if parse is parse_money and result is not None:
            assert type(result) is int and abs(result) <= MAX_MONEY
    assert isinstance(text_of(value), str)
    parse_month(value), parse_school_year(value), parse_criterion_ref(value), parse_level4_ref(value)


@given(st.integers(min_value=0, max_value=10**12))
def test_money_grouped_round_trip(amount: int) -> None:
    assert parse_money(f"{amount:,}".replace(",", ".") + " đ") == amount
    assert parse_money(f"{amount:,}") == amount


@pytest.mark.parametrize(
    "value,level", [("Mức 3", 3), ("mức 2", 2), ("Không đạt", 0), (1, 1), (2.0, 2), (None, None)]
)
def test_parse_level(value: object, level: int | None) -> None:
    assert parse_level(value, (0, 1, 2, 3)) == level


@pytest.mark.parametrize("value", ["Mức 3", "Mức 4", 5, "cao", 1.5, 1e308, float("nan"), float("inf"), 10**400, -0.5],
                         ids=_short)
def test_parse_level_outside_allowed(value: object) -> None:
    with pytest.raises(BadValue):
        parse_level(value, (0, 1, 2))


def test_parse_met() -> None:
    assert (parse_met("Đạt"), parse_met("không đạt"), parse_met(None)) == (True, False, None)
    with pytest.raises(BadValue):
        parse_met("Mức 2")


@pytest.mark.parametrize(
    "value", ["9/2023", "09/2023", "Tháng 9/2023", "tháng 9 năm 2023", "THÁNG 09 / 2023",
              dt.date(2023, 9, 1), dt.datetime(2023, 9, 30, 0, 0)],
)
def test_parse_month_forms(value: object) -> None:
    assert parse_month(value) == Month(2023, 9)


@pytest.mark.parametrize("value", ["13/2023", "9/23", "tháng chín", "", 9, None, "0/2023"])
def test_parse_month_rejects(value: object) -> None:
    assert parse_month(value) is None


def test_month_span_and_order() -> None:
    assert Month(2023, 11).until(Month(2024, 2)) == [Month(2023, 11), Month(2023, 12), Month(2024, 1),
                                                     Month(2024, 2)]
    assert Month(2024, 1) > Month(2023, 12) and str(Month(2024, 1)) == "1/2024"


def test_school_year() -> None:
    assert parse_school_year("Năm học 2023 – 2024") == SchoolYear(2023)
    assert parse_school_year("2023-2025") is None
    year = SchoolYear(2023)
    assert len(year.months()) == 13 and year.contains(Month(2024, 8)) and not year.contains(Month(2023, 7))


def test_parse_date_forms() -> None:
    assert parse_date("15/9/2023") == parse_date("ngày 15 tháng 9 năm 2023") == dt.date(2023, 9, 15)
    with pytest.raises(BadValue):
        parse_date("31/2/2023")


@pytest.mark.parametrize(
    "text,encoding",
    [("Tr\u00adêng TiÓu häc Thanh H\u00adng", "TCVN3"), ("Tröôøng Tieåu hoïc", "VNI"),
     ("Kế hoạch cải tiến chất lượng", None), ("Công ty © 2023", None),
     ("Sheet «Thông tin» và «Tự đánh giá»", None)],
)
def test_legacy_encoding(text: str, encoding: str | None) -> None:
    assert legacy_encoding(text) == encoding


@given(VIETNAMESE_TEXT)
def test_unicode_vietnamese_is_never_flagged_as_legacy(text: str) -> None:
    assert legacy_encoding(text) is None
    assert legacy_encoding(unicodedata.normalize("NFD", text)) is None
