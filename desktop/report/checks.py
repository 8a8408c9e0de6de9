"""Checks before printing (spec §9): hard errors block 定稿, warnings are shown; each names the cells involved."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from desktop.report.labels import (
    FORMAT_2021,
    SECTION_TITLES,
    T2_BLOCKS,
    T2_FEE_ROW,
    T3_COLUMNS,
    T3_OUTCOME_KEYS,
    T3_ROW_INDEX,
    T3_ROW_KEYS,
    T4_COLUMNS,
    T4_GROUPS,
    t3_row_label,
    t4_group_label,
)
from desktop.report.narrative import Narrative, unknown_placeholders
from desktop.report.templates import SUPPLEMENTARY, missing_for_derived, text_values

MISSING_OUTCOME_KEY = "无办理结果的已办结申请"  # register numbers of concluded requests without 办理结果
MANUAL_KEY = "手工录入"  # names of figures typed in by hand

ERROR: Literal["error"] = "error"
WARNING: Literal["warning"] = "warning"

# A cell is named by its table and the labels a clerk sees: ('table3', 'r3_4', '科研机构'),
# ('table4', '复议后起诉', '总计'), ('table2', '规章', '本年制发件数'), ('figure', '窗口办件数'), ('text', where).
CellRef = tuple[Any, ...]


@dataclass(frozen=True)
class Check:
    """One finding: `level` 'error' blocks 定稿, 'warning' only informs; `code` is stable for the UI."""

    level: Literal["error", "warning"]
    message: str
    cells: tuple[CellRef, ...] = field(default_factory=tuple)
    code: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "message": self.message, "cells": [list(c) for c in self.cells], "code": self.code}


def has_errors(checks: Iterable[Check]) -> bool:
    """True when any check blocks 定稿."""
    return any(c.level == ERROR for c in checks)


def check_report(
    figures: Mapping[str, Any],
    narrative: Narrative | None = None,
    *,
    previous_carried_out: Sequence[int] | None = None,
    extra: Iterable[Check] = (),
) -> list[Check]:
    """All checks, errors first; `extra` are the caller's own (overdue requests, figures typed by hand …)."""
    found: list[Check] = []
    found += check_table2(figures.get("table2"))
    t3_errors = check_table3(figures.get("table3"))
    found += t3_errors
    found += check_table4(figures.get("table4"))
    if narrative is not None:
        found += check_narrative(narrative, figures)
    if previous_carried_out is not None and not t3_errors:
        found += check_carry_over(figures["table3"], previous_carried_out)
    if not t3_errors:
        found += check_fee_mentions(figures)
    # Lists the figures code hands over beside the numbers (see figures.compute_figures).
    if figures.get(MISSING_OUTCOME_KEY):
        found.append(missing_outcome_error(list(figures[MISSING_OUTCOME_KEY])))
    if figures.get(MANUAL_KEY):
        found.append(manual_figures_warning(list(figures[MANUAL_KEY])))
    found += list(extra)
    return sorted(found, key=lambda c: c.level != ERROR)


