"""主动公开 (1,400 website items, 53 on public finance, 30 on housing, food safety and land) and normative documents."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from desktop.demo import publication_titles as titles
from desktop.demo.catalogue import Catalogue
from desktop.demo.people import COMMUNITIES, ROADS, brand, company_name, person_name
from desktop.demo.window import MONTH_WEIGHTS, spread, working_days
from desktop.domain.workdays import WorkCalendar
from desktop.registers import SYSTEM
from desktop.registers.publication import NORMATIVE_REGISTER, PROACTIVE_REGISTER

TOTAL_ITEMS = 1_400  # "累计主动公开政府信息1400条"
WEB = "政府网站"
BOARD = "政府网站、公开栏"
_TOWNS = ("SMQ", "DSJD", "ZMQ")
# The zone's own budget units (the vertical offices — police, tax, post, food and drug — report to the city); with
# the zone's own finance items (FINANCE_FIXED) they make the 53 public-finance items of the report.
BUDGET_UNITS = (
    "BGS",
    "CZJ",
    "JCSJ",
    "TCZX",
    "RSJ",
    "CGJ",
    "JFJ",
    "SWJ",
    "ZZB",
    "XCB",
    "AJJ",
    "WJJ",
    "ZCB",
    "SMQ",
    "DSJD",
    "ZMQ",
    "JS",
    "LH",
    "ZB",
    "LB",
)
_COLUMN_PUBLISHERS = {
    "招商动态": "TCZX",
    "招商项目": "TCZX",
    "招商政策": "TCZX",
    "投资环境": "TCZX",
    "装备制造产业园": "TCZX",
    "电子信息产业园": "TCZX",
    "生物医药产业园": "TCZX",
    "现代物流园": "TCZX",
    "企业风采": "JFJ",
    "企业动态": "JFJ",
    "企业服务": "JFJ",
    "招聘信息": "RSJ",
    "网上办事": "TCZX",
    "善德故事": "XCB",
    "文明创建": "XCB",
    "道德模范": "XCB",
    "镇街动态": "SMQ",
}
_VILLAGES = tuple(v for v in COMMUNITIES["石门桥镇"] if v.endswith("村"))
_PROJECTS = (
    "年产{n}万台{product}",
    "{industry}产业园标准厂房",
    "{company}总部基地",
    "{industry}孵化中心",
    "德山大道提质改造",
    "善卷路延伸",
    "桃林路排水管网改造",
    "青山社区综合服务中心",
    "九龙庵村美丽乡村",
)


class _Titles:
    """Fills title templates with the zone's names, avoiding repeats where it can."""

    def __init__(self, rng: random.Random, year: int, cat: Catalogue):
        self.rng, self.year, self.cat = rng, year, cat
        self.units = [u.name for u in cat.units.values()]
        self.items = [spec.name for spec, _ in cat.items if spec.active]
        self.seen: set[str] = set()

    def slot(self, name: str, day: date | None) -> str:
        rng = self.rng
        if name in titles.SLOTS:
            return rng.choice(titles.SLOTS[name])
        if name == "project":
            return rng.choice(_PROJECTS).format(
                n=rng.choice((5, 10, 20, 30, 50)),
                product=self.slot("product", day),
                industry=self.slot("industry", day),
                company=brand(rng),
            )
        simple = {
            "year": lambda: str(self.year),
            "prev": lambda: str(self.year - 1),
            "month": lambda: str(day.month if day else rng.randint(1, 12)),
            "n": lambda: str(rng.randint(1, 6)),
            "q": lambda: str(rng.randint(1, 4)),
            "unit": lambda: rng.choice(self.units),
            "town": lambda: rng.choice(("石门桥镇", "德山街道", "樟木桥街道")),
            "village": lambda: rng.choice(_VILLAGES),
            "community": lambda: rng.choice(COMMUNITIES["德山街道"] + COMMUNITIES["樟木桥街道"]),
            "road": lambda: rng.choice(ROADS),
            "company": lambda: company_name(rng),
            "person": lambda: person_name(rng),
            "item": lambda: rng.choice(self.items),
        }
        return simple[name]()

    def fill(self, template: str, day: date | None = None, fixed: dict[str, str] | None = None) -> str:
        names = [part.split("}")[0] for part in template.split("{")[1:]]
        return template.format(**{n: (fixed or {}).get(n) or self.slot(n, day) for n in names})

    def make(self, templates: str | tuple[str, ...], day: date | None = None) -> str:
        """A title not used before from one of the templates (a repeat only when every try is taken)."""
        options = (templates,) if isinstance(templates, str) else templates
        for _ in range(40):
            title = self.fill(self.rng.choice(options), day)
            if title not in self.seen:
                break
        self.seen.add(title)
        return title


