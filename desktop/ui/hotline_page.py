"""The hotline ticket page: the generic register page plus the repeat-caller warning with links and completers
for frequent callers, phones and addresses."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QCompleter, QWidget

from desktop.domain.errors import DomainError
from desktop.registers import REGISTERS, Actor
from desktop.registers.hotline import REPEAT_WINDOW_DAYS, repeat_calls
from desktop.registers.suggestions import frequent_values
from desktop.registers.values import parse_datetime
from desktop.ui.register_page import RegisterPage


class HotlinePage(RegisterPage):
    def __init__(self, actor: Actor, parent: QWidget | None = None):
        super().__init__(REGISTERS["hotline"], actor, parent)
        self._repeat_timer = QTimer(self)
        self._repeat_timer.setSingleShot(True)
        self._repeat_timer.setInterval(400)
        self._repeat_timer.timeout.connect(self.check_repeat_caller)
        self.form.editors["phone"].changed.connect(self._repeat_timer.start)
        self.form.banner.setOpenExternalLinks(False)
        self.form.banner.linkActivated.connect(self._on_banner_link_activated)
        self.completers: dict[str, QCompleter] = {}
        self.reload_completers()

    def reload_completers(self) -> None:
        """Frequent callers, their phones and addresses complete as the operator types (any part matches)."""
        for name in ("caller", "phone", "address"):
            completer = QCompleter(frequent_values(self.register, name), self)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            self.form.editors[name].edit.setCompleter(completer)
            self.completers[name] = completer

    def save(self, open_new: bool = False) -> bool:
        saved = super().save(open_new)
        if saved:
            self.reload_completers()
        return saved

    def check_repeat_caller(self) -> None:
        """Warn while typing when the same phone called in the last 30 days, with a link to each ticket."""
        phone = str(self.form.editors["phone"].raw() or "").strip()
        try:
            called = parse_datetime(self.form.editors["called_at"].raw())
        except DomainError:
            return
        earlier = repeat_calls(phone, called, exclude_id=self.form.record_id) if len(phone) >= 5 else []
        if not earlier:
            return
        links = "、".join(f'<a href="{t.id}">{t.number}</a>' for t in earlier[:5])
        self.form.show_banner(
            f"该号码{REPEAT_WINDOW_DAYS}天内曾来电{len(earlier)}次：{links}。"
            "如为同一诉求，请在“关联工单”中填写工单编号。"
        )

    def _on_banner_link_activated(self, link: str) -> None:
        if link.isdigit() and self._confirm_discard():
            self.open_record(int(link))
