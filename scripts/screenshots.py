"""Render the workstation's screens to PNG (docs/screenshots/) against the embedded demo.

Run: `.venv/bin/python scripts/screenshots.py [--lang ru|en] [--out DIR]` (offscreen; no display
needed). It starts the demo routing API with simulated traffic, logs in as op1, waits for an
offer, accepts it, searches the expert system, and grabs the login dialog and the main window.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from operator_app.demo.launcher import EmbeddedDemo  # noqa: E402
from operator_app.paths import Paths  # noqa: E402
from operator_app.ui import operations  # noqa: E402
from operator_app.ui.app import WorkstationApp, install_translator  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", choices=("ru", "en"), default="ru")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--size", default="1366x768")
    ns = parser.parse_args()
    width, height = (int(x) for x in ns.size.split("x"))
    ns.out.mkdir(parents=True, exist_ok=True)
    suffix = "" if ns.lang == "ru" else f"-{ns.lang}"
    work = Path(tempfile.mkdtemp(prefix="ekc-shots-"))
    app = QApplication(sys.argv[:1])
    install_translator(app, ns.lang)
    operations.install()
    demo = EmbeddedDemo(work / "demo", rate_per_min=40)
    url = demo.start_server()
    demo.start_simulator()
    holder = WorkstationApp(app, Paths.standard(work / "ws"), url, ns.lang)
    holder.demo = demo  # label the login as the demo and stop it on quit
    holder.start()
    result = {"code": 1}

    def login() -> None:
        dialog = holder.login
        assert dialog is not None
        dialog.username.setCurrentText("op1")
        dialog.password.setText("demo")
        dialog.adjustSize()
        dialog.grab().save(str(ns.out / f"login{suffix}.png"))
        dialog._submit()
        QTimer.singleShot(500, wait_window)

    def wait_window() -> None:
        if holder.window is None or holder.workstation is None:
            QTimer.singleShot(300, wait_window)
            return
        holder.window.resize(width, height)
        holder.workstation.set_state("ready")
        QTimer.singleShot(500, wait_offer)

    tries = {"n": 0}

    def wait_offer() -> None:
        window = holder.window
        assert window is not None
        offered = window.queue.model.offered()
        tries["n"] += 1
        if offered is None and tries["n"] < 120:
            QTimer.singleShot(500, wait_offer)
            return
        if offered is not None:
            window.grab().save(str(ns.out / f"main-offer{suffix}.png"))
            window.accept(offered.id)
        QTimer.singleShot(4000, search)

    def search() -> None:
        window = holder.window
        assert window is not None
        window.search.query.setText("маткапитал на ипотеку")
        window.search.run_search()
        QTimer.singleShot(1500, final)

    def final() -> None:
        window = holder.window
        assert window is not None
        window.grab().save(str(ns.out / f"main{suffix}.png"))
        result["code"] = 0
        app.quit()

    QTimer.singleShot(800, login)
    app.exec()
    print(f"screenshots in {ns.out}")
    return result["code"]


if __name__ == "__main__":
    sys.exit(main())
