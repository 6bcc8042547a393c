"""What a crash leaves behind, without Qt: a ring of recent log lines, the fault log that
`faulthandler` writes on a hard crash (checked on the next start), and the crash details an
operator can copy for the service desk — scrubbed of anything that looks like personal data.
"""

from __future__ import annotations

import collections
import faulthandler
import logging
import platform
import re
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import IO

from operator_app import __version__

FAULT_LOG = "fault.log"
RING_SIZE = 200

# runs of digits (SNILS, passport, phone, account numbers) and e-mail addresses; a crash
# report goes to people outside the contact centre's data protection, so they never leave
_DIGITS = re.compile(r"\d[\d\s\-()]{3,}\d")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def scrub(text: str) -> str:
    """The text with digit runs and e-mail addresses replaced by placeholders."""
    return _DIGITS.sub("<цифры>", _EMAIL.sub("<e-mail>", text))


class RingHandler(logging.Handler):
    """Keeps the last log lines in memory for the crash details."""

    def __init__(self, size: int = RING_SIZE) -> None:
        super().__init__(logging.INFO)
        self.lines: collections.deque[str] = collections.deque(maxlen=size)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(scrub(self.format(record)))
        except Exception:  # a log line must never raise into the code that logged it
            self.handleError(record)


_ring: RingHandler | None = None
_fault_file: IO[str] | None = None


def install(log_dir: Path) -> str | None:
    """Start recording: the log ring on the root logger and `faulthandler` into the fault
    log. Returns what the previous run's fault log held (a hard crash), or None."""
    global _ring, _fault_file
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / FAULT_LOG
    previous = None
    if path.exists():
        text = path.read_text(encoding="utf-8", errors="replace").strip()
        previous = text or None
        if previous:
            path.replace(log_dir / (FAULT_LOG + ".previous"))
    if _ring is None:
        _ring = RingHandler()
        logging.getLogger().addHandler(_ring)
    if _fault_file is None:
        _fault_file = path.open("w", encoding="utf-8")
        faulthandler.enable(file=_fault_file, all_threads=True)
    return previous


def uninstall() -> None:
    """Stop recording (a clean quit leaves an empty fault log: nothing to report next time)."""
    global _ring, _fault_file
    if _fault_file is not None:
        faulthandler.disable()
        _fault_file.close()
        _fault_file = None
    if _ring is not None:
        logging.getLogger().removeHandler(_ring)
        _ring = None


def recent_lines() -> list[str]:
    return list(_ring.lines) if _ring is not None else []


def details(
    kind: type[BaseException] | None,
    value: BaseException | None,
    tb: TracebackType | None,
) -> str:
    """The text behind «Скопировать подробности»: version, platform, traceback, recent log."""
    lines = [
        f"operator-app {__version__}",
        f"Python {sys.version.split()[0]} · {platform.platform()}",
        "",
    ]
    if kind is not None:
        lines.append(scrub("".join(traceback.format_exception(kind, value, tb))).rstrip())
    lines += ["", "--- recent log ---", *recent_lines()]
    return "\n".join(lines)
