"""No personal data at rest in the clear (issue 6, acceptance 4): a short shift in which op1
verifies two citizens through the panel, reveals a SNILS, writes notes and a chat reply that
repeat what the citizens said, wraps up; then every file under the workstation's config,
data, cache and log directories (its log at DEBUG) and the routing API's own log are scanned
for each citizen's SNILS, passport, phone and address, in every usual spelling."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from operator_app.logs import setup_logging
from tests.api.verification_steps import registry_citizen, sms_codes
from tests.helpers.api import Client, RoutingServer
from tests.helpers.qt import type_text
from tests.ui.conftest import Call
from tests.ui.test_verification_panel import citizen_fields, click, enter_code, send_code, to_code


@pytest.fixture
def server_args() -> tuple[str, ...]:
    """The server at INFO, access log included: it is scanned too."""
    return ("--redirect-after", "0", "--log-level", "info")


@pytest.fixture
def debug_log(tmp_path: Path) -> Iterator[Path]:
    """The workstation's own rotating log, at DEBUG, where the app writes it."""
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    logs = tmp_path / "ws" / "logs"  # Paths.standard(base).logs
    setup_logging(logs, logging.DEBUG)
    yield logs
    for handler in root.handlers[len(before) :]:
        handler.close()
        root.removeHandler(handler)
    root.setLevel(level)


def spellings(citizen: dict[str, Any]) -> dict[str, list[str]]:
    """Each secret as it may be written: formatted, bare digits, national phone number."""
    snils_digits = re.sub(r"\D", "", citizen["snils"])
    phone = citizen["phone"]  # +7XXXXXXXXXX
    series = re.sub(r"\D", "", citizen["passport_series"])
    secrets = {
        "snils": [citizen["snils"], snils_digits],
        "passport": [
            f"{citizen['passport_series']} {citizen['passport_number']}",
            series + citizen["passport_number"],
            citizen["passport_number"],
        ],
        "phone": [phone, phone[2:], f"{phone[2:5]} {phone[5:8]}-{phone[8:10]}-{phone[10:]}"],
    }
    if citizen.get("address"):
        secrets["address"] = [citizen["address"]]
    return secrets


def scan(files: list[Path], citizens: list[dict[str, Any]]) -> list[str]:
    found = []
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        for citizen in citizens:
            for kind, values in spellings(citizen).items():
                for value in values:
                    if value and value in text:
                        found.append(f"{path.name}: {kind} of citizen {citizen['id']}")
    return found


def verify(qtbot: QtBot, call: Call, gw: Client, citizen: dict[str, Any]) -> None:
    panel = call.panel
    to_code(qtbot, call, citizen)
    enter_code(qtbot, call, send_code(qtbot, call, gw, citizen["phone"]))
    qtbot.waitUntil(lambda: panel.page() == "consent", timeout=10_000)
    click(qtbot, panel.consent_button)
    qtbot.waitUntil(lambda: "СНИЛС" in citizen_fields(panel), timeout=10_000)


def test_a_shift_leaves_no_personal_data_in_the_clear(
    qtbot: QtBot,
    debug_log: Path,
    call: Call,
    api: RoutingServer,
    clients: dict[str, Client],
    tmp_path: Path,
) -> None:
    gw = clients["gateway"]
    window, ws = call.window, call.ws
    first, second = registry_citizen(api.database_url, 14), registry_citizen(api.database_url, 15)
    # the call: verified, the SNILS revealed, notes repeating the phone and the SNILS
    verify(qtbot, call, gw, first)
    snils = citizen_fields(call.panel)["СНИЛС"]
    reveal = next(b for b in call.panel.findChildren(type(call.panel.start_button))
                  if b.accessibleName() == "Показать: СНИЛС")  # fmt: skip
    click(qtbot, reveal)
    qtbot.waitUntil(lambda: snils.text() == first["snils"], timeout=10_000)
    tab = window.conversation.tab(call.contact_id)
    assert tab is not None and tab.controls is not None
    click(qtbot, tab.controls.end_button)
    qtbot.waitUntil(window.wrapup.button.isEnabled, timeout=15_000)
    type_text(
        window.wrapup.notes,
        f"Перезвонить на {first['phone']}, СНИЛС {first['snils']}, паспорт "
        f"{first['passport_series']} {first['passport_number']}",
    )
    qtbot.wait(800)  # the notes draft is saved (encrypted) while typing
    click(qtbot, window.wrapup.button)
    qtbot.waitUntil(lambda: window.conversation.tab(call.contact_id) is None, timeout=15_000)
    api.advance(31)  # after-contact work ends on the server's clock: op1 is ready again
    # a chat: the citizen writes their SNILS and phone; the reply repeats them
    chat = gw.new_contact(
        "chat",
        category="pensions",
        caller={"name": "Гражданка", "phone": second["phone"]},
        messages=[{"from": "citizen", "text": f"Мой СНИЛС {second['snils']}"}],
    )
    model, me = window.queue.model, int(ws.user["id"])
    qtbot.waitUntil(
        lambda: (
            (row := model.row_of(chat["id"])) is not None and model.contact(row).offered_to_user(me)
        ),
        timeout=15_000,
    )
    row = model.row_of(chat["id"])
    assert row is not None
    window.queue.table.selectRow(row)
    qtbot.waitUntil(window.queue.accept_button.isEnabled, timeout=5_000)
    window.queue.accept_button.click()
    qtbot.waitUntil(lambda: window.conversation.tab(chat["id"]) is not None, timeout=15_000)
    chat_tab = window.conversation.tab(chat["id"])
    assert chat_tab is not None
    qtbot.waitUntil(lambda: call.panel.start_button.isVisible(), timeout=10_000)
    call.contact_id = int(chat["id"])
    verify(qtbot, call, gw, second)
    type_text(chat_tab.reply, f"Записала ваш телефон {second['phone']}")
    qtbot.wait(800)  # the reply draft is saved (encrypted)
    click(qtbot, chat_tab.send_button)
    qtbot.waitUntil(lambda: chat_tab.reply.toPlainText() == "", timeout=10_000)
    # the server has what the operator sent: the data reached the central system
    qtbot.waitUntil(
        lambda: second["phone"] in str(clients["sup1"].contact(chat["id"])["history"]),
        timeout=15_000,
    )
    assert sms_codes(gw, second["phone"])

    window.flush_drafts()
    window.close()
    ws.close()  # the shift ends (the fixture's own close is then a no-op)
    for handler in logging.getLogger().handlers:
        handler.flush()

    # the scan finds what it looks for: a file with the bare digits of a SNILS
    canary = tmp_path / "canary.txt"
    canary.write_text("x" + re.sub(r"\D", "", first["snils"]) + "x", encoding="utf-8")
    assert scan([canary], [first]) == ["canary.txt: snils of citizen 14"]
    files = [p for p in (tmp_path / "ws").rglob("*") if p.is_file()]
    assert any(p.suffix == ".sqlite3" for p in files), files  # the local store was written
    assert any(p.name.startswith("workstation.log") for p in files)
    assert (debug_log / "workstation.log").stat().st_size > 0
    assert scan(files, [first, second]) == []
    server_log = Path(api.log_path)
    assert server_log.stat().st_size > 0
    assert scan([server_log], [first, second]) == []
