"""The traffic simulator against a real routing API: arrivals, chats, patience, retries."""

from __future__ import annotations

import asyncio
import io
import random
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import httpx
import pytest

from routing_api.catalog import catalog
from routing_api.cli import parser
from routing_api.demo.citizens import generate_citizens
from routing_api.simulate import run_simulation
from routing_api.simulation import Options, Simulator
from routing_api.simulation.citizen import (
    ChatCitizen,
    requested_items,
    shifted_date,
    swapped_digits,
)
from routing_api.simulation.gateway import Backoff, Gateway
from routing_api.simulation.texts import IVR_AGENCY
from tests.helpers.api import Client, EventReader, RoutingServer, free_port

CHANNELS = ("voice", "chat", "web_form", "email")
EVERY_CHANNEL = dict.fromkeys(CHANNELS, 0.25)


@contextmanager
def running(simulator: Simulator) -> Iterator[Simulator]:
    """The simulator running in a thread (as the CLI would run it) for the with-block."""
    outcome: list[int] = []
    thread = threading.Thread(target=lambda: outcome.append(simulator.run(120)), daemon=True)
    thread.start()
    assert simulator.started.wait(20), "the simulator did not start"
    try:
        yield simulator
    finally:
        simulator.stop()
        thread.join(20)
    assert not thread.is_alive() and outcome == [0]


def simulator(api: RoutingServer, **options: Any) -> Simulator:
    return Simulator(Options(server=api.url, summary_every=3600, **options), out=io.StringIO())


