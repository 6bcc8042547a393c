"""The wire contract's request bodies (pydantic): what clients send, validated to 422."""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

Channel = Literal["voice", "chat", "email", "web_form", "callback", "outbound"]
Priority = Literal["critical", "high", "normal"]
Agency = Literal["СФР", "Минтруд", "МСЭ", "Роструд", "ОСЗН", "Госуслуги"]
Kind = Literal["reference", "forms", "status", "technical"]
Text = Field(min_length=1, max_length=4000)


def _storable(value: Any) -> None:
    """Refuse what the databases cannot store: NUL characters and lone surrogates (PostgreSQL
    text and jsonb) and non-finite numbers (JSON has none), also inside free-form objects such
    as `ivr` and `form`."""
    if isinstance(value, str):
        if "\x00" in value:
            raise PydanticCustomError("nul_character", "must not contain the NUL character")
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise PydanticCustomError(
                    "lone_surrogate", "must be valid Unicode (no lone surrogates)"
                ) from None
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise PydanticCustomError("finite_number", "must be a finite number")
    elif isinstance(value, dict):
        for key, item in value.items():
            _storable(key)
            _storable(item)
    elif isinstance(value, list):
        for item in value:
            _storable(item)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*")
    @classmethod
    def _no_unstorable_values(cls, value: Any) -> Any:
        _storable(value)
        return value


class LoginIn(Strict):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class RefreshIn(Strict):
    refresh_token: str = Field(min_length=1, max_length=256)


class StateIn(Strict):
    state: Literal["ready", "not_ready", "break", "offline"]
    reason: str | None = Field(default=None, max_length=32)


class CallerIn(Strict):
    phone: str | None = Field(default=None, max_length=20, pattern=r"^\+?[0-9 ()\-]{5,20}$")
    name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=200, pattern=r"^[^@\s]+@[^@\s]+$")


class ChatMessageIn(Strict):
    from_: Literal["citizen", "bot"] = Field(default="citizen", alias="from")
    text: str = Text
    at: str | None = Field(default=None, max_length=40)

    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=True)


class ContactIn(Strict):
    channel: Channel
    category: str = Field(min_length=1, max_length=32)
    topic: str | None = Field(default=None, max_length=200)
    kind: Kind | None = None
    priority: Priority = "normal"
    agency: Agency | None = None
    region: str | None = Field(default=None, max_length=100)
    language: str = Field(default="ru", pattern=r"^[a-z]{2}$")
    caller: CallerIn = Field(default_factory=CallerIn)
    ivr: dict[str, Any] | None = None
    messages: list[ChatMessageIn] = Field(default_factory=list, max_length=200)
    subject: str | None = Field(default=None, max_length=500)
    body: str | None = Field(default=None, max_length=20000)
    form: dict[str, Any] | None = None
    reply_channel: Literal["email", "phone", "sms", "portal"] | None = None
    resumes: str | None = Field(default=None, max_length=20)

    def as_dict(self) -> dict[str, Any]:
        data = self.model_dump(by_alias=True)
        data["messages"] = [m.model_dump(by_alias=True) for m in self.messages]
        return data


class MessageIn(Strict):
    text: str = Text


class DeclineIn(Strict):
    reason: str = Field(min_length=1, max_length=32)


class TransferIn(Strict):
    operator_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    queue: Literal["line1", "line2", "supervisor"] | None = None
    agency: Agency | None = None
    region: str | None = Field(default=None, max_length=100)


class WrapUpIn(Strict):
    disposition: str = Field(min_length=1, max_length=32)
    resolved: bool
    notes: str = Field(default="", max_length=10000)


class EscalateIn(Strict):
    target: Literal["line2", "supervisor"]
    agency: Agency | None = None
    region: str | None = Field(default=None, max_length=100)
    reason: str = Field(min_length=1, max_length=500)
    notes: str = Field(default="", max_length=10000)


class LinkIn(Strict):
    """The number of an earlier contact the citizen quotes (the contact resumes it)."""

    number: str = Field(min_length=1, max_length=20, pattern=r"^[0-9A-Za-z\-]{1,20}$")


class HelpIn(Strict):
    """An operator asks the supervisor for help (a consultation), about a contact or not."""

    contact_id: int | None = Field(default=None, ge=1, le=2**63 - 1)
    text: str = Field(default="", max_length=1000)


class WorkModeIn(Strict):
    mode: Literal["standard", "night", "weekend", "emergency"]


class ClockAdvanceIn(Strict):
    seconds: float = Field(ge=0, le=30 * 86400)

    @field_validator("seconds")
    @classmethod
    def _finite(cls, value: float) -> float:
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("must be a finite number")
        return value


class ReassignIn(Strict):
    operator_id: int = Field(ge=1, le=2**31 - 1)


class ForceStateIn(Strict):
    state: Literal["ready", "not_ready", "break", "offline"]
    reason: str | None = Field(default=None, min_length=1, max_length=32)


class TeamMessageIn(Strict):
    text: str = Field(min_length=1, max_length=1000)
    #: None = every operator; otherwise these operators only
    operator_ids: list[int] | None = Field(default=None, min_length=1, max_length=1000)

    @field_validator("operator_ids")
    @classmethod
    def _ids(cls, value: list[int] | None) -> list[int] | None:
        if value is not None and any(not 1 <= i <= 2**31 - 1 for i in value):
            raise ValueError("operator ids are positive integers")
        return value


class WhisperIn(Strict):
    text: str = Field(min_length=1, max_length=1000)


class RatingIn(Strict):
    score: int = Field(ge=1, le=5)


class ThresholdsIn(Strict):
    asa_s: float | None = None
    max_wait_s: float | None = None
    service_level: float | None = None
    service_level_min_contacts: float | None = None
    not_ready_s: float | None = None
    escalation_unstaffed_s: float | None = None


class LineIn(Strict):
    """1: a second-line specialist to first-line work; null: back to its own line."""

    line: Literal[1] | None = None


class QualityIn(Strict):
    scores: dict[str, int] = Field(min_length=1, max_length=20)
    comment: str = Field(default="", max_length=2000)
