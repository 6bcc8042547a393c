"""Pauses in long background Python work, so the UI thread gets the GIL when it needs it.

A thread that indexes 30,000 cards runs Python for seconds. The UI thread meanwhile calls
into Python many times per frame (each item model `data()`, each slot), and takes the GIL
anew for each call; with a busy thread holding it, every take can wait the whole switch
interval (5 ms), and a frame of a few hundred calls stalls for hundreds of milliseconds.
A thread that rests a moment every few milliseconds leaves the GIL free in those moments,
and the UI thread's calls go through at once.

Pacing is per thread and opt-in: `paced()` around the work, `pause_point()` inside its loops
(a no-op on a thread that is not paced, e.g. `operator-app kb search` building its index).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

#: work this long between rests, and rest this long: about 20 % slower, the GIL free often
WORK_S = 0.002
REST_S = 0.001

_local = threading.local()


@contextmanager
def paced(work_s: float = WORK_S, rest_s: float = REST_S) -> Iterator[None]:
    """Pause points on this thread rest `rest_s` after every `work_s` of work."""
    previous = getattr(_local, "pace", None)
    _local.pace = (work_s, rest_s, [time.perf_counter()])
    try:
        yield
    finally:
        _local.pace = previous


def pause_point() -> None:
    """Rest here if this thread is paced and has worked long enough since its last rest."""
    pace = getattr(_local, "pace", None)
    if pace is None:
        return
    work_s, rest_s, since = pace
    now = time.perf_counter()
    if now - since[0] >= work_s:
        time.sleep(rest_s)
        since[0] = time.perf_counter()
