"""Excel import and export of every register and catalogue: the one entry point for the CLI and the GUI."""

from desktop.exchange.excel_export import (
    EXPORT_ONLY_LABELS,
    OVERDUE_LABEL,
    export_register,
    exported_fields,
)
from desktop.exchange.excel_import import ImportFailed, ImportResult, import_register

__all__ = [
    "EXPORT_ONLY_LABELS",
    "OVERDUE_LABEL",
    "ImportFailed",
    "ImportResult",
    "export_register",
    "exported_fields",
    "import_register",
]
