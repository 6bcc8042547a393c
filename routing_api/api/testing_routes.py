"""Test and demo switches: the virtual clock (mounted only with --virtual-clock) and the
simulated outside world's inboxes (`simulation_router`, mounted with --virtual-clock or
--simulation-api). A production configuration refuses both, so a real deployment has neither."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from routing_api.api.deps import Anyone, Gateway, IdempotencyKey, server_of
from routing_api.clock import VirtualClock
from routing_api.errors import conflict
from routing_api.external.simulated import SimulatedSms
from routing_api.models import ClockAdvanceIn, Strict
from routing_api.server import fingerprint

router = APIRouter(prefix="/test", tags=["testing"])
simulation_router = APIRouter(prefix="/test", tags=["testing"])


class InboxIn(Strict):
    """A simulated phone, in the body (a phone number never goes into a URL)."""

    phone: str = Field(min_length=1, max_length=20, pattern=r"^\+7[0-9]{10}$")


class EchoIn(BaseModel):
    text: str = Field(max_length=100)
    delay_s: float = Field(default=0.0, ge=0, le=5)


@router.get("/clock", summary="The virtual clock's time")
def get_clock(request: Request) -> dict[str, Any]:
    return {"now": server_of(request).clock.now().isoformat()}


@router.post("/echo", summary="Echo a body after a real delay (tests of in-flight requests)")
def echo(body: EchoIn, request: Request, user: Anyone, key: IdempotencyKey = None) -> JSONResponse:
    def op(conn: Any, env: Any) -> tuple[int, Any]:
        return 200, {"text": body.text, "at": env.now}

    payload = body.model_dump(mode="json")
    fp = fingerprint(request.method, request.url.path, payload)
    status, data = server_of(request).run(
        user, key, fp, op, outside=lambda: time.sleep(body.delay_s)
    )
    return JSONResponse(data, status_code=status)


@router.post("/clock/advance", summary="Move the virtual clock forward and run the timers")
async def advance(body: ClockAdvanceIn, request: Request) -> dict[str, Any]:
    server = server_of(request)
    assert isinstance(server.clock, VirtualClock)
    server.clock.advance(body.seconds)
    await asyncio.to_thread(server.tick, alarms_now=True)
    return {"now": server.clock.now().isoformat()}


@simulation_router.post(
    "/sms/inbox",
    summary="What a simulated phone received (the simulated citizen reads its one-time code)",
)
def sms_inbox(body: InboxIn, request: Request, user: Gateway) -> dict[str, Any]:
    sms = server_of(request).externals.sms
    if not isinstance(sms, SimulatedSms):
        raise conflict(
            "not_simulated", "SMS-шлюз не симулированный.", "The SMS gateway is not simulated."
        )
    return {"items": sms.received(body.phone)}
