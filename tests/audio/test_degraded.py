"""Without PortAudio or devices the workstation still runs and says why there is no sound."""

from __future__ import annotations

from pathlib import Path

from tests.audio.virtual_alsa import no_devices_config, require_portaudio, run_child

#: what sounddevice raises at import when libportaudio is missing (its own message)
FAKE_SOUNDDEVICE = 'raise OSError("PortAudio library not found")\n'


def test_importing_the_package_loads_neither_portaudio_nor_qt(tmp_path: Path) -> None:
    assert run_child({}, tmp_path, scenario="imports") == {"loaded": []}


def test_without_portaudio_everything_answers(tmp_path: Path) -> None:
    shadow = tmp_path / "no_portaudio"
    shadow.mkdir()
    (shadow / "sounddevice.py").write_text(FAKE_SOUNDDEVICE, encoding="utf-8")
    result = run_child({"PYTHONPATH": str(shadow)}, tmp_path, scenario="degraded")
    assert result["available"] is False
    problem = result["problem"]
    assert problem["kind"] == "no-portaudio"
    assert problem["ru"].startswith("PortAudio не найден")
    assert "libportaudio2" in problem["ru"]
    assert problem["en"].startswith("PortAudio not found")
    assert "PortAudio library not found" in problem["en"]  # the library's own words, for logs
    assert result["check_error"] == problem
    assert result["alert_idle"] is True
    assert result["alert_problem"] == problem


def test_portaudio_without_any_device(tmp_path: Path) -> None:
    require_portaudio()
    config = tmp_path / "asound.conf"
    config.write_text(no_devices_config(), encoding="utf-8")
    result = run_child({"ALSA_CONFIG_PATH": str(config)}, tmp_path, scenario="degraded")
    assert result["available"] is False
    assert result["problem"]["kind"] == "no-input"
    assert result["problem"]["ru"].startswith("Нет устройств ввода")
    assert result["check_error"]["kind"] == "no-input"
    assert result["alert_problem"]["kind"] == "no-output"