def wait_until(check: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_contacts_of_every_channel_carry_their_channel_data(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    sup = clients["sup1"]
    sim = simulator(api, rate=300, seed=11, channel_weights=EVERY_CHANNEL)
    with running(sim):
        wait_until(lambda: all(sim.stats.created[ch] >= 1 for ch in CHANNELS))
    queue = {item["id"]: item for item in sup.ok(sup.get("/queue"))["items"]}
    written = [cid for cid, a in sim.created.items() if a.channel in ("web_form", "email")]
    assert written and all(cid in queue for cid in written)  # nobody took them
    categories = catalog().categories
    for cid, arrival in sim.created.items():
        contact = sup.contact(cid)
        citizen = arrival.citizen
        assert contact["channel"] == arrival.channel
        assert contact["agency"] == categories[contact["category"]]["agency"]
        assert contact["region"] == citizen.region and contact["language"] == "ru"
        assert contact["kind"] in ("reference", "forms", "status", "technical")
        assert contact["priority"] in ("normal", "high", "critical")
        if arrival.channel == "voice":
            assert contact["caller"]["phone"] == citizen.phone
            menu = contact["ivr"]["menu_path"]
            assert menu[0] in IVR_AGENCY.values()
            assert menu[1] == categories[contact["category"]]["name_ru"]
        elif arrival.channel == "chat":
            messages = [h["data"] for h in contact["history"] if h["kind"] == "message"]
            assert messages[0]["from"] == "bot" and messages[-1]["from"] == "bot"
            assert any(m["from"] == "citizen" for m in messages)
        elif arrival.channel == "web_form":
            assert contact["form"]["name"] == citizen.full_name
            assert contact["reply_channel"] in ("email", "phone") and contact["body"]
        else:
            assert contact["caller"]["email"] == citizen.email
            assert contact["subject"] and citizen.full_name in contact["body"]


def test_the_citizen_answers_the_operator_in_a_chat(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    op = clients["op1"]
    stream = EventReader(api.url, op.token).start()
    op.ready()
    sim = simulator(api, rate=60, seed=5, channel_weights={"chat": 1.0}, reply_delay=(0.2, 0.6))
    with running(sim):
        offer = stream.wait_for(
            lambda e: e["type"] == "contact.offered" and e["data"]["id"] in sim.created, 20
        )
        cid = offer["data"]["id"]
        op.ok(op.post(f"/contacts/{cid}/accept"))
        question = "Назовите, пожалуйста, ваши ФИО и дату рождения"
        op.ok(op.post(f"/contacts/{cid}/messages", json={"text": question}), 201)
        answer = citizen_message(stream, cid, after=question)
        op.ok(op.post(f"/contacts/{cid}/messages", json={"text": "Спасибо. Ваш СНИЛС?"}), 201)
        snils_answer = citizen_message(stream, cid, after="Спасибо. Ваш СНИЛС?")
    citizen = sim.created[cid].citizen
    registry = {c.full_name: c for c in generate_citizens(2000)}
    named = [name for name in registry if name in answer]
    assert named == [citizen.full_name], answer
    said = re.search(r"\d\d\.\d\d\.\d{4}", answer)
    assert said is not None, answer
    born = datetime.strptime(said.group(), "%d.%m.%Y").date()
    assert abs((born - citizen.birth_date).days) <= 31  # right, or misremembered on purpose
    digits = re.sub(r"\D", "", snils_answer)
    assert sorted(digits) == sorted(re.sub(r"\D", "", citizen.snils)), snils_answer
    history = op.contact(cid)["history"]
    assert history[1]["kind"] == "message" and history[1]["data"]["from"] == "bot"
    stream.cut()


def citizen_message(stream: EventReader, cid: int, after: str) -> str:
    """The citizen's first chat message on `cid` after the operator wrote `after`."""
    asked = stream.wait_for(
        lambda e: e["type"] == "contact.message" and e["data"]["message"]["text"] == after
    )
    reply = stream.wait_for(
        lambda e: (
            e["type"] == "contact.message"
            and e["id"] > asked["id"]
            and e["data"]["id"] == cid
            and e["data"]["message"]["from"] == "citizen"
        )
    )
    return str(reply["data"]["message"]["text"])


def test_unanswered_callers_give_up_after_their_patience(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    stream = EventReader(api.url, clients["sup1"].token).start()
    sim = simulator(api, rate=120, seed=3, speed=30, channel_weights={"voice": 1, "chat": 1})

    def abandoned_events() -> list[int]:
        return [
            e["data"]["id"]
            for e in list(stream.events)
            if e["type"] == "contact.abandoned" and e["data"]["id"] in sim.created
        ]

    with running(sim):
        wait_until(lambda: sim.stats.abandoned >= 3)
    # the simulator counts an abandon when its POST returns; the event reaches the
    # supervisor's stream a moment later
    wait_until(lambda: len(abandoned_events()) >= 3)
    abandoned = abandoned_events()
    assert len(abandoned) >= 3
    for cid in abandoned:
        detail = clients["sup1"].contact(cid)
        assert detail["state"] == "abandoned" and detail["answered_at"] is None
        assert detail["history"][-1]["kind"] == "abandoned"
    stream.cut()


def test_the_simulator_rides_out_a_server_restart(api: RoutingServer) -> None:
    sim = simulator(api, rate=240, seed=8, channel_weights={"email": 1})
    with running(sim):
        assert sim.gateway is not None
        wait_until(lambda: sim.stats.created.total() >= 2)
        api.stop()
        time.sleep(0.5)
        api.start()
        before = sim.stats.created.total()
        wait_until(lambda: sim.stats.created.total() >= before + 3)
        wait_until(sim.gateway.connected.is_set)  # the event stream resumed
        assert sim.gateway.reconnects >= 1
    assert sim.stats.errors == 0  # every POST was retried until it went through


def test_cli_runs_for_its_duration_and_refuses_a_wrong_password(
    api: RoutingServer, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["simulate", "--server", api.url, "--rate", "120", "--duration", "2", "--seed", "1"]
    assert run_simulation(parser().parse_args(args)) == 0
    out = capsys.readouterr().out
    assert re.search(r"created [1-9]", out.splitlines()[-1]), out
    assert "+79" not in out  # no personal data in the summary
    assert run_simulation(parser().parse_args([*args, "--password", "wrong"])) == 2
    assert "login as 'gateway' failed" in capsys.readouterr().err


def test_an_unreachable_server_is_reported() -> None:
    sim = Simulator(Options(server=f"http://127.0.0.1:{free_port()}", startup_wait=0.2))
    assert sim.run(1) == 2


def test_posts_are_retried_with_the_same_idempotency_key() -> None:
    keys: list[str] = []
    answers: list[httpx.Response | Exception] = [
        httpx.Response(503, json={"code": "unavailable"}),
        httpx.Response(409, json={"code": "idempotency_in_progress"}, headers={"Retry-After": "3"}),
        httpx.ConnectError("refused"),
        httpx.Response(401, json={"code": "unauthorized"}),
        httpx.Response(201, json={"id": 7}),
    ]
    logins: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith(("/auth/login", "/auth/refresh")):
            logins.append(request.url.path)
            return httpx.Response(
                200, json={"access_token": f"a{len(logins)}", "refresh_token": "r"}
            )
        keys.append(request.headers["Idempotency-Key"])
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    async def scenario() -> int:
        gateway = Gateway(
            "http://sim.test",
            "gateway",
            "demo",
            transport=httpx.MockTransport(handle),
            backoff=Backoff(base=0.1),
            sleep=sleep,
        )
        await gateway.login()
        result = await gateway.post("/contacts", {"channel": "chat"})
        await gateway.aclose()
        return result.status

    assert asyncio.run(scenario()) == 201
    assert len(keys) == 5 and len(set(keys)) == 1
    assert slept[1] >= 3  # Retry-After honoured
    assert logins == ["/api/v1/auth/login", "/api/v1/auth/refresh"]


def test_the_citizen_understands_what_is_asked() -> None:
    assert requested_items("Назовите, пожалуйста, ваши ФИО и дату рождения") == [
        "name",
        "birth_date",
    ]
    assert requested_items("Продиктуйте СНИЛС и код из СМС") == ["snils", "code"]
    assert requested_items("Ваш адрес электронной почты?") == ["email"]
    assert requested_items("Здравствуйте! Меня зовут Анна, чем могу помочь?") == []
    rng = random.Random(1)
    day = generate_citizens(1)[0].birth_date
    assert all(0 < abs((shifted_date(rng, day) - day).days) <= 31 for _ in range(50))
    swapped = swapped_digits(rng, "12345678901")
    assert swapped != "12345678901" and sorted(swapped) == sorted("12345678901")


def test_the_citizen_reads_out_the_code_its_phone_received() -> None:
    citizen = generate_citizens(1)[0]
    said = []
    for seed in range(60):
        chat = ChatCitizen(citizen, "вопрос", random.Random(seed))
        chat.received_codes = ["111111", "482913"]
        said.append(re.findall(r"\d{6}", chat.reply("Назовите, пожалуйста, код из СМС").text or ""))
    codes = [found[0] for found in said]
    assert codes.count("482913") > len(codes) // 2  # the latest code, mostly right
    misread = [c for c in codes if c != "482913"]
    assert misread and all(
        sum(a != b for a, b in zip(c, "482913", strict=True)) == 1 for c in misread
    )


def test_simulated_operators_work_the_queue_and_citizens_rate_them(
    api: RoutingServer, database_url: str, clients: dict[str, Client]
) -> None:
    from routing_api.db.engine import Database
    from routing_api.seed import add_simulated_operators

    db = Database(database_url)
    try:
        assert add_simulated_operators(db, 3) == 3
        assert add_simulated_operators(db, 3) == 0  # already there: kept
    finally:
        db.dispose()
    sim = simulator(
        api,
        rate=240,
        seed=5,
        speed=60,
        operators=3,
        rating_share=1.0,
        channel_weights={"voice": 1, "chat": 1},
    )
    with running(sim):
        wait_until(lambda: sim.stats.rated >= 2, timeout=60)
    sup = clients["sup1"]
    board = sup.ok(sup.get("/supervisor/operators"))["items"]
    simulated = [o for o in board if o["username"].startswith("sim")]
    assert len(simulated) == 3
    assert sum(o["handled_today"] for o in simulated) >= 2
    total = sup.ok(sup.get("/supervisor/kpis"))["windows"]["today"]["total"]
    assert total["ratings"] >= 2 and 1 <= total["csat_mean"] <= 5


def test_a_simulated_session_refreshes_its_token_before_it_ages_out(
    api: RoutingServer,
) -> None:
    """At 600 operators a token that merely aged gave a burst of 401s every 15 minutes (each a
    failed request and a retry): sessions refresh ahead of expiry, as the workstation does."""
    from routing_api.simulation.operators import NullObserver, SimulatedOperator

    statuses: list[tuple[str, int]] = []

    class Seen(NullObserver):
        def request(self, name: str, status: int, seconds: float) -> None:
            statuses.append((name, status))

    async def scenario() -> tuple[str, str]:
        async with httpx.AsyncClient(timeout=30) as http:
            op = SimulatedOperator(http, api.url, "op1", "demo", observer=Seen())
            await op.login()
            first = op._access
            op._refresh_at = time.monotonic()  # as if 80 % of its lifetime had passed
            response = await op.call("ready", "PUT", "/operators/me/state", {"state": "ready"})
            assert response is not None and response.status_code == 200
            return first, op._access

    first, second = asyncio.run(scenario())
    assert first != second  # refreshed before the request went
    assert statuses == [("login", 200), ("ready", 200)]  # and no 401 on the way
