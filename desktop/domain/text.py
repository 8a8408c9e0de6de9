"""Plain-text hygiene shared by every layer: what a stored text, a search word and a filter may hold."""

from __future__ import annotations

import re

# Control characters (but tab and line breaks) come only from pasted or generated text and mean nothing to a
# reader: they are dropped, as an .xlsx cell drops them, so that a record reads the same everywhere and a NUL,
# which PostgreSQL refuses in a text or a query parameter, never reaches the database.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def drop_control(text: str) -> str:
    """`text` without control characters other than tab, line feed and carriage return."""
    return _CONTROL.sub("", text)
