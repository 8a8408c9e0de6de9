"""`zwgk --self-test`: one line per check, exit 0 when all pass, no real data touched; failures are named."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import APP_NAME, __version__
from desktop.selftest import CheckFailed, SelfTest, Warned, _marks

ROOT = Path(__file__).resolve().parents[2]
CHECKS = (
    "数据库",
    "节假日安排",
    "报告字体",
    "示例台账",
    "统计数字",
    "账号与密码",
    "Excel 导出",
    "审计日志",
    "报告检查（2021年版格式）",
    "报告 PDF（2021年版格式）",
    "报告检查（旧版格式）",
    "报告 PDF（旧版格式）",
    "Qt 界面组件",
)


@pytest.mark.slow
def test_self_test_passes_from_source_and_touches_no_data_folder(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "APPDATA": str(home / "appdata"),
        "PYTHONIOENCODING": "utf-8",
    }
    env.pop("ZWGK_RESOURCES", None)
    run = subprocess.run(
        [sys.executable, "-m", "desktop", "--self-test"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=240,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert lines[0].startswith(f"{APP_NAME} {__version__} 自检（源代码")
    for check in CHECKS:
        assert any(line.startswith(f"✔ {check}：") for line in lines), check
    assert "✘" not in run.stdout
    assert "qtbase_zh_CN 已载入" in run.stdout
    assert any("页" in line and "PDF" in line for line in lines)
    assert lines[-1].startswith("自检通过：")
    for folder in ("data", "config", "appdata"):  # (caches such as fontconfig's may appear; they are not data)
        assert not (home / folder).exists(), "the self-test must not create the user's data or settings"


def test_a_failing_check_is_named_and_the_others_still_run():
    out = io.StringIO()
    t = SelfTest(out)

    def broken() -> str:
        raise CheckFailed("页数不符")

    def crashing() -> str:
        raise ZeroDivisionError("division by zero")

    def warned() -> str:
        raise Warned("尚无今年的安排")

    assert not t.check("报告 PDF", broken)
    assert not t.check("统计数字", crashing)
    assert t.check("节假日安排", warned)
    assert t.check("数据库", lambda: ["已新建", "细节"])
    assert (t.passed, t.failed, t.warned) == (1, 2, 1)
    assert out.getvalue().splitlines() == [
        "✘ 报告 PDF：页数不符",
        "✘ 统计数字：出错 ZeroDivisionError: division by zero",
        "⚠ 节假日安排：尚无今年的安排",
        "✔ 数据库：已新建",
        "    细节",
    ]


def test_marks_fall_back_where_the_console_cannot_show_them():
    gbk = io.TextIOWrapper(io.BytesIO(), encoding="gbk")
    assert _marks(gbk) == ("√", "×", "!")
    assert _marks(io.TextIOWrapper(io.BytesIO(), encoding="utf-8")) == ("✔", "✘", "⚠")
