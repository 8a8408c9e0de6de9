"""The same million window cases on a PostgreSQL server: what an office with several PCs on one server gets.

    ZWGK_BENCH_PG_URL=postgresql://… ./test.sh tests/benchmarks/bench_postgres.py --benchmark-enable

The database behind the URL is filled once with `load_scale(SCALE, 10)` (an empty database is required; a
filled one is reused). Baselines are the very statements the app sends, captured from peewee's log and replayed
through a bare psycopg2 cursor on the same server, so each ratio is what the app adds on top of the server.
Skipped without ZWGK_BENCH_PG_URL. `scripts/pg_test_server.sh` starts a server that runs with fsync off: the
save below measures the app and the server, not a disk flush.
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Callable
from datetime import date, datetime

import pytest

from tests.benchmarks.bench_scale import SEARCHES, captured, open_list, scroll_pages, search_times, timed
from tests.benchmarks.results import SCALE, record

pytestmark = pytest.mark.bench
URL = os.environ.get("ZWGK_BENCH_PG_URL", "")


@pytest.fixture(scope="module")
def pg():
    if not URL:
        pytest.skip("ZWGK_BENCH_PG_URL is not set")
    import psycopg2

    from desktop.db import close_db, init_db
    from desktop.registers import REGISTERS

    init_db(URL)
    have = REGISTERS["window"].model.select().count()
    if have == 0:
        from desktop.demo.scale import load_scale

        load_scale(SCALE, 10, seed=1)
    elif have < SCALE:
        pytest.fail(f"{URL} holds {have:,} window cases, not {SCALE:,}: use an empty database")
    raw = psycopg2.connect(URL)
    raw.autocommit = True
    yield raw
    raw.close()
    close_db()


def replay(raw, statements: list[tuple[str, tuple]]) -> Callable[[], None]:
    def run() -> None:
        with raw.cursor() as cur:
            for sql, params in statements:
                cur.execute(sql, params)
                if cur.description is not None:
                    cur.fetchall()

    return run


def test_pg_open_the_list(pg, qapp):
    open_list(0)
    statements = captured(lambda: open_list(0))
    baseline = timed(replay(pg, statements), 21)
    ours = timed(lambda: open_list(0), 21)
    record(
        "PostgreSQL: open the window-case list (model, first page of 200, count)",
        ours,
        baseline,
        "≤ 2×",
        ours <= 2 * baseline,
        f"baseline: the same {len(statements)} statements through a bare psycopg2 cursor",
    )
    assert ours <= 2 * baseline


def test_pg_search_as_you_type(pg, qapp):
    times = search_times(SEARCHES, 3)
    worst = max(times, key=times.get)
    record(
        f"PostgreSQL: search as you type, words of 2+ characters (worst of {len(SEARCHES)})",
        times[worst],
        None,
        "≤ 100 ms",
        times[worst] <= 0.1,
        f"worst “{worst}”; median {statistics.median(times.values()) * 1000:.0f} ms (bigram and pg_trgm GIN indexes)",
    )
    assert times[worst] <= 0.1, times


def test_pg_scroll_to_the_end(pg):
    times = [took for took, _ in scroll_pages()]
    times.sort()
    record(
        f"PostgreSQL: page fetches scrolling to the end ({len(times):,} pages of 200)",
        times[-1],
        None,
        "≤ 20 ms each",
        times[-1] <= 0.02,
        f"median {statistics.median(times) * 1000:.1f} ms, p99 {times[int(len(times) * 0.99)] * 1000:.1f} ms",
    )
    assert times[-1] <= 0.02


def test_pg_figures(pg):
    from desktop.registers import REGISTERS
    from desktop.report.figures import compute_figures

    model = REGISTERS["window"].model
    year = date.today().year - 5
    cases = (
        model.select().where(model.accepted_at.between(datetime(year, 1, 1), datetime(year, 12, 31, 23, 59))).count()
    )
    compute_figures(year)
    statements = captured(lambda: compute_figures(year))
    baseline = timed(replay(pg, statements), 5)
    ours = timed(lambda: compute_figures(year), 5)
    record(
        f"PostgreSQL: zwgk figures for {year} ({cases:,} window cases accepted in the year)",
        ours,
        baseline,
        "≤ 2×",
        ours <= 2 * baseline,
        f"baseline: the same {len(statements)} statements through psycopg2",
    )
    assert ours <= 2 * baseline


def test_pg_save_one_form(pg):
    from desktop.registers import REGISTERS, SYSTEM

    window = REGISTERS["window"]
    item = window.select().order_by(window.model.id.desc()).first().item_id
    n = iter(range(10_000))

    def save():
        window.save(
            {
                "item": item,
                "applicant": f"基准测试申请人{next(n)}",
                "phone": "13912345678",
                "received_at": "2025-06-02 09:00",
                "accepted_at": "2025-06-02 09:10",
                "status": "受理",
            },
            SYSTEM,
        )

    save()
    ours = timed(save, 21)
    record(
        "PostgreSQL: save one form with its audit entry (median)",
        ours,
        None,
        "≤ 20 ms",
        ours <= 0.02,
        "a new window case: validated, numbered, indexed for search and audited in one transaction",
    )
    assert ours <= 0.02
