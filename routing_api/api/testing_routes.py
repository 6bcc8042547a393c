"""The virtual clock, mounted only when the server runs with --virtual-clock (tests, demo)."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request

from routing_api.api.deps import server_of
from routing_api.clock import VirtualClock
from routing_api.models import ClockAdvanceIn

router = APIRouter(prefix="/test", tags=["testing"])


@router.get("/clock", summary="The virtual clock's time")
def get_clock(request: Request) -> dict[str, Any]:
    return {"now": server_of(request).clock.now().isoformat()}


@router.post("/clock/advance", summary="Move the virtual clock forward and run the timers")
async def advance(body: ClockAdvanceIn, request: Request) -> dict[str, Any]:
    server = server_of(request)
    assert isinstance(server.clock, VirtualClock)
    server.clock.advance(body.seconds)
    await asyncio.to_thread(server.tick)
    return {"now": server.clock.now().isoformat()}
