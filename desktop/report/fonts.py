"""Report fonts: the Windows 仿宋/黑体/楷体/宋体/小标宋 when installed, the bundled free fonts otherwise."""

from __future__ import annotations

import os
import sys
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

ROLES = ("title", "body", "heading1", "heading2", "page_number")
ROLE_LABELS = {
    "title": "标题（小标宋）",
    "body": "正文（仿宋）",
    "heading1": "一级标题（黑体）",
    "heading2": "二级标题（楷体）",
    "page_number": "页码（宋体）",
}

# Windows file names, most official first (the *_GB2312 fonts are what GB/T 9704 templates name).
_SYSTEM: dict[str, list[tuple[tuple[str, ...], int, str]]] = {
    "title": [
        (
            ("FZXBSJW.TTF", "FZXBSJW--GB1-0.TTF", "方正小标宋简体.TTF", "方正小标宋_GBK.TTF", "FZXBSK.TTF"),
            0,
            "方正小标宋",
        ),
        (("STZHONGS.TTF", "华文中宋.TTF"), 0, "华文中宋"),
    ],
    "body": [
        (("仿宋_GB2312.TTF", "FS_GB2312.TTF", "FANGSONG_GB2312.TTF"), 0, "仿宋_GB2312"),
        (("SIMFANG.TTF",), 0, "仿宋"),
    ],
    "heading1": [(("SIMHEI.TTF",), 0, "黑体")],
    "heading2": [
        (("楷体_GB2312.TTF", "KAITI_GB2312.TTF", "KT_GB2312.TTF"), 0, "楷体_GB2312"),
        (("SIMKAI.TTF",), 0, "楷体"),
    ],
    "page_number": [(("SIMSUN.TTC",), 0, "宋体"), (("SIMSUN.TTF",), 0, "宋体")],
}

_NOTO = "SIL Open Font License 1.1（LICENSE-NotoSerifSC-OFL.txt）"
# (file, subfont, family shown to people, licence); 仿宋 has no free font covering simplified Chinese, so the
# body falls back to a serif (宋) face, the nearest in colour and form.
_BUNDLED: dict[str, tuple[str, int, str, str]] = {
    "title": ("NotoSerifSC-TT-Bold.ttf", 0, "Noto Serif SC 粗体（思源宋体，TrueType 转换子集）", _NOTO),
    "body": ("NotoSerifSC-TT-Regular.ttf", 0, "Noto Serif SC（思源宋体，TrueType 转换子集）", _NOTO),
    "heading1": (
        "wqy-microhei.ttc",
        0,
        "文泉驿微米黑 WenQuanYi Micro Hei",
        "Apache License 2.0（LICENSE-wqy-microhei-Apache-2.0.txt）",
    ),
    "heading2": (
        "ZWGKKai-Regular.ttf",
        0,
        "ZWGK Kai（霞鹜文楷 LXGW WenKai 的 GB2312 子集）",
        "SIL Open Font License 1.1（LICENSE-ZWGKKai-OFL.txt）",
    ),
    "page_number": ("NotoSerifSC-TT-Regular.ttf", 0, "Noto Serif SC（思源宋体，TrueType 转换子集）", _NOTO),
}


@dataclass(frozen=True)
class FontChoice:
    """The physical font used for one role."""

    role: str
    name: str  # the name registered with reportlab
    family: str
    path: Path
    subfont: int
    bundled: bool
    licence: str

    def describe(self) -> str:
        source = f"随程序附带，{self.licence}" if self.bundled else "系统字体"
        return f"{ROLE_LABELS[self.role]}：{self.family}（{source}）{self.path}"


@dataclass(frozen=True)
class FontSet:
    """The fonts of one process: a choice per role and the order to try for a character a font lacks."""

    roles: dict[str, FontChoice]
    fallbacks: tuple[str, ...]

    def name(self, role: str) -> str:
        return self.roles[role].name

    def describe(self) -> list[str]:
        """One line per role, for the about dialog."""
        return [self.roles[r].describe() for r in ROLES]

    def resolve(self, ch: str, font: str) -> str:
        """`font` if it has a glyph for `ch`, else the first fallback that has one (else `font`: a box)."""
        if _has(font, ch):
            return font
        for other in self.fallbacks:
            if _has(other, ch):
                return other
        return font


_CMAPS: dict[str, dict[int, int]] = {}  # registered name -> code point to glyph, for fast fallback look-ups


def _has(font: str, ch: str) -> bool:
    cmap = _CMAPS.get(font)
    if cmap is None:
        cmap = _CMAPS[font] = pdfmetrics.getFont(font).face.charToGlyph
    return ord(ch) in cmap or ch in " \n"