def build_items(rng: random.Random, cal: WorkCalendar, year: int, cat: Catalogue) -> list[dict[str, Any]]:
    days = working_days(cal, year)
    t = _Titles(rng, year, cat)
    col, unit = cat.columns, cat.units

    def item(
        title: str,
        column: str,
        day: date,
        publisher: str,
        key: str | None = None,
        carriers: str = WEB,
        doc_no: str | None = None,
    ) -> dict[str, Any]:
        return {
            "title": title,
            "publish_date": day,
            "web_column": col[column],
            "key_area": key,
            "unit": unit[publisher],
            "carriers": carriers,
            "doc_no": doc_no,
            "electronic": True,
        }

    def between(first: tuple[int, int], last: tuple[int, int]) -> date:
        span = [d for d in days if first <= (d.month, d.day) <= last]
        return rng.choice(span)

    out: list[dict[str, Any]] = []
    # 财政资金: every department's and town's budget and last year's final accounts, plus the zone's own (53).
    for code in BUDGET_UNITS:
        name = unit[code].name
        out.append(item(f"{name}{year}年部门预算公开", "财政信息", between((4, 10), (5, 31)), code, "财政资金"))
        out.append(item(f"{name}{year - 1}年度部门决算公开", "财政信息", between((8, 15), (9, 30)), code, "财政资金"))
    for template, first, last in titles.FINANCE_FIXED:
        out.append(item(t.make(template), "财政信息", between(first, last), "CZJ", "财政资金"))
    # 保障性住房、食品药品安全、征地拆迁 together 30.
    housing, food = rng.randint(10, 13), rng.randint(7, 9)
    for key, count, templates, publisher in (
        ("保障性住房", housing, titles.HOUSING, "ZB"),
        ("食品药品安全", food, titles.FOOD, "SYJ"),
        ("征地拆迁", 30 - housing - food, titles.LAND, "ZCB"),
    ):
        for day in sorted(rng.choice(days) for _ in range(count)):
            out.append(item(t.make(templates, day), "重点领域信息公开", day, publisher, key, BOARD))
    # 行政审批: the guide of each item in the provincial online system, and the weekly case notice of the center.
    for spec, _ in cat.items:
        if spec.online and spec.active:
            out.append(item(f"{spec.name}办事指南", "办事指南", between((3, 1), (4, 30)), spec.unit, "行政审批"))
    mondays = sorted({d for d in days if d.weekday() == 0})
    for n, day in enumerate(mondays, start=1):
        out.append(
            item(f"政务服务中心{year}年第{n}周办件情况公示", "办件公示", day, "TCZX", "行政审批", "政府网站、电子屏")
        )
    out += _personnel(rng, days, year, item)
    # 惠农补贴: the towns post their subsidy lists on the website and their notice boards.
    farm = [(town, template) for town in ("SMQ", "DSJD", "ZMQ") for template in titles.FARM]
    for town, template in rng.sample(farm, k=rng.randint(7, len(farm))):
        out.append(
            item(
                template.format(town=unit[town].name, year=year), "通知公告", rng.choice(days), town, "惠农补贴", BOARD
            )
        )
    for name, doc_no, issued, _ in titles.NORMATIVE:
        if issued.startswith("{y}"):
            day = cal.next_workday(date.fromisoformat(issued.format(y=year)))
            out.append(item(name, "规范性文件", day, "BGS", None, WEB, doc_no.format(y=year)))
    out += [
        item(f"常德经开区{year - 1}年政府信息公开工作年度报告", "政府信息公开年报", between((3, 20), (3, 31)), "BGS"),
        item(f"常德经开区政府信息公开指南（{year}年修订）", "政府信息公开指南", between((1, 5), (1, 30)), "BGS"),
        item(f"常德经开区政府信息公开目录（{year}年版）", "政府信息公开目录", between((1, 5), (1, 30)), "BGS"),
        item("常德经济技术开发区简介", "园区简介", between((1, 5), (2, 10)), "BGS"),
        item(f"经开区党工委、管委会领导分工（{year}年调整）", "领导之窗", between((2, 1), (3, 31)), "BGS"),
        item("经开区机构设置及主要职能", "机构设置", between((2, 1), (3, 31)), "BGS"),
        item("经开区区位交通图", "区位交通", between((1, 5), (2, 10)), "BGS"),
    ]
    out += _everyday(rng, days, t, TOTAL_ITEMS - len(out), item)
    out.sort(key=lambda r: r["publish_date"])
    return out


