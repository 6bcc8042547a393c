"""The application around the window: the embedded demo starts and stops its child processes,
the layout is kept per user, `operator-app kb …` works without a display or server."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDockWidget
from pytestqt.qtbot import QtBot

from operator_app.demo.launcher import EmbeddedDemo
from operator_app.paths import Paths
from operator_app.services.bus import ChangeBus
from operator_app.services.workstation import Workstation
from operator_app.ui.bridge import ChangeBridge
from operator_app.ui.main_window import MainWindow
from tests.helpers.api import RoutingServer

ROOT = Path(__file__).resolve().parents[2]


def test_embedded_demo_starts_seeded_and_stops(tmp_path: Path) -> None:
    demo = EmbeddedDemo(tmp_path / "demo", rate_per_min=120)
    try:
        url = demo.start_server()
        demo.start_simulator()
        login = httpx.post(url + "/api/v1/auth/login", json={"username": "op1", "password": "demo"})
        assert login.status_code == 200
        token = login.json()["access_token"]
        # simulated traffic: contacts arrive within seconds
        deadline = 40
        items: list[object] = []
        for _ in range(deadline * 4):
            items = httpx.get(
                url + "/api/v1/queue", headers={"Authorization": f"Bearer {token}"}
            ).json()["items"]
            if items:
                break
            subprocess.run(["sleep", "0.25"], check=True)
        assert items, "no contact arrived"
        children = [demo._server, demo._simulator]
    finally:
        demo.stop()
    assert all(p is not None and p.poll() is not None for p in children)
    try:
        httpx.get(url + "/health", timeout=2)
        raise AssertionError("the demo server still answers after stop()")
    except httpx.HTTPError:
        pass


def test_layout_is_saved_per_user(qtbot: QtBot, api: RoutingServer, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "ws.ini"), QSettings.Format.IniFormat)
    bus = ChangeBus()
    ws = Workstation(api.url, Paths.standard(tmp_path / "base"), bus)
    ws.login("op1", "demo")
    window = MainWindow(ws, ChangeBridge(bus), settings)
    qtbot.addWidget(window)
    window.show()
    dock = window.findChild(QDockWidget, "dock-search")
    assert dock is not None
    dock.setFloating(True)
    window.save_layout()
    window.close()
    again = MainWindow(ws, ChangeBridge(bus), settings)
    qtbot.addWidget(again)
    restored = again.findChild(QDockWidget, "dock-search")
    assert restored is not None and restored.isFloating()
    assert settings.contains("layout/op1/state") and not settings.contains("layout/op2/state")
    ws.close()


def _cli(base: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "operator_app.cli", "--basedir", str(base), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(base)},
    )


def test_kb_cli_import_search_batch(tmp_path: Path) -> None:
    base = tmp_path / "cli"
    assert _cli(base, "kb", "search", "пенсия").returncode == 2  # empty: says what to do
    done = _cli(base, "kb", "import", str(ROOT / "resources" / "kb" / "articles.jsonl"))
    assert done.returncode == 0 and "386" in done.stdout
    one = _cli(base, "kb", "search", "маткапитал на ипотеку", "--json", "--limit", "5")
    hits = json.loads(one.stdout)["hits"]
    assert len(hits) == 5 and "материнск" in hits[0]["title"].lower()
    queries = tmp_path / "q.txt"
    queries.write_text(
        "маткапитал на ипотеку\nкак восстановить пароль госуслуг\n", encoding="utf-8"
    )
    batch = _cli(base, "kb", "search", "--batch", str(queries), "--limit", "5")
    lines = [json.loads(line) for line in batch.stdout.splitlines()]
    assert [line["query"] for line in lines] == [
        "маткапитал на ипотеку",
        "как восстановить пароль госуслуг",
    ]
    assert lines[0]["ids"] == [h["id"] for h in hits]  # same ranking either way
    assert all(line["elapsed_ms"] >= 0 for line in lines)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "X-1"}\nnot json\n', encoding="utf-8")
    refused = _cli(base, "kb", "import", str(bad))
    assert refused.returncode == 2 and "error" in refused.stderr


def test_kb_cli_sync_from_the_server(api: RoutingServer, tmp_path: Path) -> None:
    synced = _cli(tmp_path / "sync", "kb", "sync", "--server", api.url)
    assert synced.returncode == 0, synced.stderr
    assert "386 articles" in synced.stdout
    again = _cli(tmp_path / "sync", "kb", "sync", "--server", api.url)
    assert again.stdout.startswith("0 changes")
