"""Build the one-folder bundle with PyInstaller and, on Windows, the installer with Inno Setup's ISCC.

    python installer/build.py                 bundle in dist/zwgk/ (+ dist/zwgk-VERSION-setup.exe on Windows)
    python installer/build.py --self-test     … then run the bundle's --self-test from a temporary folder
    python installer/build.py --no-installer  bundle only, also on Windows

Run it with the Python of the environment that has the app's dependencies and PyInstaller installed
(`pip install . pyinstaller`). Nothing is downloaded: PyInstaller and Inno Setup work offline.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
BUNDLE = DIST / "zwgk"


def app_version() -> str:
    """The version from desktop/__init__.py, read as text so that building needs no import of the app."""
    text = (ROOT / "desktop" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.M)
    if not found:
        raise SystemExit("desktop/__init__.py 中没有 __version__")
    return found.group(1)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build_bundle() -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(WORK),
            str(ROOT / "installer" / "zwgk.spec"),
        ],
        check=True,
        cwd=ROOT,
    )


def find_iscc() -> Path | None:
    """ISCC.exe from $ISCC, PATH, or the folders the Inno Setup 6 installer (and winget, per user) uses."""
    if os.environ.get("ISCC"):
        return Path(os.environ["ISCC"])
    on_path = shutil.which("iscc")
    if on_path:
        return Path(on_path)
    for base in ("ProgramFiles(x86)", "ProgramFiles", "LOCALAPPDATA"):
        root = os.environ.get(base)
        for sub in ("Inno Setup 6", "Programs/Inno Setup 6"):
            if root and (Path(root) / sub / "ISCC.exe").is_file():
                return Path(root) / sub / "ISCC.exe"
    return None


def build_installer(version: str) -> Path:
    iscc = find_iscc()
    if iscc is None:
        raise SystemExit("找不到 Inno Setup 的 ISCC.exe：请安装 Inno Setup 6.5 或更高版本，或用环境变量 ISCC 指明位置")
    # Windows file versions are up to four numbers: 0.2.0rc1 is shown as 0.2.0 in the properties dialog.
    numeric = re.match(r"\d+(\.\d+){0,3}", version).group(0)
    subprocess.run(
        [
            str(iscc),
            f"/DAppVersion={version}",
            f"/DAppVersionNumeric={numeric}",
            f"/DBundleDir={BUNDLE}",
            f"/DOutputDir={DIST}",
            str(ROOT / "installer" / "zwgk.iss"),
        ],
        check=True,
        cwd=ROOT / "installer",
    )
    return DIST / f"zwgk-{version}-setup.exe"


def self_test() -> int:
    """Run the frozen command line from an unrelated folder, so nothing can come from the checkout."""
    exe = BUNDLE / ("zwgk-cli.exe" if sys.platform == "win32" else "zwgk-cli")
    # Without a display on Linux the self-test switches Qt to offscreen itself; on Windows it uses the real plugin.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ZWGK_RESOURCES")}
    with tempfile.TemporaryDirectory(prefix="zwgk-frozen-") as elsewhere:
        return subprocess.run([str(exe), "--self-test"], cwd=elsewhere, env=env).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--self-test", action="store_true", help="构建后运行打包版的 --self-test")
    parser.add_argument("--no-installer", action="store_true", help="只构建程序文件夹，不制作安装程序")
    args = parser.parse_args()
    version = app_version()
    started = time.perf_counter()
    build_bundle()
    seconds = time.perf_counter() - started
    print(
        f"程序文件夹：{BUNDLE}（{folder_size(BUNDLE) / 1_048_576:.0f} MB，版本 {version}，"
        f"PyInstaller 用时 {seconds:.0f} 秒）"
    )
    if sys.platform == "win32" and not args.no_installer:
        setup = build_installer(version)
        print(f"安装程序：{setup}（{setup.stat().st_size / 1_048_576:.0f} MB）")
    return self_test() if args.self_test else 0


if __name__ == "__main__":
    raise SystemExit(main())
