"""Alembic environment: runs on the connection the server hands over."""

from __future__ import annotations

from alembic import context

from routing_api.db.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("routing_api migrations run through routing_api.db.migrate.upgrade()")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
