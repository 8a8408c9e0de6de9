"""Crash safety: a worker writing records is SIGKILLed at random moments; every commit it reported must survive."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from desktop.db import close_db, init_db
from desktop.db.audit import AuditEntry, plain, verify_chain
from desktop.db.lock import held_by_other
from desktop.db.models import Counter
from desktop.exchange.backup import FileState, check_database_file
from desktop.registers import ALL
from desktop.registers.values import blank

ROOT = Path(__file__).parents[2]
WORKER = Path(__file__).with_name("worker.py")
KILLS = int(os.environ.get("ZWGK_KILLS", "25"))
SEED = int(os.environ.get("ZWGK_CRASH_SEED", "20150930"))
# The registers the worker writes: each of their records must have come in with its own audit entries.
CHECKED = ("unit", "service_item", "window", "hotline", "duty")
COMMITTED = re.compile(r"^COMMITTED (\w+) ([0-9a-f-]{36}) (\d+)$")
# Counter names and the record numbers they hand out (see the registers' next_number).
NUMBERS = {
    "window": (re.compile(r"^(\d{4})-(\w+)-(\d+)$"), "window:{0}:{1}"),
    "hotline": (re.compile(r"^(\d{8})-(\d+)$"), "hotline:{0}"),
}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.sqlite_only,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)"),
]


@dataclass
class Run:
    """One worker process and the lines it printed, read as they come so that its pipe never fills."""

    proc: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)
    ready: threading.Event = field(default_factory=threading.Event)

    def read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            # A line cut short by the kill has no newline: the worker had not finished reporting it.
            if line.endswith("\n"):
                self.lines.append(line.rstrip("\n"))
                if line == "READY\n":
                    self.ready.set()


def start_worker(db_path: Path, seed: int, stderr: Path) -> tuple[Run, threading.Thread]:
    with stderr.open("w") as err:
        proc = subprocess.Popen(
            [sys.executable, str(WORKER), str(db_path), str(seed)],
            cwd=ROOT,
            text=True,
            encoding="utf-8",
            stdout=subprocess.PIPE,
            stderr=err,
        )
    run = Run(proc)
    reader = threading.Thread(target=run.read, daemon=True)
    reader.start()
    return run, reader


def kill(run: Run, reader: threading.Thread, delay: float, from_start: bool, stderr: Path) -> None:
    """SIGKILL after `delay` (from the start of the process or from READY), and reap it before anyone reads the file."""
    if not from_start and not run.ready.wait(30):
        os.kill(run.proc.pid, signal.SIGKILL)
        run.proc.wait()
        pytest.fail(f"worker did not open the database within 30 s:\n{stderr.read_text()}")
    time.sleep(delay)
    if run.proc.poll() is not None:
        pytest.fail(f"worker stopped by itself (exit {run.proc.returncode}):\n{stderr.read_text()}")
    os.kill(run.proc.pid, signal.SIGKILL)
    run.proc.wait()
    reader.join(10)
    assert run.proc.returncode == -signal.SIGKILL


def replay(entries: list[AuditEntry]) -> dict[str, Any]:
    """A record's values as its audit entries tell them: the last `after` of each field."""
    values: dict[str, Any] = {}
    for entry in entries:
        for name, (_label, _before, after) in json.loads(entry.changes).items():
            values[name] = after
    return values


