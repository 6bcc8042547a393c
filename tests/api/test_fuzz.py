"""Schema-driven fuzzing of the whole API (schemathesis on /openapi.json): no request gets a
5xx, every 4xx is the API's JSON error {code, message_ru, message_en}, and bad input gets a 422
that names the offending field.

The fuzz run is bounded and reproducible: FUZZ_MAX_EXAMPLES (default 25) cases per operation
and generation mode, a fixed Hypothesis seed (derandomize), no example database, and a 10 s
timeout per request. FUZZ_SHRINK=1 shrinks a failing case to a minimal one (slower).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import APIOperation, Case, GenerationMode, Response
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup

from tests.api.conftest import in_progress
from tests.helpers.api import API, Client, RoutingServer

pytestmark = pytest.mark.slow

#: one pass per role over the operations that need a bearer token, each with its own token;
#: the operations that need none (login, reference lists, health, the test clock) run once
ROLES = ("gateway", "op1", "sup1")
MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "25"))
REQUEST_TIMEOUT = 10.0
PHASES = (
    (Phase.explicit, Phase.generate, Phase.shrink)
    if os.environ.get("FUZZ_SHRINK")
    else (Phase.explicit, Phase.generate)
)
NOT_FUZZED = {
    ("GET", f"{API}/events"),  # an endless text/event-stream; its header is fuzzed below
    ("POST", f"{API}/test/echo"),  # test-only, sleeps up to 5 s of real time per call
}
#: these end the pass's session (logout revokes the token, a large clock step expires it),
#: so they run last in each pass, logout very last
LAST = (f"{API}/test/clock/advance", f"{API}/auth/logout")
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
Operation = APIOperation[Any, Any, Any, Any]


def _order(operation: Operation) -> tuple[int, str, str]:
    rank = LAST.index(operation.path) + 1 if operation.path in LAST else 0
    return rank, operation.path, operation.method.upper()


def _error_body_problem(status: int, content: bytes) -> str | None:
    """Why a 4xx body is not the API's JSON error, or None if it is (or is no 4xx)."""
    if not 400 <= status < 500:
        return None
    try:
        body = json.loads(content)
    except ValueError:
        return "4xx body is not JSON"
    if not isinstance(body, dict):
        return "4xx body is not a JSON object"
    missing = [k for k in ("code", "message_ru", "message_en") if not body.get(k)]
    if missing:
        return f"4xx body lacks {', '.join(missing)}"
    if not all(isinstance(body[k], str) for k in ("code", "message_ru", "message_en")):
        return "4xx code/message_ru/message_en are not strings"
    return None


def _describe(case: Case[Any], headers: dict[str, str], response: Response | None) -> str:
    lines = [f"Reproduce with:\n  {case.as_curl_command(headers=headers)}"]
    if response is not None:
        lines.append(f"Got {response.status_code}: {response.text_lossy()[:1000]}")
    return "\n".join(lines)


def _fuzz(
    operation: Operation,
    mode: GenerationMode,
    base_url: str,
    session: requests.Session,
    headers: dict[str, str],
) -> int:
    """Run one operation in one generation mode; raises AssertionError on the first problem."""
    calls = 0

    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=PHASES,
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        print_blob=False,
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Case[Any]) -> None:
        nonlocal calls
        calls += 1
        try:
            response = case.call(
                base_url=base_url, session=session, headers=headers, timeout=REQUEST_TIMEOUT
            )
        except requests.RequestException as exc:
            raise AssertionError(
                f"request failed: {type(exc).__name__}: {exc}\n{_describe(case, headers, None)}"
            ) from None
        try:
            case.validate_response(response, checks=[not_a_server_error], headers=headers)
        except FailureGroup as exc:  # its message has the curl command already
            raise AssertionError(f"{exc}\nGot: {response.text_lossy()[:1000]}") from None
        problem = _error_body_problem(response.status_code, response.content)
        if problem:
            raise AssertionError(f"{problem}\n{_describe(case, headers, response)}")

    with contextlib.suppress(Unsatisfiable):  # negative mode: nothing to negate
        run()
    return calls


def test_fuzz_every_operation_as_every_role(api: RoutingServer) -> None:
    schema = schemathesis.openapi.from_url(api.url + "/openapi.json", timeout=10)
    loaded = [result.ok() for result in schema.get_all_operations()]  # raises if one is bad
    operations = sorted(
        (op for op in loaded if (op.method.upper(), op.path) not in NOT_FUZZED), key=_order
    )
    public = [op for op in operations if not op.definition.raw.get("security")]
    secured = [op for op in operations if op.definition.raw.get("security")]
    assert len(public) >= 5 and len(secured) >= 20, [op.label for op in operations]
    failures: list[str] = []
    started = time.monotonic()
    calls = 0
    for role in (None, *ROLES):
        headers = {}
        if role is not None:
            # a fresh login per pass: the previous pass ended with a clock step or a logout
            client = api.client(role)
            headers["Authorization"] = f"Bearer {client.token}"
            client.close()
        with requests.Session() as session:
            for operation in secured if role else public:
                for mode in MODES:
                    try:
                        calls += _fuzz(operation, mode, api.url, session, headers)
                    except AssertionError as exc:
                        who = f"as {role}" if role else "no token"
                        failures.append(f"[{who}, {mode.value}] {operation.label}: {exc}")
    elapsed = time.monotonic() - started
    print(f"fuzzed {len(operations)} operations with {calls} requests in {elapsed:.1f} s")
    assert not failures, (
        f"{len(failures)} fuzz failure(s); server log: {api.log_path}\n\n" + "\n\n".join(failures)
    )


