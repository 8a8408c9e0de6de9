"""The command line's register names come from the registers' declarations: a register added there is accepted
by `zwgk import` and `zwgk export` with no edit of the command line."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import desktop.db.models as models
from desktop import cli


def test_import_and_export_accept_the_declared_registers_in_their_order():
    assert cli.register_keys() == tuple(d.key for d in models.REGISTERS)
    assert cli.register_keys()[:3] == ("window", "contacts", "hotline")
    assert not hasattr(cli, "REGISTER_KEYS")


def test_a_newly_declared_register_is_accepted_without_editing_the_command_line(monkeypatch):
    monkeypatch.setattr(models, "REGISTERS", (*models.REGISTERS, SimpleNamespace(key="letters")))
    parser = cli.build_parser()
    assert parser.parse_args(["import", "letters", "x.xlsx"]).register == "letters"
    assert parser.parse_args(["export", "letters", "x.xlsx"]).register == "letters"
    with pytest.raises(SystemExit):
        parser.parse_args(["import", "unit", "x.xlsx"])  # catalogues are not registers of the command line
