"""The refresh token's home: the OS keyring only, or memory when no secure keyring exists."""

from __future__ import annotations

import contextlib
import logging
import threading

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringError

log = logging.getLogger("sync")

SERVICE = "ekc-operator-app"

REASON_NONE_RU = (
    "Защищённое хранилище паролей системы недоступно. Вход не сохраняется: "
    "после перезапуска программы войдите снова."
)
REASON_NONE_EN = (
    "The system's secure password store is not available. The login is not kept: "
    "log in again after restarting the program."
)
REASON_PLAIN_RU = (
    "Хранилище паролей системы хранит данные в открытом виде. Вход не сохраняется: "
    "после перезапуска программы войдите снова. Обратитесь к администратору."
)
REASON_PLAIN_EN = (
    "The system's password store keeps data in plain files. The login is not kept: "
    "log in again after restarting the program. Tell the administrator."
)
REASON_FAILED_RU = (
    "Хранилище паролей системы отказало в записи. Вход не сохраняется: "
    "после перезапуска программы войдите снова."
)
REASON_FAILED_EN = (
    "The system's password store refused to save. The login is not kept: "
    "log in again after restarting the program."
)


def assess(backend: KeyringBackend) -> tuple[bool, str, str]:
    """Whether `backend` keeps secrets safely; if not, why (ru, en) for the user."""
    if isinstance(backend, fail.Keyring | null.Keyring):
        return False, REASON_NONE_RU, REASON_NONE_EN
    if isinstance(backend, chainer.ChainerBackend):
        # the chainer writes to its first usable backend
        usable = list(backend.backends)
        if not usable:
            return False, REASON_NONE_RU, REASON_NONE_EN
        return assess(usable[0])
    kind = f"{type(backend).__module__}.{type(backend).__qualname__}".lower()
    if kind.startswith("keyrings.alt") or "plaintext" in kind or ".file." in kind:
        return False, REASON_PLAIN_RU, REASON_PLAIN_EN
    return True, "", ""


class TokenVault:
    """Keeps refresh tokens by username; tells the UI when it cannot keep them securely."""

    def __init__(self, service: str = SERVICE, backend: KeyringBackend | None = None) -> None:
        self.service = service
        self._backend = backend if backend is not None else keyring.get_keyring()
        self.secure, self.reason_ru, self.reason_en = assess(self._backend)
        self._memory: dict[str, str] = {}
        self._lock = threading.Lock()
        if not self.secure:
            log.warning("no secure keyring (%s): tokens kept in memory only", _name(self._backend))

    @property
    def backend_name(self) -> str:
        """The keyring backend in use, as the About box names it."""
        return f"{type(self._backend).__module__}.{_name(self._backend)}"

    def save(self, username: str, token: str) -> None:
        with self._lock:
            if self.secure:
                try:
                    self._backend.set_password(self.service, username, token)
                    return
                except KeyringError as exc:
                    log.warning("keyring refused to save (%s); memory only", type(exc).__name__)
                    self.secure = False
                    self.reason_ru, self.reason_en = REASON_FAILED_RU, REASON_FAILED_EN
            self._memory[username] = token

    def load(self, username: str) -> str | None:
        with self._lock:
            if username in self._memory:
                return self._memory[username]
            if not self.secure:
                return None
            try:
                return self._backend.get_password(self.service, username)
            except KeyringError as exc:
                log.warning("keyring refused to read (%s)", type(exc).__name__)
                return None

    def clear(self, username: str) -> None:
        with self._lock:
            self._memory.pop(username, None)
            if not self.secure:
                return
            # nothing stored (PasswordDeleteError) or the keyring is gone: nothing to clear
            with contextlib.suppress(KeyringError):
                self._backend.delete_password(self.service, username)


def _name(backend: KeyringBackend) -> str:
    return type(backend).__qualname__
