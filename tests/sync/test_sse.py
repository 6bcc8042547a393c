"""The SSE parser: frames split anywhere, multi-line data, comments, retry, every line ending."""

from __future__ import annotations

import pytest

from operator_app.sync.sse import SseEvent, SseParser

STREAM = (
    b'\xef\xbb\xbfretry: 2000\nevent: hello\ndata: {"cursor": 3}\n\n'
    b": keep-alive\n\n"
    b"id: 4\r\nevent: contact.created\r\ndata: line one\r\ndata: line two\r\n\r\n"
    b"id: 5\revent: contact.queued\rdata:no-space\r\r"
    b"data\n\n"
)
EXPECTED = [
    SseEvent("hello", '{"cursor": 3}', None, False),
    SseEvent("contact.created", "line one\nline two", "4", True),
    SseEvent("contact.queued", "no-space", "5", True),
    SseEvent("message", "", "5", False),
]


@pytest.mark.parametrize("size", [1, 2, 3, 7, len(STREAM)])
def test_frames_survive_any_chunking(size: int) -> None:
    parser = SseParser()
    events: list[SseEvent] = []
    for start in range(0, len(STREAM), size):
        events += parser.feed(STREAM[start : start + size])
    assert events == EXPECTED
    assert parser.retry_ms == 2000
    assert parser.comments == 1


def test_a_frame_is_only_dispatched_at_its_blank_line() -> None:
    parser = SseParser()
    assert parser.feed(b"id: 7\nevent: x\ndata: {}\n") == []
    assert parser.feed(b"\n") == [SseEvent("x", "{}", "7", True)]


def test_bad_retry_and_nul_ids_are_ignored_and_unknown_fields_skipped() -> None:
    parser = SseParser()
    events = parser.feed(b"retry: soon\nid: 1\0\nfoo: bar\ndata: x\n\n")
    assert parser.retry_ms is None
    assert events == [SseEvent("message", "x", None, False)]


def test_a_trailing_cr_waits_for_a_possible_lf() -> None:
    parser = SseParser()
    assert parser.feed(b"data: a\r") == []
    assert parser.feed(b"\n\r\n") == [SseEvent("message", "a", None, False)]
