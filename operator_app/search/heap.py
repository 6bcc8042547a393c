"""Short garbage-collector pauses with a large index in memory (no Qt, process-wide).

A 30,000-card index is some 200,000 container objects the cyclic collector would rescan in
every full collection: about 200 ms with the GIL held, on whatever thread triggered it — the
UI thread included. None of them ever forms garbage cycles, so once the index is built (or a
sync delta applied) they are moved out of the collector's generations with `gc.freeze()`;
full collections then scan only what the process allocated since.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterable
from typing import Any


def settle() -> None:
    """Freeze every object alive now (the index just built or synced) out of the collector.

    Nothing is collected first: collecting a freshly built index is exactly the pause this
    avoids. Frozen objects are still freed by reference counting when dropped (an index
    replaced by a rebuilt one goes away as usual); only garbage cycles that happen to exist
    at this moment would stay, which in this program are few and small.
    """
    gc.freeze()


def frozen() -> int:
    """How many objects the collector no longer scans."""
    return gc.get_freeze_count()


#: containers emptied per step of a gradual release, and the pause between steps
RELEASE_BATCH = 2000
RELEASE_PAUSE_S = 0.001


def release_gradually(
    containers: Iterable[Any], *, owner: object = None, after_s: float = 2.0
) -> threading.Thread:
    """Free a replaced index piece by piece on a thread of its own.

    Dropping the last reference to a 30,000-card index frees some 300,000 objects in one
    cascade that holds the GIL throughout (well over 100 ms), stalling the UI thread. Emptied
    a batch at a time, with a pause between batches, the same work never blocks the other
    threads for more than a few milliseconds. It starts `after_s` late, so a search that took
    the old index just before the swap finishes on an intact one. `owner` (the replaced
    engine) is held until the containers are empty, so dropping the caller's reference frees
    nothing large at once; what is left of it goes when the thread ends.
    """
    batches = [c for c in containers if isinstance(c, list | dict | set)]
    held = [owner]

    def run() -> None:
        time.sleep(after_s)
        for container in batches:
            while container:
                if isinstance(container, list):
                    del container[-RELEASE_BATCH:]
                elif isinstance(container, dict):
                    for _ in range(min(RELEASE_BATCH, len(container))):
                        container.popitem()
                else:
                    for _ in range(min(RELEASE_BATCH, len(container))):
                        container.pop()
                time.sleep(RELEASE_PAUSE_S)
        held.clear()

    thread = threading.Thread(target=run, name="search-release", daemon=True)
    thread.start()
    return thread
