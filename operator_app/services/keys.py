"""The key that encrypts drafts and the outbox at rest: kept in the OS keyring, or only in
memory (then unsent drafts do not survive a restart; the user is told)."""

from __future__ import annotations

import base64
import logging

from operator_app.store.crypto import AesGcmCipher
from operator_app.sync.tokens import TokenVault

log = logging.getLogger("services")

_memory_keys: dict[str, bytes] = {}


def store_key(vault: TokenVault, username: str) -> bytes:
    """This user's local encryption key (created on first use)."""
    if vault.secure:
        saved = vault.load(f"store-key:{username}")
        if saved:
            return base64.b64decode(saved)
        key = AesGcmCipher.generate_key()
        vault.save(f"store-key:{username}", base64.b64encode(key).decode())
        return key
    if username not in _memory_keys:
        _memory_keys[username] = AesGcmCipher.generate_key()
    return _memory_keys[username]
