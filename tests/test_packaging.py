"""The built wheel carries everything the code finds through importlib.resources and Alembic.

The wheel is installed with `pip --target` and probed by an interpreter that cannot see the
checkout: `-I -S` (no cwd, no PYTHON* variables, no site-packages and so none of its .pth
files, which is where the editable install's finder lives); the probe puts the installed copy
first on sys.path and the dev venv's site-packages after it for third-party dependencies.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: what a source distribution would carry: the build inputs and the packaged folders
SOURCES = (
    "pyproject.toml",
    "setup.py",
    "README.md",
    "routing_api",
    "operator_app",
    "resources",
    "ui",
)
RESOURCES = (
    "categories.json",
    "regions.json",
    "dispositions.json",
    "reason_codes.json",
    "kb/articles.jsonl",
    "search/synonyms.json",
)

PROBE = r"""
import json, sys
site, deps = sys.argv[1], sys.argv[2:]
sys.path[:0] = [site, *deps]
from importlib.resources import files
from pathlib import Path

report = {"sys_path_head": sys.path[:2]}
res = files("ekc_resources")
report["ekc_resources"] = str(res)
report["resources"] = {name: (res / name).is_file() for name in RESOURCES}

import ekc_forms
report["ekc_forms"] = ekc_forms.__file__

import routing_api
from routing_api.catalog import catalog
cat = catalog()
report["routing_api"] = routing_api.__file__
report["catalog"] = {"categories": len(cat.categories), "regions": len(cat.regions),
                     "dispositions": len(cat.dispositions)}

from routing_api.db import migrate
versions = Path(migrate.MIGRATIONS) / "versions"
report["migrations_dir"] = str(migrate.MIGRATIONS)
report["migration_scripts"] = sorted(p.name for p in versions.glob("*.py"))
try:
    report["heads"] = migrate.heads()
except Exception as exc:
    report["heads"] = f"{type(exc).__name__}: {exc}"

from routing_api.db.engine import Database
db = Database("sqlite:///" + str(Path("probe.sqlite3").resolve()))  # cwd: a scratch dir
try:
    migrate.upgrade(db)
    report["upgraded_to"] = migrate.current_revision(db)
except Exception as exc:
    report["upgraded_to"] = f"{type(exc).__name__}: {exc}"
finally:
    db.dispose()

from routing_api.seed import load_articles
report["articles"] = len(load_articles())
print(json.dumps(report))
"""


def _under(path: str, root: Path) -> bool:
    return Path(path).resolve().is_relative_to(root.resolve())


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Build the wheel from a copy of the sources, install it with --target, probe it."""
    work = tmp_path_factory.mktemp("packaging")
    src = work / "src"
    src.mkdir()
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build", "dist")
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=skip)
        elif path.exists():
            shutil.copy2(path, src / name)
    # a copy: the build leaves build/ and *.egg-info behind, and a stale build/ in the
    # checkout could hand the wheel files that no longer exist in the sources
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(work / "dist"),
        ],
        cwd=src,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, f"wheel build failed:\n{built.stdout[-3000:]}\n{built.stderr}"
    wheels = list((work / "dist").glob("*.whl"))
    assert len(wheels) == 1, wheels

    site = work / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--disable-pip-version-check",
            "--target",
            str(site),
            str(wheels[0]),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    deps = list(dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]))
    outside = work / "elsewhere"
    outside.mkdir()
    probe = f"RESOURCES = {RESOURCES!r}\n{PROBE}"
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", probe, str(site), *deps],
        cwd=outside,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"probe failed:\n{done.stderr[-5000:]}"
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    report["site"] = str(site)
    return report


pytestmark = pytest.mark.slow


def test_the_installed_copy_answers_not_the_checkout(installed: dict[str, Any]) -> None:
    site = Path(installed["site"])
    assert installed["sys_path_head"][0] == str(site)
    for key in ("ekc_resources", "ekc_forms", "routing_api", "migrations_dir"):
        assert _under(installed[key], site), f"{key} came from {installed[key]}, not the wheel"
        assert not _under(installed[key], ROOT), f"{key} came from the checkout"


def test_resources_ship(installed: dict[str, Any]) -> None:
    missing = [name for name, present in installed["resources"].items() if not present]
    assert not missing, f"not in the wheel: {missing}"
    assert installed["articles"] == 386


def test_catalog_loads_from_the_installed_copy(installed: dict[str, Any]) -> None:
    counts = installed["catalog"]
    assert counts["categories"] > 0
    assert counts["regions"] >= 85
    assert counts["dispositions"] > 0


def test_migrations_ship(installed: dict[str, Any]) -> None:
    in_checkout = sorted(p.name for p in (ROOT / "routing_api/migrations/versions").glob("*.py"))
    assert in_checkout, "the checkout has no migrations?"
    assert installed["migration_scripts"] == in_checkout
    heads = installed["heads"]
    assert isinstance(heads, list), heads
    assert len(heads) == 1
    assert installed["upgraded_to"] == heads[0]
