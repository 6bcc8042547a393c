"""ApiClient against the real routing API: typed errors, refresh on 401, bounded retries."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable

import httpx
import pytest

from operator_app.sync.client import ApiClient, new_key
from operator_app.sync.errors import (
    AuthError,
    ConflictError,
    InvalidError,
    NetworkError,
    NotFoundError,
    ProtocolError,
    ServerError,
    ThrottledError,
)
from tests.helpers.api import RoutingServer
from tests.sync.conftest import FAST_RETRY

MakeClient = Callable[..., ApiClient]


def test_login_returns_the_user_and_calls_work(make_client: MakeClient) -> None:
    client = make_client()
    user = client.login("op1", "demo")
    assert user["username"] == "op1" and user["role"] == "operator"
    assert client.set_state("ready")["state"] == "ready"
    assert isinstance(client.queue()["cursor"], int)
    assert client.dispositions()["items"] and client.reason_codes()["items"]
    assert client.categories()["categories"]


def test_wrong_password_is_an_auth_error_in_russian(make_client: MakeClient) -> None:
    with pytest.raises(AuthError) as caught:
        make_client().login("op1", "wrong")
    assert caught.value.status == 401
    assert caught.value.message_ru == "Неверное имя пользователя или пароль."
    assert caught.value.message_en == "Wrong username or password."


def test_refusals_are_typed_with_the_servers_code(make_client: MakeClient) -> None:
    client = make_client("op1")
    with pytest.raises(NotFoundError):
        client.contact(10**9)
    gateway = make_client("gateway")
    created = gateway.request(
        "POST", "/contacts", {"channel": "email", "category": "pensions", "subject": "s"}
    )
    with pytest.raises(ConflictError) as conflict:
        client.end(created["id"])
    assert conflict.value.code == "illegal_transition" and "невозможно" in conflict.value.message_ru
    with pytest.raises(InvalidError) as invalid:
        client.set_state("asleep")
    assert invalid.value.code == "validation_error" and invalid.value.details


def test_server_down_is_a_network_error(api: RoutingServer, make_client: MakeClient) -> None:
    client = make_client("op1", retry=FAST_RETRY)
    api.stop()
    started = time.monotonic()
    with pytest.raises(NetworkError) as caught:
        client.queue()
    assert time.monotonic() - started < FAST_RETRY.total_s + 1
    assert caught.value.code == "offline" and "Нет связи с сервером" in caught.value.message_ru


def test_an_expired_access_token_is_refreshed_once_then_the_call_succeeds(
    api: RoutingServer, make_client: MakeClient
) -> None:
    client = make_client("op1")
    before = client.access_token()
    api.advance(15 * 60 + 5)  # the access token lives 15 min, the refresh token 14 h
    results: list[object] = []

    def call() -> None:
        results.append(client.stats())

    threads = [threading.Thread(target=call) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    # refresh tokens rotate: a second refresh with the old one would have failed with 401
    assert len(results) == 6 and all(isinstance(r, dict) for r in results)
    assert client.refreshes == 1 and client.access_token() != before


def test_a_lost_session_is_an_auth_error(api: RoutingServer, make_client: MakeClient) -> None:
    client = make_client("op1")
    api.advance(14 * 3600 + 5)
    with pytest.raises(AuthError) as caught:
        client.queue()
    assert "войдите снова" in caught.value.message_ru
    assert not client.logged_in


def test_retry_after_is_honoured_and_the_key_reused(make_client: MakeClient) -> None:
    """A request still running on the server (409 idempotency_in_progress, Retry-After: 1):
    the retry waits as asked and gets the first request's result under the same key."""
    client = make_client("op1")
    key = new_key()
    first: list[object] = []
    body = {"text": "однажды", "delay_s": 1.5}
    slow = threading.Thread(
        target=lambda: first.append(client.request("POST", "/test/echo", body, idempotency_key=key))
    )
    slow.start()
    time.sleep(0.3)
    started = time.monotonic()
    second = client.request("POST", "/test/echo", body, idempotency_key=key)
    waited = time.monotonic() - started
    slow.join(10)
    assert waited >= 1.0, "the retry did not wait for Retry-After"
    assert first == [second]


def test_throttling_beyond_the_retry_budget_is_raised_at_once(make_client: MakeClient) -> None:
    client = make_client()
    for _ in range(5):
        with pytest.raises(AuthError):
            client.login("op2", "wrong")
    started = time.monotonic()
    with pytest.raises(ThrottledError) as caught:
        client.login("op2", "demo")
    assert time.monotonic() - started < 2
    assert caught.value.retry_after is not None and caught.value.retry_after > 60
    assert "Повторите через" in caught.value.message_ru


# a broken proxy in front of the API: the only test with a stand-in transport


def _broken_proxy(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith("/queue"):
        return httpx.Response(200, text="<html>proxy login page</html>")
    if request.url.path.endswith("/stats"):
        return httpx.Response(200, json=[1, 2, 3])
    if request.url.path.endswith("/state"):
        return httpx.Response(502, text="<html>Bad gateway</html>")
    return httpx.Response(200, content=json.dumps({"ok": True}).encode())


def test_a_malformed_reply_is_a_protocol_error_not_a_crash() -> None:
    retry = FAST_RETRY
    with ApiClient(
        "http://proxy.invalid", transport=httpx.MockTransport(_broken_proxy), retry=retry
    ) as client:
        with pytest.raises(ProtocolError) as not_json:
            client.queue()
        assert "некорректный ответ" in not_json.value.message_ru
        with pytest.raises(ProtocolError):
            client.stats()
        with pytest.raises(ServerError) as bad_gateway:
            client.state()
        assert bad_gateway.value.status == 502 and bad_gateway.value.code == "server_error"
