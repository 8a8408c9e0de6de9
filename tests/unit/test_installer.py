"""The installer sources agree with the app: one version, Chinese Inno Setup script that keeps user data, icons."""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path

from desktop import __version__

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"


def test_build_script_reads_the_version_of_the_package():
    spec = importlib.util.spec_from_file_location("zwgk_build", INSTALLER / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    assert build.app_version() == __version__


def test_inno_script_is_chinese_keeps_user_data_and_takes_the_version_from_the_build():
    raw = (INSTALLER / "zwgk.iss").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Inno Setup reads Chinese text correctly only with a UTF-8 BOM"
    text = raw.decode("utf-8-sig")
    assert 'Name: "chinesesimplified"' in text
    assert "AppVersion={#AppVersion}" in text and "#ifndef AppVersion" in text
    assert "{autodesktop}" in text and "{group}\\{#AppName}" in text
    assert "SetupIconFile=..\\resources\\icons\\zwgk.ico" in text
    # The uninstaller removes only what it installed: nothing may name the users' data folder for deletion.
    assert "[UninstallDelete]" not in [line.strip() for line in text.splitlines()]
    assert "{userappdata}" not in text and "{localappdata}" not in text


def test_spec_bundles_resources_translations_and_two_executables():
    text = (INSTALLER / "zwgk.spec").read_text(encoding="utf-8")
    assert "qtbase_zh_CN" in text and 'RESOURCES = ROOT / "resources"' in text
    assert 'name="zwgk", console=False' in text and 'name="zwgk-cli", console=True' in text


def test_icon_carries_small_and_large_sizes():
    data = (ROOT / "resources" / "icons" / "zwgk.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = {data[6 + 16 * i] or 256 for i in range(count)}  # width byte; 0 means 256
    assert {16, 32, 48, 256} <= sizes
