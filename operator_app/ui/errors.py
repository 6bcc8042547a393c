"""Errors in words an operator understands: one place maps typed errors to messages."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from operator_app.store.errors import StoreError
from operator_app.sync.errors import SyncError


def describe(error: BaseException, language: str = "ru") -> str:
    if isinstance(error, SyncError | StoreError):
        return error.message_en if language == "en" else error.message_ru
    return QCoreApplication.translate(
        "Errors", "Непредвиденная ошибка: {0}. Сообщите администратору; данные сохранены."
    ).format(type(error).__name__)
