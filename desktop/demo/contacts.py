"""咨询与留言 of the demo year: window tallies, 200 praise entries, phone and website consultations.

The reference report's consultation section says "共接受市民咨询约8000人次，其中咨询电话接听约1000人次，当面咨询约
5000次，网上咨询约1000人次", which does not add up (1000 + 5000 + 1000 = 7000). The demo keeps the total of about 8000
and the "5000余人次" of the service center (the window tallies), and makes the phone consultations about 2000, so that
every figure of the report is computed from one consistent register.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from desktop.demo.catalogue import Catalogue
from desktop.demo.window import spread, working_days
from desktop.domain.workdays import WorkCalendar
from desktop.registers import SYSTEM
from desktop.registers.contacts import CONTACT_REGISTER

PRAISE_ENTRIES = 200  # "收到表扬留言200条"
WINDOW_UNITS = ("GS", "HB", "GH", "GT", "JS", "XF", "LH", "LB", "GSH", "GD", "FG", "ZB", "SF", "WT", "DC")
_PRAISE = (
    "感谢{unit}窗口{staff}同志热情周到，一次性告知所需材料，当天就办好了{item}。",
    "{unit}窗口{staff}耐心细致，主动帮助填写表格，为我们节省了很多时间。",
    "为{unit}窗口点赞！{item}比承诺时限提前办结，服务规范高效。",
    "{unit}窗口工作人员{staff}午休时间仍为我们加班办理{item}，特此表扬。",
    "{unit}窗口{staff}业务熟练、态度和蔼，解答问题清楚明白。",
)
_PRAISE_HANDLING = (
    "已在政务中心公示栏公示，计入窗口月度考评",
    "已转告窗口单位，予以通报表扬",
    "已登记，纳入年度评先评优依据",
)
_ONLINE = (
    ("咨询{item}需要提交哪些材料，能否网上预审", "已在网站回复，告知所需材料清单及网上申报方式"),
    ("咨询{item}的办理时限和收费标准", "已在网站回复，告知承诺时限和收费依据"),
    ("咨询经开区{policy}的具体规定", "已转{unit}答复，并在网站公开回复内容"),
    ("询问{item}办理进度", "已转{unit}核实，告知当前办理环节"),
    ("咨询政务中心周末是否对外办公", "已回复：政务中心周一至周五办公，法定调休上班日正常办公"),
    ("咨询如何申请公开政府信息", "已回复：可通过网站、信函或当面提交申请，并告知申请表下载地址"),
)
_POLICIES = (
    "招商引资优惠政策",
    "企业发展专项资金申报",
    "标准厂房租赁补贴",
    "高校毕业生就业补贴",
    "公共租赁住房申请条件",
    "征地拆迁补偿标准",
    "城乡居民养老保险缴费档次",
    "个体工商户税收优惠",
)
_COMPLAINTS = (
    ("反映窗口工作人员离岗，等候时间较长", "已核实并约谈窗口负责人，落实AB岗制度，已回复投诉人"),
    ("反映办理{item}时被要求重复提交材料", "已督促窗口执行一次性告知制度，已向当事人道歉并回复"),
    ("反映取号排队系统故障，叫号混乱", "已联系厂家维修，系统恢复正常，已回复投诉人"),
    ("反映停车位紧张，办事群众停车不便", "已协调在中心东侧增设临时停车位，已回复"),
)
_SUGGESTIONS = (
    ("建议政务中心增设自助填表台和打印服务", "已采纳，在大厅增设自助服务区"),
    ("建议延长中午办公时间，实行午间轮值", "已研究，对部分高频事项实行午间预约服务"),
    ("建议在网站公布各窗口办事指南的表格样本", "已采纳，在“办事大厅—表格下载”栏目公布"),
    ("建议增加节假日前的办件高峰期窗口人员", "已转相关窗口单位研究落实"),
    ("建议开通办件进度短信提醒", "已纳入省网上政务服务系统应用推广计划"),
)


def _split(rng: random.Random, n: int, parts: int) -> list[int]:
    """`n` split into `parts` tallies of at least 2 each (the caller ensures n >= 2 * parts)."""
    out = [2] * parts
    for _ in range(n - 2 * parts):
        out[rng.randrange(parts)] += 1
    return out


def _day_tallies(rng: random.Random, days: list[date], total: int, max_parts: int) -> list[tuple[date, int]]:
    """Daily tallies of at least 2 人次 adding up to exactly `total`; a day with fewer than 2 carries to the next."""
    out: list[tuple[date, int]] = []
    carry = 0
    for day, n in zip(days, spread(rng, days, total), strict=True):
        n += carry
        if n < 2:
            carry = n
            continue
        carry = 0
        parts = max(1, min(n // 2, rng.randint(1, max_parts)))
        out += [(day, k) for k in _split(rng, n, parts)]
    if carry:  # the last days were too quiet: add to the last tally rather than lose anyone
        day, k = out[-1]
        out[-1] = (day, k + carry)
    return out


def build_contacts(rng: random.Random, cal: WorkCalendar, year: int, cat: Catalogue) -> list[dict[str, Any]]:
    workdays = working_days(cal, year)
    all_days = [date(year, 1, 1) + timedelta(days=i) for i in range((date(year + 1, 1, 1) - date(year, 1, 1)).days)]
    items = {code: [spec.name for spec, _ in cat.items if spec.unit == code and spec.weight] for code in WINDOW_UNITS}
    unit_weights = [sum(spec.weight for spec, _ in cat.items if spec.unit == code) for code in WINDOW_UNITS]
    rows: list[dict[str, Any]] = []

    # 当面咨询 at the windows: each window enters a daily tally (about 5000 a year, "5000余人次").
    used: set[tuple[date, str]] = set()
    for day, count in _day_tallies(rng, workdays, rng.randint(5_060, 5_240), 6):
        code = rng.choices(WINDOW_UNITS, unit_weights)[0]
        while (day, code) in used:  # one tally per window and day
            code = rng.choices(WINDOW_UNITS, unit_weights)[0]
        used.add((day, code))
        rows.append(
            {
                "date": day,
                "point": "政务中心窗口",
                "unit": cat.units[code],
                "channel": "当面",
                "type": "咨询",
                "count": count,
                "summary": f"当日窗口咨询汇总：主要咨询{rng.choice(items[code])}的办理条件和所需材料",
                "handling": "当场解答，一次性告知",
            }
        )

    # Phone consultations: the 公开办 line (0736-7312025) on working days, the 7312345 hotline every day.
    phone_total = rng.randint(1_950, 2_050)
    office_total = round(phone_total * rng.uniform(0.28, 0.34))
    for day, count in _day_tallies(rng, workdays, office_total, 1):
        rows.append(
            {
                "date": day,
                "point": "公开办",
                "unit": cat.units["BGS"],
                "channel": "电话",
                "type": "咨询",
                "count": count,
                "summary": "当日电话咨询汇总：政府信息公开、办事指南、政策咨询",
                "handling": "电话解答",
            }
        )
    for day, count in _day_tallies(rng, all_days, phone_total - office_total, 1):
        rows.append(
            {
                "date": day,
                "point": "热线",
                "channel": "电话",
                "type": "咨询",
                "count": count,
                "summary": "当日热线政策咨询汇总（未形成工单的咨询来电）",
                "handling": "值班员当即解答",
            }
        )

    # Website messages, one entry each.
    for _ in range(rng.randint(970, 1_030)):
        code = rng.choices(WINDOW_UNITS, unit_weights)[0]
        text, handling = rng.choice(_ONLINE)
        fill = {"item": rng.choice(items[code]), "policy": rng.choice(_POLICIES), "unit": cat.units[code].name}
        rows.append(
            {
                "date": rng.choice(all_days),
                "point": "网站",
                "unit": cat.units[code],
                "channel": "网上",
                "type": "咨询",
                "summary": text.format(**fill),
                "handling": handling.format(**fill),
            }
        )

    rows += _praise(rng, workdays, cat, items, unit_weights)
    rows += _complaints_and_suggestions(rng, workdays, all_days, cat, items)
    rows.sort(key=lambda r: r["date"])
    return rows


def _praise(rng: random.Random, days: list[date], cat: Catalogue, items: dict, weights: list[int]) -> list[dict]:
    """200 praise entries: mostly notes in the center's message book, some letters and silk banners (锦旗)."""
    flags, letters = rng.randint(8, 12), rng.randint(18, 26)
    forms = ["锦旗"] * flags + ["表扬信"] * letters + ["留言"] * (PRAISE_ENTRIES - flags - letters)
    rng.shuffle(forms)
    out = []
    for form in forms:
        code = rng.choices(WINDOW_UNITS, weights)[0]
        text = rng.choice(_PRAISE).format(
            unit=cat.units[code].name.removeprefix("区"),
            staff=rng.choice(cat.staff[code]),
            item=rng.choice(items[code]),
        )
        if form == "锦旗":
            text = f"赠送锦旗：{text}"
        out.append(
            {
                "date": rng.choice(days),
                "point": "政务中心窗口",
                "unit": cat.units[code],
                "channel": "当面",
                "type": "表扬",
                "praise_form": form,
                "summary": text,
                "handling": rng.choice(_PRAISE_HANDLING),
            }
        )
    return out


