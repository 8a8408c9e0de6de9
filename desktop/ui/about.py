"""帮助 → 关于: version, database, data folder, report fonts in use and the licences of everything bundled."""

from __future__ import annotations

import html
import platform
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME, __version__
from desktop.resources import resources_dir
from desktop.ui.icon import app_icon


@dataclass(frozen=True)
class Component:
    """One bundled third-party part: what it is for, its version, its licence and where the text is."""

    name: str
    use: str
    version: str
    licence: str
    text: str  # licence file, relative to the resources folder


def _version(dist: str, module: str, attribute: str = "__version__") -> str:
    """The installed version; the module's own attribute when the frozen app lacks the package metadata."""
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        try:
            return str(getattr(__import__(module), attribute))
        except (ImportError, AttributeError):
            return ""


def components() -> list[Component]:
    """The libraries, data and fonts shipped with the app, as listed in resources/licenses/README.md."""
    import PySide6

    pkgs = "licenses/python-packages"
    parts = [
        Component("Qt", "图形界面", qVersion(), "LGPL-3.0", "licenses/LGPL-3.0.txt"),
        Component("PySide6", "Qt 的 Python 接口", PySide6.__version__, "LGPL-3.0", "licenses/LGPL-3.0.txt"),
        Component("Python", "运行环境", platform.python_version(), "PSF License", "licenses/Python-PSF.txt"),
        Component(
            "reportlab", "生成报告 PDF", _version("reportlab", "reportlab", "Version"), "BSD", f"{pkgs}/reportlab"
        ),
        Component("pillow", "reportlab 的图像支持", _version("pillow", "PIL"), "MIT-CMU", f"{pkgs}/pillow"),
        Component(
            "charset-normalizer",
            "reportlab 的文本编码识别",
            _version("charset-normalizer", "charset_normalizer"),
            "MIT",
            f"{pkgs}/charset-normalizer",
        ),
        Component("peewee", "数据库访问", _version("peewee", "peewee"), "MIT", f"{pkgs}/peewee"),
        Component("openpyxl", "Excel 导入导出", _version("openpyxl", "openpyxl"), "MIT", f"{pkgs}/openpyxl"),
        Component(
            "python-calamine",
            "快速读取 Excel 导入文件",
            _version("python-calamine", "python_calamine"),
            "MIT",
            f"{pkgs}/python-calamine",
        ),
        Component(
            "platformdirs", "数据文件夹位置", _version("platformdirs", "platformdirs"), "MIT", f"{pkgs}/platformdirs"
        ),
        Component("argon2-cffi", "密码哈希", _version("argon2-cffi", "argon2"), "MIT", f"{pkgs}/argon2-cffi"),
        Component("chinese-calendar", "节假日安排数据", "1.11.0", "MIT", "licenses/chinese-calendar-MIT.txt"),
    ]
    postgres = _version("psycopg2-binary", "psycopg2")
    if postgres:  # only in builds with the `pg` extra
        parts.append(
            Component(
                "psycopg2-binary",
                "连接 PostgreSQL 服务器",
                postgres.split()[0],
                "LGPL-3.0（附例外）",
                f"{pkgs}/psycopg2-binary",
            )
        )
    try:
        from desktop.report.fonts import get_fonts

        seen: set[Path] = set()
        for choice in get_fonts(use_system=False).roles.values():
            if choice.path not in seen:
                seen.add(choice.path)
                licence, _, text = choice.licence.partition("（")
                parts.append(
                    Component(choice.family, "报告字体（随程序附带）", "", licence, "fonts/" + text.rstrip("）"))
                )
    except Exception:
        pass
    parts.append(Component("程序图标", "窗口、安装程序、快捷方式", "", "本项目原创，与本程序相同", "icons/README.md"))
    return parts


def font_lines() -> list[str]:
    """The report font per role on this PC (system or bundled), or why there is none."""
    try:
        from desktop.report.fonts import get_fonts

        return get_fonts().describe()
    except Exception as exc:
        return [f"报告字体不可用：{exc}"]


