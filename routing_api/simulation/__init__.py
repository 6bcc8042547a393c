"""The traffic simulator behind `routing-api simulate`: citizens calling, chatting, writing."""

from __future__ import annotations

from routing_api.simulation.simulator import Options, Simulator, Stats

__all__ = ["Options", "Simulator", "Stats"]
