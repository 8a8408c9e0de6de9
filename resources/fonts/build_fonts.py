"""Rebuild the bundled fallback fonts from Debian's font packages (run by hand; needs fontTools, not the app)."""

# Usage (on Debian 12, as any user):
#   apt-get download fonts-noto-cjk fonts-lxgw-wenkai fonts-wqy-microhei
#   for f in *.deb; do dpkg-deb -x "$f" x; done
#   python -m venv /tmp/ft && /tmp/ft/bin/pip install fonttools
#   /tmp/ft/bin/python resources/fonts/build_fonts.py x resources/fonts
#
# Why a conversion: reportlab embeds only TrueType (glyf) outlines, and Noto Serif CJK ships as CFF in a TTC.
# We take the SC face, keep the GBK repertoire plus punctuation (the body font) or GB2312 (the bold title
# font; the PDF builder falls back to the body font for any character a font lacks), convert the cubic
# CFF outlines to quadratic TrueType ones with cu2qu, and rename the family because the result is a
# Modified Version under the SIL OFL.  LXGW WenKai (already TrueType) is only subset to GB2312 and renamed
# "ZWGK Kai", since "LXGW" and "霞鹜" are Reserved Font Names.  WenQuanYi Micro Hei is copied unchanged.
import shutil
import sys
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable


def _charset(encoding: str) -> set[int]:
    cps: set[int] = set(range(0x20, 0x7F)) | set(range(0xA0, 0x180))
    cps |= set(range(0x2000, 0x2070)) | set(range(0x2100, 0x2200)) | set(range(0x2460, 0x2500))
    cps |= set(range(0x3000, 0x3040)) | set(range(0xFE30, 0xFE50)) | set(range(0xFF01, 0xFFEF))
    for b1 in range(0x81, 0xFF):
        for b2 in range(0x40, 0xFF):
            try:
                ch = bytes([b1, b2]).decode(encoding)
            except UnicodeDecodeError:
                continue
            if len(ch) == 1:
                cps.add(ord(ch))
    return cps


def _to_truetype(font: TTFont) -> None:
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones",):
        setattr(maxp, attr, 1)
    for attr in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.compile(font)
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\000\001\000\000"


def _rename(font: TTFont, family: str, style: str) -> None:
    full = family if style == "Regular" else f"{family} {style}"
    ps = (family + "-" + style).replace(" ", "")
    for rec in font["name"].names:
        if rec.nameID in (1, 16):
            rec.string = family
        elif rec.nameID in (2, 17):
            rec.string = style
        elif rec.nameID == 4:
            rec.string = full
        elif rec.nameID == 6:
            rec.string = ps
        elif rec.nameID == 3:
            rec.string = f"{ps};zwgk-build"


def _subset(font: TTFont, encoding: str) -> None:
    opts = subset.Options()
    opts.layout_features = []
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG", "DSIG"]
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.hinting = False
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=_charset(encoding))
    sub.subset(font)


def build_noto(ttc: Path, out: Path, family: str, style: str, encoding: str) -> None:
    font = TTFont(
        ttc, fontNumber=2, lazy=False, recalcTimestamp=False
    )  # face 2 of the Noto Serif CJK collections is SC
    assert "SC" in font["name"].getDebugName(4), font["name"].getDebugName(4)
    _subset(font, encoding)
    _to_truetype(font)
    _rename(font, family, style)
    font.save(out)


def main(src: Path, dst: Path) -> None:
    noto = src / "usr/share/fonts/opentype/noto"
    build_noto(
        noto / "NotoSerifCJK-Regular.ttc", dst / "NotoSerifSC-TT-Regular.ttf", "Noto Serif SC TT", "Regular", "gbk"
    )
    build_noto(noto / "NotoSerifCJK-Bold.ttc", dst / "NotoSerifSC-TT-Bold.ttf", "Noto Serif SC TT", "Bold", "gb2312")
    kai = TTFont(src / "usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", lazy=False, recalcTimestamp=False)
    _subset(kai, "gb2312")
    _rename(kai, "ZWGK Kai", "Regular")
    kai.save(dst / "ZWGKKai-Regular.ttf")
    shutil.copy(src / "usr/share/fonts/truetype/wqy/wqy-microhei.ttc", dst / "wqy-microhei.ttc")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
