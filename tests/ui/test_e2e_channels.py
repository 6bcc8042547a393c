"""End to end against the real routing API (issue 5, acceptance 1): a call with its screen pop,
hold and escalation to line 2 СФР Москва, seen with its history in `l2-sfr-msk`'s window; an
e-mail answered with an inserted expert answer; a contact resumed by its number with its
history; an unresolved wrap-up whose callback turns overdue (red) on the virtual clock."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from pytestqt.qtbot import QtBot

from operator_app.paths import Paths
from operator_app.ui import theme
from operator_app.ui.app import WorkstationApp
from operator_app.ui.dialogs.escalate import EscalateDialog
from operator_app.ui.main_window import MainWindow
from operator_app.ui.panes.conversation import ConversationTab
from tests.helpers.api import Client, RoutingServer
from tests.helpers.qt import type_text

#: EKC_SCREENSHOTS=DIR: the queue-summary test also saves op1's window (docs/screenshots/)
SHOTS = os.environ.get("EKC_SCREENSHOTS")
IVR = {
    "menu_path": ["Социальный фонд", "Пенсии", "Статус заявления"],
    "category": "pensions",
    "region": "Москва",
    "snils": "11223344595",
}


class Desk:
    """One logged-in workstation (the app holder and its window)."""

    def __init__(self, holder: WorkstationApp) -> None:
        self.holder = holder
        assert holder.window is not None and holder.workstation is not None
        self.window: MainWindow = holder.window
        self.ws = holder.workstation

    def close(self) -> None:
        # a draft still waiting to be saved would be saved after the session closed
        for tab in self.window.findChildren(ConversationTab):
            tab._draft_timer.stop()
        self.window.wrapup._draft_timer.stop()
        self.window.close()
        self.holder.shutdown()


@pytest.fixture
def desks(qtbot: QtBot, qapp: object, api: RoutingServer, workstation_dirs: Path) -> Iterator[Any]:
    """open(username) logs a workstation in; all are closed at the end."""
    opened: list[Desk] = []

    def open_desk(username: str) -> Desk:
        base = workstation_dirs / username
        base.mkdir()
        holder = WorkstationApp(qapp, Paths.standard(base), api.url, "ru")  # type: ignore[arg-type]
        holder.start()
        dialog = holder.login
        assert dialog is not None
        dialog.username.setCurrentText(username)
        qtbot.keyClicks(dialog.password, "demo")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: holder.window is not None, timeout=20_000)
        desk = Desk(holder)
        opened.append(desk)
        return desk

    yield open_desk
    for desk in opened:
        desk.close()


def state_of(sup: Client, username: str) -> str:
    items = sup.ok(sup.get("/operators"))["items"]
    return str(next(o["state"] for o in items if o["username"] == username))


def make_ready(qtbot: QtBot, desk: Desk, sup: Client) -> None:
    desk.window.set_state("ready", None)
    username = desk.ws.user["username"]
    qtbot.waitUntil(lambda: state_of(sup, username) == "ready", timeout=15_000)


def open_tab(qtbot: QtBot, desk: Desk, contact_id: int) -> ConversationTab:
    """Accept the offer (or take the contact from the queue) and wait for its tab."""
    model = desk.window.queue.model
    me = int(desk.ws.user["id"])

    def ready_to_take() -> bool:
        row = model.row_of(contact_id)
        if row is None:
            return False
        contact = model.contact(row)
        return contact.pullable or contact.offered_to_user(me)

    qtbot.waitUntil(ready_to_take, timeout=20_000)
    row = model.row_of(contact_id)
    assert row is not None
    desk.window.queue.table.selectRow(row)
    contact = model.contact(row)
    if contact.offered_to_user(me):
        qtbot.mouseClick(desk.window.queue.accept_button, Qt.MouseButton.LeftButton)
    else:
        qtbot.mouseClick(desk.window.queue.take_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.window.conversation.tab(contact_id) is not None, timeout=15_000)
    tab = desk.window.conversation.tab(contact_id)
    assert tab is not None
    return tab


def test_call_screen_pop_hold_and_escalation_to_line2_moscow(
    qtbot: QtBot, desks: Any, clients: dict[str, Client]
) -> None:
    gw, sup = clients["gateway"], clients["sup1"]
    op1 = desks("op1")
    make_ready(qtbot, op1, sup)
    call = gw.new_contact(
        "voice",
        category="pensions",
        region="Москва",
        caller={"name": "Иван Петров", "phone": "+79161234545"},
        ivr=IVR,
    )
    # the offer, and the screen pop filled at once with the IVR data
    tab = open_tab(qtbot, op1, call["id"])
    details = tab.details.text()
    for shown in ("Социальный фонд › Пенсии › Статус заявления", "Иван Петров", "-45", "***95"):
        assert shown in details, (shown, details)
    assert "11223344595" not in details and "+79161234545" not in details  # masked
    assert tab.controls is not None and tab.controls.timer_label.text().startswith("Разговор")
    # the citizen card shows who is calling
    assert "Иван Петров" in op1.window.card.who.text()
    assert "Москва" in op1.window.card.who.text()
    # hold and back (F8's toggle)
    qtbot.mouseClick(tab.controls.hold_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sup.contact(call["id"])["state"] == "on_hold", timeout=10_000)
    qtbot.waitUntil(lambda: tab.controls.hold_button.text() == "Вернуть", timeout=10_000)  # type: ignore[union-attr]
    assert tab.controls.timer_label.text().startswith("На удержании")
    qtbot.mouseClick(tab.controls.hold_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sup.contact(call["id"])["state"] == "in_progress", timeout=10_000)
    # escalate: second line, agency and region default to the contact's
    qtbot.mouseClick(tab.escalate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: isinstance(op1.window.contact_ui.dialog, EscalateDialog), timeout=10_000
    )
    dialog = op1.window.contact_ui.dialog
    assert isinstance(dialog, EscalateDialog)
    assert dialog.agency.currentData() == "СФР" and dialog.region.currentData() == "Москва"
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()  # no reason
    reason = "Нужны данные о выплатах за 2024 год"
    line = dialog.reason.lineEdit()
    assert line is not None
    type_text(line, reason)
    type_text(dialog.notes, "Гражданин назвал СНИЛС в IVR, просит перерасчёт")
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: op1.window.conversation.tab(call["id"]) is None, timeout=15_000)
    detail = sup.contact(call["id"])
    assert (detail["state"], detail["target_agency"], detail["target_region"]) == (
        "escalated",
        "СФР",
        "Москва",
    )
    # the second-line specialist of СФР Москва gets it, sees who escalated, why, and the history
    l2 = desks("l2-sfr-msk")
    make_ready(qtbot, l2, sup)
    l2_tab = open_tab(qtbot, l2, call["id"])
    banner = l2_tab.handover.text()
    assert l2_tab.handover.isVisibleTo(l2.window)
    assert f"Эскалировано: op1 — {reason}" in banner
    assert "просит перерасчёт" in banner and "СФР" in banner and "Москва" in banner
    assert "Социальный фонд › Пенсии › Статус заявления" in l2_tab.details.text()
    history = l2_tab.history.toPlainText()
    for kind in ("Поступило", "Принято в работу", "Поставлено на удержание", "Эскалировано"):
        assert kind in history, (kind, history)
    assert "op1" in history
    assert sup.contact(call["id"])["owner_id"] == l2.ws.user["id"]


def test_waiting_calls_and_chats_are_a_summary_in_the_first_line_queue_pane(
    qtbot: QtBot, desks: Any, clients: dict[str, Client]
) -> None:
    """Routing offers calls and chats one by one; until then a first-line operator's queue
    pane counts them, with the longest wait (the server's `queue.summary`), and lists what
    the operator may take (an e-mail). A colleague's offer takes a call off the count."""
    gw = clients["gateway"]
    op1 = desks("op1")
    op1.window.resize(1366, 768)
    calls = [gw.new_contact("voice", ivr=IVR) for _ in range(2)]
    chat = gw.new_contact("chat")
    mail = gw.new_contact("email", subject="Справка", body="Нужна справка о размере пенсии")
    pane = op1.window.queue
    qtbot.waitUntil(lambda: "Звонки в очереди: <b>2</b>" in pane.summary.text(), timeout=15_000)
    qtbot.waitUntil(lambda: "Чаты в очереди: <b>1</b>" in pane.summary.text(), timeout=15_000)
    assert pane.summary.isVisibleTo(op1.window)
    # the longest wait ticks on from the server's oldest queue time, in the service level colour
    shown = r'дольше всех ждёт <b style="color:(#\w+)">(\d+):(\d\d)</b>'
    waits = re.findall(shown, pane.summary.text())
    assert len(waits) == 2 and all(int(m) * 60 + int(s) < 30 for _, m, s in waits)
    assert {colour for colour, _, _ in waits} == {theme.current().ok}
    qtbot.waitUntil(lambda: pane.model.row_of(mail["id"]) is not None, timeout=15_000)
    assert [pane.model.row_of(c["id"]) for c in [*calls, chat]] == [None, None, None]
    if SHOTS:
        op1.window.grab().save(str(Path(SHOTS) / "main-queue-summary.png"))
    clients["op2"].ready()  # the oldest call is offered to op2: one call less waits
    qtbot.waitUntil(lambda: "Звонки в очереди: <b>1</b>" in pane.summary.text(), timeout=15_000)
    summary = op1.ws.queue_summary
    assert summary is not None and summary.waiting == 2
    assert pane.model.row_of(calls[0]["id"]) is None


def test_email_answered_with_an_inserted_expert_answer(
    qtbot: QtBot, desks: Any, clients: dict[str, Client]
) -> None:
    gw, sup = clients["gateway"], clients["sup1"]
    op1 = desks("op1")
    qtbot.waitUntil(lambda: op1.ws.engine is not None and len(op1.ws.engine) > 300, timeout=30_000)
    mail = gw.new_contact(
        "email",
        category="maternity_capital",
        caller={"name": "Анна Смирнова", "email": "anna.smirnova@example.ru"},
        subject="Материнский капитал на ипотеку",
        body="Здравствуйте!\n\nМожно ли направить материнский капитал на ипотеку?\n\nАнна",
    )
    make_ready(qtbot, op1, sup)
    tab = open_tab(qtbot, op1, mail["id"])  # e-mails are pulled from the queue
    assert "Материнский капитал на ипотеку" in tab.details.text()
    assert "a***@example.ru" in tab.details.text()
    assert "Можно ли направить материнский капитал" in tab.transcript.toPlainText()
    assert "по электронной почте" in tab.reply_channel.text()
    assert tab.send_button.text() == "Отправить ответ"
    # the expert system's «Вставить в ответ» fills the composer
    type_text(tab.reply, "Здравствуйте, Анна! ")
    type_text(op1.window.search.query, "маткапитал на ипотеку")
    qtbot.waitUntil(lambda: op1.window.search.insert_button.isEnabled(), timeout=10_000)
    article = op1.window.search.current_article()
    assert article is not None
    qtbot.mouseClick(op1.window.search.insert_button, Qt.MouseButton.LeftButton)
    reply = tab.reply.toPlainText()
    assert reply.startswith("Здравствуйте, Анна! ") and article["answer"] in reply
    qtbot.mouseClick(tab.send_button, Qt.MouseButton.LeftButton)

    def sent() -> list[str]:
        history = sup.contact(mail["id"])["history"]
        return [
            h["data"]["text"]
            for h in history
            if h["kind"] == "message" and h["data"]["from"] == "operator"
        ]

    qtbot.waitUntil(lambda: len(sent()) == 1, timeout=15_000)
    assert sent()[0] == reply.strip()
    assert article["answer"] in sent()[0]
    qtbot.waitUntil(
        lambda: any(m.sender == "operator" for m in tab.conversation.messages), timeout=15_000
    )


def test_contact_resumed_by_its_number_with_its_history(
    qtbot: QtBot, desks: Any, clients: dict[str, Client]
) -> None:
    gw, sup, op2 = clients["gateway"], clients["sup1"], clients["op2"]
    # an earlier contact, handled and closed by a colleague
    op2.ready()
    earlier = gw.new_contact("voice", caller={"name": "Ольга", "phone": "+79035550011"})
    op2.ok(op2.post(f"/contacts/{earlier['id']}/accept"))
    op2.ok(op2.post(f"/contacts/{earlier['id']}/end"))
    op2.ok(
        op2.post(
            f"/contacts/{earlier['id']}/wrap-up",
            json={
                "disposition": "callback_required",
                "resolved": False,
                "notes": "Заявление на перерасчёт подано 3 марта, ждёт решения",
            },
        )
    )
    # today she writes in a chat from another phone and quotes that number
    op1 = desks("op1")
    make_ready(qtbot, op1, sup)
    chat = gw.new_contact(
        "chat",
        caller={"name": "Ольга", "phone": "+79990001122"},
        messages=[{"from": "citizen", "text": f"Я уже обращалась, номер {earlier['number']}"}],
    )
    tab = open_tab(qtbot, op1, chat["id"])
    card = op1.window.card
    assert not card.link_button.isEnabled()
    type_text(card.number, earlier["number"])
    qtbot.mouseClick(card.find_button, Qt.MouseButton.LeftButton)
    # the card of the same contact is refreshed (a new event) while the search runs, and
    # again once it has found: neither loses what was found
    card.show_conversation(op1.window.conversation.current())
    qtbot.waitUntil(lambda: card.selected_number() == earlier["number"], timeout=10_000)
    card.show_conversation(op1.window.conversation.current())
    assert card.selected_number() == earlier["number"]
    found = card.tree.currentItem()
    assert found is not None and found.isExpanded()
    lines = [found.child(i).text(0) for i in range(found.childCount())]
    assert any("Заявление на перерасчёт подано 3 марта" in line for line in lines), lines
    assert any("op2" in line for line in lines)
    assert "не решено" in found.text(3)
    qtbot.waitUntil(card.link_button.isEnabled, timeout=5_000)
    qtbot.mouseClick(card.link_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sup.contact(chat["id"])["resumes"] == earlier["number"], timeout=10_000)
    # the tab and the card now carry the earlier history
    qtbot.waitUntil(lambda: "Заявление на перерасчёт" in tab.history.toPlainText(), timeout=10_000)
    qtbot.waitUntil(lambda: earlier["number"] in card.who.text(), timeout=10_000)
    assert not card.link_button.isEnabled()  # linked once
    detail = sup.contact(chat["id"])
    linked = next(h for h in detail["history"] if h["kind"] == "linked")
    assert linked["actor"] == "op1" and linked["data"]["number"] == earlier["number"]
    assert detail["previous"][0]["number"] == earlier["number"]


def test_unresolved_wrap_up_makes_a_callback_that_turns_overdue(
    qtbot: QtBot, desks: Any, clients: dict[str, Client], api: RoutingServer
) -> None:
    gw, sup = clients["gateway"], clients["sup1"]
    op1 = desks("op1")
    make_ready(qtbot, op1, sup)
    call = gw.new_contact("voice", caller={"name": "Пётр", "phone": "+79161112233"}, ivr=IVR)
    tab = open_tab(qtbot, op1, call["id"])
    assert tab.controls is not None
    qtbot.mouseClick(tab.controls.end_button, Qt.MouseButton.LeftButton)
    wrapup = op1.window.wrapup
    qtbot.waitUntil(wrapup.button.isEnabled, timeout=15_000)
    wrapup.disposition.setCurrentIndex(wrapup.disposition.findData("callback_required"))
    assert not wrapup.resolved.isChecked()
    type_text(wrapup.notes, "Не дозвонились до отдела, перезвонить")
    qtbot.mouseClick(wrapup.button, Qt.MouseButton.LeftButton)

    def task_id() -> int | None:
        history = sup.contact(call["id"])["history"]
        entry = next((h for h in history if h["kind"] == "callback_scheduled"), None)
        if entry is None:
            return None
        found = sup.ok(sup.get("/contacts", params={"number": entry["data"]["callback"]}))
        return int(found["items"][0]["id"])

    qtbot.waitUntil(lambda: task_id() is not None, timeout=15_000)
    task = task_id()
    assert task is not None
    model = op1.window.queue.model
    qtbot.waitUntil(lambda: model.row_of(task) is not None, timeout=15_000)

    def cell(role: Qt.ItemDataRole, column: str = "wait") -> Any:
        row = model.row_of(task)
        assert row is not None
        return model.data(model.index(row, model.COLUMNS.index(column)), role)

    assert model.contact(model.row_of(task)).channel == "callback"
    assert cell(Qt.ItemDataRole.ForegroundRole, "number") is None
    assert str(cell(Qt.ItemDataRole.DisplayRole)).startswith("к ")
    refreshes = op1.ws.client.refreshes
    # 15 minutes pass on the server's clock: the task is overdue (and the access token too)
    api.advance(15 * 60 + 5)
    qtbot.waitUntil(
        lambda: cell(Qt.ItemDataRole.ForegroundRole, "number") is not None, timeout=20_000
    )
    colours = theme.current()
    foreground = cell(Qt.ItemDataRole.ForegroundRole, "number")
    assert isinstance(foreground, QBrush) and foreground.color().name() == colours.error
    background = cell(Qt.ItemDataRole.BackgroundRole)
    assert isinstance(background, QBrush) and background.color().name() == colours.row_late
    # on its coloured background the wait cell's text is the theme's text (error on it is <4.5:1)
    on_background = cell(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(on_background, QBrush) and on_background.color().name() == colours.text
    assert str(cell(Qt.ItemDataRole.DisplayRole)).startswith("просрочено")
    assert model.contact(model.row_of(task)).overdue
    # the workstation keeps working past the token's expiry: it refreshes its session
    op1.window.refresh_stats()
    qtbot.waitUntil(lambda: op1.ws.client.refreshes > refreshes, timeout=15_000)
    sup.login("sup1")  # the test's own client has no refresh logic
    kinds = [h["kind"] for h in sup.contact(task)["history"]]
    assert kinds.count("overdue") == 1


def test_search_ranks_the_regional_card_of_the_contact_in_front_of_the_operator(
    qtbot: QtBot, desks: Any, clients: dict[str, Client]
) -> None:
    """DESIGN §3: regional cards rank by the contact's region. The query typed before any
    contact ranks the federal card first; accepting a call from Москва re-runs it with the
    contact's region, and the Moscow variant comes first."""
    gw, sup = clients["gateway"], clients["sup1"]
    op1 = desks("op1")
    qtbot.waitUntil(lambda: op1.ws.engine is not None and len(op1.ws.engine) > 300, timeout=30_000)
    pane = op1.window.search

    def first() -> str | None:
        if pane.searching() or pane.shown_query != "субсидия на жку" or not pane.results.count():
            return None
        return str(pane.results.item(0).data(Qt.ItemDataRole.UserRole))

    type_text(pane.query, "субсидия на жку")
    qtbot.waitUntil(lambda: first() is not None, timeout=10_000)
    assert op1.ws.context_region is None
    federal = first()
    assert federal != "KB-0338"
    make_ready(qtbot, op1, sup)
    call = gw.new_contact(
        "voice",
        category="housing_subsidy",
        region="Москва",
        caller={"name": "Ольга Иванова", "phone": "+79161234577"},
    )
    open_tab(qtbot, op1, call["id"])
    qtbot.waitUntil(lambda: op1.ws.context_region == "Москва", timeout=10_000)
    qtbot.waitUntil(lambda: first() == "KB-0338", timeout=10_000)  # «Субсидия на ЖКУ в Москве»
