#!/usr/bin/env python3
"""The one task runner: setup, test, lint, lock, run, bench. CI runs `python3 dev.py test`.

Standard library only, so it runs with any Python >= 3.11 before the virtualenv exists;
everything third-party runs inside `.venv` as a child process.
"""

from __future__ import annotations

import sys

if sys.version_info < (3, 11):  # noqa: UP036 -- the point is to say so on an older Python
    sys.exit(
        "dev.py needs Python 3.11 or newer; this is Python "
        + ".".join(str(n) for n in sys.version_info[:3])
        + ". Run it as `python3.11 dev.py …` (or install Python 3.11+)."
    )

import contextlib
import hashlib
import os
import subprocess
import time
import tomllib
import urllib.error
import urllib.request
import venv
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".ekc-installed"
CONSTRAINTS = ROOT / "constraints.txt"
#: files whose change means the venv must be reinstalled
INSTALL_INPUTS = ("pyproject.toml", "setup.py", "constraints.txt")
WINDOWS = os.name == "nt"
DEMO_HOST, DEMO_PORT = "127.0.0.1", 8700


def say(message: str) -> None:
    print(f"dev.py: {message}", flush=True)


def venv_bin(name: str) -> Path:
    """An executable inside .venv (bin/ on POSIX, Scripts/*.exe on Windows)."""
    if WINDOWS:
        return VENV / "Scripts" / f"{name}.exe"
    return VENV / "bin" / name


def python() -> str:
    return str(venv_bin("python"))


def run(cmd: Sequence[str], *, env: dict[str, str] | None = None, check: bool = True) -> int:
    """Run a command in the repo root, echoing it; exit with its code on failure if `check`."""
    print("+ " + " ".join(cmd), flush=True)
    code = subprocess.call(list(cmd), cwd=ROOT, env=env)
    if check and code != 0:
        say(f"failed (exit {code}): {' '.join(cmd)}")
        sys.exit(code)
    return code


def pip(*args: str) -> None:
    run([python(), "-m", "pip", "--disable-pip-version-check", *args])


def install_hash() -> str:
    digest = hashlib.sha256()
    for name in INSTALL_INPUTS:
        path = ROOT / name
        digest.update(name.encode() + b"\0")
        digest.update(path.read_bytes() if path.exists() else b"<absent>")
        digest.update(b"\0")
    return digest.hexdigest()


def build_requires() -> list[str]:
    """[build-system].requires: installed into .venv so wheels build with --no-isolation."""
    with (ROOT / "pyproject.toml").open("rb") as f:
        return list(tomllib.load(f).get("build-system", {}).get("requires", []))


def ensure_venv() -> bool:
    """Create .venv with this interpreter if missing; True if it was created."""
    if venv_bin("python").exists():
        return False
    say(f"creating .venv with Python {sys.version.split()[0]} ({sys.executable})")
    try:
        venv.EnvBuilder(with_pip=True, clear=VENV.exists()).create(VENV)
    except (subprocess.CalledProcessError, OSError) as exc:
        hint = " (on Debian/Ubuntu: apt-get install python3-venv)" if not WINDOWS else ""
        sys.exit(f"dev.py: could not create .venv: {exc}{hint}")
    return True


def check_venv_python() -> str:
    """An existing .venv must also be 3.11+ (it may predate a Python upgrade); its version."""
    out = subprocess.run(
        [python(), "-c", "import sys; print(sys.version_info >= (3, 11), sys.version.split()[0])"],
        capture_output=True,
        text=True,
    )
    ok, _, version = out.stdout.strip().partition(" ")
    if out.returncode != 0 or ok != "True":
        sys.exit(
            f"dev.py: .venv runs Python {version or '(broken)'}, but 3.11+ is needed; "
            "delete .venv and run `python3 dev.py setup` again."
        )
    return version


def install(*, constrained: bool = True, upgrade: bool = False) -> None:
    """pip itself, the build backend, then the project editable with its dev extra."""
    pip("install", "--quiet", "--upgrade", "pip")
    limits = ["-c", str(CONSTRAINTS)] if constrained and CONSTRAINTS.exists() else []
    more = ["--upgrade"] if upgrade else []
    pip("install", "--quiet", *more, *limits, *build_requires())
    # the build backend is in the venv now: no throw-away build environment per install
    pip("install", "--quiet", "--no-build-isolation", *more, *limits, "-e", ".[dev]")


