"""The Windows smoke test: the routing API subcommands, then the demo offscreen."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.request
from pathlib import Path

from ekc_packaging.common import (
    EXE,
    BuildError,
    run,
    say,
    tail,
    wait_ready,
)


def windows_processes() -> list[dict[str, object]]:
    script = (
        f"Get-CimInstance Win32_Process -Filter \"Name='{EXE}'\" | "
        "Select-Object ProcessId,ParentProcessId,CommandLine | ConvertTo-Json -Compress"
    )
    text = subprocess.run(
        ["powershell", "-NoProfile", "-Command", script], capture_output=True, text=True
    ).stdout.strip()
    if not text:
        return []
    rows = json.loads(text)
    return rows if isinstance(rows, list) else [rows]


def smoke_windows(command: Path, env: dict[str, str], base: Path, seconds: float) -> None:
    """Windows: the routing API subcommands for real, then the demo offscreen, killed as a tree.

    There is no SIGTERM to send a Windows GUI process, so the clean quit is the Linux test's;
    here the check is that the demo starts and nothing survives the process tree's end.
    """
    base.mkdir(parents=True)
    db = f"sqlite:///{(base / 'api.sqlite3').as_posix()}"
    run([command, "routing-api", "seed", "--demo", "--database", db], env=env)
    port = free_port()
    api = subprocess.Popen(
        [str(command), "routing-api", "serve", "--port", str(port), "--database", db], env=env
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if api.poll() is not None or time.monotonic() > deadline:
                raise BuildError("`routing-api serve` from the bundle did not become ready")
            time.sleep(0.3)
        say("routing-api serve from the bundle: /ready 200")
    finally:
        api.terminate()
        api.wait(timeout=30)
    log = base / "logs" / "workstation.log"
    gui_env = {**env, "QT_QPA_PLATFORM": "offscreen"}
    started = time.monotonic()
    proc = subprocess.Popen([str(command), "--basedir", str(base)], env=gui_env)
    try:
        wait_ready(proc, log, started + 180)
        while time.monotonic() - started < seconds:
            if proc.poll() is not None:
                raise BuildError(f"the workstation exited while running (exit {proc.returncode})")
            time.sleep(0.2)
        children = [p for p in windows_processes() if p.get("ParentProcessId") == proc.pid]
        if not any("serve" in str(p.get("CommandLine")) for p in children):
            raise BuildError(f"the demo's routing API is not running: {children}")
        say(f"demo running with {len(children)} child processes; ending the process tree")
    except BuildError:
        print(f"--- {log}\n{tail(log)}", flush=True)
        raise
    finally:
        subprocess.call(["taskkill", "/PID", str(proc.pid), "/T", "/F"])
        proc.wait(timeout=30)
    pids = {p.get("ProcessId") for p in children}
    for _ in range(20):
        left = [p for p in windows_processes() if p.get("ProcessId") in pids]
        if not left:
            break
        time.sleep(0.5)
    if left:
        raise BuildError(f"processes left: {left}")
    say("process tree ended; no process left")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
