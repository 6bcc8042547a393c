"""Qt Designer forms (*.ui) shipped as `ekc_forms`; loaded by operator_app.ui.forms."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable


def form(name: str) -> Traversable:
    """Return the Designer form `name` (e.g. "about.ui")."""
    return files(__name__) / name
