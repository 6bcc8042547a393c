"""A draft saved just before the process dies is there on the next open."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from operator_app.store import AesGcmCipher, Drafts, LocalStore, Outbox
from tests.store.conftest import ROOT

CHILD = """
import os, signal, sys
from pathlib import Path
from operator_app.store import AesGcmCipher, Drafts, LocalStore, Outbox

store = LocalStore(Path(sys.argv[1]))
cipher = AesGcmCipher(bytes.fromhex(os.environ["STORE_TEST_KEY"]))
Outbox(store, cipher).add("POST", "/contacts/42/messages", {"text": "ответ"}, key="k-42")
Drafts(store, cipher).save(42, "reply", "Черновик перед сбоем")
if sys.argv[2] == "sigkill":
    os.kill(os.getpid(), signal.SIGKILL)
os._exit(1)
"""

MODES = [
    "exit",
    pytest.param(
        "sigkill",
        marks=pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no SIGKILL here"),
    ),
]


@pytest.mark.parametrize("mode", MODES)
def test_a_saved_draft_survives_the_process_dying(db_path: Path, mode: str) -> None:
    key = AesGcmCipher.generate_key()
    env = {**os.environ, "STORE_TEST_KEY": key.hex(), "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(db_path), mode],
        env=env,
        cwd=ROOT,
        capture_output=True,
        timeout=60,
        check=False,
    )
    expected = -signal.SIGKILL if mode == "sigkill" else 1
    assert result.returncode == expected, result.stderr.decode(errors="replace")
    wal = db_path.with_name(db_path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0  # never checkpointed: it died open
    cipher = AesGcmCipher(key)
    with LocalStore(db_path) as store:
        assert Drafts(store, cipher).load(42) == {"reply": "Черновик перед сбоем"}
        assert [e.key for e in Outbox(store, cipher).pending()] == ["k-42"]
