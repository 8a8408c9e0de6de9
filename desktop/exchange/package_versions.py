"""Packages across releases. A package names its format version, the schema version of the database it came
from and, per file, the fields it carries. This release reads its own packages and those of older releases (a
field the package lacks takes the record's value here, or its declared default for a new record); a package
from a newer release that carries a register or field this release does not know is refused, naming the
release it needs, before anything is written."""

from __future__ import annotations

from typing import Any

from desktop import __version__
from desktop.db import migrations
from desktop.db.declare import Declaration, Field, Kind
from desktop.domain.errors import DomainError

#: Format 1 (release 0.1.0) has no field lists: its files carry exactly the fields of schema versions 1-3.
LEGACY_FORMAT = 1
LEGACY_SCHEMA = 3


class PackageTooNew(DomainError):
    """A package made by a newer release than this one can read; nothing is written."""


def legacy_fields(decl: Declaration) -> tuple[str, ...]:
    """The fields a format-1 package carries for a register or catalogue (none for one added since)."""
    from desktop.db import schema_v1  # only format-1 packages need it

    for t in schema_v1.TABLES:
        if t.name == decl.table:
            return tuple(c.name for c in t.columns if c.name not in schema_v1.RECORD_NAMES)
    return ()


def too_new(app_version: Any, schema_version: Any, what: str) -> PackageTooNew:
    """The refusal: which release and schema version the package needs, and that nothing was imported."""
    release = app_version if isinstance(app_version, str) and app_version else None
    made = f"由较新版本的软件（{release}版" if release else "由较新版本的软件（"
    schema = schema_version if isinstance(schema_version, int) and not isinstance(schema_version, bool) else None
    made += f"，数据结构版本 {schema}）导出" if schema is not None else "）导出"
    need = f"请先将本软件升级到{release}版或更高版本后再导入" if release else "请先升级本软件后再导入"
    return PackageTooNew(
        f"该数据包{made}，{what}；本软件为{__version__}版（数据结构版本 {migrations.LATEST}）。{need}，未导入任何数据。"
    )


def default_value(f: Field) -> Any:
    """What a record made from an older package holds in a field that release did not have."""
    if f.kind is Kind.BOOL:
        return bool(f.default)
    return f.default
