"""Search as you type over a register's searchable fields, indexed on both backends.

SQLite: a contentless FTS5 table per register with the trigram tokenizer (SQLite 3.34+), kept in sync by
triggers, holding one text per record: the searchable fields joined and ended by a separator character. A
word of three or more characters is a trigram phrase. A two-character word cannot be a trigram query, so it is
expanded through the index's own vocabulary (fts5vocab) into the trigrams that start with it — the trailing
separator makes sure every two-character substring starts a trigram, even at the end of a field. A single
character is matched with LIKE (see `search_condition`).

PostgreSQL: a pg_trgm GIN index on the same joined text, queried with ILIKE, for words of three or more
characters. pg_trgm cannot narrow a two-character word (most Chinese names): that scanned every row, half a
second at a million cases. So a second GIN index holds each text's distinct two-character pieces
(`zwgk_bigrams`, schema version 3, core PostgreSQL only), and a two-character word is an array containment
lookup. Without the pg_trgm extension (no privilege to create it) longer words still work, unindexed.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import NamedTuple

import peewee as pw

from desktop.db.connection import database_proxy
from desktop.db.declare import Declaration
from desktop.db.portable import has_table, is_sqlite
from desktop.domain.text import drop_control

log = logging.getLogger("zwgk.search")

SEPARATOR = "\x1f"  # between fields and at the end; never typed, so a query never matches across fields
MAX_EXPANSION = 2000  # trigrams a two-character word may expand to before LIKE is cheaper
# Above this many FTS matches, finding the rows by id and sorting them costs more than reading the list in order
# and comparing each row's text (which finds a page among the first few thousand rows). 15,000 lookups and a
# sort take about 40 ms on the benchmark machine; a match in 1.5% of a million rows fills a page within 13,000.
DENSE = 15_000
# One-character searches first look at the latest PROBE_ROWS records: PROBE_HITS matches there mean a common
# character (read the list in order), fewer a rare one (expand it through the index).
PROBE_ROWS, PROBE_HITS = 20_000, 20
NOTHING = pw.SQL("1 = 0")


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
    return "(" + f" || {sep} || ".join(parts) + f" || {sep} || {sep})"


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


BIGRAMS = "zwgk_bigrams"
# A two-character word in more than this share of a register's records (PostgreSQL) is found faster by reading
# the list in order than through the bigram index: at a million cases, 39% (有限) takes 1 ms that way and 97 ms
# by the index, 0.8% (德润) 38 ms by the index and half a second the other way.
DENSE_SHARE = 0.02


def create_bigram_indexes(database: pw.Database, declarations: tuple[Declaration, ...]) -> None:
    """PostgreSQL: the function giving a text's distinct two-character pieces (lower-cased, as ILIKE compares)
    and a GIN index of it over every register's joined search text."""
    # COST: about fifty times an ILIKE. Without it the planner would rather compute it for every row of a list
    # read in order than use the index (30 s for a rare name at a million cases).
    database.execute_sql(
        f"CREATE OR REPLACE FUNCTION {BIGRAMS}(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE "
        "COST 10000 AS $$ SELECT coalesce(array_agg(DISTINCT substr(lower(t), i, 2)), '{}'::text[]) "
        "FROM generate_series(1, length(t) - 1) AS i $$"
    )
    for decl in declarations:
        if searchable(decl):
            database.execute_sql(
                f"CREATE INDEX IF NOT EXISTS {decl.table}_bigrams ON {decl.table} "
                f"USING gin ({BIGRAMS}({text_sql(decl, backend='pg')}))"
            )
            # The planner needs the statistics of the new expression (how common each bigram is) at once.
            database.execute_sql(f"ANALYZE {decl.table}")


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
    database.execute_sql(_insert_trigger_sql(decl))
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


def _insert_trigger_sql(decl: Declaration) -> str:
    fts = fts_table(decl)
    return (
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {decl.table} BEGIN "
        f"INSERT INTO {fts}(rowid, text) VALUES (new.id, {text_sql(decl, 'new.')}); END"
    )


