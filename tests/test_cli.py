"""The `routing-api` command as an administrator types it: seed, admin, help."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from routing_api.auth import authenticate_session, login
from routing_api.config import Settings
from routing_api.db.engine import Database
from routing_api.errors import ApiError
from routing_api.seed import DEMO_ACCOUNTS


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


class Cli:
    """`python -m routing_api …` with its own data directory (so its default database)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.db_path = data_dir / "routing.sqlite3"
        self.url = f"sqlite:///{self.db_path}"

    def __call__(self, *args: str) -> Result:
        env = {**os.environ, "ROUTING_API_DATA_DIR": str(self.data_dir), "PYTHONUTF8": "1"}
        env.pop("ROUTING_API_DATABASE", None)
        done = subprocess.run(
            [sys.executable, "-m", "routing_api", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=120,
        )
        return Result(done.returncode, done.stdout, done.stderr)

    def ok(self, *args: str) -> str:
        result = self(*args)
        assert result.code == 0, f"{args}: exit {result.code}\n{result.err}"
        return result.out

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.db_path) as conn:
            return conn.execute(sql).fetchall()

    def users(self) -> dict[str, dict[str, Any]]:
        listed = [json.loads(line) for line in self.ok("admin", "list").splitlines()]
        return {u["username"]: u for u in listed}

    def can_login(self, username: str, password: str) -> bool:
        """A real login against the database (the same code the HTTP endpoint runs)."""
        db = Database(self.url)
        try:
            with db.write() as conn:
                login(conn, Settings(database_url=self.url), time.time(), username, password)
            return True
        except ApiError as exc:
            assert exc.status == 401, exc
            return False
        finally:
            db.dispose()


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "data")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Cli, Result]]:
    """One demo seeding for the module (it takes seconds): the CLI and the first run's result."""
    cli = Cli(tmp_path_factory.mktemp("seeded") / "data")
    yield cli, cli("seed", "--demo")


# --- seed --------------------------------------------------------------------------------------


def test_seed_demo_on_an_empty_database_prints_the_accounts(seeded: tuple[Cli, Result]) -> None:
    cli, first = seeded
    assert first.code == 0, first.err
    assert "password for all: 'demo'" in first.out
    for account in DEMO_ACCOUNTS:
        assert account.username in first.out
    assert cli.db_path.exists(), "the default database lives in ROUTING_API_DATA_DIR"
    assert cli.can_login("op1", "demo")
    assert cli.can_login("admin", "demo")
    assert cli.rows("SELECT count(*) FROM citizens")[0][0] > 0


def test_seed_demo_twice_changes_nothing(seeded: tuple[Cli, Result]) -> None:
    cli, _ = seeded
    counts = "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM citizens)"
    before = cli.rows(counts)
    again = cli("seed", "--demo")
    assert again.code == 0, again.err
    assert "already holds the demo data" in again.out
    assert cli.rows(counts) == before
    assert before[0][0] == len(DEMO_ACCOUNTS)


def test_seed_demo_refuses_a_database_with_real_accounts(cli: Cli) -> None:
    cli.ok("admin", "create", "alice", "--role", "operator", "--line", "1", "--password", "x")
    refused = cli("seed", "--demo")
    assert refused.code != 0
    assert "refused" in refused.err
    assert "not demo data" in refused.err
    assert set(cli.users()) == {"alice"}
    assert cli.rows("SELECT count(*) FROM citizens") == [(0,)]
    assert cli.rows("SELECT count(*) FROM server_settings") == [(0,)]
    assert cli.can_login("alice", "x")


def test_seed_without_demo_does_nothing_and_says_so(cli: Cli) -> None:
    result = cli("seed")
    assert result.code != 0
    assert "--demo" in result.err
    assert not cli.db_path.exists(), "no database may be created or touched"


# --- admin -------------------------------------------------------------------------------------


def test_admin_create_and_list(cli: Cli) -> None:
    out = cli.ok(
        "admin",
        "create",
        "alice",
        "--role",
        "operator",
        "--line",
        "2",
        "--agency",
        "СФР",
        "--region",
        "Москва",
        "--full-name",
        "Алиса Иванова",
        "--languages",
        "ru,en",
        "--chat-concurrency",
        "2",
        "--password",
        "x",
    )
    assert "created alice" in out
    generated = cli.ok("admin", "create", "sup", "--role", "supervisor")
    password = generated.rsplit("password: ", 1)[1].strip()
    assert len(password) >= 8

    users = cli.users()
    assert set(users) == {"alice", "sup"}
    alice = users["alice"]
    assert (alice["role"], alice["line"], alice["agency"], alice["region"]) == (
        "operator",
        2,
        "СФР",
        "Москва",
    )
    assert alice["full_name"] == "Алиса Иванова"
    assert alice["languages"] == ["ru", "en"]
    assert alice["chat_concurrency"] == 2
    assert alice["disabled"] is False
    assert all("password_hash" not in u for u in users.values()), "list must not leak hashes"
    assert cli.can_login("alice", "x")
    assert cli.can_login("sup", password)
    assert not cli.can_login("alice", "wrong")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "boss", "--line", "1"], "invalid choice: 'boss'"),
        (["--line", "3"], "invalid choice: 3"),
        (["--line", "1", "--agency", "ФНС"], "agency must be one of"),
        (["--line", "1", "--region", "Атлантида"], "unknown region 'Атлантида'"),
        (["--line", "1", "--categories", "pensions,nonsense"], "unknown categories: nonsense"),
        (["--line", "1", "--chat-concurrency", "50"], "chat concurrency must be between"),
        (["--role", "operator"], "an operator needs --line"),
    ],
)
def test_admin_create_validates_input(cli: Cli, args: list[str], message: str) -> None:
    result = cli("admin", "create", "bob", "--password", "x", *args)
    assert result.code == 2, result
    assert message in result.err
    if cli.db_path.exists():
        assert "bob" not in cli.users()


