"""How an indicator is printed (screen, Excel, PDF): rates as percentages with two decimals, — for a zero
denominator (spec §7), money in 元, working days with two decimals."""

from __future__ import annotations

from typing import Any

RATE_WORDS = ("率", "比例")
MONEY = ("收费", "收费通知金额")


def is_rate(name: str) -> bool:
    return any(w in name for w in RATE_WORDS) and "排名" not in name


def format_value(name: str, value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return "、".join(map(str, value)) or "无"
    if is_rate(name) and isinstance(value, int | float):
        return f"{value * 100:.2f}%"
    if name in MONEY:
        return f"{value:,.2f}元"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)
