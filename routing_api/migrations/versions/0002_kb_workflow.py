"""expert-system workflow: proposals and search statistics

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "kb_proposals",
        sa.Column("id", BigId, nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("keywords", sa.JSON(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.Float(precision=53), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sa.Float(precision=53), nullable=True),
        sa.Column("review_comment", sa.Text(), nullable=True),
        sa.Column("resulting_version", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_kb_proposals_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["users.id"], name=op.f("fk_kb_proposals_reviewer_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_proposals")),
    )
    with op.batch_alter_table("kb_proposals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_kb_proposals_article_id"), ["article_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_kb_proposals_author_id"), ["author_id"], unique=False)
        batch_op.create_index(
            "ix_kb_proposals_status_created", ["status", "created_at"], unique=False
        )

    op.create_table(
        "kb_search_stats",
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("query", sa.String(length=200), nullable=False),
        sa.Column("zero_results", sa.Integer(), server_default="0", nullable=False),
        sa.Column("low_confidence", sa.Integer(), server_default="0", nullable=False),
        sa.Column("updated_at", sa.Float(precision=53), nullable=False),
        sa.PrimaryKeyConstraint("day", "query", name=op.f("pk_kb_search_stats")),
    )


def downgrade() -> None:
    op.drop_table("kb_search_stats")
    with op.batch_alter_table("kb_proposals", schema=None) as batch_op:
        batch_op.drop_index("ix_kb_proposals_status_created")
        batch_op.drop_index(batch_op.f("ix_kb_proposals_author_id"))
        batch_op.drop_index(batch_op.f("ix_kb_proposals_article_id"))
    op.drop_table("kb_proposals")
