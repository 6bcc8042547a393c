"""Runs one audio scenario in a fresh process and prints its result as JSON.

PortAudio reads the ALSA configuration once, when ``sounddevice`` is imported, so each device
test runs here with its own ``ALSA_CONFIG_PATH`` (see ``conftest.VirtualAlsa``). Usage:
``python device_child.py '{"scenario": "meter", ...}'``; the last stdout line is
``RESULT {json}``.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from operator_app import audio
from operator_app.audio import tones

RESULT = "RESULT "


def _problem(problem: audio.AudioUnavailable | None) -> dict[str, str] | None:
    if problem is None:
        return None
    return {"kind": problem.kind.value, "ru": problem.reason_ru, "en": problem.reason_en}


def devices(_args: dict[str, Any]) -> dict[str, Any]:
    status = audio.probe()
    return {
        "inputs": [d.name for d in status.inputs],
        "outputs": [d.name for d in status.outputs],
        "problem": _problem(status.problem),
    }


def meter(args: dict[str, Any]) -> dict[str, Any]:
    settings = audio.QualitySettings(**args.get("settings", {}))
    check = audio.HeadsetCheck(input_name=args["input"], settings=settings)
    with audio.LevelMeter(check.input, settings=settings, max_seconds=args["seconds"]) as m:
        finished = m.wait(30.0)
        reading = m.reading()
    return {
        "finished": finished,
        "samplerate": m.samplerate,
        "rms_dbfs": reading.level.rms_dbfs,
        "peak_dbfs": reading.level.peak_dbfs,
        "seconds": reading.seconds,
        "issues": sorted(issue.value for issue in reading.issues),
    }


def tone(args: dict[str, Any]) -> dict[str, Any]:
    check = audio.HeadsetCheck(output_name=args["output"])
    pattern = getattr(tones, args["pattern"])
    playback = check.play_tone(pattern)
    return {"played": playback.wait(30.0), "samplerate": playback.samplerate}


def alert(args: dict[str, Any]) -> dict[str, Any]:
    player = audio.AlertPlayer(args["output"])
    getattr(player, args["which"])()
    idle = player.wait_idle(30.0)
    player.close()
    return {"idle": idle, "problem": _problem(player.problem)}


def loopback(args: dict[str, Any]) -> dict[str, Any]:
    check = audio.HeadsetCheck(args["input"], args["output"])
    result = check.record_and_play_back(args["seconds"])
    return {
        "frames": int(result.recording.samples.size),
        "samplerate": result.recording.samplerate,
        "rms_dbfs": result.verdict.level.rms_dbfs,
        "ok": result.verdict.ok,
    }


def degraded(_args: dict[str, Any]) -> dict[str, Any]:
    """Everything a workstation without PortAudio touches must answer, not crash."""
    status = audio.probe()
    try:
        audio.HeadsetCheck()
    except audio.AudioUnavailable as exc:
        check_error = _problem(exc)
    else:
        check_error = None
    player = audio.AlertPlayer()
    player.offer()
    player.alarm()
    idle = player.wait_idle(10.0)
    player.close()
    return {
        "available": status.available,
        "problem": _problem(status.problem),
        "check_error": check_error,
        "alert_idle": idle,
        "alert_problem": _problem(player.problem),
    }


def imports(_args: dict[str, Any]) -> dict[str, Any]:
    return {"loaded": sorted(m for m in ("sounddevice", "PySide6") if m in sys.modules)}


SCENARIOS = {f.__name__: f for f in (devices, meter, tone, alert, loopback, degraded, imports)}


def main() -> None:
    args = json.loads(sys.argv[1])
    result = SCENARIOS[args["scenario"]](args)
    print(RESULT + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
