"""Paths, names and small helpers shared by the packaging steps."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "package"
NAME = "ekc-workstation"
APP_ID = "ru.ekc.workstation"
WINDOWS = sys.platform == "win32"
EXE = NAME + (".exe" if WINDOWS else "")
BUNDLE = DIST / NAME
APPDIR = DIST / f"{NAME}.AppDir"
ICON_SVG = PACKAGING / "icons" / f"{NAME}.svg"
WXS = PACKAGING / "windows" / f"{NAME}.wxs"


#: the demo's routing API answers /ready: the workstation logs this line (launcher.py)
READY_LINE = "demo routing API ready"


class BuildError(RuntimeError):
    """A step failed; the message says which and what to do."""


def say(message: str) -> None:
    print(f"build_package: {message}", flush=True)


def run(
    cmd: Sequence[str | os.PathLike[str]],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> None:
    """Run a command, echoing it; BuildError if it fails."""
    args = [str(c) for c in cmd]
    print("+ " + " ".join(args), flush=True)
    code = subprocess.call(args, cwd=cwd, env=env)
    if code != 0:
        raise BuildError(f"exit {code}: {' '.join(args)}")


def version() -> str:
    text = (ROOT / "operator_app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.M)
    if not match:
        raise BuildError("no __version__ in operator_app/__init__.py")
    return match.group(1)


def msi_version(text: str) -> str:
    """MSI ProductVersion: three numbers (0.1.0.dev1 → 0.1.0)."""
    numbers = re.findall(r"\d+", text)[:3]
    return ".".join([*numbers, "0", "0", "0"][:3])


@contextlib.contextmanager
def locked() -> Iterator[None]:
    """One build at a time in this checkout (parallel test runs share dist/)."""
    WORK.mkdir(parents=True, exist_ok=True)
    with (WORK / ".lock").open("a+") as handle:
        handle.seek(0)
        if sys.platform == "win32":
            import msvcrt

            while True:  # LK_LOCK itself gives up after 10 s
                try:
                    msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:
                    time.sleep(1)
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def size_text(path: Path) -> str:
    if path.is_file():
        total = path.stat().st_size
    else:
        total = sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())
    return f"{total / 1_000_000:.0f} MB"


def tail(path: Path, lines: int = 25) -> str:
    if not path.exists():
        return f"({path} does not exist)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def wait_ready(proc: subprocess.Popen[bytes], log: Path, deadline: float) -> float:
    started = time.monotonic()
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BuildError(f"the workstation exited early (exit {proc.returncode})")
        if log.exists() and READY_LINE in log.read_text(errors="replace"):
            return time.monotonic() - started
        time.sleep(0.2)
    raise BuildError("the embedded demo's routing API did not become ready in time")
