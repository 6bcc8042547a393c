"""The API's typed errors: every one is JSON {code, message_ru, message_en}."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An error the client is meant to read; carries its HTTP status and both languages."""

    def __init__(
        self,
        status: int,
        code: str,
        message_ru: str,
        message_en: str,
        *,
        headers: dict[str, str] | None = None,
        details: Any = None,
    ) -> None:
        super().__init__(f"{status} {code}: {message_en}")
        self.status = status
        self.code = code
        self.message_ru = message_ru
        self.message_en = message_en
        self.headers = headers or {}
        self.details = details

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "code": self.code,
            "message_ru": self.message_ru,
            "message_en": self.message_en,
        }
        if self.details is not None:
            body["details"] = self.details
        return body


def unauthorized(
    message_ru: str = "Требуется вход в систему.", message_en: str = "Log in first."
) -> ApiError:
    return ApiError(
        401, "unauthorized", message_ru, message_en, headers={"WWW-Authenticate": "Bearer"}
    )


def forbidden(
    message_ru: str = "Недостаточно прав для этого действия.",
    message_en: str = "You are not allowed to do this.",
) -> ApiError:
    return ApiError(403, "forbidden", message_ru, message_en)


def not_found(what_ru: str = "Объект не найден", what_en: str = "Object") -> ApiError:
    """`what_ru` is the whole Russian sentence (the participle agrees with the noun)."""
    return ApiError(404, "not_found", f"{what_ru}.", f"{what_en} not found.")


def conflict(code: str, message_ru: str, message_en: str) -> ApiError:
    return ApiError(409, code, message_ru, message_en)


def invalid(code: str, message_ru: str, message_en: str, details: Any = None) -> ApiError:
    return ApiError(422, code, message_ru, message_en, details=details)


STATE_NAMES_RU = {
    "queued": "в очереди",
    "offered": "предложено оператору",
    "in_progress": "в работе",
    "on_hold": "на удержании",
    "wrap_up": "на завершении",
    "closed": "закрыто",
    "escalated": "эскалировано",
    "transferred": "переведено",
    "callback_scheduled": "назначен обратный звонок",
    "redirected": "перенаправлено",
    "abandoned": "гражданин не дождался",
}


def illegal_transition(action: str, state: str) -> ApiError:
    return conflict(
        "illegal_transition",
        f"Действие «{action}» невозможно: обращение {STATE_NAMES_RU.get(state, state)}.",
        f"Cannot {action} a contact that is {state.replace('_', ' ')}.",
    )
