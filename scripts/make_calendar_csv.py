"""Regenerate resources/calendar/holidays.csv from the installed chinese-calendar package (MIT)."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from datetime import date
from pathlib import Path

# chinese-calendar names its holidays in English; the register shows the official Chinese names.
# A new special holiday in a future package version must be added here on purpose, so an unknown
# name stops the script instead of writing an English name into the calendar.
CHINESE_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}

HEADER = ("日期", "类型", "名称")
DEFAULT_TARGET = Path(__file__).resolve().parents[1] / "resources" / "calendar" / "holidays.csv"


def build_rows() -> list[tuple[date, str, str]]:
    """All exceptional days known to chinese-calendar as (date, 休/班, Chinese name), sorted by date."""
    from chinese_calendar.constants import holidays, workdays

    overlap = set(holidays) & set(workdays)
    if overlap:
        raise SystemExit(f"chinese-calendar lists these days both as holiday and workday: {sorted(overlap)}")
    rows: list[tuple[date, str, str]] = []
    for source, kind in ((holidays, "休"), (workdays, "班")):
        for day, english in source.items():
            try:
                rows.append((day, kind, CHINESE_NAMES[english]))
            except KeyError:
                raise SystemExit(f"unknown holiday name {english!r} on {day}: add it to CHINESE_NAMES") from None
    rows.sort()
    return rows


def render_csv(rows: list[tuple[date, str, str]]) -> str:
    """The CSV text exactly as bundled: UTF-8 without BOM, LF line ends, ISO dates."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for day, kind, name in rows:
        writer.writerow((day.isoformat(), kind, name))
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", nargs="?", type=Path, default=DEFAULT_TARGET)
    parser.add_argument("--check", action="store_true", help="only report whether the file is up to date")
    args = parser.parse_args(argv)

    text = render_csv(build_rows())
    if args.check:
        current = args.target.read_text(encoding="utf-8") if args.target.exists() else ""
        if current != text:
            print(f"{args.target} is out of date; run scripts/make_calendar_csv.py", file=sys.stderr)
            return 1
        print(f"{args.target} is up to date")
        return 0
    args.target.parent.mkdir(parents=True, exist_ok=True)
    args.target.write_text(text, encoding="utf-8", newline="")
    years = sorted({row[0].year for row in build_rows()})
    print(f"wrote {args.target}: {text.count(chr(10)) - 1} days, years {years[0]}–{years[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
