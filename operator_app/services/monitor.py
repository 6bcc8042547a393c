"""Monitor mode for a supervisor (no Qt): reads the board, acts on the live centre.

The figures are the server's (KPIs are never what one client saw). The operators' rows are
read every few seconds and kept live in between from the event stream (domain.board's
OperatorBoard); the open alarms are read when an alarm event arrives; the KPIs are pushed,
or read every few seconds for a supervisor of one segment.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

from operator_app.domain.board import Alarm, BoardSnapshot, OperatorRow
from operator_app.services.shift_report import to_csv
from operator_app.sync.client import ApiClient

WORK_MODES = ("standard", "night", "weekend", "emergency")
#: the charts cover this many hours
CHART_HOURS = 3.0
#: the board's reads run side by side (the client is thread-safe)
_POOL = ThreadPoolExecutor(4, thread_name_prefix="board")
#: the quality form's criteria (the server's order), each scored 0, 1 or 2
QUALITY_CRITERIA = ("greeting", "identification", "accuracy", "courtesy", "wrap_up")


class NotFound(LookupError):
    """No contact has the number the supervisor typed."""


class Monitor:
    def __init__(self, client: ApiClient) -> None:
        self.client = client

    def snapshot(self) -> BoardSnapshot:
        """The four reads at once (the KPIs take the server longest; the operators' rows need
        not wait for them)."""
        kpis = _POOL.submit(self.client.kpis)
        board = _POOL.submit(self.client.board_operators)
        alarms = _POOL.submit(self._alarms)
        mode = _POOL.submit(self._mode)
        rows = board.result()
        return BoardSnapshot(
            kpis.result(),
            tuple(OperatorRow.from_wire(o) for o in rows["items"]),
            alarms.result(),
            mode.result(),
            int(rows.get("as_of") or 0),
        )

    def series(self, hours: float = CHART_HOURS) -> dict[str, Any]:
        return self.client.series(hours)

    def kpis(self) -> dict[str, Any]:
        return self.client.kpis()

    def alarms(self) -> tuple[Alarm, ...]:
        return self._alarms()

    def _alarms(self) -> tuple[Alarm, ...]:
        return tuple(Alarm.from_wire(a) for a in self.client.alarms(open_only=True)["items"])

    def _mode(self) -> str:
        return str(self.client.work_mode().get("mode") or "standard")

    def acknowledge(self, alarm_id: int) -> Alarm:
        return Alarm.from_wire(self.client.acknowledge_alarm(alarm_id))

    def set_work_mode(self, mode: str) -> str:
        if mode not in WORK_MODES:
            raise ValueError(mode)
        return str(self.client.set_work_mode(mode)["mode"])

    def reassign(self, contact_id: int, operator_id: int) -> dict[str, Any]:
        return self.client.reassign(contact_id, operator_id)

    def force_state(self, operator_id: int, state: str, reason: str | None = None) -> None:
        self.client.force_state(operator_id, state, reason)

    def logout_operator(self, operator_id: int) -> None:
        self.client.force_logout(operator_id)

    def team_message(self, text: str, operator_ids: list[int] | None = None) -> None:
        self.client.team_message(text, operator_ids)

    def whisper(self, contact_id: int, text: str) -> None:
        self.client.whisper(contact_id, text)

    def assign_line(self, operator_id: int, line: int | None) -> None:
        self.client.assign_line(operator_id, line)

    def score_quality(self, number: str, scores: dict[str, int], comment: str) -> dict[str, Any]:
        """Score the closed contact with this citizen-facing number on the quality form."""
        found = self.client.find_contacts(number=number.strip())["items"]
        if not found:
            raise NotFound(number)
        return self.client.score_quality(int(found[0]["id"]), scores, comment)

    def shift_report(self, start: datetime, end: datetime) -> dict[str, Any]:
        return self.client.shift_report(start.isoformat(), end.isoformat())

    @staticmethod
    def save_report(report: dict[str, Any], pdf: bytes, base: Path) -> tuple[Path, Path]:
        """Write `base`.csv and `base`.pdf (each through a temporary file, then renamed)."""
        written = []
        for suffix, data in ((".csv", to_csv(report).encode("utf-8")), (".pdf", pdf)):
            path = base.with_suffix(suffix)
            part = path.with_name(path.name + ".part")
            part.write_bytes(data)
            part.replace(path)
            written.append(path)
        return written[0], written[1]
