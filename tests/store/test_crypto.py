"""AES-GCM tokens: round trip, fresh nonces, and typed failure on anything wrong."""

from __future__ import annotations

import pytest

from operator_app.store import AesGcmCipher, StoreCryptoError


def test_round_trip_and_fresh_nonce(cipher: AesGcmCipher) -> None:
    text = "Паспорт 4510 123456, прописка Тверская 1".encode()
    first, second = cipher.encrypt(text), cipher.encrypt(text)
    assert first != second  # a random nonce per message
    assert text not in first
    assert cipher.decrypt(first) == cipher.decrypt(second) == text


def test_wrong_key_raises(cipher: AesGcmCipher) -> None:
    token = cipher.encrypt(b"secret")
    with pytest.raises(StoreCryptoError) as caught:
        AesGcmCipher(AesGcmCipher.generate_key()).decrypt(token)
    assert "расшифровать" in caught.value.message_ru


@pytest.mark.parametrize("position", [0, 5, 20, -1])
def test_any_tampering_raises(cipher: AesGcmCipher, position: int) -> None:
    token = bytearray(cipher.encrypt(b"secret text"))
    token[position] ^= 0x01
    with pytest.raises(StoreCryptoError):
        cipher.decrypt(bytes(token))


def test_truncated_token_raises(cipher: AesGcmCipher) -> None:
    with pytest.raises(StoreCryptoError, match="too short"):
        cipher.decrypt(cipher.encrypt(b"")[:20])


def test_key_must_be_32_bytes() -> None:
    assert len(AesGcmCipher.generate_key()) == 32
    with pytest.raises(ValueError, match="32 bytes"):
        AesGcmCipher(b"short")
    assert "hidden" in repr(AesGcmCipher(AesGcmCipher.generate_key()))
