"""The “插入数字” menu: every named figure with its current value, grouped as a clerk thinks of them."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMenu, QWidget

from desktop.report.narrative import format_figure
from desktop.report.templates import BODY_NAME, DERIVED, SHORT_NAME, SUPPLEMENTARY

BASIC, WINDOW, CONTACTS, HOTLINE, PROACTIVE, REQUESTS, FEES, SENTENCES, SUPPLEMENTS, OTHER = (
    "基本信息",
    "政务服务中心窗口",
    "咨询与留言",
    "政务服务热线",
    "主动公开与网站",
    "依申请公开与复议诉讼",
    "信息处理费",
    "成段文字（随数字自动变化）",
    "补充数字（手工填写）",
    "其他",
)
GROUPS = (BASIC, WINDOW, CONTACTS, HOTLINE, PROACTIVE, REQUESTS, FEES, SENTENCES, SUPPLEMENTS, OTHER)
MAX_VALUE_CHARS = 18


def group_of(name: str) -> str:
    """The menu a figure is listed under; names added later fall into 其他 rather than a wrong group."""
    if name in DERIVED:
        return SENTENCES
    if name in SUPPLEMENTARY:
        return SUPPLEMENTS
    if name in ("年度", BODY_NAME, SHORT_NAME):
        return BASIC
    if "咨询" in name or name in ("表扬留言数", "投诉人次", "建议人次"):
        return CONTACTS
    if name.startswith("热线"):
        return HOTLINE
    if name.startswith(("主动公开", "财政资金", "民生领域", "网站")):
        return PROACTIVE
    if "收费通知" in name or "信息处理费" in name:
        return FEES
    if name.startswith(("依申请公开", "上年结转", "结转下年度", "行政复议", "行政诉讼")):
        return REQUESTS
    if any(k in name for k in ("窗口", "办件", "办结", "评价", "满意", "差评", "省网上", "委托")):
        return WINDOW
    return OTHER


def value_text(value: object) -> str:
    text = format_figure(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


class FiguresMenu(QMenu):
    """Emits `picked(name)`; rebuilt with `set_values` whenever the figures change."""

    picked = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__("插入数字", parent)
        self.setToolTipsVisible(True)
        self.names: list[str] = []

    def set_values(self, values: Mapping[str, object]) -> None:
        self.clear()
        shown = dict(values)
        for name in SUPPLEMENTARY:  # listed even before they are filled in, so a clerk finds them
            shown.setdefault(name, None)
        self.names = list(shown)
        grouped: dict[str, list[str]] = {g: [] for g in GROUPS}
        for name in shown:
            grouped[group_of(name)].append(name)
        for group in GROUPS:
            names = grouped[group]
            if not names:
                continue
            sub = self.addMenu(group)
            sub.setToolTipsVisible(True)
            for name in names:
                value = shown[name]
                label = f"{name}　＝　{value_text(value)}" if value is not None else f"{name}　（尚未填写）"
                action = sub.addAction(label)
                action.setData(name)
                tip = SUPPLEMENTARY.get(name, "")
                if value is not None and len(format_figure(value)) > MAX_VALUE_CHARS:
                    tip = format_figure(value)
                action.setToolTip(f"插入 {{{name}}}" + (f"：{tip}" if tip else ""))
                action.triggered.connect(lambda _=False, n=name: self.picked.emit(n))

    def action_for(self, name: str):
        for sub in self.actions():
            menu = sub.menu()
            for action in menu.actions() if menu else []:
                if action.data() == name:
                    return action
        return None


__all__ = ["FiguresMenu", "group_of", "GROUPS"]
