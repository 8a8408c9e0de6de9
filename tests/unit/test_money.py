"""Tests for parsing, formatting and storing money amounts."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.errors import DomainError
from desktop.domain.money import MAX_YUAN, fen, format_money, from_fen, parse_money, yuan_to_wanyuan_text


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1234.5", "1234.50"),
        ("¥1,234.50", "1234.50"),
        ("1,234.50元", "1234.50"),
        ("￥12", "12.00"),  # full-width yen sign U+FFE5
        ("¥ 1 234.50", "1234.50"),
        ("１，２３４．５０", "1234.50"),  # full-width digits typed with a Chinese IME
        ("RMB 20", "20.00"),
        ("0", "0.00"),
        ("1.230", "1.23"),  # same value, no rounding involved
        (".5", "0.50"),
        ("1,234,567.8", "1234567.80"),
        (1234.5, "1234.50"),
        (0.1, "0.10"),
        (12, "12.00"),
        (Decimal("7.1"), "7.10"),
        (Decimal("-0"), "0.00"),
    ],
)
def test_parse_money_accepts_common_forms(typed, amount):
    result = parse_money(typed)
    assert result == Decimal(amount)
    assert str(result) == amount


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-12", "金额不能为负数"),
        ("¥-12", "金额不能为负数"),
        (-0.01, "金额不能为负数"),
        (Decimal("-5"), "金额不能为负数"),
        ("1.005", "最多保留两位小数"),
        (Decimal("0.001"), "最多保留两位小数"),
        (0.1 + 0.2, "最多保留两位小数"),  # 0.30000000000000004 must not silently become 0.30
        ("1,5", "金额格式不正确"),  # a European decimal comma must not become 15
        ("12,34.00", "金额格式不正确"),
        ("1e3", "金额格式不正确"),
        ("abc", "金额格式不正确"),
        ("1.2.3", "金额格式不正确"),
        ("", "请填写金额"),
        ("  ", "请填写金额"),
        (None, "请填写金额"),
        (True, "金额应为数字"),
        ([1], "金额应为数字"),
        (float("nan"), "有限"),
        (Decimal("Infinity"), "有限"),
        ("1000000000000", "金额过大"),
    ],
)
def test_parse_money_refuses_what_it_cannot_keep_exactly(typed, message):
    with pytest.raises(DomainError, match=message):
        parse_money(typed)


def test_parse_money_reports_field():
    with pytest.raises(DomainError) as info:
        parse_money("x", field="fee")
    assert info.value.field == "fee"


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("1234.5"), "¥1,234.50"),
        (Decimal("0"), "¥0.00"),
        (Decimal("1234567.89"), "¥1,234,567.89"),
        (100, "¥100.00"),
        (None, ""),
    ],
)
def test_format_money(amount, text):
    assert format_money(amount) == text


@pytest.mark.parametrize(
    ("yuan", "text"),
    [
        (40682080, "4068.208"),
        (20200, "2.02"),
        (0, "0"),
        (Decimal("0.00"), "0"),
        (10000000, "1000"),
        (10000, "1"),
        (Decimal("1234.50"), "0.12345"),
        (Decimal("5500.00"), "0.55"),
    ],
)
def test_yuan_to_wanyuan_text(yuan, text):
    assert yuan_to_wanyuan_text(yuan) == text


def test_fen_round_trip_examples():
    assert fen(Decimal("1234.50")) == 123450
    assert fen(12) == 1200
    assert from_fen(123450) == Decimal("1234.50")
    assert str(from_fen(5)) == "0.05"
    assert str(from_fen(0)) == "0.00"
    with pytest.raises(DomainError):
        fen(Decimal("0.001"))
    with pytest.raises(TypeError):
        fen(1.5)
    with pytest.raises(TypeError):
        from_fen(Decimal("1"))


amounts = st.decimals(min_value=0, max_value=MAX_YUAN, places=2, allow_nan=False, allow_infinity=False)


@given(amounts)
def test_amounts_survive_format_parse_and_storage(amount):
    assert parse_money(format_money(amount)) == amount
    assert parse_money(str(amount) + "元") == amount
    assert from_fen(fen(amount)) == amount
    assert Decimal(yuan_to_wanyuan_text(amount)) * 10000 == amount


@given(st.lists(amounts, max_size=50))
def test_sums_in_fen_are_exact(values):
    assert from_fen(sum(fen(v) for v in values)) == sum(values, Decimal(0))
