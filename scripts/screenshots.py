"""Render the workstation's screens to PNG (docs/screenshots/) against the embedded demo.

Run: `.venv/bin/python scripts/screenshots.py [--lang ru|en] [--out DIR]` (offscreen; no display
needed). It starts the demo routing API with simulated traffic, logs in as op1, waits for an
offer, accepts it, searches the expert system, and grabs the login dialog and the main window.
Then, with the simulator stopped, it stages a caller with earlier contacts (closed by op2), a
call with IVR data (call.png; the citizen card with a contact found by number, citizen-card.png)
and an e-mail answered with an inserted expert answer (email.png). Last, the demo server is
killed mid-contact: the window offline, its search and notes still working (offline.png).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDockWidget

from operator_app.demo.launcher import EmbeddedDemo
from operator_app.paths import Paths
from operator_app.ui import operations
from operator_app.ui.app import WorkstationApp

ROOT = Path(__file__).resolve().parents[1]
PHONE = "+79161234545"
IVR = {
    "menu_path": ["Социальный фонд", "Пенсии", "Перерасчёт пенсии"],
    "category": "pensions",
    "region": "Москва",
    "snils": "11223344595",
}
CALL = {
    "channel": "voice",
    "category": "pensions",
    "kind": "status",
    "region": "Москва",
    "caller": {"name": "Иван Петров", "phone": PHONE},
    "ivr": IVR,
}
EARLIER = (
    {
        "channel": "web_form",
        "category": "pensions",
        "region": "Москва",
        "caller": {"name": "Петров Иван Сергеевич", "phone": PHONE},
        "subject": "Перерасчёт пенсии",
        "body": "Прошу перерасчитать пенсию с учётом стажа на Севере.",
        "form": {"name": "Петров Иван Сергеевич", "description": "Перерасчёт пенсии"},
        "reply_channel": "phone",
    },
    {
        "channel": "email",
        "category": "documents",
        "region": "Москва",
        "caller": {"name": "Иван Петров", "phone": PHONE, "email": "petrov@example.ru"},
        "subject": "Справка о размере пенсии",
        "body": "Здравствуйте! Как получить справку о размере пенсии?",
    },
)
OUTCOMES = (
    ("callback_required", False, "Нужна выписка о стаже из архива; заявление на перерасчёт"),
    ("consultation_given", True, "Рассказал, как заказать справку на Госуслугах"),
)
EMAIL = {
    "channel": "email",
    "category": "maternity_capital",
    "region": "Татарстан",
    "caller": {"name": "Анна Смирнова", "email": "anna.smirnova@example.ru"},
    "subject": "Материнский капитал на ипотеку",
    "body": (
        "Здравствуйте!\n\nМы берём квартиру в ипотеку. Можно ли направить материнский "
        "капитал на первоначальный взнос, и что для этого нужно?\n\nС уважением,\nАнна"
    ),
}
GREETING = "Здравствуйте, Анна!\n\n"
OFFLINE_NOTES = "Ответ отправлен; связь с сервером пропала, завершение уйдёт позже"
SIGNATURE = "\n\nС уважением,\nЕдиный контактный центр"


class Api:
    """A small JSON client for staging the demo's contacts (the gateway, a colleague)."""

    def __init__(self, url: str, username: str) -> None:
        self.http = httpx.Client(base_url=url + "/api/v1", timeout=15)
        token = self.post("/auth/login", {"username": username, "password": "demo"})
        self.http.headers["Authorization"] = f"Bearer {token['access_token']}"

    def post(self, path: str, body: Any = None) -> Any:
        response = self.http.post(path, json=body)
        response.raise_for_status()
        return response.json()

    def get(self, path: str) -> Any:
        response = self.http.get(path)
        response.raise_for_status()
        return response.json()

    def put(self, path: str, body: Any) -> Any:
        response = self.http.put(path, json=body)
        response.raise_for_status()
        return response.json()

    def close(self) -> None:
        self.http.close()


