"""Search as you type over a register's searchable fields, indexed on both backends.

SQLite: a contentless FTS5 table per register with the trigram tokenizer (SQLite 3.34+), kept in sync by
triggers, holding one text per record: the searchable fields joined and ended by a separator character. A
word of three or more characters is a trigram phrase. A two-character word cannot be a trigram query, so it is
expanded through the index's own vocabulary (fts5vocab) into the trigrams that start with it — the trailing
separator makes sure every two-character substring starts a trigram, even at the end of a field. A single
character is matched with LIKE (see `search_condition`).

PostgreSQL: a pg_trgm GIN index on the same joined text, queried with ILIKE (pg_trgm needs three characters
too; shorter words are checked row by row). Without the pg_trgm extension (no privilege to create it) the
search still works, unindexed.
"""

from __future__ import annotations

import logging
import weakref

import peewee as pw

from desktop.db.connection import database_proxy
from desktop.db.declare import Declaration
from desktop.db.portable import is_sqlite

log = logging.getLogger("zwgk.search")

SEPARATOR = "\x1f"  # between fields and at the end; never typed, so a query never matches across fields
MAX_EXPANSION = 2000  # trigrams a two-character word may expand to before LIKE is cheaper


def searchable(decl: Declaration) -> list[str]:
    return [f.name for f in decl.fields if f.searchable]


def fts_table(decl: Declaration) -> str:
    return f"{decl.table}_fts"


def vocab_table(decl: Declaration) -> str:
    return f"{decl.table}_fts_terms"


def text_sql(decl: Declaration, row: str = "", backend: str = "sqlite") -> str:
    """The joined search text of a record as an SQL expression (`row` is `new.`, `old.` or empty). The same
    text feeds the FTS table, the PostgreSQL index and the LIKE fallback, so they always agree."""
    sep = "char(31)" if backend == "sqlite" else "chr(31)"
    parts = [f"coalesce({row}{name}, '')" for name in searchable(decl)]
    return "(" + f" || {sep} || ".join(parts) + f" || {sep})"


def create_search(database: pw.Database, declarations: tuple[Declaration, ...]) -> None:
    """Create (and fill) the search index of every register with searchable fields."""
    if is_sqlite(database):
        for decl in declarations:
            if searchable(decl):
                _create_fts(database, decl)
        return
    has_trgm = _enable_pg_trgm(database)
    for decl in declarations:
        if searchable(decl) and has_trgm:
            database.execute_sql(
                f"CREATE INDEX IF NOT EXISTS {decl.table}_search ON {decl.table} "
                f"USING gin ({text_sql(decl, backend='pg')} gin_trgm_ops)"
            )


def _enable_pg_trgm(database: pw.Database) -> bool:
    try:
        with database.atomic():  # a savepoint: a refused CREATE EXTENSION must not abort the migration
            database.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        return True
    except pw.DatabaseError as exc:
        log.warning("无法启用 pg_trgm（%s）：检索仍可用，但不使用索引", exc)
        return False


def _create_fts(database: pw.Database, decl: Declaration) -> None:
    table, fts, vocab = decl.table, fts_table(decl), vocab_table(decl)
    columns = ", ".join(searchable(decl))
    database.execute_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(text, tokenize='trigram', content='', columnsize=0)"
    )
    database.execute_sql(f"CREATE VIRTUAL TABLE IF NOT EXISTS {vocab} USING fts5vocab({fts}, 'row')")
    new, old = text_sql(decl, "new."), text_sql(decl, "old.")
    database.execute_sql(
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, text) VALUES (new.id, {new}); END"
    )
    database.execute_sql(
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, text) VALUES ('delete', old.id, {old}); END"
    )
    database.execute_sql(
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF {columns} ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, text) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, text) VALUES (new.id, {new}); END"
    )
    rebuild_fts(database, decl)


def rebuild_fts(database: pw.Database, decl: Declaration) -> None:
    """Fill the FTS table afresh from the register (after creating it, or to repair it)."""
    fts = fts_table(decl)
    database.execute_sql(f"INSERT INTO {fts}({fts}) VALUES ('delete-all')")
    database.execute_sql(f"INSERT INTO {fts}(rowid, text) SELECT id, {text_sql(decl)} FROM {decl.table}")


