"""The identity-verification panel of the citizen card (DESIGN §4): five steps, one at a time.

(1) full name, date of birth, the account's phone; (2) one document — SNILS (required for
pension matters), passport, or for financial matters the bank and the account's last four
digits; (3) the server checks them against the registry: a match, or a refusal with what to
tell the citizen; (4) a one-time code to the registered phone, with its countdown, attempts
left and a resend after the cool-down; (5) consent to personal-data processing recorded.

Fields are checked as typed (`domain.identity`); the server decides. Every step runs in a
background operation and the server's answer redraws the panel. What the citizen said is in
these fields and in `VerificationDesk` only, and `clear` empties both.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from operator_app.domain import identity
from operator_app.domain.identity import Check, Status
from operator_app.services.verification import VerificationDesk, VerificationState
from operator_app.ui import theme
from operator_app.ui.errors import describe
from operator_app.ui.operations import Op
from operator_app.ui.panes.call_controls import clock

log = logging.getLogger("ui")

PAGES = ("idle", "basic", "document", "code", "consent", "result")


class CheckedField(QWidget):
    """A line edit with its check as typed and the message under it."""

    changed = Signal()

    def __init__(
        self, check: Callable[[str], Check], placeholder: str, name: str, language: str
    ) -> None:
        super().__init__()
        self._check = check
        self._language = language
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setAccessibleName(name)
        column.addWidget(self.edit)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {theme.current().error};")
        self.message.hide()
        column.addWidget(self.message)
        self.edit.textChanged.connect(self._typed)
        self.edit.editingFinished.connect(self._finished)

    def result(self) -> Check:
        return self._check(self.edit.text())

    def _show(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.edit.setAccessibleDescription(text)

    def _typed(self) -> None:
        check = self.result()
        self._show(check.message(self._language) if check.status is Status.INVALID else "")
        self.changed.emit()

    def _finished(self) -> None:
        if self.result().status is Status.TYPING:
            self._show(self.tr("Введено не полностью"))

    def insist(self) -> bool:
        """Say what is missing or wrong (the operator pressed on); whether the field is right."""
        check = self.result()
        if check.status is Status.EMPTY:
            self._show(self.tr("Заполните поле"))
        elif check.status is Status.TYPING:
            self._show(self.tr("Введено не полностью"))
        return check.ok

    def clear(self) -> None:
        self.edit.clear()
        self._show("")


class VerificationPanel(QGroupBox):
    """Guides the operator through verifying the citizen of the contact in front of them."""

    #: the contact's citizen is verified (its contact id)
    verified = Signal(int)

    def __init__(
        self, desk: VerificationDesk | None, language: str = "ru", parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Идентификация"), parent)
        self.desk = desk
        self._language = language
        self._contact_id: int | None = None
        self._can_run = False
        self._busy = False
        self.state: VerificationState | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 2, 6, 4)
        column.setSpacing(4)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        column.addWidget(self.summary)
        # a row of its own: the card may be narrow, the button is never squeezed
        self.start_button = QPushButton(self.tr("Начать идентификацию"))
        self.start_button.setToolTip(
            self.tr("Подтвердить личность гражданина перед работой с его персональными данными")
        )
        column.addWidget(self.start_button)
        self.steps = QGridLayout()
        self.steps.setHorizontalSpacing(6)
        self.steps.setVerticalSpacing(0)
        self.step_labels: list[QLabel] = []
        names = (
            self.tr("ФИО, дата, телефон"),
            self.tr("Документ"),
            self.tr("Проверка по реестру"),
            self.tr("Одноразовый код"),
            self.tr("Согласие на обработку ПДн"),
        )
        for i, name in enumerate(names):
            label = QLabel(f"{i + 1}. {name}")
            label.setAccessibleName(name)
            self.steps.addWidget(label, i // 2, i % 2)
            self.step_labels.append(label)
        column.addLayout(self.steps)
        self.pages = QStackedWidget()
        # the stack is as tall as the page shown, not as its tallest page
        self.pages.currentChanged.connect(self._fit_page)
        self.pages.addWidget(QWidget())
        self.pages.addWidget(self._basic_page())
        self.pages.addWidget(self._document_page())
        self.pages.addWidget(self._code_page())
        self.pages.addWidget(self._consent_page())
        self.pages.addWidget(self._result_page())
        column.addWidget(self.pages)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {theme.current().error};")
        self.error.hide()
        column.addWidget(self.error)
        self.start_button.clicked.connect(self.start)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._countdowns)
        self.show_contact(None, False)

    # --- pages ----------------------------------------------------------------------------
    def _fit_page(self, index: int) -> None:
        for i in range(self.pages.count()):
            page = self.pages.widget(i)
            if page is None:
                continue
            shown = QSizePolicy.Policy.Preferred if i == index else QSizePolicy.Policy.Ignored
            page.setSizePolicy(shown, shown)
            if i == index:
                page.adjustSize()
        self.pages.updateGeometry()

    def _field(self, check: Callable[[str], Check], placeholder: str, name: str) -> CheckedField:
        field = CheckedField(check, placeholder, name, self._language)
        field.changed.connect(self._update_buttons)
        return field

    def _basic_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        self.last_name = self._field(identity.check_name, "", self.tr("Фамилия"))
        self.first_name = self._field(identity.check_name, "", self.tr("Имя"))
        self.middle_name = self._field(identity.check_name, "", self.tr("Отчество"))
        self.birth_date = self._field(
            lambda text: identity.check_birth_date(text, date.today()),
            self.tr("ДД.ММ.ГГГГ"),
            self.tr("Дата рождения"),
        )
        self.phone = self._field(
            identity.check_phone, "+7 ___ ___-__-__", self.tr("Телефон учётной записи")
        )
        form.addRow(self.tr("Фамилия"), self.last_name)
        form.addRow(self.tr("Имя"), self.first_name)
        form.addRow(self.tr("Отчество"), self.middle_name)
        form.addRow(self.tr("Дата рождения"), self.birth_date)
        form.addRow(self.tr("Телефон"), self.phone)
        self.basic_button = QPushButton(self.tr("Далее: документ"))
        self.basic_button.clicked.connect(self._submit_basic)
        form.addRow(self.basic_button)
        return page

    def _document_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        self.document_kind = QComboBox()
        self.document_kind.setAccessibleName(self.tr("Документ"))
        self.document_kind.addItem(self.tr("СНИЛС"), "snils")
        self.document_kind.addItem(self.tr("Паспорт"), "passport")
        self.document_kind.addItem(self.tr("Банковские реквизиты"), "bank")
        form.addRow(self.tr("Документ"), self.document_kind)
        self.requirement = QLabel()
        self.requirement.setWordWrap(True)
        self.requirement.setStyleSheet(f"color: {theme.current().muted};")
        form.addRow(self.requirement)
        self.snils = self._field(identity.check_snils, "123-456-789 01", self.tr("СНИЛС"))
        self.passport_series = self._field(
            identity.check_passport_series, "45 12", self.tr("Серия паспорта")
        )
        self.passport_number = self._field(
            identity.check_passport_number, "345678", self.tr("Номер паспорта")
        )
        self.bank = self._field(
            lambda text: (
                identity.Check(Status.VALID, " ".join(text.split()))
                if text.strip()
                else identity.EMPTY
            ),
            self.tr("Банк, куда приходят выплаты"),
            self.tr("Банк"),
        )
        self.account_last4 = self._field(
            identity.check_account_last4, "1234", self.tr("Последние 4 цифры счёта")
        )
        self._document_rows = {
            "snils": [(self.tr("СНИЛС"), self.snils)],
            "passport": [
                (self.tr("Серия"), self.passport_series),
                (self.tr("Номер"), self.passport_number),
            ],
            "bank": [
                (self.tr("Банк"), self.bank),
                (self.tr("Счёт: последние 4 цифры"), self.account_last4),
            ],
        }
        for rows in self._document_rows.values():
            for label, field in rows:
                form.addRow(label, field)
        self._document_form = form
        self.document_button = QPushButton(self.tr("Проверить по реестру"))
        self.document_button.clicked.connect(self._submit_document)
        form.addRow(self.document_button)
        self.document_kind.currentIndexChanged.connect(self._document_kind_changed)
        return page

    def _code_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        self.code_info = QLabel()
        self.code_info.setWordWrap(True)
        column.addWidget(self.code_info)
        self.code_countdown = QLabel()
        self.code_countdown.setAccessibleName(self.tr("Срок действия кода"))
        column.addWidget(self.code_countdown)
        row = QHBoxLayout()
        self.code = self._field(identity.check_code, "______", self.tr("Одноразовый код"))
        row.addWidget(self.code, 1)
        self.check_button = QPushButton(self.tr("Проверить код"))
        self.check_button.clicked.connect(self._submit_code)
        row.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(row)
        self.send_button = QPushButton(self.tr("Отправить код"))
        self.send_button.clicked.connect(self._send_code)
        column.addWidget(self.send_button)
        self.code.edit.returnPressed.connect(self._submit_code)
        return page

    def _consent_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        question = QLabel(
            self.tr(
                "Спросите гражданина: «Согласны ли вы на обработку ваших персональных данных "
                "для ответа на обращение (152-ФЗ)?»"
            )
        )
        question.setWordWrap(True)
        column.addWidget(question)
        row = QHBoxLayout()
        self.consent_button = QPushButton(self.tr("Согласие получено"))
        self.refuse_button = QPushButton(self.tr("Гражданин отказался"))
        self.consent_button.clicked.connect(lambda: self._consent(True))
        self.refuse_button.clicked.connect(lambda: self._consent(False))
        row.addWidget(self.consent_button)
        row.addWidget(self.refuse_button)
        column.addLayout(row)
        return page

    def _result_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        self.result_text = QLabel()
        self.result_text.setWordWrap(True)
        self.result_text.setTextFormat(Qt.TextFormat.RichText)
        column.addWidget(self.result_text)
        self.fields_box = QWidget()
        self.fields_grid = QGridLayout(self.fields_box)
        self.fields_grid.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.fields_box)
        self.retry_button = QPushButton(self.tr("Начать заново"))
        self.retry_button.clicked.connect(self.start)
        column.addWidget(self.retry_button)
        return page

    # --- the contact in front of the operator ---------------------------------------------
    def show_contact(self, contact_id: int | None, can_run: bool) -> None:
        """The contact whose citizen to verify (None: no contact); `can_run`: the operator
        owns it live (the server would refuse otherwise)."""
        if contact_id != self._contact_id:
            self._clear_fields()
            self.state = None
        self._contact_id = contact_id
        self._can_run = can_run
        held = self.desk.get(contact_id) if self.desk and contact_id is not None else None
        if held is not None and held.view:
            self._show_state(held)
        elif contact_id is not None and self.desk is not None and can_run:
            self._render()
            desk = self.desk
            Op(lambda: desk.load(contact_id), owner=self).success(
                lambda state: self._loaded(contact_id, state)
            ).failure(lambda _e: None).run()
        else:
            self._render()

    def _loaded(self, contact_id: int, state: VerificationState) -> None:
        if contact_id == self._contact_id and state.view:
            self._show_state(state)

    def clear(self) -> None:
        """Forget what the citizen said and what was shown (wrap-up, logout, lock)."""
        self._clear_fields()
        self.state = None
        self._contact_id = None
        self._can_run = False
        self._render()

    def _clear_fields(self) -> None:
        for field in self.findChildren(CheckedField):
            field.clear()
        self._clear_citizen()
        self.error.hide()
        self.error.clear()

    def _clear_citizen(self) -> None:
        while self.fields_grid.count():
            item = self.fields_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                # the citizen's data goes now, not when the event loop gets to deleteLater
                if isinstance(widget, QLabel):
                    widget.clear()
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()

    # --- steps ----------------------------------------------------------------------------
    def _run(self, work: Callable[[], VerificationState]) -> None:
        contact_id = self._contact_id
        if contact_id is None or self._busy:
            return
        self._busy = True
        self.error.hide()
        self._update_buttons()
        Op(work, owner=self).success(lambda state: self._answered(contact_id, state)).failure(
            lambda error: self._failed(contact_id, error)
        ).run()

    def _answered(self, contact_id: int, state: VerificationState) -> None:
        self._busy = False
        if contact_id == self._contact_id:
            self._show_state(state)

    def _failed(self, contact_id: int, error: BaseException) -> None:
        self._busy = False
        if contact_id == self._contact_id:
            self.error.setText(describe(error, self._language))
            self.error.show()
        self._update_buttons()

    def start(self) -> None:
        desk, contact_id = self.desk, self._contact_id
        if desk is not None and contact_id is not None:
            self._clear_fields()
            self._run(lambda: desk.start(contact_id))

    def _submit_basic(self) -> None:
        fields = (self.last_name, self.first_name, self.birth_date, self.phone)
        ok = all([f.insist() for f in fields])  # every field says what is missing
        middle = self.middle_name.result()
        if middle.status is Status.INVALID or not ok or self.desk is None:
            return
        body = {
            "last_name": self.last_name.result().value,
            "first_name": self.first_name.result().value,
            "middle_name": middle.value,
            "birth_date": self.birth_date.result().value,
            "phone": self.phone.result().value,
        }
        desk, contact_id = self.desk, self._contact_id
        assert contact_id is not None
        self._run(lambda: desk.basic(contact_id, body))

    def _document_kind_changed(self) -> None:
        kind = self.document_kind.currentData()
        for name, rows in self._document_rows.items():
            for _label, field in rows:
                self._document_form.setRowVisible(field, name == kind)
        self._update_buttons()

    def _submit_document(self) -> None:
        kind = str(self.document_kind.currentData())
        fields = [field for _label, field in self._document_rows[kind]]
        if not all([f.insist() for f in fields]) or self.desk is None:
            return
        body: dict[str, Any] = {"kind": kind}
        if kind == "snils":
            body["snils"] = self.snils.result().value
        elif kind == "passport":
            body["passport_series"] = self.passport_series.result().value
            body["passport_number"] = self.passport_number.result().value
        else:
            body["bank"] = self.bank.result().value
            body["account_last4"] = self.account_last4.result().value
        desk, contact_id = self.desk, self._contact_id
        assert contact_id is not None
        self._run(lambda: desk.document(contact_id, body))

    def _send_code(self) -> None:
        desk, contact_id = self.desk, self._contact_id
        if desk is not None and contact_id is not None:
            self.code.clear()
            self._run(lambda: desk.send_code(contact_id))

    def _submit_code(self) -> None:
        if not self.code.insist() or self.desk is None or self._contact_id is None:
            return
        code = str(self.code.result().value)
        desk, contact_id = self.desk, self._contact_id
        self.code.clear()
        self._run(lambda: desk.check_code(contact_id, code))

    def _consent(self, given: bool) -> None:
        desk, contact_id = self.desk, self._contact_id
        if desk is not None and contact_id is not None:
            self._run(lambda: desk.consent(contact_id, given))

    def _reveal(self, name: str, value_label: QLabel, button: QPushButton) -> None:
        desk, contact_id = self.desk, self._contact_id
        if desk is None or contact_id is None:
            return
        button.setEnabled(False)

        def shown(value: str) -> None:
            value_label.setText(value)
            button.hide()

        def failed(error: BaseException) -> None:
            button.setEnabled(True)
            self.error.setText(describe(error, self._language))
            self.error.show()

        Op(lambda: desk.reveal(contact_id, name), owner=value_label).success(shown).failure(
            failed
        ).run()

    # --- drawing --------------------------------------------------------------------------
    def _show_state(self, state: VerificationState) -> None:
        self.state = state
        self._render()
        if state.verified:
            if self._contact_id is not None:
                self.verified.emit(self._contact_id)
            if state.citizen is None and self.desk is not None and self._can_run:
                desk, contact_id = self.desk, self._contact_id
                assert contact_id is not None
                Op(lambda: desk.load_citizen(contact_id), owner=self).success(
                    lambda loaded: self._answered(contact_id, loaded)
                ).failure(lambda error: self._failed(contact_id, error)).run()

    def page(self) -> str:
        """The page shown (for tests and the screenshots)."""
        return PAGES[self.pages.currentIndex()]

    def _render(self) -> None:
        state = self.state
        name = state.state if state is not None else "none"
        t = theme.current()
        self.start_button.setVisible(
            self._contact_id is not None
            and self._can_run
            and name in ("none", "cancelled", "refused", "consent_refused")
        )
        self.start_button.setEnabled(self.desk is not None and not self._busy)
        steps = state.step_status() if state is not None else []
        marks = {"done": "✓", "current": "●", "failed": "✗", "pending": "○"}
        colours = {"done": t.ok, "current": t.text, "failed": t.error, "pending": t.muted}
        for i, label in enumerate(self.step_labels):
            status = steps[i][1] if steps else "pending"
            text = label.text().split(" ", 1)[-1]
            label.setText(f"{marks[status]} {text}")
            weight = "600" if status == "current" else "normal"
            label.setStyleSheet(f"color: {colours[status]}; font-weight: {weight};")
            label.setAccessibleDescription(status)
        for label in self.step_labels:
            label.setVisible(state is not None and bool(state.view))
        self.summary.setText(self._summary(name))
        page = {"basic": 1, "document": 2, "code": 3, "consent": 4}.get(name, 0)
        if name in ("verified", "refused", "blocked", "consent_refused", "cancelled"):
            page = 5
            self._render_result(name)
        if not self._can_run and name != "verified":
            page = 0 if name not in ("refused", "blocked", "consent_refused") else page
        self.pages.setCurrentIndex(page)
        if name == "document":
            self._render_document()
        if name == "code":
            self._countdowns()
            self._tick.start()
        else:
            self._tick.stop()
        self._update_buttons()

    def _summary(self, name: str) -> str:
        if self._contact_id is None:
            return self.tr("Нет обращения")
        texts = {
            "none": self.tr("Не выполнялась. Персональные данные — только после неё."),
            "basic": self.tr("Шаг 1 из 5: спросите ФИО, дату рождения и телефон учётной записи"),
            "document": self.tr("Шаг 2 из 5: один документ гражданина"),
            "code": self.tr("Шаг 4 из 5: одноразовый код"),
            "consent": self.tr("Шаг 5 из 5: согласие на обработку персональных данных"),
            "verified": self.tr("Личность подтверждена"),
            "refused": self.tr("Не подтверждена: данные не совпали с реестром"),
            "blocked": self.tr("Заблокирована: исчерпаны попытки ввода кода"),
            "consent_refused": self.tr("Не подтверждена: гражданин не дал согласия"),
            "cancelled": self.tr("Прервана"),
        }
        return texts.get(name, name)

    def _render_document(self) -> None:
        state = self.state
        needs = (state.view.get("requirements") if state is not None else None) or {}
        bank_index = self.document_kind.findData("bank")
        model = self.document_kind.model()
        item = model.item(bank_index) if hasattr(model, "item") else None
        if item is not None:
            item.setEnabled(bool(needs.get("bank_allowed")))
        notes = []
        if needs.get("snils_required"):
            notes.append(self.tr("По пенсионным вопросам нужен СНИЛС."))
            self.document_kind.setCurrentIndex(self.document_kind.findData("snils"))
        if needs.get("bank_allowed"):
            notes.append(self.tr("По выплатам можно назвать банк и счёт, куда они приходят."))
        self.requirement.setText(" ".join(notes))
        self.requirement.setVisible(bool(notes))
        self._document_kind_changed()

    def _render_result(self, name: str) -> None:
        state = self.state
        assert state is not None
        t = theme.current()
        reason = state.view.get("reason") or {}
        english = self._language == "en"
        self.retry_button.setVisible(
            self._can_run and name in ("refused", "consent_refused", "cancelled")
        )
        if name == "verified":
            verified = state.view.get("verified") or {}
            self.result_text.setText(
                f"<span style='color:{t.ok}; font-weight:600'>✓ "
                + self.tr("Личность подтверждена")
                + "</span> "
                + self.tr("в {0}").format(_time(verified.get("at")))
            )
            self._render_citizen(state)
            return
        self._clear_citizen()
        why = reason.get("message_en" if english else "message_ru") or ""
        say = reason.get("say_en" if english else "say_ru") or ""
        parts = [f"<span style='color:{t.error}; font-weight:600'>✗ {_escape(why)}</span>"]
        if say:
            parts.append("<b>" + self.tr("Скажите гражданину:") + f"</b> {_escape(say)}")
        self.result_text.setText("<br>".join(parts))

    def _render_citizen(self, state: VerificationState) -> None:
        self._clear_citizen()
        citizen = state.citizen or {}
        fields: dict[str, Any] = dict(citizen.get("fields") or {})
        masked = set(citizen.get("masked") or ())
        # the full name on one row, the date as the operator reads it
        name = " ".join(
            str(fields.pop(k)) for k in ("last_name", "first_name", "middle_name") if fields.get(k)
        )
        shown_fields: dict[str, Any] = {"full_name": name} if name else {}
        if fields.get("birth_date"):
            shown_fields["birth_date"] = _ru_date(str(fields.pop("birth_date")))
        shown_fields.update(fields)
        names = {
            "full_name": self.tr("ФИО"),
            "birth_date": self.tr("Дата рождения"),
            "phone": self.tr("Телефон"),
            "snils": self.tr("СНИЛС"),
            "passport": self.tr("Паспорт"),
            "inn": self.tr("ИНН"),
            "email": self.tr("Эл. почта"),
            "address": self.tr("Адрес"),
            "region": self.tr("Регион"),
            "bank": self.tr("Банк"),
            "account_last4": self.tr("Счёт, последние 4 цифры"),
        }
        for row, (key, value) in enumerate(shown_fields.items()):
            if value in (None, ""):
                continue
            label = QLabel(names.get(key, key) + ":")
            shown = QLabel(state.revealed.get(key) or str(value))
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setAccessibleName(names.get(key, key))
            self.fields_grid.addWidget(label, row, 0)
            self.fields_grid.addWidget(shown, row, 1)
            if key in masked and key not in state.revealed:
                button = QPushButton(self.tr("Показать"))
                button.setToolTip(
                    self.tr("Показать полностью (просмотр записывается в журнал аудита)")
                )
                button.setAccessibleName(self.tr("Показать: {0}").format(names.get(key, key)))
                button.clicked.connect(
                    lambda _=False, k=key, s=shown, b=button: self._reveal(k, s, b)
                )
                self.fields_grid.addWidget(button, row, 2)
        row = self.fields_grid.rowCount()
        for text in (self._payments_html(state), self._applications_html(state)):
            if text:
                records = QLabel(text)
                records.setTextFormat(Qt.TextFormat.RichText)
                records.setWordWrap(True)
                records.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.fields_grid.addWidget(records, row, 0, 1, 3)
                row += 1
        self.fields_grid.setColumnStretch(1, 1)
        self._fit_page(self.pages.currentIndex())

    def _payments_html(self, state: VerificationState) -> str:
        if state.payments is None:
            return ""
        rows = [
            (
                p.get("paid_on", ""),
                p.get("kind", ""),
                f"{p.get('amount_rub', 0):,} ₽".replace(",", " "),
                p.get("status", ""),
            )
            for p in state.payments
        ]
        return _records(self.tr("Выплаты"), self.tr("Выплат нет."), rows)

    def _applications_html(self, state: VerificationState) -> str:
        if state.applications is None:
            return ""
        rows = [
            (
                a.get("submitted_on", ""),
                f"{a.get('kind', '')} № {a.get('number', '')}",
                a.get("status", ""),
            )
            for a in state.applications
        ]
        return _records(self.tr("Заявления"), self.tr("Заявлений нет."), rows)

    def _countdowns(self) -> None:
        state = self.state
        if state is None or state.state != "code":
            return
        code = state.view.get("code") or {}
        if not code.get("sent"):
            self.code_info.setText(
                self.tr("Отправьте код на телефон учётной записи {0}").format(
                    code.get("phone_masked") or ""
                )
            )
            self.code_countdown.clear()
            self.send_button.setText(self.tr("Отправить код"))
            self.send_button.setEnabled(not self._busy)
            self._update_buttons()
            return
        self.code_info.setText(
            self.tr("Код отправлен на {0}. Попыток осталось: {1}").format(
                code.get("phone_masked") or "", code.get("attempts_left")
            )
        )
        left = state.code_expires.left() if state.code_expires is not None else 0.0
        t = theme.current()
        if left <= 0 or code.get("expired"):
            self.code_countdown.setText(self.tr("Код истёк: отправьте новый"))
            self.code_countdown.setStyleSheet(f"color: {t.error}; font-weight: 600;")
        else:
            self.code_countdown.setText(self.tr("Код действует ещё {0}").format(clock(left)))
            colour = t.warning if left < 60 else t.text
            self.code_countdown.setStyleSheet(f"color: {colour};")
        wait = state.resend_in.left() if state.resend_in is not None else 0.0
        sends_left = int(code.get("sends_left") or 0)
        if sends_left <= 0:
            self.send_button.setText(self.tr("Отправок больше нет"))
            self.send_button.setEnabled(False)
        elif wait > 0:
            self.send_button.setText(self.tr("Отправить ещё раз через {0}").format(clock(wait)))
            self.send_button.setEnabled(False)
        else:
            self.send_button.setText(self.tr("Отправить ещё раз"))
            self.send_button.setEnabled(not self._busy)
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = not self._busy
        # while the contact's verification is read or a step runs, a click would be dropped:
        # the buttons say so by being disabled
        self.start_button.setEnabled(idle and self.desk is not None)
        self.basic_button.setEnabled(idle)
        self.document_button.setEnabled(idle)
        code = (self.state.view.get("code") if self.state is not None else None) or {}
        self.check_button.setEnabled(idle and bool(code.get("sent")) and self.code.result().ok)
        self.consent_button.setEnabled(idle)
        self.refuse_button.setEnabled(idle)


def _time(value: Any) -> str:
    if not value:
        return ""
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone()
    return moment.strftime("%H:%M")


def _ru_date(iso: str) -> str:
    try:
        return date.fromisoformat(iso).strftime("%d.%m.%Y")
    except ValueError:
        return iso


def _escape(text: str) -> str:
    return html.escape(text)


def _records(title: str, empty: str, rows: list[tuple[Any, ...]]) -> str:
    """A verified citizen's payments or applications (second line): what it is on one line,
    date, amount and status under it (short lines fit a narrow card)."""
    head = f"<b>{_escape(title)}</b>"
    if not rows:
        return f"{head}<br>{_escape(empty)}"
    items = []
    for when, what, *rest in rows:
        details = " · ".join(_escape(str(c)) for c in (when, *rest) if c not in (None, ""))
        muted = theme.current().muted
        items.append(f"{_escape(str(what))}<br><span style='color:{muted}'>{details}</span>")
    return head + "<br>" + "<br>".join(items)
