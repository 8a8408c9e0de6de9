"""窗口办件 of the demo year: about 13,000 cases over the working days, fees adding up to about 10 million 元."""

from __future__ import annotations

import math
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from desktop.demo.catalogue import Catalogue
from desktop.demo.items import FEES, ItemSpec
from desktop.demo.people import company_pool, person
from desktop.domain.deadlines import window_promise_date
from desktop.domain.workdays import WorkCalendar
from desktop.registers import SYSTEM
from desktop.registers.window import WINDOW_REGISTER

ONLINE_CASES = 450  # "《湖南省网上政务和电子监察系统》已累计办结各类审批业务450件"
# Quiet around the Spring Festival and in the summer, busy in spring and before the year closes.
MONTH_WEIGHTS = (0.85, 0.62, 1.1, 1.05, 1.05, 1.0, 0.95, 0.9, 1.0, 0.95, 1.05, 1.15)
WEEKDAY_WEIGHTS = (1.2, 1.05, 1.0, 1.0, 0.85, 0.7, 0.7)  # Monday rush; make-up Saturdays and Sundays are quiet
# The provincial system was rolled out from the previous October: more of the year's online cases came late.
ONLINE_ROLLOUT = (0.3, 0.3, 0.4, 0.6, 0.7, 0.8, 1.0, 1.1, 1.3, 1.5, 1.7, 1.8)
RATINGS = (("非常满意", 0.56), ("满意", 0.37), ("基本满意", 0.07))
MORNING, AFTERNOON = (time(8, 30), time(12, 0)), (time(14, 30), time(17, 30))

_CORRECTION = "申请材料不齐全，已一次性书面告知需补齐补正的材料"
_SUSPEND = ("需组织专家评审，办件挂起", "需现场踏勘核实，办件挂起", "需征求相关部门意见，办件挂起")
_REFUSED = ("不属于本窗口受理范围，已告知申请人向有关部门申请", "申请材料不符合法定形式且无法当场补正，不予受理")
_RETURNED = ("申请人主动撤回申请，材料已退回", "项目暂缓实施，申请人申请退件", "申请人要求变更申请事项，原件退回")
_LATE = "涉及多部门会审，超出承诺时限办结"


def working_days(cal: WorkCalendar, year: int) -> list[date]:
    """The working days of the year by the official calendar (make-up weekend days included)."""
    day, out = date(year, 1, 1), []
    while day.year == year:
        if cal.is_workday(day):
            out.append(day)
        day += timedelta(days=1)
    return out


def spread(
    rng: random.Random,
    days: list[date],
    total: int,
    month_weights: tuple[float, ...] = MONTH_WEIGHTS,
    noise: float = 0.18,
) -> list[int]:
    """`total` split over `days` by month and weekday weights with day-to-day noise (largest remainders)."""
    weights = [month_weights[d.month - 1] * WEEKDAY_WEIGHTS[d.weekday()] * max(0.2, rng.gauss(1, noise)) for d in days]
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    counts = [int(x) for x in exact]
    for i in sorted(range(len(days)), key=lambda i: exact[i] - counts[i], reverse=True)[: total - sum(counts)]:
        counts[i] += 1
    return counts


