"""What a use case needs besides the connection: settings and the time it runs at."""

from __future__ import annotations

from dataclasses import dataclass

from routing_api.config import Settings


@dataclass(frozen=True)
class Env:
    settings: Settings
    now: float
