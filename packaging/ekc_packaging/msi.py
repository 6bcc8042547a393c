"""The MSI: the bundle harvested into WiX components, built by WiX or checked by wixl."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from ekc_packaging.bundle import build_bundle
from ekc_packaging.common import (
    BUNDLE,
    DIST,
    NAME,
    WORK,
    WXS,
    BuildError,
    msi_version,
    run,
    say,
    size_text,
    version,
)
from ekc_packaging.icons import icons

WIX_NS = "http://schemas.microsoft.com/wix/2006/wi"
#: wixl (msitools) knows these attributes only in newer versions or not at all; real WiX
#: honours them, so their "no property named" warnings are expected in msi-check
WIXL_IGNORES = ("'Secure'", "'AllowSameVersionUpgrades'")


def _wix_id(prefix: str, rel: str) -> str:
    return prefix + hashlib.sha1(rel.encode()).hexdigest()[:20]


def harvest(bundle: Path, out: Path, relative_to: Path | None = None) -> int:
    """A WiX fragment with one component per file of the bundle: ComponentGroup BundleFiles.

    What WiX's heat does, in the subset wixl also reads; stable ids from the relative path,
    so the component GUIDs WiX derives stay the same from build to build. Sources are
    absolute, or relative to `relative_to` (wixl 0.101 cannot open absolute paths).
    """
    ET.register_namespace("", WIX_NS)
    q = f"{{{WIX_NS}}}"
    wix = ET.Element(q + "Wix")
    files_fragment = ET.SubElement(wix, q + "Fragment")
    root_ref = ET.SubElement(files_fragment, q + "DirectoryRef", Id="INSTALLDIR")
    group = ET.SubElement(ET.SubElement(wix, q + "Fragment"), q + "ComponentGroup")
    group.set("Id", "BundleFiles")
    dirs: dict[Path, ET.Element] = {Path("."): root_ref}

    def directory(rel: Path) -> ET.Element:
        if rel not in dirs:
            parent = directory(rel.parent)
            dirs[rel] = ET.SubElement(
                parent, q + "Directory", Id=_wix_id("d_", rel.as_posix()), Name=rel.name
            )
        return dirs[rel]

    count = 0
    for path in sorted(bundle.rglob("*")):
        if path.is_dir() and not path.is_symlink():
            continue
        rel = path.relative_to(bundle)
        key = rel.as_posix()
        component = ET.SubElement(
            directory(rel.parent), q + "Component", Id=_wix_id("c_", key), Guid="*"
        )
        component.set("Win64", "yes")
        ET.SubElement(
            component,
            q + "File",
            Id="WorkstationExe" if key == f"{NAME}.exe" else _wix_id("f_", key),
            Name=rel.name,
            Source=os.path.relpath(path, relative_to) if relative_to else str(path.resolve()),
            KeyPath="yes",
        )
        ET.SubElement(group, q + "ComponentRef", Id=component.get("Id", ""))
        count += 1
    ET.indent(wix)
    out.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(wix).write(out, encoding="utf-8", xml_declaration=True)
    return count


def placeholder_bundle(dest: Path) -> Path:
    """Files named as in a Windows bundle (mirroring dist/ when built) with dummy contents."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    names = ["_internal/python311.dll", "_internal/PySide6/plugins/platforms/qwindows.dll"]
    if BUNDLE.is_dir():
        names = [
            p.relative_to(BUNDLE).as_posix()
            for p in BUNDLE.rglob("*")
            if (p.is_file() or p.is_symlink()) and p.name != NAME
        ]
    for rel in [f"{NAME}.exe", *names]:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(f"placeholder for {rel}\n".encode())
    return dest


