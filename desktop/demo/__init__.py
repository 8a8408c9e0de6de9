"""The demo data set (`zwgk demo --year 2015`): catalogues and a year of registers reproducing the 2015 report."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, fields

from desktop.db import write_transaction
from desktop.db.models import REGISTERS, ReportSupplement, ServiceItem, Unit, WebColumn
from desktop.db.portable import upsert
from desktop.demo.catalogue import load_catalogue
from desktop.demo.contacts import load_contacts
from desktop.demo.hotline import load_hotline
from desktop.demo.publication import load_publication
from desktop.demo.window import load_window
from desktop.domain.errors import DomainError
from desktop.registers.calendar import current_calendar

__all__ = ["DemoSummary", "load_demo", "ensure_empty"]


@dataclass
class DemoSummary:
    """How many records the demo wrote per catalogue and register, and how long it took."""

    year: int
    seed: int
    units: int = 0
    service_items: int = 0
    web_columns: int = 0
    window_cases: int = 0
    contacts: int = 0
    hotline_tickets: int = 0
    duty_logs: int = 0
    proactive_items: int = 0
    normative_documents: int = 0
    seconds: float = 0.0

    LABELS = {
        "units": "单位",
        "service_items": "事项",
        "web_columns": "网站子栏目",
        "window_cases": "窗口办件",
        "contacts": "咨询与留言",
        "hotline_tickets": "热线工单",
        "duty_logs": "值班记录",
        "proactive_items": "主动公开",
        "normative_documents": "规章与行政规范性文件",
    }

    @property
    def total(self) -> int:
        return sum(getattr(self, f.name) for f in fields(self) if f.name in self.LABELS)

    def __str__(self) -> str:
        # No heading line: the command line prints its own ("已载入2015年演示数据：").
        lines = [f"  {label}：{getattr(self, name):,} 条" for name, label in self.LABELS.items()]
        lines.append(f"  合计：{self.total:,} 条（随机种子 {self.seed}，用时 {self.seconds:.1f} 秒）")
        return "\n".join(lines)


def ensure_empty() -> None:
    """Refuse to load into a database that already holds units, service items, sub-columns or register records."""
    found = [title for title, model in (("单位", Unit), ("事项", ServiceItem)) if model.select().exists()]
    if WebColumn.select().where(WebColumn.parent.is_null(False) & (WebColumn.parent != "")).exists():
        found.append("网站子栏目")
    found += [d.title for d in REGISTERS if d.model.select().exists()]
    if found:
        raise DomainError(
            f"数据库中已有数据（{'、'.join(found)}），演示数据只能载入新建的空数据库，"
            "以免与真实台账混在一起。请新建一个数据库后再载入演示数据。"
        )


def load_demo(year: int = 2015, seed: int = 2015) -> DemoSummary:
    """Fill the empty database bound by init_db with the demo catalogues and one year of registers, all in one
    transaction (a failure leaves the database as it was). The same year and seed give the same data."""
    started = time.perf_counter()
    summary = DemoSummary(year, seed)
    with write_transaction():
        ensure_empty()
        cal = current_calendar()
        cal.require(year)
        cal.require(year + 1)  # deadlines of December cases run into the next year
        # One stream per register, so that changing one module's draws leaves the other registers as they were.
        cat, counts = load_catalogue(random.Random(f"{seed}:catalogue"))
        summary.units, summary.service_items, summary.web_columns = (
            counts["unit"],
            counts["service_item"],
            counts["web_column"],
        )
        summary.window_cases = load_window(random.Random(f"{seed}:window"), cal, year, cat)
        summary.contacts = load_contacts(random.Random(f"{seed}:contacts"), cal, year, cat)
        summary.hotline_tickets, summary.duty_logs = load_hotline(random.Random(f"{seed}:hotline"), cal, year, cat)
        summary.proactive_items, summary.normative_documents = load_publication(
            random.Random(f"{seed}:publication"), cal, year, cat
        )
        # The reference's 政府信息公开专栏访问量约为15000次: a figure no register holds, entered in the report.
        upsert(
            ReportSupplement,
            (ReportSupplement.year, ReportSupplement.name),
            year=year,
            name="网站访问量",
            value="15000",
        )
    summary.seconds = time.perf_counter() - started
    return summary
