"""`python -m desktop.demo DATABASE [--year 2015] [--seed N]`: load the demo into a new database file."""

from __future__ import annotations

import argparse
import sys

from desktop.db import close_db, init_db
from desktop.demo import load_demo
from desktop.domain.errors import DomainError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop.demo", description="载入演示数据")
    parser.add_argument("database", help="数据库文件（应为新建的空数据库）")
    parser.add_argument("--year", type=int, default=2015)
    parser.add_argument("--seed", type=int, default=2015)
    args = parser.parse_args(argv)
    try:
        init_db(args.database)
        summary = load_demo(args.year, args.seed)
        print(f"已载入{args.year}年演示数据：")
        print(summary)
    except DomainError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    finally:
        close_db()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
