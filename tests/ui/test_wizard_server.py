"""First-start wizard: a PostgreSQL server can be chosen instead of a file; a bad address or an unreachable
server is said on the page, an empty database on a reachable server is accepted (with ZWGK_TEST_PG_URL)."""

from __future__ import annotations

import pytest

from desktop.ui.login import DatabasePage, DatabaseWizard
from tests.pgtest import PG_URL


@pytest.fixture
def page(qtbot):
    wizard = DatabaseWizard()
    qtbot.addWidget(wizard)
    page = wizard.findChild(DatabasePage)
    page.url.setText("")
    return wizard, page


def test_the_address_must_be_postgresql(page):
    wizard, page = page
    page.server.setChecked(True)
    page.url.setText("mysql://office/zwgk")
    assert not page.validatePage()
    assert "postgresql://" in page.message.text()


def test_an_unreachable_server_is_said(page):
    wizard, page = page
    page.server.setChecked(True)
    page.url.setText("postgresql://zwgk@127.0.0.1:1/zwgk?connect_timeout=2")
    assert not page.validatePage()
    assert "无法连接" in page.message.text() or "PostgreSQL" in page.message.text()


@pytest.mark.skipif(not PG_URL, reason="needs the PostgreSQL test server (ZWGK_TEST_PG_URL)")
def test_an_empty_database_on_the_server_is_accepted(page, pg_server, qtbot):
    wizard, page = page
    url = pg_server.create(migrated=False)
    qtbot.keyClicks(page.url, url)  # typing the address chooses the server
    assert page.server.isChecked()
    assert page.validatePage(), page.message.text()
    assert wizard.database == url
    pg_server.drop(url)
