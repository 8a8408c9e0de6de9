"""Reading a field's value from what a person typed or a file cell held, and showing it back (masked or not)."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from desktop.db.declare import Field, Kind
from desktop.domain.errors import DomainError
from desktop.domain.identifiers import mask_id, mask_phone
from desktop.domain.money import format_money, parse_money
from desktop.domain.text import drop_control

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_TIME = re.compile(r"^(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2})秒?)?分?$")
_TIME_COMPACT = re.compile(r"^(\d{2})(\d{2})$")
_TRUE = {"是", "true", "1", "y", "yes", "√", "✓", "t"}
_FALSE = {"否", "false", "0", "n", "no", "×", "f", ""}
MULTI_SEPARATOR = "、"


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# Dates outside these years are typing slips; near date.min/max, day arithmetic (shifts, 30-day look-backs) overflows.
YEARS = (1900, 2100)


def _in_range(day: date, text: str, field: str | None) -> date:
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise DomainError(f"日期“{text}”超出范围，年份应在{YEARS[0]}至{YEARS[1]}之间", field)
    return day


def parse_date(value: Any, field: str | None = None) -> date:
    """`2015-10-12`, `20151012`, `2015/10/12`, `2015年10月12日`, or a date from Excel."""
    if isinstance(value, datetime):
        return _in_range(value.date(), str(value), field)
    if isinstance(value, date):
        return _in_range(value, str(value), field)
    text = str(value).strip()
    # Spreadsheets from other systems write dates as `2015-10-12 00:00:00`: a midnight time is no time at all.
    text = re.sub(r"\s+0{1,2}:00(:00)?$", "", text)
    m = _DATE.match(text) or _DATE_COMPACT.match(text)
    if m:
        try:
            day = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
        else:
            return _in_range(day, text, field)
    raise DomainError(f"日期“{text}”无效，应写作 2015-10-12 或 20151012", field)


def parse_datetime(value: Any, field: str | None = None) -> datetime:
    """A date as above followed by an optional time `9:30` / `0930`; seconds are dropped."""
    if isinstance(value, datetime):
        _in_range(value.date(), str(value), field)
        return value.replace(second=0, microsecond=0)
    if isinstance(value, date):
        return datetime.combine(_in_range(value, str(value), field), time())
    text = str(value).strip().replace("T", " ")
    parts = text.split()
    if len(parts) == 1 and len(text) == 12 and text.isdigit():  # 201510120930
        parts = [text[:8], text[8:]]
    if len(parts) not in (1, 2):
        raise DomainError(f"时间“{text}”无效，应写作 2015-10-12 09:30 或 20151012 0930", field)
    day = parse_date(parts[0], field)
    if len(parts) == 1:
        return datetime.combine(day, time())
    m = _TIME.match(parts[1]) or _TIME_COMPACT.match(parts[1])
    if not m or int(m[1]) > 23 or int(m[2]) > 59:
        raise DomainError(f"时间“{text}”无效，应写作 2015-10-12 09:30 或 20151012 0930", field)
    return datetime.combine(day, time(int(m[1]), int(m[2])))


# Far above any count, day limit or year the office records, and inside an INTEGER column on SQLite (64 bits)
# and PostgreSQL (32 bits).
MAX_INT_DIGITS = 9


def parse_int(value: Any, field: str | None = None) -> int:
    if isinstance(value, bool):
        raise DomainError("应为整数", field)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        number = int(value)
    else:
        text = str(value).strip().replace(",", "")
        if not re.fullmatch(r"-?\d+", text):
            raise DomainError(f"“{value}”不是整数", field)
        if len(text.lstrip("-")) > MAX_INT_DIGITS:  # before int(): Python refuses to convert 4,301+ digits
            raise DomainError("数值过大，请核对", field)
        number = int(text)
    if abs(number) >= 10**MAX_INT_DIGITS:
        raise DomainError("数值过大，请核对", field)
    return number


def parse_bool(value: Any, field: str | None = None) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if value is not None else ""
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise DomainError(f"“{value}”应为“是”或“否”", field)


def coerce(f: Field, value: Any) -> Any:
    """The typed value of one field; raises DomainError (with the field's label) on bad input.
    REF fields are resolved by the register, which knows the catalogues."""
    label = f.label
    if blank(value):
        return False if f.kind is Kind.BOOL else None
    if f.kind in (Kind.TEXT, Kind.LONGTEXT):
        text = drop_control(str(value))
        text = text.strip() if f.kind is Kind.TEXT else text.strip("\n ")
        if isinstance(value, float) and value.is_integer():  # Excel turns 12345 into 12345.0
            text = str(int(value))
        limit = f.length_limit
        if limit and len(text) > limit:
            raise DomainError(f"不能超过{limit}个字符（现有{len(text)}个）", label)
        return text
    if f.kind is Kind.INT:
        return parse_int(value, label)
    if f.kind is Kind.MONEY:
        return parse_money(value, field=label)
    if f.kind is Kind.DATE:
        return parse_date(value, label)
    if f.kind is Kind.DATETIME:
        return parse_datetime(value, label)
    if f.kind is Kind.BOOL:
        return parse_bool(value, label)
    if f.kind is Kind.CHOICE:
        text = str(value).strip()
        if text not in f.choices:
            raise DomainError(f"“{text}”不是可选值（可选：{'、'.join(f.choices)}）", label)
        return text
    if f.kind is Kind.MULTI:
        items = [p.strip() for p in re.split(r"[、,，;；/]", str(value)) if p.strip()]
        bad = [p for p in items if p not in f.choices]
        if bad:
            raise DomainError(f"“{'、'.join(bad)}”不是可选值（可选：{'、'.join(f.choices)}）", label)
        return MULTI_SEPARATOR.join(c for c in f.choices if c in items)  # canonical order, no repeats
    return value


def display(f: Field, value: Any, *, masked: bool = True) -> str:
    """How a value reads in a list, an export cell or the audit log."""
    if value is None or value == "":
        return ""
    if f.secret:
        return "******"
    if f.kind is Kind.BOOL:
        return "是" if value else "否"
    if f.kind is Kind.MONEY:
        return format_money(value)
    if f.kind is Kind.DATETIME and isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if f.kind is Kind.DATE and isinstance(value, date):
        return value.isoformat()
    if f.kind is Kind.REF:
        return str(getattr(value, "name", value))
    text = str(value)
    if masked and f.mask == "phone":
        return mask_phone(text)
    if masked and f.mask == "id":
        return mask_id(text)
    return text