@contextlib.contextmanager
def deferred_index(database: pw.Database, decl: Declaration) -> Iterator[None]:
    """Inside a write transaction: rows inserted in the block are added to the FTS table at its end, in one
    statement, instead of by the insert trigger row by row — six times faster for an import of thousands of
    rows (the trigger costs about 45 µs a row). The trigger is dropped for the block and created again before
    the transaction commits, so no other connection ever sees it missing. Only for blocks that insert new
    rows with ids above the current largest."""
    if not is_sqlite(database) or not has_index(decl):
        yield
        return
    table, fts = decl.table, fts_table(decl)
    first = database.execute_sql(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0]
    database.execute_sql(f"DROP TRIGGER IF EXISTS {fts}_ai")
    try:
        yield
        database.execute_sql(
            f"INSERT INTO {fts}(rowid, text) SELECT id, {text_sql(decl)} FROM {table} WHERE id >= ?", (first,)
        )
    finally:  # on an error the transaction rolls back, trigger included; this keeps the connection consistent
        database.execute_sql(_insert_trigger_sql(decl))


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
        # The planner's statistics (a full ANALYZE: about 2 s for a million cases; a sampled one misjudged the
        # status index as selective).
        database.execute_sql("ANALYZE")
    else:
        database.execute_sql("ANALYZE")


# -- queries --------------------------------------------------------------------------------------------------


def has_index(decl: Declaration) -> bool:
    """Whether the register searches through `search_plan`: a register with searchable fields whose FTS table
    exists (SQLite: a version-1 file opened read-only has none) or on PostgreSQL (where ILIKE on the joined text
    works with or without the pg_trgm index)."""
    from desktop.db.models import REGISTERS

    if not searchable(decl) or all(d.key != decl.key for d in REGISTERS):
        return False
    return not is_sqlite() or has_table(fts_table(decl))


