"""The routing API's HTTP client: login, token refresh, bounded retries, typed errors."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from types import TracebackType
from typing import Any, Protocol

import httpx

from operator_app.sync.backoff import RetryPolicy, parse_retry_after
from operator_app.sync.calls import as_object
from operator_app.sync.errors import (
    AuthError,
    ConflictError,
    NetworkError,
    ProtocolError,
    SyncError,
    for_status,
)
from operator_app.sync.supervisor_calls import SupervisorCalls

log = logging.getLogger("sync")

API_PREFIX = "/api/v1"
MUTATING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: methods a retry may repeat even when the first request may have reached the server
SAFE_TO_REPEAT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_STATUSES = frozenset({429, 502, 503, 504})
USER_AGENT = "ekc-operator-app"


class RefreshTokenStore(Protocol):
    """Where the refresh token outlives the process (the OS keyring); see tokens.TokenVault."""

    def save(self, username: str, token: str) -> None: ...
    def load(self, username: str) -> str | None: ...
    def clear(self, username: str) -> None: ...


def new_key() -> str:
    """A fresh Idempotency-Key."""
    return uuid.uuid4().hex


class ApiClient(SupervisorCalls):
    """One user's session with the routing API; thread-safe, blocking (call off the UI thread)."""

    def __init__(
        self,
        base_url: str,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 10.0,
        retry: RetryPolicy | None = None,
        vault: RefreshTokenStore | None = None,
    ) -> None:
        root = base_url.rstrip("/")
        if not root.endswith(API_PREFIX):
            root += API_PREFIX
        self.base_url = root
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self._vault = vault
        self._http = httpx.Client(
            base_url=root,
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        )
        self._refresh_lock = threading.Lock()
        self._closing = threading.Event()
        #: requests on their way (any thread); `close` lets them end before the pool goes,
        #: else a connection still lent out is dropped with its socket open
        self._in_flight = 0
        self._idle = threading.Condition()
        self._access: str | None = None
        self._refresh: str | None = None
        self.user: dict[str, Any] | None = None
        self.refreshes = 0

    # -- lifecycle -------------------------------------------------------------------------

    def close(self, grace_s: float = 3.0) -> None:
        """Stop waiting retries, let requests on their way end (up to `grace_s`), close the
        connections."""
        self._closing.set()
        with self._idle:
            self._idle.wait_for(lambda: self._in_flight == 0, timeout=grace_s)
        self._http.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- session ---------------------------------------------------------------------------

    @property
    def logged_in(self) -> bool:
        return self._access is not None

    def login(self, username: str, password: str) -> dict[str, Any]:
        """Open a session; returns the user. Wrong credentials raise AuthError."""
        data = as_object(
            self.request(
                "POST",
                "/auth/login",
                {"username": username, "password": password},
                authenticated=False,
            )
        )
        return self._start_session(data)

    def check_password(self, username: str, password: str) -> None:
        """Whether `password` is the user's (unlocking the workstation): the server checks it
        by opening a session, which is revoked at once; the current session goes on.
        Wrong credentials raise AuthError, too many tries ThrottledError."""
        data = as_object(
            self.request(
                "POST",
                "/auth/login",
                {"username": username, "password": password},
                authenticated=False,
            )
        )
        token = data.get("access_token")
        if isinstance(token, str):
            try:
                self._send_once("POST", "/auth/logout", None, None, None, token)
            except httpx.TransportError:
                log.info("unlock: the extra session will expire by itself")

    def restore_session(self, username: str) -> dict[str, Any]:
        """Open a session from the refresh token kept in the vault (no password)."""
        token = self._vault.load(username) if self._vault is not None else None
        if token is None:
            raise AuthError()
        with self._refresh_lock:
            self._refresh = token
            self._do_refresh()
        assert self.user is not None
        return self.user

    def logout(self) -> None:
        """Revoke the session on the server (best effort) and forget the tokens."""
        access, user = self._access, self.user
        self._access = self._refresh = None
        self.user = None
        if self._vault is not None and user is not None:
            self._vault.clear(str(user.get("username", "")))
        if access is None:
            return
        try:
            self._send_once("POST", "/auth/logout", None, None, None, access)
        except httpx.TransportError:
            log.info("logout: server not reachable; the session will expire by itself")

    def access_token(self) -> str | None:
        """The current bearer token (for the event stream); never log it."""
        return self._access

    def refresh_after(self, used_token: str | None) -> None:
        """Refresh the session once after `used_token` was refused (shared by all threads)."""
        with self._refresh_lock:
            if self._access is not None and self._access != used_token:
                return  # another thread refreshed already
            if self._refresh is None:
                raise AuthError()
            self._do_refresh()

    def _do_refresh(self) -> None:
        try:
            data = as_object(
                self.request(
                    "POST",
                    "/auth/refresh",
                    {"refresh_token": self._refresh},
                    authenticated=False,
                )
            )
        except AuthError:
            username = str((self.user or {}).get("username", ""))
            self._access = self._refresh = None
            if self._vault is not None and username:
                self._vault.clear(username)
            raise
        self._start_session(data)
        self.refreshes += 1
        log.info("session refreshed")

    def _start_session(self, data: dict[str, Any]) -> dict[str, Any]:
        access, refresh, user = (
            data.get("access_token"),
            data.get("refresh_token"),
            data.get("user"),
        )
        if (
            not isinstance(access, str)
            or not isinstance(refresh, str)
            or not isinstance(user, dict)
        ):
            raise ProtocolError()
        self._access, self._refresh, self.user = access, refresh, user
        if self._vault is not None:
            self._vault.save(str(user.get("username", "")), refresh)
        return user

    # -- requests --------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        json: Any = None,
        *,
        idempotency_key: str | None = None,
        params: dict[str, str | int] | None = None,
        authenticated: bool = True,
    ) -> Any:
        """Send one request (retried within the policy) and return its decoded JSON body.

        Every mutating call carries an Idempotency-Key (a fresh one unless given), and the
        same key is reused on each retry, so a retry never applies an action twice.
        """
        method = method.upper()
        if method in MUTATING and authenticated and idempotency_key is None:
            idempotency_key = new_key()
        response = self._with_retries(method, path, json, params, idempotency_key, authenticated)
        if response.status_code == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError as exc:
            log.warning("%s %s: the reply is not JSON", method, path)
            raise ProtocolError(status=response.status_code) from exc

    def get_if_changed(
        self, path: str, params: dict[str, str | int] | None, etag: str | None
    ) -> tuple[Any, str | None]:
        """A conditional GET: (None, etag) when the server answers 304 Not Modified to
        `If-None-Match: etag`, else (the decoded body, the reply's ETag)."""
        headers = {"If-None-Match": etag} if etag else None
        response = self._with_retries("GET", path, None, params, None, True, headers)
        fresh = response.headers.get("ETag")
        if response.status_code == 304:
            return None, fresh or etag
        try:
            return response.json(), fresh
        except ValueError as exc:
            log.warning("GET %s: the reply is not JSON", path)
            raise ProtocolError(status=response.status_code) from exc

    def _with_retries(
        self,
        method: str,
        path: str,
        json: Any,
        params: dict[str, str | int] | None,
        key: str | None,
        authenticated: bool,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        policy = self.retry
        started = time.monotonic()
        attempt = 0
        refreshed = False
        while True:
            token = self._access if authenticated else None
            wait: float | None = None
            try:
                response = self._send_once(method, path, json, params, key, token, headers)
            except httpx.TransportError as exc:
                error: SyncError = NetworkError(code="timeout" if _timed_out(exc) else None)
                # a request that never left may always be repeated; one that may have
                # arrived only when repeating it cannot apply it twice
                retryable = _unsent(exc) or method in SAFE_TO_REPEAT or key is not None
                cause: BaseException | None = exc
            else:
                if response.status_code == 401 and authenticated and not refreshed:
                    refreshed = True
                    self.refresh_after(token)
                    continue
                if response.is_success or (response.status_code == 304 and headers):
                    return response  # 304 only answers a conditional request (get_if_changed)
                error = _error_of(response)
                wait = error.retry_after
                retryable = response.status_code in RETRY_STATUSES or (
                    isinstance(error, ConflictError) and error.code == "idempotency_in_progress"
                )
                cause = None
            attempt += 1
            if not retryable or attempt >= policy.attempts or self._closing.is_set():
                raise error from cause
            delay = wait if wait is not None else policy.backoff.delay(attempt - 1)
            if time.monotonic() - started + delay > policy.total_s:
                raise error from cause
            log.info(
                "%s %s failed (%s), retry %d in %.1f s", method, path, error.code, attempt, delay
            )
            if self._closing.wait(delay):
                raise error from cause

    def _send_once(
        self,
        method: str,
        path: str,
        json: Any,
        params: dict[str, str | int] | None,
        key: str | None,
        token: str | None,
        extra: dict[str, str] | None = None,
    ) -> httpx.Response:
        headers: dict[str, str] = dict(extra or {})
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        if key is not None:
            headers["Idempotency-Key"] = key
        with self._idle:
            if self._closing.is_set():
                raise httpx.ConnectError("the client is closing")  # never sent: no retry
            self._in_flight += 1
        try:
            return self._http.request(method, path, json=json, params=params, headers=headers)
        finally:
            with self._idle:
                self._in_flight -= 1
                self._idle.notify_all()

    def open_stream(
        self, path: str, *, headers: dict[str, str], read_timeout: float
    ) -> httpx.Response:
        """Open a streaming GET (the event stream), refreshing the session once on 401.

        The caller reads and closes the response; a non-2xx reply raises its typed error.
        """
        refreshed = False
        while True:
            token = self._access
            request = self._http.build_request(
                "GET",
                path,
                headers={**headers, **({"Authorization": f"Bearer {token}"} if token else {})},
                timeout=httpx.Timeout(
                    self.timeout, connect=min(self.timeout, 5.0), read=read_timeout
                ),
            )
            try:
                response = self._http.send(request, stream=True)
            except httpx.TransportError as exc:
                raise NetworkError(code="timeout" if _timed_out(exc) else None) from exc
            if response.is_success:
                return response
            try:
                response.read()
            except httpx.TransportError as exc:
                raise NetworkError() from exc
            finally:
                response.close()
            if response.status_code == 401 and not refreshed:
                refreshed = True
                self.refresh_after(token)
                continue
            raise _error_of(response)


def _error_of(response: httpx.Response) -> SyncError:
    try:
        body: Any = response.json()
    except ValueError:
        body = None
    return for_status(
        response.status_code, body, parse_retry_after(response.headers.get("Retry-After"))
    )


def _unsent(exc: httpx.TransportError) -> bool:
    return isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)


def _timed_out(exc: httpx.TransportError) -> bool:
    return isinstance(exc, httpx.TimeoutException)
