"""Excel import: header matching, every bad row reported as 第N行 【列名】 原因, all-or-nothing, round trips."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from desktop.db import close_db
from desktop.db.models import AuditEntry, DisclosureRequest, ProactiveItem, Unit, WindowCase
from desktop.domain.errors import DomainError
from desktop.exchange.excel import ImportFailed, export_register, import_register
from desktop.registers import ALL, REGISTERS, SYSTEM, Actor
from tests.unit.excel_fixtures import (
    ID_NUMBER,
    PHONE,
    PHONE_MASKED,
    as_dicts,
    open_seeded,
    read_sheet,
    save_samples,
    window_case,
    write_sheet,
)

HEADER = ["办件编号", "事项", "申请人", "联系电话", "收件时间", "受理时间", "办理状态"]
GOOD = ["", "GS-001", "张三", PHONE, "2015-09-30 09:00", "2015-09-30 09:30", "受理"]


@pytest.fixture
def seeded(tmp_path):
    open_seeded(tmp_path / "main.sqlite3")
    yield
    close_db()


def row(**changes):
    values = dict(zip(HEADER, GOOD, strict=True))
    values.update(changes)
    return [values[h] for h in HEADER]


def test_good_rows_are_created_and_blank_numbers_assigned(seeded, tmp_path):
    path = write_sheet(
        tmp_path / "in.xlsx",
        HEADER,
        [
            row(),
            row(**{"办件编号": "2015-GS-00100", "申请人": "李四"}),
            [None] * len(HEADER),  # a blank row in the middle is skipped
            row(**{"申请人": "王五", "事项": "个体工商户设立登记"}),  # the item by name as well as by code
        ],
    )
    result = import_register("window", path, SYSTEM)
    assert (result.created, result.numbered, result.blank_rows, result.warnings) == (3, 2, 1, [])
    assert str(result) == "已从工作表“Sheet”导入3条记录（自动编号2条，跳过空行1行）"
    cases = {c.applicant: c for c in WindowCase.select()}
    assert cases["李四"].number == "2015-GS-00100"
    assert {cases["张三"].number, cases["王五"].number} == {"2015-GS-00001", "2015-GS-00002"}
    assert cases["张三"].promised_date == date(2015, 10, 13)  # computed on import like on a form
    assert cases["张三"].created_by == "系统"


def test_two_bad_rows_among_good_ones_write_nothing_and_are_each_reported(seeded, tmp_path):
    REGISTERS["window"].save(window_case(), SYSTEM)
    before = (WindowCase.select().count(), AuditEntry.select().count())
    path = write_sheet(
        tmp_path / "in.xlsx",
        HEADER,
        [
            row(),
            row(**{"收件时间": "2015-13-40", "联系电话": PHONE_MASKED}),
            row(),
            row(**{"事项": "不存在的事项"}),
            row(),
        ],
    )
    with pytest.raises(ImportFailed) as err:
        import_register("window", path, SYSTEM)
    assert err.value.problems == [
        "第3行 【收件时间】 日期“2015-13-40”无效，应写作 2015-10-12 或 20151012",
        "第3行 【联系电话】 电话号码只能包含数字、空格、短横线和开头的+号",
        "第5行 【事项】 找不到事项“不存在的事项”，请先在基础数据中添加",
    ]
    assert "未导入任何数据" in err.value.message and "第5行" in err.value.message
    assert (WindowCase.select().count(), AuditEntry.select().count()) == before


def test_rule_errors_name_the_row_and_column(seeded, tmp_path):
    path = write_sheet(
        tmp_path / "in.xlsx",
        HEADER + ["办结时间"],
        [
            row() + [None],
            row(**{"受理时间": "2015-09-29 08:00", "办理状态": "办结"}) + [None],
        ],
    )
    with pytest.raises(ImportFailed) as err:
        import_register("window", path, SYSTEM)
    assert err.value.problems == [
        "第3行 【受理时间】 受理时间不能早于收件时间",
        "第3行 【办结时间】 办结时必须填写办结时间",
    ]


def test_missing_required_columns_are_named(seeded, tmp_path):
    path = write_sheet(tmp_path / "in.xlsx", ["办件编号", "联系电话", "办理状态"], [["", PHONE, "收件"]])
    with pytest.raises(ImportFailed) as err:
        import_register("window", path, SYSTEM)
    assert err.value.problems == [
        "第1行 【事项】 缺少必填列",
        "第1行 【申请人】 缺少必填列",
        "第1行 【收件时间】 缺少必填列",
    ]


def test_unknown_column_is_a_warning_and_export_columns_are_ignored(seeded, tmp_path):
    path = write_sheet(
        tmp_path / "in.xlsx",
        HEADER + ["是否超期", "承诺办结日期", "身高", "身高"],
        [row() + ["是", "2099-01-01", "180", "181"]],
    )
    result = import_register("window", path, SYSTEM)
    assert result.created == 1
    assert result.warnings == ["第1行 【身高】 不是“窗口办件”的列，已忽略"] * 2
    assert str(result).splitlines()[1] == "提示：第1行 【身高】 不是“窗口办件”的列，已忽略"
    assert WindowCase.get().promised_date == date(2015, 10, 13)  # the computed column was recomputed, not read


def test_duplicate_header_is_a_problem(seeded, tmp_path):
    path = write_sheet(tmp_path / "in.xlsx", HEADER + ["申请人"], [row() + ["李四"]])
    with pytest.raises(ImportFailed) as err:
        import_register("window", path, SYSTEM)
    assert err.value.problems == ["第1行 【申请人】 表头重复（第C列和第H列）"]


def test_formula_without_a_cached_value_is_reported(seeded, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(row())
    sheet.append(row())
    sheet.append(row(**{"联系电话": "1381234"}))
    sheet["C3"] = "=A1&B1"  # 申请人 of row 3: openpyxl saves formulas without a result
    sheet["C4"] = "=A1&B1"
    sheet["H2"] = "=1+1"  # a formula in a column the import does not read is no problem
    workbook.save(tmp_path / "in.xlsx")
    with pytest.raises(ImportFailed) as err:
        import_register("window", tmp_path / "in.xlsx", SYSTEM)
    assert err.value.problems == [
        "第3行 【申请人】 公式没有计算结果，请在Excel中打开并保存后再导入",
        "第4行 【申请人】 公式没有计算结果，请在Excel中打开并保存后再导入",
        "第4行 【联系电话】 手机号码应为11位，当前为7位",
    ]


def test_formula_with_a_cached_value_is_read_as_its_value(seeded, tmp_path):
    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(row())
    workbook.active["C2"] = '="李"&"四"'
    workbook.save(tmp_path / "formula.xlsx")
    # What Excel saves: the formula and its last result. openpyxl cannot write the result, so patch it in.
    with zipfile.ZipFile(tmp_path / "formula.xlsx") as source, zipfile.ZipFile(tmp_path / "saved.xlsx", "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                # openpyxl writes an empty <v /> itself, <v/> or <v></v> through lxml (when installed).
                data = re.sub(rb"</f><v\s*/>|</f><v></v>", "</f><v>李四</v>".encode(), data)
                data = data.replace(b'<c r="C2"><f>', b'<c r="C2" t="str"><f>')
            target.writestr(item, data)
    assert import_register("window", tmp_path / "saved.xlsx", SYSTEM).created == 1
    assert WindowCase.get().applicant == "李四"


def test_duplicate_numbers_within_the_file_and_with_the_database(seeded, tmp_path):
    REGISTERS["window"].save(window_case(), SYSTEM)  # 2015-GS-00001
    path = write_sheet(
        tmp_path / "in.xlsx",
        HEADER,
        [
            row(**{"办件编号": "2015-GS-00007"}),
            row(**{"办件编号": "2015-GS-00001"}),
            row(**{"办件编号": "2015-GS-00007"}),
            row(),
        ],
    )
    with pytest.raises(ImportFailed) as err:
        import_register("window", path, SYSTEM)
    assert err.value.problems == [
        "第3行 【办件编号】 “2015-GS-00001”已存在，不能重复导入",
        "第4行 【办件编号】 “2015-GS-00007”与第2行重复",
    ]
    assert WindowCase.select().count() == 1


def test_a_number_taken_by_a_voided_record_is_also_refused(seeded, tmp_path):
    record, _ = REGISTERS["window"].save(window_case(), SYSTEM)
    REGISTERS["window"].void(record.id, "录入错误", SYSTEM)
    path = write_sheet(tmp_path / "in.xlsx", HEADER, [row(**{"办件编号": "2015-GS-00001"})])
    with pytest.raises(ImportFailed) as err:
        import_register("window", path, SYSTEM)
    assert err.value.problems == ["第2行 【办件编号】 “2015-GS-00001”已存在，不能重复导入"]


def test_catalogue_codes_repeated_in_the_file(seeded, tmp_path):
    path = write_sheet(
        tmp_path / "units.xlsx",
        ["单位名称", "单位代码", "单位类别"],
        [["环保", "hb", "进驻窗口单位"], ["规划", "HB", "进驻窗口单位"], ["工商局", "GS", "职能部门"]],
    )
    with pytest.raises(ImportFailed) as err:
        import_register("unit", path, SYSTEM)
    assert err.value.problems == [
        "第3行 【单位代码】 “HB”与第2行重复",
        "第4行 【单位代码】 “GS”已存在，不能重复导入",
    ]


def test_catalogue_import(seeded, tmp_path):
    path = write_sheet(
        tmp_path / "units.xlsx",
        ["单位名称", "单位代码", "单位类别", "窗口工作人员数", "启用"],
        [["环保", "hb", "进驻窗口单位", "2", "是"], ["规划", "GH", "进驻窗口单位", None, None]],
    )
    assert import_register("unit", path, SYSTEM).created == 2
    units = {u.name: u for u in Unit.select()}
    assert (units["环保"].code, units["环保"].staff_count, units["规划"].active) == ("HB", 2, True)


def test_users_cannot_be_imported_because_passwords_never_go_in_files(seeded, tmp_path):
    path = write_sheet(tmp_path / "users.xlsx", ["用户名", "角色", "密码"], [["zhang", "管理员", "secret"]])
    with pytest.raises(DomainError, match="密码不能写在文件中"):
        import_register("user", path, SYSTEM)


def test_text_file_named_xlsx(seeded, tmp_path):
    path = tmp_path / "台账.xlsx"
    path.write_text("办件编号,事项\n", encoding="utf-8")
    with pytest.raises(DomainError) as err:
        import_register("window", path, SYSTEM)
    assert err.value.message == "无法打开Excel文件 台账.xlsx：文件已损坏或不是 .xlsx 格式"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("nothing.xlsx", "找不到文件"),
        ("old.xls", "不支持旧版 .xls 文件"),
        ("data.csv", "不支持 CSV 文件"),
    ],
)
def test_other_unreadable_files(seeded, tmp_path, name, expected):
    if name != "nothing.xlsx":
        (tmp_path / name).write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(DomainError, match=expected):
        import_register("window", tmp_path / name, SYSTEM)


def test_unknown_register_key(seeded, tmp_path):
    with pytest.raises(DomainError, match="没有“windows”这个登记簿"):
        import_register("windows", tmp_path / "x.xlsx", SYSTEM)


def test_empty_sheet_and_header_without_rows(seeded, tmp_path):
    Workbook().save(tmp_path / "empty.xlsx")
    with pytest.raises(ImportFailed) as err:
        import_register("window", tmp_path / "empty.xlsx", SYSTEM)
    assert err.value.problems[0].startswith("第1行 工作表是空的")
    write_sheet(tmp_path / "header.xlsx", HEADER, [])
    with pytest.raises(ImportFailed) as err:
        import_register("window", tmp_path / "header.xlsx", SYSTEM)
    assert err.value.problems == ["第2行 文件中没有数据行（表头在第1行）"]


def test_sheet_without_any_known_header(seeded, tmp_path):
    path = write_sheet(tmp_path / "in.xlsx", ["姓名", "年龄"], [["张三", 30]])
    with pytest.raises(ImportFailed) as err:
        import_register("window", path, SYSTEM)
    assert err.value.problems[0].startswith("第1行 找不到表头：表头应为“窗口办件”的列名（【办件编号】、【事项】")


def test_sheet_named_after_the_register_is_chosen_and_a_title_row_is_skipped(seeded, tmp_path):
    workbook = Workbook()
    workbook.active.title = "说明"
    workbook.active.append(["申请人", "请勿修改本表"])
    sheet = workbook.create_sheet(" 窗口办件 ")
    sheet.append(["2015年窗口办件台账"])
    sheet.append(["事项 ", " 申 请 人", "*收件时间", "办理状态", "受理时间(实际)"])
    sheet.append(["GS-001", "张三", "2015-09-30 09:00", "收件", None])
    workbook.save(tmp_path / "in.xlsx")
    result = import_register("window", tmp_path / "in.xlsx", SYSTEM)
    assert (result.sheet, result.created) == (" 窗口办件 ", 1)
    assert result.warnings == ["第2行 【受理时间(实际)】 不是“窗口办件”的列，已忽略"]


def test_dates_and_numbers_written_as_text_or_as_excel_values(seeded, tmp_path):
    header = [
        "事项",
        "申请人",
        "收件时间",
        "受理时间",
        "办理状态",
        "办结时间",
        "收费金额",
        "补齐补正开始日期",
        "补齐补正结束日期",
        "网上办理",
        "联系电话",
        "承诺时限",
    ]
    path = write_sheet(
        tmp_path / "in.xlsx",
        header,
        [
            [
                "SF-001",
                "甲",
                "20150930 0900",
                "2015/9/30 9:30",
                "办结",
                datetime(2015, 9, 30, 10),
                "1,234.50",
                None,
                None,
                "是",
                13812345678,
                "99",
            ],
            [
                "GS-001",
                "乙",
                datetime(2015, 9, 30, 9),
                "201509300930",
                "受理",
                None,
                None,
                "20151008",
                "2015/10/12",
                True,
                13812345678.0,
                None,
            ],
            [
                "GS-001",
                "丙",
                "2015-09-30 09:00",
                "2015年9月30日 9:30",
                "受理",
                None,
                None,
                42285,
                date(2015, 10, 12),
                "否",
                "0736 7312025",
                None,
            ],
        ],
    )
    assert import_register("window", path, SYSTEM).created == 3
    cases = {c.applicant: c for c in WindowCase.select()}
    assert cases["甲"].accepted_at == datetime(2015, 9, 30, 9, 30)
    assert cases["甲"].fee == Decimal("1234.50")
    assert cases["乙"].received_at == datetime(2015, 9, 30, 9)
    assert cases["乙"].correction_start == date(2015, 10, 8)
    assert cases["丙"].correction_start == date(2015, 10, 8)  # 42285 is 2015-10-08 as an Excel serial number
    assert cases["乙"].promised_date == cases["丙"].promised_date == date(2015, 10, 16)
    assert (cases["甲"].online, cases["乙"].online, cases["丙"].online) == (True, True, False)
    assert [cases[n].phone for n in "甲乙丙"] == [PHONE, PHONE, "0736-7312025"]  # numbers typed into number cells
    assert cases["甲"].promise_days == 0  # the computed column is taken from the item, not the file


def test_a_bare_year_in_a_date_column_is_refused_not_read_as_a_serial_number(seeded, tmp_path):
    path = write_sheet(tmp_path / "in.xlsx", HEADER + ["挂起开始日期"], [row() + [2015]])
    with pytest.raises(ImportFailed) as err:
        import_register("window", path, SYSTEM)
    assert err.value.problems == ["第2行 【挂起开始日期】 日期“2015”无效，应写作 2015-10-12 或 20151012"]


def test_blank_cell_of_a_field_with_a_default_takes_the_default(seeded, tmp_path):
    path = write_sheet(tmp_path / "in.xlsx", HEADER + ["申请人类型", "评价"], [row() + [None, None]])
    import_register("window", path, SYSTEM)
    assert (WindowCase.get().applicant_type, WindowCase.get().rating) == ("个人", "未评价")


def test_excel_error_values_are_reported(seeded, tmp_path):
    path = write_sheet(tmp_path / "in.xlsx", HEADER, [row(**{"申请人": "#N/A"})])
    with pytest.raises(ImportFailed) as err:
        import_register("window", path, SYSTEM)
    assert err.value.problems == ["第2行 【申请人】 单元格是错误值“#N/A”，请修改公式或填写数值"]


def test_window_staff_import_only_their_own_units_cases(seeded, tmp_path):
    clerk = Actor("gs1", "窗口人员", Unit.get(Unit.code == "GS").id)
    path = write_sheet(tmp_path / "in.xlsx", HEADER, [row(), row(**{"事项": "SF-001"})])
    with pytest.raises(ImportFailed) as err:
        import_register("window", path, clerk)
    assert err.value.problems == ["第3行 窗口人员只能登记和修改本单位的办件"]
    assert WindowCase.select().count() == 0


def test_disclosure_outcome_by_leaf_label_and_proactive_carriers(seeded, tmp_path):
    header = ["申请方式", "收到日期", "申请人类型", "申请人", "申请内容", "状态", "办理结果", "答复日期"]
    path = write_sheet(
        tmp_path / "d.xlsx",
        header,
        [
            ["当面", "2015-10-12", "自然人", "甲", "征地补偿", "已办结", "予以公开", "2015-10-20"],
            ["当面", "2015-10-12", "自然人", "乙", "征地补偿", "已办结", "属于国家秘密", "2015-10-20"],
            ["当面", "2015-10-12", "自然人", "丙", "征地补偿", "已办结", "3.补正后申请内容仍不明确", "2015-10-20"],
            ["当面", "2015-10-12", "自然人", "丁", "征地补偿", "已办结", "其他", "2015-10-20"],
        ],
    )
    assert import_register("disclosure", path, SYSTEM).created == 4
    outcomes = {r.applicant: r.outcome for r in DisclosureRequest.select()}
    assert outcomes == {
        "甲": "（一）予以公开",
        "乙": "（三）1.属于国家秘密",
        "丙": "（四）3.补正后申请内容仍不明确",
        "丁": "（六）3.其他",
    }
    assert [r.number for r in DisclosureRequest.select().order_by(DisclosureRequest.id)] == [
        "2015-001",
        "2015-002",
        "2015-003",
        "2015-004",
    ]

    path = write_sheet(
        tmp_path / "p.xlsx",
        ["标题", "发布日期", "栏目", "公开载体"],
        [
            ["公告一", "2015-10-12", "园区动态", "公开栏、政府网站"],
            ["公告二", "2015-10-12", "不存在的栏目", "政府网站、报纸"],
        ],
    )
    with pytest.raises(ImportFailed) as err:
        import_register("proactive", path, SYSTEM)
    assert err.value.problems == [
        "第3行 【栏目】 找不到栏目“不存在的栏目”，请先在基础数据中添加",
        "第3行 【公开载体】 “报纸”不是可选值（可选：政府网站、公开栏、电子屏、政务新媒体、新闻媒体、其他）",
    ]
    assert ProactiveItem.select().count() == 0


@pytest.mark.parametrize("key", ["window", "hotline", "disclosure", "proactive"])
def test_round_trip_reproduces_the_records(tmp_path, key):
    open_seeded(tmp_path / "a.sqlite3")
    save_samples()
    first = tmp_path / "a.xlsx"
    count = export_register(key, first, unmasked=True, today=date(2015, 10, 20))
    expected = [_record_values(key)]

    open_seeded(tmp_path / "b.sqlite3")
    result = import_register(key, first, SYSTEM)
    assert (result.created, result.numbered) == (count, 0)
    expected.append(_record_values(key))
    second = tmp_path / "b.xlsx"
    export_register(key, second, unmasked=True, today=date(2015, 10, 20))
    close_db()

    assert expected[0] == expected[1]
    assert read_sheet(first) == read_sheet(second)
    rows = as_dicts(read_sheet(second))
    if key != "proactive":
        assert rows[0]["联系电话"] == PHONE  # unmasked
    if key == "window":
        assert rows[0]["证件号码"] == ID_NUMBER
        assert rows[1]["备注"] == "=同上（不是公式）"


def _record_values(key):
    """The declared values of every record (REF ids are equal: both databases were seeded the same way)."""
    register = REGISTERS[key]
    return [register.values_of(r) for r in register.select().order_by(register.model.id)]


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).map(str.strip).filter(bool)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=_TEXT, doc_no=_TEXT)
def test_any_text_survives_export_and_import(seeded, tmp_path, title, doc_no):
    ProactiveItem.delete().execute()
    REGISTERS["proactive"].save(
        {"title": title, "doc_no": doc_no, "publish_date": "2015-10-12", "carriers": "政府网站"}, SYSTEM
    )
    export_register("proactive", tmp_path / "p.xlsx")
    import_register("proactive", tmp_path / "p.xlsx", SYSTEM)
    assert [(p.title, p.doc_no) for p in ProactiveItem.select()] == [(title, doc_no)] * 2


def test_voided_rows_of_an_export_with_voided_records_are_not_revived(tmp_path):
    open_seeded(tmp_path / "a.sqlite3")
    save_samples()
    first = WindowCase.select().order_by(WindowCase.id).first()
    REGISTERS["window"].void(first.id, "重复登记", SYSTEM)
    export_register("window", tmp_path / "all.xlsx", unmasked=True, include_voided=True)
    open_seeded(tmp_path / "b.sqlite3")
    result = import_register("window", tmp_path / "all.xlsx", SYSTEM)
    assert (result.created, result.voided_rows, result.warnings) == (2, 1, ["1条已作废的记录未导入（第2行）"])
    assert first.number not in {c.number for c in WindowCase.select()}
    close_db()


def test_voided_column_must_say_yes_or_no(seeded, tmp_path):
    path = write_sheet(tmp_path / "in.xlsx", HEADER + ["已作废"], [row() + ["作废"], row() + ["否"]])
    with pytest.raises(ImportFailed) as err:
        import_register("window", path, SYSTEM)
    assert err.value.problems == ["第2行 【已作废】 “作废”应为“是”或“否”"]


def test_calamine_reads_the_same_values_as_openpyxl(tmp_path):
    """Imports read with calamine (fast) and fall back to openpyxl: both must hand the register the same cells."""
    from pathlib import Path

    from desktop.exchange import excel_import

    book = Workbook()
    sheet = book.active
    sheet.title = "窗口办件"
    sheet.append(["窗口办件登记表"])
    sheet.append([])
    sheet.append(HEADER + ["收费金额", "网上办理", "备注"])
    sheet.append(
        [
            "2015-GS-00001",
            1001,
            "张三",
            13812345678,
            datetime(2015, 9, 30, 9, 0),
            date(2015, 9, 30),
            "受理",
            12.5,
            True,
            "  带空格  ",
        ]
    )
    sheet.append([None, "GS-001", "李四", "0736-1234567", 42277, "20150930 0930", "办结", 3.0, False, ""])
    sheet["F4"].number_format = "yyyy-mm-dd"
    path = Path(tmp_path / "both.xlsx")
    book.save(path)

    def trimmed(rows):
        out = [list(r) for r in rows]
        for r in out:
            while r and r[-1] is None:
                r.pop()
        return out

    quick = excel_import._load_quickly(path, "窗口办件")
    assert quick is not None
    assert quick[0] == "窗口办件"
    assert trimmed(quick[1]) == trimmed(excel_import._load(path, "窗口办件", data_only=True)[1])


def test_a_topic_tree_imports_with_parents_and_children_in_one_file(seeded, tmp_path):
    """A new office sets up its 热线诉求分类 from one sheet: a parent written above its children is found there."""
    header = ["分类名称", "上级分类"]
    path = write_sheet(
        tmp_path / "topics.xlsx", header, [["园区服务", None], ["企业诉求", "园区服务"], ["用工招聘", "企业诉求"]]
    )
    assert import_register("hotline_topic", path, SYSTEM).created == 3
    parents = {t.name: t.parent for t in ALL["hotline_topic"].select()}
    assert (parents["企业诉求"], parents["用工招聘"]) == ("园区服务", "企业诉求")

    below = write_sheet(tmp_path / "below.xlsx", header, [["道路扬尘", "大气污染"], ["大气污染", None]])
    with pytest.raises(ImportFailed) as err:
        import_register("hotline_topic", below, SYSTEM)
    assert err.value.problems == ["第2行 【上级分类】 上级“大气污染”不存在（同一文件中的上级应写在其下级之前）"]
    assert not ALL["hotline_topic"].select().where(ALL["hotline_topic"].model.name == "大气污染").exists()


def test_per_piece_fees_count_the_applicants_requests_above_in_the_same_file(seeded, tmp_path):
    """按件: an applicant's 11th request of a month costs 100 元 — whether the ten before it were saved earlier or
    sit above it in the imported file (counted as if the rows were entered one by one)."""
    header = ["申请方式", "收到日期", "申请人类型", "申请人", "申请内容", "收费方式"]
    REGISTERS["disclosure"].save(
        {
            "channel": "当面",
            "received_date": "2015-10-01",
            "applicant_type": "自然人",
            "applicant": "甲",
            "content": "第1件",
            "fee_method": "按件",
        },
        SYSTEM,
    )
    rows = [["当面", f"2015-10-{n:02d}", "自然人", "甲", f"第{n}件", "按件"] for n in range(2, 13)]
    rows.append(["当面", "2015-10-12", "自然人", "乙", "乙的第1件", "按件"])
    rows.append(["当面", "2015-11-02", "自然人", "甲", "下月第1件", "按件"])
    path = write_sheet(tmp_path / "d.xlsx", header, rows)
    assert import_register("disclosure", path, SYSTEM).created == 13
    fees = {r.content: r.fee_amount for r in DisclosureRequest.select()}
    assert [fees[f"第{n}件"] for n in range(1, 13)] == [Decimal(0)] * 10 + [Decimal(100)] * 2
    assert fees["乙的第1件"] == fees["下月第1件"] == Decimal(0)


def test_repeat_calls_within_the_file_are_warned_about(seeded, tmp_path):
    header = ["来电时间", "来电人", "联系电话", "诉求类型", "诉求内容"]
    path = write_sheet(
        tmp_path / "h.xlsx",
        header,
        [
            ["2015-10-12 09:05", "李四", PHONE, "投诉", "夜间施工噪音扰民"],
            ["2015-10-20 21:30", "李四", PHONE, "投诉", "又在夜间施工"],
            ["2015-10-21 08:00", "王五", "13907369999", "咨询", "路灯何时修好"],
        ],
    )
    result = import_register("hotline", path, SYSTEM)
    assert result.created == 3
    assert [w for w in result.warnings if "来电" in w] == [
        "第3行 该号码在30天内曾来电1次（本文件中1次），可填写关联工单"
    ]
