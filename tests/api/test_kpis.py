"""KPIs (DESIGN §6) from a scripted day on the virtual clock, against figures worked out by hand;
operational alarms on their thresholds."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.helpers.api import API, Client, EventReader, RoutingServer

MOSCOW = ZoneInfo("Europe/Moscow")


class Day:
    """The scripted day: one operator (op1), the gateway, the supervisor, the clock."""

    def __init__(self, api: RoutingServer, clients: dict[str, Client]) -> None:
        self.api = api
        self.op, self.gw, self.sup = clients["op1"], clients["gateway"], clients["sup1"]
        self._phone = 0
        # start at 09:00 Moscow time so that every event falls on one "today"
        now = datetime.fromisoformat(httpx.get(api.url + API + "/test/clock").json()["now"])
        local = now.astimezone(MOSCOW)
        nine = local.replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=1)
        self.advance((nine - local).total_seconds())
        self.reader = EventReader(api.url, self.op.token).start()  # the operator is present
        self.not_ready()

    def advance(self, seconds: float) -> None:
        self.api.advance(seconds)
        for client, name in ((self.op, "op1"), (self.gw, "gateway"), (self.sup, "sup1")):
            client.login(name)  # access tokens last 15 minutes of the virtual clock

    def not_ready(self) -> None:
        self.op.ok(
            self.op.put("/operators/me/state", json={"state": "not_ready", "reason": "training"})
        )

    def new(self, channel: str = "voice", phone: str | None = None, **fields: Any) -> int:
        if phone is None:
            self._phone += 1
            phone = f"+7916000{self._phone:04d}"
        body = {
            "channel": channel,
            "category": "pensions",
            "caller": {"name": "Гражданин", "phone": phone},
        }
        return int(self.gw.ok(self.gw.post("/contacts", json={**body, **fields}), 201)["id"])

    def answer_after(self, contact_id: int, wait: float) -> None:
        """The contact waits `wait` seconds, then is offered to op1 and accepted."""
        self.advance(wait)
        self.op.ready()
        self.op.ok(self.op.post(f"/contacts/{contact_id}/accept"))

    def handle(self, contact_id: int, talk: float, resolved: bool, acw: float = 0.0) -> None:
        self.advance(talk)
        self.op.ok(self.op.post(f"/contacts/{contact_id}/end"))
        if acw:
            self.advance(acw)
        disposition = "consultation_given" if resolved else "callback_required"
        self.op.ok(
            self.op.post(
                f"/contacts/{contact_id}/wrap-up",
                json={"disposition": disposition, "resolved": resolved},
            )
        )
        self.not_ready()

    def abandon_after(self, contact_id: int, wait: float) -> None:
        self.advance(wait)
        self.gw.ok(self.gw.post(f"/contacts/{contact_id}/abandon"))

    def rate(self, contact_id: int, score: int) -> None:
        self.gw.ok(self.gw.post(f"/contacts/{contact_id}/rating", json={"score": score}), 201)

    def kpis(self) -> dict[str, Any]:
        result: dict[str, Any] = self.sup.ok(self.sup.get("/supervisor/kpis"))
        return result


def test_a_scripted_day_gives_the_figures_worked_out_by_hand(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    day = Day(api, clients)
    a = day.new()  # answered after 10 s, 120 s talk + 30 s after-contact work, resolved
    day.answer_after(a, 10)
    day.handle(a, 120, resolved=True, acw=30)
    b = day.new()  # answered after 45 s (outside 30 s), 60 s, unresolved: a callback task
    day.answer_after(b, 45)
    day.handle(b, 60, resolved=False)
    c = day.new()  # hangs up after 3 s: a short abandon, left out everywhere
    day.abandon_after(c, 3)
    d = day.new()  # hangs up after 20 s: abandoned, but before T, so not in the SL base
    day.abandon_after(d, 20)
    e = day.new()  # hangs up after 50 s: abandoned after T
    day.abandon_after(e, 50)
    f_phone = "+79160009999"
    f = day.new("chat", phone=f_phone)  # a chat answered at once, 200 s, resolved
    day.answer_after(f, 0)
    day.handle(f, 200, resolved=True)
    g = day.new(  # an e-mail taken by op1 after 300 s, 100 s of work, resolved
        "email", subject="Вопрос", body="Как получить выписку?"
    )
    day.answer_after(g, 300)
    day.handle(g, 100, resolved=True)
    h = day.new(phone=f_phone)  # the chat's citizen calls again: F is no first-contact fix
    day.answer_after(h, 25)
    day.handle(h, 90, resolved=True)
    day.rate(a, 5)
    day.rate(f, 3)
    day.rate(h, 4)
    with pytest.raises(AssertionError, match="409"):
        day.rate(h, 1)  # once per contact

    today = day.kpis()["windows"]["today"]
    total = today["total"]
    # live contacts queued: a b c d e f h = 7, less the short abandon c = 6
    assert total["queued"] == 6
    assert (total["answered"], total["answered_in_sl"]) == (4, 3)  # a f h within 30 s; b not
    assert (total["abandoned"], total["short_abandoned"]) == (2, 1)  # d e; c
    assert total["service_level"] == pytest.approx(3 / 5)  # 3 ÷ (4 answered + e)
    assert total["asa_s"] == pytest.approx((10 + 45 + 0 + 25) / 4)
    assert total["abandonment_rate"] == pytest.approx(2 / 6, abs=1e-4)
    # handling: a 150, b 60, f 200, g 100 (every channel), h 90
    assert total["handled"] == 5
    assert total["aht_s"] == pytest.approx((150 + 60 + 200 + 100 + 90) / 5)
    # first contacts: a b f g (h repeats f's citizen); resolved with no repeat: a g
    assert total["first_contacts"] == 4
    assert total["fcr"] == pytest.approx(2 / 4)
    assert (total["ratings"], total["csat"], total["csat_mean"]) == (
        3,
        pytest.approx(2 / 3, abs=1e-4),
        4.0,
    )
    voice, chat = today["by_channel"]["voice"], today["by_channel"]["chat"]
    assert (voice["answered"], voice["abandoned"], chat["answered"]) == (3, 2, 1)
    assert today["by_channel"]["email"]["answered"] == 0  # e-mail has no speed of answer
    assert today["by_line"]["line1"]["answered"] == 4
    assert today["by_agency"]["СФР"]["handled"] == 5

    # an hour later the sliding windows are empty and today is unchanged
    day.advance(3600)
    later = day.kpis()
    assert later["windows"]["60m"]["total"]["answered"] == 0
    assert later["windows"]["15m"]["total"]["queued"] == 0
    assert later["windows"]["today"]["total"] == total
    # b's callback and the outbound calls for d and e (calls abandoned after 10 s or more)
    # are 15-minute tasks, overdue by now
    assert (later["now"]["callbacks_due"], later["now"]["callbacks_overdue"]) == (0, 3)

    i = day.new()  # waits now: the longest current wait
    day.advance(40)
    now = day.kpis()["now"]
    assert (now["waiting"], now["longest_wait_s"]) == (1, 40.0)
    # the queue by channel, line, agency and priority: i waits; d and e were abandoned today
    queues = {(q["group"], q["key"]): q for q in now["queues"]}
    for key in (("channel", "voice"), ("line", "line1"), ("agency", "СФР"), ("priority", "normal")):
        assert queues[key] == {
            "group": key[0],
            "key": key[1],
            "waiting": 1,
            "offered": 0,
            "longest_wait_s": 40.0,
            "abandoned_today": 2,
        }, key
    # the callback and outbound tasks wait too, in their own channels, abandoning nothing
    assert queues[("channel", "callback")]["abandoned_today"] == 0
    assert i

    # the shift report (default period: today so far) agrees, hour by hour and by operator
    shift = day.sup.ok(day.sup.get("/supervisor/report"))
    assert shift["total"] == day.kpis()["windows"]["today"]["total"]
    assert sum(h["answered"] for h in shift["hours"]) == 4
    assert sum(h["handled"] for h in shift["hours"]) == 5
    [mine] = [o for o in shift["operators"] if o["id"] == day.op.id]
    assert (mine["handled"], mine["aht_s"]) == (5, pytest.approx(120.0))
    bad = day.sup.get("/supervisor/report", params={"from": "2026-01-01T00:00:00+03:00"})
    assert bad.status_code == 422 and bad.json()["code"] == "report_period"
    assert day.op.get("/supervisor/report").status_code == 403


def test_the_chart_series_bucket_arrivals_service_level_and_waiting(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    """GET /supervisor/series: the monitor's charts over the last hours in 5-minute buckets,
    from the history (arrivals, service level) and the minute samples (waiting)."""
    day = Day(api, clients)  # 09:00 Moscow: a bucket starts here
    a = day.new()  # 09:00:00, answered after 10 s: within the service level
    day.answer_after(a, 10)
    day.handle(a, 60, resolved=True)  # 09:01:10
    b = day.new()  # waits 50 s and hangs up: abandoned after T (its callback task is no arrival)
    day.abandon_after(b, 50)  # 09:02:00; sampled at 09:02 while it still waited
    c = day.new("chat")  # 09:02:00, nobody answers
    day.advance(200)  # 09:05:20: sampled waiting
    d = day.new("email", subject="Справка", body="Нужна справка")  # an arrival, not live
    series = day.sup.ok(day.sup.get("/supervisor/series", params={"hours": 1}))
    assert series["step_s"] == 300
    buckets = {
        datetime.fromisoformat(i["from"]).astimezone(MOSCOW).strftime("%H:%M"): i
        for i in series["items"]
    }
    nine, five = buckets["09:00"], buckets["09:05"]
    assert (nine["arrived"], nine["answered"], nine["service_level"]) == (3, 1, 0.5)
    assert nine["waiting"] == 1  # b at 09:02 (a at 09:00:10 fell in the 09:00 sample's minute)
    assert (five["arrived"], five["answered"], five["service_level"]) == (1, 0, None)
    assert five["waiting"] == 1  # c
    assert buckets["08:55"]["waiting"] is None  # nothing sampled before the day began here
    assert sum(i["arrived"] for i in series["items"]) == 4
    assert day.op.get("/supervisor/series").status_code == 403
    assert day.sup.get("/supervisor/series", params={"hours": 48}).status_code == 422
    assert all((a, b, c, d))


def _alerts(sup: Client, kind: str) -> list[dict[str, Any]]:
    items = sup.ok(sup.get("/alerts", params={"limit": 1000}))["items"]
    return [a for a in items if a["kind"] == kind]


def test_the_long_wait_alarm_fires_past_its_threshold_and_is_logged_when_acknowledged(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    day = Day(api, clients)
    sup = day.sup
    got = sup.ok(sup.put("/supervisor/alarm-thresholds", json={"max_wait_s": 60}))
    assert got["max_wait_s"] == 60 and got["asa_s"] == 30  # the rest keep their defaults
    reader = EventReader(api.url, sup.token).start()
    waiting = day.new()
    day.advance(59)
    assert _alerts(sup, "long_wait") == []
    day.advance(2)
    [alarm] = _alerts(sup, "long_wait")
    assert alarm["details"]["contact_id"] == waiting and alarm["details"]["threshold_s"] == 60
    assert alarm["details"]["count"] == 1
    event = reader.wait_for(lambda e: e["type"] == "alert.raised")
    assert event["data"]["alert"]["kind"] == "long_wait"
    day.new()  # a second long wait: the same alarm (one problem, not one per contact)
    day.advance(65)
    assert len(_alerts(sup, "long_wait")) == 1
    sup.ok(sup.post(f"/alerts/{alarm['id']}/acknowledge"))
    [acked] = _alerts(sup, "long_wait")
    assert acked["acknowledged_by"] == sup.id and acked["acknowledged_at"]
    reader.wait_for(lambda e: e["type"] == "alert.acknowledged")
    bad = sup.put("/supervisor/alarm-thresholds", json={"service_level": 1.5})
    assert bad.status_code == 422 and "service_level" in bad.json()["message_en"]
    assert day.op.put("/supervisor/alarm-thresholds", json={"asa_s": 10}).status_code == 403


def test_the_not_ready_alarm_names_the_operator(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    day = Day(api, clients)
    day.advance(15 * 60 + 5)
    [alarm] = _alerts(day.sup, "not_ready_too_long")
    assert alarm["user_id"] == day.op.id and alarm["details"]["reason"] == "training"


def test_kpis_are_pushed_to_supervisors_when_they_change(
    api: RoutingServer, clients: dict[str, Client]
) -> None:
    sup, gw, op = clients["sup1"], clients["gateway"], clients["op1"]
    watcher = EventReader(api.url, sup.token).start()
    operator = EventReader(api.url, op.token).start()
    gw.new_contact("chat")
    api.advance(1)
    pushed = watcher.wait_for(
        lambda e: e["type"] == "kpi.changed" and e["data"]["now"]["waiting"] == 1
    )
    assert pushed["data"]["windows"]["today"]["total"]["queued"] >= 1
    count = watcher.types().count("kpi.changed")
    api.advance(1)  # nothing changed: nothing pushed
    gw.new_contact("chat")
    api.advance(1)
    watcher.wait_for(lambda e: e["type"] == "kpi.changed" and e["data"]["now"]["waiting"] == 2)
    assert watcher.types().count("kpi.changed") == count + 1
    assert "kpi.changed" not in operator.types()  # supervisors only
