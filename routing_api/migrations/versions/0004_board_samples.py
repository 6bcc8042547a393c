"""the waiting contacts sampled once a minute (monitor mode's chart of the last hours)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

Time = sa.Float(precision=53)


def upgrade() -> None:
    op.create_table(
        "board_samples",
        sa.Column("minute", sa.Integer(), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=False),
        sa.Column("waiting", sa.Integer(), nullable=False),
        sa.Column("longest_wait_s", Time, nullable=False),
        sa.PrimaryKeyConstraint("minute", "agency", "region"),
    )


def downgrade() -> None:
    op.drop_table("board_samples")
