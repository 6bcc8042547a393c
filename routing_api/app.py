"""The FastAPI application: routes under /api/v1, JSON errors, background hub and timers."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException

from routing_api.api import (
    audit_routes,
    auth_routes,
    contact_routes,
    kb_routes,
    meta_routes,
    operator_routes,
    pd_routes,
    stream_routes,
    supervisor_routes,
    testing_routes,
    verification_routes,
)
from routing_api.config import Settings
from routing_api.db import migrate
from routing_api.errors import ApiError
from routing_api.server import Server

log = logging.getLogger("api")
API = "/api/v1"


def create_app(settings: Settings | None = None) -> FastAPI:
    server = Server(settings or Settings())

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await asyncio.to_thread(migrate.upgrade, server.db)
        await server.hub.start()
        server.start_writer()
        tasks = [
            asyncio.create_task(server.hub.run()),
            asyncio.create_task(server.hub.beat()),
            asyncio.create_task(server.run_timers()),
            asyncio.create_task(server.run_summaries()),
            asyncio.create_task(server.run_checkpoints()),
        ]
        if server.hub.can_listen:
            # PostgreSQL: LISTEN/NOTIFY wakes the hub at once on other replicas' commits
            tasks.append(asyncio.create_task(server.hub.listen()))
        try:
            yield
        finally:
            await server.hub.close()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await asyncio.to_thread(server.stop_writer)
            server.kpi_pass.close()
            server.db.dispose()

    app = FastAPI(
        title="ЕКЦ routing API",
        version="1.0",
        description="Contacts, skills-based routing and the durable event log of the ЕКЦ.",
        lifespan=lifespan,
    )
    app.state.server = server
    for module in (auth_routes, contact_routes, operator_routes, meta_routes, stream_routes):
        app.include_router(module.router, prefix=API)
    app.include_router(kb_routes.router, prefix=API)
    for module in (verification_routes, pd_routes, audit_routes, supervisor_routes):
        app.include_router(module.router, prefix=API)
    app.include_router(meta_routes.health_router)
    app.include_router(meta_routes.health_router, prefix=API)
    if server.settings.virtual_clock:
        app.include_router(testing_routes.router, prefix=API)
    if server.settings.virtual_clock or server.settings.simulation_api:
        app.include_router(testing_routes.simulation_router, prefix=API)
    _install_error_handlers(app)
    return app


def _error(status: int, code: str, ru: str, en: str, **extra: Any) -> JSONResponse:
    return JSONResponse(
        {"code": code, "message_ru": ru, "message_en": en, **extra}, status_code=status
    )


#: pydantic error types in words a Russian-speaking operator or integrator understands
_PROBLEMS_RU = {
    "missing": "обязательное поле не указано",
    "extra_forbidden": "неизвестное поле",
    "literal_error": "недопустимое значение",
    "enum": "недопустимое значение",
    "string_type": "ожидается строка",
    "string_too_short": "слишком короткое значение",
    "string_too_long": "слишком длинное значение",
    "string_pattern_mismatch": "неверный формат",
    "int_type": "ожидается целое число",
    "int_parsing": "ожидается целое число",
    "int_from_float": "ожидается целое число",
    "float_type": "ожидается число",
    "float_parsing": "ожидается число",
    "finite_number": "ожидается конечное число",
    "nul_character": "недопустимый символ NUL",
    "lone_surrogate": "некорректные символы Юникода",
    "bool_type": "ожидается true или false",
    "bool_parsing": "ожидается true или false",
    "greater_than": "значение меньше допустимого",
    "greater_than_equal": "значение меньше допустимого",
    "less_than": "значение больше допустимого",
    "less_than_equal": "значение больше допустимого",
    "too_short": "слишком мало элементов",
    "too_long": "слишком много элементов",
    "list_type": "ожидается список",
    "dict_type": "ожидается объект",
    "model_type": "ожидается объект",
    "model_attributes_type": "ожидается объект",
    "json_invalid": "не является корректным JSON",
    "json_type": "не является корректным JSON",
}


def _problem(error: Any) -> dict[str, str]:
    """One pydantic error as {field, problem (en), problem_ru, type}; never echoes the input."""
    kind = str(error.get("type", ""))
    loc = tuple(error.get("loc", ()))
    problem = str(error.get("msg", ""))
    if kind == "json_invalid":
        # loc is ("body", <character offset>), not a field
        position = loc[1] if len(loc) > 1 else "?"
        detail = (error.get("ctx") or {}).get("error", "")
        loc = loc[:1]
        problem = f"not valid JSON (at character {position}: {detail})"
    field = ".".join(str(p) for p in loc if p != "body")
    # a validator of ours says in its context what exactly is wrong, in Russian
    ru = (error.get("ctx") or {}).get("ru")
    return {
        "field": field,
        "problem": problem,
        "problem_ru": str(ru) if ru else _PROBLEMS_RU.get(kind, "некорректное значение"),
        "type": kind,
    }


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [_problem(e) for e in exc.errors()]
        shown = problems[:5]
        return _error(
            422,
            "validation_error",
            "Некорректные данные запроса: "
            + "; ".join(f"{p['field'] or 'тело запроса'} — {p['problem_ru']}" for p in shown)
            + ".",
            "Invalid request: "
            + "; ".join(f"{p['field'] or 'body'}: {p['problem']}" for p in shown),
            details=problems,
        )

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return _error(404, "not_found", "Адрес не найден.", "No such endpoint.")
        if exc.status_code == 405:
            return _error(
                405, "method_not_allowed", "Метод не поддерживается.", "Method not allowed."
            )
        return _error(exc.status_code, "http_error", str(exc.detail), str(exc.detail))

    @app.exception_handler(Exception)
    async def internal_error(_request: Request, _exc: Exception) -> JSONResponse:
        # Starlette re-raises the exception after this answer, so the traceback is still logged
        return _error(
            500,
            "internal_error",
            "Внутренняя ошибка сервера. Повторите позже или сообщите администратору.",
            "Internal server error; retry later or tell the administrator.",
        )

    @app.exception_handler(OperationalError)
    async def database_down(_request: Request, exc: OperationalError) -> JSONResponse:
        log.error("database unavailable: %s", type(exc.orig).__name__)
        return _error(
            503,
            "database_unavailable",
            "База данных временно недоступна. Повторите позже.",
            "The database is temporarily unavailable; retry later.",
        )
