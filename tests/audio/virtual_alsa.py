"""Virtual ALSA devices for the audio tests, driven through the real PortAudio.

ALSA's ``file`` plugin makes a capture PCM that plays a raw file (``infile``) and a playback
PCM that writes one; ``null`` underneath does the timing (none: it runs as fast as it is read,
so tests bound their streams by frames, not by time).

The files hold FLOAT_LE, the streams' own format, so ``plug`` converts nothing and samples
arrive bit for bit. (With a float32 stream on an S16 file, ``plug``'s converter drops one
buffer's worth of capture shortly after the start, as unpaced ``null`` always reports a full
buffer; real devices are paced and do not see this.) The configuration is the test's own
(``ALSA_CONFIG_PATH``) and is read when PortAudio initialises, so device scenarios run in a
child Python process (``device_child.py``).
"""

from __future__ import annotations

import ctypes.util
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("device_child.py")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
RATE = 48000

MIC = "ekc_mic"
PHONES = "ekc_phones"


def _file_pcm(out_path: str, in_path: str | None = None) -> str:
    infile = f'\n            infile "{in_path}"' if in_path else ""
    return f"""{{
        type plug
        slave {{
            pcm {{
                type file
                slave.pcm {{ type null }}
                file "{out_path}"{infile}
                format "raw"
            }}
            format FLOAT_LE
            rate {RATE}
            channels 1
        }}
    }}"""


#: PortAudio 19.6 (Debian 12) aborts in BuildDeviceList (`assert devIdx < numDeviceNames`) when
#: every PCM in the configuration opens; it always skips "default" in that pass, so one is kept.
def headset_config(mic_raw: Path, phones_raw: Path) -> str:
    return f"""
pcm.{MIC} {_file_pcm("/dev/null", str(mic_raw))}
pcm.{PHONES} {_file_pcm(str(phones_raw))}
pcm.!default {{
    type asym
    playback.pcm "{PHONES}"
    capture.pcm "{MIC}"
}}
"""


def outputs_only_config(phones_raw: Path) -> str:
    return f"""
pcm.{PHONES} {{
    type asym
    playback.pcm {_file_pcm(str(phones_raw))}
}}
pcm.!default {{
    type asym
    playback.pcm "{PHONES}"
}}
"""


def no_devices_config() -> str:
    return """
pcm.!default {
    type hw
    card 99
}
"""


def require_portaudio() -> None:
    if ctypes.util.find_library("portaudio") is None:
        reason = "libportaudio2 is not installed (apt-get install libportaudio2)"
        if IN_CI:
            pytest.fail(f"CI=true requires PortAudio: {reason}")
        pytest.skip(reason)


def run_child(env_extra: dict[str, str], home: Path, **args: Any) -> dict[str, Any]:
    env = dict(os.environ)
    env.update(env_extra)
    env["HOME"] = str(home)
    env["PYTHONPATH"] = os.pathsep.join(
        [*env_extra.get("PYTHONPATH", "").split(os.pathsep), str(ROOT)]
    ).strip(os.pathsep)
    proc = subprocess.run(
        [sys.executable, str(CHILD), json.dumps(args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    results = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    assert proc.returncode == 0 and results, (
        f"child {args} exited {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    )
    result: dict[str, Any] = json.loads(results[-1].removeprefix("RESULT "))
    return result


@dataclass
class VirtualAlsa:
    """A temp directory with an ALSA configuration, the microphone's file and the phones' file."""

    root: Path

    @property
    def mic_raw(self) -> Path:
        return self.root / "mic.raw"

    @property
    def phones_raw(self) -> Path:
        return self.root / "phones.raw"

    @property
    def config(self) -> Path:
        return self.root / "asound.conf"

    def configure(self, text: str) -> None:
        self.config.write_text(text, encoding="utf-8")
        # the usual place too, for anything that reads ~/.asoundrc instead
        (self.root / ".asoundrc").write_text(text, encoding="utf-8")

    def speak(self, samples: npt.ArrayLike) -> npt.NDArray[np.float32]:
        """What the microphone will capture (float at ±1.0, stored as FLOAT_LE)."""
        data = np.asarray(samples, dtype="<f4")
        self.mic_raw.write_bytes(data.tobytes())
        return data

    def heard(self) -> npt.NDArray[np.float32]:
        """What has been played to the phones."""
        return np.frombuffer(self.phones_raw.read_bytes(), dtype="<f4")

    def run(self, scenario: str, **args: Any) -> dict[str, Any]:
        return run_child(
            {"ALSA_CONFIG_PATH": str(self.config)}, self.root, scenario=scenario, **args
        )
