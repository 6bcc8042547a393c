"""Server settings: one declared schema with defaults, read from the command line and env."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

APP_NAME = "ekc-routing-api"


def default_data_dir() -> Path:
    """The server's own data directory (ROUTING_API_DATA_DIR overrides it)."""
    override = os.environ.get("ROUTING_API_DATA_DIR")
    return (
        Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    )


def default_database_url() -> str:
    """SQLite in the data directory unless ROUTING_API_DATABASE says otherwise."""
    url = os.environ.get("ROUTING_API_DATABASE")
    if url:
        return url
    return f"sqlite:///{default_data_dir() / 'routing.sqlite3'}"


@dataclass(frozen=True)
class Settings:
    """What an administrator can tune; every timer is in seconds."""

    database_url: str = field(default_factory=default_database_url)
    #: database connections kept open per process (PostgreSQL adds up to 10 more under load,
    #: plus one LISTEN connection); size max_connections for every replica together
    pool_size: int = 10
    #: an offer not accepted in this time goes back to the queue (DESIGN §3.5)
    offer_timeout_s: float = 20.0
    #: after-contact work: the operator returns to ready after this
    acw_s: float = 30.0
    #: a dropped event stream longer than this makes the operator not_ready(disconnected)
    presence_grace_s: float = 30.0
    #: a pushed contact waiting longer than this is redirected to a callback; 0 = never
    redirect_after_s: float = 300.0
    #: a callback task created for an unanswered / redirected contact is due after this
    callback_due_s: float = 15 * 60.0
    #: a voice call abandoned in the queue after waiting this long gets a first-line outbound
    #: call task (shorter waits are mostly misdials)
    outbound_after_abandon_s: float = 10.0
    #: callback / outbound attempts for one request before the chain stops
    callback_attempts: int = 3
    access_token_ttl_s: float = 15 * 60.0
    refresh_token_ttl_s: float = 14 * 3600.0
    #: failed logins per user within login_window_s before throttling
    login_max_failures: int = 5
    login_window_s: float = 600.0
    idempotency_ttl_s: float = 72 * 3600.0
    #: how long an unfinished idempotent request blocks its key before a retry may take over
    idempotency_lease_s: float = 60.0
    #: SSE keep-alive comment interval; keep it below any proxy's read timeout
    keepalive_s: float = 15.0
    #: how long a process trusts an access token it has checked without reading its session
    #: again; a session ended through another replica (or an account disabled from the
    #: command line) stops working within this; 0 reads the session on every request
    session_cache_s: float = 2.0
    #: identity verification's one-time code: valid this long, resent no sooner than
    #: otp_resend_s after the last one (a resend restarts the validity), otp_attempts wrong
    #: answers per verification block it, at most otp_sends codes per verification
    otp_ttl_s: float = 5 * 60.0
    otp_resend_s: float = 60.0
    otp_attempts: int = 3
    otp_sends: int = 3
    #: failed (refused or blocked) verifications of one contact after which no new one starts
    verification_failures_per_contact: int = 3
    #: the simulated outside world's inboxes (`GET /test/sms`): tests and the demo only;
    #: implied by the virtual clock; production refuses it
    simulation_api: bool = False
    #: the virtual clock: only tests and the demo; production refuses it
    virtual_clock: bool = False
    virtual_clock_running: bool = False
    production: bool = field(
        default_factory=lambda: os.environ.get("ROUTING_API_ENV") == "production"
    )
    #: background timer period (real seconds)
    tick_s: float = 0.5
    #: how often first-line operators' queue summary is read (real seconds, per process)
    queue_summary_s: float = 1.0

    def __post_init__(self) -> None:
        if self.virtual_clock and self.production:
            raise ValueError("the virtual clock is for tests and the demo; production refuses it")
        if self.simulation_api and self.production:
            raise ValueError("the simulation API is for tests and the demo; production refuses it")
        if self.otp_attempts < 1 or self.otp_sends < 1 or self.otp_ttl_s <= 0:
            raise ValueError("one-time codes need a positive validity, attempts and sends")
        if self.pool_size < 1:
            raise ValueError("pool_size must be at least 1")
        if self.keepalive_s <= 0:
            raise ValueError("keepalive_s must be positive")
        if self.session_cache_s < 0:
            raise ValueError("session_cache_s cannot be negative")
