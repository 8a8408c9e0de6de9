"""The statistics settings dialog (管理员 and 公开办): 满意率口径 and the local 差评 and 即将到期 deadlines, stored as
`Setting` rows by `report.stats.settings.save_settings` (the same as `zwgk stats --set`)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QMessageBox, QSpinBox, QWidget

from desktop.domain.errors import DomainError
from desktop.report.stats.settings import SATISFIED_NARROW, SATISFIED_WIDE, load_settings, save_settings

_DAYS = ("差评核实工作日", "差评整改工作日", "差评反馈工作日", "即将到期工作日")


class StatsSettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("统计设置")
        current = load_settings()
        self.form = QFormLayout(self)
        self.satisfied = QComboBox(self)
        self.satisfied.addItems([SATISFIED_WIDE, SATISFIED_NARROW])
        self.satisfied.setCurrentText(current.满意率口径)
        self.satisfied.setToolTip("宽口径：非常满意、满意、基本满意；窄口径：非常满意、满意")
        self.form.addRow("满意率口径", self.satisfied)
        self.days: dict[str, QSpinBox] = {}
        for name in _DAYS:
            spin = QSpinBox(self)
            spin.setRange(0, 60)
            spin.setSuffix(" 个工作日")
            spin.setValue(getattr(current, name))
            self.days[name] = spin
            self.form.addRow(name.removesuffix("工作日"), spin)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.form.addRow(buttons)

    def save(self) -> None:
        try:
            save_settings(满意率口径=self.satisfied.currentText(), **{k: s.value() for k, s in self.days.items()})
        except DomainError as exc:
            QMessageBox.warning(self, "统计设置", exc.message)
            return
        self.accept()
