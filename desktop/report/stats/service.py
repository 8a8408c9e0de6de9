"""The statistics of a period for one actor: the four sections of the issue (窗口办件, 好差评, 热线工单, 依申请公开,
with 复议诉讼 folded into the last), the drill-down to the records behind a number, the check against table 三,
and the JSON of `zwgk stats --json`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import peewee as pw

from desktop.registers.base import Actor
from desktop.registers.calendar import current_calendar
from desktop.report.charts import TREND, trend_names
from desktop.report.stats.disclosure import APPEAL_STATS, DISCLOSURE_STATS, GROUPS
from desktop.report.stats.drill import ANY, records
from desktop.report.stats.engine import Ctx, RegisterStats, Result, collect, compute
from desktop.report.stats.hotline import HOTLINE_STATS
from desktop.report.stats.period import Span
from desktop.report.stats.settings import StatsSettings, load_settings
from desktop.report.stats.window import RATING_STATS, WINDOW_STATS

SECTIONS: dict[str, tuple[RegisterStats, ...]] = {
    "窗口办件": (WINDOW_STATS,),
    "好差评": (RATING_STATS,),
    "热线工单": (HOTLINE_STATS,),
    "依申请公开": (DISCLOSURE_STATS, APPEAL_STATS),
}


@dataclass
class Statistics:
    span: Span
    ctx: Ctx
    results: dict[str, Result]
    checks: list[dict[str, Any]]  # 与表三核对 (calendar years only)
    trends: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # 近12个月 of a short period

    def owner(self, section: str, name: str) -> RegisterStats:
        for defn in SECTIONS[section]:
            if any(it.name == name for it in defn.items):
                return defn
        raise KeyError(f"{section}没有指标“{name}”")

    def records(
        self,
        section: str,
        name: str,
        month: str | None = None,
        dimension: str | None = None,
        key: Any = ANY,
        part: str = "num",
    ) -> tuple[str, pw.Expression]:
        """(register key, condition) of exactly the records behind a number: `month` is a `YYYY-MM` of the 按月
        table; `dimension` and `key` a row of a breakdown (`key_of` gives the key of a row)."""
        defn = self.owner(section, name)
        span = self.span
        if month is not None:  # a month of 按月, or of the 近12个月 trend before the period
            span = dict(self.span.months()).get(month) or Span.of_month(int(month[:4]), int(month[5:7]))
        return defn.register, records(defn, name, self.ctx, span, dimension, key, part)

    def key_of(self, section: str, dimension: str, row: int) -> Any:
        return self.results[section].keys[dimension][row]


def compute_statistics(span: Span, actor: Actor | None = None, settings: StatsSettings | None = None) -> Statistics:
    ctx = Ctx(settings or load_settings(), current_calendar(), actor)
    results: dict[str, Result] = {}
    for section, (main, *companions) in SECTIONS.items():
        result = compute(main, ctx, span)
        for extra in companions:
            more = compute(extra, ctx, span)
            result.total.update(more.total)
            for row, other in zip(result.by_month, more.by_month, strict=True):
                row.update({k: v for k, v in other.items() if k != "月份"})
            for title, rows in more.breakdowns.items():
                if rows and title not in result.breakdowns:
                    result.breakdowns[f"{more.title}{title}"] = rows
                    result.keys[f"{more.title}{title}"] = more.keys[title]
            result.notes += more.notes
        results[section] = result
    checks = reconcile(results["依申请公开"], span) if _is_year(span) else []
    trends = {s: trend(SECTIONS[s][0], ctx, span) for s in SECTIONS} if len(span.months()) < 3 else {}
    for section, rows in trends.items():
        results[section].breakdowns[TREND] = rows
        results[section].keys[TREND] = [r["月份"] for r in rows]
    return Statistics(span, ctx, results, checks, trends)


def trend(defn: RegisterStats, ctx: Ctx, span: Span) -> list[dict[str, Any]]:
    """The trend line's counts for the twelve months ending with the period's month (bulletins chart 12–13 months
    even for a month): one grouped query per counting date, only the counts the line draws."""
    end = span.last
    year, month = (end.year, end.month - 11) if end.month == 12 else (end.year - 1, end.month + 1)
    whole = Span(Span.of_month(year, month).first, Span.of_month(end.year, end.month).last)
    names = trend_names_of(defn)
    buckets = collect(defn, ctx, whole, None, by_month=True, only=names)
    rows = []
    for m, _ in whole.months():
        b = buckets.get((None, m))
        rows.append({"月份": m, **{n: b.counts.get(n, 0) if b else 0 for n in names}})
    return rows


def trend_names_of(defn: RegisterStats) -> tuple[str, ...]:
    section = next(s for s, defns in SECTIONS.items() if defn in defns)
    return trend_names(section)


def _is_year(span: Span) -> bool:
    return span == Span.of_year(span.first.year)


def reconcile(result: Result, span: Span) -> list[dict[str, Any]]:
    """The spec's check rule for a calendar year: Σ monthly 新收 = table 三 row 一; Σ monthly 办结 per outcome
    group and each leaf row = table 三; 在办 at the end of December = 四、结转下年度继续办理."""
    from desktop.domain.outcomes import OUTCOMES
    from desktop.report.figures import T3_KEYS, Period, table3

    t3, _ = table3(Period(span.first.year))
    row = {k: t3[i][6] for i, k in enumerate(T3_KEYS)}
    months = result.by_month

    def check(label: str, ours: int, theirs: int) -> dict[str, Any]:
        return {"项目": label, "统计": ours, "表三": theirs, "一致": ours == theirs}

    out = [check("新收（各月之和）", sum(m["新收"] for m in months), row["new"])]
    out.append(check("办结（各月之和）", sum(m["办结"] for m in months), row["r7_total"]))
    for group, choices in GROUPS.items():
        keys = [o.key for o in OUTCOMES if o.choice in choices]
        out.append(check(f"办结{group}（各月之和）", sum(m[f"办结{group}"] for m in months), sum(row[k] for k in keys)))
    by_outcome = dict(zip(result.keys["按办理结果"], result.breakdowns["按办理结果"], strict=True))
    for o in OUTCOMES:
        ours = by_outcome.get(o.choice, {}).get("办结", 0)
        out.append(check(f"办结 {o.choice}", ours, row[o.key]))
    out.append(check("在办（12月末）", months[-1]["在办"], row["carried_out"]))
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def to_json(stats: Statistics) -> dict[str, Any]:
    """Exactly the four sections at the top: {section: {"合计": {...}, "按单位": [...], "按月": [...], the other
    breakdowns, "期间", "说明"}}; rates in [0, 1] or null (a zero denominator)."""
    out: dict[str, Any] = {}
    period = {"开始": stats.span.first.isoformat(), "结束": stats.span.last.isoformat()}
    for section, result in stats.results.items():
        body: dict[str, Any] = {"合计": result.total, "按单位": result.breakdowns["按单位"], "按月": result.by_month}
        body.update({k: v for k, v in result.breakdowns.items() if k != "按单位"})
        if section == "依申请公开" and stats.checks:
            body["与表三核对"] = stats.checks
        body["期间"] = period
        body["说明"] = result.notes + stats.ctx.settings.describe()
        out[section] = _plain(body)
    return out
