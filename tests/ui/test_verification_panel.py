"""The identity-verification panel of the citizen card, driven like an operator would, against
the real routing API (issue 6, acceptance 1): the happy path with consent recorded and a field
revealed; a wrong date of birth refused with what to tell the citizen; an invalid SNILS caught
as typed; three wrong codes blocking; an expired code on the server's virtual clock; and what
the citizen said gone from the panel and from memory at wrap-up.

EKC_SCREENSHOTS=DIR: the happy path also saves the card at each step (docs/screenshots/).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from operator_app.ui.panes.verification_panel import CheckedField, VerificationPanel
from tests.api.verification_steps import path, registry_citizen, ru_date, sms_codes
from tests.helpers.api import Client, RoutingServer
from tests.helpers.qt import type_text
from tests.ui.conftest import Call

SHOTS = os.environ.get("EKC_SCREENSHOTS")


def shoot(call: Call, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        call.window.card.grab().save(str(Path(SHOTS) / f"verification-{name}.png"))


def citizen_fields(panel: VerificationPanel) -> dict[str, QLabel]:
    """The verified citizen's values shown, by field name."""
    grid, found = panel.fields_grid, {}
    for row in range(grid.rowCount()):
        item = grid.itemAtPosition(row, 1)
        widget = item.widget() if item is not None else None
        if isinstance(widget, QLabel):
            found[widget.accessibleName()] = widget
    return found


def fill(field: CheckedField, text: str) -> None:
    field.edit.clear()
    type_text(field.edit, text)


