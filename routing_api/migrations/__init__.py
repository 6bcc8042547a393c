"""Alembic migrations of the routing API schema."""
