"""The simulated operators' lean event-stream reader: chunked transfer coding and SSE frames
cut anywhere by the network come out whole and in order."""

from __future__ import annotations

from routing_api.simulation.sse_stream import dechunk, split_frames


def chunked(*parts: bytes) -> bytes:
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


def test_frames_cut_at_every_byte_come_out_whole_and_in_order() -> None:
    frames = [b'id: %d\nevent: contact.created\ndata: {"n":%d}\n\n' % (i, i) for i in range(5)]
    frames.insert(2, b": keep-alive\n\n")
    wire = chunked(frames[0] + frames[1][:7], frames[1][7:], *frames[2:])
    for step in (1, 3, 7, 64, len(wire)):
        raw = body = b""
        got: list[tuple[bytes, bytes, bytes]] = []
        finished = False
        for at in range(0, len(wire), step):
            data, raw, finished = dechunk(raw + wire[at : at + step])
            out, body = split_frames(body + data)
            got += out
            if finished:  # the reader stops at the last chunk
                break
        assert finished and raw == b"" and body == b""
        assert [g[0] for g in got] == [b"%d" % i for i in range(5)], step
        assert all(g[1] == b"contact.created" for g in got)
        assert got[3][2] == b'{"n":3}'


def test_a_chunk_extension_is_ignored_and_an_unfinished_chunk_waits() -> None:
    data, rest, finished = dechunk(b"5;name=x\r\nhello\r\n6\r\nwor")
    assert (data, rest, finished) == (b"hello", b"6\r\nwor", False)