def office_time(rng: random.Random, day: date) -> datetime:
    """A minute in office hours, the morning busier than the afternoon."""
    start, end = MORNING if rng.random() < 0.6 else AFTERNOON
    span = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    minutes = start.hour * 60 + start.minute + rng.randrange(span)
    return datetime.combine(day, time(minutes // 60, minutes % 60))


def later_same_session(moment: datetime, minutes: int) -> datetime:
    """`minutes` later, but not past the end of the morning or afternoon session."""
    end = MORNING[1] if moment.time() <= MORNING[1] else AFTERNOON[1]
    return min(moment + timedelta(minutes=minutes), datetime.combine(moment.date(), end))


def _applicant(rng: random.Random, spec: ItemSpec, companies: list) -> dict[str, Any]:
    if rng.random() < spec.corp:
        # A Pareto-like pick: a few busy firms (developers, builders) come to the windows again and again.
        firm = (
            companies[min(int(rng.paretovariate(1.2)) - 1, len(companies) - 1)]
            if rng.random() < 0.4
            else rng.choice(companies)
        )
        return {
            "applicant_type": "法人或其他组织",
            "applicant": firm.name,
            "id_kind": "统一社会信用代码",
            "id_number": firm.credit_code,
            "phone": firm.phone,
        }
    who = person(rng)
    return {
        "applicant_type": "个人",
        "applicant": who.name,
        "id_kind": "居民身份证",
        "id_number": who.id_number,
        "phone": who.phone,
    }


def _raw_fee(rng: random.Random, spec: ItemSpec, applicant_type: str) -> float:
    if spec.fee == "房屋登记费":
        return 550.0 if applicant_type != "个人" or rng.random() < 0.06 else 80.0
    mean, sigma = FEES[spec.fee].mean, 0.75
    median = mean / math.exp(sigma * sigma / 2)
    return min(max(median * math.exp(rng.gauss(0, sigma)), mean * 0.04), mean * 8)


def _process(
    rng: random.Random, cal: WorkCalendar, case: dict[str, Any], spec: ItemSpec, year_end: date, rush_from: date
) -> None:
    """Status, pauses and 办结时间 of an accepted case as they stood on 31 December."""
    accepted: datetime = case["accepted_at"]
    if rng.random() < 0.0012:
        case.update(
            status="退件",
            remark=rng.choice(_RETURNED),
            concluded_at=office_time(rng, cal.add_workdays(accepted, rng.randint(1, 3))),
        )
        if case["concluded_at"].date() > year_end:
            case.update(status="受理", remark=None, concluded_at=None)
        return
    if spec.promise == 0:
        case.update(status="办结", concluded_at=later_same_session(accepted, rng.randint(5, 45)))
        return
    pauses, kind = [], None
    if rng.random() < 0.04:
        kind = "correction"
    elif spec.promise >= 10 and rng.random() < 0.01:
        kind = "suspend"
    if kind:
        start = cal.add_workdays(accepted, rng.randint(0, 2))
        end = cal.add_workdays(start, rng.randint(1, 8) if kind == "correction" else rng.randint(5, 15))
        if start > year_end:
            kind = None
        elif end > year_end:  # still waiting for the papers (or the experts) at the end of the year
            status, field = ("补齐补正", "correction") if kind == "correction" else ("挂起", "suspend")
            case.update(
                {
                    "status": status,
                    f"{field}_start": start,
                    "remark": _CORRECTION if kind == "correction" else rng.choice(_SUSPEND),
                }
            )
            return
        else:
            field = "correction" if kind == "correction" else "suspend"
            case.update(
                {
                    f"{field}_start": start,
                    f"{field}_end": end,
                    "remark": _CORRECTION if kind == "correction" else rng.choice(_SUSPEND),
                }
            )
            pauses.append((start, end))
    due = window_promise_date(cal, accepted, spec.promise, pauses).due
    # Most cases are done well inside the promise (the center's 提速); a very few run late.
    if rng.random() < 0.0008:
        day = cal.add_workdays(due, rng.randint(1, 3))
        case["remark"] = _LATE
    elif pauses:
        day = cal.add_workdays(pauses[0][1], rng.randint(1, max(1, cal.workdays_in(pauses[0][1], due))))
    elif accepted.date() >= rush_from:  # the windows clear what they can before the year closes
        day = cal.add_workdays(accepted, 1 + int(rng.random() ** 3 * spec.promise * 0.4))
    else:
        day = cal.add_workdays(accepted, 1 + int(rng.random() ** 1.8 * spec.promise * 0.8))
    if day > year_end:
        case["status"] = "受理"
        return
    case.update(status="办结", concluded_at=office_time(rng, day))


def build_cases(rng: random.Random, cal: WorkCalendar, year: int, cat: Catalogue) -> list[dict[str, Any]]:
    """The raw values of every window case of the year, as a clerk would have typed them."""
    items = [(spec, model) for spec, model in cat.items if spec.weight and spec.active]
    cum, acc = [], 0
    for spec, _ in items:
        acc += spec.weight
        cum.append(acc)
    companies = company_pool(rng, 900)
    days = working_days(cal, year)
    year_end = date(year, 12, 31)
    accepted_total = rng.randint(12_950, 13_150)
    cases: list[dict[str, Any]] = []
    for day, count in zip(days, spread(rng, days, accepted_total), strict=True):
        for spec, model in rng.choices(items, cum_weights=cum, k=count):
            received = office_time(rng, day)
            case = {
                "item": model,
                **_applicant(rng, spec, companies),
                "received_at": received,
                "accepted_at": later_same_session(received, rng.randint(1, 15)),
                "handler": rng.choice(cat.staff[spec.unit]),
                "_spec": spec,
            }
            _process(rng, cal, case, spec, year_end, days[-10])
            cases.append(case)
    cases += _not_accepted(rng, days, items, cat, companies)
    _fees(rng, cases)
    _online(rng, cases)
    _ratings(rng, cases)
    cases.sort(key=lambda c: c["received_at"])
    return cases


def _not_accepted(rng: random.Random, days: list[date], items: list, cat: Catalogue, companies: list) -> list[dict]:
    """A few cases refused at the window (不予受理), and a few received on the last days and not yet accepted."""
    out = []
    pending = rng.randint(4, 8)
    for i in range(pending + rng.randint(10, 16)):
        refused = i >= pending
        day = rng.choice(days) if refused else rng.choice(days[-2:])
        spec, model = rng.choice(items)
        received = office_time(rng, day)
        case = {
            "item": model,
            **_applicant(rng, spec, companies),
            "received_at": received,
            "handler": rng.choice(cat.staff[spec.unit]),
            "_spec": spec,
            "status": "收件",
        }
        if refused:
            case.update(
                status="不予受理",
                concluded_at=later_same_session(received, rng.randint(10, 40)),
                remark=rng.choice(_REFUSED),
            )
        out.append(case)
    return out


def _fees(rng: random.Random, cases: list[dict[str, Any]]) -> None:
    """Fees of the concluded 收费类 cases, the area-based ones scaled so that the year adds up to about 1000万元."""
    charged = [c for c in cases if c["_spec"].fee and c.get("status") == "办结"]
    for c in charged:
        c["_raw_fee"] = _raw_fee(rng, c["_spec"], c["applicant_type"])
    fixed = sum(c["_raw_fee"] for c in charged if not FEES[c["_spec"].fee].scaled)
    scaled = sum(c["_raw_fee"] for c in charged if FEES[c["_spec"].fee].scaled)
    factor = (10_000_000 + rng.randint(-150_000, 200_000) - fixed) / scaled
    for c in charged:
        amount = c["_raw_fee"] * (factor if FEES[c["_spec"].fee].scaled else 1)
        c["fee"] = Decimal(max(1, round(amount)))


def _online(rng: random.Random, cases: list[dict[str, Any]]) -> None:
    """Exactly 450 concluded cases of online items were handled in the provincial system, more late in the year."""
    eligible = [c for c in cases if c["_spec"].online and c.get("status") == "办结"]
    # Weighted sampling without replacement (Efraimidis–Spirakis): the largest u ** (1 / w) win.
    keyed = sorted(
        eligible, key=lambda c: rng.random() ** (1 / ONLINE_ROLLOUT[c["received_at"].month - 1]), reverse=True
    )
    for c in keyed[:ONLINE_CASES]:
        c["online"] = True


def _ratings(rng: random.Random, cases: list[dict[str, Any]]) -> None:
    """About four in ten applicants rate the service, all of them satisfied (满意率 100%)."""
    names, weights = zip(*RATINGS, strict=True)
    for c in cases:
        if c.get("status") == "办结" and rng.random() < 0.42:
            c["rating"] = rng.choices(names, weights)[0]


def load_window(rng: random.Random, cal: WorkCalendar, year: int, cat: Catalogue) -> int:
    """Validate every case through the register and write them in one go; returns the number written."""
    prepared = []
    for case in build_cases(rng, cal, year, cat):
        raw = {k: v for k, v in case.items() if not k.startswith("_") and v is not None}
        prepared.append(WINDOW_REGISTER.prepare(raw))
    WINDOW_REGISTER.create_many(prepared, SYSTEM)
    return len(prepared)
