"""The benchmarks' settings and their results table (a module of its own: conftest.py is loaded by pytest under
another name than `tests.benchmarks.conftest`, so state kept there would be two copies)."""

from __future__ import annotations

import os
import platform
import sqlite3
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCALE = int(os.environ.get("ZWGK_BENCH_SCALE", "1000000"))
BENCH_DIR = Path(os.environ.get("ZWGK_BENCH_DIR", ROOT / ".benchmarks"))
RESULTS: list[dict] = []


def record(name: str, ours: float, baseline: float | None, target: str, ok: bool, note: str = "") -> None:
    """One row of the results table (times in seconds)."""
    RESULTS.append({"name": name, "ours": ours, "baseline": baseline, "target": target, "ok": ok, "note": note})


def _ms(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds < 0.0001:
        return f"{seconds * 1_000_000:.0f} µs"
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def table() -> str:
    cpu = platform.processor() or platform.machine()
    lines = [
        f"Measured {date.today():%Y-%m-%d} on {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {SCALE:,} window cases.",
        "",
        "| benchmark | ours | baseline | ratio | target | met | notes |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in RESULTS:
        numbers = isinstance(r["ours"], float) and isinstance(r["baseline"], float)
        ratio = f"{r['ours'] / r['baseline']:.2f}×" if numbers and r["baseline"] else "—"
        ours = r["ours"] if isinstance(r["ours"], str) else _ms(r["ours"])
        base = r["baseline"] if isinstance(r["baseline"], str) else _ms(r["baseline"])
        lines.append(
            f"| {r['name']} | {ours} | {base} | {ratio} | {r['target']} | "
            f"{'yes' if r['ok'] else '**no**'} | {r['note']} |"
        )
    return "\n".join(lines)