def _program_dir() -> Path:
    return Path(sys.executable).parent if getattr(sys, "frozen", False) else resources_dir().parent


def about_text(database_label: str) -> str:
    """Everything the dialog shows, as plain text for the clipboard (what IT staff paste into a support request)."""
    from desktop.db.connection import data_dir

    lines = [
        f"{APP_NAME} {__version__}",
        f"数据库：{database_label}",
        f"数据文件夹：{data_dir()}",
        f"程序文件夹：{_program_dir()}",
        f"系统：{platform.platform()}",
        "",
        "报告字体：",
    ]
    lines += [f"  {line}" for line in font_lines()]
    lines += ["", "第三方组件与许可："]
    lines += [f"  {c.name}{' ' + c.version if c.version else ''}（{c.use}）：{c.licence}" for c in components()]
    return "\n".join(lines)


class AboutDialog(QDialog):
    """The about box: a header with the icon and version, then the details in a selectable text view."""

    def __init__(self, database_label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.database_label = database_label
        self.setWindowTitle(f"关于 {APP_NAME}")
        self.resize(760, 580)
        icon = QLabel(self)
        icon.setPixmap(app_icon().pixmap(72, 72))
        title = QLabel(
            f"<h2 style='margin:0'>{APP_NAME}</h2><p style='margin:4px 0'>版本 {__version__}</p>"
            "<p style='margin:0;color:#555'>开发区政务服务中心、热线与政府信息公开的登记台账和年度报告</p>",
            self,
        )
        header = QHBoxLayout()
        header.addWidget(icon)
        header.addWidget(title, 1)
        self.details = QTextBrowser(self)
        self.details.setOpenLinks(False)  # offline PCs: nothing to follow
        self.details.setHtml(self._details_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = QPushButton("复制以上信息", self)
        copy.clicked.connect(self._on_copy_clicked)
        licences = QPushButton("打开许可文件夹", self)
        licences.clicked.connect(self._on_licences_clicked)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(licences, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    def _details_html(self) -> str:
        from desktop.db.connection import data_dir

        def esc(value: object) -> str:
            return html.escape(str(value))

        rows = [
            ("数据库", self.database_label),
            ("数据文件夹", f"{data_dir()}（日志、备份；卸载程序时保留）"),
            ("程序文件夹", _program_dir()),
            ("许可文本", resources_dir() / "licenses"),
            ("运行环境", f"Python {platform.python_version()}，Qt {qVersion()}，{platform.platform()}"),
        ]
        parts = ["<h3>本机</h3><table cellspacing='0' cellpadding='3'>"]
        parts += [f"<tr><td style='white-space:nowrap'><b>{esc(k)}</b></td><td>{esc(v)}</td></tr>" for k, v in rows]
        parts.append("</table><h3>报告字体（当前使用）</h3><ul>")
        parts += [f"<li>{esc(line)}</li>" for line in font_lines()]
        parts.append(
            "</ul><h3>第三方组件与许可</h3>"
            "<table border='1' cellspacing='0' cellpadding='3' style='border-color:#ccc'>"
            "<tr><th>组件</th><th>版本</th><th>用途</th><th>许可</th><th>许可文本</th></tr>"
        )
        parts += [
            f"<tr><td>{esc(c.name)}</td><td>{esc(c.version)}</td><td>{esc(c.use)}</td>"
            f"<td>{esc(c.licence)}</td><td>{esc(c.text)}</td></tr>"
            for c in components()
        ]
        parts.append(
            "</table><p>Qt 以独立的动态库随附，可按 LGPL 第3版的规定替换。Qt 源代码见 https://download.qt.io/ 。</p>"
        )
        return "".join(parts)

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(about_text(self.database_label))

    def _on_licences_clicked(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(resources_dir() / "licenses")))


def show_about(parent: QWidget | None, database_label: str) -> None:
    """Open the about box (modal) over `parent`."""
    dialog = AboutDialog(database_label, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.exec()