def setup() -> None:
    """Create .venv if missing and (re)install when the packaging inputs changed."""
    created = ensure_venv()
    check_venv_python()
    wanted = install_hash()
    if not created and STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    say(
        "installing the project into .venv" + (" (constraints.txt)" if CONSTRAINTS.exists() else "")
    )
    install()
    STAMP.write_text(wanted + "\n")


def cmd_setup(args: list[str]) -> int:
    """Create/refresh .venv: pip, build backend, `-e .[dev]` (with constraints.txt)."""
    setup()
    say(f"ready: {python()}")
    return 0


def cmd_test(args: list[str]) -> int:
    """Run pytest (args pass through; default: the whole suite) with Qt offscreen."""
    setup()
    env = {**os.environ}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # one worker per core (each test runs its own routing API); `-n 0` to debug serially
    parallel = [] if any(a == "-n" or a.startswith("-n") for a in args) else ["-n", "auto"]
    code = run([python(), "-m", "pytest", *parallel, *args], env=env, check=False)
    if code == 5:
        say("pytest collected no tests (exit 5); treating that as success.")
        return 0
    return code


def importlinter_configured() -> bool:
    for name in (".importlinter", "setup.cfg"):
        path = ROOT / name
        if path.exists() and "[importlinter" in path.read_text(encoding="utf-8"):
            return True
    with (ROOT / "pyproject.toml").open("rb") as f:
        return "importlinter" in tomllib.load(f).get("tool", {})


def cmd_lint(args: list[str]) -> int:
    """ruff check, ruff format --check, mypy, lint-imports; runs them all, fails if any did."""
    setup()
    checks: dict[str, list[str]] = {
        "ruff check": [python(), "-m", "ruff", "check", "."],
        "ruff format": [python(), "-m", "ruff", "format", "--check", "."],
        "mypy": [python(), "-m", "mypy"],
    }
    if importlinter_configured():
        checks["lint-imports"] = [str(venv_bin("lint-imports"))]
    else:
        say("lint-imports skipped: no import-linter contract configured yet")
    failed = [name for name, cmd in checks.items() if run(cmd, check=False)]
    if failed:
        say("lint failed: " + "; ".join(failed))
        return 1
    say("lint clean")
    return 0


