"""The desktop user interface: the only layer that imports PySide6."""

from __future__ import annotations

import os
import sys

import shiboken6  # noqa: F401 - loads shibokensupport.feature (before any Qt module), adjusted below


def _quicker_pyside_import_hook() -> None:
    """PySide6 looks at every module imported after it for the word "PySide6" (to scope `__feature__`
    switches), through `inspect.getsource`, which tokenises the file: a sixth of the app's start-up with our
    150 modules. Same question, answered by the layer rule for the app's own modules and by reading the file's
    bytes for others; anything unusual goes to PySide6's own check. The app uses no `__feature__`, so an answer
    either way changes nothing it relies on."""
    feature = sys.modules.get("shibokensupport.feature")
    upstream = getattr(feature, "_mod_uses_pyside", None)
    if upstream is None or getattr(upstream, "quick", False):
        return

    stdlib = os.path.dirname(os.__file__) + os.sep

    def mod_uses_pyside(module: object) -> bool:
        name = getattr(module, "__name__", "")
        if name.startswith("desktop."):  # ours: only the UI layer imports PySide6 (tests/unit/test_layers.py)
            return name.startswith("desktop.ui.")
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return upstream(module)
        if path.startswith(stdlib) and "-packages" not in path:
            return False  # the standard library never names PySide6 (60 modules of every start)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return upstream(module)

    mod_uses_pyside.quick = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = mod_uses_pyside  # type: ignore[union-attr]


_quicker_pyside_import_hook()