def click(qtbot: QtBot, button: QPushButton) -> None:
    """Click like an operator: on a button that shows and is enabled. While the panel reads the
    contact's verification (a pushed change can start a read at any moment) its buttons are
    disabled; the operator waits the moment out, and so does the test, up to 10 s."""
    assert button.isVisible(), button.text()
    qtbot.waitUntil(button.isEnabled, timeout=10_000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def start_and_say_basic(qtbot: QtBot, call: Call, citizen: dict[str, Any], **said: str) -> None:
    panel = call.panel
    click(qtbot, panel.start_button)
    qtbot.waitUntil(lambda: panel.page() == "basic", timeout=10_000)
    phone = citizen["phone"]
    fill(panel.last_name, said.get("last_name", citizen["last_name"]))
    fill(panel.first_name, citizen["first_name"])
    fill(panel.middle_name, citizen["middle_name"] or "")
    fill(panel.birth_date, said.get("birth_date", ru_date(citizen["birth_date"])))
    fill(panel.phone, f"8 ({phone[2:5]}) {phone[5:8]}-{phone[8:10]}-{phone[10:]}")
    click(qtbot, panel.basic_button)
    qtbot.waitUntil(lambda: panel.page() == "document", timeout=10_000)


def to_code(qtbot: QtBot, call: Call, citizen: dict[str, Any]) -> None:
    panel = call.panel
    start_and_say_basic(qtbot, call, citizen)
    assert panel.document_kind.currentData() == "snils"  # a pension matter needs the SNILS
    assert "пенсионным" in panel.requirement.text()
    fill(panel.snils, citizen["snils"])
    click(qtbot, panel.document_button)
    qtbot.waitUntil(lambda: panel.page() == "code", timeout=10_000)


def send_code(qtbot: QtBot, call: Call, gw: Client, phone: str, before: int = 0) -> str:
    panel = call.panel
    click(qtbot, panel.send_button)
    qtbot.waitUntil(lambda: len(sms_codes(gw, phone)) > before, timeout=10_000)
    qtbot.waitUntil(lambda: "Код действует ещё" in panel.code_countdown.text(), timeout=10_000)
    return sms_codes(gw, phone)[-1]


def enter_code(qtbot: QtBot, call: Call, code: str) -> None:
    panel = call.panel
    fill(panel.code, code)
    click(qtbot, panel.check_button)


def test_happy_path_with_consent_and_a_revealed_snils(
    qtbot: QtBot, call: Call, api: RoutingServer, clients: dict[str, Client]
) -> None:
    op, gw = clients["op1"], clients["gateway"]
    citizen = registry_citizen(api.database_url, 7)
    panel = call.panel
    assert "Не выполнялась" in panel.summary.text()
    shoot(call, "0-start")
    click(qtbot, panel.start_button)
    qtbot.waitUntil(lambda: panel.page() == "basic", timeout=10_000)
    # the steps: the first current, the rest waiting
    assert panel.step_labels[0].accessibleDescription() == "current"
    assert [label.accessibleDescription() for label in panel.step_labels[1:]] == ["pending"] * 4
    phone = citizen["phone"]
    fill(panel.last_name, citizen["last_name"])
    fill(panel.first_name, citizen["first_name"])
    fill(panel.middle_name, citizen["middle_name"] or "")
    fill(panel.birth_date, ru_date(citizen["birth_date"]))
    fill(panel.phone, f"8 ({phone[2:5]}) {phone[5:8]}-{phone[8:10]}-{phone[10:]}")
    shoot(call, "1-basic")
    click(qtbot, panel.basic_button)
    qtbot.waitUntil(lambda: panel.page() == "document", timeout=10_000)
    fill(panel.snils, citizen["snils"])
    shoot(call, "2-document")
    click(qtbot, panel.document_button)
    qtbot.waitUntil(lambda: panel.page() == "code", timeout=10_000)
    assert [label.accessibleDescription() for label in panel.step_labels] == [
        *["done"] * 3,
        "current",
        "pending",
    ]
    assert f"+7 *** ***-**-{phone[-2:]}" in panel.code_info.text()
    assert not panel.check_button.isEnabled()  # no code sent yet
    code = send_code(qtbot, call, gw, phone)
    assert "Попыток осталось: 3" in panel.code_info.text()
    assert "через" in panel.send_button.text() and not panel.send_button.isEnabled()
    fill(panel.code, code)
    shoot(call, "3-code")
    click(qtbot, panel.check_button)
    qtbot.waitUntil(lambda: panel.page() == "consent", timeout=10_000)
    shoot(call, "4-consent")
    click(qtbot, panel.consent_button)
    qtbot.waitUntil(lambda: panel.page() == "result" and panel.fields_grid.count() > 0)
    assert "Личность подтверждена" in panel.summary.text()
    assert [label.accessibleDescription() for label in panel.step_labels] == ["done"] * 5
    # the server recorded it, with the consent, on the contact
    state = op.ok(op.get(path(call.contact_id)))
    assert state["state"] == "verified" and state["consent_at"]
    assert op.contact(call.contact_id)["verification"]["state"] == "verified"
    # the citizen's fields shown masked; the SNILS revealed deliberately (and audited)
    snils_label = citizen_fields(panel)["СНИЛС"]
    assert snils_label.text() == "***-***-*** " + citizen["snils"][-2:]
    shoot(call, "5-verified")
    reveal = next(
        b
        for b in panel.findChildren(QPushButton)
        if b.accessibleName() == "Показать: СНИЛС" and b.isVisible()
    )
    click(qtbot, reveal)
    qtbot.waitUntil(lambda: snils_label.text() == citizen["snils"], timeout=10_000)
    sup = clients["sup1"]
    audit = sup.ok(sup.get("/audit", params={"contact_id": call.contact_id}))["items"]
    assert any(a["action"] == "pd.reveal" and a["field"] == "snils" for a in audit)


def test_wrong_birth_date_is_refused_with_what_to_tell_the_citizen(
    qtbot: QtBot, call: Call, api: RoutingServer
) -> None:
    citizen = registry_citizen(api.database_url, 8)
    born = ru_date(citizen["birth_date"])
    wrong = born[:-4] + str(int(born[-4:]) - 1)
    panel = call.panel
    start_and_say_basic(qtbot, call, citizen, birth_date=wrong)
    fill(panel.snils, citizen["snils"])
    click(qtbot, panel.document_button)
    qtbot.waitUntil(lambda: panel.page() == "result", timeout=10_000)
    text = panel.result_text.text()
    assert "Дата рождения не совпадает с данными реестра" in text
    assert "Скажите гражданину:" in text and "клиентскую службу" in text
    assert panel.step_labels[2].accessibleDescription() == "failed"
    assert panel.retry_button.isVisible()  # another try is the operator's call


def test_an_invalid_snils_is_caught_as_typed(qtbot: QtBot, call: Call, api: RoutingServer) -> None:
    citizen = registry_citizen(api.database_url, 9)
    panel = call.panel
    start_and_say_basic(qtbot, call, citizen)
    good = citizen["snils"]
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)  # one check digit off
    fill(panel.snils, bad[:5])
    assert panel.snils.message.isHidden()  # still typing: nothing to complain about
    fill(panel.snils, bad)
    assert panel.snils.message.text() == "контрольное число СНИЛС не сходится — проверьте цифры"
    assert panel.snils.message.isVisibleTo(panel)
    click(qtbot, panel.document_button)  # refused here: nothing goes to the server
    qtbot.wait(300)
    assert panel.page() == "document"
    fill(panel.snils, good)
    assert panel.snils.message.isHidden()


