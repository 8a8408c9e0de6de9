"""The backup, restore and file-check modules import without a cycle: backing up and restoring each stand on
`exchange/sqlite_file.py` and neither imports the other, not even inside a function."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import desktop

PACKAGE = Path(desktop.__file__).parent


def imported_modules(path: Path, module: str) -> set[str]:
    """Every `desktop.…` module a file imports, at the top or inside a function (a lazy import closes a cycle too)."""
    package = module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith("desktop.")}


def exchange_graph() -> dict[str, set[str]]:
    files = {f"desktop.exchange.{p.stem}": p for p in (PACKAGE / "exchange").glob("*.py") if p.stem != "__init__"}
    return {name: imported_modules(path, name) & set(files) - {name} for name, path in files.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each import cycle as the path that closes it (depth-first search, one report per cycle found)."""
    found, done = [], set()

    def visit(node: str, path: list[str]) -> None:
        if node in path:
            found.append([*path[path.index(node) :], node])
            return
        if node in done:
            return
        for nxt in sorted(graph[node]):
            visit(nxt, [*path, node])
        done.add(node)

    for node in sorted(graph):
        visit(node, [])
    return found


def test_the_exchange_modules_import_without_a_cycle():
    graph = exchange_graph()
    assert {"desktop.exchange.backup", "desktop.exchange.restore", "desktop.exchange.sqlite_file"} <= set(graph)
    assert cycles(graph) == []
    assert "desktop.exchange.restore" not in graph["desktop.exchange.backup"]
    assert "desktop.exchange.backup" not in graph["desktop.exchange.restore"]


def test_the_cycle_finder_finds_a_lazy_import_back():
    graph = {"a": {"b"}, "b": {"a"}, "c": {"a"}}
    assert cycles(graph) == [["a", "b", "a"]]


def test_backup_and_restore_each_import_alone():
    """In a fresh interpreter, importing one of them loads the file checks but not the other one."""
    for module, absent in (
        ("desktop.exchange.backup", "desktop.exchange.restore"),
        ("desktop.exchange.restore", "desktop.exchange.backup"),
    ):
        code = f"import sys, {module}\nprint({absent!r} in sys.modules, 'desktop.exchange.sqlite_file' in sys.modules)"
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == ["False", "True"], (module, result.stdout)