def msi_check() -> Path:
    """Compile the WiX source with wixl over placeholder files, then read the tables back."""
    wixl = shutil.which("wixl")
    if wixl is None:
        raise BuildError(
            "wixl is not installed: it is in the Debian package `wixl` (msitools): "
            "apt-get install wixl msitools"
        )
    work = WORK / "msi-check"
    bundle = placeholder_bundle(work / "bundle")
    count = harvest(bundle, work / "bundle-files.wxs", relative_to=work)
    _, ico = icons()
    shutil.copy2(ico, work / ico.name)
    shutil.copy2(WXS, work / WXS.name)
    out = work / f"{NAME}-check.msi"
    out.unlink(missing_ok=True)
    # wixl 0.101 opens sources relative to the current folder only: everything is in `work`
    cmd = [
        wixl,
        "--arch",
        "x64",
        "-D",
        f"Version={msi_version(version())}",
        "-D",
        f"IconFile={ico.name}",
        "-o",
        out.name,
        WXS.name,
        "bundle-files.wxs",
    ]
    print(f"+ (cd {work}) " + " ".join(cmd), flush=True)
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=work)
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    problems = [line for line in lines if not any(known in line for known in WIXL_IGNORES)]
    for line in problems:
        print(line)
    ignored = sorted({k for k in WIXL_IGNORES for line in lines if k in line})
    if ignored:
        say(f"wixl ignores {', '.join(ignored)} (unknown to wixl 0.101; WiX honours them)")
    if done.returncode != 0 or not out.exists() or problems:
        raise BuildError(f"wixl did not build {WXS.name} cleanly (exit {done.returncode})")
    say(f"wixl built {out.name} from {WXS.name} and {count} placeholder files")
    check_msi_tables(out, count)
    return out


def msi_table(path: Path, table: str) -> list[list[str]]:
    tool = shutil.which("msiinfo")
    if tool is None:
        raise BuildError("msiinfo is not installed (Debian package msitools)")
    text = subprocess.run(
        [tool, "export", str(path), table], capture_output=True, text=True, check=True
    ).stdout
    return [line.split("\t") for line in text.splitlines()[3:] if line]


def check_msi_tables(path: Path, files: int) -> None:
    """What the source promises, read back from the built database."""
    source = ET.parse(WXS).getroot()
    q = f"{{{WIX_NS}}}"
    product = source.find(q + "Product")
    assert product is not None
    upgrade_code = product.get("UpgradeCode", "").upper()
    props = dict((row[0], row[1] if len(row) > 1 else "") for row in msi_table(path, "Property"))
    failures = []

    def expect(ok: bool, what: str) -> None:
        print(f"  {'ok  ' if ok else 'FAIL'} {what}")
        if not ok:
            failures.append(what)

    expect(props.get("ALLUSERS") == "1", "per-machine install (ALLUSERS=1)")
    expect(props.get("UpgradeCode", "").upper() == upgrade_code, f"UpgradeCode {upgrade_code}")
    upgrades = msi_table(path, "Upgrade")
    expect(
        any(r[0].upper() == upgrade_code and r[-1] == "WIX_UPGRADE_DETECTED" for r in upgrades),
        "MajorUpgrade: older versions with the same UpgradeCode are removed",
    )
    execute = {row[0]: row for row in msi_table(path, "InstallExecuteSequence")}
    expect("RemoveExistingProducts" in execute, "RemoveExistingProducts is scheduled")
    shortcuts = msi_table(path, "Shortcut")
    expect(
        any(r[1] == "ProgramMenuFolder" and r[4].endswith(f"{NAME}.exe") for r in shortcuts),
        "Start-menu shortcut to the workstation",
    )
    registry = {(r[2], r[3]): r[4] for r in msi_table(path, "Registry")}
    expect(
        registry.get(("SOFTWARE\\EKC\\Workstation\\server", "url")) == "[SERVER_URL]",
        "SERVER_URL → HKLM\\SOFTWARE\\EKC\\Workstation\\server url",
    )
    expect(
        registry.get(("SOFTWARE\\EKC\\Workstation\\session", "idle_lock_minutes"))
        == "[IDLE_LOCK_MINUTES]",
        "IDLE_LOCK_MINUTES → HKLM\\SOFTWARE\\EKC\\Workstation\\session idle_lock_minutes",
    )
    expect(
        registry.get(("SOFTWARE\\EKC\\Workstation\\sound", "offer")) == "[OFFER_SOUND]",
        "OFFER_SOUND → HKLM\\SOFTWARE\\EKC\\Workstation\\sound offer",
    )
    remove = execute.get("RemoveUserData", [])
    expect(
        len(remove) > 2
        and "REMOVEUSERDATA" in remove[1]
        and "UPGRADINGPRODUCTCODE" in remove[1]
        and 1500 < int(remove[2]) < 6600,
        "user data removed only on uninstall with REMOVEUSERDATA=1, inside the install script",
    )
    actions = {row[0]: row for row in msi_table(path, "CustomAction")}
    expect(
        "RemoveUserData" in actions and int(actions["RemoveUserData"][1]) & 0x400 != 0,
        "RemoveUserData is deferred",
    )
    search = {row[0] for row in msi_table(path, "AppSearch")}
    expect(
        {"PREVIOUS_SERVER_URL", "PREVIOUS_IDLE_LOCK_MINUTES"} <= search,
        "settings kept across upgrades",
    )
    file_rows = msi_table(path, "File")
    expect(len(file_rows) == files, f"{files} bundle files, one component each")
    if failures:
        raise BuildError(
            "the MSI does not do what ekc-workstation.wxs says: " + "; ".join(failures)
        )