def words(text: str) -> list[str]:
    """The words of a search: whitespace-separated, each must occur (in any searchable field). Control characters
    are dropped: stored texts never hold them (registers.values), and PostgreSQL refuses a NUL in a parameter."""
    return [w for w in drop_control(text).split() if w]


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _like_pattern(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class SearchPlan(NamedTuple):
    """How a search runs. `condition` goes into the list's WHERE; `dense` says that many records match, so that
    the list is read in its own order and each row's text compared (the first page is found after a few
    hundred rows), and that counting them all would cost more than a capped count."""

    condition: pw.Node | None
    dense: bool = False


def search_plan(model: type[pw.Model], decl: Declaration, text: str) -> SearchPlan:
    """The plan for a search text: every word must occur in some searchable field."""
    found = words(text)
    if not found or not searchable(decl):
        return SearchPlan(None)
    if not is_sqlite():
        text = text_sql(decl, backend="pg")
        # A two-character word in a share of the records below DENSE_SHARE is one containment test on the bigram
        # index (exact: a two-character substring is one bigram). Every other word is an ILIKE (PostgreSQL's LIKE
        # escapes with a backslash by default), served by pg_trgm's index from three characters on; a common
        # two-character word or a single character is tested row by row on the list read in its own order,
        # which finds a page at once — as on SQLite, such a search is dense and counted less far.
        shares = _bigram_shares(decl, sorted({w.lower() for w in found if len(w) == 2}))
        rare = sorted(b for b, share in shares.items() if share < DENSE_SHARE)
        conditions: list[pw.Node] = (
            [pw.NodeList((pw.SQL(f"{BIGRAMS}({text}) @>"), pw.Value(rare, unpack=False), pw.SQL("::text[]")))]
            if rare
            else []
        )
        conditions += [
            pw.NodeList((pw.SQL(text), pw.SQL("ILIKE"), pw.Value(_like_pattern(w))))
            for w in found
            if w.lower() not in rare
        ]
        dense = not rare and all(len(w) <= 2 for w in found)
        return SearchPlan(_all(conditions), dense=dense)
    scan = _like_all(decl, found)
    phrases: list[str] = []
    likes: list[str] = []
    singles = [w for w in found if len(w) == 1]
    if len(singles) == len(found) and _common_in_recent(model, decl, found):
        return SearchPlan(scan, dense=True)
    for w in found:
        if len(w) >= 3:
            phrases.append(_quote(w))
            continue
        if len(w) == 1 and len(singles) < len(found):
            likes.append(w)  # checked on the rows the longer words found
            continue
        expanded = _starting_with(decl, w)
        if expanded is None:
            likes.append(w)
        elif not expanded:
            return SearchPlan(NOTHING)  # the word occurs nowhere
        else:
            phrases.append("(" + " OR ".join(_quote(t) for t in expanded) + ")")
    if not phrases:
        return SearchPlan(scan, dense=True)
    fts = fts_table(decl)
    match = " AND ".join(phrases)
    hits = database_proxy.obj.execute_sql(f"SELECT count(*) FROM {fts} WHERE {fts} MATCH ?", (match,)).fetchone()[0]
    if hits == 0:
        return SearchPlan(NOTHING)
    if hits > DENSE:
        return SearchPlan(scan, dense=True)
    matching = pw.NodeList((pw.SQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH"), pw.Value(match)), parens=True)
    conditions: list[pw.Node] = [pw.NodeList((model.id, pw.SQL("IN"), matching))]
    if likes:
        conditions.append(_like_all(decl, likes))
    return SearchPlan(_all(conditions))


def _bigram_shares(decl: Declaration, pairs: list[str]) -> dict[str, float]:
    """{bigram: share of the register's records holding it}, from the statistics PostgreSQL keeps of the bigram
    index (its most common elements; a bigram not among them is rarer than all of those, counted as 0)."""
    if not pairs:
        return {}
    rows = database_proxy.obj.execute_sql(
        "SELECT e, f FROM pg_stats, unnest(most_common_elems::text::text[], most_common_elem_freqs) AS u(e, f) "
        "WHERE schemaname = current_schema() AND tablename = %s AND e = ANY(%s)",
        (f"{decl.table}_bigrams", pairs),
    ).fetchall()
    found = dict(rows)
    return {p: float(found.get(p, 0.0)) for p in pairs}


def search_condition(model: type[pw.Model], decl: Declaration, text: str) -> pw.Node | None:
    return search_plan(model, decl, text).condition


def _like_all(decl: Declaration, found: list[str]) -> pw.Node:
    joined = pw.SQL(text_sql(decl))
    return _all(
        [pw.NodeList((joined, pw.SQL("LIKE"), pw.Value(_like_pattern(w)), pw.SQL("ESCAPE '\\'"))) for w in found]
    )


def _all(conditions: list[pw.Node]) -> pw.Node:
    result = conditions[0]
    for c in conditions[1:]:
        result = result & c
    return result


def _starting_with(decl: Declaration, word: str) -> list[str] | None:
    """The indexed trigrams that start with a one- or two-character word (None: too many, use LIKE). Every
    character of the joined text starts a trigram thanks to the two separators at its end."""
    prefix = word.lower()
    rows = database_proxy.obj.execute_sql(
        f"SELECT term FROM {vocab_table(decl)} WHERE term >= ? AND term < ? LIMIT ?",
        (prefix, prefix + "\U0010ffff", MAX_EXPANSION + 1),
    ).fetchall()
    if len(rows) > MAX_EXPANSION:
        return None
    return [r[0] for r in rows]


def _common_in_recent(model: type[pw.Model], decl: Declaration, found: list[str]) -> bool:
    """Whether single characters occur often among the latest records: then reading the list in order finds a
    page at once, where expanding a common character through the index would touch thousands of trigrams."""
    text = text_sql(decl)
    likes = " AND ".join(f"{text} LIKE ? ESCAPE '\\'" for _ in found)
    row = database_proxy.obj.execute_sql(
        f"SELECT COUNT(*) FROM (SELECT id FROM (SELECT * FROM {decl.table} ORDER BY id DESC LIMIT {PROBE_ROWS}) "
        f"WHERE {likes} LIMIT {PROBE_HITS})",
        tuple(_like_pattern(w) for w in found),
    ).fetchone()
    return row[0] >= PROBE_HITS
