"""GET /events: Server-Sent Events from the durable log, resumable with Last-Event-ID."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import StreamingResponse

from routing_api import queue_summary
from routing_api.api.deps import Anyone, server_of
from routing_api.errors import invalid
from routing_api.events import head as events_head
from routing_api.events import visible

router = APIRouter(tags=["events"])


@router.get(
    "/events",
    summary="Follow the event log (text/event-stream)",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "SSE stream"}},
)
async def follow(
    request: Request,
    user: Anyone,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID", max_length=20)] = None,
) -> StreamingResponse:
    server = server_of(request)
    if last_event_id is None:
        # "from now" is what the log holds, not what this replica has read of it yet: the hub
        # lags a commit by up to a poll, and an event from before the request would leak in
        cursor = max(server.hub.last_id, await asyncio.to_thread(events_head, server.db))
    else:
        value = last_event_id.strip()
        if not (value.isascii() and value.isdigit()) or int(value) >= 2**63:
            raise invalid(
                "invalid_last_event_id",
                "Некорректный Last-Event-ID: нужен номер последнего полученного события.",
                "Invalid Last-Event-ID: give the id of the last event received.",
            )
        cursor = int(value)
    keepalive = server.settings.keepalive_s
    # a first-line operator sees the pushed queue as a summary (routing_api/queue_summary.py)
    summaries = server.summaries if queue_summary.receives(user) else None
    # ... and starts with it: a reconnect between two waves of a change misses nothing
    if summaries is not None:
        await server.first_summary()

    async def stream() -> AsyncIterator[bytes]:
        server.connected[user.id] += 1
        if summaries is not None:
            server.summary_users[user.id] += 1
        clock = asyncio.get_running_loop().time
        try:
            hello = json.dumps({"cursor": cursor, "user_id": user.id})
            seen, sent = 0, b""
            if summaries is not None and summaries.version:
                seen, sent = summaries.version, summaries.frame(user)
            yield f"retry: 2000\nevent: hello\ndata: {hello}\n\n".encode() + sent
            written = clock()
            # a supervisor, an administrator and the gateway see every batch; others are woken
            # only by one with an event that may be theirs (and by the heartbeat)
            sees_all = user.role in ("supervisor", "admin", "gateway")
            async for batch in server.hub.follow(cursor, None if sees_all else user.id):
                frames = b"".join(e.frame for e in batch if visible(user, e))
                if summaries is not None and summaries.version != seen:
                    seen = summaries.version
                    summary = summaries.frame(user)
                    if summary != sent:
                        frames += summary
                        sent = summary
                if frames:
                    yield frames
                elif clock() - written >= keepalive:
                    # measured from the last write, not the last event: a follower who may
                    # see none of a busy log's events still needs its keep-alive
                    yield b": keep-alive\n\n"
                else:
                    continue
                written = clock()
        finally:
            server.connected[user.id] -= 1
            if summaries is not None:
                server.summary_users[user.id] -= 1

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
