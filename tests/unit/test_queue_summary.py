"""The first line's queue summary: what each operator's skills serve, counted and dated."""

from __future__ import annotations

import json
from dataclasses import replace

from routing_api.queue_summary import Group, Summaries, receives, summarise
from routing_api.timefmt import iso
from tests.helpers.users import operator

T0 = 1_790_000_000.0
ANYONE = operator(1, full_name="Смирнова Анна", chat_concurrency=3)
PENSIONS_ONLY = replace(ANYONE, id=2, categories=("pensions",))
TATAR_TOO = replace(ANYONE, id=3, languages=("ru", "tt"))
GROUPS = (
    Group("voice", "pensions", "ru", 5, T0 + 30),
    Group("voice", "benefits", "ru", 2, T0),
    Group("chat", "pensions", "tt", 4, T0 + 10),
    Group("chat", "pensions", "ru", 1, T0 + 50),
)


def channel(summary: dict[str, object], name: str) -> dict[str, object]:
    lines = summary["channels"]
    assert isinstance(lines, list)
    return next(c for c in lines if c["channel"] == name)


def test_an_operator_counts_only_what_its_categories_and_languages_serve() -> None:
    every = summarise(GROUPS, ANYONE)
    assert every["waiting"] == 8  # the Tatar chats are not its
    assert channel(every, "voice") == {
        "channel": "voice",
        "waiting": 7,
        "oldest_queued_at": iso(T0),
    }
    assert channel(every, "chat") == {
        "channel": "chat",
        "waiting": 1,
        "oldest_queued_at": iso(T0 + 50),
    }
    assert every["oldest_queued_at"] == iso(T0)

    pensions = summarise(GROUPS, PENSIONS_ONLY)
    assert channel(pensions, "voice")["waiting"] == 5
    assert channel(pensions, "voice")["oldest_queued_at"] == iso(T0 + 30)
    assert pensions["waiting"] == 6

    tatar = summarise(GROUPS, TATAR_TOO)
    assert channel(tatar, "chat") == {
        "channel": "chat",
        "waiting": 5,
        "oldest_queued_at": iso(T0 + 10),
    }


def test_an_empty_queue_has_every_channel_at_zero_and_no_oldest() -> None:
    empty = summarise((), ANYONE)
    assert empty == {
        "waiting": 0,
        "oldest_queued_at": None,
        "channels": [
            {"channel": "voice", "waiting": 0, "oldest_queued_at": None},
            {"channel": "chat", "waiting": 0, "oldest_queued_at": None},
        ],
    }


def test_only_first_line_operators_receive_it() -> None:
    assert receives(ANYONE)
    assert not receives(replace(ANYONE, line=2, agency="СФР"))
    assert not receives(replace(ANYONE, role="supervisor", line=None))
    assert not receives(replace(ANYONE, role="gateway", line=None))


def test_frames_are_rendered_once_per_skills_profile_and_change_with_the_groups() -> None:
    summaries = Summaries()
    summaries.update(GROUPS)
    assert summaries.version == 1
    frame = summaries.frame(ANYONE)
    assert frame.startswith(b"event: queue.summary\ndata: ") and frame.endswith(b"\n\n")
    assert b"\nid:" not in frame  # a snapshot, not a log entry a stream could resume from
    data = json.loads(frame.split(b"data: ", 1)[1])
    assert data == summarise(GROUPS, ANYONE)
    # a colleague with the same skills shares the rendering; other skills get their own
    assert summaries.frame(replace(ANYONE, id=99)) is frame
    assert summaries.frame(PENSIONS_ONLY) != frame
    summaries.update(GROUPS)  # the same reading again: no new version, nothing to send
    assert summaries.version == 1
    summaries.update(GROUPS[:1])
    assert summaries.version == 2
    assert json.loads(summaries.frame(ANYONE).split(b"data: ", 1)[1])["waiting"] == 5
