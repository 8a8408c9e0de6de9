"""Print the frozen definitions (desktop/db/frozen.py) of tables as they are declared now.

Run once per table that a migration step adds from a frozen definition, or (as for schema version 1, made from
the declarations of release 0.1.0 at commit 9e3fe86) to freeze a whole schema:

    python scripts/freeze_schema.py                # every table, as desktop/db/schema_v1.py holds them
    python scripts/freeze_schema.py letter_record  # one table
"""

from __future__ import annotations

import sys

from desktop.db.frozen import NOW, UUID, describe_model
from desktop.db.models import ALL_MODELS


def column(c) -> str:
    defaults = c._field_defaults
    parts = [repr(c.name), repr(c.type)]
    names = {UUID: "UUID", NOW: "NOW"}  # the per-row defaults by their names in desktop/db/frozen.py
    for key in c._fields[2:]:
        value = getattr(c, key)
        if value != defaults[key]:
            parts.append(f"{key}={names.get(value, repr(value)) if isinstance(value, str) else repr(value)}")
    return f"Column({', '.join(parts)})"


def render(tables) -> str:
    """Python source of the definitions; the columns every register and catalogue record has are `*RECORD`."""
    record = tuple(describe_model(ALL_MODELS[0]).columns[:9])
    lines = ["RECORD = (", *(f"    {column(c)}," for c in record), ")", "TABLES = ("]
    for t in tables:
        lines.append(f"    Table(\n        {t.name!r},\n        (")
        columns = t.columns
        if columns[:9] == record:
            lines.append("            *RECORD,")
            columns = columns[9:]
        lines += [f"            {column(c)}," for c in columns]
        lines.append("        ),")
        if t.indexes:
            lines.append(f"        indexes={t.indexes!r},")
        lines.append("    ),")
    lines.append(")")
    return "\n".join(lines)


def main(names: list[str]) -> None:
    tables = [describe_model(m) for m in ALL_MODELS if not names or m._meta.table_name in names]
    print(render(tables))


if __name__ == "__main__":
    main(sys.argv[1:])
