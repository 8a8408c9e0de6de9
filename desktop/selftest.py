"""`zwgk --self-test`: prove that this copy (source or frozen) works end to end, offline, in a temporary folder."""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TextIO

from desktop import APP_NAME, __version__

# The sample lives in 2015, the year of the reference report: every register rule is tested against its calendar.
SAMPLE_YEAR = 2015
SAMPLE_ID = "11010519491231002X"  # a valid test ID number (checksum X)
FORMATS = (("2021", "2021年版格式"), ("legacy", "旧版格式"))
# One concluded disclosure request per outcome group of table 三 (（一）…（六）), so that every group is printed.
SAMPLE_OUTCOMES = (
    "（一）予以公开",
    "（二）部分公开",
    "（三）4.保护第三方合法权益",
    "（四）1.本机关不掌握相关政府信息",
    "（五）2.重复申请",
    "（六）3.其他",
)


class CheckFailed(Exception):
    """A check that ran and found something wrong; the message is shown to the person running the test."""


class Warned(Exception):
    """A finding worth telling but not a failure (e.g. this year's holidays not yet in the bundled calendar)."""


class SelfTest:
    """Runs checks one after another, printing one line per check; a failing check does not stop the others."""

    def __init__(self, out: TextIO):
        self.out = out
        self.passed = self.failed = self.warned = 0
        self.ok, self.bad, self.warn = _marks(out)

    def line(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def check(self, label: str, fn: Callable[[], str | list[str]]) -> bool:
        """Run `fn`; it returns a detail (or a detail and indented sub-lines) or raises."""
        try:
            result = fn()
        except Warned as exc:
            self.warned += 1
            self.line(f"{self.warn} {label}：{exc}")
            return True
        except CheckFailed as exc:
            self.failed += 1
            self.line(f"{self.bad} {label}：{exc}")
            return False
        except Exception as exc:
            self.failed += 1
            message = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
            self.line(f"{self.bad} {label}：出错 {message}")
            return False
        lines = [result] if isinstance(result, str) else list(result)
        self.passed += 1
        self.line(f"{self.ok} {label}：{lines[0]}")
        for sub in lines[1:]:
            self.line(f"    {sub}")
        return True


def _readable(out: TextIO) -> TextIO:
    """A pipe in a non-Chinese code page (a CI log on English Windows) cannot take Chinese: write UTF-8 there."""
    try:
        "自检".encode(getattr(out, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        if hasattr(out, "reconfigure"):
            out.reconfigure(encoding="utf-8")
    return out


def _marks(out: TextIO) -> tuple[str, str, str]:
    """✔/✘/⚠ where the output can show them; √/×/! for a GBK console or a redirected file on Chinese Windows."""
    encoding = getattr(out, "encoding", None) or "utf-8"
    try:
        "✔✘⚠".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return "√", "×", "!"
    return "✔", "✘", "⚠"


def run_self_test(out: TextIO | None = None) -> int:
    """Check the database, calendar, registers, figures, both report formats, fonts and Qt; 0 when all pass."""
    out = _readable(out or sys.stdout)
    started = time.perf_counter()
    t = SelfTest(out)
    frozen = "打包版" if getattr(sys, "frozen", False) else "源代码"
    t.line(f"{APP_NAME} {__version__} 自检（{frozen}，Python {sys.version.split()[0]}，{sys.platform}）")
    # ignore_cleanup_errors: on Windows a file the OS still holds must not turn a passed test into a crash.
    with tempfile.TemporaryDirectory(prefix="zwgk-selftest-", ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp)
        t.line(f"临时文件夹：{folder}（结束后删除，不会改动正式数据库）")
        try:
            _run_checks(t, folder)
        finally:
            from desktop.db import close_db

            close_db()
    seconds = time.perf_counter() - started
    total = t.passed + t.failed + t.warned
    if t.failed:
        t.line(f"自检未通过：共{total}项，{t.failed}项失败（用时{seconds:.1f}秒）")
        return 1
    note = f"，其中{t.warned}项提醒" if t.warned else ""
    t.line(f"自检通过：共{total}项全部通过{note}（用时{seconds:.1f}秒）")
    return 0


def _run_checks(t: SelfTest, folder: Path) -> None:
    if not t.check("数据库", lambda: _check_database(folder / "selftest.sqlite3")):
        return  # nothing below can run without a database
    t.check("节假日安排", _check_calendar)
    t.check("报告字体", _check_fonts)
    if t.check("示例台账", _load_sample):
        t.check("统计数字", _check_figures)
        t.check("账号与密码", _check_login)
        t.check("Excel 导出", lambda: _check_excel(folder / "selftest-window.xlsx"))
        t.check("审计日志", _check_audit)
        for fmt, label in FORMATS:
            t.check(f"报告检查（{label}）", lambda fmt=fmt: _check_report(fmt))
            t.check(f"报告 PDF（{label}）", lambda fmt=fmt: _check_pdf(fmt, folder / f"selftest-{fmt}.pdf"))
    t.check("PostgreSQL 驱动", _check_postgres_driver)
    # Qt last: a platform plugin that cannot load ends the process from inside Qt, after the lines above.
    t.check("Qt 界面组件", _check_qt)


def _check_database(path: Path) -> str:
    from desktop.db import init_db
    from desktop.db.migrations import LATEST, schema_version

    database = init_db(path)
    version = schema_version(database)
    if version != LATEST:
        raise CheckFailed(f"新建数据库的结构版本为{version}，应为{LATEST}")
    return f"新建 SQLite 数据库并建好全部表（结构版本 {version}）"


def _check_calendar() -> str:
    from desktop.domain.workdays import WorkCalendar, bundled_calendar_path
    from desktop.registers.calendar import current_calendar

    bundled = WorkCalendar.bundled()
    years = sorted(bundled.years)
    if not years:
        raise CheckFailed(f"附带的节假日安排为空：{bundled_calendar_path()}")
    if not current_calendar().covers(SAMPLE_YEAR):
        raise CheckFailed(f"新建数据库中没有{SAMPLE_YEAR}年的节假日安排")
    # National Day 2015: Thu 10-01 is a holiday, Sat 10-10 a make-up working day.
    if bundled.is_workday(date(SAMPLE_YEAR, 10, 1)) or not bundled.is_workday(date(SAMPLE_YEAR, 10, 10)):
        raise CheckFailed("2015年国庆节安排读取有误")
    span = f"附带{years[0]}–{years[-1]}年（{bundled_calendar_path().name}）"
    this_year = date.today().year
    if not bundled.covers(this_year):
        # Not a failure: users import a new year's notice themselves (基础数据 → 节假日安排 → 导入).
        raise Warned(f"{span}，尚无今年（{this_year}）的安排，请在 基础数据 → 节假日安排 中导入国务院办公厅通知")
    return f"{span}，覆盖今年（{this_year}）"


def _load_sample() -> str:
    """A few records through the registers, with their rules, numbering, deadlines and audit entries."""
    from desktop.registers import REGISTERS, SYSTEM
    from desktop.registers.catalogues import SERVICE_ITEM_REGISTER, UNIT_REGISTER
    from desktop.report import store

    y = SAMPLE_YEAR
    for name, code, kind, staff in (("市场监管", "SC", "进驻窗口单位", 3), ("住建", "ZJ", "进驻窗口单位", 2)):
        UNIT_REGISTER.save({"name": name, "code": code, "kind": kind, "staff_count": staff}, SYSTEM)
    UNIT_REGISTER.save({"name": "城管局", "code": "CG", "kind": "职能部门"}, SYSTEM)
    item = {"category": "审批类", "case_type": "承诺件", "legal_days": 15, "promise_days": 5, "online": True}
    SERVICE_ITEM_REGISTER.save({**item, "code": "SC-001", "name": "个体工商户设立登记", "unit": "市场监管"}, SYSTEM)
    fee_item = {"category": "收费类", "case_type": "即办件", "legal_days": 1, "promise_days": 0, "charges": True}
    SERVICE_ITEM_REGISTER.save(
        {
            **fee_item,
            "code": "ZJ-001",
            "name": "城市基础设施配套费收缴",
            "unit": "住建",
            "fee_basis": "湘财综〔2015〕1号",
        },
        SYSTEM,
    )
    person = {"applicant": "张三", "id_number": SAMPLE_ID, "phone": "13812345678"}
    # (item, received, accepted, status, concluded, fee): a case crossing National Day, an open one, a fee.
    for code, received, accepted, status, concluded, fee in (
        ("SC-001", "09-30 09:00", "09-30 09:30", "办结", "10-12 10:00", None),
        ("SC-001", "12-28 09:00", "12-28 09:10", "受理", None, None),
        ("ZJ-001", "06-15 10:00", "06-15 10:00", "办结", "06-15 10:30", "1234.50"),
    ):
        case = {**person, "item": code, "received_at": f"{y}-{received}", "accepted_at": f"{y}-{accepted}"}
        case.update(status=status, concluded_at=concluded and f"{y}-{concluded}", fee=fee)
        REGISTERS["window"].save({k: v for k, v in case.items() if v is not None}, SYSTEM)
    for day, unit, count in (("03-02", "市场监管", 23), ("03-03", "住建", 7)):
        REGISTERS["contacts"].save({"date": f"{y}-{day}", "unit": unit, "count": count}, SYSTEM)
    call = {"caller": "刘女士", "phone": "13907361234", "topic": "城市管理"}
    answered = {"replied_at": f"{y}-09-30 20:20", "reply": "已解答", "concluded_at": f"{y}-09-30 20:20"}
    REGISTERS["hotline"].save(
        {
            **call,
            **answered,
            "called_at": f"{y}-09-30 20:15",
            "appeal_type": "咨询",
            "content": "夜间施工许可时段",
            "handling": "直办",
            "status": "已办结",
        },
        SYSTEM,
    )
    REGISTERS["hotline"].save(
        {
            **call,
            "called_at": f"{y}-10-08 21:00",
            "appeal_type": "投诉",
            "content": "德山大道夜间施工噪音扰民",
            "handling": "转办",
            "status": "待派单",
        },
        SYSTEM,
    )
    request = {"channel": "当面", "applicant_type": "自然人", "id_number": SAMPLE_ID, "phone": "0736-7312025"}
    for n, outcome in enumerate(SAMPLE_OUTCOMES, start=1):
        REGISTERS["disclosure"].save(
            {
                **request,
                "arrived_date": f"{y}-09-{10 + n}",
                "applicant": f"申请人{n}",
                "content": f"{y}年征地补偿标准（第{n}件）",
                "status": "已办结",
                "outcome": outcome,
                "reply_date": f"{y}-10-20",
            },
            SYSTEM,
        )
    REGISTERS["proactive"].save(
        {
            "title": f"{y}年部门预算公开",
            "publish_date": f"{y}0320",
            "web_column": "政务公开",
            "key_area": "财政资金",
            "carriers": "政府网站、公开栏",
        },
        SYSTEM,
    )
    store.set_supplement(y, "网站访问量", 12000, SYSTEM)  # the one figure no register holds
    return (
        "经各登记簿的校验规则录入：单位3个、事项2项、窗口办件3件、咨询2条、热线工单2件、"
        f"依申请公开{len(SAMPLE_OUTCOMES)}件（每类办理结果各1件）、主动公开1条、补充数字1项"
    )


def _check_figures() -> str:
    from desktop.report import store
    from desktop.report.figures import T3_KEYS

    figures = store.live_figures(SAMPLE_YEAR)
    t3 = figures["table3"]
    total = 6  # column 总计 of table 三
    expected = {"new": len(SAMPLE_OUTCOMES), "r7_total": len(SAMPLE_OUTCOMES), "carried_out": 0}
    wrong = [
        f"{key}={t3[T3_KEYS.index(key)][total]}（应为{want}）"
        for key, want in expected.items()
        if t3[T3_KEYS.index(key)][total] != want
    ]
    for key in ("r1_open", "r2_partial", "r3_4", "r4_1", "r5_2", "r6_3"):
        if t3[T3_KEYS.index(key)][total] != 1:
            wrong.append(f"{key}={t3[T3_KEYS.index(key)][total]}（应为1）")
    if wrong:
        raise CheckFailed("表三与录入的申请不符：" + "，".join(wrong))
    return (
        f"{SAMPLE_YEAR}年共{len(figures)}项数字与表二、表三、表四；"
        f"表三新收申请{expected['new']}件、办结{expected['r7_total']}件"
    )


def _check_login() -> str:
    from desktop.domain import vocab
    from desktop.domain.errors import DomainError
    from desktop.registers import SYSTEM
    from desktop.registers.users import USER_REGISTER

    USER_REGISTER.add("selftest", "zwgk-selftest-2015", vocab.ROLE_ADMIN, SYSTEM)
    if USER_REGISTER.authenticate("selftest", "zwgk-selftest-2015").role != vocab.ROLE_ADMIN:
        raise CheckFailed("登录后的角色不对")
    try:
        USER_REGISTER.authenticate("selftest", "wrong password")
    except DomainError:
        return "新建管理员账号（argon2id 密码哈希），正确密码可登录、错误密码被拒绝"
    raise CheckFailed("错误的密码也能登录")


def _check_excel(path: Path) -> str:
    from desktop.exchange.excel import export_register
    from desktop.exchange.excel_import import _load_quickly

    count = export_register("window", path, year=SAMPLE_YEAR)
    read = _load_quickly(path, "窗口办件")  # the reader imports use (compiled calamine): is it in this build?
    if read is None:
        raise CheckFailed("导入所用的 Excel 读取器（python-calamine）无法读取导出的文件")
    rows = [row for row in read[1][1:] if any(cell is not None for cell in row)]
    if count != 3 or len(rows) < count:
        raise CheckFailed(f"导出窗口办件{count}条、表中{len(rows)}行，应为3条")
    if any(SAMPLE_ID in str(cell) for row in rows for cell in row):
        raise CheckFailed("导出的证件号码没有遮蔽")
    return f"窗口办件{count}条导出为 .xlsx，用导入的读取器读回（证件号码已遮蔽）"


def _check_audit() -> str:
    from desktop.db.audit import verify_chain

    chain = verify_chain()
    if not chain.ok:
        raise CheckFailed(chain.message)
    return chain.message


def _check_postgres_driver() -> str:
    try:
        import psycopg2
    except ImportError as exc:
        raise Warned("未附带 psycopg2：只能使用 SQLite 数据库文件（构建时安装 .[pg] 即可连接 PostgreSQL）") from exc
    return f"psycopg2 {psycopg2.__version__.split()[0]} 可用，可连接 postgresql://… 服务器（未实际连接）"


def _check_fonts() -> list[str]:
    from desktop.report.fonts import ROLES, bundled_dir, get_fonts

    bundled = get_fonts(use_system=False)  # the fallback must be complete even where Windows fonts are used
    missing = [r for r in ROLES if not bundled.roles[r].bundled]
    if missing:
        raise CheckFailed("附带字体不全：" + "、".join(missing))
    licences = [p.name for p in bundled_dir().glob("LICENSE-*")]
    if len(licences) < 3:
        raise CheckFailed(f"字体许可文件不全（{bundled_dir()}）：{'、'.join(licences) or '无'}")
    in_use = get_fonts()
    return [f"附带字体齐全（{len(ROLES)}种用途，许可文件{len(licences)}份）；本机使用：", *in_use.describe()]


def _check_report(fmt: str) -> str:
    from desktop.report import store
    from desktop.report.checks import ERROR

    found = store.run_checks(store.load(SAMPLE_YEAR, fmt))
    errors = [c.message for c in found if c.level == ERROR]
    if errors:
        raise CheckFailed(f"{len(errors)}处错误：" + "；".join(errors[:3]))
    warnings = len(found) - len(errors)
    return "无错误" + (f"（提醒{warnings}条，示例数据所致）" if warnings else "")


def _check_pdf(fmt: str, target: Path) -> str:
    from desktop.report import store

    pages = store.build_pdf(SAMPLE_YEAR, fmt, target)
    data = target.read_bytes()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        raise CheckFailed(f"{target.name} 不是完整的 PDF 文件")
    counted = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    if pages < 1 or counted != pages:
        raise CheckFailed(f"页数不符：生成时报告{pages}页，文件中有{counted}页")
    if b"/FontFile2" not in data:
        raise CheckFailed("PDF 中没有嵌入字体")
    return f"{pages}页，{len(data) / 1024:.0f} KB，字体已嵌入"


def _check_qt() -> list[str]:
    try:
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import QCoreApplication, QLibraryInfo, qVersion
        from PySide6.QtGui import QGuiApplication, QImage
    except ImportError as exc:
        raise Warned(f"跳过：PySide6 无法载入（{exc}），图形界面不可用，命令行不受影响") from exc

    from desktop.resources import resources_dir
    from desktop.ui.app import _translate

    # Without a display (a Linux server, CI) Qt would abort; the offscreen platform needs none.
    headless = sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QCoreApplication.instance() or QGuiApplication([sys.argv[0] or "zwgk"])
    _translate(app)  # the very code the GUI runs at start
    cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
    if cancel != "取消":
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        raise CheckFailed(f"Qt 对话框的中文翻译 qtbase_zh_CN 未载入（在 {folder} 中查找；“Cancel”仍为“{cancel}”）")
    icon = resources_dir() / "icons" / "zwgk.png"
    if QImage(str(icon)).isNull():
        raise CheckFailed(f"程序图标无法读取：{icon}")
    platform = QGuiApplication.platformName() if isinstance(app, QGuiApplication) else "无"
    return [
        f"Qt {qVersion()}（PySide6 {pyside_version}），平台插件 {platform}",
        "标准对话框中文翻译 qtbase_zh_CN 已载入（Cancel → 取消）；程序图标可读",
    ]
