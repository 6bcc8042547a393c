"""Epoch seconds in storage, ISO 8601 on the wire."""

from __future__ import annotations

from datetime import UTC, datetime


def iso(ts: float | None) -> str | None:
    return (
        None if ts is None else datetime.fromtimestamp(ts, UTC).isoformat().replace("+00:00", "Z")
    )


def epoch(moment: datetime) -> float:
    return moment.timestamp()
