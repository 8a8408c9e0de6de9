"""A text longer than an Excel cell holds (32,767 characters) is never cut silently by an export (issue 13)."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from desktop.domain.text import EXCEL_CELL_LIMIT, LONG_TEXT_SHEET
from desktop.exchange.excel import ImportFailed, export_register, import_register
from desktop.registers import REGISTERS, SYSTEM

# 40,000 characters with a recognisable end, so that a cut anywhere shows.
LONG = ("依申请公开的内容" * 5000)[: 2 * EXCEL_CELL_LIMIT + 11] + "（完）"


@pytest.fixture
def long_request(catalogue):
    record, _ = REGISTERS["disclosure"].save(
        {
            "channel": "当面",
            "received_date": "2015-03-02",
            "applicant_type": "自然人",
            "applicant": "张三",
            "content": LONG,
        },
        SYSTEM,
    )
    return record


def test_the_cell_says_where_the_rest_is_and_the_rest_is_whole(long_request, tmp_path):
    path = tmp_path / "d.xlsx"
    assert export_register("disclosure", path) == 1
    workbook = load_workbook(path, read_only=True)
    main = list(workbook["依申请公开"].iter_rows(values_only=True))
    column = main[0].index("申请内容")
    cell = main[1][column]
    assert len(cell) == EXCEL_CELL_LIMIT
    assert cell.endswith(f"〔全文共{len(LONG)}字，其余见“长文本”工作表第2行〕")
    assert LONG.startswith(cell[: cell.index("〔全文共")])
    rest = list(workbook[LONG_TEXT_SHEET].iter_rows(values_only=True))
    assert rest[0][:5] == ("工作表", "行", "列", "字数", "第1段")
    sheet, row, label, total, *pieces = rest[1]
    assert (sheet, row, label, total) == ("依申请公开", 2, "申请内容", len(LONG))
    assert all(len(p) <= EXCEL_CELL_LIMIT for p in pieces if p)
    assert "".join(p for p in pieces if p) == LONG
    workbook.close()


def test_an_exported_long_text_imports_whole(long_request, tmp_path):
    path = tmp_path / "d.xlsx"
    export_register("disclosure", path)
    workbook = load_workbook(path)
    workbook["依申请公开"]["A2"] = None  # 申请编号: a new number on import
    workbook.save(path)
    import_register("disclosure", path, SYSTEM)
    imported = REGISTERS["disclosure"].select().order_by(REGISTERS["disclosure"].model.id.desc()).get()
    assert imported.content == LONG


def test_a_cut_cell_without_its_rest_is_refused_not_imported_cut(long_request, tmp_path):
    path = tmp_path / "d.xlsx"
    export_register("disclosure", path)
    workbook = load_workbook(path)
    del workbook[LONG_TEXT_SHEET]
    workbook.save(path)
    with pytest.raises(ImportFailed) as err:
        import_register("disclosure", path, SYSTEM)
    assert "第2行 【申请内容】 这是导出时截断的长文本" in str(err.value)


def test_the_audit_export_keeps_long_changes_whole(long_request, tmp_path):
    from desktop.registers import audit_query

    path = tmp_path / "a.xlsx"
    audit_query.export_xlsx(audit_query.AuditFilter(register="disclosure"), path)
    workbook = load_workbook(path, read_only=True)
    changes = [row[5] for row in workbook["审计日志"].iter_rows(min_row=2, values_only=True)]
    assert all(len(c) <= EXCEL_CELL_LIMIT for c in changes if c)
    rest = list(workbook[LONG_TEXT_SHEET].iter_rows(min_row=2, values_only=True))
    assert LONG in "".join(p for p in rest[0][4:] if p)
    workbook.close()
