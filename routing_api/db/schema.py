"""The routing API's tables (SQLAlchemy Core). Times are UTC epoch seconds (float)."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

#: integer primary keys that are BIGINT on PostgreSQL and rowid aliases on SQLite
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Time = sa.Float(precision=53)

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("full_name", sa.String(200), nullable=False, server_default=""),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("line", sa.Integer),
    sa.Column("agency", sa.String(32)),
    sa.Column("region", sa.String(100)),
    sa.Column("categories", sa.JSON),  # list of category codes; NULL = every category
    sa.Column("languages", sa.JSON, nullable=False),
    sa.Column("chat_concurrency", sa.Integer, nullable=False, server_default="3"),
    sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_at", Time, nullable=False),
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id", BigId, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column("access_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("refresh_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("access_expires", Time, nullable=False),
    sa.Column("refresh_expires", Time, nullable=False),
    sa.Column("created_at", Time, nullable=False),
    sa.Column("revoked_at", Time),
)

login_failures = sa.Table(
    "login_failures",
    metadata,
    sa.Column("id", BigId, primary_key=True),
    sa.Column("username", sa.String(64), nullable=False, index=True),
    sa.Column("at", Time, nullable=False),
)

operator_state = sa.Table(
    "operator_state",
    metadata,
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("reason", sa.String(32)),
    sa.Column("since", Time, nullable=False),
    # what the operator asked for while in a contact; applied when the work is done
    sa.Column("next_state", sa.String(16)),
    sa.Column("next_reason", sa.String(32)),
    sa.Column("acw_until", Time),
    sa.Column("last_served_at", Time),
    sa.Column("seen_at", Time),  # presence: last time an event stream of this user was open
)

contacts = sa.Table(
    "contacts",
    metadata,
    sa.Column("id", BigId, primary_key=True),
    sa.Column("number", sa.String(20), unique=True),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("kind", sa.String(16)),
    sa.Column("category", sa.String(32), nullable=False),
    sa.Column("topic", sa.String(200)),
    sa.Column("priority", sa.String(8), nullable=False),
    sa.Column("priority_rank", sa.Integer, nullable=False),
    sa.Column("agency", sa.String(32)),
    sa.Column("region", sa.String(100)),
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("caller_phone", sa.String(20), index=True),
    sa.Column("caller_name", sa.String(200)),
    sa.Column("caller_email", sa.String(200)),
    sa.Column("ivr", sa.JSON),
    sa.Column("subject", sa.String(500)),
    sa.Column("body", sa.Text),
    sa.Column("form", sa.JSON),
    sa.Column("reply_channel", sa.String(16)),
    sa.Column("state", sa.String(24), nullable=False),
    # the waiting state an offer falls back to (queued / escalated / transferred)
    sa.Column("wait_state", sa.String(24)),
    sa.Column("queue", sa.String(16), nullable=False),
    sa.Column("target_agency", sa.String(32)),
    sa.Column("target_region", sa.String(100)),
    sa.Column("target_user_id", sa.Integer, sa.ForeignKey("users.id")),
    sa.Column("owner_id", sa.Integer, sa.ForeignKey("users.id"), index=True),
    sa.Column("offered_to", sa.Integer, sa.ForeignKey("users.id"), index=True),
    sa.Column("offer_expires_at", Time),
    sa.Column("created_at", Time, nullable=False),
    sa.Column("queued_at", Time, nullable=False),
    sa.Column("answered_at", Time),
    sa.Column("ended_at", Time),
    sa.Column("closed_at", Time),
    sa.Column("due_at", Time),
    sa.Column("disposition", sa.String(32)),
    sa.Column("resolved", sa.Boolean),
    sa.Column("resumes_id", BigId, sa.ForeignKey("contacts.id")),
    sa.Column("parent_id", BigId, sa.ForeignKey("contacts.id")),
    sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id")),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    sa.Index("ix_contacts_waiting", "state", "queue", "priority_rank", "queued_at"),
)

contact_history = sa.Table(
    "contact_history",
    metadata,
    sa.Column("id", BigId, primary_key=True),
    sa.Column("contact_id", BigId, sa.ForeignKey("contacts.id"), nullable=False, index=True),
    sa.Column("at", Time, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("actor_id", sa.Integer, sa.ForeignKey("users.id")),
    sa.Column("state", sa.String(24)),
    sa.Column("data", sa.JSON),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", BigId, primary_key=True),
    sa.Column("at", Time, nullable=False),
    sa.Column("type", sa.String(40), nullable=False),
    # who may see it: 'contact' (by queue skills + audience), 'operator' (the user and
    # supervisors), 'staff' (everyone but gateways), 'supervisor'
    sa.Column("scope", sa.String(16), nullable=False),
    sa.Column("contact_id", BigId),
    sa.Column("user_id", sa.Integer),
    sa.Column("audience", sa.JSON),  # user ids that always see a contact event
    sa.Column("queue", sa.String(16)),
    sa.Column("line_agency", sa.String(32)),
    sa.Column("line_region", sa.String(100)),
    sa.Column("category", sa.String(32)),
    sa.Column("language", sa.String(8)),
    sa.Column("payload", sa.Text, nullable=False),
)

idempotency_keys = sa.Table(
    "idempotency_keys",
    metadata,
    sa.Column("user_id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(255), primary_key=True),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("state", sa.String(12), nullable=False),  # running | done
    sa.Column("status_code", sa.Integer),
    sa.Column("response", sa.Text),
    sa.Column("created_at", Time, nullable=False, index=True),
    sa.Column("lease_until", Time, nullable=False),
)

server_settings = sa.Table(
    "server_settings",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.JSON, nullable=False),
    sa.Column("updated_at", Time, nullable=False),
    sa.Column("updated_by", sa.Integer),
)

#: how many contacts waited, sampled once a minute (the monitor's chart of the last hours):
#: per agency and region of the contacts, and agency = region = "*" for the whole centre
board_samples = sa.Table(
    "board_samples",
    metadata,
    sa.Column("minute", sa.Integer, primary_key=True),  # epoch seconds // 60
    sa.Column("agency", sa.String(32), primary_key=True),  # "" where the contact has none
    sa.Column("region", sa.String(100), primary_key=True),
    sa.Column("waiting", sa.Integer, nullable=False),
    sa.Column("longest_wait_s", Time, nullable=False),
)

kb_articles = sa.Table(
    "kb_articles",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("data", sa.JSON),  # NULL for a deleted article (a tombstone)
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("seq", BigId, nullable=False, unique=True),  # position in the change feed
    sa.Column("updated_at", Time, nullable=False),
    sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
)

kb_changes = sa.Table(
    "kb_changes",
    metadata,
    sa.Column("seq", BigId, primary_key=True),
    sa.Column("article_id", sa.String(32), nullable=False, index=True),
    sa.Column("op", sa.String(8), nullable=False),  # created | updated | deleted
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("at", Time, nullable=False),
    sa.Column("actor_id", sa.Integer),
    sa.Column("data", sa.JSON),
)

citizens = sa.Table(
    "citizens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("last_name", sa.String(100), nullable=False),
    sa.Column("first_name", sa.String(100), nullable=False),
    sa.Column("middle_name", sa.String(100)),
    sa.Column("sex", sa.String(1), nullable=False),
    sa.Column("birth_date", sa.String(10), nullable=False),
    sa.Column("snils", sa.String(14), nullable=False, unique=True),
    sa.Column("inn", sa.String(12)),
    sa.Column("passport_series", sa.String(5)),
    sa.Column("passport_number", sa.String(6)),
    sa.Column("phone", sa.String(20), nullable=False, index=True),
    sa.Column("email", sa.String(200)),
    sa.Column("region", sa.String(100), nullable=False),
    sa.Column("address", sa.String(300)),
    sa.Column("bank", sa.String(100)),
    sa.Column("account_last4", sa.String(4)),
)

citizen_payments = sa.Table(
    "citizen_payments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("citizen_id", sa.Integer, sa.ForeignKey("citizens.id"), nullable=False, index=True),
    sa.Column("agency", sa.String(32), nullable=False),
    sa.Column("kind", sa.String(200), nullable=False),
    sa.Column("amount_rub", sa.Integer, nullable=False),
    sa.Column("paid_on", sa.String(10), nullable=False),
    sa.Column("status", sa.String(40), nullable=False),
)

citizen_applications = sa.Table(
    "citizen_applications",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("citizen_id", sa.Integer, sa.ForeignKey("citizens.id"), nullable=False, index=True),
    sa.Column("agency", sa.String(32), nullable=False),
    sa.Column("number", sa.String(40), nullable=False),
    sa.Column("kind", sa.String(200), nullable=False),
    sa.Column("status", sa.String(40), nullable=False),
    sa.Column("submitted_on", sa.String(10), nullable=False),
)

kb_proposals = sa.Table(
    "kb_proposals",
    metadata,
    sa.Column("id", BigId, primary_key=True),
    sa.Column("article_id", sa.String(32), nullable=False, index=True),
    # the article version the author saw; approving it later needs that to still be current
    sa.Column("base_version", sa.Integer, nullable=False),
    # the proposed fields; NULL = left as it is
    sa.Column("title", sa.Text),
    sa.Column("answer", sa.Text),
    sa.Column("keywords", sa.JSON),
    sa.Column("comment", sa.Text, nullable=False),  # why the author proposes it
    sa.Column("author_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column("created_at", Time, nullable=False),
    sa.Column("status", sa.String(12), nullable=False),  # pending|approved|rejected|withdrawn
    sa.Column("reviewer_id", sa.Integer, sa.ForeignKey("users.id")),
    sa.Column("reviewed_at", Time),
    sa.Column("review_comment", sa.Text),
    sa.Column("resulting_version", sa.Integer),  # the article version an approval created
    sa.Index("ix_kb_proposals_status_created", "status", "created_at"),
)

kb_search_stats = sa.Table(
    "kb_search_stats",
    metadata,
    sa.Column("day", sa.String(10), primary_key=True),  # YYYY-MM-DD, Moscow time
    sa.Column("query", sa.String(200), primary_key=True),  # scrubbed of personal data
    sa.Column("zero_results", sa.Integer, nullable=False, server_default="0"),
    sa.Column("low_confidence", sa.Integer, nullable=False, server_default="0"),
    sa.Column("updated_at", Time, nullable=False),
)

verifications = sa.Table(
    "verifications",
    metadata,
    sa.Column("id", BigId, primary_key=True),
    sa.Column("contact_id", BigId, sa.ForeignKey("contacts.id"), nullable=False, index=True),
    # who runs it: only the contact's owner; who finished it is the same user
    sa.Column("operator_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True),
    # basic | document | code | consent | verified | refused | blocked | consent_refused
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("started_at", Time, nullable=False),
    sa.Column("updated_at", Time, nullable=False),
    # the citizen's stated data between step 1 and the registry check; cleared by the check
    sa.Column("claims", sa.JSON(none_as_null=True)),
    sa.Column("document_kind", sa.String(8)),  # passport | snils | bank
    sa.Column("citizen_id", sa.Integer),  # the registry's citizen once matched
    sa.Column("reason_code", sa.String(32)),  # why it was refused / blocked
    # the one-time code: a salted hash only; times on the server clock
    sa.Column("code_salt", sa.String(32)),
    sa.Column("code_hash", sa.String(64)),
    sa.Column("code_sent_at", Time),
    sa.Column("code_expires_at", Time),
    sa.Column("resend_at", Time),
    sa.Column("sends", sa.Integer, nullable=False, server_default="0"),
    sa.Column("attempts_left", sa.Integer, nullable=False, server_default="3"),
    sa.Column("consent_at", Time),
    sa.Column("verified_at", Time),
    sa.Column("finished_at", Time),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
)

#: append-only and hash-chained: id = previous id + 1 (the primary key refuses a fork), and
#: hash = sha256(canonical record + prev_hash); holds field names and results, never values
audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=False),
    sa.Column("at", Time, nullable=False),
    sa.Column("actor_id", sa.Integer),
    sa.Column("actor_role", sa.String(16)),
    sa.Column("contact_id", BigId, index=True),
    sa.Column("citizen_id", sa.Integer),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("field", sa.String(40)),
    sa.Column("result", sa.String(40), nullable=False),
    sa.Column("reason", sa.String(200)),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)

alerts = sa.Table(
    "alerts",
    metadata,
    sa.Column("id", BigId, primary_key=True),
    sa.Column("at", Time, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("severity", sa.String(8), nullable=False),
    sa.Column("contact_id", BigId),
    sa.Column("user_id", sa.Integer),  # the operator concerned
    sa.Column("details", sa.JSON),  # counts and codes, never personal data
    sa.Column("acknowledged_at", Time),
    sa.Column("acknowledged_by", sa.Integer),
    sa.Index("ix_alerts_kind_at", "kind", "at"),
)
