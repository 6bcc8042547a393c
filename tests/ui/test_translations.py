"""Every visible string of ours goes through tr(): the English catalog covers every source
string, and the English UI shows no Russian text of ours (server lists come in both)."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDockWidget,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from operator_app.paths import Paths
from operator_app.services.bus import ChangeBus
from operator_app.services.workstation import Workstation
from operator_app.ui.app import install_translator
from operator_app.ui.bridge import ChangeBridge
from operator_app.ui.login import LoginDialog
from operator_app.ui.main_window import MainWindow
from tests.helpers.api import RoutingServer

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "resources" / "translations" / "operator_app_en.ts"
CYRILLIC = re.compile("[А-Яа-яЁё]")


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    tree = ET.parse(ts)
    return {
        (ctx.findtext("name") or "", m.findtext("source") or ""): m.find("translation")  # type: ignore[misc]
        for ctx in tree.getroot()
        for m in ctx.findall("message")
    }


def test_catalog_covers_every_source_string(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "operator_app").rglob("*.py"))
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run(
        [
            str(lupdate),
            *sources,
            "-source-language",
            "ru_RU",
            "-target-language",
            "en_US",
            "-ts",
            str(fresh),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    wanted = _messages(fresh)
    have = _messages(CATALOG)
    assert len(wanted) > 100
    missing = [key for key in wanted if key not in have]
    assert not missing, f"run `python3 dev.py tr` and translate: {missing}"
    unfinished = [
        key
        for key, tr in have.items()
        if tr is None or not (tr.text or "").strip() or tr.get("type") == "unfinished"
    ]
    assert not unfinished, f"untranslated: {unfinished}"
    compiled = CATALOG.with_suffix(".qm")
    assert compiled.stat().st_mtime >= CATALOG.stat().st_mtime - 1, "rebuild the .qm (dev.py tr)"


def _visible_texts(root: QWidget) -> list[str]:
    texts = [root.windowTitle()]
    for w in root.findChildren(QWidget):
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QLineEdit | QPlainTextEdit):
            texts.append(w.placeholderText())
        elif isinstance(w, QDockWidget):
            texts.append(w.windowTitle())
        elif isinstance(w, QMenu):
            texts.append(w.title())
            texts.extend(a.text() for a in w.actions())
        elif isinstance(w, QComboBox):
            texts.extend(w.itemText(i) for i in range(w.count()))
        elif isinstance(w, QTableView):
            model = w.model()
            horizontal = Qt.Orientation.Horizontal
            texts.extend(str(model.headerData(c, horizontal)) for c in range(model.columnCount()))
        texts.append(w.toolTip())
        texts.append(w.accessibleName())
    return [t for t in texts if t]


def _without(text: str, data: tuple[str, ...]) -> str:
    for value in data:
        text = text.replace(value, "")
    return text


def test_english_ui_shows_no_russian(
    qtbot: QtBot, qapp: QApplication, api: RoutingServer, tmp_path: Path
) -> None:
    translator = install_translator(qapp, "en")
    assert translator is not None
    try:
        assert QCoreApplication.translate("Texts", "Звонок") == "Call"
        login = LoginDialog("Server: x", lambda u, p: None, demo=True, language="en")
        qtbot.addWidget(login)
        bus = ChangeBus()
        ws = Workstation(api.url, Paths.standard(tmp_path / "ws"), bus)
        ws.login("op1", "demo")
        window = MainWindow(
            ws,
            ChangeBridge(bus),
            QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
            "en",
        )
        qtbot.addWidget(window)
        window.show()
        shown = _visible_texts(login) + _visible_texts(window)
        assert any("Accept" in t for t in shown)
        # data is not ours to translate: the operator's own name stays as written
        data = (ws.user["full_name"],)
        russian = [t for t in shown if CYRILLIC.search(_without(t, data))]
        assert not russian, russian
        ws.close()
    finally:
        qapp.removeTranslator(translator)


def test_english_dialogs_show_no_russian(qtbot: QtBot, qapp: QApplication, tmp_path: Path) -> None:
    """Every dialog an operator opens, in English: settings, headset check, about, shortcuts,
    escalation, transfer, consulting the supervisor. Data (agency and region names, the
    demo's usernames) is not ours to translate."""
    from operator_app.sync.tokens import TokenVault
    from operator_app.ui.dialogs.about import AboutDialog
    from operator_app.ui.dialogs.consult import ConsultDialog
    from operator_app.ui.dialogs.escalate import EscalateDialog
    from operator_app.ui.dialogs.headset import HeadsetDialog
    from operator_app.ui.dialogs.settings import SettingsDialog
    from operator_app.ui.dialogs.shortcuts import ShortcutsDialog
    from operator_app.ui.dialogs.transfer import TransferDialog
    from operator_app.ui.preferences import Preferences

    translator = install_translator(qapp, "en")
    assert translator is not None
    try:
        agencies, regions = ["СФР", "ОСЗН"], ["Москва", "Республика Татарстан"]
        operators = [{"id": 2, "username": "op2", "full_name": "Оператор Второй", "state": "ready"}]
        dialogs = [
            SettingsDialog(Preferences(language="en")),
            HeadsetDialog(None, None, language="en"),
            AboutDialog("http://127.0.0.1:8700", TokenVault(), Paths.standard(tmp_path), "en"),
            ShortcutsDialog([("Contact", "Accept the offer", "F9")]),
            EscalateDialog("2612-0000001", agencies, regions, agency="СФР", region="Москва"),
            TransferDialog(
                "2612-0000001", operators, agencies, regions, agency="СФР", region="Москва"
            ),
            ConsultDialog("2612-0000001", True),
        ]
        # a language is listed under its own name («Русский» in any UI language)
        data = (*agencies, *regions, "Оператор Второй", "Русский")
        for dialog in dialogs:
            qtbot.addWidget(dialog)
            dialog.show()
            shown = _visible_texts(dialog)
            russian = [t for t in shown if CYRILLIC.search(_without(t, data))]
            assert not russian, (type(dialog).__name__, russian)
            dialog.close()
    finally:
        qapp.removeTranslator(translator)
