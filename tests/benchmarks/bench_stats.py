"""Issue 17: the statistics of one month and of a whole year (all four sections) against the bare aggregate
queries they send, replayed through sqlite3 in the same run (the method of `test_figures_and_report`)."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import pytest

from tests.benchmarks.bench_scale import busiest_year, captured, opened, timed  # noqa: F401 (fixture)
from tests.benchmarks.results import record

pytestmark = pytest.mark.bench


def _plain(v):
    if isinstance(v, datetime):
        return str(v)
    if isinstance(v, date):
        return v.isoformat()
    return int(v) if isinstance(v, bool) else v


@pytest.mark.parametrize("what", ["month", "year"])
def test_statistics_of_a_month_and_a_year(opened, what):  # noqa: F811
    from desktop.report.stats import compute_statistics
    from desktop.report.stats.period import Span

    year, cases = busiest_year(opened)
    span = Span.of_month(year, 10) if what == "month" else Span.of_year(year)
    sent = captured(lambda: compute_statistics(span))
    con = sqlite3.connect(opened)
    statements = [(sql, [_plain(v) for v in params]) for sql, params in sent]

    def bare_queries():
        for sql, params in statements:
            con.execute(sql, params).fetchall()

    baseline = timed(bare_queries, 5)
    ours = timed(lambda: compute_statistics(span), 5)
    record(
        f"zwgk stats for {span.label} ({cases:,} window cases in {year})",
        ours,
        baseline,
        "≤ 2×",
        ours <= 2 * baseline,
        f"baseline: the same {len(statements)} aggregate queries through sqlite3",
    )
    assert ours <= 2 * baseline


def test_the_stats_page_opens_on_a_month(opened, qapp):  # noqa: F811
    from datetime import date

    from desktop.domain import vocab
    from desktop.registers import Actor
    from desktop.ui.pages import stats_page

    year, cases = busiest_year(opened)

    class OnOctober(stats_page.StatsPage):
        def today(self) -> date:  # 本月 of the busiest year, as if opened then
            return date(year, 10, 15)

    def open_page():
        page = OnOctober(Actor("leader", vocab.ROLE_LEADER))
        page.resize(1280, 800)
        page.show()
        qapp.processEvents()
        page.close()
        page.deleteLater()

    ours = timed(open_page, 5)
    record(
        f"the 统计 page opened on 本月 ({year}年10月, {cases:,} window cases in {year}): statistics, tables, charts",
        ours,
        None,
        "≤ 0.5 s",
        ours <= 0.5,
    )
