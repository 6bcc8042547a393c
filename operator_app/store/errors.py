"""Typed errors of the local store, each with a Russian and an English message."""

from __future__ import annotations


class StoreError(Exception):
    """Base of every error the local store raises on purpose."""

    def __init__(self, message_ru: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_ru = message_ru
        self.message_en = message_en


class StoreVersionError(StoreError):
    """The database file was written by a newer, incompatible program version (or is unreadable)."""

    def __init__(self, found: str, supported: str, message_ru: str, message_en: str) -> None:
        super().__init__(message_ru, message_en)
        self.found = found
        self.supported = supported

    @classmethod
    def newer(cls, found: str, supported: str) -> StoreVersionError:
        return cls(
            found,
            supported,
            "База данных рабочего места создана более новой версией программы "
            f"(схема {found}, эта версия поддерживает {supported}). "
            "Обновите программу или обратитесь к администратору.",
            f"The workstation database was created by a newer version of the program "
            f"(schema {found}, this version supports {supported}). "
            "Update the program or contact your administrator.",
        )

    @classmethod
    def unreadable(cls, found: str, supported: str) -> StoreVersionError:
        return cls(
            found,
            supported,
            f"Версия схемы базы данных рабочего места не распознана: «{found}».",
            f"The workstation database schema version is not recognised: {found!r}.",
        )


class StoreCryptoError(StoreError):
    """Encrypted data could not be decrypted: wrong key, corruption or tampering."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "Не удалось расшифровать сохранённые данные (неверный ключ или данные повреждены).",
            "Stored data could not be decrypted (wrong key or corrupted data)"
            + (f": {detail}" if detail else "."),
        )


class KbImportError(StoreError):
    """A knowledge-base file has bad lines; nothing was imported."""

    #: how many bad lines the message lists (all of them are in `errors`)
    SHOWN = 10

    def __init__(self, path: str, errors: list[tuple[int, str]]) -> None:
        self.path = path
        self.errors = errors
        shown = "; ".join(f"{line}: {why}" for line, why in errors[: self.SHOWN])
        more = len(errors) - self.SHOWN
        tail_ru = f" и ещё {more}" if more > 0 else ""
        tail_en = f" and {more} more" if more > 0 else ""
        lines = ", ".join(str(line) for line, _ in errors[: self.SHOWN])
        super().__init__(
            f"Файл базы знаний {path} не импортирован: ошибки в строках {lines}{tail_ru}.",
            f"Knowledge-base file {path} not imported: bad lines {shown}{tail_en}.",
        )


class KbFeedError(StoreError):
    """An item of the routing API's /kb/changes feed is malformed; the batch was not applied."""

    def __init__(self, index: int, why: str) -> None:
        self.index = index
        super().__init__(
            f"Обновление базы знаний отклонено: элемент {index} некорректен ({why}).",
            f"Knowledge-base update rejected: item {index} is malformed ({why}).",
        )
