"""Open every page of the app with the demo data (offscreen) and save a screenshot of each to a folder.

    .venv/bin/python scripts/screenshots.py [OUT_DIR]     (default out/screenshots)
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    from PySide6.QtWidgets import QApplication, QTabWidget

    from desktop.db import init_db
    from desktop.demo import load_demo
    from desktop.domain import vocab
    from desktop.registers import Actor
    from desktop.ui.app import _translate
    from desktop.ui.main_window import MainWindow, settings

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "out/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    _translate(app)
    settings().clear()
    db_path = Path(tempfile.mkdtemp()) / "shots.sqlite3"
    init_db(db_path)
    load_demo(2015)
    window = MainWindow(Actor("admin", vocab.ROLE_ADMIN), str(db_path))
    window.resize(1366, 800)
    window.show()
    for i, key in enumerate(window.keys):
        page = window.show_page(key)
        app.processEvents()
        window.grab().save(str(out / f"{i:02d}-{key}.png"))
        if isinstance(page, QTabWidget):
            for t in range(1, page.count()):
                page.setCurrentIndex(t)
                app.processEvents()
                window.grab().save(str(out / f"{i:02d}-{key}-{t}.png"))
        if hasattr(page, "model") and getattr(page.model, "rows", None):
            page.table.selectRow(0)
            app.processEvents()
            window.grab().save(str(out / f"{i:02d}-{key}-record.png"))
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
