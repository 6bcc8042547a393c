"""Drafts, and that nothing a citizen said is readable in the database file."""

from __future__ import annotations

from pathlib import Path

import pytest

from operator_app.store import AesGcmCipher, Drafts, LocalStore, Outbox, StoreCryptoError

PHRASE = "Иванова Мария Петровна, СНИЛС 112-233-445 95"


def test_save_load_upsert_and_delete(store: LocalStore, cipher: AesGcmCipher) -> None:
    drafts = Drafts(store, cipher)
    drafts.save(7, "reply", "Здравствуйте")
    drafts.save(7, "reply", "Здравствуйте, Мария")
    drafts.save(7, "note", "перезвонить")
    drafts.save(3, "reply", "Добрый день")
    assert drafts.load(7) == {"note": "перезвонить", "reply": "Здравствуйте, Мария"}
    assert drafts.contacts_with_drafts() == [3, 7]
    drafts.save(7, "note", "")  # an emptied field is no draft
    assert drafts.load(7) == {"reply": "Здравствуйте, Мария"}
    drafts.delete(7)
    assert drafts.load(7) == {}
    assert drafts.contacts_with_drafts() == [3]
    drafts.delete_all()
    assert drafts.contacts_with_drafts() == []


def file_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def test_drafts_and_outbox_bodies_are_not_in_the_file(db_path: Path, cipher: AesGcmCipher) -> None:
    needles = [PHRASE.encode("utf-8"), "Иванова".encode(), b"112-233-445"]
    with LocalStore(db_path) as store:
        Drafts(store, cipher).save(5, "reply", PHRASE)
        Outbox(store, cipher).add("POST", "/contacts/5/messages", {"text": PHRASE}, key="k")
        on_disk = file_bytes(db_path)  # the main file and the WAL, while open
        assert len(on_disk) > 0
        assert not any(n in on_disk for n in needles)
    on_disk = file_bytes(db_path)  # checkpointed on close
    assert not any(n in on_disk for n in needles)
    with LocalStore(db_path) as store:
        assert Drafts(store, cipher).load(5) == {"reply": PHRASE}
        assert Outbox(store, cipher).pending()[0].body == {"text": PHRASE}


def test_a_wrong_key_raises_instead_of_returning_garbage(
    store: LocalStore, cipher: AesGcmCipher
) -> None:
    Drafts(store, cipher).save(5, "reply", PHRASE)
    Outbox(store, cipher).add("POST", "/x", {"text": PHRASE})
    other = AesGcmCipher(AesGcmCipher.generate_key())
    with pytest.raises(StoreCryptoError):
        Drafts(store, other).load(5)
    with pytest.raises(StoreCryptoError):
        Outbox(store, other).pending()
