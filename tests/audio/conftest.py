"""Fixtures for the audio tests: a virtual headset on ALSA (see ``virtual_alsa``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.audio.virtual_alsa import RATE, VirtualAlsa, headset_config, require_portaudio


@pytest.fixture
def alsa(tmp_path: Path) -> VirtualAlsa:
    require_portaudio()
    virtual = VirtualAlsa(tmp_path)
    virtual.configure(headset_config(virtual.mic_raw, virtual.phones_raw))
    virtual.speak(np.zeros(RATE, dtype=np.float32))
    return virtual
