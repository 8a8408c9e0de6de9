"""The `zwgk` command line: argparse sub-commands that call the register, exchange and report layers."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop import APP_NAME, __version__
from desktop.domain import vocab
from desktop.domain.errors import DomainError


def register_keys() -> tuple[str, ...]:
    """The registers' command-line keys (`zwgk import window …`), from their declarations, in the spec's order."""
    from desktop.db.models import REGISTERS

    return tuple(d.key for d in REGISTERS)


def _actor():
    """Whoever runs the command line on this PC acts as an administrator: they hold the database file anyway.
    Their OS login is written to the audit log."""
    from desktop.registers import Actor

    try:
        login = getpass.getuser()
    except Exception:
        login = "unknown"
    return Actor(f"命令行:{login}", vocab.ROLE_ADMIN)


def _open(args: argparse.Namespace) -> None:
    from desktop.db import init_db

    init_db(args.db)


def cmd_demo(args: argparse.Namespace) -> int:
    _open(args)
    if args.scale:
        return _demo_scale(args)
    from desktop.demo import load_demo

    summary = load_demo(args.year, args.seed)
    print(f"已载入{args.year}年演示数据：")
    print(summary)
    return 0


def _demo_scale(args: argparse.Namespace) -> int:
    from desktop.demo.scale import load_scale

    def progress(what: str, n: int) -> None:
        print(f"\r  {what} {n:,} 条", end="", file=sys.stderr, flush=True)

    summary = load_scale(args.scale, args.years, args.seed, progress=progress)
    print(file=sys.stderr)
    print(f"已生成{args.years}年合成数据（窗口办件{args.scale:,}条及相应的热线、依申请公开、主动公开）：")
    print(summary)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    _open(args)
    from desktop.exchange.excel import ImportFailed, import_register

    try:
        result = import_register(args.register, Path(args.file), _actor())
    except ImportFailed as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        print(f"导入失败：共{len(exc.problems)}处问题，未写入任何记录", file=sys.stderr)
        return 1
    print(result)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    _open(args)
    from desktop.exchange.excel import export_register

    count = export_register(args.register, Path(args.file), year=args.year, unmasked=args.unmasked)
    masked = "（个人身份信息未遮蔽）" if args.unmasked else "（个人身份信息已遮蔽）"
    print(f"已导出{count}条记录到 {args.file}{masked}")
    return 0


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(type(value))


def cmd_figures(args: argparse.Namespace) -> int:
    _open(args)
    from desktop.report.figures import compute_figures

    figures = compute_figures(args.year)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2, default=_json_default))
        return 0
    for name, value in figures.items():
        if name.startswith("table"):
            continue
        print(f"{name}：{value}")
    print("表二：", json.dumps(figures["table2"], ensure_ascii=False, default=_json_default))
    print("表三：")
    for row in figures["table3"]:
        print("  " + " ".join(f"{v:>5}" for v in row))
    print("表四：", " ".join(str(v) for v in figures["table4"]))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    _open(args)
    from desktop.report.stats import compute_statistics, to_json
    from desktop.report.stats.output import apply_settings, parse_period, scope_of_unit, text_lines, write_output

    try:
        if args.set:
            apply_settings(args.set)
        span = parse_period(args.date_from, args.date_to, args.period)
        stats = compute_statistics(span, scope_of_unit(args.unit) if args.unit else None)
    except DomainError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 2
    if args.output:
        write_output(stats, Path(args.output))
        print(f"已生成{span.label}统计：{args.output}")
    if args.json:
        print(json.dumps(to_json(stats), ensure_ascii=False, indent=2))
    elif not args.output:
        print("\n".join(text_lines(stats)))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    _open(args)
    from desktop.report import store

    report = store.load(args.year, args.format)
    checks = store.run_checks(report)
    for c in checks:
        print(("错误：" if c.level == "error" else "提醒：") + c.message, file=sys.stderr)
    pages = store.build_pdf(args.year, args.format, Path(args.output))
    state = "定稿" if report.final else "草稿"
    print(f"已生成{args.year}年度报告（{report.fmt}，{state}）：{args.output}，共{pages}页")
    return 0


def _read_password(prompt: str) -> str:
    if sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if getpass.getpass("再次输入：") != first:
            raise DomainError("两次输入的密码不一致")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def cmd_user_add(args: argparse.Namespace) -> int:
    _open(args)
    from desktop.registers.users import USER_REGISTER

    password = _read_password(f"为 {args.name} 设置密码：")
    USER_REGISTER.add(args.name, password, args.role, _actor(), full_name=args.full_name or "", unit=args.unit)
    print(f"已添加用户 {args.name}（{args.role}）")
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    _open(args)
    from desktop.registers.users import USER_REGISTER

    for u in USER_REGISTER.select().order_by(USER_REGISTER.model.username):
        state = "启用" if u.active else "停用"
        unit = u.unit.name if u.unit else ""
        print(f"{u.username}\t{u.full_name or ''}\t{u.role}\t{unit}\t{state}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    _open(args)
    from desktop.db import audit
    from desktop.db.connection import db
    from desktop.exchange.anchors import read_anchor, restore_notes
    from desktop.registers.replay import verify_records

    anchors = [read_anchor(text) for text in args.against or []]  # a bad argument is named before the long checks
    if _is_sqlite():
        rows = [r[0] for r in db().execute_sql("PRAGMA integrity_check").fetchall()]
        ok_file = rows == ["ok"]
        print("数据库完整性检查：" + ("通过" if ok_file else "发现问题：" + "；".join(rows[:10])))
    else:  # PostgreSQL has no integrity_check: the server checks its own pages (data checksums, WAL)
        ok_file = True
        print("数据库完整性检查：PostgreSQL 服务器自行检查数据文件，此处只校验审计日志")
    result = verify_records()
    print(result.chain.message)
    print(result.message)
    for finding in result.findings:
        print(f"　{finding}")
    ok = ok_file and result.ok
    anchored = True
    for anchor, where in anchors:
        good, message = audit.check_anchor(anchor, where, chain_ok=result.chain.ok)
        print(message)
        anchored = anchored and good
    if not anchored:
        for note in restore_notes():
            print(note)
    ok = ok and anchored
    if result.chain.head is not None and ok:
        print(f"当前{result.chain.head.printed()}")
    return 0 if ok else 1


def _is_sqlite() -> bool:
    import peewee as pw

    from desktop.db.connection import db

    return isinstance(db(), pw.SqliteDatabase)


def cmd_calendar_import(args: argparse.Namespace) -> int:
    _open(args)
    from desktop.exchange.calendar_file import CalendarFileError, read_calendar_file
    from desktop.registers.calendar import import_year_rows

    try:
        data = read_calendar_file(Path(args.file))
    except CalendarFileError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        print(f"导入失败：共{len(exc.problems)}处问题，未写入任何记录", file=sys.stderr)
        return 1
    count = import_year_rows(data.rows, data.years, _actor(), source=Path(args.file).name)
    print(f"已导入{'、'.join(str(y) for y in sorted(data.years))}年节假日安排，共{count}天")
    return 0


def cmd_calendar_years(args: argparse.Namespace) -> int:
    _open(args)
    from desktop.registers.calendar import current_calendar

    years = sorted(current_calendar().years)
    print(f"已载入节假日安排的年份：{years[0]}–{years[-1]}（共{len(years)}年）" if years else "尚未载入节假日安排")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from desktop.exchange.backup import backup_with_check, db_file

    path, check = backup_with_check(args.dir, "命令行", db_path=db_file(args.db))
    print(f"已备份到 {path}（{path.stat().st_size / 1_048_576:.1f} MB）")
    print(f"校验：{check.message}")
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    from desktop.exchange.backup import backups_dir, db_file, list_backups

    source = db_file(args.db)
    folder = Path(args.dir) if args.dir else backups_dir(source)
    found = list_backups(folder, None if args.dir else source.stem)
    if not found:
        print(f"{folder} 中没有备份")
        return 0
    for info in found:
        print(f"{info.taken:%Y-%m-%d %H:%M:%S}\t{info.size_text}\t{info.path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    # Asks nothing: the current database is kept as a copy, and a bad file is refused before anything changes.
    from desktop.db import close_db
    from desktop.db.lock import acquire
    from desktop.exchange.restore import restore_database
    from desktop.exchange.sqlite_file import db_file

    target = db_file(args.db)
    actor = _actor()
    lock = acquire(target, actor.username)
    try:
        result = restore_database(Path(args.file), target, by=actor.username)
    finally:
        close_db()
        lock.release()
    print(f"已检查备份 {result.backup}：{result.check.message}")
    if result.kept is not None:
        print(f"原数据库已另存为 {result.kept}")
    print(f"已用该备份替换 {result.db_path}")
    return 0


def cmd_package_export(args: argparse.Namespace) -> int:
    _open(args)
    from desktop.exchange.package import export_package
    from desktop.registers.values import parse_date

    since = parse_date(args.since, "起始日期") if args.since else None
    print(export_package(Path(args.file), since))
    return 0


def cmd_package_import(args: argparse.Namespace) -> int:
    _open(args)
    from desktop.exchange.package import import_package

    print(import_package(Path(args.file), _actor()))
    return 0


def cmd_package_conflicts(args: argparse.Namespace) -> int:
    _open(args)
    from desktop.exchange.package import list_conflicts

    conflicts = list_conflicts(include_resolved=args.all)
    if not conflicts:
        print("没有待处理的数据包冲突")
        return 0
    for c in conflicts:
        done = f"（已处理：{c.resolution}）" if c.resolved else ""
        print(f"[{c.id}] {c.title} {c.label}　来自“{c.peer_name}”，{c.detected_at:%Y-%m-%d %H:%M}发现{done}")
        print(f"    本机版本：{c.local_updated}；导入版本：{c.incoming_updated}")
        for d in c.differences:
            print(f"    【{d.label}】本机：{d.local}　导入：{d.incoming}")
    print(f"共{len(conflicts)}条。处理：zwgk package resolve 编号 --keep local（保留本机）或 incoming（采用导入）")
    return 0


def cmd_package_resolve(args: argparse.Namespace) -> int:
    _open(args)
    from desktop.exchange.package import resolve_conflict

    resolve_conflict(args.id, args.keep, _actor())
    print(f"冲突{args.id}已处理：" + ("保留本机版本" if args.keep == "local" else "采用导入的版本"))
    return 0


def cmd_package_site(args: argparse.Namespace) -> int:
    _open(args)
    from desktop.exchange.package import new_site_id, set_site_name, site_identity

    site = site_identity()
    if args.name:
        site = set_site_name(args.name, _actor())
    if args.new_id:
        site = new_site_id(_actor())
    print(f"本机名称：{site.name}\n数据交换标识：{site.id}")
    return 0


def cmd_migrate_db(args: argparse.Namespace) -> int:
    from desktop.db.connection import default_db_path, is_url
    from desktop.db.lock import acquire
    from desktop.db.transfer import copy_database

    source = args.db or default_db_path()
    actor = _actor()
    # The GUI keeps a lock file beside a SQLite database: nobody may write to it while it is being copied.
    lock = None if is_url(str(source)) else acquire(Path(source), actor.username)

    def progress(table: str, n: int) -> None:
        print(f"\r  {table} {n:,} 条", end="", file=sys.stderr, flush=True)

    try:
        result = copy_database(source, args.to, progress, actor=actor.username)
    finally:
        if lock is not None:
            lock.release()
    print(file=sys.stderr)
    print(result)
    if not result.ok:
        print("迁移后核对不一致：请勿使用目标数据库，原数据库未改动", file=sys.stderr)
        return 1
    print(f"核对无误。以后用 --db {args.to} 打开（或在首次使用向导中选择该服务器）；原数据库未改动，可留作备份。")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from desktop.ui.app import run_gui

    return run_gui(args.db)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zwgk", description=f"{APP_NAME}：登记台账与政府信息公开工作年度报告")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--db", help="数据库：SQLite 文件路径（不存在时新建）或 postgresql://… 地址；默认在用户数据目录"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="自检：在临时文件夹中建库、录入示例台账、生成两种格式的报告并检查，通过时退出码为0",
    )
    parser.set_defaults(func=cmd_gui)
    sub = parser.add_subparsers(title="命令", metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        return p

    p = add("demo", cmd_demo, "向空数据库载入演示数据（再现2015年度报告的数字）")
    p.add_argument("--year", type=int, default=2015)
    p.add_argument("--seed", type=int, default=2015)
    p.add_argument(
        "--scale",
        type=int,
        metavar="N",
        help="改为生成合成数据：N 条窗口办件及 N/5 热线工单、N/100 依申请公开、N/10 主动公开（用于性能测试）",
    )
    p.add_argument("--years", type=int, default=10, help="合成数据的年数（与 --scale 一起使用，默认10年）")
    keys = register_keys()
    p = add("import", cmd_import, "从 Excel 导入登记记录（全部通过校验才写入）")
    p.add_argument("register", choices=keys)
    p.add_argument("file")
    p = add("export", cmd_export, "导出登记记录到 Excel（默认遮蔽证件号码和电话）")
    p.add_argument("register", choices=keys)
    p.add_argument("file")
    p.add_argument("--year", type=int)
    p.add_argument("--unmasked", action="store_true", help="不遮蔽个人身份信息")
    p = add("figures", cmd_figures, "计算某年度的全部统计数字和三张法定表格")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--json", action="store_true")
    p = add(
        "stats", cmd_stats, "任意期间的统计指标（窗口办件、好差评、热线工单、依申请公开），可输出 Excel 或月度通报 PDF"
    )
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="开始日期")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="结束日期")
    p.add_argument("--period", choices=("本月", "上月", "本季度", "本年"), help="按今天计算的期间（代替 --from/--to）")
    p.add_argument("--unit", metavar="单位名称", help="只统计该单位（窗口办件按单位、热线按承办单位）")
    p.add_argument("--json", action="store_true", help="输出 JSON（比率为0至1之间的小数）")
    p.add_argument("-o", "--output", metavar="FILE.xlsx|FILE.pdf", help="输出 Excel（含图表）或月度通报 PDF")
    p.add_argument(
        "--set",
        action="append",
        metavar="名称=值",
        help="先保存统计设置：满意率口径=宽口径|窄口径，差评核实工作日、差评整改工作日、差评反馈工作日、即将到期工作日",
    )
    p = add("report", cmd_report, "生成年度报告 PDF（已定稿的报告使用定稿时的数字）")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--format", default="2021", choices=("2021", "legacy"), help="2021：2021年版格式；legacy：旧版格式")
    p.add_argument("-o", "--output", required=True, help="输出的 PDF 文件")
    p = add("verify", cmd_verify, "检查数据库完整性，校验审计日志哈希链，并按审计日志逐项核对每条记录")
    p.add_argument(
        "--against",
        action="append",
        metavar="BACKUP|PACKAGE|N:HASH",
        help="与保存在别处的审计链头核对：备份文件、本机导出的数据包，或定稿报告上印的“第N条 哈希前缀”（写作 N:前缀）",
    )
    p = add(
        "migrate-db", cmd_migrate_db, "把数据库复制到另一个空数据库（SQLite 文件 → PostgreSQL 服务器，或反之）并核对"
    )
    p.add_argument(
        "--to", required=True, metavar="URL_OR_PATH", help="目标：postgresql://用户@主机/库名 或 SQLite 文件路径"
    )
    add("gui", cmd_gui, "启动图形界面")
    p = add(
        "backup", cmd_backup, "备份数据库（默认到数据库旁的 backups 文件夹并轮换；可指定文件夹，如U盘），备份后校验"
    )
    p.add_argument("dir", nargs="?", help="备份到此文件夹（不轮换）")
    p = add("backups", cmd_backups, "列出备份（新的在前）")
    p.add_argument("dir", nargs="?", help="列出此文件夹中的备份（默认数据库旁的 backups 文件夹）")
    p = add("restore", cmd_restore, "从备份恢复数据库：先检查备份，原数据库另存为副本后再替换")
    p.add_argument("file")

    user = sub.add_parser("user", help="用户管理").add_subparsers(title="用户命令", metavar="ACTION")
    p = user.add_parser("add", help="添加用户（密码从提示或标准输入读取）")
    p.set_defaults(func=cmd_user_add)
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=vocab.ROLES)
    p.add_argument("--unit", help="所属单位名称（窗口人员必填）")
    p.add_argument("--full-name")
    user.add_parser("list", help="列出用户").set_defaults(func=cmd_user_list)

    cal = sub.add_parser("calendar", help="节假日安排").add_subparsers(title="日历命令", metavar="ACTION")
    p = cal.add_parser("import", help="导入新一年的节假日安排（CSV 或 Excel：日期,类型,名称）")
    p.set_defaults(func=cmd_calendar_import)
    p.add_argument("file")
    cal.add_parser("years", help="列出已载入的年份").set_defaults(func=cmd_calendar_years)

    pkg = sub.add_parser("package", help="电脑之间交换数据包（窗口、热线电脑导出，公开办电脑导入）").add_subparsers(
        title="数据包命令", metavar="ACTION"
    )
    p = pkg.add_parser("export", help="导出数据包（全部基础数据，及登记记录）")
    p.set_defaults(func=cmd_package_export)
    p.add_argument("file", help="数据包文件，如 工商窗口-20151012.zwgk")
    p.add_argument("--since", help="只导出该日期（含）以来修改的登记记录，如 2015-10-01")
    p = pkg.add_parser("import", help="导入数据包：按记录标识合并，两边都修改过的记录列为冲突")
    p.set_defaults(func=cmd_package_import)
    p.add_argument("file")
    p = pkg.add_parser("conflicts", help="列出待处理的数据包冲突")
    p.set_defaults(func=cmd_package_conflicts)
    p.add_argument("--all", action="store_true", help="包括已处理的")
    p = pkg.add_parser("resolve", help="处理一条冲突")
    p.set_defaults(func=cmd_package_resolve)
    p.add_argument("id", type=int)
    p.add_argument("--keep", required=True, choices=("local", "incoming"), help="local：保留本机；incoming：采用导入")
    p = pkg.add_parser("site", help="查看或修改本机名称和数据交换标识")
    p.set_defaults(func=cmd_package_site)
    p.add_argument("--name", help="本机名称，如 工商窗口")
    p.add_argument("--new-id", action="store_true", help="更换数据交换标识（数据库是从另一台电脑复制来的时候）")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.self_test:
        from desktop.selftest import run_self_test

        return run_self_test()
    try:
        return args.func(args)
    except DomainError as exc:
        from desktop.registers.base import FieldErrors

        if isinstance(exc, FieldErrors):
            for name, message in exc.errors.items():
                print(f"【{exc.labels.get(name, name)}】{message}", file=sys.stderr)
        else:
            print(f"错误：{exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
