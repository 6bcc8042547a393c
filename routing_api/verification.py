"""Identity verification of a contact's citizen (DESIGN §4), a state machine on the server.

    basic → document → (registry check) → code → consent → verified
                             ↘ refused       ↘ blocked     ↘ consent_refused

1. basic data: full name, date of birth, the account's phone;
2. one document: SNILS (required for pension matters), passport, or for financial matters
   the bank and last four digits of the account payments go to;
3. the registry checks 1–2 when the document is given: matched, or refused with a reason;
4. a one-time code sent to the phone the *registry* holds, valid `otp_ttl_s` on the server
   clock; `otp_attempts` wrong answers block the verification; a resend is allowed
   `otp_resend_s` after the last send and restarts the validity, up to `otp_sends` codes;
   wrong answers are counted per verification, so a resend never gives more attempts;
5. consent to personal-data processing.

Only the contact's owner runs it, while the contact is in progress or on hold; a step out of
order is 409. The stated data is kept only until the registry check; the code only as a salted
hash. Every step appends an audit record and a `contact.verification` event (state only).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from routing_api import alerts, audit, events
from routing_api.auth import User
from routing_api.contacts import ACTIVE, Row, load
from routing_api.context import Env
from routing_api.db.engine import inserted_id
from routing_api.db.schema import verifications
from routing_api.demo.identity import mask_phone
from routing_api.errors import ApiError, conflict, forbidden, invalid
from routing_api.external import Externals
from routing_api.history import add_history
from routing_api.timefmt import iso
from routing_api.verification_models import BasicIn, DocumentIn
from routing_api.verification_reasons import reason

STEPS = ("basic", "document", "check", "code", "consent")
IN_PROGRESS = ("basic", "document", "code", "consent")
FAILED = ("refused", "blocked", "consent_refused", "cancelled")
#: the step each state waits on (1-based), or the step it ended at
_STEP_OF = {
    "basic": 1,
    "document": 2,
    "refused": 3,
    "code": 4,
    "blocked": 4,
    "consent": 5,
    "consent_refused": 5,
    "verified": 5,
    "cancelled": None,
}
#: matters about pensions need the SNILS (СФР keeps pension rights by it)
PENSION_CATEGORIES = frozenset({"pensions"})
#: matters about money paid to the citizen: bank details may stand in for a document
FINANCIAL_CATEGORIES = frozenset(
    {
        "unified_benefit",
        "sick_leave_maternity",
        "maternity_capital",
        "child_benefits",
        "federal_beneficiaries",
        "regional_benefits",
        "housing_subsidy",
        "large_families",
        "social_assistance",
    }
)
_STEP_NAMES_RU = {
    "basic": "основные данные",
    "document": "документ",
    "code": "одноразовый код",
    "consent": "согласие на обработку персональных данных",
}


_LATEST = (
    sa.select(verifications)
    .where(verifications.c.contact_id == sa.bindparam("contact_id"))
    .order_by(verifications.c.id.desc())
    .limit(1)
)


def latest(conn: Connection, contact_id: int) -> Row | None:
    return conn.execute(_LATEST, {"contact_id": contact_id}).mappings().first()


def verified(conn: Connection, contact_id: int) -> Row | None:
    """The contact's successful verification, if it has one."""
    row = latest(conn, contact_id)
    return row if row is not None and row["state"] == "verified" else None


def _owned_contact(conn: Connection, user: User, contact_id: int) -> Row:
    contact = load(conn, contact_id)
    if user.role != "operator" or contact["owner_id"] != user.id:
        raise forbidden(
            "Идентификацию проводит только сотрудник, который ведёт обращение.",
            "Only the user handling the contact may verify the citizen.",
        )
    if contact["state"] not in ACTIVE:
        raise conflict(
            "verification_contact_not_active",
            "Идентификация возможна только во время разговора с гражданином.",
            "Verification is only possible while the contact is in progress.",
        )
    return contact


def _current(conn: Connection, contact_id: int) -> Row:
    row = latest(conn, contact_id)
    if row is None:
        raise conflict(
            "verification_not_started",
            "Идентификация по этому обращению не начата.",
            "No verification was started on this contact.",
        )
    return row


