"""Shipped data (categories, regions, expert system, icons, translations) as `ekc_resources`."""

from __future__ import annotations

import json
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any


def resource(*parts: str) -> Traversable:
    """Return a shipped resource by its path under resources/, installed or frozen alike."""
    node: Traversable = files(__name__)
    for part in parts:
        node = node / part
    return node


def load_json(*parts: str) -> Any:
    """Parse a shipped JSON resource."""
    return json.loads(resource(*parts).read_text(encoding="utf-8"))
