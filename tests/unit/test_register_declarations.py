"""A catalogue's declaration says how its records are displayed, looked up from text and matched across PCs, and
every user of those rules reads it there: a catalogue declared with another rule is found by text in a save and
an Excel import, shown in lists and exports, and matched in a package merge, with no other edit. Generic modules
hold no per-catalogue tables and retype no field labels."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.db import init_db
from desktop.db.declare import COMMON_LABELS, MAX_FILTERS, Declaration, Field, Kind
from desktop.db.models import CATALOGUES, DECLARATIONS, HOTLINE_TOPICS, SERVICE_ITEMS, UNITS, ServiceItem
from desktop.domain.errors import DomainError
from desktop.exchange.excel import export_register, import_register
from desktop.exchange.package import export_package, import_package
from desktop.registers import ALL, SYSTEM, FieldErrors, refs
from desktop.registers import query as rq
from desktop.registers.catalogues import SERVICE_ITEM_REGISTER, UNIT_REGISTER
from desktop.registers.contacts import CONTACT_REGISTER

ROOT = Path(__file__).resolve().parents[2] / "desktop"
CONTACT = {"date": "2015-03-02", "count": 3, "summary": "咨询营业执照办理流程"}


@pytest.fixture
def units_by_code(monkeypatch):
    """Units declared to be shown and found by their code, as an office might prefer."""
    monkeypatch.setattr(UNITS, "display", "code")
    monkeypatch.setattr(UNITS, "lookup", ("code",))


def test_a_unit_declared_to_be_found_by_code_is_found_by_code_only(catalogue, units_by_code):
    record, _ = CONTACT_REGISTER.save({**CONTACT, "unit": "GS"}, SYSTEM)
    assert CONTACT_REGISTER.ref_name("unit", record.unit_id) == "GS"
    with pytest.raises(FieldErrors) as caught:
        CONTACT_REGISTER.save({**CONTACT, "unit": "工商"}, SYSTEM)
    assert caught.value.errors == {"unit": "找不到单位“工商”，请先在基础数据中添加"}


def test_lists_choices_and_exports_show_what_the_catalogue_declares(catalogue, units_by_code, tmp_path):
    CONTACT_REGISTER.save({**CONTACT, "unit": "GS"}, SYSTEM)
    rows, _ = rq.fetch_page(CONTACT_REGISTER, rq.ListQuery(), None, 10)
    unit_column = [f.name for f in rq.list_fields(CONTACT_REGISTER)].index("unit")
    assert rows[0][2 + unit_column] == "GS"
    assert rq.fetch(CONTACT_REGISTER, rq.ListQuery(), 0, 10)[0][2 + unit_column] == "GS"
    assert [text for _, text in rq.choices_for(CONTACT_REGISTER.decl.field("unit"))] == ["CG", "GS", "SF"]
    path = tmp_path / "contacts.xlsx"
    export_register("contacts", path)
    sheet = load_workbook(path).active
    header = [c.value for c in sheet[1]]
    assert sheet.cell(2, header.index("单位") + 1).value == "GS"
    # The exported file imports again: its cells are found by the same declared rule.
    assert import_register("contacts", path, SYSTEM).created == 1


def test_an_ambiguous_name_points_to_the_declared_unique_lookup_field(catalogue):
    other_unit = {"name": "个体工商户设立登记", "unit": "收费", "code": "SF-009"}
    item = {"category": "审批类", "case_type": "承诺件", "legal_days": 15, "promise_days": 5}
    SERVICE_ITEM_REGISTER.save({**item, **other_unit}, SYSTEM)
    with pytest.raises(DomainError, match="有多个事项名为“个体工商户设立登记”，请改用事项编码"):
        refs.find(ALL["window"].decl.field("item"), "个体工商户设立登记")


def test_a_package_merge_matches_catalogue_records_by_the_declared_natural_key(tmp_path, monkeypatch):
    """Both PCs made the item 个体工商户设立登记 under different codes: declared to be matched by name, the office
    PC's item stands for the window PC's and no second one is added (by code, as shipped, it would be)."""
    monkeypatch.setattr(SERVICE_ITEMS, "natural_key", ("name",))
    item = {"name": "个体工商户设立登记", "unit": "工商", "category": "审批类", "case_type": "承诺件"}
    item |= {"legal_days": 15, "promise_days": 5}
    office, window = tmp_path / "office.sqlite3", tmp_path / "window.sqlite3"
    for path, code in ((office, "GS-9"), (window, "GS-001")):
        init_db(path)
        UNIT_REGISTER.save({"name": "工商", "code": "GS", "kind": "进驻窗口单位"}, SYSTEM)
        SERVICE_ITEM_REGISTER.save({**item, "code": code}, SYSTEM)
    export_package(tmp_path / "p.zwgk")
    init_db(office)
    result = import_package(tmp_path / "p.zwgk", SYSTEM)
    assert result.counts["service_item"].added == 0
    assert ServiceItem.select().count() == 1


def test_declarations_refuse_naming_rules_and_filters_they_cannot_honour():
    name = Field("name", "名称")
    with pytest.raises(ValueError, match="unknown fields"):
        Declaration("x_lookup", "X", "x_lookup", (name,), display="name", lookup=("title",))
    with pytest.raises(ValueError, match="must say what it displays"):
        Declaration("x_display", "X", "x_display", (name,), natural_key=("name",))
    with pytest.raises(ValueError, match="list filters"):
        Declaration("x_filter", "X", "x_filter", (Field("name", "名称", list_filter=True),))
    many = tuple(Field(f"c{i}", f"选项{i}", Kind.CHOICE, choices=("甲",), list_filter=True) for i in range(4))
    assert len(many) > MAX_FILTERS
    with pytest.raises(ValueError, match="list filters"):
        Declaration("x_filters", "X", "x_filters", many)


def test_every_referenced_catalogue_declares_its_display_and_lookup():
    referenced = {f.ref for d in DECLARATIONS.values() for f in d.fields if f.kind is Kind.REF}
    for decl in CATALOGUES:
        if decl.key in referenced:
            assert decl.display and decl.lookup, decl.key
    assert HOTLINE_TOPICS.lookup == ("name",)  # the display, by default


# -- no per-catalogue tables or retyped labels in the generic layer --------------------------------------------

GENERIC = [
    "registers/base.py",
    "registers/batching.py",
    "registers/errors.py",
    "registers/numbering.py",
    "registers/query.py",
    "registers/refs.py",
    "registers/values.py",
    "registers/writing.py",
    "exchange/excel_export.py",
    "exchange/package_merge.py",
    "exchange/package_conflicts.py",
    "ui/form.py",
    "ui/list_model.py",
    "ui/list_pane.py",
    "ui/record_pane.py",
    "ui/register_page.py",
]


def _strings(path: Path) -> set[str]:
    """Every string constant of a module, the literal parts of f-strings included (docstrings left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    }


def test_nothing_outside_the_declarations_names_a_catalogues_lookup_columns_or_keys():
    catalogue_columns = {n for d in CATALOGUES for n in (d.display, *d.lookup, *d.natural_key) if n}
    catalogue_keys = {d.key for d in CATALOGUES}
    unrelated = {"exchange/package_merge.py": {"username"}}  # the user of a kept audit entry, not a catalogue column
    for module in GENERIC:
        named = _strings(ROOT / module) & (catalogue_columns | catalogue_keys) - unrelated.get(module, set())
        assert not named, f"{module} names {named}"


def test_the_generic_layer_names_fields_through_their_declared_labels():
    labels = set(COMMON_LABELS.values()) | {f.label for d in DECLARATIONS.values() for f in d.fields}
    for module in ("registers/base.py", "registers/values.py", "registers/query.py", "registers/writing.py"):
        retyped = {s for s in _strings(ROOT / module) if s.strip("【】") in labels}
        assert not retyped, f"{module} retypes {retyped}"
