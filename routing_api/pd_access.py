"""Who may see a verified citizen's personal data, and the audited reads (DESIGN §4).

| reader | identification | card (INN, e-mail, address) | payments, applications |
|---|---|---|---|
| first line: owner who verified, in contact | yes | no  | never |
| second line: owner, in contact, own agency and region | yes | yes | its agency's |
| supervisor (monitoring and audit)          | yes | no  | no |
| anyone else, or a contact not verified     | 403 | 403 | 403 |

"Its region": a specialist with no region serves every region of its agency; otherwise the
contact's second-line region (target), else the contact's region, else the citizen's own.
Every read, allowed or refused, appends an audit record; an operator reading a contact that
is not verified raises a supervisor alert. SNILS, passport, phone, INN, e-mail and address
are masked until revealed one at a time (`reveal`), which is audited too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Connection

from routing_api import alerts, audit
from routing_api.auth import User
from routing_api.contacts import ACTIVE, Row, load
from routing_api.context import Env
from routing_api.demo.identity import mask_passport, mask_phone, mask_snils
from routing_api.errors import ApiError
from routing_api.pd import mask_email
from routing_api.verification import verified

IDENTIFICATION = (
    "last_name",
    "first_name",
    "middle_name",
    "birth_date",
    "phone",
    "snils",
    "passport",
    "bank",
    "account_last4",
)
CARD = (*IDENTIFICATION, "sex", "inn", "email", "region", "address")
MASKED = frozenset({"snils", "passport", "phone", "inn", "email", "address"})
#: what a read is of: the citizen card, its payments, its applications, one revealed field
WHAT = ("citizen", "payments", "applications", "reveal")

_DENIALS: dict[str, tuple[str, str]] = {
    "pd_role": (
        "Персональные данные граждан недоступны для этой учётной записи.",
        "This account has no access to citizens' personal data.",
    ),
    "pd_not_owner": (
        "Персональные данные доступны только сотруднику, который ведёт обращение.",
        "Personal data is only for the user handling the contact.",
    ),
    "pd_contact_not_active": (
        "Персональные данные доступны только во время работы с обращением.",
        "Personal data is only available while the contact is in progress.",
    ),
    "pd_not_verified": (
        "Персональные данные доступны только после подтверждения личности гражданина.",
        "Personal data is only available once the citizen is verified.",
    ),
    "pd_not_verifier": (
        "Данные доступны только сотруднику, который провёл идентификацию.",
        "Only the user who verified the citizen may see this.",
    ),
    "pd_first_line": (
        "Первой линии недоступны выплаты, заявления и карточка гражданина.",
        "The first line has no access to payments, applications or the citizen card.",
    ),
    "pd_other_agency": (
        "Обращение относится к другому ведомству.",
        "The contact belongs to another agency.",
    ),
    "pd_other_region": (
        "Обращение относится к другому региону.",
        "The contact belongs to another region.",
    ),
    "pd_supervisor_scope": (
        "Для мониторинга доступны только идентификационные данные.",
        "Monitoring sees identification fields only.",
    ),
}


@dataclass(frozen=True)
class Decision:
    """Whether a read is allowed; what view it gets, or why it is refused."""

    allowed: bool
    code: str
    citizen_id: int | None = None
    fields: tuple[str, ...] = ()

    def error(self) -> ApiError:
        ru, en = _DENIALS[self.code]
        return ApiError(403, self.code, ru, en)


def decide(
    user: User,
    contact: Row,
    verification: Mapping[Any, Any] | None,
    citizen_region: str | None,
    what: str,
    field: str | None = None,
) -> Decision:
    """The access rule itself: pure, so the matrix test and the endpoints share it."""
    if user.role not in ("operator", "supervisor"):
        return Decision(False, "pd_role")
    if user.role == "operator":
        if contact["owner_id"] != user.id:
            return Decision(False, "pd_not_owner")
        if contact["state"] not in ACTIVE:
            return Decision(False, "pd_contact_not_active")
    if verification is None:
        return Decision(False, "pd_not_verified")
    citizen_id = verification["citizen_id"]
    if user.role == "supervisor":
        if what in ("payments", "applications") or (
            what == "reveal" and field not in IDENTIFICATION
        ):
            return Decision(False, "pd_supervisor_scope", citizen_id)
        return Decision(True, "identification", citizen_id, IDENTIFICATION)
    if user.line != 2:
        if verification["operator_id"] != user.id:
            return Decision(False, "pd_not_verifier", citizen_id)
        if what in ("payments", "applications") or (
            what == "reveal" and field not in IDENTIFICATION
        ):
            return Decision(False, "pd_first_line", citizen_id)
        return Decision(True, "identification", citizen_id, IDENTIFICATION)
    if user.agency != (contact["target_agency"] or contact["agency"]):
        return Decision(False, "pd_other_agency", citizen_id)
    region = contact["target_region"] or contact["region"] or citizen_region
    if user.region is not None and user.region != region:
        return Decision(False, "pd_other_region", citizen_id)
    return Decision(True, "card", citizen_id, CARD)


def _mask(name: str, value: Any) -> Any:
    if value is None:
        return None
    text = str(value)
    if name == "snils":
        return mask_snils(text)
    if name == "passport":
        return mask_passport(text)
    if name == "phone":
        return mask_phone(text)
    if name == "email":
        return mask_email(text)
    if name == "inn":
        return "*" * max(0, len(text) - 2) + text[-2:]
    if name == "address":
        return "***"
    return value


def _fields(citizen: Mapping[str, Any]) -> dict[str, Any]:
    """The registry's row with the passport as one field."""
    out = dict(citizen)
    series, number = out.pop("passport_series", None), out.pop("passport_number", None)
    out["passport"] = f"{series} {number}" if series and number else None
    return out


