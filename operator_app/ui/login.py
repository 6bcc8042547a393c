"""The login dialog: the account (demo accounts offered), the password, why it failed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from operator_app.ui import theme
from operator_app.ui.errors import describe
from operator_app.ui.operations import Op

DEMO_ACCOUNTS = (
    "op1",
    "op2",
    "op3",
    "op4",
    "op5",
    "l2-sfr-msk",
    "l2-mse-msk",
    "l2-rostrud",
    "l2-oszn-tat",
    "sup1",
)


class LoginDialog(QDialog):
    """Asks for credentials and runs `login(username, password)` in the background."""

    def __init__(
        self,
        server_label: str,
        login: Callable[[str, str], Any],
        *,
        demo: bool,
        keyring_warning: str = "",
        language: str = "ru",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._login = login
        self._language = language
        self.result_user: Any = None
        self.setWindowTitle(self.tr("ЕКЦ — вход в рабочее место"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Единый контактный центр 8-800-6000-000"))
        title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        layout.addWidget(title)
        layout.addWidget(QLabel(server_label))
        form = QFormLayout()
        self.username = QComboBox()
        self.username.setEditable(True)
        self.username.setAccessibleName(self.tr("Имя пользователя"))
        if demo:
            self.username.addItems(DEMO_ACCOUNTS)
        form.addRow(self.tr("Пользователь:"), self.username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Пароль"))
        if demo:
            self.password.setPlaceholderText(self.tr("в демо-режиме пароль: demo"))
        form.addRow(self.tr("Пароль:"), self.password)
        layout.addLayout(form)
        self.warning = QLabel(keyring_warning)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {theme.current().warning};")
        self.warning.setVisible(bool(keyring_warning))
        layout.addWidget(self.warning)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {theme.current().error};")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(self.tr("Войти"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Выход"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.password.setFocus()

    def _submit(self) -> None:
        username = self.username.currentText().strip()
        password = self.password.text()
        if not username or not password:
            self._fail_text(self.tr("Введите имя пользователя и пароль."))
            return
        self.ok_button.setEnabled(False)
        self.error.hide()
        Op(lambda: self._login(username, password), owner=self).success(self._done).failure(
            self._fail
        ).run()

    def _done(self, user: Any) -> None:
        self.result_user = user
        self.accept()

    def _fail(self, error: BaseException) -> None:
        self._fail_text(describe(error, self._language))

    def _fail_text(self, text: str) -> None:
        self.ok_button.setEnabled(True)
        self.error.setText(text)
        self.error.show()
