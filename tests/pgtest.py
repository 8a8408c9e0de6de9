"""Fresh PostgreSQL databases for the tests when ZWGK_TEST_PG_URL names a server (see .ci/run).

The schema is migrated once per run into a template database; each test gets a copy of it (CREATE DATABASE …
TEMPLATE, a few tens of milliseconds), opened through the real init_db, and the copy is dropped afterwards."""

from __future__ import annotations

import itertools
import os
from urllib.parse import urlsplit, urlunsplit

PG_URL = os.environ.get("ZWGK_TEST_PG_URL", "").strip()
SQLITE_ONLY_REASON = "SQLite only (files, pragmas, WAL, backups): PostgreSQL keeps its own files"


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


class PgServer:
    """The test server: a template database with the current schema, and throw-away copies of it."""

    def __init__(self, url: str):
        import psycopg2

        self.url = url
        self.admin = psycopg2.connect(_with_database(url, "postgres"))
        self.admin.autocommit = True
        self.prefix = f"zwgk_test_{os.getpid()}"
        self.template = f"{self.prefix}_template"
        self._numbers = itertools.count(1)
        self._created: set[str] = set()
        self._sql(f'DROP DATABASE IF EXISTS "{self.template}"')
        self._sql(f'CREATE DATABASE "{self.template}"')
        self._migrate_template()

    def _sql(self, text: str) -> None:
        with self.admin.cursor() as cur:
            cur.execute(text)

    def _migrate_template(self) -> None:
        from desktop.db import close_db, init_db

        init_db(_with_database(self.url, self.template))
        close_db()

    def create(self, migrated: bool = True) -> str:
        """A new database (a copy of the migrated template, or empty) and its URL."""
        name = f"{self.prefix}_{next(self._numbers)}"
        if migrated:
            self._sql(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}" STRATEGY FILE_COPY')
        else:
            self._sql(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
        self._created.add(name)
        return _with_database(self.url, name)

    def drop(self, url: str) -> None:
        name = urlsplit(url).path.lstrip("/")
        self._sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._created.discard(name)

    def close(self) -> None:
        for name in [*self._created, self.template]:
            self._sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.close()
