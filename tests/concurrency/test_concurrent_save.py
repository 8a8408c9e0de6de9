"""Two processes (two PCs) saving at the same time lose nothing, on SQLite and on PostgreSQL: every new record is
there with its own number, every edit of a shared record survives (the later save is refused and redone, never
overwrites), and the audit chain has one entry per save in a single unbroken order."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from desktop.db import close_db, init_db
from desktop.db.audit import AuditEntry, verify_chain
from desktop.registers import REGISTERS, SYSTEM

WORKER = Path(__file__).with_name("worker.py")
COUNT = 40
WINDOW = REGISTERS["window"]


def test_two_processes_saving_at_once_lose_nothing(catalogue, db_target, tmp_path):
    shared, _ = WINDOW.save(
        {
            "item": "GS-001",
            "applicant": "共用记录",
            "received_at": "2015-10-08 08:30",
            "accepted_at": "2015-10-08 08:40",
            "status": "受理",
        },
        SYSTEM,
    )
    entries_before = AuditEntry.select().count()
    close_db()
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), str(db_target), name, str(COUNT), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for name in ("甲", "乙")
    ]
    go.touch()
    outputs = []
    for proc in workers:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
        outputs.append(out)

    init_db(db_target)
    saved = [line.split() for out in outputs for line in out.splitlines() if line.startswith("SAVED")]
    assert len(saved) == 2 * COUNT
    cases = {r.id: r for r in WINDOW.select()}
    assert {int(i) for _, i, _ in saved} <= set(cases)
    assert len(cases) == 2 * COUNT + 1
    numbers = sorted(r.number for r in cases.values())
    assert numbers == [f"2015-GS-{n:05d}" for n in range(1, 2 * COUNT + 2)]  # no number twice, none skipped
    for name in ("甲", "乙"):
        assert {r.applicant for r in cases.values() if r.applicant.startswith(name)} == {
            f"{name}-{n}" for n in range(COUNT)
        }
    remark = WINDOW.get(shared.id).remark
    tokens = re.findall(r"\[(.+?)\]", remark)
    assert sorted(tokens) == sorted(f"{name}-{n}" for name in ("甲", "乙") for n in range(COUNT))
    assert WINDOW.get(shared.id).version == 1 + 2 * COUNT
    assert AuditEntry.select().count() == entries_before + 4 * COUNT
    assert verify_chain().ok
    # The saves did overlap (else this test would prove nothing): the numbers alternate between the workers.
    order = [
        name
        for r in sorted(cases.values(), key=lambda r: r.number)
        for name in ("甲", "乙")
        if r.applicant.startswith(name)
    ]
    assert sum(1 for a, b in zip(order, order[1:], strict=False) if a != b) > 1
