"""The `zwgk` command line: exit codes, Chinese messages, JSON figures, users, verify, calendar import."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from desktop.cli import main
from desktop.db import close_db


@pytest.fixture
def dbfile(tmp_path):
    yield str(tmp_path / "cli.sqlite3")
    close_db()


def test_figures_json_has_the_named_figures_and_the_three_tables(dbfile, capsys):
    assert main(["--db", dbfile, "figures", "--year", "2015", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for name in (
        "窗口办件数",
        "窗口收费万元",
        "窗口咨询人次",
        "表扬留言数",
        "网上办结数",
        "满意率",
        "咨询人次",
        "电话咨询人次",
        "当面咨询人次",
        "网上咨询人次",
        "热线工单数",
        "主动公开条数",
        "依申请公开申请数",
    ):
        assert name in data
    assert set(data["table2"]) == {"规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费"}
    assert [len(v) for v in data["table2"].values()] == [3, 3, 1, 1, 1, 1]
    assert len(data["table3"]) == 25 and all(len(r) == 7 for r in data["table3"])
    assert len(data["table4"]) == 15


def test_user_add_reads_the_password_from_stdin_and_verify_passes(dbfile, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long password\n"))
    assert main(["--db", dbfile, "user", "add", "admin", "--role", "管理员"]) == 0
    assert main(["--db", dbfile, "user", "list"]) == 0
    out = capsys.readouterr().out
    assert "admin" in out and "管理员" in out
    from desktop.registers.users import USER_REGISTER

    assert USER_REGISTER.authenticate("admin", "a long password").role == "管理员"
    assert main(["--db", dbfile, "verify"]) == 0
    assert "审计日志完整" in capsys.readouterr().out


def test_short_password_is_refused_in_chinese(dbfile, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    assert main(["--db", dbfile, "user", "add", "x", "--role", "公开办"]) == 1
    assert "密码" in capsys.readouterr().err


def test_verify_fails_on_tampering(dbfile, capsys):
    assert main(["--db", dbfile, "calendar", "years"]) == 0
    from desktop.db.audit import AuditEntry

    AuditEntry.update(username="someone").where(AuditEntry.id == 1).execute()
    assert main(["--db", dbfile, "verify"]) == 1
    assert "第1条" in capsys.readouterr().out


def test_calendar_import_adds_a_year(dbfile, tmp_path, capsys):
    csv = tmp_path / "2027.csv"
    csv.write_text("日期,类型,名称\n2027-01-01,休,元旦\n2027-02-06,班,春节\n", encoding="utf-8")
    assert main(["--db", dbfile, "calendar", "import", str(csv)]) == 0
    assert "2027" in capsys.readouterr().out
    from desktop.registers.calendar import current_calendar

    cal = current_calendar()
    assert cal.covers(2027) and cal.is_workday(__import__("datetime").date(2027, 2, 6))
    bad = tmp_path / "bad.csv"
    bad.write_text("日期,类型,名称\n2028-13-01,休,元旦\n", encoding="utf-8")
    assert main(["--db", dbfile, "calendar", "import", str(bad)]) == 1
    assert "第2行" in capsys.readouterr().err


def test_console_script_runs_as_a_module(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "desktop", "--db", str(tmp_path / "m.sqlite3"), "calendar", "years"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "2004" in out.stdout


def test_import_with_bad_rows_prints_every_problem_and_writes_nothing(dbfile, tmp_path, capsys):
    from openpyxl import Workbook

    assert main(["--db", dbfile, "calendar", "years"]) == 0
    from desktop.registers import REGISTERS

    wb = Workbook()
    ws = wb.active
    ws.title = "主动公开"
    ws.append(["标题", "发布日期", "重点领域", "公开载体", "电子化"])
    ws.append(["2015年部门预算", "2015-03-20", "财政资金", "政府网站", "是"])
    ws.append(["", "2015-03-21", "财政资金", "政府网站", "是"])
    ws.append(["征地公告", "2015-02-30", "征地拆迁", "报纸", "是"])
    path = tmp_path / "proactive.xlsx"
    wb.save(path)
    capsys.readouterr()
    assert main(["--db", dbfile, "import", "proactive", str(path)]) == 1
    err = capsys.readouterr().err
    assert "第3行 【标题】 必填" in err
    assert "第4行 【发布日期】" in err and "第4行 【公开载体】" in err
    assert "未写入任何记录" in err
    assert REGISTERS["proactive"].select().count() == 0
    ws.delete_rows(3, 2)
    wb.save(path)
    assert main(["--db", dbfile, "import", "proactive", str(path)]) == 0
    assert REGISTERS["proactive"].select().count() == 1
    out = tmp_path / "out.xlsx"
    assert main(["--db", dbfile, "export", "proactive", str(out), "--year", "2015"]) == 0
    assert "已导出1条记录" in capsys.readouterr().out