def _expect(row: Row, *states: str) -> None:
    """A step out of order is 409, saying what the verification waits for."""
    if row["state"] in states:
        return
    state = row["state"]
    if state in IN_PROGRESS:
        ru = f"Сначала завершите шаг «{_STEP_NAMES_RU[state]}»."
        en = f"Finish the step '{state}' first."
    else:
        ru = "Идентификация уже завершена; начните новую, если это возможно."
        en = f"The verification has ended ({state}); start a new one if allowed."
    raise ApiError(
        409, "verification_step_order", ru, en, details={"state": state, "expected": states}
    )


def _update(conn: Connection, row: Row, env: Env, **values: Any) -> Row:
    result = conn.execute(
        verifications.update()
        .where(verifications.c.id == row["id"], verifications.c.version == row["version"])
        .values(version=verifications.c.version + 1, updated_at=env.now, **values)
    )
    if result.rowcount != 1:
        raise conflict(
            "verification_changed",
            "Идентификация изменилась в другом окне. Обновите и повторите.",
            "The verification changed meanwhile; reload and retry.",
        )
    return (
        conn.execute(sa.select(verifications).where(verifications.c.id == row["id"]))
        .mappings()
        .one()
    )


def _announce(conn: Connection, env: Env, contact: Row, row: Row) -> None:
    events.contact_event(
        conn,
        env.now,
        "contact.verification",
        contact,
        verification={
            "id": row["id"],
            "state": row["state"],
            "step": _STEP_OF.get(row["state"]),
            "reason_code": row["reason_code"],
        },
    )


def _audit(
    conn: Connection,
    env: Env,
    user: User,
    row: Row,
    action: str,
    result: str,
    reason_text: str | None = None,
    field: str | None = None,
) -> None:
    audit.append(
        conn,
        env.now,
        user,
        f"verification.{action}",
        result,
        contact_id=row["contact_id"],
        citizen_id=row["citizen_id"],
        field=field,
        reason=reason_text,
    )


def start(conn: Connection, env: Env, user: User, contact_id: int) -> tuple[int, Row]:
    """Begin (or return the running) verification; 201 when a new one begins."""
    contact = _owned_contact(conn, user, contact_id)
    row = latest(conn, contact_id)
    if row is not None:
        if row["state"] == "verified":
            raise conflict(
                "already_verified",
                "Личность гражданина по этому обращению уже подтверждена.",
                "The citizen is already verified on this contact.",
            )
        if row["state"] == "blocked":
            raise conflict(
                "verification_blocked",
                "Идентификация по этому обращению заблокирована после неверных кодов.",
                "Verification is blocked on this contact after wrong codes.",
            )
        if row["state"] in IN_PROGRESS:
            if row["operator_id"] == user.id:
                return 200, row
            # the contact changed hands mid-way: the new owner starts afresh
            cancelled = _update(
                conn,
                row,
                env,
                state="cancelled",
                reason_code="cancelled",
                claims=None,
                code_hash=None,
                finished_at=env.now,
            )
            _audit(conn, env, user, cancelled, "cancel", "cancelled", "owner_changed")
    failures = conn.execute(
        sa.select(sa.func.count()).where(
            verifications.c.contact_id == contact_id,
            verifications.c.state.in_(("refused", "blocked")),
        )
    ).scalar_one()
    if failures >= env.settings.verification_failures_per_contact:
        raise conflict(
            "verification_locked",
            "По этому обращению слишком много неудачных попыток идентификации.",
            "Too many failed verifications on this contact.",
        )
    new_id = inserted_id(
        conn.execute(
            verifications.insert().values(
                contact_id=contact_id,
                operator_id=user.id,
                state="basic",
                started_at=env.now,
                updated_at=env.now,
                attempts_left=env.settings.otp_attempts,
            )
        )
    )
    row = (
        conn.execute(sa.select(verifications).where(verifications.c.id == new_id)).mappings().one()
    )
    _audit(conn, env, user, row, "start", "ok")
    add_history(conn, contact_id, env.now, "verification_started", user.id, contact["state"],
                {"verification_id": new_id})  # fmt: skip
    _announce(conn, env, contact, row)
    return 201, row


