"""The Linux smoke test: the demo under Xvfb, SIGTERM, and no process left (/proc)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from ekc_packaging.common import (
    NAME,
    BuildError,
    say,
    tail,
    wait_ready,
)

#: SIGTERM to exit, demo children included (the launcher gives each child 8 s at most)
QUIT_WITHIN_S = 10
#: sonames Qt's xcb platform plugin links, and the Debian package of each
XCB_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}


def proc_table() -> dict[int, tuple[int, int, list[str], str]]:
    """pid → (ppid, session id, argv, executable) of every process we may see (Linux /proc)."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            try:
                exe = os.readlink(entry / "exe")
            except OSError:
                exe = ""
        except (OSError, ValueError):
            continue
        table[int(entry.name)] = (
            int(fields[1]),
            int(fields[3]),
            [a.decode(errors="replace") for a in argv if a],
            exe,
        )
    return table


def descendants(root: int, table: dict[int, tuple[int, int, list[str], str]]) -> list[int]:
    found, frontier = [], [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, row in table.items() if row[0] == parent]
        found += children
        frontier += children
    return found


def is_api_child(argv: list[str]) -> bool:
    return "routing_api" in argv or "routing-api" in argv


def missing_xcb_libraries(binary: Path | None) -> list[str]:
    """Libraries the bundle's xcb plugin needs that neither the bundle nor the system has."""
    if binary is None or shutil.which("ldd") is None:
        return []
    internal = binary.parent / "_internal"
    plugin = internal / "PySide6" / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.exists():
        return []
    env = {**os.environ, "LD_LIBRARY_PATH": f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}"}
    out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, env=env).stdout
    names = {line.split()[0] for line in out.splitlines() if "not found" in line}
    return sorted(f"{n} (Debian: {XCB_PACKAGES.get(n, '?')})" for n in names)


def smoke_linux(
    command: Path, binary: Path | None, env: dict[str, str], base: Path, seconds: float, lang: str
) -> None:
    if sys.platform == "win32":
        raise BuildError("the Xvfb smoke test is for Linux")
    xvfb = shutil.which("xvfb-run")
    if xvfb is None:
        raise BuildError("xvfb-run is not installed (Debian package xvfb): apt-get install xvfb")
    missing = missing_xcb_libraries(binary)
    if missing:
        raise BuildError(
            "Qt's xcb platform plugin cannot load here, these libraries are neither in the "
            "bundle nor on the system: " + ", ".join(missing) + ". Install them (a build "
            "where they are installed bundles them)."
        )
    out_path = base.parent / "stdout.txt"
    base.mkdir(parents=True)
    log = base / "logs" / "workstation.log"
    demo = base / "data" / "demo"
    started = time.monotonic()
    with out_path.open("wb") as out:
        proc = subprocess.Popen(
            [
                xvfb,
                "-a",
                "-s",
                "-screen 0 1280x1024x24",
                str(command),
                "--basedir",
                str(base),
                "--lang",
                lang,
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    session = proc.pid
    try:
        ready = wait_ready(proc, log, started + 180)
        say(f"embedded demo ready {ready:.1f} s after start")
        # the demo then runs `seconds` in full (a slow start does not shorten it)
        running = time.monotonic()
        while time.monotonic() - running < seconds:
            if proc.poll() is not None:
                raise BuildError(f"the workstation exited while running (exit {proc.returncode})")
            time.sleep(0.2)
        say(f"ran {time.monotonic() - running:.0f} s with the demo's traffic")
        table = proc_table()
        ours = descendants(proc.pid, table)
        real = os.path.realpath(binary) if binary else None

        def is_app(pid: int) -> bool:
            exe = table[pid][3]
            match = exe == real if real else os.path.basename(exe) == NAME
            return match and not is_api_child(table[pid][2])

        apps = [pid for pid in ours if is_app(pid)]
        if not apps:
            raise BuildError(f"no workstation process under xvfb-run: {ours}")
        app = min(apps, key=lambda pid: ours.index(pid))  # the topmost
        children = [pid for pid in descendants(app, table) if is_api_child(table[pid][2])]
        kinds = sorted({a for pid in children for a in table[pid][2] if a in ("serve", "simulate")})
        if "serve" not in kinds:
            raise BuildError(f"the demo's routing API is not a child of the workstation: {kinds}")
        say(f"running {time.monotonic() - started:.0f} s; demo children: {', '.join(kinds)}")
        os.kill(app, signal.SIGTERM)
        sent = time.monotonic()
        try:
            code = proc.wait(timeout=QUIT_WITHIN_S)
        except subprocess.TimeoutExpired as exc:
            raise BuildError(
                f"the workstation did not quit {QUIT_WITHIN_S} s after SIGTERM"
            ) from exc
        quit_s = time.monotonic() - sent
        if code != 0:
            raise BuildError(f"the workstation exited {code} after SIGTERM")
        left: list[str] = []
        for _ in range(20):
            table = proc_table()
            left = [
                f"{pid} {' '.join(row[2])}"
                for pid, row in table.items()
                if row[1] == session or (pid in children and is_api_child(row[2]))
            ]
            if not left:
                break
            time.sleep(0.1)
        if left:
            raise BuildError("processes left after quitting:\n  " + "\n  ".join(left))
        say(f"SIGTERM → exit 0 in {quit_s:.1f} s; no process left")
        problems = [
            line
            for line in log.read_text(errors="replace").splitlines()
            if " ERROR " in line
            or " CRITICAL " in line
            or "Traceback" in line
            or "no translation for" in line
        ]
        if problems:
            raise BuildError("errors in the workstation's log:\n" + "\n".join(problems))
    except BuildError:
        print(f"--- xvfb-run output\n{tail(out_path)}", flush=True)
        print(f"--- {log}\n{tail(log)}", flush=True)
        print(f"--- routing-api.log\n{tail(demo / 'routing-api.log')}", flush=True)
        raise
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(session, signal.SIGKILL)  # whatever is left of the session
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)