def cmd_lock(args: list[str]) -> int:
    """Regenerate constraints.txt from .venv (`lock --upgrade` first upgrades everything)."""
    ensure_venv()
    version = check_venv_python()
    # unconstrained, so a dependency just added to pyproject.toml gets resolved and pinned
    install(constrained=False, upgrade="--upgrade" in args)
    out = subprocess.run(
        [python(), "-m", "pip", "freeze", "--all", "--exclude-editable"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    # --all keeps setuptools and wheel (the build backend is pinned too); pip pins itself
    # out of the way: `setup` always upgrades it
    pins = sorted(
        (
            line.strip()
            for line in out.splitlines()
            if line.strip() and not line.startswith("#") and not line.lower().startswith("pip==")
        ),
        key=str.lower,
    )
    header = [
        "# Generated by `python3 dev.py lock` from .venv; do not edit by hand.",
        f"# From Python {version} on {sys.platform}; "
        "used by `python3 dev.py setup` as `pip install -c constraints.txt`.",
    ]
    CONSTRAINTS.write_text("\n".join([*header, *pins]) + "\n", encoding="utf-8")
    # the venv is exactly what the new file pins: no reinstall on the next setup
    STAMP.write_text(install_hash() + "\n")
    say(f"wrote {CONSTRAINTS.name}: {len(pins)} pins")
    return 0


def demo_data_dir() -> Path:
    out = subprocess.run(
        [
            python(),
            "-c",
            "import platformdirs; print(platformdirs.user_data_dir('ekc-dev', appauthor=False))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(out.stdout.strip()) / "routing-api-demo"


def wait_ready(proc: subprocess.Popen[bytes], url: str, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    return False


def stop(procs: Sequence[subprocess.Popen[bytes]], *, grace: float = 0.0) -> None:
    """Stop children: `grace` s to finish on their own first (Ctrl+C reached them too)."""
    deadline = time.monotonic() + grace
    try:
        for proc in procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=max(0.0, deadline - time.monotonic()))
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=10)
    except KeyboardInterrupt:
        pass  # a second Ctrl+C: no more patience
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def run_demo(args: list[str]) -> int:
    """Until the workstation lands: a demo routing API with simulated traffic."""
    data = demo_data_dir()
    env = {**os.environ, "ROUTING_API_DATA_DIR": str(data), "PYTHONUNBUFFERED": "1"}
    env.pop("ROUTING_API_DATABASE", None)
    api = [python(), "-m", "routing_api"]
    say(f"demo routing API, data in {data}")
    run([*api, "seed", "--demo"], env=env)
    server = f"http://{DEMO_HOST}:{DEMO_PORT}"
    procs: list[subprocess.Popen[bytes]] = []
    interrupted = False
    try:
        serve = subprocess.Popen(
            [*api, "serve", "--host", DEMO_HOST, "--port", str(DEMO_PORT)], cwd=ROOT, env=env
        )
        procs.append(serve)
        if not wait_ready(serve, server + "/ready"):
            say(f"the routing API did not come up on {server} (is the port taken?)")
            return 1
        procs.append(subprocess.Popen([*api, "simulate", "--server", server, *args], env=env))
        say(f"serving on {server} with simulated traffic; Ctrl+C stops both")
        while all(p.poll() is None for p in procs):
            time.sleep(0.5)
        ended = next(p for p in procs if p.poll() is not None)
        say(f"{'serve' if ended is serve else 'simulate'} exited ({ended.returncode})")
        return ended.returncode or 0
    except KeyboardInterrupt:
        interrupted = True
        say("stopping")
        return 0
    finally:
        stop(procs, grace=10.0 if interrupted else 0.0)


def cmd_run(args: list[str]) -> int:
    """Run `operator-app` (args pass through; --large: the 30,000-card expert system)."""
    setup()
    env = None
    if "--large" in args:
        args = [a for a in args if a != "--large"]
        env = {**os.environ, "EKC_DEMO_LARGE": "1"}  # see operator_app/demo/launcher.py
    app = venv_bin("operator-app")
    if app.exists():
        try:
            return run([str(app), *args], env=env, check=False)
        except KeyboardInterrupt:
            return 130
    return run_demo(args)


def cmd_bench(args: list[str]) -> int:
    """Run every tests/benchmarks/bench_*.py (args pass through to each; bench_load takes
    about 35 min at full scale)."""
    setup()
    # bench_*.py only: load_generator.py is bench_load's child, not a benchmark
    scripts = sorted((ROOT / "tests" / "benchmarks").glob("bench_*.py"))
    if not scripts:
        say("no benchmarks under tests/benchmarks/")
        return 0
    failed = [s.name for s in scripts if run([python(), str(s), *args], check=False)]
    if failed:
        say("benchmarks failed: " + ", ".join(failed))
        return 1
    return 0


TRANSLATIONS = ROOT / "resources" / "translations"


def cmd_tr(args: list[str]) -> int:
    """update the .ts catalogs from the sources (tr() strings) and build the .qm files"""
    setup()
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "operator_app").rglob("*.py"))
    for ts in sorted(TRANSLATIONS.glob("*.ts")):
        run(
            [
                str(venv_bin("pyside6-lupdate")),
                *sources,
                "-source-language",
                "ru_RU",
                "-target-language",
                "en_US",
                "-no-obsolete",
                "-ts",
                str(ts.relative_to(ROOT)),
            ]
        )
        run([str(venv_bin("pyside6-lrelease")), str(ts), "-qm", str(ts.with_suffix(".qm"))])
    return 0


def cmd_build(args: list[str]) -> int:
    """Package: PyInstaller bundle, then the AppImage's AppDir (Linux) or the MSI (Windows),
    smoke-tested; args pass to scripts/build_package.py (e.g. `build smoke dist/ekc-workstation`)"""
    setup()
    script = str(ROOT / "scripts" / "build_package.py")
    steps = [args] if args else [["bundle"], ["msi"] if WINDOWS else ["appimage"]]
    for step in steps:
        code = run([python(), script, *step], check=False)
        if code:
            return code
    return 0


COMMANDS: dict[str, Callable[[list[str]], int]] = {
    "setup": cmd_setup,
    "test": cmd_test,
    "lint": cmd_lint,
    "lock": cmd_lock,
    "run": cmd_run,
    "bench": cmd_bench,
    "tr": cmd_tr,
    "build": cmd_build,
}


def usage() -> str:
    lines = ["usage: python3 dev.py COMMAND [args…]", ""]
    lines += [f"  {name:<6} {(fn.__doc__ or '').strip()}" for name, fn in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(usage())
        return 0 if argv else 2
    command = COMMANDS.get(argv[0])
    if command is None:
        print(f"dev.py: unknown command {argv[0]!r}\n\n{usage()}", file=sys.stderr)
        return 2
    return command(argv[1:])


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
