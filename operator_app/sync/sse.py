"""An incremental Server-Sent Events parser (WHATWG HTML §9.2), fed with raw bytes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class SseEvent:
    """One dispatched event; `id` is the stream's last event id when it was dispatched."""

    type: str
    data: str
    id: str | None
    has_id: bool


class SseParser:
    """Turns bytes into events; comments are skipped and `retry:` is kept in `retry_ms`."""

    def __init__(self) -> None:
        self._buffer = b""
        self._started = False
        self._data: list[str] = []
        self._type = ""
        self._frame_has_id = False
        self.last_id: str | None = None
        self.retry_ms: int | None = None
        self.comments = 0

    def feed(self, chunk: bytes) -> list[SseEvent]:
        """Events completed by `chunk`; a line is only read once its end is seen."""
        self._buffer += chunk
        if not self._started:
            if len(self._buffer) < 3 and b"\xef\xbb\xbf".startswith(self._buffer):
                return []
            self._started = True
            if self._buffer.startswith(b"\xef\xbb\xbf"):
                self._buffer = self._buffer[3:]
        out: list[SseEvent] = []
        for line in self._lines():
            event = self._line(line.decode("utf-8", errors="replace"))
            if event is not None:
                out.append(event)
        return out

    def _lines(self) -> Iterator[bytes]:
        """Complete lines (ended by CRLF, LF or CR) from the buffer, in one linear pass."""
        buf, pos, end = self._buffer, 0, len(self._buffer)
        lf = cr = -2  # -2: not searched yet; -1: none left in the buffer
        try:
            while pos < end:
                if lf != -1 and lf < pos:
                    lf = buf.find(b"\n", pos)
                if cr != -1 and cr < pos:
                    cr = buf.find(b"\r", pos)
                if lf == -1 and cr == -1:
                    return
                if cr == -1 or (lf != -1 and lf < cr):
                    yield buf[pos:lf]
                    pos = lf + 1
                elif cr + 1 == end:
                    return  # a CR at the end may be half of a CRLF: wait for more
                else:
                    yield buf[pos:cr]
                    pos = cr + 2 if buf[cr + 1] == 0x0A else cr + 1
        finally:
            self._buffer = buf[pos:]

    def _line(self, line: str) -> SseEvent | None:
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            self.comments += 1
            return None
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._type = value
        elif name == "id":
            if "\0" not in value:
                self.last_id = value
                self._frame_has_id = True
        elif name == "retry" and value.isascii() and value.isdigit():
            self.retry_ms = int(value)
        return None

    def _dispatch(self) -> SseEvent | None:
        data, event_type, has_id = self._data, self._type, self._frame_has_id
        self._data, self._type, self._frame_has_id = [], "", False
        if not data:
            return None
        return SseEvent(event_type or "message", "\n".join(data), self.last_id, has_id)
