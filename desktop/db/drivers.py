"""peewee without the PostgreSQL driver until a PostgreSQL database is opened.

peewee imports psycopg2 (and psycopg 3) when it is itself imported, to learn which drivers exist. That is
15 ms of every start of the app — a tenth of what the window takes to appear — for a driver that only an
office with a server uses. `import_peewee()` imports peewee with the drivers hidden; `load_psycopg2()` gives
peewee psycopg2 the moment a postgresql:// address is opened, setting what peewee's own import sets.
"""

from __future__ import annotations

import sys
from types import ModuleType

_DRIVERS = ("psycopg2", "psycopg", "psycopg2cffi")


def import_peewee() -> ModuleType:
    if "peewee" in sys.modules:
        return sys.modules["peewee"]
    hidden = [name for name in _DRIVERS if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment] - makes `import name` raise ImportError
    try:
        import peewee
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
    return peewee


def load_psycopg2() -> None:
    """Give peewee psycopg2 as its own import would have (raises ImportError when it is not installed)."""
    peewee = import_peewee()
    if getattr(peewee, "psycopg2", None) is not None:
        return
    import psycopg2
    from psycopg2 import extensions
    from psycopg2.extras import Json, register_uuid

    register_uuid()
    peewee.psycopg2, peewee.pg_extensions, peewee.Json_pg2 = psycopg2, extensions, Json
    adapter = peewee.Psycopg2Adapter
    adapter.txn_idle = extensions.TRANSACTION_STATUS_IDLE
    adapter.txn_inerror = extensions.TRANSACTION_STATUS_INERROR
    adapter.txn_unknown = extensions.TRANSACTION_STATUS_UNKNOWN