def bundled_dir() -> Path:
    """Where the free fonts live: beside the package, inside a PyInstaller bundle, or `ZWGK_RESOURCES`."""
    candidates = []
    if os.environ.get("ZWGK_RESOURCES"):
        candidates.append(Path(os.environ["ZWGK_RESOURCES"]) / "fonts")
    if getattr(sys, "_MEIPASS", None):
        candidates.append(Path(sys._MEIPASS) / "resources" / "fonts")
    candidates.append(Path(__file__).resolve().parents[2] / "resources" / "fonts")
    for c in candidates:
        if (c / _BUNDLED["body"][0]).exists():
            return c
    return candidates[-1]


def system_font_dirs() -> list[Path]:
    """C:\\Windows\\Fonts, the per-user Windows font folder and the usual Linux/macOS ones; `ZWGK_FONT_DIRS` first."""
    dirs = [Path(p) for p in os.environ.get("ZWGK_FONT_DIRS", "").split(os.pathsep) if p]
    windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot") or r"C:\Windows"
    dirs.append(Path(windir) / "Fonts")
    if os.environ.get("LOCALAPPDATA"):
        dirs.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    home = Path.home()
    dirs += [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".local/share/fonts", home / ".fonts"]
    dirs += [Path("/Library/Fonts"), home / "Library/Fonts"]
    return dirs


def _index(dirs: list[Path]) -> dict[str, Path]:
    """File name (upper case) -> path, first directory wins; one walk per process."""
    found: dict[str, Path] = {}
    for d in dirs:
        if not d.is_dir():
            continue
        for root, _subdirs, files in os.walk(d):
            for f in files:
                found.setdefault(f.upper(), Path(root) / f)
    return found


_LOCK = threading.Lock()
_CACHE: dict[bool, FontSet] = {}


def get_fonts(use_system: bool | None = None) -> FontSet:
    """Register the report fonts once per process and return them.

    `use_system=None` reads `ZWGK_REPORT_FONTS` (`bundled` forces the free fonts, which tests use so that the
    output does not depend on the machine); otherwise installed Windows fonts win over the bundled ones.
    """
    if use_system is None:
        use_system = os.environ.get("ZWGK_REPORT_FONTS", "system").lower() != "bundled"
    with _LOCK:
        if use_system not in _CACHE:
            _CACHE[use_system] = _register(use_system)
        return _CACHE[use_system]


def _register(use_system: bool) -> FontSet:
    index = _index(system_font_dirs()) if use_system else {}
    roles: dict[str, FontChoice] = {}
    for role in ROLES:
        choice = None
        for names, subfont, family in _SYSTEM[role] if use_system else []:
            path = next((index[n.upper()] for n in names if n.upper() in index), None)
            if path is not None:
                choice = _load(role, path, subfont, family, bundled=False, licence="")
                if choice:
                    break
        if choice is None:
            file, subfont, family, licence = _BUNDLED[role]
            choice = _load(role, bundled_dir() / file, subfont, family, bundled=True, licence=licence)
        if choice is None:
            raise RuntimeError(f"找不到报告字体：{ROLE_LABELS[role]}（{bundled_dir()}）")
        roles[role] = choice
    # A character missing from a role's font: try the body font, then 宋体, then the big 黑体 (widest coverage).
    order = [roles[r].name for r in ("body", "page_number", "heading1", "title", "heading2")]
    for file in ("NotoSerifSC-TT-Regular.ttf", "wqy-microhei.ttc"):
        extra = _load("body", bundled_dir() / file, 0, file, bundled=True, licence="")
        if extra:
            order.append(extra.name)
    return FontSet(roles, tuple(dict.fromkeys(order)))


def _load(role: str, path: Path, subfont: int, family: str, *, bundled: bool, licence: str) -> FontChoice | None:
    """Register one font file; None when reportlab cannot embed it (CFF outlines, no-embedding licence)."""
    # One name per physical file: two folders may hold different files of the same name.
    name = f"zwgk:{path.name}:{subfont}:{zlib.crc32(str(path).encode()):08x}"
    try:
        if name not in pdfmetrics.getRegisteredFontNames():
            font = TTFont(name, str(path), subfontIndex=subfont)
            if ord("中") not in font.face.charToGlyph:
                return None
            pdfmetrics.registerFont(font)
    except (TTFError, OSError, ValueError):
        return None
    return FontChoice(role, name, family, path, subfont, bundled, licence)
