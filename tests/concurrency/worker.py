"""Concurrent-save worker: waits for the start signal, then saves new window cases and appends to one shared
record (retrying when the other process saved it first), as a clerk at a second PC would."""

from __future__ import annotations

import sys
import time
from pathlib import Path

# Run as a script (`python tests/concurrency/worker.py DB NAME COUNT GO_FILE`): the project root must be importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop.db import init_db
from desktop.registers import REGISTERS, SYSTEM, StaleRecord

WINDOW = REGISTERS["window"]


def main(target: str, name: str, count: int, go: Path) -> None:
    init_db(target)
    shared_id = WINDOW.select().order_by(WINDOW.model.id).first().id
    deadline = time.monotonic() + 60
    while not go.exists():  # both workers start together, so that their saves overlap
        if time.monotonic() > deadline:
            raise SystemExit("no start signal")
        time.sleep(0.005)
    retries = 0
    for n in range(count):
        record, _ = WINDOW.save(
            {
                "item": "GS-001",
                "applicant": f"{name}-{n}",
                "received_at": "2015-10-08 09:00",
                "accepted_at": "2015-10-08 09:10",
                "status": "受理",
            },
            SYSTEM,
        )
        print(f"SAVED {record.id} {record.number}", flush=True)
        while True:  # an edit of the same record: optimistic concurrency, the form reloads and saves again
            shared = WINDOW.get(shared_id)
            try:
                WINDOW.save({"remark": (shared.remark or "") + f"[{name}-{n}]"}, SYSTEM, shared_id, shared.version)
                break
            except StaleRecord:
                retries += 1
    print(f"DONE {retries}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]))
