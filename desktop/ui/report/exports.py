"""The 年度报告 page's exports: the PDF (as `zwgk report` writes it) and tables 二/三/四 to Excel, in the background."""

from __future__ import annotations

import copy
from functools import partial
from pathlib import Path

import shiboken6
from PySide6.QtWidgets import QFileDialog

from desktop.report.excel_tables import export_report_tables
from desktop.ui.background import run_in_background
from desktop.ui.errors import error_dialog
from desktop.ui.report.preview import write_pdf


class ExportActions:
    """Mixed into ReportPage, whose session, is_dirty(), save() and show_message() it uses."""

    def _suggested_name(self, suffix: str) -> str:
        return str(Path.home() / f"{self.session.year}年政府信息公开工作年度报告{suffix}")

    def _on_pdf_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "导出PDF", self._suggested_name(".pdf"), "PDF 文件 (*.pdf)")
        if path:
            self.export_pdf_to(path if path.lower().endswith(".pdf") else path + ".pdf")

    def export_pdf_to(self, path: str | Path) -> None:
        """The PDF `zwgk report` would write: unsaved edits are saved first, so the file is the stored report.

        The database is read here on the GUI thread; the worker only lays out the pages.
        """
        if self.is_dirty() and not self.save():
            return
        figures, narrative, fmt = self.session.stored_input()
        work = partial(write_pdf, figures, narrative, fmt, str(path))
        run_in_background(
            work,
            lambda pages: self._on_export_done(f"已导出PDF（共 {pages} 页）：{path}"),
            partial(self._on_export_failed, path),
            self,
            label="正在生成PDF…",
        )

    def _on_excel_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "导出表格到Excel", self._suggested_name("（表格）.xlsx"), "Excel 工作簿 (*.xlsx)"
        )
        if path:
            self.export_tables_to(path if path.lower().endswith(".xlsx") else path + ".xlsx")

    def export_tables_to(self, path: str | Path) -> None:
        """Tables 二/三/四 with the figures shown (a 定稿 report's frozen ones) to an .xlsx file."""
        title = self.session.printed_title()
        work = partial(export_report_tables, copy.deepcopy(self.session.figures), str(path), title)
        run_in_background(
            work,
            lambda _: self._on_export_done(f"已导出表二、表三、表四到：{path}"),
            partial(self._on_export_failed, path),
            self,
            label="正在导出表格…",
        )

    def _on_export_done(self, message: str) -> None:
        if shiboken6.isValid(self):
            self.show_message(message)

    def _on_export_failed(self, path: str | Path, exc: BaseException, details: str) -> None:
        if not shiboken6.isValid(self):
            return
        if isinstance(exc, OSError):
            message = f"无法写入文件“{path}”。如果该文件已在其他程序中打开，请先关闭后再导出。"
        else:
            message = f"导出失败：{exc}"
        self.show_message(message, error=True)
        error_dialog(self, message, details, title="导出失败")
