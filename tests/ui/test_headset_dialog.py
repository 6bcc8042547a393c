"""«Проверка гарнитуры» and the level-meter widget.

With devices, the real dialog runs against the real PortAudio on the virtual ALSA headset of
``tests/audio/virtual_alsa``, in a child process (PortAudio reads the ALSA configuration once,
at initialisation): this module is also that child's script (``python test_headset_dialog.py
'{json}'``), which drives the dialog offscreen and prints what its widgets show as JSON.

The file plugin reads its ``infile`` as fast as it is asked (``null`` underneath has no clock),
so the microphone here is a FIFO that the child writes at the sample rate: the meter and the
three-second recording then run in real time, as on a headset.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

ROOT = Path(__file__).resolve().parents[2]
if __name__ == "__main__":  # the child: make `operator_app` and `tests` importable
    sys.path.insert(0, str(ROOT))

from operator_app.audio import backend  # noqa: E402
from operator_app.audio.levels import Level, from_dbfs, measure  # noqa: E402
from operator_app.audio.quality import AudioIssue, MeterReading  # noqa: E402
from operator_app.audio.tones import TEST_TONE, sine  # noqa: E402
from tests.audio.virtual_alsa import (  # noqa: E402
    MIC,
    PHONES,
    RATE,
    VirtualAlsa,
    headset_config,
    require_portaudio,
)

RESULT = "RESULT "
SILENCE_TEXT = "Микрофон молчит: проверьте, не выключен ли звук на гарнитуре"
CLIPPING_TEXT = "Слишком громко: звук искажается, отодвиньте микрофон"
#: the smallest screen the workstation supports (DESIGN §8)
SCREEN = (1366, 768)
#: what sounddevice raises at import when libportaudio is missing (its own message)
FAKE_SOUNDDEVICE = 'raise OSError("PortAudio library not found")\n'


# --- the child process ---------------------------------------------------------------------


def _feed_microphone(fifo: str, samples: npt.NDArray[np.float32], stop: threading.Event) -> None:
    """Write ``samples`` (looped) into the microphone's FIFO in real time, 20 ms at a time.

    PortAudio opens and closes the device while listing it and for each stream; each time the
    reader goes away the write fails and the next open is waited for."""
    block = 960
    data = np.resize(samples.astype("<f4"), max(block, samples.size))
    pos = 0
    while not stop.is_set():
        fd = os.open(fifo, os.O_WRONLY)  # waits for a reader
        due = time.monotonic()
        try:
            while not stop.is_set():
                chunk = data[pos : pos + block]
                if chunk.size < block:
                    pos, chunk = 0, data[:block]
                os.write(fd, chunk.tobytes())  # under PIPE_BUF: never split
                pos += block
                due += block / RATE
                time.sleep(max(0.0, due - time.monotonic()))
        except BrokenPipeError:
            pass
        finally:
            os.close(fd)


def _child(args: dict[str, Any]) -> dict[str, Any]:
    import warnings

    warnings.simplefilter("error")
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    signal = np.fromfile(args["signal"], dtype="<f4")
    stop = threading.Event()
    threading.Thread(
        target=_feed_microphone, args=(args["fifo"], signal, stop), daemon=True
    ).start()

    from PySide6.QtCore import (
        QEventLoop,
        QMessageLogContext,
        QTimer,
        QtMsgType,
        qInstallMessageHandler,
    )
    from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

    from operator_app.audio.quality import QualitySettings
    from operator_app.ui import operations
    from operator_app.ui.dialogs.headset import HeadsetDialog

    qt_warnings: list[str] = []
    ignored = ("propagateSizeHints", "does not support raise", "grabbing the keyboard")

    def on_qt_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        quiet = kind in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg)
        if not quiet and not any(text in message for text in ignored):
            qt_warnings.append(message)

    qInstallMessageHandler(on_qt_message)
    app = QApplication([])
    app.setStyle("Fusion")
    operations.install()

    def wait_until(predicate: Callable[[], bool], timeout: float = 15.0) -> bool:
        deadline = time.monotonic() + timeout
        loop = QEventLoop()
        while not predicate():
            if time.monotonic() > deadline:
                return False
            QTimer.singleShot(20, loop.quit)
            loop.exec()
        return True

    def pause(seconds: float) -> None:
        end = time.monotonic() + seconds
        wait_until(lambda: time.monotonic() >= end, seconds + 1.0)

    def heard() -> dict[str, Any]:
        phones = Path(args["phones"])
        data = np.fromfile(phones, dtype="<f4") if phones.exists() else np.zeros(0, "<f4")
        return {"frames": int(data.size), "peak_dbfs": measure(data).peak_dbfs}

    dialog = HeadsetDialog(
        args["input"],
        args["output"],
        language=args.get("language", "ru"),
        settings=QualitySettings(silence_after_s=args.get("silence_after_s", 1.0)),
    )
    chosen: list[tuple[str, str]] = []
    dialog.devices_chosen.connect(lambda i, o: chosen.append((i, o)))
    dialog.show()
    out: dict[str, Any] = {}
    out["probed"] = wait_until(lambda: dialog.input_box.count() > 0)
    out["inputs"] = [dialog.input_box.itemData(i) for i in range(dialog.input_box.count())]
    out["outputs"] = [dialog.output_box.itemData(i) for i in range(dialog.output_box.count())]
    out["input_labels"] = [dialog.input_box.itemText(i) for i in range(dialog.input_box.count())]
    out["selected"] = [dialog.input_name, dialog.output_name]
    out["notice"] = dialog.notice_text()
    # the level window (0.3 s) filled with microphone audio, then a few polls of the widget
    out["metering"] = wait_until(
        lambda: dialog.level.reading is not None and dialog.level.reading.seconds > 0.6
    )
    samples = []
    for _ in range(5):
        pause(0.1)
        samples.append([dialog.level.rms_dbfs, dialog.level.peak_dbfs, dialog.level.value.text()])
    out["levels"] = samples
    out["warning_after"] = None
    started = time.monotonic()
    if wait_until(lambda: bool(dialog.level.warning.text()), args.get("warn_within", 0.5)):
        out["warning_after"] = time.monotonic() - started
    out["warning"] = dialog.level.warning.text()
    out["issue"] = None if dialog.level.issue is None else dialog.level.issue.value
    out["accessible"] = {
        "meter": dialog.level.accessibleName(),
        "description": dialog.level.accessibleDescription(),
        "input": dialog.input_box.accessibleName(),
        "output": dialog.output_box.accessibleName(),
    }
    out["enabled"] = {
        "record": dialog.record_button.isEnabled(),
        "tone": dialog.tone_button.isEnabled(),
        "save": dialog.save_button.isEnabled(),
    }
    if args.get("tone"):
        dialog.tone_button.click()
        out["tone_busy"] = not dialog.tone_button.isEnabled()
        wait_until(lambda: dialog.tone_button.isEnabled())
        out["tone_status"] = dialog.tone_status.text()
        out["tone_heard"] = heard()
    if args.get("record"):
        dialog.record_button.click()
        out["record_prompt"] = dialog.verdict.text()
        out["record_locked"] = [dialog.input_box.isEnabled(), dialog.record_button.isEnabled()]
        seen: list[float] = []

        def recorded() -> bool:  # the meter is sampled at every turn of the wait
            seen.append(dialog.level.rms_dbfs or -120.0)
            return dialog.record_button.isEnabled()

        out["record_done"] = wait_until(recorded, 20.0)
        out["record_meter_max"] = max(seen)
        out["verdict"] = dialog.verdict.text()
        out["focus_after_record"] = dialog.focusWidget() is dialog.record_button
        out["record_heard"] = heard()
        out["relistening"] = wait_until(lambda: dialog.audio_active, 5.0)
    if args.get("screenshot"):
        dialog.adjustSize()
        # the new size laid out before anything is measured (a pending layout request left a
        # word-wrapped label at its old height now and then)
        layout = dialog.layout()
        if layout is not None:
            layout.activate()
        QApplication.processEvents()
        out["size"] = [dialog.width(), dialog.height()]
        out["clipped"] = [
            w.text()
            for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)
            if w.isVisible()
            and w.text()
            and (
                w.height() < w.heightForWidth(w.width())
                if isinstance(w, QLabel) and w.wordWrap()
                else w.width() < w.sizeHint().width()
            )
        ]
        out["saved_png"] = dialog.grab().save(args["screenshot"])
    dialog.save_button.click()
    out["chosen"] = chosen
    out["stopped"] = wait_until(lambda: not dialog.audio_active, 5.0)
    out["qt_warnings"] = qt_warnings
    stop.set()
    return out


# --- the tests -----------------------------------------------------------------------------


@pytest.fixture
def virtual(tmp_path: Path) -> VirtualAlsa:
    require_portaudio()
    if not hasattr(os, "mkfifo"):
        pytest.skip("the paced virtual microphone needs a FIFO")
    alsa = VirtualAlsa(tmp_path)
    os.mkfifo(alsa.mic_raw)
    alsa.configure(headset_config(alsa.mic_raw, alsa.phones_raw))
    return alsa


def run_dialog(alsa: VirtualAlsa, signal: npt.ArrayLike, **args: Any) -> dict[str, Any]:
    signal_raw = alsa.root / "signal.raw"
    signal_raw.write_bytes(np.asarray(signal, dtype="<f4").tobytes())
    args = {
        "fifo": str(alsa.mic_raw),
        "phones": str(alsa.phones_raw),
        "signal": str(signal_raw),
        "input": MIC,
        "output": PHONES,
        **args,
    }
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
    assert result["qt_warnings"] == []
    return result


def test_dialog_on_the_virtual_headset(virtual: VirtualAlsa, tmp_path: Path) -> None:
    png = tmp_path / "headset.png"
    voice = sine(440.0, 1.0, RATE, -20.0, fade_s=0.0)  # a whole number of cycles: loops cleanly
    result = run_dialog(virtual, voice, tone=True, record=True, screenshot=str(png))
    assert result["probed"]
    assert MIC in result["inputs"] and PHONES in result["outputs"]
    assert result["selected"] == [MIC, PHONES]  # the saved names, not the defaults
    assert result["notice"] == ""
    assert any(label.endswith("— по умолчанию") for label in result["input_labels"])
    # the live meter shows the sine's level: −20 dBFS peak, 3 dB less RMS
    assert result["metering"]
    for rms, peak, text in result["levels"]:
        assert rms == pytest.approx(-23.0, abs=0.5)
        assert peak == pytest.approx(-20.0, abs=0.5)
        assert text == "\N{MINUS SIGN}23 дБ"
    assert result["warning"] == "" and result["issue"] is None
    assert result["accessible"] == {
        "meter": "Уровень микрофона",
        "description": "",
        "input": "Микрофон",
        "output": "Наушники",
    }
    assert result["enabled"] == {"record": True, "tone": True, "save": True}
    # the test tone reached the headphones
    assert result["tone_busy"]
    assert result["tone_status"].startswith("Сигнал прозвучал")
    assert result["tone_heard"]["frames"] >= round(TEST_TONE.seconds * RATE)
    assert result["tone_heard"]["peak_dbfs"] == pytest.approx(TEST_TONE.peak_dbfs, abs=1.0)
    # three seconds recorded (the meter live meanwhile, the devices locked), played back, judged
    assert result["record_prompt"] == "Говорите: идёт запись 3 с…"
    assert result["record_locked"] == [False, False]
    assert result["record_done"]
    assert result["record_meter_max"] == pytest.approx(-23.0, abs=0.5)
    assert result["verdict"].startswith("Запись в порядке, средний уровень \N{MINUS SIGN}23 дБ")
    assert result["record_heard"]["frames"] >= 3 * RATE
    assert result["record_heard"]["peak_dbfs"] == pytest.approx(-20.0, abs=0.5)
    assert result["focus_after_record"]  # not left on «Закрыть», where Enter would close
    assert result["relistening"]
    # fits the smallest screen with nothing cut off
    assert result["saved_png"] and png.stat().st_size > 0
    assert result["size"][0] <= SCREEN[0] and result["size"][1] <= SCREEN[1]
    assert result["clipped"] == []
    # «Сохранить» hands the chosen names to the caller and the streams stop
    assert result["chosen"] == [[MIC, PHONES]]
    assert result["stopped"]


def test_silent_microphone_is_reported(virtual: VirtualAlsa) -> None:
    result = run_dialog(
        virtual, np.zeros(RATE, dtype=np.float32), silence_after_s=1.0, warn_within=5.0
    )
    assert result["metering"]
    assert all(text == "< \N{MINUS SIGN}60 дБ" for _, _, text in result["levels"])
    assert result["issue"] == "silence"
    assert result["warning"] == SILENCE_TEXT
    assert result["accessible"]["description"] == SILENCE_TEXT
    assert result["stopped"]


def test_clipping_microphone_and_a_missing_saved_headset(virtual: VirtualAlsa) -> None:
    loud = np.clip(2.0 * sine(400.0, 1.0, RATE, 0.0, fade_s=0.0), -1.0, 1.0)
    result = run_dialog(virtual, loud, output="Jabra Evolve2 40", warn_within=5.0)
    assert result["issue"] == "clipping"
    assert result["warning"] == CLIPPING_TEXT
    assert all(peak == pytest.approx(0.0, abs=0.1) for _, peak, _ in result["levels"])
    # the saved headphones are not connected: said plainly, the default one offered instead
    assert result["notice"] == (
        "Устройство «Jabra Evolve2 40» не найдено: подключите его или выберите другое."
    )
    assert result["selected"][0] == MIC and result["selected"][1] in result["outputs"]
    assert result["enabled"]["tone"]


@pytest.mark.parametrize("language", ["ru", "en"])
def test_without_portaudio_the_dialog_says_why(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, language: str
) -> None:
    from operator_app.ui.dialogs.headset import HeadsetDialog

    shadow = tmp_path / "no_portaudio"
    shadow.mkdir()
    (shadow / "sounddevice.py").write_text(FAKE_SOUNDDEVICE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(shadow))
    monkeypatch.delitem(sys.modules, "sounddevice", raising=False)
    monkeypatch.setattr(backend, "_module", None)
    monkeypatch.setattr(backend, "_failure", None)
    expected = backend.AudioUnavailable.no_portaudio("PortAudio library not found")

    dialog = HeadsetDialog("Jabra Evolve2 40", "Jabra Evolve2 40", language=language)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.notice_text() != "")
    assert dialog.notice_text() == (expected.reason_en if language == "en" else expected.reason_ru)
    for control in (
        dialog.input_box,
        dialog.output_box,
        dialog.record_button,
        dialog.tone_button,
        dialog.save_button,
    ):
        assert not control.isEnabled()
    assert dialog.cancel_button.isEnabled()
    assert dialog.input_name is None and dialog.output_name is None
    assert dialog.level.rms_dbfs is None and dialog.level.value.text() == "—"
    with qtbot.assertNotEmitted(dialog.devices_chosen):
        dialog.reject()
    assert not dialog.isVisible()
    assert not dialog.audio_active


def test_level_meter_widget(qtbot: Any) -> None:
    from operator_app.ui.level_meter import LevelMeterWidget

    def reading(rms: float, peak: float, silent: bool = False, clipping: bool = False) -> Any:
        return MeterReading(Level(rms, peak), silent, clipping, 0.0, 0.0, 1.0)

    full = LevelMeterWidget()
    compact = LevelMeterWidget(compact=True)
    for widget in (full, compact):
        qtbot.addWidget(widget)
        assert widget.accessibleName() == "Уровень микрофона"
        assert widget.bar.accessibleName() and widget.warning.accessibleName()
        widget.show_reading(reading(-18.4, -9.6))
        assert widget.value.text() == "\N{MINUS SIGN}18 дБ"
        assert widget.bar.rms_dbfs == -18.4 and widget.bar.peak_dbfs == -9.6
        assert widget.issue is None and widget.warning.text() == ""
    full.show_reading(reading(-110.0, -100.0, silent=True))
    assert full.warning.text() == SILENCE_TEXT
    assert full.value.text() == "< \N{MINUS SIGN}60 дБ"
    compact.show_reading(reading(-1.0, 0.0, clipping=True))
    assert compact.issue is AudioIssue.CLIPPING
    assert compact.warning.text() == "Слишком громко"
    assert compact.warning.toolTip() == CLIPPING_TEXT
    assert compact.accessibleDescription() == CLIPPING_TEXT
    # clipping outranks silence; nothing measured clears it all
    full.show_reading(reading(-1.0, 0.0, silent=True, clipping=True))
    assert full.warning.text() == CLIPPING_TEXT
    full.show_reading(None)
    assert full.issue is None and full.warning.text() == "" and full.value.text() == "—"
    assert from_dbfs(full.bar.rms_dbfs) < from_dbfs(-59.0)


if __name__ == "__main__":
    result = _child(json.loads(sys.argv[1]))
    print(RESULT + json.dumps(result), flush=True)
    # the microphone feeder may sit in open() on the FIFO; nothing else needs tidying
    os._exit(0)