def optimize(database: pw.Database, declarations: tuple[Declaration, ...] = ()) -> None:
    """After a bulk load: merge the FTS segments and refresh the planner's statistics."""
    if is_sqlite(database):
        for decl in declarations:
            if searchable(decl):
                fts = fts_table(decl)
                database.execute_sql(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")
        # A sampled ANALYZE (fast on millions of rows) so that the planner knows the indexes' selectivity.
        database.execute_sql("PRAGMA analysis_limit = 1000")
        database.execute_sql("ANALYZE")
        database.execute_sql("PRAGMA optimize")
    else:
        database.execute_sql("ANALYZE")


# -- queries --------------------------------------------------------------------------------------------------

_present: weakref.WeakKeyDictionary[pw.Database, set[str]] = weakref.WeakKeyDictionary()


def has_index(decl: Declaration) -> bool:
    """Whether the register searches through `search_condition`: a register with searchable fields whose
    FTS table exists (SQLite: a version-1 file opened read-only has none) or on PostgreSQL (where ILIKE on the
    joined text works with or without the pg_trgm index)."""
    from desktop.db.models import REGISTERS

    if not searchable(decl) or all(d.key != decl.key for d in REGISTERS):
        return False
    database = database_proxy.obj
    if not is_sqlite(database):
        return True
    tables = _present.get(database)
    if tables is None:
        rows = database.execute_sql("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        tables = _present[database] = {r[0] for r in rows}
    return fts_table(decl) in tables



def words(text: str) -> list[str]:
    """The words of a search: whitespace-separated, each must occur (in any searchable field)."""
    return [w for w in text.split() if w]


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _like_pattern(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search_condition(model: type[pw.Model], decl: Declaration, text: str) -> pw.Node | None:
    """A WHERE condition for a search text: every word occurs in some searchable field. None: no condition
    (blank text); a condition that is always false when a word cannot occur at all."""
    found = words(text)
    if not found or not searchable(decl):
        return None
    if not is_sqlite():
        joined = pw.SQL(text_sql(decl, backend="pg"))
        # PostgreSQL's LIKE escapes with a backslash by default.
        return _all([pw.NodeList((joined, pw.SQL("ILIKE"), pw.Value(_like_pattern(w)))) for w in found])
    phrases: list[str] = []
    likes: list[str] = []
    for w in found:
        if len(w) >= 3:
            phrases.append(_quote(w))
            continue
        expanded = _two_char_terms(decl, w) if len(w) == 2 else None
        if expanded is None:
            likes.append(w)
        elif not expanded:
            return pw.SQL("0 = 1")  # the word occurs nowhere
        else:
            phrases.append("(" + " OR ".join(_quote(t) for t in expanded) + ")")
    conditions: list[pw.Node] = []
    if phrases:
        fts = fts_table(decl)
        matching = pw.NodeList((pw.SQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH"), pw.Value(" AND ".join(phrases))),
                               parens=True)
        conditions.append(pw.NodeList((model.id, pw.SQL("IN"), matching)))
    joined = pw.SQL(text_sql(decl))
    for w in likes:
        conditions.append(pw.NodeList((joined, pw.SQL("LIKE"), pw.Value(_like_pattern(w)), pw.SQL("ESCAPE '\\'"))))
    return _all(conditions)


def _all(conditions: list[pw.Node]) -> pw.Node:
    result = conditions[0]
    for c in conditions[1:]:
        result = result & c
    return result


def _two_char_terms(decl: Declaration, word: str) -> list[str] | None:
    """The indexed trigrams that start with a two-character word (None: too many, use LIKE)."""
    prefix = word.lower()
    rows = database_proxy.obj.execute_sql(
        f"SELECT term FROM {vocab_table(decl)} WHERE term >= ? AND term < ? LIMIT ?",
        (prefix, prefix + "\U0010ffff", MAX_EXPANSION + 1),
    ).fetchall()
    if len(rows) > MAX_EXPANSION:
        return None
    return [r[0] for r in rows]