def check_database(db_path: Path, committed: dict[str, tuple[str, int]]) -> int:
    """Open the file as the app would after a crash and check it whole; returns the number of records checked."""
    # What the app looks at before it opens a file: the killed worker's lock must not count as live, and the
    # read-only check (integrity_check and the audit chain) must pass.
    assert held_by_other(db_path) is None, "the killed worker's lock still counts as live"
    found_file = check_database_file(db_path, full=True)
    assert found_file.state is FileState.OK or (found_file.state is FileState.NEW and not committed), found_file.message
    database = init_db(db_path)
    try:
        assert database.execute_sql("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert database.execute_sql("PRAGMA foreign_key_check").fetchall() == []
        chain = verify_chain()
        assert chain.ok, chain.message

        by_uuid: dict[str, list[AuditEntry]] = defaultdict(list)
        for entry in AuditEntry.select().where(AuditEntry.register.in_(CHECKED)).order_by(AuditEntry.id):
            by_uuid[entry.record_uuid].append(entry)
        counters = {c.name: c.value for c in Counter.select()}
        checked = 0
        found: dict[str, tuple[str, int]] = {}
        for key in CHECKED:
            register = ALL[key]
            records = list(register.model.select())
            created = sum(
                1 for entries in by_uuid.values() if entries[0].register == key and entries[0].action == "新建"
            )
            assert created == len(records), f"{key}: {len(records)} records but {created} 新建 audit entries"
            for record in records:
                check_record(key, record, by_uuid.get(record.uuid, []), counters)
                found[record.uuid] = (key, record.version)
                checked += 1
        for uuid, (key, version) in committed.items():
            assert uuid in found, f"committed {key} {uuid} (version {version}) is missing"
            assert found[uuid][0] == key and found[uuid][1] >= version, (
                f"committed {key} {uuid} version {version}, found {found[uuid]}"
            )
        return checked
    finally:
        close_db()


def check_record(key: str, record: Any, entries: list[AuditEntry], counters: dict[str, int]) -> None:
    """The record is whole: created once with an audit entry, one entry per version, values as the log says."""
    where = f"{key} {record.uuid}"
    assert entries, f"{where} has no audit entry"
    assert [e.action for e in entries].count("新建") == 1 and entries[0].action == "新建", where
    assert record.version == len(entries), f"{where}: version {record.version}, {len(entries)} audit entries"
    logged = replay(entries)
    decl = ALL[key].decl
    for name in [f.name for f in decl.fields] + ["voided", "void_reason"]:
        value = plain(record.__data__.get(name))
        if name in logged:
            assert value == logged[name], f"{where}.{name} = {value!r}, the audit log says {logged[name]!r}"
        else:
            assert blank(value) or value is False, f"{where}.{name} = {value!r} was never logged"
    if key in NUMBERS:
        pattern, counter = NUMBERS[key]
        m = pattern.match(record.number or "")
        assert m, f"{where} has no number"
        name = counter.format(*m.groups()[:-1])
        assert counters.get(name, 0) >= int(m.groups()[-1]), f"{where}: number {record.number}, counter {name} behind"


def test_sigkill_at_random_moments_loses_no_commit(tmp_path: Path, record_property: Any) -> None:
    rng = random.Random(SEED)
    db_path = tmp_path / "crash.sqlite3"
    committed: dict[str, tuple[str, int]] = {}
    checked = lines = last = mid_step = 0
    for n in range(KILLS):
        stderr = tmp_path / f"worker-{n}.err"
        run, reader = start_worker(db_path, rng.randrange(2**31), stderr)
        # Most kills land while records are written; some during start-up (migration, WAL recovery).
        from_start = rng.random() < 0.2
        kill(run, reader, rng.uniform(0.05, 1.5), from_start, stderr)
        mid_step += bool(run.lines) and run.lines[-1] == "BEGIN"
        for line in run.lines:
            m = COMMITTED.match(line)
            if m:
                key, uuid, version = m[1], m[2], int(m[3])
                committed[uuid] = (key, max(version, committed.get(uuid, (key, 0))[1]))
                lines += 1
        try:
            last = check_database(db_path, committed)
        except AssertionError as exc:
            raise AssertionError(f"after kill {n + 1} (seed {SEED}): {exc}") from exc
        checked += last
    figures = {
        "kills_survived": KILLS,
        "kills_mid_step": mid_step,  # a step: validating and writing one record or batch
        "records_checked": checked,
        "records_at_end": last,
        "committed_records": len(committed),
        "commits_reported": lines,
        "seed": SEED,
    }
    record_property("crash_figures", figures)
    print(f"\ncrash test: {figures}")
