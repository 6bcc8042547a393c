"""Typed errors of the sync layer, each with a code and a message in Russian and English."""

from __future__ import annotations

from typing import Any, ClassVar


class SyncError(Exception):
    """Anything that went wrong talking to the routing API; safe to show to the user."""

    default_code: ClassVar[str] = "sync_error"
    default_ru: ClassVar[str] = "Ошибка обмена с сервером. Повторите действие."
    default_en: ClassVar[str] = "Error talking to the server; try again."

    def __init__(
        self,
        message_ru: str | None = None,
        message_en: str | None = None,
        *,
        code: str | None = None,
        status: int | None = None,
        details: Any = None,
        retry_after: float | None = None,
    ) -> None:
        self.code = code or self.default_code
        self.message_ru = message_ru or self.default_ru
        self.message_en = message_en or self.default_en
        self.status = status
        self.details = details
        #: seconds the server asked to wait (Retry-After), when it said
        self.retry_after = retry_after
        super().__init__(f"{self.code}: {self.message_en}")


class NetworkError(SyncError):
    """No connection, refused or timed out: the workstation is offline."""

    default_code = "offline"
    default_ru = (
        "Нет связи с сервером. Проверьте сеть; действия сохранены и будут отправлены "
        "после восстановления связи."
    )
    default_en = (
        "No connection to the server. Check the network; your actions are kept and "
        "will be sent once the connection is back."
    )


class ProtocolError(SyncError):
    """The reply was not what the API sends (not JSON, wrong shape): a proxy or a bug."""

    default_code = "bad_reply"
    default_ru = (
        "Сервер прислал некорректный ответ. Повторите позже; если ошибка повторяется, "
        "сообщите администратору."
    )
    default_en = (
        "The server sent a malformed reply. Retry later; if it keeps happening, "
        "tell the administrator."
    )


class AuthError(SyncError):
    """401: not logged in, wrong password or the session expired."""

    default_code = "unauthorized"
    default_ru = "Сессия истекла или вход не выполнен. Войдите снова."
    default_en = "The session has expired or you are not logged in; log in again."


class ForbiddenError(SyncError):
    """403: this user may not do this."""

    default_code = "forbidden"
    default_ru = "Недостаточно прав для этого действия."
    default_en = "You are not allowed to do this."


class NotFoundError(SyncError):
    """404: no such object (or endpoint)."""

    default_code = "not_found"
    default_ru = "Объект не найден."
    default_en = "Not found."


class ConflictError(SyncError):
    """409: illegal transition, lost race, request still in progress; see `code`."""

    default_code = "conflict"
    default_ru = "Действие невозможно в текущем состоянии обращения. Обновите данные."
    default_en = "Not possible in the contact's current state; refresh."


class InvalidError(SyncError):
    """422: the request was refused as invalid; `details` has the server's field list."""

    default_code = "invalid"
    default_ru = "Некорректные данные запроса."
    default_en = "Invalid request."


class ThrottledError(SyncError):
    """429: too many requests; `retry_after` seconds before trying again."""

    default_code = "throttled"
    default_ru = "Слишком много запросов. Повторите позже."
    default_en = "Too many requests; retry later."


class ServerError(SyncError):
    """5xx: the server (or a proxy in front of it) failed."""

    default_code = "server_error"
    default_ru = "Сервер временно недоступен. Повторите позже или сообщите администратору."
    default_en = "The server is temporarily unavailable; retry later or tell the administrator."


def for_status(status: int, body: Any, retry_after: float | None = None) -> SyncError:
    """The typed error for a non-2xx reply; the server's own wording when it sent any."""
    code = message_ru = message_en = None
    details = None
    if isinstance(body, dict):
        code = _text(body.get("code"))
        message_ru = _text(body.get("message_ru"))
        message_en = _text(body.get("message_en"))
        details = body.get("details")
    kind: type[SyncError]
    if status == 401:
        kind = AuthError
    elif status == 403:
        kind = ForbiddenError
    elif status == 404:
        kind = NotFoundError
    elif status == 409:
        kind = ConflictError
    elif status in (400, 422):
        kind = InvalidError
    elif status == 429:
        kind = ThrottledError
    elif status >= 500:
        kind = ServerError
    else:
        kind = ProtocolError
    return kind(
        message_ru, message_en, code=code, status=status, details=details, retry_after=retry_after
    )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
