"""Install, upgrade and uninstall the MSI on a Windows machine and check each step."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

from ekc_packaging.common import (
    EXE,
    NAME,
    WORK,
    BuildError,
    say,
    version,
)
from ekc_packaging.msi import product_name


def msi_test(msi: Path, upgrade: Path | None) -> None:
    """Install quietly with properties; check the files, settings and shortcut; upgrade to a
    later version without the properties (settings kept, one product left); uninstall (user
    data kept); install again (defaults) and uninstall with REMOVEUSERDATA=1 (data gone)."""
    if sys.platform != "win32":
        raise BuildError("msi-test installs the package: Windows only")
    import winreg

    msi = msi.resolve()
    logs = WORK / "msi-logs"
    logs.mkdir(parents=True, exist_ok=True)
    program_files = Path(os.environ.get("PROGRAMW6432", os.environ["PROGRAMFILES"]))
    installed = program_files / "EKC" / "Workstation" / EXE
    user_data = Path(os.environ["LOCALAPPDATA"]) / NAME
    marker = user_data / "kept-by-uninstall.txt"
    shortcut = (
        Path(os.environ["PROGRAMDATA"]) / "Microsoft/Windows/Start Menu/Programs"
    ) / "АРМ оператора ЕКЦ.lnk"
    view = winreg.KEY_READ | winreg.KEY_WOW64_64KEY

    def msiexec(step: str, *args: str) -> None:
        cmd = ["msiexec", *args, "/qn", "/norestart", "/l*v", str(logs / f"{step}.log")]
        print("+ " + " ".join(cmd), flush=True)
        code = subprocess.call(cmd)
        if code not in (0, 3010):  # 3010: done, a restart is suggested
            raise BuildError(f"msiexec {step} failed with {code}; see {logs / (step + '.log')}")

    def setting(key: str, name: str) -> str | None:
        try:
            path = f"SOFTWARE\\EKC\\Workstation\\{key}"
            with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, path, 0, view) as handle:
                return str(winreg.QueryValueEx(handle, name)[0])
        except FileNotFoundError:
            return None

    def products() -> int:
        """Entries of this product in Add/Remove Programs."""
        uninstall = "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall"
        count = 0
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, uninstall, 0, view) as root:
            for index in range(winreg.QueryInfoKey(root)[0]):
                with (
                    contextlib.suppress(OSError),
                    winreg.OpenKey(root, winreg.EnumKey(root, index)) as entry,
                ):
                    if winreg.QueryValueEx(entry, "DisplayName")[0] == product_name():
                        count += 1
        return count

    def check(ok: bool, what: str) -> None:
        print(f"  {'ok  ' if ok else 'FAIL'} {what}", flush=True)
        if not ok:
            raise BuildError(f"msi-test: {what}")

    def runs() -> str:
        out = subprocess.run(
            [str(installed), "--version"], capture_output=True, text=True, timeout=120
        )
        check(out.returncode == 0 and version() in out.stdout, f"--version: {out.stdout.strip()}")
        return out.stdout.strip()

    msiexec(
        "install",
        "/i",
        str(msi),
        "SERVER_URL=http://ekc.example:8700",
        "IDLE_LOCK_MINUTES=7",
        "OFFER_SOUND=0",
    )
    check(installed.exists(), f"installed {installed}")
    runs()
    check(setting("server", "url") == "http://ekc.example:8700", "server url in HKLM")
    check(setting("session", "idle_lock_minutes") == "7", "idle lock minutes in HKLM")
    check(setting("sound", "offer") == "0", "offer sound off in HKLM")
    check(shortcut.exists(), f"Start-menu shortcut {shortcut}")
    check(products() == 1, "one entry in Add/Remove Programs")
    last = msi
    if upgrade is not None:
        last = upgrade.resolve()
        msiexec("upgrade", "/i", str(last))
        runs()
        check(products() == 1, "the upgrade replaced the old version (one entry)")
        check(setting("server", "url") == "http://ekc.example:8700", "server url kept")
        check(setting("session", "idle_lock_minutes") == "7", "idle lock kept")
        check(setting("sound", "offer") == "0", "offer sound setting kept")
    else:
        say("no --upgrade-to MSI given: the major upgrade is not tested")
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text("user data\n")
    msiexec("uninstall", "/x", str(last))
    check(not installed.exists(), "program files removed")
    check(not shortcut.exists(), "shortcut removed")
    check(setting("server", "url") is None, "settings removed with the product")
    check(products() == 0, "no entry left in Add/Remove Programs")
    check(marker.exists(), "user data kept by a plain uninstall")
    msiexec("install-again", "/i", str(msi))
    check(setting("session", "idle_lock_minutes") == "15", "idle lock defaults to 15 minutes")
    check(setting("sound", "offer") == "1", "offer sound on by default")
    check(setting("server", "url") in (None, ""), "no server url: the embedded demo")
    msiexec("uninstall-all", "/x", str(msi), "REMOVEUSERDATA=1")
    check(not installed.exists(), "program files removed")
    check(not user_data.exists(), "REMOVEUSERDATA=1 removed the user's data")
    say("msi-test passed")
