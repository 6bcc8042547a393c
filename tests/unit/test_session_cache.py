"""The access tokens a process trusts without reading their session (auth.SessionCache)."""

from __future__ import annotations

import time

import pytest

from routing_api.auth import SessionCache, User
from tests.helpers.users import operator as account

NOW = 1_800_000_000.0


def remember(cache: SessionCache, token: str, user: User, expires: float) -> None:
    """What a request does after reading a session that nothing changed meanwhile."""
    cache.put(token, user, expires, generation=cache.generation, began=time.monotonic())


def test_a_checked_token_is_trusted_until_it_expires() -> None:
    cache = SessionCache(ttl_s=60)
    remember(cache, "token-1", account(1), NOW + 10)
    assert cache.get("token-1", NOW) == account(1)
    assert cache.get("token-2", NOW) is None
    # the token's own expiry counts even while the cache would still trust it
    assert cache.get("token-1", NOW + 10) is None


def test_trust_lasts_ttl_s(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [100.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    cache = SessionCache(ttl_s=2)
    remember(cache, "token-1", account(1), NOW + 900)
    clock[0] = 101.9
    assert cache.get("token-1", NOW) is not None
    clock[0] = 102.0
    assert cache.get("token-1", NOW) is None
    # measured from when the read began: a read that waited 1.5 s is trusted 0.5 s more
    cache.put("token-2", account(2), NOW + 900, generation=cache.generation, began=100.5)
    assert cache.get("token-2", NOW) is not None
    clock[0] = 102.5
    assert cache.get("token-2", NOW) is None


def test_forgetting_an_account_or_a_token() -> None:
    cache = SessionCache(ttl_s=60)
    for token, uid in (("a1", 1), ("a2", 1), ("b1", 2)):
        remember(cache, token, account(uid), NOW + 900)
    cache.forget_user(1)
    assert cache.get("a1", NOW) is None and cache.get("a2", NOW) is None
    assert cache.get("b1", NOW) == account(2)
    cache.forget("b1")
    assert cache.get("b1", NOW) is None


def test_a_read_that_began_before_a_forget_is_not_kept() -> None:
    """A request read the session, then the session was ended (and forgotten) before the
    request stored what it read: storing it would trust the ended session for ttl_s."""
    cache = SessionCache(ttl_s=60)
    began = cache.generation
    cache.forget_user(1)
    cache.put("a1", account(1), expires=NOW + 900, generation=began, began=time.monotonic())
    assert cache.get("a1", NOW) is None
    remember(cache, "a1", account(1), NOW + 900)
    assert cache.get("a1", NOW) == account(1)


def test_zero_turns_it_off_and_the_size_is_bounded() -> None:
    off = SessionCache(ttl_s=0)
    remember(off, "a1", account(1), NOW + 900)
    assert off.get("a1", NOW) is None
    small = SessionCache(ttl_s=60, size=3)
    for i in range(10):
        remember(small, f"t{i}", account(i), NOW + 900)
    assert len(small._entries) <= 3
    assert small.get("t9", NOW) == account(9)  # the newest stay
    assert small.get("t0", NOW) is None
