"""Layers import downward only: storage, domain, registers, exchange and report code never load PySide6."""

from __future__ import annotations

import subprocess
import sys

CORE_MODULES = [
    "desktop.db",
    "desktop.db.models",
    "desktop.db.migrations",
    "desktop.domain.workdays",
    "desktop.domain.deadlines",
    "desktop.domain.identifiers",
    "desktop.domain.fees",
    "desktop.registers",
    "desktop.report.figures",
    "desktop.exchange.calendar_file",
    "desktop.exchange.package",
    "desktop.exchange.backup",
    "desktop.exchange.restore",
    "desktop.exchange.excel",
    "desktop.report.store",
    "desktop.report.session",
    "desktop.report.pdf",
    "desktop.demo",
    "desktop.cli",
]


def test_core_layers_never_import_pyside6():
    code = (
        "import importlib, sys\n"
        f"for m in {CORE_MODULES!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.startswith('PySide6'))\n"
        "print(bad)\n"
        "raise SystemExit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_figures_and_registers_run_without_qt(tmp_path):
    """A whole figures computation in a process where importing PySide6 would fail."""
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.startswith('PySide6'): raise ImportError('PySide6 blocked')\n"
        "sys.meta_path.insert(0, Block())\n"
        "from desktop.db import init_db\n"
        f"init_db(r'{tmp_path / 'x.sqlite3'}')\n"
        "from desktop.report.figures import compute_figures\n"
        "print(compute_figures(2015)['窗口办件数'])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=".")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"


def test_pyside_is_told_which_of_our_modules_use_it_without_reading_them():
    """desktop/ui/__init__.py answers PySide6's per-module question by the layer rule above, "no" for the
    standard library, and by the file's text for other packages (pytest-qt's compatibility module names it)."""
    code = (
        "import sys, desktop.ui\n"
        "check = sys.modules['shibokensupport.feature']._mod_uses_pyside\n"
        "import desktop.ui.signals, desktop.db.declare, json, peewee, pytestqt.qt_compat\n"
        "print(*(check(sys.modules[name]) for name in"
        " ('desktop.ui.signals', 'desktop.db.declare', 'json', 'peewee', 'pytestqt.qt_compat')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["True", "False", "False", "False", "True"], result.stderr


def test_peewee_comes_without_the_postgresql_driver_until_a_server_is_opened():
    """desktop/db/drivers.py: a SQLite start does not pay for psycopg2; a postgresql:// address loads it, or says
    in Chinese what to install when it is missing."""
    code = (
        "import sys, desktop.db, peewee\n"
        "print('psycopg2' in sys.modules, peewee.psycopg2 is None)\n"
        "from desktop.db import drivers\n"
        "drivers.load_psycopg2()\n"
        "print('psycopg2' in sys.modules, peewee.psycopg2 is not None,"
        " peewee.Psycopg2Adapter.txn_idle == peewee.pg_extensions.TRANSACTION_STATUS_IDLE)\n"
        "sys.modules['psycopg2'] = None; peewee.psycopg2 = None\n"
        "from desktop.db.connection import open_database\n"
        "from desktop.domain.errors import DomainError\n"
        "try: open_database('postgresql://u@127.0.0.1:1/x')\n"
        "except DomainError as exc: print('psycopg2' in exc.message and '安装' in exc.message)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["False", "True", "True", "True", "True", "True"], result.stderr
