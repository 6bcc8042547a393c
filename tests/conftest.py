"""Shared fixtures: isolated directories, a real routing API per test on SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.api import OPEN_CLIENTS, OPEN_READERS, Client, RoutingServer
from tests.helpers.databases import SeededTemplate, pg_available

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads or writes the real user's settings, data or keyring."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("HOME", ""),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("ROUTING_API_DATA_DIR", str(home / "routing-api"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")


@pytest.fixture(autouse=True)
def _close_helper_clients() -> Iterator[None]:
    """Close the helper clients a test left open (their sockets would warn in a later test)."""
    yield
    for client in list(OPEN_CLIENTS):
        client.close()
    for reader in list(OPEN_READERS):
        with contextlib.suppress(Exception):  # the test's own failure is what matters
            reader.cut()


_templates: dict[str, SeededTemplate] = {}


@pytest.fixture(scope="session")
def _workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("routing")


def template(backend: str, workdir: Path) -> SeededTemplate:
    if backend == "postgresql":
        reason = pg_available()
        if reason:
            if IN_CI:
                pytest.fail(f"CI=true requires PostgreSQL: {reason}")
            pytest.skip(reason)
    if backend not in _templates:
        tpl = SeededTemplate(backend, workdir)
        tpl.build()
        _templates[backend] = tpl
    return _templates[backend]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    for tpl in _templates.values():
        tpl.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, _workdir: Path) -> Iterator[str]:
    tpl = template(backend, _workdir)
    url = tpl.fresh()
    yield url
    tpl.drop(url)


@pytest.fixture
def server_args() -> tuple[str, ...]:
    """Extra `routing-api serve` flags; a test module overrides this fixture to tune timers."""
    return (
        "--offer-timeout",
        "20",
        "--acw",
        "30",
        "--presence-grace",
        "30",
        "--redirect-after",
        "0",
    )


@pytest.fixture
def api(database_url: str, tmp_path: Path, server_args: tuple[str, ...]) -> Iterator[RoutingServer]:
    """A fresh, demo-seeded routing API on a free loopback port (virtual clock)."""
    server = RoutingServer(database_url, tmp_path / "routing-api.log", *server_args).start()
    yield server
    server.stop()


@pytest.fixture
def clients(api: RoutingServer) -> Iterator[dict[str, Client]]:
    """Logged-in clients by demo username, created on first use."""
    made: dict[str, Client] = {}

    class Lazy(dict[str, Client]):
        def __missing__(self, username: str) -> Client:
            made[username] = api.client(username)
            self[username] = made[username]
            return made[username]

    yield Lazy()
    for client in made.values():
        client.close()
