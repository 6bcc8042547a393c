"""The second-line desk against the real routing API: `l2-sfr-msk` takes a call the first line
escalated (with why and who), verifies the citizen in the card, and then sees the citizen's
СФР payments and applications; the first line never asks for them.

EKC_SCREENSHOTS=DIR: also saves the specialist's window (docs/screenshots/second-line-desk.png).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest
import sqlalchemy as sa
from PySide6.QtWidgets import QLabel, QScrollArea
from pytestqt.qtbot import QtBot

from operator_app.ui.main_window import MainWindow
from tests.api.verification_steps import registry_citizen, ru_date
from tests.helpers.api import Client, RoutingServer
from tests.ui.conftest import Call
from tests.ui.test_e2e_channels import Desk, open_tab
from tests.ui.test_verification_panel import click, fill, send_code

SHOTS = os.environ.get("EKC_SCREENSHOTS")


@pytest.fixture
def l2_window(desk_window: Callable[[str], MainWindow]) -> MainWindow:
    window = desk_window("l2-sfr-msk")
    window.resize(1366, 768)
    return window


def citizen_with_sfr_payments(database_url: str) -> int:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            return int(
                conn.execute(
                    sa.text(
                        "SELECT citizen_id FROM citizen_payments WHERE agency = 'СФР' "
                        "ORDER BY citizen_id LIMIT 1"
                    )
                ).scalar_one()
            )
    finally:
        engine.dispose()


def test_an_escalation_arrives_with_why_and_who_and_a_verified_citizen_shows_payments(
    qtbot: QtBot, l2_window: MainWindow, api: RoutingServer, clients: dict[str, Client]
) -> None:
    op, gw, l2 = clients["op1"], clients["gateway"], clients["l2-sfr-msk"]
    ws = l2_window.ws
    assert ws.verification.second_line
    # the first line takes a pension call from Moscow and escalates it to СФР Москва
    op.ready()
    call = gw.new_contact("voice", category="pensions", region="Москва")
    op.ok(op.post(f"/contacts/{call['id']}/accept"))
    reason = "Нужны сведения о выплатах пенсии"
    op.ok(
        op.post(
            f"/contacts/{call['id']}/escalate",
            json={"target": "line2", "agency": "СФР", "region": "Москва", "reason": reason},
        )
    )
    l2_window.set_state("ready", None)
    qtbot.waitUntil(lambda: l2.ok(l2.get("/operators/me/state"))["state"] == "ready")
    desk = cast(Desk, SimpleNamespace(window=l2_window, ws=ws))  # what open_tab reads
    open_tab(qtbot, desk, call["id"])  # offered, or taken from the queue
    # why and who: the escalation in the contact's history
    conversation = ws.conversations[call["id"]]
    escalated = [h for h in conversation.detail["history"] if h["kind"] == "escalated"]
    assert escalated and escalated[0]["data"]["reason"] == reason
    assert escalated[0]["data"]["from_username"] == "op1"
    # verification in the card, then the СФР records of this citizen
    citizen = registry_citizen(api.database_url, citizen_with_sfr_payments(api.database_url))
    here = Call(l2_window, ws, call["id"])
    panel = here.panel
    qtbot.waitUntil(
        lambda: panel.start_button.isVisible() and panel.start_button.isEnabled(), timeout=10_000
    )
    click(qtbot, panel.start_button)
    qtbot.waitUntil(lambda: panel.page() == "basic", timeout=10_000)
    phone = citizen["phone"]
    fill(panel.last_name, citizen["last_name"])
    fill(panel.first_name, citizen["first_name"])
    fill(panel.middle_name, citizen["middle_name"] or "")
    fill(panel.birth_date, ru_date(citizen["birth_date"]))
    fill(panel.phone, f"8 ({phone[2:5]}) {phone[5:8]}-{phone[8:10]}-{phone[10:]}")
    click(qtbot, panel.basic_button)
    qtbot.waitUntil(lambda: panel.page() == "document", timeout=10_000)
    fill(panel.snils, citizen["snils"])
    click(qtbot, panel.document_button)
    qtbot.waitUntil(lambda: panel.page() == "code", timeout=10_000)
    code = send_code(qtbot, here, gw, phone)
    fill(panel.code, code)
    click(qtbot, panel.check_button)
    qtbot.waitUntil(lambda: panel.page() == "consent", timeout=10_000)
    click(qtbot, panel.consent_button)

    def records() -> str:
        return " ".join(
            label.text() for label in panel.findChildren(QLabel) if "Выплаты" in label.text()
        )

    qtbot.waitUntil(lambda: bool(records()), timeout=10_000)
    payments = l2.ok(l2.get(f"/contacts/{call['id']}/citizen/payments"))["items"]
    assert payments and all(p["agency"] == "СФР" for p in payments)
    for p in payments:
        assert p["kind"] in records() and p["paid_on"] in records()
    applications = [
        label.text() for label in panel.findChildren(QLabel) if "Заявления" in label.text()
    ]
    assert applications
    if SHOTS:
        scroller = panel.parentWidget()
        while scroller is not None and not isinstance(scroller, QScrollArea):
            scroller = scroller.parentWidget()
        shown = next(label for label in panel.findChildren(QLabel) if "Выплаты" in label.text())
        if scroller is not None:  # the card scrolled to the citizen's records
            scroller.horizontalScrollBar().setValue(0)
            scroller.ensureWidgetVisible(shown, 0, 120)
            scroller.horizontalScrollBar().setValue(0)
        qtbot.wait(300)
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        l2_window.grab().save(str(Path(SHOTS) / "second-line-desk.png"))
    # what the specialist sees goes with the contact: nothing of it after the wrap-up
    state = ws.verification.get(call["id"])
    assert state is not None and state.payments is not None
