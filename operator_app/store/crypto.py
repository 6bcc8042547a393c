"""Encryption of what the store must not keep in clear: drafts and outbox bodies."""

from __future__ import annotations

import os
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from operator_app.store.errors import StoreCryptoError

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
#: first byte of every token: the format, so the scheme can change without guessing
FORMAT_V1 = b"\x01"


class Cipher(Protocol):
    """Turns plaintext into an authenticated token and back; never returns garbage."""

    def encrypt(self, plaintext: bytes) -> bytes: ...

    def decrypt(self, token: bytes) -> bytes: ...


class AesGcmCipher:
    """AES-256-GCM: token = format byte + random 96-bit nonce + ciphertext and tag."""

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ValueError(f"key must be {KEY_BYTES} bytes, got {len(key)}")
        self._aead = AESGCM(key)

    def __repr__(self) -> str:
        return "AesGcmCipher(<key hidden>)"

    @staticmethod
    def generate_key() -> bytes:
        """A new random 256-bit key (keep it in the OS keyring, never in a file)."""
        return AESGCM.generate_key(bit_length=KEY_BYTES * 8)

    def encrypt(self, plaintext: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return FORMAT_V1 + nonce + self._aead.encrypt(nonce, plaintext, FORMAT_V1)

    def decrypt(self, token: bytes) -> bytes:
        if len(token) < 1 + NONCE_BYTES + TAG_BYTES:
            raise StoreCryptoError("token too short")
        if token[:1] != FORMAT_V1:
            raise StoreCryptoError(f"unknown token format {token[0]}")
        nonce = token[1 : 1 + NONCE_BYTES]
        try:
            return self._aead.decrypt(nonce, token[1 + NONCE_BYTES :], FORMAT_V1)
        except InvalidTag:
            raise StoreCryptoError("authentication failed") from None