def find_wix() -> tuple[str, list[str]]:
    """('v4', [wix]) for the WiX .NET tool (v4 and later), ('v3', [candle, light]) for WiX 3."""
    wix = shutil.which("wix")
    if wix:
        return "v4", [wix]
    folders = [os.environ.get("WIX", "") + "bin", *os.environ.get("PATH", "").split(os.pathsep)]
    for folder in folders:
        candle, light = Path(folder, "candle.exe"), Path(folder, "light.exe")
        if candle.exists() and light.exists():
            return "v3", [str(candle), str(light)]
    raise BuildError(
        "WiX is not installed: `dotnet tool install --global wix --version 5.0.2` "
        "(or WiX 3.14 with candle.exe/light.exe, found through %WIX%)"
    )


def build_msi(product_version: str | None = None, output: Path | None = None) -> Path:
    """The MSI from the bundle. `product_version` "next" (one more in the last number) makes
    the later version that msi-test upgrades to."""
    bundle = build_bundle()
    ver = msi_version(version())
    if product_version == "next":
        major, minor, patch = (int(n) for n in ver.split("."))
        ver = f"{major}.{minor}.{patch + 1}"
    elif product_version:
        ver = msi_version(product_version)
    work = WORK / f"msi-{ver}"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    count = harvest(bundle, work / "bundle-files.wxs")
    _, ico = icons()
    out = (output or DIST / f"{NAME}-{ver}-x64.msi").resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    main = work / WXS.name
    shutil.copy2(WXS, main)
    kind, tools = find_wix()
    defines = {"Version": ver, "IconFile": str(ico)}
    started = time.monotonic()
    if kind == "v4":
        wix = tools[0]
        for source in (main, work / "bundle-files.wxs"):
            # WiX 4+ reads v4 syntax; `wix convert` rewrites the v3 source (kept v3 for wixl)
            # in place and exits non-zero when it changed something, so its code is no verdict
            print(f"+ {wix} convert {source}", flush=True)
            subprocess.call([wix, "convert", str(source)])
        cmd = [wix, "build", "-arch", "x64", "-o", str(out)]
        for key, value in defines.items():
            cmd += ["-d", f"{key}={value}"]
        run([*cmd, main, work / "bundle-files.wxs"])
    else:
        candle, light = tools
        defs = [f"-d{key}={value}" for key, value in defines.items()]
        sources = [main, work / "bundle-files.wxs"]
        run([candle, "-nologo", "-arch", "x64", *defs, "-out", f"{work}{os.sep}", *sources])
        run(
            [
                light,
                "-nologo",
                "-spdb",
                "-out",
                out,
                *(work / (s.stem + ".wixobj") for s in sources),
            ]
        )
    if not out.exists():
        raise BuildError(f"WiX finished but {out} is missing")
    say(
        f"MSI ({kind}, {count} files) in {time.monotonic() - started:.0f} s: "
        f"{out} ({size_text(out)})"
    )
    return out


def product_name() -> str:
    product = ET.parse(WXS).getroot().find(f"{{{WIX_NS}}}Product")
    assert product is not None
    return product.get("Name", "")
