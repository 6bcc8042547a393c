"""The microphone during a call (issue 9): the call controls' compact level meter on the real
PortAudio over the virtual ALSA headset (a FIFO microphone written in real time, as in
``test_headset_dialog``), with its silence and clipping warnings, closed when the call ends;
and without PortAudio, a plain "microphone unavailable" with the reason.

This module is also the child's script (``python test_call_microphone.py '{json}'``): PortAudio
reads the ALSA configuration once, so each device scenario runs in a fresh process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

ROOT = Path(__file__).resolve().parents[2]
if __name__ == "__main__":  # the child: make `operator_app` and `tests` importable
    sys.path.insert(0, str(ROOT))

from operator_app.audio import backend  # noqa: E402
from operator_app.audio.tones import sine  # noqa: E402
from tests.audio.virtual_alsa import MIC, RATE, VirtualAlsa  # noqa: E402
from tests.ui.test_headset_dialog import FAKE_SOUNDDEVICE, _feed_microphone, virtual  # noqa: E402

__all__ = ["virtual"]  # the fixture, shared with the headset dialog's tests

RESULT = "RESULT "


def _child(args: dict[str, Any]) -> dict[str, Any]:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    signal = np.fromfile(args["signal"], dtype="<f4")
    stop = threading.Event()
    threading.Thread(
        target=_feed_microphone, args=(args["fifo"], signal, stop), daemon=True
    ).start()

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from operator_app.audio.quality import QualitySettings
    from operator_app.domain.contacts import ContactState
    from operator_app.ui import operations
    from operator_app.ui.call_microphone import CallMicrophone
    from operator_app.ui.panes.call_controls import CallControls

    app = QApplication([])
    operations.install()
    settings = QualitySettings(silence_after_s=1.0)
    made: list[CallMicrophone] = []

    def microphone(meter: Any, parent: Any) -> CallMicrophone:
        made.append(CallMicrophone(meter, args["input"], settings, parent))
        return made[-1]

    def wait_until(predicate: Any, timeout: float = 15.0) -> bool:
        deadline = time.monotonic() + timeout
        loop = QEventLoop()
        while not predicate():
            if time.monotonic() > deadline:
                return False
            QTimer.singleShot(20, loop.quit)
            loop.exec()
        return True

    controls = CallControls(datetime.now(UTC), microphone=microphone)
    controls.resize(900, 80)
    controls.show()
    meter = controls.meter
    listening = wait_until(lambda: made[0].listening and meter.reading is not None)
    # a second of audio through the level window, then the verdict of the whole stretch
    wait_until(lambda: meter.reading is not None and meter.reading.seconds >= 2.5)
    levels = []
    for _ in range(5):
        wait_until(lambda: False, 0.1)
        levels.append(meter.rms_dbfs)
    shown = {
        "listening": listening,
        "visible": meter.isVisible(),
        "levels": levels,
        "value": meter.value.text(),
        "issue": meter.issue.value if meter.issue is not None else None,
        "warning": meter.warning.text(),
        "tooltip": meter.warning.toolTip(),
    }
    controls.show_state(ContactState.WRAP_UP)  # the call is over: the microphone closes
    shown["stopped"] = wait_until(lambda: not made[0].listening, 5.0)
    shown["after_value"] = meter.value.text()
    shown["after_warning"] = meter.warning.text()
    shown["streams_closed"] = wait_until(lambda: not made[0]._session, 5.0)
    stop.set()
    app.processEvents()
    return shown


def run_call(alsa: VirtualAlsa, signal: npt.ArrayLike) -> dict[str, Any]:
    signal_raw = alsa.root / "signal.raw"
    signal_raw.write_bytes(np.asarray(signal, dtype="<f4").tobytes())
    args = {"fifo": str(alsa.mic_raw), "signal": str(signal_raw), "input": MIC}
    env = dict(os.environ)
    env.update(
        ALSA_CONFIG_PATH=str(alsa.config),
        HOME=str(alsa.root),
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(ROOT),
    )
    proc = subprocess.run(
        [sys.executable, __file__, json.dumps(args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    results = [line for line in proc.stdout.splitlines() if line.startswith(RESULT)]
    assert proc.returncode == 0 and results, (
        f"child exited {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    )
    result: dict[str, Any] = json.loads(results[-1].removeprefix(RESULT))
    return result


def test_the_live_call_shows_the_microphone_level(virtual: VirtualAlsa) -> None:
    result = run_call(virtual, sine(440.0, 1.0, RATE, -20.0, fade_s=0.0))
    assert result["listening"] and result["visible"]
    for rms in result["levels"]:
        assert rms == pytest.approx(-23.0, abs=0.5)  # −20 dBFS peak: 3 dB less RMS
    assert result["value"] == "\N{MINUS SIGN}23 дБ"
    assert result["issue"] is None and result["warning"] == ""
    # wrap-up: the stream is closed and the meter blank
    assert result["stopped"] and result["streams_closed"]
    assert result["after_value"] == "—" and result["after_warning"] == ""


def test_a_muted_microphone_is_warned_about_during_the_call(virtual: VirtualAlsa) -> None:
    result = run_call(virtual, np.zeros(RATE, dtype=np.float32))
    assert result["issue"] == "silence"
    assert result["warning"] == "Микрофон молчит"
    assert result["tooltip"] == "Микрофон молчит: проверьте, не выключен ли звук на гарнитуре"


def test_a_clipping_microphone_is_warned_about_during_the_call(virtual: VirtualAlsa) -> None:
    loud = np.clip(2.0 * sine(400.0, 1.0, RATE, 0.0, fade_s=0.0), -1.0, 1.0)
    result = run_call(virtual, loud)
    assert result["issue"] == "clipping"
    assert result["warning"] == "Слишком громко"
    assert result["tooltip"] == "Слишком громко: звук искажается, отодвиньте микрофон"


def test_without_portaudio_the_call_says_the_microphone_is_unavailable(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from operator_app.domain.contacts import ContactState
    from operator_app.ui.call_microphone import CallMicrophone
    from operator_app.ui.panes.call_controls import CallControls

    shadow = tmp_path / "no_portaudio"
    shadow.mkdir()
    (shadow / "sounddevice.py").write_text(FAKE_SOUNDDEVICE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(shadow))
    monkeypatch.delitem(sys.modules, "sounddevice", raising=False)
    monkeypatch.setattr(backend, "_module", None)
    monkeypatch.setattr(backend, "_failure", None)
    expected = backend.AudioUnavailable.no_portaudio("PortAudio library not found")

    def microphone(meter: Any, parent: Any) -> CallMicrophone:
        return CallMicrophone(meter, None, None, parent)

    controls = CallControls(datetime.now(UTC), microphone=microphone)
    qtbot.addWidget(controls)
    controls.show()
    microphone = controls.microphone
    assert microphone is not None
    qtbot.waitUntil(lambda: microphone.problem != "", timeout=10_000)
    assert microphone.problem == expected.reason_ru
    assert controls.meter.warning.text() == "Микрофон недоступен"
    assert controls.meter.warning.toolTip() == expected.reason_ru
    assert controls.meter.value.text() == "—" and not microphone.listening
    # the call itself goes on: its controls work as before
    assert controls.hold_button.isEnabled() and controls.end_button.isEnabled()
    controls.show_state(ContactState.WRAP_UP)
    assert not controls.hold_button.isEnabled()


if __name__ == "__main__":
    result = _child(json.loads(sys.argv[1]))
    print(RESULT + json.dumps(result), flush=True)
    # the microphone feeder may sit in open() on the FIFO; nothing else needs tidying
    os._exit(0)
