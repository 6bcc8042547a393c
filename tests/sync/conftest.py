"""Fixtures for the sync layer: ApiClients against the real routing API, an in-memory keyring."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from operator_app.sync.backoff import Backoff, RetryPolicy
from operator_app.sync.client import ApiClient
from tests.helpers.api import RoutingServer

#: quick retries so tests of failure paths stay short
FAST_RETRY = RetryPolicy(attempts=3, total_s=3.0, backoff=Backoff(base=0.05, cap=0.2))


class MemoryKeyring(KeyringBackend):
    """A secure-looking keyring that lives in memory (the test's stand-in for the OS store)."""

    priority = 10

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """The process keyring replaced by an in-memory one for the test."""
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def make_client(api: RoutingServer) -> Iterator[Callable[..., ApiClient]]:
    """ApiClients for the test's server, logged in when given a username; closed afterwards."""
    made: list[ApiClient] = []

    def make(username: str | None = None, **kwargs: object) -> ApiClient:
        client = ApiClient(api.url, **kwargs)  # type: ignore[arg-type]
        made.append(client)
        if username is not None:
            client.login(username, "demo")
        return client

    yield make
    for client in made:
        client.close()


def wait_until(condition: Callable[[], object], timeout: float = 15.0, what: str = "") -> None:
    """Poll `condition` until it holds (the stream runs on its own thread)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what or condition}")