def _complaints_and_suggestions(
    rng: random.Random, workdays: list[date], all_days: list[date], cat: Catalogue, items: dict
) -> list[dict]:
    out = []
    for text, handling in rng.sample(_COMPLAINTS, k=len(_COMPLAINTS)) + [rng.choice(_COMPLAINTS)]:
        code = rng.choice(WINDOW_UNITS)
        in_person = rng.random() < 0.6
        out.append(
            {
                "date": rng.choice(workdays),
                "point": "政务中心窗口" if in_person else "公开办",
                "unit": cat.units[code],
                "channel": "当面" if in_person else "电话",
                "type": "投诉",
                "summary": text.format(item=rng.choice(items[code])),
                "handling": handling,
            }
        )
    for text, handling in _SUGGESTIONS + tuple(rng.sample(_SUGGESTIONS, k=2)):
        online = rng.random() < 0.6
        out.append(
            {
                "date": rng.choice(all_days if online else workdays),
                "point": "网站" if online else "政务中心窗口",
                "channel": "网上" if online else "当面",
                "type": "建议",
                "summary": text,
                "handling": handling,
            }
        )
    return out


def load_contacts(rng: random.Random, cal: WorkCalendar, year: int, cat: Catalogue) -> int:
    prepared = [CONTACT_REGISTER.prepare(row) for row in build_contacts(rng, cal, year, cat)]
    CONTACT_REGISTER.create_many(prepared, SYSTEM)
    return len(prepared)
