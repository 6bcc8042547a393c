"""Offer and alarm tones on the operator's chosen output device.

``offer()`` and ``alarm()`` return at once: opening a device can take a noticeable moment,
so a worker thread of its own does it, never the caller (the UI thread). Without sound they do
nothing and say why once in the log; the UI shows ``problem`` if it wants to.
"""

from __future__ import annotations

import logging
import queue
import threading

from operator_app.audio.backend import AudioUnavailable
from operator_app.audio.devices import choose_output
from operator_app.audio.playback import Playback, play
from operator_app.audio.tones import ALARM_TONE, OFFER_TONE, TonePattern, render

log = logging.getLogger("audio")

_STOP = None


class _Marker:
    """Queued behind the alerts: set once the worker has reached it."""

    def __init__(self, done: threading.Event) -> None:
        self.done = done


class AlertPlayer:
    """Plays one alert at a time; a new one cuts the previous one short."""

    def __init__(self, output_name: str | None = None) -> None:
        self._output_name = output_name
        self._requests: queue.SimpleQueue[TonePattern | _Marker | None] = queue.SimpleQueue()
        self._worker: threading.Thread | None = None
        self._lock = threading.Lock()
        self._current: Playback | None = None
        self.problem: AudioUnavailable | None = None

    def set_output(self, name: str | None) -> None:
        """Use another output device (``None``: the system default) from the next alert on."""
        with self._lock:
            self._output_name = name
            self.problem = None

    def offer(self) -> None:
        self.play(OFFER_TONE)

    def alarm(self) -> None:
        self.play(ALARM_TONE)

    def play(self, pattern: TonePattern) -> None:
        with self._lock:
            if self._worker is None:
                self._worker = threading.Thread(target=self._run, name="audio-alerts", daemon=True)
                self._worker.start()
        self._requests.put(pattern)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until every requested alert has been played (for tests and shutdown)."""
        with self._lock:
            if self._worker is None:
                return self._wait_current(timeout)
        done = threading.Event()
        self._requests.put(_Marker(done))
        return done.wait(timeout) and self._wait_current(timeout)

    def _wait_current(self, timeout: float | None) -> bool:
        current = self._current
        return current is None or current.wait(timeout)

    def close(self) -> None:
        """Stop the sound and the worker."""
        with self._lock:
            worker, self._worker = self._worker, None
        if worker is not None:
            self._requests.put(_STOP)
            worker.join(timeout=5.0)
        if self._current is not None:
            self._current.stop()

    def _run(self) -> None:
        while True:
            request = self._requests.get()
            if request is _STOP:
                return
            if isinstance(request, _Marker):
                request.done.set()
                continue
            self._play_now(request)

    def _play_now(self, pattern: TonePattern) -> None:
        with self._lock:
            name = self._output_name
        try:
            device = choose_output(name)
            if self._current is not None:
                self._current.stop()
                self._current.wait(1.0)
            samples = render(pattern, device.default_samplerate)
            self._current = play(samples, device.default_samplerate, device)
        except AudioUnavailable as exc:
            if self.problem is None or self.problem.kind is not exc.kind:
                log.warning("no %s tone: %s", pattern.name, exc.reason_en)
            self.problem = exc
        else:
            self.problem = None
            log.debug("%s tone on %r", pattern.name, device.name)
