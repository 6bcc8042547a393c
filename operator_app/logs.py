"""Logging: one named logger per area (sync, store, search, services, ui), a rotating file in
the user log directory, and Qt's own messages routed in. Messages never carry personal data."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path


def setup_logging(log_dir: Path, level: int = logging.INFO) -> None:
    log_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        log_dir / "workstation.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(level)
    root.addHandler(handler)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        from PySide6.QtCore import QtMsgType, qInstallMessageHandler

        qt_log = logging.getLogger("ui.qt")
        levels = {
            QtMsgType.QtDebugMsg: logging.DEBUG,
            QtMsgType.QtInfoMsg: logging.INFO,
            QtMsgType.QtWarningMsg: logging.WARNING,
            QtMsgType.QtCriticalMsg: logging.ERROR,
            QtMsgType.QtFatalMsg: logging.CRITICAL,
        }

        def route(kind: QtMsgType, _context: object, message: str) -> None:
            qt_log.log(levels.get(kind, logging.INFO), "%s", message)

        qInstallMessageHandler(route)
    except ImportError:  # headless commands run without Qt
        pass
