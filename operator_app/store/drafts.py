"""What the operator has typed but not sent, per contact and field, stored only encrypted."""

from __future__ import annotations

from operator_app.store.crypto import Cipher
from operator_app.store.db import LocalStore


class Drafts:
    """Crash-proof drafts: each save is its own committed transaction."""

    def __init__(self, store: LocalStore, cipher: Cipher) -> None:
        self._store = store
        self._cipher = cipher

    def save(self, contact_id: int, field: str, text: str) -> None:
        """Upsert one field's draft; an empty text removes it."""
        if not text:
            with self._store.write() as db:
                db.execute(
                    "DELETE FROM drafts WHERE contact_id = ? AND field = ?", [contact_id, field]
                )
            return
        sealed = self._cipher.encrypt(text.encode("utf-8"))
        with self._store.write() as db:
            db.table("drafts").upsert(
                {
                    "contact_id": contact_id,
                    "field": field,
                    "body": sealed,
                    "updated_at": self._store.now(),
                },
                pk=("contact_id", "field"),
            )

    def load(self, contact_id: int) -> dict[str, str]:
        """Every saved field of a contact's drafts, decrypted."""
        with self._store.read() as db:
            rows = db.execute(
                "SELECT field, body FROM drafts WHERE contact_id = ? ORDER BY field", [contact_id]
            ).fetchall()
        return {field: self._cipher.decrypt(body).decode("utf-8") for field, body in rows}

    def contacts_with_drafts(self) -> list[int]:
        with self._store.read() as db:
            rows = db.execute(
                "SELECT DISTINCT contact_id FROM drafts ORDER BY contact_id"
            ).fetchall()
        return [int(contact_id) for (contact_id,) in rows]

    def delete(self, contact_id: int) -> None:
        with self._store.write() as db:
            db.execute("DELETE FROM drafts WHERE contact_id = ?", [contact_id])

    def delete_all(self) -> None:
        """Forget every draft (logout, wipe)."""
        with self._store.write() as db:
            db.execute("DELETE FROM drafts")
