"""The access tokens a process trusts without reading their session (auth.SessionCache)."""

from __future__ import annotations

import time

import pytest

from routing_api.auth import SessionCache, User


def account(uid: int) -> User:
    return User(
        id=uid,
        username=f"op{uid}",
        full_name="Оператор",
        role="operator",
        line=1,
        agency=None,
        region=None,
        categories=None,
        languages=("ru",),
        chat_concurrency=2,
    )


NOW = 1_800_000_000.0


def test_a_checked_token_is_trusted_until_it_expires() -> None:
    cache = SessionCache(ttl_s=60)
    cache.put("token-1", account(1), expires=NOW + 10, generation=cache.generation)
    assert cache.get("token-1", NOW) == account(1)
    assert cache.get("token-2", NOW) is None
    # the token's own expiry counts even while the cache would still trust it
    assert cache.get("token-1", NOW + 10) is None


def test_trust_lasts_ttl_s(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [100.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    cache = SessionCache(ttl_s=2)
    cache.put("token-1", account(1), expires=NOW + 900, generation=cache.generation)
    clock[0] = 101.9
    assert cache.get("token-1", NOW) is not None
    clock[0] = 102.0
    assert cache.get("token-1", NOW) is None


def test_forgetting_an_account_or_a_token() -> None:
    cache = SessionCache(ttl_s=60)
    for token, uid in (("a1", 1), ("a2", 1), ("b1", 2)):
        cache.put(token, account(uid), expires=NOW + 900, generation=cache.generation)
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
    cache.put("a1", account(1), expires=NOW + 900, generation=began)
    assert cache.get("a1", NOW) is None
    cache.put("a1", account(1), expires=NOW + 900, generation=cache.generation)
    assert cache.get("a1", NOW) == account(1)


def test_zero_turns_it_off_and_the_size_is_bounded() -> None:
    off = SessionCache(ttl_s=0)
    off.put("a1", account(1), expires=NOW + 900, generation=off.generation)
    assert off.get("a1", NOW) is None
    small = SessionCache(ttl_s=60, size=3)
    for i in range(10):
        small.put(f"t{i}", account(i), expires=NOW + 900, generation=small.generation)
    assert len(small._entries) <= 3
    assert small.get("t9", NOW) == account(9)  # the newest stay
    assert small.get("t0", NOW) is None
