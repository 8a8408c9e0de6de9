"""List queries on both backends: search through the index (every word, two characters, one character, at the end
of a field, special characters, kept in sync on edit and void), and keyset pages that agree with the plain order."""

from __future__ import annotations

import itertools

import pytest

from desktop.db import search
from desktop.db.portable import is_sqlite
from desktop.registers import REGISTERS, SYSTEM
from desktop.registers import query as rq

W = REGISTERS["window"]
H = REGISTERS["hotline"]


def case(applicant: str, day: int = 8, **extra):
    values = {
        "item": "GS-001",
        "applicant": applicant,
        "received_at": f"2015-10-{day:02d} 09:00",
        "accepted_at": f"2015-10-{day:02d} 09:30",
        "status": "受理",
    }
    values.update(extra)
    return W.save(values, SYSTEM)[0]


def found(register, text: str) -> set[int]:
    rows = rq.fetch(register, rq.ListQuery(search=text), 0, 1000)
    assert rq.count(register, rq.ListQuery(search=text)) == len(rows)
    return {r[0] for r in rows}


@pytest.fixture
def people(catalogue):
    names = ["张王芳", "王芳丽", "长沙市建设有限公司", "李四", "赵钱孙李", "100%_纯\"引号'公司"]
    return {n: case(n, handler="刘敏").id for n in names}


def test_three_or_more_characters_match_anywhere_in_any_searchable_field(people):
    assert found(W, "建设有限") == {people["长沙市建设有限公司"]}
    assert found(W, "2015-GS-0000") == set(people.values())
    assert found(W, "刘敏") == set(people.values())  # 经办人, a two-character word


def test_two_characters_match_at_the_start_middle_and_end_of_a_field(people):
    assert found(W, "王芳") == {people["张王芳"], people["王芳丽"]}
    assert found(W, "公司") == {people["长沙市建设有限公司"], people["100%_纯\"引号'公司"]}
    assert found(W, "李四") == {people["李四"]}
    assert found(W, "无此") == set()


def test_one_character_is_a_substring_search_too(people):
    assert found(W, "李") == {people["李四"], people["赵钱孙李"]}
    assert found(W, "%") == {people["100%_纯\"引号'公司"]}
    assert found(W, "_") == {people["100%_纯\"引号'公司"]}


def test_every_word_must_occur(people):
    assert found(W, "王芳 丽") == {people["王芳丽"]}
    assert found(W, "  李  赵钱孙 ") == {people["赵钱孙李"]}
    assert found(W, "王芳 李四") == set()


def test_quotes_and_wildcards_are_plain_text(people):
    assert found(W, "\"引号'") == {people["100%_纯\"引号'公司"]}
    assert found(W, "0%_") == {people["100%_纯\"引号'公司"]}
    assert found(W, "*") == set()
    assert found(W, "AND") == set()
    assert found(W, '"') == {people["100%_纯\"引号'公司"]}


def test_control_characters_in_the_search_box_are_ignored_on_both_backends(people):
    """A NUL pasted into the search box raised on PostgreSQL; stored texts never hold one, so it is dropped."""
    assert found(W, "王\x00芳") == {people["张王芳"], people["王芳丽"]}
    assert found(W, "建设\x00有限 \x07") == {people["长沙市建设有限公司"]}
    assert found(W, "\x00") == set(people.values())  # nothing left to search for: the whole list
    units = REGISTERS["window"].decl.field("unit")  # a catalogue searched with LIKE
    assert units.ref == "unit"
    from desktop.registers import CATALOGUES

    assert rq.count(CATALOGUES["unit"], rq.ListQuery(search="工\x00商")) == 1


def test_letters_match_in_either_case(catalogue):
    a = case("Zhang Wei ABC").id
    assert found(W, "abc") == {a}
    assert found(W, "zhang wei") == {a}
    assert found(W, "Zh") == {a}


def test_the_index_follows_edits_voids_and_restores(people):
    record_id = people["李四"]
    record = W.get(record_id)
    W.save({"applicant": "周五"}, SYSTEM, record_id, record.version)
    assert found(W, "李四") == set()
    assert found(W, "周五") == {record_id}
    W.void(record_id, "录错", SYSTEM)
    assert found(W, "周五") == set()
    W.restore(record_id, SYSTEM)
    assert found(W, "周五") == {record_id}


def test_long_text_fields_are_searched_too(catalogue):
    from desktop.registers.catalogues import HOTLINE_TOPIC_REGISTER  # noqa: F401 - topics come with the database

    ticket, _ = H.save(
        {
            "called_at": "2015-10-08 10:00",
            "appeal_type": "投诉",
            "handling": "转办",
            "content": "反映德山大道路灯不亮，夜间出行不便。",
            "caller": "王先生",
            "phone": "13912345678",
        },
        SYSTEM,
    )
    assert found(H, "路灯") == {ticket.id}
    assert found(H, "夜间出行") == {ticket.id}
    assert found(H, "1391234") == {ticket.id}


def test_registers_search_through_the_index(db):
    for decl in (W.decl, H.decl):
        assert search.has_index(decl)
    if is_sqlite():
        tables = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master").fetchall()}
        assert {"window_case_fts", "window_case_fts_ai", "window_case_fts_au", "window_case_fts_ad"} <= tables
    else:
        names = {r[0] for r in db.execute_sql("SELECT indexname FROM pg_indexes WHERE tablename = 'window_case'")}
        assert {"window_case_search", "window_case_bigrams"} <= names


