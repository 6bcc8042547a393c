"""Справка → «О программе» names the keyring backend (and says when it is not secure), the
sound, the server and where the logs are: what the service desk asks first."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.helpers.api import RoutingServer
from tests.helpers.workstation import login_window


def test_about_names_the_keyring_the_sound_and_the_folders(
    qtbot: QtBot, qapp: object, api: RoutingServer, workstation_dirs: Path
) -> None:
    holder = login_window(qtbot, api.url, workstation_dirs, qapp)
    window, ws = holder.window, holder.workstation
    assert window is not None and ws is not None
    try:
        dialog = window.show_about()
        fields = {key: label.text for key, label in dialog.fields.items()}
        # the tests' keyring is keyring.backends.null: named, and said to be unused
        assert "keyring.backends.null" in fields["keyring"]()
        assert "не используется" in fields["keyring"]()
        assert fields["server"]().startswith(api.url)
        assert fields["logs"]() == str(ws.paths.logs)
        qtbot.waitUntil(lambda: fields["audio"]() != "проверяется…", timeout=10_000)
        assert fields["audio"]().startswith(("доступен", "недоступен"))
        dialog.close()
    finally:
        window.close()
        holder.shutdown()
