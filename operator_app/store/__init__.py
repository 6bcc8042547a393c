"""The workstation's local SQLite cache: KB index, feed cursors, outbox and drafts (no Qt)."""

from __future__ import annotations

from operator_app.store.crypto import AesGcmCipher, Cipher
from operator_app.store.cursors import Cursors
from operator_app.store.db import LocalStore
from operator_app.store.drafts import Drafts
from operator_app.store.errors import (
    KbFeedError,
    KbImportError,
    StoreCryptoError,
    StoreError,
    StoreVersionError,
)
from operator_app.store.kb import FEED_CURSOR, KbStore
from operator_app.store.outbox import Outbox, OutboxEntry, OutboxState
from operator_app.store.schema import MIGRATIONS, SCHEMA_VERSION, Migration

__all__ = [
    "FEED_CURSOR",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "AesGcmCipher",
    "Cipher",
    "Cursors",
    "Drafts",
    "KbFeedError",
    "KbImportError",
    "KbStore",
    "LocalStore",
    "Migration",
    "Outbox",
    "OutboxEntry",
    "OutboxState",
    "StoreCryptoError",
    "StoreError",
    "StoreVersionError",
]
