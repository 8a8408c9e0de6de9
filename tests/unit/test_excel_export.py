"""Excel export: labels as headers, typed cells, masking, year filter, voided records, 是否超期."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from desktop.db import close_db
from desktop.db.declare import Kind
from desktop.db.models import DECLARATIONS, WindowCase
from desktop.domain.errors import DomainError
from desktop.exchange.excel import OVERDUE_LABEL, export_register
from desktop.registers import ALL, REGISTERS, SYSTEM
from desktop.registers.disclosure import DISCLOSURE_REGISTER
from desktop.registers.hotline import HOTLINE_REGISTER
from desktop.registers.publication import ENFORCEMENT_REGISTER
from desktop.registers.users import USER_REGISTER
from tests.unit.excel_fixtures import (
    ID_NUMBER,
    PHONE,
    PHONE_MASKED,
    as_dicts,
    hotline_ticket,
    open_seeded,
    read_sheet,
    save_samples,
    window_case,
)

TODAY = date(2015, 10, 20)


@pytest.fixture
def seeded(tmp_path):
    open_seeded(tmp_path / "main.sqlite3")
    yield
    close_db()


@pytest.fixture
def samples(seeded):
    save_samples()


def test_header_is_the_labels_in_declaration_order_then_overdue(samples, tmp_path):
    assert export_register("window", tmp_path / "w.xlsx", today=TODAY) == 3
    workbook = load_workbook(tmp_path / "w.xlsx")
    assert workbook.sheetnames == ["窗口办件"]
    sheet = workbook.active
    header = [c.value for c in sheet[1]]
    assert header == [f.label for f in DECLARATIONS["window"].fields] + [OVERDUE_LABEL]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:AE{sheet.max_row}" and sheet.max_row == 4
    widths = {k: d.width for k, d in sheet.column_dimensions.items()}
    assert widths["A"] >= 13 and widths["H"] >= 8  # 办件编号 2015-GS-00001 fits
    assert all(8 <= w <= 50 for w in widths.values())


def test_registers_without_a_deadline_have_no_overdue_column(samples, tmp_path):
    export_register("proactive", tmp_path / "p.xlsx")
    assert OVERDUE_LABEL not in read_sheet(tmp_path / "p.xlsx")[0]


def test_cells_are_typed(samples, tmp_path):
    export_register("window", tmp_path / "w.xlsx", unmasked=True, today=TODAY)
    sheet = load_workbook(tmp_path / "w.xlsx").active
    header = [c.value for c in sheet[1]]
    fee_case = {h: c for h, c in zip(header, sheet[4], strict=True)}
    assert fee_case["事项"].value == "城市基础设施配套费收缴"  # REF: the item's name
    assert fee_case["单位"].value == "收费"
    assert fee_case["收件时间"].value == datetime(2015, 9, 30, 9)
    assert fee_case["收件时间"].number_format == "yyyy-mm-dd hh:mm"
    assert fee_case["承诺办结日期"].value == datetime(2015, 9, 30)
    assert fee_case["承诺办结日期"].number_format == "yyyy-mm-dd"
    assert (fee_case["收费金额"].value, fee_case["收费金额"].number_format) == (1234.5, "0.00")
    assert fee_case["收费金额"].data_type == "n"
    assert fee_case["承诺时限"].value == 0 and fee_case["承诺时限"].data_type == "n"
    assert (fee_case["网上办理"].value, fee_case["评价"].value, fee_case["办理状态"].value) == ("是", "满意", "办结")
    assert fee_case["证件号码"].data_type == "s"  # 18 digits stay text, never a rounded number
    text_case = {h: c for h, c in zip(header, sheet[3], strict=True)}
    assert text_case["备注"].value == "=同上（不是公式）" and text_case["备注"].data_type == "s"
    assert text_case["网上办理"].value == "否" and text_case["收费金额"].value is None


def test_multi_choice_is_joined_and_refs_are_names(samples, tmp_path):
    export_register("proactive", tmp_path / "p.xlsx")
    rows = as_dicts(read_sheet(tmp_path / "p.xlsx"))
    assert [r["公开载体"] for r in rows] == ["政府网站、公开栏", "政府网站、政务新媒体、新闻媒体"]
    assert [(r["栏目"], r["发布单位"], r["电子化"]) for r in rows] == [
        ("政务公开", "工商", "是"),
        ("园区动态", None, "否"),
    ]


def test_personal_identifiers_are_masked_unless_asked(samples, tmp_path):
    export_register("window", tmp_path / "masked.xlsx", today=TODAY)
    export_register("window", tmp_path / "plain.xlsx", unmasked=True, today=TODAY)
    masked, plain = as_dicts(read_sheet(tmp_path / "masked.xlsx")), as_dicts(read_sheet(tmp_path / "plain.xlsx"))
    assert [r["联系电话"] for r in masked] == [PHONE_MASKED, "0736-***2025", PHONE_MASKED]
    assert masked[0]["证件号码"] == "430***********" + ID_NUMBER[-4:]
    assert [r["联系电话"] for r in plain] == [PHONE, "0736-7312025", PHONE]
    assert plain[0]["证件号码"] == ID_NUMBER
    assert masked[0]["申请人"] == plain[0]["申请人"] == "张三"  # names are not masked
    for key in ("hotline", "disclosure"):
        export_register(key, tmp_path / f"{key}.xlsx", today=TODAY)
        text = str(read_sheet(tmp_path / f"{key}.xlsx"))
        assert PHONE not in text and ID_NUMBER not in text and PHONE_MASKED in text


def test_year_filter_by_datetime_date_and_int_year(samples, tmp_path):
    window = REGISTERS["window"]
    window.save(window_case(received_at="2015-12-31 23:59", accepted_at=None, status="收件"), SYSTEM)
    window.save(window_case(received_at="2016-01-04 08:30", accepted_at="2016-01-04 09:00"), SYSTEM)
    assert export_register("window", tmp_path / "2015.xlsx", year=2015, today=TODAY) == 4
    assert export_register("window", tmp_path / "2016.xlsx", year=2016, today=TODAY) == 1
    assert export_register("window", tmp_path / "2014.xlsx", year=2014, today=TODAY) == 0
    assert as_dicts(read_sheet(tmp_path / "2016.xlsx"))[0]["办件编号"] == "2016-GS-00001"
    assert read_sheet(tmp_path / "2014.xlsx")[0][0] == "办件编号"  # an empty year still has its header

    REGISTERS["proactive"].save({"title": "新年公告", "publish_date": "2016-01-01", "carriers": "政府网站"}, SYSTEM)
    assert export_register("proactive", tmp_path / "p.xlsx", year=2015) == 2
    assert export_register("proactive", tmp_path / "p.xlsx", year=2016) == 1

    for year in (2015, 2015, 2016):
        ENFORCEMENT_REGISTER.save({"year": year, "category": "行政处罚", "quantity": 3, "unit": "工商"}, SYSTEM)
    assert export_register("enforcement", tmp_path / "e.xlsx", year=2015) == 2
    rows = as_dicts(read_sheet(tmp_path / "e.xlsx"))
    assert [(r["年度"], r["单位"], r["数量"]) for r in rows] == [(2015, "工商", 3), (2015, "工商", 3)]


def test_year_filter_needs_a_register_with_years(seeded, tmp_path):
    with pytest.raises(DomainError, match="没有年度"):
        export_register("unit", tmp_path / "u.xlsx", year=2015)


def test_voided_records_only_when_asked_with_their_reason(samples, tmp_path):
    first = WindowCase.select().order_by(WindowCase.id).first()
    REGISTERS["window"].void(first.id, "重复登记", SYSTEM)
    assert export_register("window", tmp_path / "live.xlsx", today=TODAY) == 2
    assert "已作废" not in read_sheet(tmp_path / "live.xlsx")[0]
    assert export_register("window", tmp_path / "all.xlsx", include_voided=True, today=TODAY) == 3
    rows = as_dicts(read_sheet(tmp_path / "all.xlsx"))
    assert [(r["已作废"], r["作废原因"]) for r in rows] == [("是", "重复登记"), ("否", None), ("否", None)]


def test_overdue_column_by_today(samples, tmp_path):
    # Case 1 is open with 承诺办结日期 2015-10-13; case 2 concluded 10-09 and case 3 the same day.
    export_register("window", tmp_path / "early.xlsx", today=date(2015, 10, 13))
    export_register("window", tmp_path / "late.xlsx", today=date(2015, 10, 14))
    assert [r[OVERDUE_LABEL] for r in as_dicts(read_sheet(tmp_path / "early.xlsx"))] == ["否", "否", "否"]
    assert [r[OVERDUE_LABEL] for r in as_dicts(read_sheet(tmp_path / "late.xlsx"))] == ["是", "否", "否"]
    # Ticket 1 is open with 办理时限 2015-10-29; ticket 2 was closed on the call.
    export_register("hotline", tmp_path / "h.xlsx", today=date(2015, 10, 30))
    assert [r[OVERDUE_LABEL] for r in as_dicts(read_sheet(tmp_path / "h.xlsx"))] == ["是", "否"]
    export_register("disclosure", tmp_path / "d.xlsx", today=date(2015, 11, 9))
    assert [r[OVERDUE_LABEL] for r in as_dicts(read_sheet(tmp_path / "d.xlsx"))] == ["否", "否"]
    export_register("disclosure", tmp_path / "d.xlsx", today=date(2015, 11, 10))
    assert [r[OVERDUE_LABEL] for r in as_dicts(read_sheet(tmp_path / "d.xlsx"))] == ["是", "否"]


def test_hotline_and_disclosure_overdue_rules():
    hotline_overdue, disclosure_overdue = HOTLINE_REGISTER.is_overdue, DISCLOSURE_REGISTER.is_overdue
    due = date(2015, 10, 29)
    concluded = {"due_date": due, "status": "已办结"}
    assert hotline_overdue({**concluded, "concluded_at": datetime(2015, 10, 29, 23, 59)}, date(2016, 1, 1)) is False
    assert hotline_overdue({**concluded, "concluded_at": datetime(2015, 10, 30, 8)}, due) is True
    assert hotline_overdue({"due_date": None, "status": "已签收"}, date(2099, 1, 1)) is False
    assert disclosure_overdue({"due_date": due, "status": "登记"}, date(2015, 10, 30)) is True
    assert disclosure_overdue({"due_date": due, "reply_date": due, "status": "已办结"}, date(2015, 12, 1)) is False
    # Waiting for the applicant's correction: the 20 days restart when it arrives, so nothing is late yet.
    assert disclosure_overdue({"due_date": due, "status": "补正中"}, date(2016, 1, 1)) is False


def test_secret_fields_are_never_exported(seeded, tmp_path):
    USER_REGISTER.add("zhangsan", "Zwgk#2015-secure", "窗口人员", SYSTEM, full_name="张三", unit="工商")
    assert export_register("user", tmp_path / "u.xlsx") == 1
    rows = read_sheet(tmp_path / "u.xlsx")
    assert rows[0] == ("用户名", "姓名", "角色", "所属单位", "启用")
    assert rows[1] == ("zhangsan", "张三", "窗口人员", "工商", "是")


@pytest.mark.parametrize("key", sorted(ALL))
def test_every_register_and_catalogue_exports_its_header(seeded, tmp_path, key):
    decl = ALL[key].decl
    export_register(key, tmp_path / f"{key}.xlsx")
    workbook = load_workbook(tmp_path / f"{key}.xlsx")
    assert workbook.sheetnames == [decl.sheet_name]
    header = list(read_sheet(tmp_path / f"{key}.xlsx")[0])
    assert header[: len([f for f in decl.fields if not f.secret])] == [f.label for f in decl.fields if not f.secret]


def test_catalogue_rows(samples, tmp_path):
    assert export_register("service_item", tmp_path / "s.xlsx") == 2
    rows = as_dicts(read_sheet(tmp_path / "s.xlsx"))
    assert rows[1] == {
        "事项编码": "SF-001",
        "事项名称": "城市基础设施配套费收缴",
        "单位": "收费",
        "办件类别": "收费类",
        "办件类型": "即办件",
        "法定时限": 1,
        "承诺时限": 0,
        "是否收费": "是",
        "收费依据": None,
        "省网上政务服务和电子监察系统": "否",
        "启用": "是",
    }


def test_hotline_due_date_is_exported_as_a_date(samples, tmp_path):
    REGISTERS["hotline"].save(hotline_ticket(called_at="2015-10-13 08:00", dispatched_at="2015-10-13 08:30"), SYSTEM)
    export_register("hotline", tmp_path / "h.xlsx", year=2015, today=TODAY)
    sheet = load_workbook(tmp_path / "h.xlsx").active
    header = [c.value for c in sheet[1]]
    due = sheet.cell(row=4, column=header.index("办理时限") + 1)
    assert (due.value, due.number_format) == (datetime(2015, 10, 30), "yyyy-mm-dd")


def test_unknown_key_and_unwritable_target(seeded, tmp_path):
    with pytest.raises(DomainError, match="没有“nope”这个登记簿"):
        export_register("nope", tmp_path / "x.xlsx")
    (tmp_path / "dir.xlsx").mkdir()
    with pytest.raises(DomainError, match="无法写入文件"):
        export_register("unit", tmp_path / "dir.xlsx")
    assert not (tmp_path / "dir.xlsx.part").exists()


def test_kinds_cover_every_declared_field():
    # Each kind the export types must be one it knows; a new Kind needs a decision here.
    known = {
        Kind.TEXT,
        Kind.LONGTEXT,
        Kind.INT,
        Kind.MONEY,
        Kind.DATE,
        Kind.DATETIME,
        Kind.BOOL,
        Kind.CHOICE,
        Kind.MULTI,
        Kind.REF,
    }
    assert {f.kind for d in DECLARATIONS.values() for f in d.fields} <= known