def _everyday(rng: random.Random, days: list[date], t: _Titles, count: int, item) -> list[dict[str, Any]]:
    """News, notices and the other columns, in proportion to their weights and spread over the year."""
    columns = list(titles.NEWS)
    weights = [titles.NEWS[c][0] for c in columns]
    dates = [d for d, n in zip(days, spread(rng, days, count, MONTH_WEIGHTS, 0.4), strict=True) for _ in range(n)]
    out = []
    for day in dates:
        column = rng.choices(columns, weights)[0]
        for _ in range(40):
            template = rng.choice(titles.NEWS[column][1])
            publisher, fixed = _publisher(rng, t, column, template)
            title = t.fill(template, day, fixed)
            if title not in t.seen:
                break
        t.seen.add(title)
        carriers = "政府网站、电子屏" if column == "通知公告" and rng.random() < 0.3 else WEB
        out.append(item(title, column, day, publisher, None, carriers))
    return out


def _publisher(rng: random.Random, t: _Titles, column: str, template: str) -> tuple[str, dict[str, str]]:
    """Who publishes an item: the unit, town or item's unit the title names, else the column's usual publisher."""
    cat = t.cat
    if "{unit}" in template:
        code = rng.choice(list(cat.units))
        return code, {"unit": cat.units[code].name}
    if "{town}" in template:
        code = rng.choice(_TOWNS)
        return code, {"town": cat.units[code].name}
    if "{village}" in template:
        return "SMQ", {}
    if "{community}" in template:
        code = rng.choice(("DSJD", "ZMQ"))
        return code, {"community": rng.choice(COMMUNITIES[cat.units[code].name])}
    if "{item}" in template:
        spec = rng.choice([spec for spec, _ in cat.items if spec.active and spec.weight])
        return spec.unit, {"item": spec.name}
    if "政务服务中心" in template:
        return "TCZX", {}
    return _COLUMN_PUBLISHERS.get(column, "BGS"), {}


def _personnel(rng: random.Random, days: list[date], year: int, item) -> list[dict[str, Any]]:
    """人事: numbered batches of 干部任前公示 through the year, and the stages of three recruitments in order."""
    out = []
    batches = rng.randint(8, 10)
    for n, day in enumerate(sorted(rng.sample(days, batches)), start=1):
        out.append(item(f"{year}年第{n}批干部任前公示", "人事信息", day, "ZZB", "人事", BOARD))
    for post in rng.sample(titles.RECRUIT_POSTS, 3):
        start = rng.randrange(len(days) - 60)
        for i, stage in enumerate(titles.RECRUIT_STAGES):
            out.append(
                item(
                    f"经开区{year}年公开招聘{post}{stage}",
                    "人事信息",
                    days[start + i * 12 + rng.randint(0, 8)],
                    "RSJ",
                    "人事",
                    BOARD,
                )
            )
    return out


def build_normative(year: int) -> list[dict[str, Any]]:
    """The zone's normative documents (no 规章: a development zone cannot make them)."""
    years = {"y": year, "y1": year - 1, "y2": year - 2, "y3": year - 3}
    return [
        {
            "name": name,
            "doc_no": doc_no.format(**years),
            "category": "行政规范性文件",
            "issued_date": issued.format(**years),
            "repealed_date": repealed.format(**years) if repealed else None,
        }
        for name, doc_no, issued, repealed in titles.NORMATIVE
    ]


def load_publication(rng: random.Random, cal: WorkCalendar, year: int, cat: Catalogue) -> tuple[int, int]:
    items = [PROACTIVE_REGISTER.prepare(row) for row in build_items(rng, cal, year, cat)]
    PROACTIVE_REGISTER.create_many(items, SYSTEM)
    docs = [
        NORMATIVE_REGISTER.prepare({k: v for k, v in row.items() if v is not None}) for row in build_normative(year)
    ]
    NORMATIVE_REGISTER.create_many(docs, SYSTEM)
    return len(items), len(docs)