def submit_basic(conn: Connection, env: Env, user: User, contact_id: int, body: BasicIn) -> Row:
    """Step 1; may be given again (a correction) until the document is checked."""
    contact = _owned_contact(conn, user, contact_id)
    row = _current(conn, contact_id)
    _expect(row, "basic", "document")
    _check_operator(row, user)
    # no patronymic said is a claim too: "" must match a registry entry without one
    claims = {**body.model_dump(), "middle_name": body.middle_name or ""}
    row = _update(conn, row, env, state="document", claims=claims)
    _audit(conn, env, user, row, "basic", "ok", field="name,birth_date,phone")
    _announce(conn, env, contact, row)
    return row


def _check_operator(row: Row, user: User) -> None:
    if row["operator_id"] != user.id:
        raise forbidden(
            "Эту идентификацию начал другой сотрудник; начните новую.",
            "Another user began this verification; start a new one.",
        )


def _field_error(field: str, kind: str, en: str, ru: str) -> ApiError:
    """A 422 in the shape of the request validator's, for rules that need the contact."""
    return invalid(
        "validation_error",
        f"Некорректные данные запроса: {field} — {ru}.",
        f"Invalid request: {field}: {en}",
        details=[{"field": field, "problem": en, "problem_ru": ru, "type": kind}],
    )


def requirements(contact: Row) -> dict[str, bool]:
    """Which documents the contact's matter accepts."""
    category = contact["category"]
    return {
        "snils_required": category in PENSION_CATEGORIES,
        "bank_allowed": category in FINANCIAL_CATEGORIES,
    }


def _document_claims(contact: Row, body: DocumentIn) -> dict[str, Any]:
    rules = requirements(contact)
    if rules["snils_required"] and body.kind != "snils":
        raise _field_error(
            "kind",
            "snils_required",
            "pension matters are verified by SNILS",
            "по вопросам пенсии личность подтверждается СНИЛС",
        )
    if body.kind == "bank" and not rules["bank_allowed"]:
        raise _field_error(
            "kind",
            "bank_not_allowed",
            "bank details verify identity for payment matters only",
            "банковские реквизиты подтверждают личность только по вопросам выплат",
        )
    needed = {
        "snils": (("snils", "укажите СНИЛС"),),
        "passport": (
            ("passport_series", "укажите серию паспорта"),
            ("passport_number", "укажите номер паспорта"),
        ),
        "bank": (
            ("bank", "укажите банк, на счёт в котором поступают выплаты"),
            ("account_last4", "укажите последние четыре цифры счёта"),
        ),
    }[body.kind]
    claims: dict[str, Any] = {}
    for name, ru in needed:
        value = getattr(body, name)
        if not value:
            raise _field_error(name, "missing", "required for this document", ru)
        claims[name] = value
    return claims


def submit_document(
    conn: Connection, env: Env, user: User, contact_id: int, body: DocumentIn
) -> Row:
    """Step 2, and step 3 at once: the registry checks the stated data."""
    contact = _owned_contact(conn, user, contact_id)
    row = _current(conn, contact_id)
    _expect(row, "document")
    _check_operator(row, user)
    claims = {**(row["claims"] or {}), **_document_claims(contact, body)}
    assert env.externals is not None
    match = env.externals.registry.check_identity(claims)
    _audit(conn, env, user, row, "document", "ok", field=body.kind)
    if match.matched:
        row = _update(
            conn, row, env, state="code", document_kind=body.kind, claims=None,
            citizen_id=match.citizen_id,
        )  # fmt: skip
        _audit(conn, env, user, row, "check", "matched")
    else:
        row = _update(
            conn, row, env, state="refused", document_kind=body.kind, claims=None,
            reason_code=match.reason_code, finished_at=env.now,
        )  # fmt: skip
        _audit(conn, env, user, row, "check", "refused", match.reason_code)
        alerts.after_failure(conn, env.now, user.id, contact_id)
    _announce(conn, env, contact, row)
    return row


