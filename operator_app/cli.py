"""`operator-app`: the workstation window, and `operator-app kb …` that works headless."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from operator_app import __version__
from operator_app.paths import Paths


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="operator-app", description="ЕКЦ operator workstation")
    root.add_argument("--version", action="version", version=f"operator-app {__version__}")
    root.add_argument("--server", help="routing API URL (default: the embedded demo)")
    root.add_argument("--basedir", type=Path, help="keep config, data, cache and logs under DIR")
    root.add_argument("--lang", choices=("ru", "en"), default=None, help="UI language")
    root.add_argument("--demo-rate", type=float, default=8.0, help="demo arrivals per minute")
    sub = root.add_subparsers(dest="command")
    kb = sub.add_parser("kb", help="the local expert system (no display, no server needed)")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    imp = kb_sub.add_parser("import", help="import a JSONL file into the local copy")
    imp.add_argument("file", type=Path)
    sync = kb_sub.add_parser("sync", help="pull the expert system from a routing API")
    sync.add_argument("--server", required=True)
    sync.add_argument("--username", default="op1")
    sync.add_argument("--password", default="demo")
    search = kb_sub.add_parser("search", help="search the local copy")
    search.add_argument("query", nargs="?")
    search.add_argument("--limit", type=int, default=10)
    search.add_argument("--region", help="the contact's region: its regional cards first")
    search.add_argument("--agency", help="only this agency's cards (as the pane's filter)")
    search.add_argument("--category", help="only this category's cards")
    search.add_argument("--line", type=int, choices=(1, 2), help="only first- or second-line")
    search.add_argument("--json", action="store_true")
    search.add_argument("--batch", type=Path, help="one query a line; one JSON line out each")
    return root


def main(argv: Sequence[str] | None = None) -> int:
    ns = parser().parse_args(argv)
    paths = Paths.standard(ns.basedir)
    if ns.command == "kb":
        from operator_app.kb_cli import run

        logging.basicConfig(level=logging.WARNING)
        return run(ns, paths)
    return gui(ns, paths)


def gui(ns: argparse.Namespace, paths: Paths) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from operator_app import crashlog
    from operator_app.logs import setup_logging
    from operator_app.ui import operations
    from operator_app.ui.app import WorkstationApp
    from operator_app.ui.crash import CrashHandler

    setup_logging(paths.logs)
    fault_log = crashlog.install(paths.logs)
    started = time.monotonic()
    app = QApplication(sys.argv[:1])
    app.setApplicationName("ЕКЦ АРМ")
    app.setOrganizationName("ekc")
    operations.install()
    # Ctrl+C / SIGTERM quit cleanly (drafts saved, demo children stopped); the timer lets
    # the interpreter run signal handlers while Qt's loop is in C++
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: app.quit())
    heartbeat = QTimer()
    heartbeat.start(300)
    heartbeat.timeout.connect(lambda: None)
    holder = WorkstationApp(app, paths, ns.server, ns.lang, ns.demo_rate)
    crashes = CrashHandler(
        lambda: holder.window.flush_drafts() if holder.window is not None else None,
        lambda: holder.window if holder.window is not None else holder.login,
    ).install()
    holder.start()
    logging.getLogger("ui").info("window shown %.2f s after start", time.monotonic() - started)
    if fault_log:
        logging.getLogger("ui").warning("the previous run crashed (fault log kept)")
        crashes.report_previous_run(fault_log)
    try:
        return int(app.exec())
    finally:
        crashes.uninstall()
        crashlog.uninstall()


if __name__ == "__main__":
    sys.exit(main())
