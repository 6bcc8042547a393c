"""The outside world behind interfaces: calls reach telephony only after commit; the simulated
registry answers identity checks from the seeded citizens."""

from __future__ import annotations

from pathlib import Path

import pytest

from routing_api import contacts, operators
from routing_api.auth import User
from routing_api.config import Settings
from routing_api.demo.citizens import generate_citizens
from routing_api.external.simulated import DatabaseRegistry, SimulatedTelephony
from routing_api.seed import seed_demo
from routing_api.server import Server


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Server:
    path: Path = tmp_path_factory.mktemp("ext") / "r.sqlite3"
    settings = Settings(database_url=f"sqlite:///{path}", virtual_clock=True)
    server = Server(settings)
    seed_demo(server.db, citizens_count=50)
    return server


def _user(server: Server, name: str) -> User:
    import sqlalchemy as sa

    from routing_api.auth import User as U
    from routing_api.db.schema import users

    with server.db.read() as conn:
        return U.from_row(conn.execute(sa.select(users).where(users.c.username == name)).one())


def test_call_actions_reach_telephony_after_commit(server: Server) -> None:
    op, gw = _user(server, "op1"), _user(server, "gateway")
    telephony = server.externals.telephony
    assert isinstance(telephony, SimulatedTelephony)
    server.run(
        op, None, "", lambda c, e: (200, operators.request_state(c, op, e.now, "ready", None))
    )
    _, created = server.run(
        gw,
        None,
        "",
        lambda c, e: (
            201,
            dict(contacts.create(c, e, gw, {"channel": "voice", "category": "pensions"})),
        ),
    )
    cid = created["id"]
    server.run(op, None, "", lambda c, e: (200, dict(contacts.accept(c, e, op, cid))))
    server.run(op, None, "", lambda c, e: (200, dict(contacts.hold(c, e, op, cid, True))))

    def fails(c: object, e: object) -> tuple[int, object]:
        contacts.hold(c, e, op, cid, False)  # type: ignore[arg-type]
        raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        server.run(op, None, "", fails)
    server.run(op, None, "", lambda c, e: (200, dict(contacts.end(c, e, op, cid))))
    assert [cmd for c, cmd in telephony.commands if c == cid] == [
        f"bridge:{op.id}",
        "hold",
        "hang_up",
    ]


def test_registry_checks_identity(server: Server) -> None:
    registry = DatabaseRegistry(server.db)
    citizen = generate_citizens(50)[7]
    claims = {
        "phone": citizen.phone,
        "last_name": citizen.last_name,
        "birth_date": citizen.birth_date.isoformat(),
    }
    match = registry.check_identity(claims)
    assert match.matched and match.citizen_id == citizen.id
    wrong = registry.check_identity({**claims, "birth_date": "1900-01-01"})
    assert (wrong.matched, wrong.reason_code) == (False, "birth_date_mismatch")
    assert registry.check_identity({"phone": "+70000000000"}).reason_code == "not_found"
    assert len(registry.payments(citizen.id)) == len(citizen.payments)
    assert registry.citizen(citizen.id)["snils"] == citizen.snils  # type: ignore[index]
