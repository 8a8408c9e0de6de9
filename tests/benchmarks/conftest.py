"""Benchmarks on a large synthetic database, each against a baseline measured in the same run.

    ./test.sh tests/benchmarks --benchmark-enable            # 1,000,000 window cases (built once, ~4 min)
    ZWGK_BENCH_SCALE=20000 ./test.sh tests/benchmarks --benchmark-enable   # a quick run on small data

The bench_*.py files are collected only with --benchmark-enable, so the default test run stays fast. The
databases are kept in .benchmarks/ (ZWGK_BENCH_DIR) and reused; results are printed as a table at the end and
written to .benchmarks/results-<scale>.md.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.benchmarks.results import BENCH_DIR, RESULTS, SCALE, table


def pytest_collect_file(file_path, parent):
    if (
        file_path.name.startswith("bench_")
        and file_path.suffix == ".py"
        and parent.config.getoption("benchmark_enable", False)
        and not parent.session.isinitpath(file_path)
    ):
        return pytest.Module.from_parent(parent, path=file_path)
    return None


def pytest_terminal_summary(terminalreporter):
    if not RESULTS:
        return
    text = table()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    (BENCH_DIR / f"results-{SCALE}.md").write_text(text + "\n", encoding="utf-8")
    terminalreporter.write_sep("=", "benchmarks against their baselines")
    terminalreporter.write_line(text)


# Raised whenever `load_scale` writes different data, so that a database built by an older one is not reused.
# 2: an audit entry per record. 3: references in those entries as ids, as a save logs them (verify replays them).
GENERATOR_VERSION = 3


def _generated(scale: int) -> Path:
    """A database with `scale` window cases over ten years (and the other registers in proportion), built once."""
    path = BENCH_DIR / f"scale-{scale}-v{GENERATOR_VERSION}.sqlite3"
    if path.exists():
        return path
    from desktop.db import close_db, init_db
    from desktop.demo.scale import load_scale

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    for p in BENCH_DIR.glob(partial.name + "*"):
        p.unlink()
    init_db(partial)
    load_scale(scale, 10, seed=1)
    close_db()
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    partial.rename(path)
    return path


@pytest.fixture(scope="session")
def big_db() -> Path:
    return _generated(SCALE)


@pytest.fixture(scope="session")
def small_db() -> Path:
    return _generated(1000)


@pytest.fixture(scope="session")
def write_db(big_db, tmp_path_factory) -> Path:
    """A copy of the big database for the benchmarks that write."""
    target = tmp_path_factory.mktemp("bench") / "write.sqlite3"
    shutil.copyfile(big_db, target)
    return target
