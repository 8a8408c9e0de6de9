"""信息处理费 under 国办函〔2020〕109号: per-request (按件) and per-page (按量) excess-progressive charges."""

from decimal import Decimal

from desktop.domain.errors import DomainError

BY_PIECE = "按件"
BY_PAGES = "按量"
NO_FEE = "不收费"
FEE_METHODS: tuple[str, ...] = (BY_PIECE, BY_PAGES, NO_FEE)

# 按件: the first 10 requests of a calendar month are free, 11–30 cost 100 元 each, and from the 31st on every
# further band of 10 requests costs 100 元 more per request (31–40: 200, 41–50: 300, …). The band arithmetic after
# 30 is the common reading of Art. 4 (spec §7.5); confirm with the local finance bureau.
_PIECE_FREE = 10
_PIECE_FLAT_UNTIL = 30
_PIECE_STEP = Decimal(100)
_PIECE_BAND = 10

# 按量: (first page of band, 元 per page). Each page is charged at the rate of its own band (超额累进).
_PAGE_BANDS: tuple[tuple[int, Decimal], ...] = (
    (1, Decimal(0)),
    (31, Decimal(10)),
    (101, Decimal(20)),
    (201, Decimal(40)),
)


def _whole_number(value: object, label: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError(f"{label}应为整数")
    if value < minimum:
        raise DomainError(f"{label}不能小于{minimum}")
    return value


def fee_per_piece(nth_request_in_month: int) -> Decimal:
    """Fee in 元 for the n-th request (1-based) an applicant filed in one calendar month, charged 按件."""
    n = _whole_number(nth_request_in_month, "本月第几件申请", 1)
    if n <= _PIECE_FREE:
        return Decimal(0)
    if n <= _PIECE_FLAT_UNTIL:
        return _PIECE_STEP
    return _PIECE_STEP * (2 + (n - _PIECE_FLAT_UNTIL - 1) // _PIECE_BAND)


def month_fee_per_piece(requests_in_month: int) -> Decimal:
    """Total 按件 fee in 元 for an applicant's requests in one month, each at its own band (45 requests → 5500)."""
    count = _whole_number(requests_in_month, "本月申请件数", 0)
    return sum((fee_per_piece(n) for n in range(1, count + 1)), Decimal(0))


def fee_by_pages(pages: int) -> Decimal:
    """Fee in 元 for one request charged 按量: pages 1–30 free, 31–100 at 10, 101–200 at 20, 201 on at 40 元/page."""
    count = _whole_number(pages, "页数", 0)
    total = Decimal(0)
    for i, (first, rate) in enumerate(_PAGE_BANDS):
        last = _PAGE_BANDS[i + 1][0] - 1 if i + 1 < len(_PAGE_BANDS) else count
        if count >= first:
            total += rate * (min(count, last) - first + 1)
    return total


def compute_fee(method: str, nth_in_month: int | None = None, pages: int | None = None) -> Decimal:
    """Fee in 元 for one request under the chosen method (one of FEE_METHODS).

    Only the argument the method needs is used: the 办法 forbids charging both ways on one request, so a page count
    recorded on a 按件 request is simply not charged.
    """
    if method == NO_FEE:
        return Decimal(0)
    if method == BY_PIECE:
        if nth_in_month is None:
            raise DomainError("按件收费需要本月第几件申请")
        return fee_per_piece(nth_in_month)
    if method == BY_PAGES:
        if pages is None:
            raise DomainError("按量收费需要页数")
        return fee_by_pages(pages)
    raise DomainError(f"未知的收费方式“{method}”，应为：{'、'.join(FEE_METHODS)}")
