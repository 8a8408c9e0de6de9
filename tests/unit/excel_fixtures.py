"""Helpers for the Excel import/export tests: a seeded database, records of each register, and sheets to read."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from desktop.db import close_db, init_db
from desktop.domain.identifiers import resident_id_check_char
from desktop.registers import REGISTERS, SYSTEM
from desktop.registers.catalogues import SERVICE_ITEM_REGISTER, UNIT_REGISTER

PHONE = "13812345678"
PHONE_MASKED = "138****5678"


def resident_id(body17: str = "43070219800101123") -> str:
    """A valid 18-digit resident ID (GB 11643 check character)."""
    return body17 + resident_id_check_char(body17)


ID_NUMBER = resident_id()


def open_seeded(path: Path) -> None:
    """A fresh database with the same small catalogue every time, so that two of them hold equal names."""
    close_db()
    init_db(path)
    UNIT_REGISTER.save({"name": "工商", "code": "GS", "kind": "进驻窗口单位", "staff_count": 3}, SYSTEM)
    UNIT_REGISTER.save({"name": "收费", "code": "SF", "kind": "进驻窗口单位", "staff_count": 2}, SYSTEM)
    SERVICE_ITEM_REGISTER.save(
        {
            "code": "GS-001",
            "name": "个体工商户设立登记",
            "unit": "工商",
            "category": "审批类",
            "case_type": "承诺件",
            "legal_days": 15,
            "promise_days": 5,
            "online": True,
        },
        SYSTEM,
    )
    SERVICE_ITEM_REGISTER.save(
        {
            "code": "SF-001",
            "name": "城市基础设施配套费收缴",
            "unit": "收费",
            "category": "收费类",
            "case_type": "即办件",
            "legal_days": 1,
            "promise_days": 0,
            "charges": True,
        },
        SYSTEM,
    )


def window_case(**extra: Any) -> dict[str, Any]:
    values = {
        "item": "GS-001",
        "applicant": "张三",
        "id_number": ID_NUMBER,
        "phone": PHONE,
        "received_at": "2015-09-30 09:00",
        "accepted_at": "2015-09-30 09:30",
        "status": "受理",
    }
    values.update(extra)
    return values


def hotline_ticket(**extra: Any) -> dict[str, Any]:
    values = {
        "called_at": "2015-10-12 09:05",
        "source": "电话",
        "caller": "李四",
        "phone": PHONE,
        "appeal_type": "投诉",
        "topic": "城市管理",
        "address": "德山大道",
        "content": "夜间施工噪音扰民",
        "handling": "转办",
        "handler_unit": "工商",
        "dispatched_at": "2015-10-12 10:00",
        "status": "已派单",
    }
    values.update(extra)
    return values


def disclosure_request(**extra: Any) -> dict[str, Any]:
    values = {
        "channel": "当面",
        "arrived_date": "2015-10-12",
        "received_date": "2015-10-12",
        "applicant_type": "自然人",
        "applicant": "王五",
        "id_number": ID_NUMBER,
        "phone": PHONE,
        "content": "2015年征地补偿标准",
        "status": "登记",
    }
    values.update(extra)
    return values


def proactive_item(**extra: Any) -> dict[str, Any]:
    values = {
        "title": "关于2015年度行政审批事项的公告",
        "publish_date": "2015-10-12",
        "web_column": "政务公开",
        "key_area": "行政审批",
        "unit": "工商",
        "carriers": "政府网站、公开栏",
        "doc_no": "常经开发〔2015〕3号",
        "electronic": True,
    }
    values.update(extra)
    return values


def save_samples() -> None:
    """A few records of each register the round-trip tests cover, in varied states."""
    window, hotline, disclosure, proactive = (REGISTERS[k] for k in ("window", "hotline", "disclosure", "proactive"))
    window.save(window_case(), SYSTEM)
    window.save(
        window_case(
            applicant="某某有限公司",
            applicant_type="法人或其他组织",
            id_number=None,
            phone="0736-7312025",
            status="办结",
            concluded_at="2015-10-09 16:00",
            rating="不满意",
            fix_callback_date="2015-10-12",
            fix_finding="等候时间长",
            fix_measure="增设窗口",
            fix_due_date="2015-10-30",
            remark="=同上（不是公式）",
        ),
        SYSTEM,
    )
    window.save(
        window_case(
            item="SF-001", status="办结", concluded_at="2015-09-30 10:00", fee="1234.50", online=True, rating="满意"
        ),
        SYSTEM,
    )
    hotline.save(hotline_ticket(), SYSTEM)
    hotline.save(
        hotline_ticket(
            caller="",
            phone=None,
            anonymous=True,
            appeal_type="咨询",
            handling="直办",
            handler_unit=None,
            dispatched_at=None,
            status="已办结",
            replied_at="2015-10-12 09:20",
            reply="已电话答复",
            concluded_at="2015-10-12 09:30",
            topic="社会保障",
        ),
        SYSTEM,
    )
    disclosure.save(disclosure_request(), SYSTEM)
    disclosure.save(
        disclosure_request(
            applicant="某科技有限公司",
            applicant_type="商业企业",
            id_number=None,
            status="已办结",
            outcome="（三）1.属于国家秘密",
            reply_date="2015-10-20",
            reply_doc_no="常经开公开〔2015〕2号",
            service_method="邮寄",
            served_date="2015-10-21",
            fee_method="按量",
            fee_pages="120",
        ),
        SYSTEM,
    )
    proactive.save(proactive_item(), SYSTEM)
    proactive.save(
        proactive_item(
            title="园区动态：招商签约",
            web_column="园区动态",
            key_area=None,
            unit=None,
            carriers="政务新媒体、政府网站、新闻媒体",
            doc_no=None,
            electronic=False,
        ),
        SYSTEM,
    )


def write_sheet(path: Path, header: Sequence[Any], rows: Iterable[Sequence[Any]], title: str = "Sheet") -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def read_sheet(path: Path) -> list[tuple[Any, ...]]:
    """Every row of the first sheet, values only."""
    workbook = load_workbook(path)
    try:
        return [tuple(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def as_dicts(rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    header, *body = rows
    return [dict(zip(header, row, strict=False)) for row in body]
