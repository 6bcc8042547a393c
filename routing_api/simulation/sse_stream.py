"""A lean reader of GET /events for the simulated operators: one plain asyncio connection.

Six hundred simulated operators follow the event stream in one process, and each of them gets
a chunk every time the server's hub fans out (up to 20 times a second). Through httpx each
chunk passed httpcore's and h11's machinery, about 80 µs; the generator's one core was full at
~9,000 deliveries a second and could not post contacts faster than 5 a second. Here a chunk
costs one `StreamReader.read`, a de-chunking step and the frame split.

It speaks only what our server sends: HTTP/1.1, a 200 with `Transfer-Encoding: chunked` (or a
body until close), SSE frames with `\\n` line ends and one data line each.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

#: a frame as (id, event, data), the raw bytes of each field
RawFrame = tuple[bytes, bytes, bytes]
FramesHandler = Callable[[list[RawFrame], float], None]


class StreamRefused(Exception):
    """The server answered the GET with another status than 200."""

    def __init__(self, status: int) -> None:
        super().__init__(f"GET /events answered {status}")
        self.status = status


def split_frames(buffer: bytes) -> tuple[list[RawFrame], bytes]:
    """Complete SSE frames in `buffer` as (id, event, data), and the unfinished rest.

    Our server writes `\\n` line ends, one data line per frame and comments for keep-alive.
    """
    out: list[RawFrame] = []
    *complete, rest = buffer.split(b"\n\n")
    for block in complete:
        event_id = event = data = b""
        for line in block.split(b"\n"):
            name, _, value = line.partition(b":")
            if value.startswith(b" "):
                value = value[1:]
            if name == b"id":
                event_id = value
            elif name == b"event":
                event = value
            elif name == b"data":
                data = value
        if event or data:
            out.append((event_id, event, data))
    return out, rest


def dechunk(raw: bytes) -> tuple[bytes, bytes, bool]:
    """Decode the complete chunks at the start of `raw` (chunked transfer coding).

    Returns the data, the undecoded rest and whether the last (empty) chunk was seen."""
    parts: list[bytes] = []
    at = 0
    while True:
        eol = raw.find(b"\r\n", at)
        if eol < 0:
            break
        size = int(raw[at:eol].split(b";", 1)[0], 16)
        if size == 0:
            return b"".join(parts), b"", True
        end = eol + 2 + size
        if len(raw) < end + 2:
            break
        parts.append(raw[eol + 2 : end])
        at = end + 2
    return b"".join(parts), raw[at:], False


async def follow_events(
    url: str,
    headers: Mapping[str, str],
    on_frames: FramesHandler,
    *,
    read_timeout: float,
) -> None:
    """Follow the event stream at `url` until the server ends it.

    `on_frames(frames, received)` gets each read's complete frames and the wall-clock time
    they arrived. Raises StreamRefused for a status other than 200, TimeoutError when nothing
    (not even a keep-alive) came for `read_timeout` seconds, OSError when the network fails,
    and asyncio.IncompleteReadError when the connection drops mid-answer.
    """
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    loop = asyncio.get_running_loop()
    async with asyncio.timeout(read_timeout) as deadline:
        reader, writer = await asyncio.open_connection(host, port, limit=1 << 20)
        try:
            lines = [f"GET {target} HTTP/1.1", f"Host: {host}:{port}"]
            lines += [f"{name}: {value}" for name, value in headers.items()]
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            if status != 200:
                raise StreamRefused(status)
            chunked = b"transfer-encoding: chunked" in head.lower()
            raw = body = b""
            while True:
                data = await reader.read(1 << 16)
                if not data:
                    return
                deadline.reschedule(loop.time() + read_timeout)
                received = time.time()
                finished = False
                if chunked:
                    decoded, raw, finished = dechunk(raw + data)
                    body += decoded
                else:
                    body += data
                frames, body = split_frames(body)
                if frames:
                    on_frames(frames, received)
                if finished:
                    return
        finally:
            writer.close()
