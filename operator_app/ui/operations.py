"""Background work as operation objects (Anki's QueryOp): the work runs on a worker pool and
never touches a widget; `success` / `failure` run on the Qt thread via a queued signal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, Signal, Slot
from shiboken6 import isValid

from operator_app import pacing

log = logging.getLogger("ui")
T = TypeVar("T")

_pool: ThreadPoolExecutor | None = None
_local_pool: ThreadPoolExecutor | None = None


def _executor(local: bool = False) -> ThreadPoolExecutor:
    """The pool for network work, or (`local`) the one for work on this PC only: searching
    the expert system, reading drafts. Offline, requests wait out their retries on the
    first; the second keeps answering, so search never queues behind a dead server."""
    global _pool, _local_pool
    if local:
        if _local_pool is None:
            _local_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="op-local")
        return _local_pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="op")
    return _pool


class _Dispatcher(QObject):
    """Lives on the Qt thread; runs callables posted from workers."""

    post = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.post.connect(self._run)

    @Slot(object)
    def _run(self, fn: Callable[[], None]) -> None:
        fn()


_dispatcher: _Dispatcher | None = None


#: what a failure does when the op names no handler (the main window shows it)
def _log_failure(exc: BaseException) -> None:
    log.error("operation failed: %s", type(exc).__name__)


default_failure: Callable[[BaseException], None] = _log_failure


def install() -> None:
    """Create the dispatcher on the Qt thread (once, at start)."""
    global _dispatcher
    if _dispatcher is None:
        _dispatcher = _Dispatcher()


def on_ui_thread(fn: Callable[[], None]) -> None:
    """Run `fn` on the Qt thread (from any thread)."""
    assert _dispatcher is not None, "operations.install() first"
    _dispatcher.post.emit(fn)


def _paced(work: Callable[[], T]) -> T:
    """Background work rests now and then where it has pause points (operator_app.pacing),
    so the UI thread is not kept waiting for the GIL."""
    with pacing.paced():
        return work()


class Op(Generic[T]):
    """`Op(work).success(cb).failure(cb).run()`; the work gets no widgets, only data.

    With an `owner` (the widget the callbacks update), a result that arrives after the owner
    was deleted (its window replaced, closed) is dropped instead of touching a dead widget.
    """

    def __init__(
        self, work: Callable[[], T], owner: QObject | None = None, *, local: bool = False
    ) -> None:
        self._work = work
        self._owner = owner
        self._local = local
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None

    def success(self, callback: Callable[[T], None]) -> Op[T]:
        self._success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Op[T]:
        self._failure = callback
        return self

    def run(self) -> Future[T]:
        future = _executor(self._local).submit(_paced, self._work)
        future.add_done_callback(lambda f: on_ui_thread(lambda: self._deliver(f)))
        return future

    def _deliver(self, future: Future[T]) -> None:
        if self._owner is not None and not isValid(self._owner):
            log.debug("result dropped: its widget is gone")
            return
        error = future.exception()
        if error is not None:
            (self._failure or default_failure)(error)
        elif self._success is not None:
            self._success(future.result())


def shutdown() -> None:
    """Drop queued work at quit (running work finishes on its own thread)."""
    global _pool, _local_pool
    for pool in (_pool, _local_pool):
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
    _pool = _local_pool = None
