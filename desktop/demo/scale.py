"""Synthetic registers at scale (`zwgk demo --scale N --years Y`): N window cases, N/5 hotline tickets, N/100
disclosure requests and N/10 proactive items over Y years, for benchmarks and for trying the app with a decade
of data. The values are drawn like the 2015 demo's (same catalogue, people, texts and working-day calendar)
and pass the registers' rules, but are written straight to the tables in large batches — validating a million
forms one by one would take hours. Each record gets its 新建 audit entry with every value, as a save writes it
(the chain that backups and `zwgk verify` check), and each register one entry saying how many were generated."""

from __future__ import annotations

import itertools
import random
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import peewee as pw

from desktop.db import audit, bulk, search, write_transaction
from desktop.db.connection import database_proxy
from desktop.db.models import (
    DISCLOSURE,
    HOTLINE,
    PROACTIVE,
    REGISTERS,
    WINDOW,
    Counter,
    HotlineLimit,
)
from desktop.db.portable import upsert
from desktop.demo import hotline as demo_hotline
from desktop.demo import publication as demo_publication
from desktop.demo import publication_titles as titles
from desktop.demo.catalogue import Catalogue, load_catalogue
from desktop.demo.people import address, company_pool, person, person_name
from desktop.demo.window import (
    RATINGS,
    _applicant,
    _process,
    _raw_fee,
    later_same_session,
    office_time,
    spread,
    working_days,
)
from desktop.domain import vocab
from desktop.domain.deadlines import disclosure_due, hotline_due, window_promise_date
from desktop.domain.outcomes import OUTCOMES
from desktop.domain.workdays import WorkCalendar
from desktop.registers import ALL, SYSTEM, Register
from desktop.registers.calendar import current_calendar

GROWTH = 1.06  # each year a little busier than the one before
BATCH = 50_000  # rows inserted, and audit entries chained, at a time
Progress = Callable[[str, int], None]


@dataclass
class ScaleSummary:
    first_year: int
    last_year: int
    window_cases: int = 0
    hotline_tickets: int = 0
    disclosure_requests: int = 0
    proactive_items: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        return "\n".join(
            [
                f"  年度：{self.first_year}–{self.last_year}",
                f"  窗口办件：{self.window_cases:,} 条",
                f"  热线工单：{self.hotline_tickets:,} 条",
                f"  依申请公开：{self.disclosure_requests:,} 条",
                f"  主动公开：{self.proactive_items:,} 条",
                f"  用时 {self.seconds:.0f} 秒",
            ]
        )


def default_last_year(cal: WorkCalendar) -> int:
    """The last year whose following year's calendar is loaded too (December deadlines run into it)."""
    return max(y for y in cal.years if y + 1 in cal.years)


def per_year(total: int, years: list[int]) -> dict[int, int]:
    """`total` split over the years, growing by GROWTH a year (largest remainders)."""
    weights = [GROWTH**i for i in range(len(years))]
    exact = [total * w / sum(weights) for w in weights]
    counts = [int(x) for x in exact]
    for i in sorted(range(len(years)), key=lambda i: exact[i] - counts[i], reverse=True)[: total - sum(counts)]:
        counts[i] += 1
    return dict(zip(years, counts, strict=True))