# --- GET /events: only the Last-Event-ID header is fuzzable; bad values are a 422 ---


def _raw_get(api: RoutingServer, path: str, headers: dict[str, bytes]) -> tuple[int, bytes]:
    """A GET with raw header bytes (httpx/requests refuse non-ASCII header values)."""
    head = [f"GET {API}{path} HTTP/1.1".encode(), f"Host: 127.0.0.1:{api.port}".encode()]
    head += [name.encode() + b": " + value for name, value in headers.items()]
    head += [b"Connection: close"]
    data = b""
    with socket.create_connection(("127.0.0.1", api.port), timeout=10) as sock:
        sock.sendall(b"\r\n".join(head) + b"\r\n\r\n")
        while b"\r\n\r\n" not in data and (chunk := sock.recv(65536)):
            data += chunk
        status = int(data.split(b" ", 2)[1])
        if status != 200:  # a 200 is the stream, which never ends
            while chunk := sock.recv(65536):
                data += chunk
    return status, data.split(b"\r\n\r\n", 1)[1]


BAD_LAST_EVENT_IDS = [
    b"abc",
    b"-1",
    b"+1",
    b"1.5",
    b"1e3",
    b"0x10",
    b"",
    b" ",
    b"12 34",
    b"1" * 21,  # longer than any id
    b"99999999999999999999",  # 20 digits: past any 64-bit id
    b"9223372036854775808",  # 2**63
    "²".encode("latin-1"),  # superscript two: str.isdigit() is true, int() refuses it
    "¹2".encode("latin-1"),
    "１２".encode(),  # full-width digits, as UTF-8 (the server reads header bytes as latin-1)
]
#: header values the fuzzer draws from: printable latin-1, as the server decodes header bytes
HEADER_TEXT = st.text(
    alphabet=st.characters(codec="latin-1", categories=("L", "M", "N", "P", "S", "Zs")),
    max_size=24,
)


def _valid_cursor(value: str) -> bool:
    value = value.strip()
    return value.isascii() and value.isdigit() and int(value) < 2**63


def _last_event_id_problem(api: RoutingServer, token: str, value: bytes) -> str | None:
    status, body = _raw_get(
        api, "/events", {"Authorization": f"Bearer {token}".encode(), "Last-Event-ID": value}
    )
    try:
        error = json.loads(body)
    except ValueError:
        error = None
    ok = (
        status == 422
        and isinstance(error, dict)
        and all(error.get(k) for k in ("code", "message_ru", "message_en"))
        and "Last-Event-ID" in error["message_en"] + error["message_ru"]
    )
    return None if ok else f"Last-Event-ID: {value!r} -> {status} {body[:300]!r}"


