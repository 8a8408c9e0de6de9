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


def _sample_requests() -> None:
    """The demo year has no disclosure requests (as in the reference); a few make those pages worth a look."""
    from desktop.registers import REGISTERS, SYSTEM

    r = REGISTERS["disclosure"]
    r.save(
        {
            "channel": "网络平台",
            "arrived_date": "2015-11-02",
            "received_date": "2015-11-03",
            "applicant_type": "自然人",
            "applicant": "陈明",
            "phone": "13907365566",
            "content": "德山街道2015年征地补偿标准及依据",
            "delivery_form": "电子邮件",
            "email": "chenming@example.com",
        },
        SYSTEM,
    )
    r.save(
        {
            "channel": "当面",
            "arrived_date": "2015-10-12",
            "applicant_type": "商业企业",
            "applicant": "常德凯达电气有限公司",
            "content": "经开区2015年企业扶持资金申报指南",
            "status": "已办结",
            "outcome": "予以公开",
            "reply_date": "2015-10-20",
            "reply_doc_no": "常经开依复〔2015〕1号",
            "service_method": "当面",
            "served_date": "2015-10-20",
        },
        SYSTEM,
    )
    REGISTERS["appeals"].save(
        {"case_type": "行政复议", "appellant": "陈明", "filed_date": "2015-12-01", "request_number": "2015-001"}, SYSTEM
    )


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
    _sample_requests()
    window = MainWindow(Actor("admin", vocab.ROLE_ADMIN), str(db_path))
    window.resize(1366, 800)
    window.show()
    for i, key in enumerate(window.keys):
        page = window.show_page(key)
        app.processEvents()
        window.grab().save(str(out / f"{i:02d}-{key}.png"))
        tabs = [page.widget(t) for t in range(page.count())] if isinstance(page, QTabWidget) else [page]
        for t, tab in enumerate(tabs):
            if isinstance(page, QTabWidget):
                page.setCurrentIndex(t)
                app.processEvents()
                window.grab().save(str(out / f"{i:02d}-{key}-{t}.png"))
            if hasattr(tab, "model") and getattr(tab.model, "rows", None):
                tab.table.selectRow(0)
                app.processEvents()
                window.grab().save(str(out / f"{i:02d}-{key}-{t}-record.png"))
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
