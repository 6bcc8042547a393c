"""TokenVault: refresh tokens in the OS keyring only; memory only when no keyring is secure."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import chainer, fail, null
from keyring.errors import PasswordSetError

from operator_app.sync.client import ApiClient
from operator_app.sync.errors import AuthError
from operator_app.sync.tokens import SERVICE, TokenVault
from tests.sync.conftest import MemoryKeyring

MakeClient = Callable[..., ApiClient]


class PlaintextKeyring(MemoryKeyring):
    """Stands for keyrings.alt's file backends: works, but keeps secrets readable."""


class BrokenKeyring(MemoryKeyring):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise PasswordSetError("locked")


class EmptyChainer(chainer.ChainerBackend):
    backends = []  # noqa: RUF012


class MemoryChainer(chainer.ChainerBackend):
    backends = [MemoryKeyring()]  # noqa: RUF012


@pytest.fixture
def null_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    keyring.set_keyring(null.Keyring())
    yield
    keyring.set_keyring(before)


def test_a_secure_keyring_holds_the_token_and_nothing_else_does(
    memory_keyring: MemoryKeyring,
) -> None:
    vault = TokenVault()
    assert vault.secure and vault.reason_ru == ""
    vault.save("op1", "refresh-secret")
    assert memory_keyring.secrets == {(SERVICE, "op1"): "refresh-secret"}
    assert "refresh-secret" not in repr(vars(vault))
    assert TokenVault().load("op1") == "refresh-secret"  # outlives the vault
    vault.clear("op1")
    assert memory_keyring.secrets == {} and vault.load("op1") is None
    vault.clear("op1")  # clearing twice is harmless


def test_the_null_keyring_keeps_tokens_in_memory_and_says_why(null_keyring: None) -> None:
    vault = TokenVault()
    assert not vault.secure
    assert "войдите снова" in vault.reason_ru and "log in again" in vault.reason_en
    vault.save("op1", "refresh-secret")
    assert vault.load("op1") == "refresh-secret"
    assert TokenVault().load("op1") is None  # gone with the process, as promised


@pytest.mark.parametrize(
    "backend",
    [fail.Keyring(), null.Keyring(), EmptyChainer(), PlaintextKeyring()],
    ids=["fail", "null", "empty-chainer", "plaintext"],
)
def test_insecure_backends_are_detected(backend: keyring.backend.KeyringBackend) -> None:
    vault = TokenVault(backend=backend)
    assert not vault.secure and vault.reason_ru and vault.reason_en


def test_a_chainer_is_as_secure_as_its_first_backend() -> None:
    assert TokenVault(backend=MemoryChainer()).secure


def test_a_keyring_that_refuses_to_write_falls_back_to_memory() -> None:
    vault = TokenVault(backend=BrokenKeyring())
    vault.save("op1", "refresh-secret")
    assert not vault.secure and "отказало" in vault.reason_ru
    assert vault.load("op1") == "refresh-secret"


def test_a_session_restored_from_the_keyring_needs_no_password(
    memory_keyring: MemoryKeyring,
    make_client: MakeClient,
    caplog: pytest.LogCaptureFixture,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    caplog.set_level(logging.DEBUG)
    first = make_client(vault=TokenVault())
    first.login("op1", "demo")
    stored = memory_keyring.secrets[(SERVICE, "op1")]
    second = make_client(vault=TokenVault())
    user = second.restore_session("op1")
    assert user["username"] == "op1" and second.queue()["cursor"] >= 0
    # refresh tokens rotate: the keyring holds the new one
    assert memory_keyring.secrets[(SERVICE, "op1")] != stored
    second.logout()
    assert (SERVICE, "op1") not in memory_keyring.secrets
    with pytest.raises(AuthError):
        make_client(vault=TokenVault()).restore_session("op1")
    tokens = [stored, first.access_token() or "unset"]
    assert not any(t in record.getMessage() for record in caplog.records for t in tokens)
    home = Path(tmp_path_factory.getbasetemp())
    for path in home.rglob("*"):
        if path.is_file() and path.stat().st_size < 50_000_000:
            content = path.read_bytes()
            assert not any(t.encode() in content for t in tokens), path
