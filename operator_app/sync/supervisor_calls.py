"""The supervisor's calls to the routing API (monitor mode), mixed into ApiClient."""

from __future__ import annotations

from typing import Any

from operator_app.sync.calls import WorkstationCalls, as_object


class SupervisorCalls(WorkstationCalls):
    """KPIs, the operator board, alarms and the actions of monitor mode."""

    def kpis(self) -> dict[str, Any]:
        """{at, now: {...}, windows: {today, 60m, 15m: {total, by_channel, by_line, by_agency}}}."""
        return self._get("/supervisor/kpis")

    def series(self, hours: float = 3.0) -> dict[str, Any]:
        """{step_s, items: [{from, arrived, answered, service_level, waiting}]} (5-min buckets)."""
        return self._get("/supervisor/series", {"hours": f"{hours:g}"})

    def board_operators(self) -> dict[str, Any]:
        return self._get("/supervisor/operators")

    def alarms(self, *, open_only: bool = False, after_id: int = 0) -> dict[str, Any]:
        params: dict[str, str | int] = {"after_id": after_id, "limit": 1000}
        if open_only:
            params["open"] = "true"
        return self._get("/alerts", params)

    def acknowledge_alarm(self, alarm_id: int) -> dict[str, Any]:
        return as_object(self.request("POST", f"/alerts/{int(alarm_id)}/acknowledge"))

    def alarm_thresholds(self) -> dict[str, Any]:
        return self._get("/supervisor/alarm-thresholds")

    def set_alarm_thresholds(self, changes: dict[str, float]) -> dict[str, Any]:
        return as_object(self.request("PUT", "/supervisor/alarm-thresholds", changes))

    def work_mode(self) -> dict[str, Any]:
        return self._get("/work-mode")

    def set_work_mode(self, mode: str) -> dict[str, Any]:
        return as_object(self.request("PUT", "/work-mode", {"mode": mode}))

    def reassign(self, contact_id: int, operator_id: int) -> dict[str, Any]:
        path = f"/supervisor/contacts/{int(contact_id)}/reassign"
        return as_object(self.request("POST", path, {"operator_id": int(operator_id)}))

    def whisper(self, contact_id: int, text: str) -> dict[str, Any]:
        path = f"/supervisor/contacts/{int(contact_id)}/whisper"
        return as_object(self.request("POST", path, {"text": text}))

    def force_state(
        self, operator_id: int, state: str, reason: str | None = None
    ) -> dict[str, Any]:
        path = f"/supervisor/operators/{int(operator_id)}/state"
        return as_object(self.request("PUT", path, {"state": state, "reason": reason}))

    def force_logout(self, operator_id: int) -> dict[str, Any]:
        return as_object(self.request("POST", f"/supervisor/operators/{int(operator_id)}/logout"))

    def team_message(self, text: str, operator_ids: list[int] | None = None) -> dict[str, Any]:
        body = {"text": text, "operator_ids": operator_ids}
        return as_object(self.request("POST", "/supervisor/messages", body))

    def shift_report(self, start: str | None = None, end: str | None = None) -> dict[str, Any]:
        """The period's figures, hour by hour and by operator (ISO times with a zone)."""
        params: dict[str, str | int] = {}
        if start:
            params["from"] = start
        if end:
            params["to"] = end
        return self._get("/supervisor/report", params)

    def assign_line(self, operator_id: int, line: int | None) -> dict[str, Any]:
        path = f"/supervisor/operators/{int(operator_id)}/line"
        return as_object(self.request("PUT", path, {"line": line}))

    def score_quality(
        self, contact_id: int, scores: dict[str, int], comment: str = ""
    ) -> dict[str, Any]:
        path = f"/supervisor/contacts/{int(contact_id)}/quality"
        return as_object(self.request("POST", path, {"scores": scores, "comment": comment}))
