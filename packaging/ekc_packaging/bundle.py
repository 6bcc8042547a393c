"""The PyInstaller one-folder bundle (build.spec), rebuilt only when its inputs change."""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import sys
import time
from pathlib import Path

from ekc_packaging.common import (
    BUNDLE,
    DIST,
    EXE,
    NAME,
    ROOT,
    WINDOWS,
    WORK,
    BuildError,
    msi_version,
    run,
    say,
    size_text,
    version,
)
from ekc_packaging.icons import icons

#: what the frozen bundle is made of; a change to any of these means a rebuild
BUNDLE_INPUTS = (
    "build.spec",
    "setup.py",
    "pyproject.toml",
    "packaging/pyinstaller",
    "packaging/icons",
    "operator_app",
    "routing_api",
    "resources",
    "ui",
)
#: bump when the packaging code changes how the bundle is made
RECIPE = 1


def inputs_digest() -> str:
    """Hash of the sources, the interpreter and every installed distribution's version."""
    digest = hashlib.sha256(f"recipe {RECIPE}\n{sys.version}\n{sys.platform}\n".encode())
    for name in BUNDLE_INPUTS:
        base = ROOT / name
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for path in files:
            rel = path.relative_to(ROOT).as_posix()
            if "__pycache__" in rel or path.suffix in (".pyc", ".pyo"):
                continue
            digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    dists = sorted(
        f"{d.metadata['Name']}=={d.version}".lower()
        for d in importlib.metadata.distributions()
        if d.metadata["Name"]
    )
    digest.update("\n".join(dists).encode())
    return digest.hexdigest()


def windows_version_file(path: Path, ver: str) -> Path:
    """The version resource PyInstaller puts in the .exe (Explorer's file properties)."""
    parts = [int(n) for n in msi_version(ver).split(".")] + [0]
    text = f"""# -*- coding: utf-8 -*-
VSVersionInfo(
  ffi=FixedFileInfo(filevers={tuple(parts)}, prodvers={tuple(parts)}, mask=0x3f, flags=0x0,
                    OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('041904B0', [
      StringStruct('CompanyName', 'ЕКЦ'),
      StringStruct('FileDescription', 'АРМ оператора ЕКЦ'),
      StringStruct('FileVersion', '{ver}'),
      StringStruct('InternalName', '{NAME}'),
      StringStruct('OriginalFilename', '{EXE}'),
      StringStruct('ProductName', 'АРМ оператора ЕКЦ'),
      StringStruct('ProductVersion', '{ver}')])]),
    VarFileInfo([VarStruct('Translation', [0x0419, 1200])])
  ]
)
"""
    path.write_text(text, encoding="utf-8")
    return path


def build_bundle(force: bool = False) -> Path:
    """dist/ekc-workstation/ from build.spec; reused while its inputs are unchanged."""
    stamp = WORK / "bundle.inputs"
    binary = BUNDLE / EXE
    wanted = inputs_digest()
    if not force and binary.exists() and stamp.exists() and stamp.read_text().strip() == wanted:
        say(f"bundle up to date: {BUNDLE} (inputs unchanged; --force rebuilds)")
        return BUNDLE
    try:
        import PyInstaller  # noqa: F401
    except ImportError as exc:
        raise BuildError(
            "PyInstaller is not installed in this interpreter "
            f"({sys.executable}): `{sys.executable} -m pip install pyinstaller`"
        ) from exc
    stamp.unlink(missing_ok=True)
    _, ico = icons()
    env = {
        **os.environ,
        "EKC_BUNDLE_ICON": str(ico),
        # PyInstaller's cache in the build tree: stable across runs with a temporary HOME
        "PYINSTALLER_CONFIG_DIR": str(WORK / "pyinstaller-config"),
    }
    if WINDOWS:
        env["EKC_BUNDLE_VERSION_FILE"] = str(windows_version_file(WORK / "version.txt", version()))
    started = time.monotonic()
    run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            DIST,
            "--workpath",
            WORK / "pyinstaller",
            ROOT / "build.spec",
        ],
        cwd=ROOT,
        env=env,
    )
    if not binary.exists():
        raise BuildError(f"PyInstaller finished but {binary} is missing")
    stamp.write_text(wanted + "\n")
    say(f"bundle built in {time.monotonic() - started:.0f} s: {BUNDLE} ({size_text(BUNDLE)})")
    return BUNDLE
