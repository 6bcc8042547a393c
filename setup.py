"""Package layout: the top-level resources/ and ui/ folders ship as package data.

DESIGN §7 keeps `resources/` (icons, themes, translations, demo data) and `ui/`
(Qt Designer forms) at the top of the tree; installed, they are the importable
packages `ekc_resources` and `ekc_forms`, so code finds them with
`importlib.resources` the same way from a checkout, a wheel or a frozen bundle.
Everything else is declared in pyproject.toml.
"""

from setuptools import find_packages, setup

DATA = ["*.json", "*.jsonl", "*.md", "*.qm", "*.ts", "*.qss", "*.svg", "*.png", "*.ico", "*.ui"]

setup(
    packages=[
        *find_packages(include=["routing_api", "routing_api.*", "operator_app", "operator_app.*"]),
        "ekc_resources",
        "ekc_forms",
    ],
    package_dir={"ekc_resources": "resources", "ekc_forms": "ui"},
    package_data={
        "ekc_resources": [
            pattern for sub in ("", "*/", "*/*/") for pattern in (sub + p for p in DATA)
        ],
        "ekc_forms": ["*.ui"],
        "routing_api": ["migrations/script.py.mako", "migrations/versions/*.py"],
    },
)
