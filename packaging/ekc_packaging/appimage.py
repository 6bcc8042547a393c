"""The AppDir around the bundle, and the .AppImage when appimagetool is installed."""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from ekc_packaging.common import (
    APP_ID,
    APPDIR,
    DIST,
    ICON_SVG,
    NAME,
    PACKAGING,
    BuildError,
    run,
    say,
    size_text,
    version,
)
from ekc_packaging.icons import icons

APPIMAGETOOL_URL = (
    "https://github.com/AppImage/appimagetool/releases/download/continuous/"
    "appimagetool-x86_64.AppImage"
)


def metainfo_with_release(source: Path, ver: str) -> bytes:
    """The AppStream file, with a <release> for the version being built if it has none."""
    tree = ET.parse(source)
    releases = tree.getroot().find("releases")
    if releases is None:
        releases = ET.SubElement(tree.getroot(), "releases")
    if not any(r.get("version") == ver for r in releases.findall("release")):
        release = ET.Element("release", version=ver, date=dt.date.today().isoformat())
        releases.insert(0, release)
    ET.indent(tree)
    body: bytes = ET.tostring(tree.getroot(), encoding="utf-8")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


def build_appdir(bundle: Path) -> Path:
    """The AppDir: AppRun, the .desktop file and icons at the top, the bundle in usr/lib."""
    src = PACKAGING / "appimage"
    if APPDIR.exists():
        shutil.rmtree(APPDIR)
    lib = APPDIR / "usr" / "lib" / NAME
    try:  # hard links: the AppDir costs no second copy of the bundle's 300 MB
        shutil.copytree(bundle, lib, symlinks=True, copy_function=os.link)
    except OSError:
        shutil.rmtree(lib, ignore_errors=True)
        shutil.copytree(bundle, lib, symlinks=True)
    shutil.copy2(src / "AppRun", APPDIR / "AppRun")
    (APPDIR / "AppRun").chmod(0o755)
    desktop = src / f"{APP_ID}.desktop"
    for dest in (APPDIR, APPDIR / "usr" / "share" / "applications"):
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copy2(desktop, dest / desktop.name)
    pngs, _ = icons()
    hicolor = APPDIR / "usr" / "share" / "icons" / "hicolor"
    for size, png in pngs.items():
        target = hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(png, target)
    scalable = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ICON_SVG, scalable)
    shutil.copy2(pngs[256], APPDIR / f"{APP_ID}.png")
    (APPDIR / ".DirIcon").symlink_to(f"{APP_ID}.png")
    usr_bin = APPDIR / "usr" / "bin"
    usr_bin.mkdir(parents=True)
    (usr_bin / NAME).symlink_to(f"../lib/{NAME}/{NAME}")
    metainfo = APPDIR / "usr" / "share" / "metainfo" / f"{APP_ID}.appdata.xml"
    metainfo.parent.mkdir(parents=True)
    metainfo.write_bytes(metainfo_with_release(src / f"{APP_ID}.appdata.xml", version()))
    validate_appdir(APPDIR)
    say(f"AppDir ready: {APPDIR} ({size_text(APPDIR)})")
    return APPDIR


def validate_appdir(appdir: Path) -> None:
    """desktop-file-validate and appstreamcli when installed (appimagetool runs them too)."""
    desktop = appdir / f"{APP_ID}.desktop"
    checks = [
        ("desktop-file-validate", [str(desktop)], "desktop-file-utils"),
        ("appstreamcli", ["validate-tree", "--no-net", str(appdir)], "appstream"),
    ]
    for tool, args, package in checks:
        if shutil.which(tool) is None:
            say(f"{tool} not installed (Debian package {package}): that check is skipped")
            continue
        run([tool, *args])


def build_appimage(appdir: Path, require_tool: bool) -> Path | None:
    tool = shutil.which("appimagetool")
    arch = platform.machine() or "x86_64"
    out = DIST / f"{NAME}-{version()}-{arch}.AppImage"
    if tool is None:
        message = (
            "appimagetool is not on PATH, so no .AppImage was made; the AppDir "
            f"{appdir} is complete and is what the smoke test runs. To make the AppImage, "
            f"download {APPIMAGETOOL_URL}, `chmod +x` it, put it on PATH as `appimagetool` "
            "(without FUSE, also set APPIMAGE_EXTRACT_AND_RUN=1) and run this command again."
        )
        if require_tool:
            raise BuildError(message)
        say(message)
        return None
    out.unlink(missing_ok=True)
    env = {**os.environ, "ARCH": arch, "VERSION": version()}
    run([tool, appdir, out], env=env)
    out.chmod(0o755)
    say(f"AppImage: {out} ({size_text(out)})")
    return out
