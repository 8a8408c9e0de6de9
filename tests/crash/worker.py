"""Crash-test worker: writes records through the register layer in a loop until killed, reporting each commit."""

from __future__ import annotations

import random
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

# Run as a script (`python tests/crash/worker.py DB SEED`): the project root must be importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import peewee as pw

from desktop.db import init_db
from desktop.db.lock import acquire
from desktop.registers import REGISTERS, SYSTEM, FieldErrors
from desktop.registers.base import Register
from desktop.registers.catalogues import SERVICE_ITEM_REGISTER, UNIT_REGISTER

WINDOW, HOTLINE, DUTY = REGISTERS["window"], REGISTERS["hotline"], REGISTERS["duty"]
UNITS = (
    {"name": "工商", "code": "GS", "kind": "进驻窗口单位", "staff_count": 3},
    {"name": "城管局", "code": "CG", "kind": "职能部门"},
)
ITEMS = (
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
)
NAMES = ("张三", "李四", "王五", "赵六", "某某有限公司", "刘女士", "陈先生")
FIRST_DAY = date(2015, 1, 5)


def report(register: Register, record: pw.Model) -> None:
    """One line per committed write, flushed at once: the test holds the database to every line it saw."""
    sys.stdout.write(f"COMMITTED {register.decl.key} {record.uuid} {record.version}\n")
    sys.stdout.flush()


def ensure_catalogue() -> None:
    """The units and item the cases need; a kill may have stopped an earlier run half way through them."""
    for unit in UNITS:
        if not UNIT_REGISTER.select().where(UNIT_REGISTER.model.name == unit["name"]).exists():
            report(UNIT_REGISTER, UNIT_REGISTER.save(unit, SYSTEM)[0])
    for item in ITEMS:
        if not SERVICE_ITEM_REGISTER.select().where(SERVICE_ITEM_REGISTER.model.code == item["code"]).exists():
            report(SERVICE_ITEM_REGISTER, SERVICE_ITEM_REGISTER.save(item, SYSTEM)[0])


def moment(rng: random.Random) -> datetime:
    day = FIRST_DAY + timedelta(days=rng.randrange(300))
    return datetime.combine(day, datetime.min.time()) + timedelta(hours=rng.randrange(8, 17), minutes=rng.randrange(60))


def window_case(rng: random.Random) -> dict[str, Any]:
    received = moment(rng)
    return {
        "item": "GS-001",
        "applicant": rng.choice(NAMES),
        "phone": f"139{rng.randrange(10**8):08d}",
        "received_at": received,
        "accepted_at": received + timedelta(minutes=30),
        "status": "受理",
        "remark": "甲" * rng.randrange(0, 2000),
    }  # long text spreads a row over several pages


def hotline_ticket(rng: random.Random) -> dict[str, Any]:
    return {
        "called_at": moment(rng),
        "caller": rng.choice(NAMES),
        "phone": f"137{rng.randrange(10**8):08d}",
        "appeal_type": rng.choice(("咨询", "投诉", "建议")),
        "topic": "城市管理",
        "content": "夜间施工噪音扰民" * rng.randrange(1, 50),
        "handling": "转办",
        "status": "待派单",
    }


def random_record(register: Register, rng: random.Random, *, voided: bool | None = False) -> pw.Model | None:
    query = register.model.select()
    if voided is not None:
        query = query.where(register.model.voided == voided)
    return query.order_by(pw.fn.Random()).first()


def update_window(rng: random.Random) -> pw.Model | None:
    record = random_record(WINDOW, rng)
    if record is None:
        return None
    if record.status == "受理" and rng.random() < 0.5:
        change = {
            "status": "办结",
            "concluded_at": record.accepted_at + timedelta(days=rng.randrange(1, 5)),
            "rating": rng.choice(("满意", "基本满意", "未评价")),
        }
    else:
        change = {"handler": rng.choice(NAMES), "remark": f"第{record.version + 1}版" + "乙" * rng.randrange(500)}
    return WINDOW.save(change, SYSTEM, record_id=record.id, expected_version=record.version)[0]


def update_hotline(rng: random.Random) -> pw.Model | None:
    record = random_record(HOTLINE, rng)
    if record is None:
        return None
    if record.status == "待派单" and rng.random() < 0.5:
        change = {
            "status": "已派单",
            "handler_unit": "城管局",
            "dispatched_at": record.called_at + timedelta(minutes=rng.randrange(5, 120)),
        }
    else:
        change = {"remark": f"第{record.version + 1}版", "address": rng.choice(("德山大道", "桃花源路", ""))}
    return HOTLINE.save(change, SYSTEM, record_id=record.id, expected_version=record.version)[0]


def void_or_restore(rng: random.Random) -> tuple[Register, pw.Model] | None:
    register = rng.choice((WINDOW, HOTLINE))
    restoring = rng.random() < 0.3
    record = random_record(register, rng, voided=restoring)
    if record is None:
        return None
    if restoring:
        register.restore(record.id, SYSTEM)
    else:
        register.void(record.id, "重复登记", SYSTEM)
    return register, register.model.get_by_id(record.id)


def duty_log(rng: random.Random) -> pw.Model | None:
    # Counting the tickets makes this a read-heavy write; a (date, shift) already logged is refused by the register.
    day = FIRST_DAY + timedelta(days=rng.randrange(300))
    try:
        return DUTY.save(
            {"date": day, "shift": rng.choice(("白班", "夜班")), "operators": "值班员甲、值班员乙"}, SYSTEM
        )[0]
    except FieldErrors as exc:
        if set(exc.errors) != {"shift"}:
            raise
        return None


def step(rng: random.Random) -> None:
    """One random write; what it committed is reported after its transaction has ended."""
    roll = rng.random()
    if roll < 0.25:
        report(WINDOW, WINDOW.save(window_case(rng), SYSTEM)[0])
    elif roll < 0.45:
        report(HOTLINE, HOTLINE.save(hotline_ticket(rng), SYSTEM)[0])
    elif roll < 0.55:
        # The import path: many records and their audit entries in one transaction, all or nothing.
        register, make = rng.choice(((WINDOW, window_case), (HOTLINE, hotline_ticket)))
        batch = [register.prepare(make(rng)) for _ in range(rng.randrange(2, 40))]
        for record in register.create_many(batch, SYSTEM):
            report(register, record)
    elif roll < 0.7:
        record = update_window(rng)
        if record is not None:
            report(WINDOW, record)
    elif roll < 0.85:
        record = update_hotline(rng)
        if record is not None:
            report(HOTLINE, record)
    elif roll < 0.95:
        done = void_or_restore(rng)
        if done is not None:
            report(*done)
    else:
        record = duty_log(rng)
        if record is not None:
            report(DUTY, record)


def main(argv: list[str]) -> int:
    path, seed = Path(argv[1]), int(argv[2])
    rng = random.Random(seed)
    # As the app does: take the one-writer lock, then open. The killed run before left its lock behind.
    acquire(path, "crash-worker")
    init_db(path)
    ensure_catalogue()
    sys.stdout.write("READY\n")
    sys.stdout.flush()
    while True:  # until killed; any exception ends the run and the test reports it
        # Marks the start of a step, so that the test can tell a kill inside one from a kill between two.
        sys.stdout.write("BEGIN\n")
        sys.stdout.flush()
        step(rng)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