def test_events_rejects_bad_last_event_id(api: RoutingServer, clients: dict[str, Client]) -> None:
    token = clients["op1"].token
    failures = [
        problem
        for value in BAD_LAST_EVENT_IDS
        if (problem := _last_event_id_problem(api, token, value))
    ]

    @settings(
        max_examples=MAX_EXAMPLES * 2,
        derandomize=True,
        database=None,
        deadline=None,
        phases=PHASES,
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(value=HEADER_TEXT.filter(lambda v: not _valid_cursor(v)))
    def fuzz(value: str) -> None:
        problem = _last_event_id_problem(api, token, value.encode("latin-1"))
        assert problem is None, problem

    try:
        fuzz()
    except AssertionError as exc:
        failures.append(str(exc))
    assert not failures, f"server log: {api.log_path}\n" + "\n".join(failures)


# --- explicit bad input: a 422 whose messages name the field ---


def _assert_422(response: Any, *names: str) -> dict[str, Any]:
    assert response.status_code == 422, f"{response.status_code}: {response.text}"
    assert response.headers["content-type"].startswith("application/json")
    error: dict[str, Any] = response.json()
    assert error["code"] and error["message_ru"] and error["message_en"], error
    for name in names:
        assert name in error["message_en"], (name, error["message_en"])
        assert name in error["message_ru"], (name, error["message_ru"])
    return error


def _contact(**fields: Any) -> dict[str, Any]:
    return {"channel": "chat", "category": "pensions", **fields}


def test_malformed_json_body_is_a_clear_422(api: RoutingServer, clients: dict[str, Client]) -> None:
    gw = clients["gateway"]
    for raw in (b'{"channel": "chat", "category": ', b"{'channel': 'chat'}", b"\xff\xfe"):
        r = gw.http.post("/contacts", content=raw, headers={"Content-Type": "application/json"})
        error = _assert_422(r)
        assert error["code"] == "validation_error"
        assert "JSON" in error["message_en"] and "JSON" in error["message_ru"], error


def test_wrong_types_unknown_fields_and_values_are_a_clear_422(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    gw, op, sup = clients["gateway"], clients["op1"], clients["sup1"]
    # wrong types
    _assert_422(gw.post("/contacts", json=_contact(caller="Иван")), "caller")
    _assert_422(gw.post("/contacts", json=_contact(messages={"text": "x"})), "messages")
    _assert_422(gw.post("/contacts", json=_contact(channel=5)), "channel")
    _assert_422(gw.post("/contacts", json=[_contact()]))
    _assert_422(op.put("/operators/me/state", json={"state": ["ready"]}), "state")
    # unknown fields (extra="forbid"), also nested
    _assert_422(gw.post("/contacts", json=_contact(urgent=True)), "urgent")
    _assert_422(gw.post("/contacts", json=_contact(caller={"snils": "1"})), "caller.snils")
    _assert_422(sup.put("/work-mode", json={"mode": "night", "why": "x"}), "why")
    # missing required field
    _assert_422(gw.post("/contacts", json={"category": "pensions"}), "channel")
    # unknown category (checked against the catalogue)
    error = _assert_422(gw.post("/contacts", json=_contact(category="no_such_category")))
    assert error["code"] == "unknown_category"
    assert "category" in error["message_en"] and "категор" in error["message_ru"], error
    # out-of-range priority
    for priority in ("urgent", "", 1, None):
        _assert_422(gw.post("/contacts", json=_contact(priority=priority)), "priority")
    # what the databases cannot store: NUL, lone surrogates, non-finite numbers (raw JSON)
    for raw, field in (
        ('"caller": {"name": "a\\u0000b"}', "caller.name"),
        ('"messages": [{"text": "x\\u0000"}]', "messages.0.text"),
        ('"ivr": {"step": "\\ud800"}', "ivr"),
        ('"form": {"amount": Infinity}', "form"),
        ('"form": {"amount": 1e400}', "form"),
    ):
        body = '{"channel": "chat", "category": "pensions", ' + raw + "}"
        r = gw.http.post("/contacts", content=body, headers={"Content-Type": "application/json"})
        _assert_422(r, field)
    login = {"username": "op1\x00", "password": "demo"}
    _assert_422(httpx.post(api.url + API + "/auth/login", json=login), "username")
    # out-of-range numbers and cursors in the query string
    _assert_422(op.get("/kb/changes", params={"limit": 0}), "limit")
    _assert_422(op.get("/kb/changes", params={"limit": "many"}), "limit")
    _assert_422(op.get("/contacts", params={"same_caller_as": 0}), "same_caller_as")


def test_wrong_types_in_action_bodies_are_a_clear_422(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op, gw = clients["op1"], clients["gateway"]
    cid = in_progress(op, gw, "chat")["id"]
    _assert_422(op.post(f"/contacts/{cid}/messages", json={"text": ""}), "text")
    _assert_422(op.post(f"/contacts/{cid}/messages", json={"text": 42}), "text")
    _assert_422(op.post(f"/contacts/{cid}/transfer", json={"operator_id": "op2"}), "operator_id")
    _assert_422(op.post(f"/contacts/{cid}/transfer", json={"operator_id": -1}), "operator_id")
    _assert_422(op.post(f"/contacts/{cid}/escalate", json={"target": "line3"}), "target")
    op.ok(op.post(f"/contacts/{cid}/end"))
    _assert_422(
        op.post(
            f"/contacts/{cid}/wrap-up",
            json={"disposition": "consultation_given", "resolved": "maybe"},
        ),
        "resolved",
    )


def test_out_of_range_ids_and_cursors_are_not_server_errors(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    """Numbers past a 64-bit column and non-ASCII digits: a JSON 4xx, never a 500."""
    headers = {"Authorization": f"Bearer {clients['op1'].token}"}
    huge = str(2**63)
    problems = []
    for method, path, params in (  # the lookups may answer 200 with no items
        ("GET", f"/contacts/{huge}", None),
        ("GET", f"/contacts/-{huge}", None),
        ("POST", f"/contacts/{huge}/accept", None),
        ("GET", "/contacts", {"same_caller_as": huge}),
        ("GET", "/kb/changes", {"since": "9" * 20}),
        ("GET", "/kb/changes", {"since": "²"}),
        ("GET", "/kb/changes", {"since": "٣"}),
        ("GET", "/contacts", {"number": "²"}),
        ("GET", "/contacts", {"phone": "\x00"}),
        ("GET", "/contacts", {"number": "2611\x00"}),
    ):
        # one connection per request: the server drops a connection after a 500
        r = httpx.request(method, api.url + API + path, params=params, headers=headers)
        allowed = range(200, 500) if path == "/contacts" else range(400, 500)
        if r.status_code not in allowed or _error_body_problem(r.status_code, r.content):
            problems.append(f"{method} {path} {params} -> {r.status_code}: {r.text[:200]}")
    assert not problems, f"server log: {api.log_path}\n" + "\n".join(problems)
