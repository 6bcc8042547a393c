"""Smoke test of the frozen workstation: it runs, starts its demo and quits cleanly."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

from ekc_packaging.common import (
    EXE,
    NAME,
    ROOT,
    WINDOWS,
    BuildError,
    say,
    version,
)


def resolve_target(target: Path) -> tuple[Path, Path | None]:
    """(what to run, the bundle's binary if known): a bundle, an AppDir or an .AppImage."""
    if target.is_dir() and (target / "AppRun").exists():
        return target / "AppRun", target / "usr" / "lib" / NAME / NAME
    if target.is_dir():
        return target / EXE, target / EXE
    return target, None


def isolated_env(home: Path) -> dict[str, str]:
    """No real settings, data or keyring are touched (as tests/conftest.py's _isolated_home)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("QT_QPA_PLATFORM", "EKC_WORKSTATION_BASEDIR", "ROUTING_API_DATA_DIR")
        and not k.startswith(("PYTHON", "VIRTUAL_ENV"))
    }
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local/share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".local/state"),
        PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
    )
    if WINDOWS:
        env.update(APPDATA=str(home / "AppData/Roaming"), LOCALAPPDATA=str(home / "AppData/Local"))
    return env


def smoke(target: Path, seconds: float = 10.0, lang: str = "ru") -> None:
    """Contents, `--version`, `routing-api --help`, then the demo for `seconds` and a clean quit."""
    target = target.resolve()
    command, binary = resolve_target(target)
    if not command.exists():
        raise BuildError(f"nothing to run: {command} does not exist")
    if binary is not None:
        check_contents(binary.parent)
    with tempfile.TemporaryDirectory(prefix="ekc-smoke-") as tmp:
        home = Path(tmp) / "home"
        env = isolated_env(home)
        check_version(command, env)
        if WINDOWS:
            from ekc_packaging.smoke_windows import smoke_windows

            smoke_windows(command, env, Path(tmp) / "base", seconds)
        else:
            from ekc_packaging.smoke_linux import smoke_linux

            smoke_linux(command, binary, env, Path(tmp) / "base", seconds, lang)
    say(f"smoke test passed: {target}")


def check_contents(bundle: Path) -> None:
    """Every data file of ekc_resources/ekc_forms, every migration and the Qt platforms the
    workstation uses are in the bundle (PyInstaller 6 keeps them under _internal/)."""
    internal = bundle / "_internal"
    wanted: list[Path] = []
    for package, src in (("ekc_resources", ROOT / "resources"), ("ekc_forms", ROOT / "ui")):
        for path in src.rglob("*"):
            rel = path.relative_to(src)
            if (
                path.is_file()
                and path.suffix not in (".py", ".pyc")
                and "__pycache__" not in rel.parts
            ):
                wanted.append(Path(package, rel))
    migrations = ROOT / "routing_api" / "migrations"
    wanted += [
        Path("routing_api", p.relative_to(ROOT / "routing_api"))
        for p in migrations.rglob("*.py")
        if "__pycache__" not in p.parts
    ]
    plugins = Path("PySide6") / ("plugins" if WINDOWS else "Qt/plugins") / "platforms"
    if WINDOWS:
        wanted += [plugins / "qwindows.dll", plugins / "qoffscreen.dll"]
    else:
        wanted += [plugins / "libqxcb.so", plugins / "libqoffscreen.so", plugins / "libqwayland.so"]
    missing = [str(rel) for rel in wanted if not (internal / rel).exists()]
    if missing:
        raise BuildError(f"missing from {internal}: " + ", ".join(sorted(missing)))
    say(f"bundle contents: all {len(wanted)} resources, migrations and Qt platforms present")


def check_version(command: Path, env: dict[str, str]) -> None:
    started = time.monotonic()
    done = subprocess.run(
        [str(command), "--version"], env=env, capture_output=True, text=True, timeout=120
    )
    expected = f"operator-app {version()}"
    if done.returncode != 0 or done.stdout.strip() != expected:
        raise BuildError(
            f"`{command.name} --version` gave exit {done.returncode}, stdout "
            f"{done.stdout.strip()!r} (expected {expected!r}); stderr:\n{done.stderr[-2000:]}"
        )
    say(f"--version: {expected} ({time.monotonic() - started:.1f} s)")
    done = subprocess.run(
        [str(command), "routing-api", "--help"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0 or "serve" not in done.stdout:
        raise BuildError(f"`{command.name} routing-api --help` failed:\n{done.stderr[-2000:]}")
    say("routing-api subcommand: ok")
