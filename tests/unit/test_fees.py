"""Tests for the 信息处理费 rules of 国办函〔2020〕109号."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.errors import DomainError
from desktop.domain.fees import FEE_METHODS, compute_fee, fee_by_pages, fee_per_piece, month_fee_per_piece


@pytest.mark.parametrize(
    ("nth", "fee"),
    [
        (1, 0),
        (10, 0),
        (11, 100),
        (30, 100),
        (31, 200),
        (40, 200),
        (41, 300),
        (50, 300),
        (51, 400),
        (100, 800),
        (101, 900),
    ],
)
def test_fee_per_piece_bands(nth, fee):
    assert fee_per_piece(nth) == Decimal(fee)


def test_worked_example_45_requests_in_a_month_cost_5500():
    # spec §7.5: 1–10 free, 11–30 20×100, 31–40 10×200, 41–45 5×300.
    assert sum(fee_per_piece(n) for n in range(1, 46)) == Decimal(5500)
    assert month_fee_per_piece(45) == Decimal(5500)
    assert month_fee_per_piece(0) == Decimal(0)
    assert month_fee_per_piece(10) == Decimal(0)


@pytest.mark.parametrize(
    ("pages", "fee"),
    [(0, 0), (1, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 4700)],
)
def test_fee_by_pages_is_excess_progressive(pages, fee):
    assert fee_by_pages(pages) == Decimal(fee)


def page_rate(page: int) -> int:
    return 0 if page <= 30 else 10 if page <= 100 else 20 if page <= 200 else 40


@given(st.integers(0, 2000))
def test_fee_by_pages_charges_each_page_at_its_own_band(pages):
    assert fee_by_pages(pages) == sum(page_rate(p) for p in range(1, pages + 1))


@given(st.integers(1, 500))
def test_fee_per_piece_never_decreases(nth):
    assert fee_per_piece(nth + 1) >= fee_per_piece(nth)


def test_compute_fee_uses_one_method_only():
    assert FEE_METHODS == ("按件", "按量", "不收费")
    assert compute_fee("按件", nth_in_month=31) == Decimal(200)
    assert compute_fee("按件", nth_in_month=31, pages=500) == Decimal(200)
    assert compute_fee("按量", pages=101) == Decimal(720)
    assert compute_fee("按量", nth_in_month=50, pages=30) == Decimal(0)
    assert compute_fee("不收费", nth_in_month=50, pages=500) == Decimal(0)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: compute_fee("按件"), "本月第几件"),
        (lambda: compute_fee("按量"), "页数"),
        (lambda: compute_fee("按天"), "未知的收费方式"),
        (lambda: fee_per_piece(0), "不能小于1"),
        (lambda: fee_by_pages(-1), "不能小于0"),
        (lambda: fee_by_pages(1.5), "应为整数"),
        (lambda: fee_per_piece(True), "应为整数"),
    ],
)
def test_fee_errors(call, message):
    with pytest.raises(DomainError, match=message):
        call()