@dataclass
class Outcome:
    """A read's answer, or the refusal to raise once the audit record is committed."""

    body: dict[str, Any] | None = None
    error: ApiError | None = None

    def result(self) -> dict[str, Any]:
        if self.error is not None:
            raise self.error
        assert self.body is not None
        return self.body


def read(
    conn: Connection,
    env: Env,
    user: User,
    contact_id: int,
    what: str,
    *,
    field: str | None = None,
    why: str | None = None,
) -> Outcome:
    """Decide, audit and (if allowed) read, inside one write transaction."""
    contact = load(conn, contact_id)
    verification = verified(conn, contact_id)
    registry = env.externals.registry if env.externals is not None else None
    citizen = None
    if verification is not None and registry is not None:
        citizen = registry.citizen(verification["citizen_id"])
    decision = decide(
        user, contact, verification, citizen["region"] if citizen else None, what, field
    )
    action = "pd.reveal" if what == "reveal" else "pd.read"
    audited_field = field if what == "reveal" else what
    if not decision.allowed:
        audit.append(
            conn, env.now, user, action, "denied", contact_id=contact_id,
            citizen_id=decision.citizen_id, field=audited_field, reason=decision.code,
        )  # fmt: skip
        if decision.code == "pd_not_verified" and user.role == "operator":
            alerts.raise_alert(
                conn,
                env.now,
                "pd_read_unverified",
                user_id=user.id,
                contact_id=contact_id,
                details={"what": audited_field},
            )
        return Outcome(error=decision.error())
    assert citizen is not None and registry is not None
    audit.append(
        conn, env.now, user, action, "ok", contact_id=contact_id,
        citizen_id=decision.citizen_id, field=audited_field, reason=why or decision.code,
    )  # fmt: skip
    citizen_id = int(citizen["id"])
    base = {"contact_id": contact_id, "citizen_id": citizen_id}
    data = _fields(citizen)
    if what == "citizen":
        return Outcome(
            {
                **base,
                "view": decision.code,
                "fields": {name: _mask(name, data.get(name)) for name in decision.fields},
                "masked": sorted(MASKED & set(decision.fields)),
            }
        )
    if what == "reveal":
        assert field is not None and field in decision.fields
        return Outcome({**base, "field": field, "value": data.get(field)})
    agency = user.agency
    if what == "payments":
        items = [
            {k: p[k] for k in ("id", "agency", "kind", "amount_rub", "paid_on", "status")}
            for p in registry.payments(citizen_id, agency)
        ]
    else:
        items = [
            {k: a[k] for k in ("id", "agency", "number", "kind", "status", "submitted_on")}
            for a in registry.applications(citizen_id, agency)
        ]
    return Outcome({**base, "agency": agency, "items": items})