def _is_count(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def _bad_cell(table: str, cell: CellRef, value: object) -> Check:
    return Check(ERROR, f"{_describe(cell)}应为非负整数，现为“{value}”。", (cell,), f"{table}_type")


def _describe(cell: CellRef) -> str:
    table, *rest = cell
    if table == "table3":
        return f"表三“{t3_row_label(rest[0])}”行“{rest[1]}”列"
    if table in ("table2", "table4"):
        return f"表{'二' if table == 'table2' else '四'}“{rest[0]}”的“{rest[1]}”"
    return "、".join(str(r) for r in rest)


def check_table2(t2: Mapping[str, Sequence[Any]] | None) -> list[Check]:
    """Table 二: counts are non-negative integers; the fee is a non-negative 万元 amount."""
    if not isinstance(t2, Mapping):
        return [Check(ERROR, "缺少表二（主动公开政府信息情况）的数据。", (("table2",),), "table2_missing")]
    found = []
    for _caption, header, rows in T2_BLOCKS:
        columns = header[1:]
        for row in rows:
            values = list(t2.get(row) or [])
            if len(values) != len(columns):
                found.append(
                    Check(
                        ERROR,
                        f"表二“{row}”应有{len(columns)}个数，现有{len(values)}个。",
                        (("table2", row),),
                        "table2_shape",
                    )
                )
                continue
            for col, value in zip(columns, values, strict=True):
                cell = ("table2", row, col)
                if row == T2_FEE_ROW:
                    try:
                        ok = Decimal(str(value)) >= 0
                    except InvalidOperation:
                        ok = False
                    if not ok:
                        found.append(
                            Check(ERROR, f"表二“{row}”的金额应为非负的万元数，现为“{value}”。", (cell,), "table2_type")
                        )
                elif not _is_count(value):
                    found.append(_bad_cell("table2", cell, value))
    return found


def check_table3(t3: Sequence[Sequence[Any]] | None) -> list[Check]:
    """Table 三: shape and types, then 一+二=（七）+四 per column, （七）= sum of rows, 总计 = sum of columns."""
    if not isinstance(t3, Sequence) or len(t3) != len(T3_ROW_KEYS) or any(len(r) != len(T3_COLUMNS) for r in t3):
        return [Check(ERROR, "表三应有25行、每行7列的数。", (("table3",),), "table3_shape")]
    found = [
        _bad_cell("table3", ("table3", key, col), t3[i][j])
        for i, key in enumerate(T3_ROW_KEYS)
        for j, col in enumerate(T3_COLUMNS)
        if not _is_count(t3[i][j])
    ]
    if found:
        return found
    row = {key: t3[i] for i, key in enumerate(T3_ROW_KEYS)}
    for j, col in enumerate(T3_COLUMNS):
        new, carried_in = row["new"][j], row["carried_in"][j]
        total, carried_out = row["r7_total"][j], row["carried_out"][j]
        if new + carried_in != total + carried_out:
            found.append(
                Check(
                    ERROR,
                    f"表三“{col}”列：一（{new}）加二（{carried_in}）之和为{new + carried_in}，"
                    f"不等于三（七）总计（{total}）加四（{carried_out}）之和{total + carried_out}。",
                    tuple(("table3", k, col) for k in ("new", "carried_in", "r7_total", "carried_out")),
                    "table3_balance",
                )
            )
        outcomes = sum(row[k][j] for k in T3_OUTCOME_KEYS)
        if outcomes != total:
            found.append(
                Check(
                    ERROR,
                    f"表三“{col}”列：（七）总计为{total}，但（一）至（六）各行之和为{outcomes}。",
                    tuple(("table3", k, col) for k in [*T3_OUTCOME_KEYS, "r7_total"]),
                    "table3_outcome_total",
                )
            )
    for i, key in enumerate(T3_ROW_KEYS):
        parts = sum(t3[i][:-1])
        if parts != t3[i][-1]:
            found.append(
                Check(
                    ERROR,
                    f"表三“{t3_row_label(key)}”行：总计为{t3[i][-1]}，但自然人至其他各列之和为{parts}。",
                    tuple(("table3", key, col) for col in T3_COLUMNS),
                    "table3_row_total",
                )
            )
    return found


def check_table4(t4: Sequence[Any] | None) -> list[Check]:
    """Table 四: 15 non-negative integers; each group's 总计 is the sum of its four results."""
    if not isinstance(t4, Sequence) or len(t4) != len(T4_GROUPS) * len(T4_COLUMNS):
        return [Check(ERROR, "表四应有15个数。", (("table4",),), "table4_shape")]
    width = len(T4_COLUMNS)
    found = [
        _bad_cell("table4", ("table4", t4_group_label(g), col), t4[g * width + j])
        for g in range(len(T4_GROUPS))
        for j, col in enumerate(T4_COLUMNS)
        if not _is_count(t4[g * width + j])
    ]
    if found:
        return found
    for g in range(len(T4_GROUPS)):
        cells = t4[g * width : (g + 1) * width]
        label = t4_group_label(g)
        if sum(cells[:-1]) != cells[-1]:
            found.append(
                Check(
                    ERROR,
                    f"表四“{label}”：总计为{cells[-1]}，但结果维持、结果纠正、其他结果、尚未审结之和为{sum(cells[:-1])}。",
                    tuple(("table4", label, col) for col in T4_COLUMNS),
                    "table4_group_total",
                )
            )
    return found


def check_narrative(narrative: Narrative, figures: Mapping[str, Any]) -> list[Check]:
    """Unknown placeholders (naming the closest valid names) and, in the 2021 format, the fixed headings."""
    values = text_values(figures, narrative.body_name, narrative.short_name)
    found = []
    for err in unknown_placeholders(narrative, values):
        missing = missing_for_derived(err.name, values)
        message = err.message
        if missing:
            message = f"{{{err.name}}}（{err.where}）需要数字：{'、'.join(missing)}，但没有提供。"
        elif err.name in SUPPLEMENTARY:
            message = f"{{{err.name}}}（{err.where}）是补充数字（{SUPPLEMENTARY[err.name]}），请填写后再定稿。"
        found.append(Check(ERROR, message, (("text", err.where, err.name),), "unknown_placeholder"))
    if narrative.fmt == FORMAT_2021:
        for i, official in enumerate(SECTION_TITLES):
            typed = narrative.sections[i].heading if i < len(narrative.sections) else ""
            if typed != official:
                found.append(
                    Check(
                        WARNING,
                        f"第{i + 1}部分标题应为“{official}”，打印时使用正式标题。",
                        (("text", official),),
                        "heading",
                    )
                )
    return found


def check_carry_over(t3: Sequence[Sequence[int]], previous_carried_out: Sequence[int]) -> list[Check]:
    """二、上年结转 should equal last year's frozen 四、结转下年度继续办理, column by column."""
    carried_in = t3[T3_ROW_INDEX["carried_in"]]
    found = []
    for j, col in enumerate(T3_COLUMNS):
        before = previous_carried_out[j] if j < len(previous_carried_out) else None
        if before is not None and before != carried_in[j]:
            found.append(
                Check(
                    WARNING,
                    f"表三“{col}”列：上年结转{carried_in[j]}件，与上年度定稿报告的结转下年度{before}件不一致。",
                    (("table3", "carried_in", col),),
                    "carry_over",
                )
            )
    return found


def check_fee_mentions(figures: Mapping[str, Any]) -> list[Check]:
    """Requests closed for unpaid fees imply fee notices (spec §9 rule 10)."""
    unpaid = figures["table3"][T3_ROW_INDEX["r6_2"]][-1]
    notices = figures.get("收费通知件数")
    if unpaid > 0 and isinstance(notices, int) and notices == 0:
        return [
            Check(
                WARNING,
                f"表三（六）2有{unpaid}件因逾期未缴费不再处理，但本年度没有登记信息处理费收费通知。",
                (("table3", "r6_2", "总计"), ("figure", "收费通知件数")),
                "fee_notices",
            )
        ]
    return []


def overdue_requests_warning(numbers: Sequence[str]) -> Check:
    """Open requests past their legal deadline, named by their register numbers."""
    shown = "、".join(numbers[:10]) + (f"等{len(numbers)}件" if len(numbers) > 10 else "")
    return Check(WARNING, f"有{len(numbers)}件未办结的依申请公开申请已超过法定期限：{shown}。", (), "overdue")


def manual_figures_warning(names: Sequence[str]) -> Check:
    """Figures typed in by hand instead of computed from the registers."""
    t2_rows = {row for _caption, _header, rows in T2_BLOCKS for row in rows}
    cells = tuple(("table2", n) if n in t2_rows else ("figure", n) for n in names)
    return Check(WARNING, f"以下数字为手工填写，未由台账计算：{'、'.join(names)}。", cells, "manual_figures")


def missing_outcome_error(numbers: Sequence[str]) -> Check:
    """Concluded requests without a 办理结果: they would be missing from table 三."""
    shown = "、".join(numbers[:10]) + (f"等{len(numbers)}件" if len(numbers) > 10 else "")
    return Check(ERROR, f"有{len(numbers)}件已办结的申请没有填写办理结果：{shown}。", (), "missing_outcome")