def test_admin_create_refuses_a_duplicate(cli: Cli) -> None:
    cli.ok("admin", "create", "alice", "--line", "1", "--password", "x")
    again = cli("admin", "create", "alice", "--line", "2", "--password", "y")
    assert again.code == 2
    assert "already exists" in again.err
    assert cli.users()["alice"]["line"] == 1
    assert cli.can_login("alice", "x")


def test_admin_set_changes_and_validates(cli: Cli) -> None:
    cli.ok("admin", "create", "alice", "--line", "1", "--password", "x")
    assert "updated alice" in cli.ok(
        "admin", "set", "alice", "--line", "2", "--agency", "МСЭ", "--categories", "pensions"
    )
    alice = cli.users()["alice"]
    assert (alice["line"], alice["agency"], alice["categories"]) == (2, "МСЭ", ["pensions"])
    cli.ok("admin", "set", "alice", "--categories", "all")
    assert cli.users()["alice"]["categories"] is None

    for args, message in (
        (["alice", "--region", "Атлантида"], "unknown region"),
        (["alice", "--agency", "ФНС"], "agency must be one of"),
        (["alice"], "nothing to change"),
        (["nobody", "--line", "1"], "no user 'nobody'"),
    ):
        result = cli("admin", "set", *args)
        assert result.code == 2, (args, result)
        assert message in result.err
    bad_role = cli("admin", "set", "alice", "--role", "boss")
    assert bad_role.code == 2
    assert "invalid choice" in bad_role.err
    alice = cli.users()["alice"]
    assert (alice["role"], alice["line"], alice["agency"]) == ("operator", 2, "МСЭ")


def test_a_disabled_account_cannot_log_in_and_loses_its_sessions(cli: Cli) -> None:
    cli.ok("admin", "create", "alice", "--line", "1", "--password", "x")
    db = Database(cli.url)
    try:
        with db.write() as conn:
            session = login(conn, Settings(database_url=cli.url), time.time(), "alice", "x")
        assert "disabled alice" in cli.ok("admin", "disable", "alice")
        assert cli.users()["alice"]["disabled"] is True
        assert not cli.can_login("alice", "x")
        with db.read() as conn, pytest.raises(ApiError) as refused:
            authenticate_session(conn, time.time(), session["access_token"])
        assert refused.value.status == 401
    finally:
        db.dispose()

    assert "enabled alice" in cli.ok("admin", "enable", "alice")
    assert cli.users()["alice"]["disabled"] is False
    assert cli.can_login("alice", "x")
    missing = cli("admin", "disable", "nobody")
    assert missing.code == 2
    assert "no user 'nobody'" in missing.err


def test_admin_reset_password(cli: Cli) -> None:
    cli.ok("admin", "create", "alice", "--line", "1", "--password", "x")
    assert "new password for alice: chosen-one" in cli.ok(
        "admin", "reset-password", "alice", "--password", "chosen-one"
    )
    assert cli.can_login("alice", "chosen-one")
    assert not cli.can_login("alice", "x")
    generated = cli.ok("admin", "reset-password", "alice").rsplit(": ", 1)[1].strip()
    assert generated != "chosen-one"
    assert cli.can_login("alice", generated)
    assert not cli.can_login("alice", "chosen-one")
    missing = cli("admin", "reset-password", "nobody")
    assert missing.code == 2
    assert "no user 'nobody'" in missing.err


# --- help --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["serve"],
        ["seed"],
        ["admin"],
        ["admin", "create"],
        ["admin", "set"],
        ["admin", "disable"],
        ["admin", "enable"],
        ["admin", "reset-password"],
        ["admin", "list"],
        ["simulate"],
    ],
    ids=lambda c: " ".join(c) or "routing-api",
)
def test_help(cli: Cli, command: list[str]) -> None:
    result = cli(*command, "--help")
    assert result.code == 0, result.err
    assert result.out.startswith(f"usage: routing-api {' '.join(command)}".rstrip())
    assert not cli.db_path.exists(), "--help must not create a database"


def test_serving_tunes_the_garbage_collector_and_freezes_what_startup_made() -> None:
    import gc

    from routing_api.cli import GC_THRESHOLDS, tune_gc

    before = gc.get_threshold()
    try:
        tune_gc()
        assert gc.get_threshold() == GC_THRESHOLDS
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
