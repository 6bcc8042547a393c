"""What a use case needs besides the connection: settings, the time it runs at, the outside
world, and the calls to it that wait for the transaction to commit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from routing_api.config import Settings
from routing_api.external import Externals


@dataclass(frozen=True)
class Env:
    settings: Settings
    now: float
    externals: Externals | None = None
    #: work for the outside world, run only after the transaction commits
    effects: list[Callable[[], None]] = field(default_factory=list)

    def after_commit(self, effect: Callable[[Externals], None]) -> None:
        """Tell the outside world only once the change is durable."""
        if self.externals is not None:
            externals = self.externals
            self.effects.append(lambda: effect(externals))