def _code_hash(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


def send_code(conn: Connection, env: Env, user: User, contact_id: int) -> Row:
    """Step 4: send (or resend) the code to the registry's phone of the matched citizen."""
    contact = _owned_contact(conn, user, contact_id)
    row = _current(conn, contact_id)
    _expect(row, "code")
    _check_operator(row, user)
    settings = env.settings
    if row["sends"] >= settings.otp_sends:
        raise conflict(
            "code_sends_exhausted",
            "Код уже отправлялся максимальное число раз.",
            "The code was sent the maximum number of times.",
        )
    if row["resend_at"] is not None and env.now < row["resend_at"]:
        wait = max(1, int(row["resend_at"] - env.now + 0.999))
        raise ApiError(
            409,
            "code_resend_too_early",
            f"Повторно отправить код можно через {wait} с.",
            f"The code can be resent in {wait} s.",
            headers={"Retry-After": str(wait)},
            details={"resend_at": iso(row["resend_at"])},
        )
    assert env.externals is not None
    citizen = env.externals.registry.citizen(row["citizen_id"])
    if citizen is None:
        raise conflict(
            "citizen_gone", "Гражданин не найден в реестре.", "The citizen left the registry."
        )
    code = f"{secrets.randbelow(10**6):06d}"
    salt = secrets.token_hex(16)
    row = _update(
        conn,
        row,
        env,
        code_salt=salt,
        code_hash=_code_hash(salt, code),
        code_sent_at=env.now,
        code_expires_at=env.now + settings.otp_ttl_s,
        resend_at=env.now + settings.otp_resend_s,
        sends=row["sends"] + 1,
    )
    phone = citizen["phone"]
    minutes = max(1, round(settings.otp_ttl_s / 60))
    text = (
        f"ЕКЦ: код подтверждения личности {code}. Действует {minutes} мин. "
        "Называйте его только оператору ЕКЦ в разговоре, который начали вы."
    )

    def deliver(ext: Externals) -> None:
        ext.sms.send(phone, text)

    env.after_commit(deliver)  # the message leaves only once the code is durable
    _audit(conn, env, user, row, "code_sent", "ok", f"send {row['sends']}")
    _announce(conn, env, contact, row)
    return row


def check_code(
    conn: Connection, env: Env, user: User, contact_id: int, code: str
) -> tuple[Row, str]:
    """Step 4: the code the citizen reads out; returns the row and ok|wrong_code|expired|blocked."""
    contact = _owned_contact(conn, user, contact_id)
    row = _current(conn, contact_id)
    _expect(row, "code")
    _check_operator(row, user)
    if row["code_hash"] is None:
        raise conflict("code_not_sent", "Сначала отправьте код.", "Send the code first.")
    if env.now >= row["code_expires_at"]:
        _audit(conn, env, user, row, "code_check", "expired")
        return row, "expired"
    if hmac.compare_digest(_code_hash(row["code_salt"], code), row["code_hash"]):
        row = _update(conn, row, env, state="consent", code_hash=None, code_salt=None)
        _audit(conn, env, user, row, "code_check", "ok")
        _announce(conn, env, contact, row)
        return row, "ok"
    left = row["attempts_left"] - 1
    if left > 0:
        row = _update(conn, row, env, attempts_left=left)
        _audit(conn, env, user, row, "code_check", "wrong_code", f"attempts_left {left}")
        _announce(conn, env, contact, row)
        return row, "wrong_code"
    row = _update(
        conn, row, env, attempts_left=0, state="blocked", code_hash=None, code_salt=None,
        reason_code="code_attempts_exhausted", finished_at=env.now,
    )  # fmt: skip
    _audit(conn, env, user, row, "code_check", "blocked", "code_attempts_exhausted")
    alerts.after_failure(conn, env.now, user.id, contact_id)
    _announce(conn, env, contact, row)
    return row, "blocked"


def record_consent(conn: Connection, env: Env, user: User, contact_id: int, given: bool) -> Row:
    """Step 5: consent given verifies the citizen; refused ends the verification."""
    contact = _owned_contact(conn, user, contact_id)
    row = _current(conn, contact_id)
    _expect(row, "consent")
    _check_operator(row, user)
    if given:
        row = _update(
            conn, row, env, state="verified", consent_at=env.now, verified_at=env.now,
            finished_at=env.now,
        )  # fmt: skip
        _audit(conn, env, user, row, "consent", "given")
        add_history(conn, contact_id, env.now, "verified", user.id, contact["state"],
                    {"verification_id": row["id"]})  # fmt: skip
    else:
        row = _update(
            conn, row, env, state="consent_refused", reason_code="consent_refused",
            finished_at=env.now,
        )  # fmt: skip
        _audit(conn, env, user, row, "consent", "refused", "consent_refused")
    _announce(conn, env, contact, row)
    return row


def view(row: Row, contact: Row, env: Env, *, result: str | None = None) -> dict[str, Any]:
    """The verification as the workstation's panel shows it: steps, countdowns, the reason."""
    state = row["state"]
    current = _STEP_OF.get(state)
    steps = []
    for number, name in enumerate(STEPS, 1):
        if state == "verified" or (current is not None and number < current):
            status = "done"
        elif current == number and state in FAILED:
            status = "failed"
        elif current == number and state in IN_PROGRESS:
            status = "current"
        else:
            status = "pending"
        steps.append({"step": number, "name": name, "status": status})
    code: dict[str, Any] | None = None
    if state in ("code", "consent", "verified", "blocked"):
        settings = env.settings
        phone = None
        if env.externals is not None and row["citizen_id"] is not None and state == "code":
            citizen = env.externals.registry.citizen(row["citizen_id"])
            phone = mask_phone(citizen["phone"]) if citizen else None
        code = {
            "sent": row["code_sent_at"] is not None,
            "sent_at": iso(row["code_sent_at"]),
            "expires_at": iso(row["code_expires_at"]),
            "expired": row["code_expires_at"] is not None and env.now >= row["code_expires_at"],
            "resend_at": iso(row["resend_at"]),
            "can_resend": row["sends"] < settings.otp_sends
            and (row["resend_at"] is None or env.now >= row["resend_at"]),
            "attempts_left": row["attempts_left"],
            "sends_left": max(0, settings.otp_sends - row["sends"]),
            "ttl_s": settings.otp_ttl_s,
            "resend_after_s": settings.otp_resend_s,
            "phone_masked": phone,
        }
    body: dict[str, Any] = {
        "id": row["id"],
        "contact_id": row["contact_id"],
        "operator_id": row["operator_id"],
        "state": state,
        "step": current,
        "steps": steps,
        "started_at": iso(row["started_at"]),
        "updated_at": iso(row["updated_at"]),
        "finished_at": iso(row["finished_at"]),
        "document_kind": row["document_kind"],
        "requirements": requirements(contact),
        "reason": reason(row["reason_code"]),
        "code": code,
        "consent_at": iso(row["consent_at"]),
        "verified": (
            {
                "citizen_id": row["citizen_id"],
                "at": iso(row["verified_at"]),
                "by": row["operator_id"],
            }
            if state == "verified"
            else None
        ),
        "now": iso(env.now),
    }
    if result is not None:
        body["result"] = result
    return body


def summary(conn: Connection, contact_id: int) -> dict[str, Any] | None:
    """What the contact itself says about verification (no personal data)."""
    row = latest(conn, contact_id)
    if row is None:
        return None
    return {
        "id": row["id"],
        "state": row["state"],
        "step": _STEP_OF.get(row["state"]),
        "operator_id": row["operator_id"],
        "verified_at": iso(row["verified_at"]),
        "reason_code": row["reason_code"],
    }


def can_read(user: User, contact: Mapping[Any, Any]) -> bool:
    """Who may read a contact's verification state: its owner and supervisors."""
    return user.role == "supervisor" or (user.role == "operator" and contact["owner_id"] == user.id)
