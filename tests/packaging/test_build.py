"""The packaged workstation: the recipes are well-formed (fast), and the frozen bundle and its
AppDir are built (or reused while their inputs are unchanged) and smoke-tested (slow).

The slow test runs exactly what CI's packaging workflow runs: `scripts/build_package.py`
`bundle`, `smoke dist/ekc-workstation` and `appimage` (which builds the AppDir and
smoke-tests it; appimagetool itself is only on the CI runner). A cold build takes one to two
minutes on two cores; a warm one only the smoke tests, about half a minute.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "build_package.py"
APPIMAGE = ROOT / "packaging" / "appimage"
WXS = ROOT / "packaging" / "windows" / "ekc-workstation.wxs"
WORKFLOWS = ROOT / ".github" / "workflows"
APP_ID = "ru.ekc.workstation"
WIX = "{http://schemas.microsoft.com/wix/2006/wi}"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
#: the MSI's identity across versions: changing it breaks upgrades of installed workstations
UPGRADE_CODE = "{1ED4E1F8-EA5F-4A45-9C68-256925216EB9}"


def build_package(*args: str, timeout: float) -> str:
    """Run scripts/build_package.py; its output, or a failure showing the end of it."""
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"build_package.py {' '.join(args)} failed:\n{output[-6000:]}"
    return output


def workflow(name: str) -> dict[Any, Any]:
    yaml = pytest.importorskip("yaml")
    doc = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    return doc


def run_lines(doc: dict[Any, Any]) -> str:
    return "\n".join(
        str(step.get("run", ""))
        for job in doc["jobs"].values()
        for step in job["steps"]
        if isinstance(step, dict)
    )


@pytest.mark.parametrize("name", ["package-linux.yml", "package-windows.yml"])
def test_workflow_parses(name: str) -> None:
    doc = workflow(name)
    triggers = doc.get("on", doc.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers and "pull_request" in triggers
    assert doc["jobs"], "no jobs"
    for job_name, job in doc["jobs"].items():
        assert isinstance(job.get("runs-on"), str), job_name
        assert job.get("timeout-minutes"), f"{job_name}: no timeout"
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), f"{job_name}: {step}"
    commands = run_lines(doc)
    assert "build_package.py bundle" in commands
    assert "build_package.py smoke" in commands


def test_linux_workflow_makes_and_tests_a_real_appimage() -> None:
    doc = workflow("package-linux.yml")
    job = doc["jobs"]["appimage"]
    assert job["runs-on"].startswith("ubuntu-")
    assert job["env"]["APPIMAGE_EXTRACT_AND_RUN"] == "1"
    commands = run_lines(doc)
    assert "appimagetool" in commands
    assert "build_package.py appimage --require-appimagetool" in commands
    assert "xvfb" in commands


def test_windows_workflow_builds_and_installs_the_msi() -> None:
    doc = workflow("package-windows.yml")
    assert doc["jobs"]["msi"]["runs-on"].startswith("windows-")
    commands = run_lines(doc)
    assert "build_package.py msi" in commands
    assert "build_package.py msi-test" in commands
    assert "wix" in commands


def test_desktop_entry_has_the_required_keys() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(APPIMAGE / f"{APP_ID}.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] and entry["Name[ru]"] and entry["Name"] != entry["Name[ru]"]
    assert any("\u0400" <= ch <= "\u04ff" for ch in entry["Name[ru]"]), "Name[ru] is not Russian"
    assert entry["Exec"].split()[0] == "ekc-workstation"  # appimagetool requires the binary's name
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")
    assert (ROOT / "packaging" / "icons" / "ekc-workstation.svg").exists()


def test_appstream_metadata_matches_the_desktop_entry() -> None:
    root = ET.parse(APPIMAGE / f"{APP_ID}.appdata.xml").getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    names = {n.get("{http://www.w3.org/XML/1998/namespace}lang"): n.text for n in root.iter("name")}
    assert names.get(None) and names.get("ru")


def test_apprun_runs_the_bundle() -> None:
    apprun = APPIMAGE / "AppRun"
    assert os.access(apprun, os.X_OK) or sys.platform == "win32"
    text = apprun.read_text(encoding="utf-8")
    assert text.startswith("#!/bin/sh")
    assert 'exec "$HERE/usr/lib/ekc-workstation/ekc-workstation" "$@"' in text


def test_wix_source_declares_the_install_contract() -> None:
    root = ET.parse(WXS).getroot()
    product = root.find(WIX + "Product")
    assert product is not None
    assert product.get("UpgradeCode") == UPGRADE_CODE
    package = product.find(WIX + "Package")
    assert package is not None and package.get("InstallScope") == "perMachine"
    assert product.find(WIX + "MajorUpgrade") is not None
    properties = {p.get("Id") for p in product.iter(WIX + "Property")}
    assert {"SERVER_URL", "IDLE_LOCK_MINUTES", "REMOVEUSERDATA"} <= properties
    shortcut = next(product.iter(WIX + "Shortcut"))
    assert shortcut.get("Target", "").endswith("ekc-workstation.exe")


def test_wix_source_builds_with_wixl() -> None:
    """The same source, compiled by wixl over placeholder files and its tables read back."""
    missing = [tool for tool in ("wixl", "msiinfo") if shutil.which(tool) is None]
    if missing:
        reason = f"{', '.join(missing)} not installed (Debian packages wixl, msitools)"
        if IN_CI:
            pytest.fail(f"CI=true requires {reason}")
        pytest.skip(reason)
    pytest.importorskip("PySide6.QtSvg")  # draws the icon the MSI embeds
    output = build_package("msi-check", timeout=300)
    assert "FAIL" not in output


@pytest.mark.slow
@pytest.mark.timeout(900)  # a cold build waits for the lock if another run is building
def test_frozen_workstation_starts_the_demo_and_quits_cleanly() -> None:
    if sys.platform != "linux":
        pytest.skip("the smoke test runs under Xvfb; Windows has its own workflow")
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        if IN_CI:
            pytest.fail("CI=true requires PyInstaller (the dev extra in pyproject.toml)")
        pytest.skip("PyInstaller is not installed (pip install pyinstaller)")
    if shutil.which("xvfb-run") is None:
        if IN_CI:
            pytest.fail("CI=true requires xvfb-run (Debian package xvfb)")
        pytest.skip("xvfb-run not installed (Debian package xvfb)")
    build_package("bundle", timeout=840)
    smoke = build_package("smoke", "dist/ekc-workstation", timeout=300)
    assert "SIGTERM → exit 0" in smoke and "no process left" in smoke
    appdir = build_package("appimage", timeout=600)
    assert "AppDir ready" in appdir
    assert "smoke test passed" in appdir and "ekc-workstation.AppDir" in appdir
