"""Render resources/icons/zwgk.svg to zwgk.png (256 px) and a multi-size zwgk.ico (16–256 px) for Windows.

    .venv/bin/python scripts/make_icons.py

Qt (QtSvg, part of PySide6-Essentials) draws the SVG at each size; Pillow writes the .ico. At 32 px and below
the thin inner frame is left out and the strokes are thicker, so the small icons stay crisp.
"""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
SMALL = 32


def svg_for(size: int) -> bytes:
    svg = (ICONS / "zwgk.svg").read_text(encoding="utf-8")
    if size <= SMALL:
        svg = re.sub(r'<g id="frame">.*?</g>', "", svg, flags=re.S)
        svg = svg.replace('stroke-width="22"', 'stroke-width="28"')
    return svg.encode("utf-8")


def render(size: int) -> bytes:
    """PNG bytes of the icon at `size` pixels."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg_for(size)))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def main() -> int:
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    (ICONS / "zwgk.png").write_bytes(render(256))
    images = [Image.open(io.BytesIO(render(s))).convert("RGBA") for s in ICO_SIZES]
    # Pillow writes one entry per requested size, taking each from the image of that size in append_images.
    images[-1].save(ICONS / "zwgk.ico", sizes=[(s, s) for s in ICO_SIZES], append_images=images[:-1])
    print(f"已生成 {ICONS / 'zwgk.png'} 和 {ICONS / 'zwgk.ico'}（{'、'.join(map(str, ICO_SIZES))} 像素）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
