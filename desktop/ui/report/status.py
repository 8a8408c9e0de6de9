"""The 年度报告 page's status line: 草稿 or 定稿 (by whom, when), saved or not, read-only, unsaved edits."""

from __future__ import annotations

from desktop.report.session import ReportSession

GREEN, AMBER, RED = "#2e7d32", "#a15c00", "#c62828"


def status_html(session: ReportSession) -> str:
    report = session.report
    if report.final:
        when = f"{report.frozen_at:%Y-%m-%d %H:%M}" if report.frozen_at else ""
        text = (
            f"<b style='color:{GREEN}'>定稿</b>　由 {report.frozen_by} 于 {when} 定稿；"
            "报告使用定稿时固定的数字，修改台账不会改变它。"
        )
        if session.can_reopen:
            text += "如需修改，请“重新打开…”。"
    else:
        # Not the version number: the first save stores version 2 (the row is created at 1), which reads oddly.
        saved = "已保存" if report.version else "尚未保存（默认文本）"
        text = f"<b style='color:{AMBER}'>草稿</b>　{saved}；数字随台账实时计算。"
        if not session.can_edit:
            text += "（只读）"
    if session.is_dirty():
        text += f"　<b style='color:{RED}'>● 有未保存的修改</b>"
    return text


__all__ = ["GREEN", "AMBER", "RED", "status_html"]
