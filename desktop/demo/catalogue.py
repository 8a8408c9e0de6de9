"""The demo's catalogues: units, service items and the 37 website sub-columns, written through their registers."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import peewee as pw

from desktop.db.models import HotlineTopic, ServiceItem, Unit, WebColumn
from desktop.demo.items import FEES, ITEMS, UNITS, ItemSpec
from desktop.demo.people import staff_names
from desktop.registers import SYSTEM
from desktop.registers.catalogues import SERVICE_ITEM_REGISTER, UNIT_REGISTER, WEB_COLUMN_REGISTER

# 37 sub-columns under the eight top-level columns that init_db creates (the report: "37个子栏目").
SUB_COLUMNS: dict[str, tuple[str, ...]] = {
    "园区概况": ("园区简介", "领导之窗", "机构设置", "区位交通"),
    "园区动态": ("园区要闻", "工作动态", "部门动态", "镇街动态", "媒体聚焦"),
    "政务公开": (
        "政府信息公开指南",
        "政府信息公开目录",
        "政府信息公开年报",
        "政策法规",
        "规范性文件",
        "财政信息",
        "人事信息",
        "重点领域信息公开",
        "通知公告",
    ),
    "招商引资": ("投资环境", "招商政策", "招商项目", "招商动态"),
    "专业园区": ("装备制造产业园", "电子信息产业园", "生物医药产业园", "现代物流园"),
    "企业之窗": ("企业风采", "企业动态", "企业服务", "招聘信息"),
    "办事大厅": ("办事指南", "表格下载", "网上办事", "办件公示"),
    "善德文化": ("善德故事", "文明创建", "道德模范"),
}


@dataclass
class Catalogue:
    """What the registers of the demo refer to: catalogue records by code or name, and the people at the windows."""

    units: dict[str, pw.Model] = field(default_factory=dict)  # by code
    items: list[tuple[ItemSpec, pw.Model]] = field(default_factory=list)
    columns: dict[str, pw.Model] = field(default_factory=dict)  # by name, top-level and sub-columns
    topics: dict[str, pw.Model] = field(default_factory=dict)  # by name
    staff: dict[str, list[str]] = field(default_factory=dict)  # window staff names by unit code
    taken_names: set[str] = field(default_factory=set)  # staff and operators, so that no two share a name

    def unit_by_name(self, name: str) -> pw.Model:
        return next(u for u in self.units.values() if u.name == name)


def load_catalogue(rng: random.Random) -> tuple[Catalogue, dict[str, int]]:
    """Write units, service items and website sub-columns; return them with the count written per catalogue."""
    cat = Catalogue()
    units = UNIT_REGISTER.create_many(
        [
            UNIT_REGISTER.prepare({"name": u.name, "code": u.code, "kind": u.kind, "staff_count": u.staff})
            for u in UNITS
        ],
        SYSTEM,
    )
    # Read back rather than trust the bulk insert to have filled in the ids (it does not on every backend).
    cat.units = {u.code: u for u in Unit.select()}
    for spec in UNITS:
        if spec.staff:
            cat.staff[spec.code] = staff_names(rng, spec.staff, cat.taken_names)

    prepared, seq = [], dict.fromkeys(cat.units, 0)
    for spec in ITEMS:
        seq[spec.unit] += 1
        fee = FEES[spec.fee] if spec.fee else None
        prepared.append(
            SERVICE_ITEM_REGISTER.prepare(
                {
                    "code": f"{spec.unit}{seq[spec.unit]:03d}",
                    "name": spec.name,
                    "unit": cat.units[spec.unit],
                    "category": spec.category,
                    "case_type": "即办件" if spec.promise == 0 else "承诺件",
                    "legal_days": spec.legal,
                    "promise_days": spec.promise,
                    "charges": fee is not None,
                    "fee_basis": fee.basis if fee else None,
                    "online": spec.online,
                    "active": spec.active,
                }
            )
        )
    SERVICE_ITEM_REGISTER.create_many(prepared, SYSTEM)
    by_code = {i.code: i for i in ServiceItem.select()}
    cat.items = [(spec, by_code[p.values["code"]]) for spec, p in zip(ITEMS, prepared, strict=True)]

    # Each sub-column is checked against its parent, which exists already (init_db creates the top level).
    columns = WEB_COLUMN_REGISTER.create_many(
        [
            WEB_COLUMN_REGISTER.prepare({"name": name, "parent": parent, "sort": i})
            for parent, names in SUB_COLUMNS.items()
            for i, name in enumerate(names, start=1)
        ],
        SYSTEM,
    )
    cat.columns = {c.name: c for c in WebColumn.select()}
    cat.topics = {t.name: t for t in HotlineTopic.select()}
    counts = {"unit": len(units), "service_item": len(cat.items), "web_column": len(columns)}
    return cat, counts
