"""The records behind each cell of the official tables 二, 三 and 四 of a year: (register key, condition) for the
register's list, the same selection as `figures.table2/3/4` count (tests check every cell against its list)."""

from __future__ import annotations

import peewee as pw

from desktop.db.models import AppealCase, DisclosureRequest, EnforcementFigure, NormativeDocument, WindowCase
from desktop.domain import vocab
from desktop.domain.outcomes import OUTCOMES
from desktop.report.figures import T3_KEYS, Period

D, A, N = DisclosureRequest, AppealCase, NormativeDocument
_CHOICE = {o.key: o.choice for o in OUTCOMES}


def _live(model: type[pw.Model]) -> pw.Expression:
    return model.voided == False  # noqa: E712


def table3_records(year: int, row: int, column: int) -> tuple[str, pw.Expression]:
    """Row `row` (0…24, in T3_KEYS order) and column `column` (0…5 the requester kinds, 6 总计) of table 三."""
    p = Period(year)
    key = T3_KEYS[row]
    concluded = (D.status == "已办结") & D.reply_date.is_null(False)
    known = D.applicant_type.in_(vocab.REQUESTER_KINDS)
    condition = _live(D) & known & (D.received_date <= p.last)
    if column < 6:
        condition &= D.applicant_type == vocab.REQUESTER_KINDS[column]
    replied_in_year = concluded & (D.reply_date >= p.first) & (D.reply_date <= p.last)
    if key == "new":
        condition &= D.received_date >= p.first
    elif key == "carried_in":
        condition &= (D.received_date < p.first) & (~concluded | (D.reply_date >= p.first))
    elif key == "r7_total":
        condition &= replied_in_year & D.outcome.in_(list(_CHOICE.values()))
    elif key == "carried_out":
        condition &= ~concluded | (D.reply_date > p.last)
    else:
        condition &= replied_in_year & (D.outcome == _CHOICE[key])
    return "disclosure", condition


def table4_records(year: int, cell: int) -> tuple[str, pw.Expression]:
    """Cell `cell` (0…14: three groups of 结果维持, 结果纠正, 其他结果, 尚未审结, 总计) of table 四."""
    p = Period(year)
    group, column = divmod(cell, 5)
    counted = (A.filed_date <= p.last) & (
        (A.filed_date >= p.first) | A.closed_date.is_null() | (A.closed_date >= p.first)
    )
    condition = _live(A) & counted & (A.case_type == vocab.APPEAL_KINDS[group])
    decided = A.closed_date.is_null(False) & (A.closed_date <= p.last) & A.result.in_(vocab.APPEAL_RESULTS)
    result = vocab.APPEAL_RESULTS[column] if column < 4 else None
    if result == "尚未审结":
        condition &= ~decided | (A.result == "尚未审结")
    elif result is not None:
        condition &= decided & (A.result == result)
    return "appeals", condition


def table2_records(year: int, kind: str, column: int = 0) -> tuple[str, pw.Expression]:
    """Row `kind` of table 二: a NORMATIVE_KINDS row's 本年制发 (0), 本年废止 (1), 现行有效 (2); an ENFORCEMENT_KINDS
    row's 处理决定 / 收费: the figures entered by hand when there are any, else the window cases they come from."""
    p = Period(year)
    if kind in vocab.NORMATIVE_KINDS:
        mine = _live(N) & (N.category == kind)
        if column == 0:
            return "normative", mine & p.dates(N.issued_date)
        if column == 1:
            return "normative", mine & p.dates(N.repealed_date)
        in_force = (N.issued_date <= p.last) & (N.repealed_date.is_null() | (N.repealed_date > p.last))
        return "normative", mine & in_force
    entered = _live(EnforcementFigure) & (EnforcementFigure.year == year) & (EnforcementFigure.category == kind)
    if EnforcementFigure.select().where(entered).exists() or kind not in ("行政许可", "行政事业性收费"):
        return "enforcement", entered
    W = WindowCase
    done = _live(W) & (W.status == "办结") & p.times(W.concluded_at)
    if kind == "行政许可":
        return "window", done & (W.category == "审批类")
    return "window", done & (W.fee != 0)
