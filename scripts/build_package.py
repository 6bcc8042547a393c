#!/usr/bin/env python3
"""Build, package and smoke-test the frozen workstation (build.spec → AppImage / MSI).

    python scripts/build_package.py bundle [--force]     PyInstaller one-folder bundle
    python scripts/build_package.py appimage             AppDir (+ .AppImage with appimagetool)
    python scripts/build_package.py smoke DIR|FILE       run the frozen binary and quit it
    python scripts/build_package.py msi-check            compile the WiX source with wixl
    python scripts/build_package.py msi                  the real MSI (Windows, WiX)
    python scripts/build_package.py msi-test FILE.msi    install, upgrade, uninstall (Windows)

Run it with the project's virtualenv (`.venv/bin/python`): PyInstaller analyses the
interpreter that runs it, and the icons are drawn with its PySide6. Outputs go to dist/,
intermediates to build/package/. As qutebrowser's build_release.py, the smoke test starts the
frozen binary for real: `--version`, then the embedded demo under Xvfb until its routing API
is ready, then SIGTERM, and no process of it may be left. The steps live in
packaging/ekc_packaging/.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "packaging"))

from ekc_packaging.appimage import build_appdir, build_appimage
from ekc_packaging.bundle import build_bundle
from ekc_packaging.common import BuildError, locked, say
from ekc_packaging.msi import build_msi, msi_check
from ekc_packaging.msi_test import msi_test
from ekc_packaging.smoke import smoke


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("bundle", help="PyInstaller one-folder bundle in dist/ekc-workstation")
    b.add_argument("--force", action="store_true", help="rebuild even if the inputs are unchanged")
    a = sub.add_parser("appimage", help="AppDir, and the .AppImage when appimagetool is on PATH")
    a.add_argument("--require-appimagetool", action="store_true", help="fail without it (CI)")
    a.add_argument("--no-smoke", action="store_true", help="skip smoke-testing the results")
    s = sub.add_parser("smoke", help="run a bundle, AppDir or AppImage and quit it cleanly")
    s.add_argument("target", type=Path)
    s.add_argument("--seconds", type=float, default=10.0, help="keep it running this long")
    s.add_argument("--lang", choices=("ru", "en"), default="ru", help="the UI language to run")
    sub.add_parser("msi-check", help="build the WiX source with wixl over placeholder files")
    m = sub.add_parser("msi", help="build the MSI with WiX (Windows)")
    m.add_argument(
        "--product-version", help='x.y.z, or "next": a later version for the upgrade test'
    )
    m.add_argument("--output", type=Path, help="where to write it (default: dist/)")
    t = sub.add_parser("msi-test", help="install, check and uninstall an MSI (Windows, admin)")
    t.add_argument("msi", type=Path)
    t.add_argument("--upgrade-to", type=Path, help="a later version's MSI: test the upgrade")
    ns = parser.parse_args(argv)
    try:
        with locked():
            if ns.command == "bundle":
                build_bundle(force=ns.force)
            elif ns.command == "appimage":
                appdir = build_appdir(build_bundle())
                image = build_appimage(appdir, ns.require_appimagetool)
                if not ns.no_smoke:  # in English: the translation must load from the bundle
                    smoke(appdir, lang="en")
                    if image is not None:
                        smoke(image, lang="en")
            elif ns.command == "smoke":
                smoke(ns.target, ns.seconds, ns.lang)
            elif ns.command == "msi-check":
                msi_check()
            elif ns.command == "msi":
                build_msi(ns.product_version, ns.output)
            elif ns.command == "msi-test":
                msi_test(ns.msi, ns.upgrade_to)
    except BuildError as exc:
        say(f"FAILED: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
