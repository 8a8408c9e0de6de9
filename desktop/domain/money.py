"""Money in 元: parsing typed or imported amounts exactly, display as ¥1,234.50 and 万元, and integer 分 for storage."""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from desktop.domain.errors import DomainError

CENT = Decimal("0.01")
# Far above any fee or budget line the office records, and 分 still fits a signed 64-bit database integer.
MAX_YUAN = Decimal("999999999999.99")

# "1,234.50" with correct thousands grouping, or plain digits; "1,5" is refused rather than read as 15.
_NUMBER = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+")


def _from_text(text: str, field: str | None) -> Decimal:
    # NFKC folds full-width digits, commas and the full-width yen sign ￥ (U+FFE5) into ASCII / ¥ (U+00A5).
    s = "".join(unicodedata.normalize("NFKC", text).split()).replace("\u2212", "-")
    if not s:
        raise DomainError("请填写金额", field)
    negative = False
    if s.startswith("-"):
        negative, s = True, s[1:]
    for prefix in ("¥", "RMB", "CNY"):
        if s.upper().startswith(prefix):
            s = s[len(prefix) :]
            break
    if s.startswith("-"):
        negative, s = True, s[1:]
    for suffix in ("人民币元", "元"):
        if s.endswith(suffix):
            s = s[: -len(suffix)]
            break
    if not _NUMBER.fullmatch(s):
        raise DomainError(f"金额格式不正确：“{text.strip()}”，应如 1234.50 或 ¥1,234.50", field)
    value = Decimal(s.replace(",", ""))
    return -value if negative else value


def parse_money(value: Decimal | int | float | str | None, *, field: str | None = None) -> Decimal:
    """Parse an amount in 元 (number, '1234.5', '¥1,234.50', '1,234.50元', '￥12') into a Decimal with 2 places."""
    if value is None:
        raise DomainError("请填写金额", field)
    if isinstance(value, bool):
        raise DomainError("金额应为数字", field)
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        # repr gives the shortest text that round-trips, so 0.1 becomes 0.1 and not 0.1000000000000000055…
        amount = Decimal(repr(value))
    elif isinstance(value, str):
        amount = _from_text(value, field)
    else:
        raise DomainError("金额应为数字", field)
    if not amount.is_finite():
        raise DomainError("金额应为有限的数字", field)
    if amount < 0:
        raise DomainError("金额不能为负数", field)
    if amount > MAX_YUAN:
        raise DomainError("金额过大，请核对", field)
    exact = abs(amount.quantize(CENT))  # abs() turns a typed "-0" into 0.00 rather than -0.00
    # Rounding 1.005 to 1.01 (or 1.00) would change what was typed; 1.230 is fine, it is the same value.
    if exact != amount:
        raise DomainError("金额最多保留两位小数（精确到分）", field)
    return exact


def format_money(value: Decimal | int | None) -> str:
    """Show an amount as ¥1,234.50 (empty text for no amount)."""
    if value is None:
        return ""
    amount = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"


def yuan_to_wanyuan_text(value: Decimal | int) -> str:
    """An amount in 元 as 万元 for the annual report, exact, trailing zeros trimmed: 20200 → '2.02', 0 → '0'."""
    wan = Decimal(value).scaleb(-4)  # exact: only moves the decimal point
    if wan == 0:
        return "0"
    text = format(wan, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def fen(value: Decimal | int) -> int:
    """Convert 元 to whole 分 for storage; refuses amounts with fractions of a 分 rather than rounding them."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"fen() expects Decimal or int, got {type(value).__name__}")
    amount = Decimal(value)
    if not amount.is_finite():
        raise DomainError("金额应为有限的数字")
    cents = amount.scaleb(2)
    if cents != cents.to_integral_value():
        raise DomainError("金额最多保留两位小数（精确到分）")
    return int(cents)


def from_fen(value: int) -> Decimal:
    """Convert stored whole 分 back to 元 with 2 decimal places."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"from_fen() expects int, got {type(value).__name__}")
    return Decimal(value).scaleb(-2)