# -- pages -----------------------------------------------------------------------------------------------------


def all_pages(register, q: rq.ListQuery, size: int) -> list[int]:
    out: list[int] = []
    after = None
    for _ in range(1000):
        rows, after = rq.fetch_page(register, q, after, size)
        out += [r[0] for r in rows]
        if after is None:
            return out
    raise AssertionError("paging does not end")


@pytest.fixture
def many(catalogue):
    """Cases with equal and missing sort values (concluded ones and open ones, several on the same day)."""
    ids = []
    for n, day in zip(range(23), itertools.cycle((8, 9, 9, 12, 13)), strict=False):
        if n % 3 == 0:
            record = case(f"申请人{n}", day, status="办结", concluded_at=f"2015-10-{day:02d} 11:00")
        else:
            record = case(f"申请人{n}", day)
        ids.append(record.id)
    return ids


@pytest.mark.parametrize("size", [1, 4, 7, 200])
@pytest.mark.parametrize("sort_field", [None, "concluded_at", "applicant", "number"])
@pytest.mark.parametrize("descending", [True, False])
def test_pages_follow_the_plain_order(many, size, sort_field, descending):
    q = rq.ListQuery(sort_field=sort_field, descending=descending)
    expected = [r[0] for r in rq.fetch(W, q, 0, 1000)]
    assert sorted(expected) == sorted(many)
    assert all_pages(W, q, size) == expected


def test_blank_sort_values_come_last_both_ways(many):
    for descending in (True, False):
        rows = rq.fetch(W, rq.ListQuery(sort_field="concluded_at", descending=descending), 0, 1000)
        concluded = [W.get(r[0]).concluded_at for r in rows]
        filled = [c for c in concluded if c is not None]
        assert concluded[: len(filled)] == filled
        assert filled == sorted(filled, reverse=descending)


def test_pages_with_a_search_and_a_filter(many):
    q = rq.ListQuery(search="申请人1", filters={"status": "受理"})
    expected = [r[0] for r in rq.fetch(W, q, 0, 1000)]
    assert 0 < len(expected) < len(many)
    assert all_pages(W, q, 3) == expected


def test_capped_count(many):
    assert rq.count(W, rq.ListQuery()) == len(many)
    assert rq.count(W, rq.ListQuery(), cap=10) == 11
    assert rq.count(W, rq.ListQuery(), cap=100) == len(many)


def test_the_whole_register_is_counted_from_the_count_table(many):
    assert rq.list_count(W, rq.ListQuery()) == (len(many), True)
    W.void(many[0], "重复登记", SYSTEM)
    assert rq.list_count(W, rq.ListQuery()) == (len(many) - 1, True)
    assert rq.total(W) == len(many) - 1
    W.restore(many[0], SYSTEM)
    case("新来的")
    assert rq.list_count(W, rq.ListQuery()) == (len(many) + 1, True)
    assert rq.list_count(W, rq.ListQuery(include_voided=True)) == (len(many) + 1, True)
    W.model.delete().where(W.model.id == many[1]).execute()
    assert rq.list_count(W, rq.ListQuery()) == (len(many), True)
    assert rq.total(W) == W.select().count()


def test_filtered_lists_are_counted_up_to_a_cap(many, monkeypatch):
    monkeypatch.setattr(rq, "LIST_COUNT_CAP", 5)
    assert rq.list_count(W, rq.ListQuery(filters={"status": "受理"})) == (5, False)
    assert rq.list_count(W, rq.ListQuery(search="申请人2")) == (4, True)  # 申请人2, 20, 21, 22


def test_postgresql_two_character_words_use_the_bigram_index_unless_they_are_common(many, db):
    if is_sqlite():
        pytest.skip("PostgreSQL's bigram index (SQLite expands two characters through its FTS5 vocabulary)")
    everyone = [r[0] for r in rq.fetch(W, rq.ListQuery(), 0, 1000)]
    q = rq.ListQuery(search="申请")  # in every record, but no statistics yet: taken as rare, looked up
    plan = rq._search(W, q)
    assert not plan.dense and "zwgk_bigrams" in W.model.select().where(plan.condition).sql()[0]
    assert all_pages(W, q, 5) == everyone
    db.execute_sql("ANALYZE window_case")  # now PostgreSQL knows 申请 is in every record: read in order instead
    q = rq.ListQuery(search="申请")
    plan = rq._search(W, q)
    assert plan.dense and "zwgk_bigrams" not in W.model.select().where(plan.condition).sql()[0]
    assert all_pages(W, q, 5) == everyone
    assert rq.list_count(W, rq.ListQuery(search="人2 申请")) == (4, True)  # 申请人2, 20, 21, 22: both kinds at once


def test_a_search_matching_very_many_records_reads_the_list_in_order(many, monkeypatch):
    monkeypatch.setattr(search, "DENSE", 3)
    q = rq.ListQuery(search="申请人")
    assert rq._search(W, q).dense == is_sqlite()  # PostgreSQL's planner chooses between index and order itself
    assert all_pages(W, q, 5) == [r[0] for r in rq.fetch(W, rq.ListQuery(), 0, 1000)]
    assert rq.list_count(W, q) == (len(many), True)
    if is_sqlite():
        monkeypatch.setattr(rq, "DENSE_COUNT_CAP", 10)
        assert rq.list_count(W, rq.ListQuery(search="申请人")) == (10, False)