def test_three_wrong_codes_block_the_verification(
    qtbot: QtBot, call: Call, api: RoutingServer, clients: dict[str, Client]
) -> None:
    gw = clients["gateway"]
    citizen = registry_citizen(api.database_url, 10)
    panel = call.panel
    to_code(qtbot, call, citizen)
    code = send_code(qtbot, call, gw, citizen["phone"])
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for left in (2, 1):
        enter_code(qtbot, call, wrong)
        qtbot.waitUntil(
            lambda: f"Попыток осталось: {left}" in panel.code_info.text(),  # noqa: B023
            timeout=10_000,
        )
    enter_code(qtbot, call, wrong)
    qtbot.waitUntil(lambda: panel.page() == "result", timeout=10_000)
    assert "Заблокирована" in panel.summary.text()
    assert panel.step_labels[3].accessibleDescription() == "failed"
    assert not panel.start_button.isVisible() and not panel.retry_button.isVisible()


def test_an_expired_code_is_refused_and_a_new_one_works(
    qtbot: QtBot, call: Call, api: RoutingServer, clients: dict[str, Client]
) -> None:
    gw = clients["gateway"]
    citizen = registry_citizen(api.database_url, 11)
    panel = call.panel
    to_code(qtbot, call, citizen)
    code = send_code(qtbot, call, gw, citizen["phone"])
    api.advance(301)  # five minutes and a second on the server's clock
    enter_code(qtbot, call, code)
    qtbot.waitUntil(lambda: panel.code_countdown.text() == "Код истёк: отправьте новый")
    assert panel.page() == "code" and "Попыток осталось: 3" in panel.code_info.text()
    qtbot.waitUntil(lambda: panel.send_button.text() == "Отправить ещё раз", timeout=5_000)
    fresh = send_code(qtbot, call, gw, citizen["phone"], before=1)
    assert fresh != code or len(sms_codes(gw, citizen["phone"])) == 2
    enter_code(qtbot, call, fresh)
    qtbot.waitUntil(lambda: panel.page() == "consent", timeout=10_000)


def test_what_the_citizen_said_is_gone_at_wrap_up(
    qtbot: QtBot, call: Call, api: RoutingServer, clients: dict[str, Client]
) -> None:
    gw = clients["gateway"]
    citizen = registry_citizen(api.database_url, 12)
    panel = call.panel
    to_code(qtbot, call, citizen)
    enter_code(qtbot, call, send_code(qtbot, call, gw, citizen["phone"]))
    qtbot.waitUntil(lambda: panel.page() == "consent", timeout=10_000)
    click(qtbot, panel.consent_button)
    qtbot.waitUntil(lambda: panel.fields_grid.count() > 0, timeout=10_000)
    assert call.ws.verification.held() == 1
    tab = call.window.conversation.tab(call.contact_id)
    assert tab is not None and tab.controls is not None
    click(qtbot, tab.controls.end_button)
    wrapup = call.window.wrapup
    qtbot.waitUntil(wrapup.button.isEnabled, timeout=15_000)
    click(qtbot, wrapup.button)
    qtbot.waitUntil(lambda: call.window.conversation.tab(call.contact_id) is None, timeout=15_000)
    assert call.ws.verification.held() == 0
    assert panel.fields_grid.count() == 0
    typed = [f.edit.text() for f in panel.findChildren(CheckedField)]
    assert typed and all(text == "" for text in typed)
    shown = " ".join(w.text() for w in call.window.card.findChildren(type(panel.summary)))
    for secret in (citizen["snils"], citizen["last_name"], citizen["phone"][-4:]):
        assert secret not in shown