def earlier_contacts(gateway: Api, op2: Api) -> list[dict[str, Any]]:
    """The caller's earlier contacts, handled and closed by a colleague (op2 pulls them)."""
    made = []
    op2.put("/operators/me/state", {"state": "ready"})
    for body, (disposition, resolved, notes) in zip(EARLIER, OUTCOMES, strict=True):
        contact = gateway.post("/contacts", body)
        op2.post(f"/contacts/{contact['id']}/accept")
        op2.post(f"/contacts/{contact['id']}/end")
        made.append(
            op2.post(
                f"/contacts/{contact['id']}/wrap-up",
                {"disposition": disposition, "resolved": resolved, "notes": notes},
            )
        )
        op2.put("/operators/me/state", {"state": "ready"})
    op2.put("/operators/me/state", {"state": "break"})
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", choices=("ru", "en"), default="ru")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--size", default="1366x768")
    ns = parser.parse_args()
    width, height = (int(x) for x in ns.size.split("x"))
    ns.out.mkdir(parents=True, exist_ok=True)
    suffix = "" if ns.lang == "ru" else f"-{ns.lang}"
    work = Path(tempfile.mkdtemp(prefix="ekc-shots-"))
    app = QApplication(sys.argv[:1])
    operations.install()
    demo = EmbeddedDemo(work / "demo", rate_per_min=40)
    url = demo.start_server()
    demo.start_simulator()
    holder = WorkstationApp(app, Paths.standard(work / "ws"), url, ns.lang)
    holder.demo = demo  # label the login as the demo and stop it on quit
    holder.start()
    result = {"code": 1}

    def login() -> None:
        dialog = holder.login
        assert dialog is not None
        dialog.username.setCurrentText("op1")
        dialog.password.setText("demo")
        dialog.adjustSize()
        dialog.grab().save(str(ns.out / f"login{suffix}.png"))
        dialog._submit()
        QTimer.singleShot(500, wait_window)

    def wait_window() -> None:
        if holder.window is None or holder.workstation is None:
            QTimer.singleShot(300, wait_window)
            return
        holder.window.resize(width, height)
        holder.workstation.set_state("ready")
        QTimer.singleShot(500, wait_offer)

    tries = {"n": 0}

    def wait_offer() -> None:
        window = holder.window
        assert window is not None
        offered = window.queue.model.offered()
        tries["n"] += 1
        if offered is None and tries["n"] < 120:
            QTimer.singleShot(500, wait_offer)
            return
        if offered is not None:
            window.grab().save(str(ns.out / f"main-offer{suffix}.png"))
            window.accept(offered.id)
        QTimer.singleShot(4000, search)

    def search() -> None:
        window = holder.window
        assert window is not None
        window.search.query.setText("маткапитал на ипотеку")
        window.search.run_search()
        QTimer.singleShot(1500, final)

    def final() -> None:
        window = holder.window
        assert window is not None
        window.grab().save(str(ns.out / f"main{suffix}.png"))
        later(100, channels)

    # --- a call, the citizen card, an e-mail reply (issue 5) -------------------------------
    staged: dict[str, Any] = {}

    def later(ms: int, fn: Callable[[], None]) -> None:
        """Run a step soon; a failing step ends the run (no window left waiting)."""

        def run() -> None:
            try:
                fn()
            except Exception:
                traceback.print_exc()
                app.exit(1)

        QTimer.singleShot(ms, run)

    def channels() -> None:
        # no more random traffic: the next contacts are ours (the script's own child)
        simulator = demo._simulator
        if simulator is not None and simulator.poll() is None:
            simulator.terminate()
            simulator.wait(10)
        gateway, sup = Api(url, "gateway"), Api(url, "sup1")
        staged["gateway"] = gateway
        # pushed contacts still waiting would be offered instead of ours: they hang up
        for item in sup.get("/queue")["items"]:
            if item["channel"] in ("voice", "chat"):
                gateway.post(f"/contacts/{item['id']}/abandon")
        sup.close()
        window = holder.window
        assert window is not None
        current = window.conversation.current()
        if current is not None:
            window.end(current.id)
            staged["chat"] = current.id
        later(1500, close_chat)

    def close_chat() -> None:
        window = holder.window
        assert window is not None
        if "chat" in staged:
            window.wrap_up(staged["chat"], "consultation_given", True, "")
        later(1500, stage_call)

    def stage_call() -> None:
        assert holder.workstation is not None
        holder.workstation.set_state("ready")
        op2 = Api(url, "op2")
        staged["earlier"] = earlier_contacts(staged["gateway"], op2)
        op2.close()
        staged["call"] = staged["gateway"].post("/contacts", CALL)
        tries["n"] = 0
        later(500, wait_call)

    def wait_call() -> None:
        window = holder.window
        assert window is not None
        offered = window.queue.model.offered()
        tries["n"] += 1
        if (offered is None or offered.id != staged["call"]["id"]) and tries["n"] < 60:
            later(500, wait_call)
            return
        window.accept(staged["call"]["id"])
        later(4500, shoot_call)

    def shoot_call() -> None:
        window = holder.window
        assert window is not None
        window.search.query.setText("перерасчёт пенсии")
        window.search.run_search()
        card = window.card
        card.number.setText(staged["earlier"][0]["number"])
        card.lookup()
        later(2500, shoot_card)

    def shoot_card() -> None:
        window = holder.window
        assert window is not None
        window.grab().save(str(ns.out / f"call{suffix}.png"))
        dock = window.findChild(QDockWidget, "dock-card")
        assert dock is not None
        dock.setFloating(True)
        dock.resize(560, 560)
        later(700, grab_card)

    def grab_card() -> None:
        window = holder.window
        assert window is not None
        dock = window.findChild(QDockWidget, "dock-card")
        assert dock is not None
        dock.grab().save(str(ns.out / f"citizen-card{suffix}.png"))
        dock.setFloating(False)
        # a call is handled alone: it ends before the letter is taken
        window.end(staged["call"]["id"])
        later(1500, close_call)

    def close_call() -> None:
        window = holder.window
        assert window is not None
        window.wrap_up(staged["call"]["id"], "consultation_given", True, "")
        later(1500, stage_mail)

    def stage_mail() -> None:
        assert holder.workstation is not None
        holder.workstation.set_state("ready")
        staged["mail"] = staged["gateway"].post("/contacts", EMAIL)
        later(1500, take_mail)

    def take_mail() -> None:
        window = holder.window
        assert window is not None
        window.accept(staged["mail"]["id"])
        later(2500, answer_mail)

    def answer_mail() -> None:
        window = holder.window
        assert window is not None
        tab = window.conversation.tab(staged["mail"]["id"])
        assert tab is not None, "the e-mail was not taken"
        tab.reply.setPlainText(GREETING)
        cursor = tab.reply.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        tab.reply.setTextCursor(cursor)
        window.search.query.setText("маткапитал на ипотеку")
        window.search.run_search()
        later(1500, insert_answer)

    def insert_answer() -> None:
        window = holder.window
        assert window is not None
        window.search._insert()
        tab = window.conversation.tab(staged["mail"]["id"])
        assert tab is not None
        tab.reply.insertPlainText(SIGNATURE)
        tab.reply.verticalScrollBar().setValue(0)
        later(800, shoot_mail)

    def shoot_mail() -> None:
        window = holder.window
        assert window is not None
        window.grab().save(str(ns.out / f"email{suffix}.png"))
        staged["gateway"].close()
        later(100, go_offline)

    # --- the server gone mid-contact (offline.png) -------------------------------------------
    def go_offline() -> None:
        server = demo._server
        assert server is not None
        server.kill()  # as a crash or a cut cable would: no goodbye
        server.wait(10)
        tries["n"] = 0
        later(500, wait_offline)

    def wait_offline() -> None:
        window = holder.window
        assert window is not None
        tries["n"] += 1
        if not window.offline_banner.isVisible():
            assert tries["n"] < 40, "the window never showed the server gone"
            later(500, wait_offline)
            return
        # the letter's reply is ended offline: it waits in the outbox; notes and search work
        window.end(staged["mail"]["id"])
        later(1200, offline_work)

    def offline_work() -> None:
        window = holder.window
        assert window is not None
        window.wrapup.notes.setPlainText(OFFLINE_NOTES)
        window.search.query.setText("декретные")
        window.search.run_search()
        later(1800, shoot_offline)

    def shoot_offline() -> None:
        window = holder.window
        assert window is not None
        window.grab().save(str(ns.out / f"offline{suffix}.png"))
        result["code"] = 0
        app.quit()

    QTimer.singleShot(800, login)
    app.exec()
    print(f"screenshots in {ns.out}")
    return result["code"]


if __name__ == "__main__":
    sys.exit(main())
