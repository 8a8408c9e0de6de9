"""Locate the bundled read-only resources (calendar, fonts, icons, templates) in a checkout or a frozen build."""

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The `resources` folder: next to the package in a checkout, inside the bundle when frozen by PyInstaller."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"