def load_scale(
    cases: int = 1_000_000,
    years: int = 10,
    seed: int = 1,
    last_year: int | None = None,
    progress: Progress | None = None,
) -> ScaleSummary:
    """Fill the empty database bound by init_db; the same arguments give the same data."""
    from desktop.demo import ensure_empty

    started = time.perf_counter()
    cal = current_calendar()
    last = last_year or default_last_year(cal)
    span = list(range(last - years + 1, last + 1))
    for y in (*span, last + 1):
        cal.require(y)
    summary = ScaleSummary(span[0], last)
    say = progress or (lambda _what, _n: None)
    database = database_proxy.obj
    with write_transaction():
        ensure_empty()
        cat, _ = load_catalogue(random.Random(f"{seed}:catalogue"))
    generators = (
        ("window_cases", WINDOW, cases, _window_rows),
        ("hotline_tickets", HOTLINE, cases // 5, _hotline_rows),
        ("disclosure_requests", DISCLOSURE, cases // 100, _disclosure_rows),
        ("proactive_items", PROACTIVE, cases // 10, _proactive_rows),
    )
    for name, decl, total, rows in generators:
        rng = random.Random(f"{seed}:{name}")
        counters: dict[str, int] = {}
        with write_transaction():
            written = _write(
                database, decl, rows(rng, cal, cat, per_year(total, span), counters), lambda n, t=decl.title: say(t, n)
            )
            for counter, value in counters.items():
                upsert(Counter, Counter.name, name=counter, value=value)
            audit.append(
                "生成",
                decl.key,
                SYSTEM.username,
                record_label=f"演示数据：{decl.title}{written:,}条",
                changes={"count": ("条数", None, written), "years": ("年度", None, f"{span[0]}–{last}")},
            )
        setattr(summary, name, written)
    say("优化索引", 0)
    search.optimize(database, REGISTERS)
    summary.seconds = time.perf_counter() - started
    return summary


def _write(database: pw.Database, decl: Any, rows: Iterator[dict[str, Any]], progress: Callable[[int], None]) -> int:
    """Insert the generated rows (dicts of Python values) in storage form, BATCH at a time, each batch with the
    audit entries of its records."""
    model = decl.model
    register = ALL[decl.key]
    fields = [f for f in model._meta.sorted_fields if f.name != "id"]
    columns = [f.column_name for f in fields]
    convert = bulk.storage_converters(database, fields)
    now = datetime.now().replace(microsecond=0)
    common = {
        "created_at": now,
        "created_by": SYSTEM.username,
        "updated_at": now,
        "updated_by": SYSTEM.username,
        "voided": False,
        "void_reason": "",
        "version": 1,
    }
    plan = [(f.name, convert[i], f.default if not callable(f.default) else None) for i, f in enumerate(fields)]

    def stored(row: dict[str, Any]) -> tuple[Any, ...]:
        values = []
        for name, conv, default in plan:
            v = row.get(name, common.get(name, default))
            if isinstance(v, pw.Model):
                v = v.id
            values.append(conv(v) if conv is not None and v is not None else v)
        return tuple(values)

    count = 0
    with search.deferred_index(database, decl):
        while batch := list(itertools.islice(rows, BATCH)):
            bulk.insert_rows(database, decl.table, columns, [stored(row) for row in batch])
            audit.append_many(
                [register.created_entry(row["uuid"], _declared(register, row)) for row in batch], SYSTEM.username, now
            )
            count += len(batch)
            progress(count)
    return count


def _declared(register: Register, row: dict[str, Any]) -> dict[str, Any]:
    """The row's values of the register's declared fields, as a save's audit entry lists them (catalogue
    references as ids, which is what `verify` replays)."""
    return {
        f.name: row[f.name].id if isinstance(row[f.name], pw.Model) else row[f.name]
        for f in register.decl.fields
        if f.name in row
    }


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _next(counters: dict[str, int], name: str) -> int:
    counters[name] = counters.get(name, 0) + 1
    return counters[name]


# -- 窗口办件 ------------------------------------------------------------------------------------------------------


def _window_rows(
    rng: random.Random, cal: WorkCalendar, cat: Catalogue, counts: dict[int, int], counters: dict[str, int]
) -> Iterator[dict[str, Any]]:
    items = [(spec, model) for spec, model in cat.items if spec.weight and spec.active]
    cum, acc = [], 0
    for spec, _ in items:
        acc += spec.weight
        cum.append(acc)
    companies = company_pool(rng, 3000)
    people = [person(rng) for _ in range(60_000)]
    last = max(counts)
    data_end = date(last, 12, 31)
    for index, (year, total) in enumerate(sorted(counts.items())):
        days = working_days(cal, year)
        rush_from = days[-10] if year == last else date.max
        online_share = min(0.9, 0.08 + 0.09 * index)  # the provincial online system takes over year by year
        for day, n in zip(days, spread(rng, days, total), strict=True):
            batch = []
            for spec, model in rng.choices(items, cum_weights=cum, k=n):
                received = office_time(rng, day)
                case: dict[str, Any] = {
                    "item": model.id,
                    "unit": model.__data__["unit"],
                    "category": spec.category,
                    "case_type": "即办件" if spec.promise == 0 else "承诺件",
                    "promise_days": spec.promise,
                    "received_at": received,
                    "handler": rng.choice(cat.staff[spec.unit]),
                    "rating": "未评价",
                }
                if rng.random() < spec.corp:
                    case.update(_applicant(rng, spec, companies))
                else:
                    who = rng.choice(people)
                    case.update(
                        applicant_type="个人",
                        applicant=who.name,
                        id_kind="居民身份证",
                        id_number=who.id_number,
                        phone=who.phone,
                    )
                if rng.random() < 0.001:
                    case.update(
                        status="不予受理",
                        concluded_at=received + timedelta(minutes=rng.randint(10, 40)),
                        remark="申请材料不符合法定形式且无法当场补正，不予受理",
                    )
                else:
                    case["accepted_at"] = later_same_session(received, rng.randint(1, 15))
                    _process(rng, cal, case, spec, data_end, rush_from)
                    _window_outcome(rng, cal, case, spec, online_share)
                case["_code"] = spec.unit
                batch.append(case)
            batch.sort(key=lambda c: c["received_at"])
            for case in batch:
                code = case.pop("_code")
                case["number"] = f"{year}-{code}-{_next(counters, f'window:{year}:{code}'):05d}"
                case["uuid"] = _uuid(rng)
                yield case


def _window_outcome(rng: random.Random, cal: WorkCalendar, case: dict[str, Any], spec: Any, online: float) -> None:
    """承诺办结日期, fee, online and rating of an accepted case."""
    accepted = case["accepted_at"]
    pauses = [(case[f"{k}_start"], case.get(f"{k}_end")) for k in ("correction", "suspend") if case.get(f"{k}_start")]
    if pauses:
        case["promised_date"] = window_promise_date(cal, accepted, spec.promise, pauses).due
    else:
        case["promised_date"] = cal.add_workdays(accepted.date(), spec.promise)
    if case.get("status") != "办结":
        return
    if spec.fee:
        case["fee"] = Decimal(max(1, round(_raw_fee(rng, spec, case["applicant_type"]))))
    if spec.online and rng.random() < online:
        case["online"] = True
    if rng.random() < 0.42:
        r = rng.random()
        if r < 0.002:  # a dissatisfied applicant: called back and put right within two weeks
            done = case["concluded_at"].date()
            callback = cal.add_workdays(done, rng.randint(1, 3))
            case.update(
                rating="不满意",
                fix_callback_date=callback,
                fix_finding="办理时限告知不清，申请人多次往返",
                fix_measure="一次性告知办理流程和时限，窗口人员加强业务培训",
                fix_due_date=cal.add_workdays(callback, 10),
            )
            if cal.covers(case["fix_due_date"].year) and rng.random() < 0.95:
                case["fix_done_date"] = cal.add_workdays(callback, rng.randint(2, 10))
        else:
            names, weights = zip(*RATINGS, strict=True)
            case["rating"] = rng.choices(names, weights)[0]


# -- 热线工单 ------------------------------------------------------------------------------------------------------


def _hotline_rows(
    rng: random.Random, cal: WorkCalendar, cat: Catalogue, counts: dict[int, int], counters: dict[str, int]
) -> Iterator[dict[str, Any]]:
    limits = {row.appeal_type: row.days for row in HotlineLimit.select()}
    companies = company_pool(rng, 300)
    operators = [person_name(rng) for _ in range(8)]
    cutoff = datetime(max(counts) + 1, 1, 1)
    hours = demo_hotline.HOUR_WEIGHTS
    for year, total in sorted(counts.items()):
        first = date(year, 1, 1)
        length = (date(year + 1, 1, 1) - first).days
        calls = sorted(
            datetime.combine(first + timedelta(days=rng.randrange(length)), datetime.min.time())
            + timedelta(hours=rng.choices(range(24), hours)[0], minutes=rng.randrange(60))
            for _ in range(total)
        )
        for called in calls:
            source = demo_hotline._pick(rng, demo_hotline.SOURCES)
            t: dict[str, Any] = {
                "called_at": called,
                "source": source,
                "receiver": rng.choice(operators),
                **demo_hotline._caller(rng, source),
                **demo_hotline._content(rng, year, companies),
            }
            demo_hotline._flow(rng, cal, t, limits[t["appeal_type"]], cat, cutoff)
            start = t.get("dispatched_at") or (called if t.get("handling") == "直办" else None)
            if start is not None:
                t["due_date"] = hotline_due(cal, start, limits[t["appeal_type"]], t.get("extension_days") or 0).due
            t["topic"] = cat.topics[t["_topic"]].id
            t["anonymous"] = bool(t.get("anonymous"))
            t["number"] = f"{called:%Y%m%d}-{_next(counters, f'hotline:{called:%Y%m%d}'):04d}"
            t["uuid"] = _uuid(rng)
            yield {k: v for k, v in t.items() if not k.startswith("_")}


# -- 依申请公开 ----------------------------------------------------------------------------------------------------

_REQUEST_SUBJECTS = (
    "{year}年{place}征地拆迁补偿安置方案",
    "{place}{year}年度财政预算执行情况",
    "{company}建设项目环境影响评价批复",
    "{year}年{place}保障性住房分配名单",
    "{place}集体土地征收批复文件",
    "{company}项目规划许可证及附图",
    "{year}年经开区招商引资优惠政策兑现情况",
    "{place}道路改造工程招标投标情况",
    "{year}年{place}惠农补贴发放名册",
    "经开区管委会{year}年第{n}次主任办公会议纪要",
    "{company}安全生产事故调查报告",
    "{place}违法建设拆除决定书",
)
_OUTCOME_WEIGHTS = {
    "r1_open": 45,
    "r2_partial": 12,
    "r4_1": 8,
    "r4_2": 4,
    "r5_1": 18,
    "r5_2": 4,
    "r5_3": 3,
    "r3_1": 1,
    "r3_4": 2,
    "r3_6": 1,
    "r3_8": 2,
    "r6_3": 1,
}
_KIND_WEIGHTS = {"自然人": 82, "商业企业": 10, "科研机构": 1, "社会公益组织": 2, "法律服务机构": 4, "其他": 1}
_CHANNEL_WEIGHTS = {
    "当面": 30,
    "信函（挂号）": 25,
    "信函（平信）": 5,
    "网络平台": 30,
    "电子邮件": 7,
    "传真": 1,
    "口头代填": 2,
}


def _disclosure_rows(
    rng: random.Random, cal: WorkCalendar, cat: Catalogue, counts: dict[int, int], counters: dict[str, int]
) -> Iterator[dict[str, Any]]:
    companies = company_pool(rng, 200)
    outcomes = [o for o in OUTCOMES if o.key in _OUTCOME_WEIGHTS]
    weights = [_OUTCOME_WEIGHTS[o.key] for o in outcomes]
    kinds, kind_weights = zip(*_KIND_WEIGHTS.items(), strict=True)
    channels, channel_weights = zip(*_CHANNEL_WEIGHTS.items(), strict=True)
    data_end = date(max(counts), 12, 31)
    places = ("石门桥镇", "德山街道", "樟木桥街道", "经开区")
    for year, total in sorted(counts.items()):
        days = working_days(cal, year)
        for received in sorted(rng.choice(days) for _ in range(total)):
            kind = rng.choices(kinds, kind_weights)[0]
            r: dict[str, Any] = {
                "channel": rng.choices(channels, channel_weights)[0],
                "arrived_date": received,
                "received_date": received,
                "applicant_type": kind,
                "fee_method": "不收费",
            }
            if kind == "自然人":
                who = person(rng)
                r.update(
                    applicant=who.name,
                    id_kind="居民身份证",
                    id_number=who.id_number,
                    phone=who.phone,
                    address=address(rng),
                )
            else:
                firm = rng.choice(companies)
                r.update(applicant=firm.name, id_kind="统一社会信用代码", id_number=firm.credit_code, phone=firm.phone)
            subject = rng.choice(_REQUEST_SUBJECTS).format(
                year=year - rng.randint(0, 2),
                place=rng.choice(places),
                company=rng.choice(companies).name,
                n=rng.randint(1, 30),
            )
            r["content"] = f"申请公开{subject}。"
            r["delivery_form"] = rng.choice(vocab.DELIVERY_FORMS)
            due = disclosure_due(cal, received).due
            r["due_date"] = due
            reply = cal.add_workdays(received, rng.randint(3, 19))
            if reply > data_end:
                r["status"] = "登记"
            else:
                outcome = rng.choices(outcomes, weights)[0]
                r.update(
                    status="已办结",
                    outcome=outcome.choice,
                    outcome_basis=outcome.basis,
                    reply_date=reply,
                    reply_doc_no=f"经开信公〔{year}〕{rng.randint(1, 999)}号",
                    service_method=rng.choice(vocab.SERVICE_METHODS),
                    served_date=min(data_end, reply + timedelta(days=rng.randint(0, 3))),
                )
            r["handler"] = "公开办"
            r["number"] = f"{year}-{_next(counters, f'disclosure:{year}'):03d}"
            r["uuid"] = _uuid(rng)
            yield r


# -- 主动公开 ------------------------------------------------------------------------------------------------------


def _proactive_rows(
    rng: random.Random, cal: WorkCalendar, cat: Catalogue, counts: dict[int, int], counters: dict[str, int]
) -> Iterator[dict[str, Any]]:
    columns = list(titles.NEWS)
    column_weights = [titles.NEWS[c][0] for c in columns]
    areas = [a for a in vocab.KEY_AREAS if a != "其他"]
    for year, total in sorted(counts.items()):
        days = working_days(cal, year)
        t = demo_publication._Titles(rng, year, cat)
        for day, n in zip(days, spread(rng, days, total, demo_publication.MONTH_WEIGHTS, 0.4), strict=True):
            for _ in range(n):
                column = rng.choices(columns, column_weights)[0]
                template = rng.choice(titles.NEWS[column][1])
                publisher, fixed = demo_publication._publisher(rng, t, column, template)
                yield {
                    "title": t.fill(template, day, fixed),
                    "publish_date": day,
                    "web_column": cat.columns[column].id,
                    "key_area": rng.choice(areas) if rng.random() < 0.06 else None,
                    "unit": cat.units[publisher].id,
                    "carriers": "政府网站、电子屏" if column == "通知公告" and rng.random() < 0.3 else "政府网站",
                    "electronic": True,
                    "uuid": _uuid(rng),
                }
