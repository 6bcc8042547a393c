"""Monitor mode against the real routing API: `sup1`'s board follows contacts and operators,
switches the work mode, raises and acknowledges alarms, and its actions reach `op1`'s window.

EKC_SCREENSHOTS=DIR: the board test also saves the monitor window (docs/screenshots/).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from operator_app.paths import Paths
from operator_app.services.bus import ChangeBus
from operator_app.services.workstation import Workstation
from operator_app.ui.bridge import ChangeBridge
from operator_app.ui.main_window import MainWindow
from operator_app.ui.monitor.window import MonitorWindow
from tests.helpers.api import Client, EventReader, RoutingServer

SHOTS = os.environ.get("EKC_SCREENSHOTS")


@pytest.fixture
def monitor(qtbot: QtBot, api: RoutingServer, tmp_path: Path) -> Iterator[MonitorWindow]:
    bus = ChangeBus()
    ws = Workstation(api.url, Paths.standard(tmp_path / "sup"), bus)
    ws.login("sup1", "demo")
    window = MonitorWindow(ws, ChangeBridge(bus))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    ws.start()
    qtbot.waitUntil(lambda: window.snapshot is not None, timeout=15_000)
    try:
        yield window
    finally:
        window.close()
        ws.close()


@pytest.fixture
def op_window(desk_window: Callable[[str], MainWindow]) -> MainWindow:
    return desk_window("op1")


def row_of(monitor: MonitorWindow, username: str) -> Any:
    snap = monitor.snapshot
    assert snap is not None
    return next(o for o in snap.operators if o.username == username)


def test_the_board_follows_a_contact_from_arrival_to_closing(
    qtbot: QtBot, monitor: MonitorWindow, clients: dict[str, Client], api: RoutingServer
) -> None:
    op, gw = clients["op1"], clients["gateway"]
    presence = EventReader(api.url, op.token).start()
    contact = gw.new_contact("email", subject="Справка", body="Нужна справка о выплатах")
    # arrival: in the queue table and on the "waiting" tile's board
    qtbot.waitUntil(lambda: monitor.queue.row_of(contact["id"]) is not None, timeout=10_000)

    def summary(group: str, key: str) -> dict[str, Any] | None:
        rows = [monitor.summary.row(i) for i in range(monitor.summary.rowCount())]
        return next((r for r in rows if (r["group"], r["key"]) == (group, key)), None)

    # the queue by channel: the e-mail waits (with the next KPI push or read, ≤ 5 s)
    qtbot.waitUntil(lambda: (summary("channel", "email") or {}).get("waiting") == 1, timeout=15_000)
    op.ready()
    op.ok(op.post(f"/contacts/{contact['id']}/accept"))
    # acceptance: out of the queue, in op1's row
    qtbot.waitUntil(lambda: monitor.queue.row_of(contact["id"]) is None, timeout=10_000)
    qtbot.waitUntil(
        lambda: [c[0] for c in row_of(monitor, "op1").contacts] == [contact["id"]],
        timeout=10_000,
    )
    assert row_of(monitor, "op1").state == "in_contact"
    op.ok(op.post(f"/contacts/{contact['id']}/end"))
    op.ok(
        op.post(
            f"/contacts/{contact['id']}/wrap-up",
            json={"disposition": "consultation_given", "resolved": True},
        )
    )
    # closing: op1 has handled one today and holds nothing; the KPIs count the handling
    qtbot.waitUntil(lambda: row_of(monitor, "op1").handled_today == 1, timeout=10_000)
    assert row_of(monitor, "op1").contacts == ()
    # the row moved with the events; the KPIs follow with the next push or read (≤ 5 s)

    def handled() -> int:
        snap = monitor.snapshot
        return -1 if snap is None else int(snap.kpis["windows"]["today"]["total"]["handled"])

    qtbot.waitUntil(lambda: handled() == 1, timeout=15_000)
    assert monitor.tiles.tiles["aht_s"].value.text() != "—"
    # the charts: the server's 5-minute buckets of the last hours count the arrival
    monitor.read_series()
    qtbot.waitUntil(lambda: sum(b[1] for b in monitor.charts.buckets) == 1, timeout=10_000)
    assert len(monitor.charts.buckets) >= 36  # three hours
    source = monitor.operators.row_of(op.id)
    assert source is not None
    assert monitor.operators.data(monitor.operators.index(source, 5)) == "1"
    # the operator filter narrows the table
    everyone = monitor.operators.rowCount()
    monitor.filter.setText("2 линия")
    shown = monitor.operators.rowCount()
    assert 0 < shown < everyone
    assert all(
        "2 линия" in str(monitor.operators.data(monitor.operators.index(r, 1)))
        for r in range(shown)
    )
    monitor.filter.clear()
    # "call the supervisor": on top of the help list
    op.ok(op.post("/operators/me/help", json={"text": "Гражданин требует руководителя"}), 201)
    qtbot.waitUntil(lambda: monitor.help_list.count() == 1, timeout=10_000)
    assert "Смирнова Анна Викторовна просит помощи" in monitor.help_list.item(0).text()
    assert "требует руководителя" in monitor.help_list.item(0).text()
    presence.cut()
    if SHOTS:  # a board with something on it
        for channel, category in (
            ("voice", "pensions"),
            ("chat", "maternity_capital"),
            ("web_form", "unified_benefit"),
        ):
            gw.new_contact(channel, category=category, region="Москва")
        api.advance(150)
        sup = clients["sup1"]
        sup.ok(sup.put(f"/supervisor/operators/{clients['op2'].id}/state", json={"state": "break"}))
        monitor.refresh()
        qtbot.waitUntil(
            lambda: monitor.queue.rowCount() == 3 and monitor.alarm_list.count() > 0, timeout=10_000
        )
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        monitor.grab().save(str(Path(SHOTS) / "monitor.png"))
        monitor.queue_tabs.setCurrentIndex(1)  # the queue by channel, line, agency, priority
        monitor.read_kpis_now()
        qtbot.waitUntil(
            lambda: (summary("line", "line1") or {}).get("waiting") == 2, timeout=15_000
        )
        monitor.grab().save(str(Path(SHOTS) / "monitor-queues.png"))


def test_night_mode_from_the_board_stops_non_urgent_offers(
    qtbot: QtBot, monitor: MonitorWindow, clients: dict[str, Client], api: RoutingServer
) -> None:
    op, gw, sup = clients["op1"], clients["gateway"], clients["sup1"]
    presence = EventReader(api.url, op.token).start()
    op.ready()
    monitor.mode_box.setCurrentIndex(monitor.mode_box.findData("night"))
    monitor.mode_box.activated.emit(monitor.mode_box.currentIndex())
    qtbot.waitUntil(lambda: sup.ok(sup.get("/work-mode"))["mode"] == "night", timeout=10_000)
    plain = gw.new_contact("chat", category="pensions")
    urgent = gw.new_contact("chat", category="account_lost")
    api.advance(1)
    assert op.contact(urgent["id"])["offered_to"] == op.id
    assert op.contact(plain["id"])["state"] == "queued"
    presence.cut()


def test_an_alarm_fires_past_its_threshold_and_is_logged_when_acknowledged(
    qtbot: QtBot, monitor: MonitorWindow, clients: dict[str, Client], api: RoutingServer
) -> None:
    gw, sup = clients["gateway"], clients["sup1"]
    sup.ok(sup.put("/supervisor/alarm-thresholds", json={"max_wait_s": 60}))
    contact = gw.new_contact("chat")  # nobody is ready: it waits
    api.advance(61)
    qtbot.waitUntil(lambda: monitor.alarm_list.count() >= 1, timeout=10_000)
    texts = [monitor.alarm_list.item(i).text() for i in range(monitor.alarm_list.count())]
    assert any("Ожидание в очереди дольше порога" in t for t in texts), texts
    monitor.alarm_list.setCurrentRow(0)
    alarm_id = monitor.alarm_list.currentItem().data(256)
    monitor.ack_button.click()
    qtbot.waitUntil(lambda: monitor.alarm_list.count() == 0, timeout=10_000)
    sup.login("sup1")
    alarms = sup.ok(sup.get("/alerts"))["items"]
    logged = next(a for a in alarms if a["id"] == alarm_id)
    assert logged["details"]["contact_id"] == contact["id"]
    assert logged["acknowledged_by"] == sup.id and logged["acknowledged_at"]


def test_reassignment_forced_state_team_message_and_whisper_reach_the_operator(
    qtbot: QtBot,
    monitor: MonitorWindow,
    op_window: MainWindow,
    clients: dict[str, Client],
) -> None:
    gw = clients["gateway"]
    ws = op_window.ws
    me = int(ws.user["id"])
    op_window.set_state("ready", None)
    qtbot.waitUntil(lambda: row_of(monitor, "op1").state == "ready", timeout=10_000)
    # a team message: in the band over op1's conversation
    monitor.commands.send_team_message("Сбой на портале Госуслуг с 10:00", None)
    qtbot.waitUntil(lambda: op_window.notices.isVisible(), timeout=10_000)
    assert "Сбой на портале" in op_window.notices.label.text()
    # a forced state: op1 goes not ready and is told who did it
    monitor.commands.force_state(row_of(monitor, "op1"), "not_ready")
    qtbot.waitUntil(lambda: "перевёл(а) вас" in op_window.notices.label.text(), timeout=10_000)
    qtbot.waitUntil(lambda: row_of(monitor, "op1").state == "not_ready", timeout=10_000)
    # reassignment: a waiting chat given to op1, offered to it once it is ready
    contact = gw.new_contact("chat")
    qtbot.waitUntil(lambda: monitor.queue.row_of(contact["id"]) is not None, timeout=10_000)
    monitor.commands.reassign(contact["id"], me)
    qtbot.waitUntil(
        lambda: any(
            h["kind"] == "reassigned" for h in clients["sup1"].contact(contact["id"])["history"]
        ),
        timeout=10_000,
    )
    op_window.set_state("ready", None)
    model = op_window.queue.model

    def offered() -> bool:
        row = model.row_of(contact["id"])
        return row is not None and model.contact(row).offered_to_user(me)

    qtbot.waitUntil(offered, timeout=10_000)
    # op1 accepts it in its window
    row = model.row_of(contact["id"])
    assert row is not None
    op_window.queue.table.selectRow(row)
    op_window.queue.accept_button.click()
    qtbot.waitUntil(lambda: op_window.conversation.tab(contact["id"]) is not None, timeout=10_000)
    # the supervisor follows the live chat: the transcript grows, a whisper goes from it
    monitor.commands.follow_contact(contact["id"])
    qtbot.waitUntil(lambda: contact["id"] in monitor.transcripts, timeout=10_000)
    follow = monitor.transcripts[contact["id"]]
    clients["op1"].ok(
        clients["op1"].post(f"/contacts/{contact['id']}/messages", json={"text": "Здравствуйте!"})
    )
    qtbot.waitUntil(lambda: "Здравствуйте!" in follow.transcript.toPlainText(), timeout=10_000)
    follow.hint.setText("Спросите номер заявления")
    follow.send.click()
    qtbot.waitUntil(
        lambda: "Спросите номер заявления" in op_window.notices.label.text(), timeout=10_000
    )
    monitor.commands.whisper(contact["id"], "Уточните регион обращения")
    qtbot.waitUntil(
        lambda: "Уточните регион обращения" in op_window.notices.label.text(), timeout=10_000
    )
    assert contact["number"] in op_window.notices.label.text()
    if SHOTS:
        qtbot.wait(300)  # the band's new height laid out before the picture
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        op_window.grab().save(str(Path(SHOTS) / "supervisor-notices.png"))
    op_window.notices.dismiss()
    assert not op_window.notices.isVisible()


def test_the_shift_report_is_saved_as_csv_and_a_pdf_with_its_chart(
    qtbot: QtBot,
    monitor: MonitorWindow,
    clients: dict[str, Client],
    api: RoutingServer,
    tmp_path: Path,
) -> None:
    from datetime import datetime, timedelta

    import pypdfium2 as pdfium

    op, gw = clients["op1"], clients["gateway"]
    presence = EventReader(api.url, op.token).start()
    op.ready()
    for channel in ("voice", "chat"):
        contact = gw.new_contact(channel)
        op.ok(op.post(f"/contacts/{contact['id']}/accept"))
        op.ok(op.post(f"/contacts/{contact['id']}/end"))
        op.ok(
            op.post(
                f"/contacts/{contact['id']}/wrap-up",
                json={"disposition": "consultation_given", "resolved": True},
            )
        )
        op.ready()
    end = datetime.now().astimezone() + timedelta(minutes=5)
    monitor.commands.export_report(end - timedelta(hours=8), end, tmp_path / "shift")
    qtbot.waitUntil(lambda: monitor.commands.last_report is not None, timeout=15_000)
    assert monitor.commands.last_report is not None
    csv_path, pdf_path = monitor.commands.last_report
    text = csv_path.read_text(encoding="utf-8-sig")
    assert "Обработано;2" in text and "Отвечено;2" in text
    assert "Смирнова Анна Викторовна;2;" in text  # op1's row
    assert pdf_path.read_bytes().startswith(b"%PDF")
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        assert len(pdf) >= 1
        words = pdf[0].get_textpage().get_text_range()
        assert "Отчёт за смену ЕКЦ" in words and "Смирнова Анна Викторовна" in words
        pixels = pdf[0].render(scale=1.5, rev_byteorder=True).to_numpy()  # RGB(A) rows
        # the chart is a picture on the page: a good share of it is the bars' blue (#1f5fbf)
        red, green, blue = (pixels[:, :, i].astype(int) for i in range(3))
        assert int(((blue > 150) & (red < 60) & (green < 120)).sum()) > 500
        if SHOTS:
            from PySide6.QtGui import QImage

            height, width = pixels.shape[:2]
            rgb = pixels[:, :, :3].copy()
            image = QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888)
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            image.save(str(Path(SHOTS) / "shift-report-page1.png"))
    finally:
        pdf.close()
    presence.cut()


def test_line_assignment_and_the_quality_form_from_the_board(
    qtbot: QtBot, monitor: MonitorWindow, clients: dict[str, Client], api: RoutingServer
) -> None:
    op, gw = clients["op1"], clients["gateway"]
    specialist = row_of(monitor, "l2-rostrud")
    assert specialist.line == 2
    monitor.commands.assign_line(specialist, 1)
    qtbot.waitUntil(lambda: row_of(monitor, "l2-rostrud").line == 1, timeout=10_000)
    monitor.commands.assign_line(row_of(monitor, "l2-rostrud"), None)
    qtbot.waitUntil(lambda: row_of(monitor, "l2-rostrud").line == 2, timeout=10_000)
    # a contact op1 closed, scored by its number
    presence = EventReader(api.url, op.token).start()
    op.ready()
    contact = gw.new_contact("chat")
    op.ok(op.post(f"/contacts/{contact['id']}/accept"))
    op.ok(op.post(f"/contacts/{contact['id']}/end"))
    op.ok(
        op.post(
            f"/contacts/{contact['id']}/wrap-up",
            json={"disposition": "consultation_given", "resolved": True},
        )
    )
    monitor.commands.score_quality("0000-0000000", dict.fromkeys(("greeting",), 2), "")
    qtbot.waitUntil(lambda: "не найдено" in monitor.statusBar().currentMessage(), timeout=10_000)
    scores = {"greeting": 2, "identification": 2, "accuracy": 1, "courtesy": 2, "wrap_up": 2}
    monitor.commands.score_quality(contact["number"], scores, "Хорошо, но уточняйте срок")
    qtbot.waitUntil(lambda: monitor.commands.last_quality is not None, timeout=10_000)
    assert (
        monitor.commands.last_quality is not None and monitor.commands.last_quality["percent"] == 90
    )
    assert "90 %" in monitor.statusBar().currentMessage()
    presence.cut()


def test_the_proposal_review_is_docked_in_monitor_mode(
    qtbot: QtBot, monitor: MonitorWindow, clients: dict[str, Client]
) -> None:
    l2 = clients["l2-sfr-msk"]
    article = l2.ok(l2.get("/kb/articles/KB-0002"))
    monitor.show_review()
    assert monitor.review_dock.isVisible()
    l2.ok(
        l2.post(
            "/kb/articles/KB-0002/proposals",
            json={
                "base_version": article["version"],
                "answer": article["article"]["answer"] + " Статус виден в личном кабинете.",
                "comment": "Гражданам важно знать, где смотреть статус",
            },
        ),
        201,
    )
    qtbot.waitUntil(lambda: monitor.review.list.count() == 1, timeout=10_000)
    monitor.review.list.setCurrentRow(0)
    qtbot.waitUntil(lambda: monitor.review.approve_button.isEnabled(), timeout=10_000)
    monitor.review.approve_button.click()
    qtbot.waitUntil(lambda: monitor.review.list.count() == 0, timeout=10_000)
    proposals = clients["sup1"].ok(clients["sup1"].get("/kb/proposals"))["items"]
    assert [p["status"] for p in proposals] == ["approved"]
    monitor.review.reject()  # «Закрыть» folds the dock away
    assert not monitor.review_dock.isVisible()


def test_the_live_charts_keep_python_s_reference_counts(qtbot: QtBot) -> None:
    """PySide6 6.12.0 lost a reference to None or True on every itemChange of a pyqtgraph
    item, and the board crashed within minutes ("deallocating None"): pinned away from it."""
    import sys

    from operator_app.ui.monitor.charts import Charts

    charts = Charts()
    qtbot.addWidget(charts)
    charts.show()
    sample = {
        "now": {"waiting": 3},
        "windows": {"15m": {"total": {"service_level": 0.8}}},
    }
    before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    for i in range(300):
        sample["now"]["waiting"] = i % 7
        charts.add(sample, 1_700_000_000.0 + i)
        charts.level.getPlotItem().getViewBox().setRange(xRange=(0, i + 1), padding=0)
        qtbot.wait(0)
    after = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    # a healthy binding holds steady (a few cached references either way); 6.12.0 lost 300+
    assert all(a - b > -50 for a, b in zip(after, before, strict=True)), (before, after)


def test_the_board_follows_simulated_operators_working_the_queue(
    qtbot: QtBot, monitor: MonitorWindow, api: RoutingServer, database_url: str
) -> None:
    """With `routing-api simulate --operators 3` running: a contact the simulated gateway
    posts shows in the board's queue, then in a simulated operator's row, and the operator's
    handled count rises when it is closed."""
    from routing_api.db.engine import Database
    from routing_api.seed import add_simulated_operators
    from tests.api.test_simulate import running, simulator

    db = Database(database_url)
    try:
        add_simulated_operators(db, 3)
    finally:
        db.dispose()
    monitor.refresh()  # the new accounts join the board with its next full read
    qtbot.waitUntil(
        lambda: sum(o.username.startswith("sim") for o in row_snapshot(monitor)) == 3,
        timeout=15_000,
    )
    seen_in_queue: set[int] = set()
    seen_in_hands: set[int] = set()
    apply = monitor.queue.apply

    def watch_queue(change: Any) -> None:
        apply(change)
        seen_in_queue.update(c.id for c in change.upserted)

    monitor.queue.apply = watch_queue  # type: ignore[method-assign]

    def in_hands() -> set[int]:
        held = {
            c[0] for o in row_snapshot(monitor) if o.username.startswith("sim") for c in o.contacts
        }
        seen_in_hands.update(held)
        return held

    sim = simulator(
        api,
        rate=240,
        seed=7,
        speed=60,
        operators=3,
        rating_share=0.0,
        channel_weights={"voice": 1, "chat": 1},
    )
    with running(sim):
        # arrival and acceptance: a contact seen in the queue, then in a simulated operator's
        # hands (the row moved by the event stream, between full reads of the board)
        qtbot.waitUntil(lambda: bool(in_hands() & seen_in_queue), timeout=60_000)
        # closing: the simulated operators' handled count rises (contact.closed events)
        qtbot.waitUntil(
            lambda: (
                sum(o.handled_today for o in row_snapshot(monitor) if o.username.startswith("sim"))
                >= 2
            ),
            timeout=60_000,
        )
    closed = seen_in_hands & seen_in_queue
    assert closed and sim.stats.accepted >= 2


def row_snapshot(monitor: MonitorWindow) -> tuple[Any, ...]:
    snap = monitor.snapshot
    return () if snap is None else snap.operators
