"""Proposals to change an expert-system card: second-line specialists propose, supervisors review.

A proposal is written against one version of the card (`base_version`). Approving it creates a
new version through kb.upsert (so workstations get it by the kb.changed event and the change
feed); if the card changed since, the proposal is stale and cannot be approved as it stands.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from routing_api import events, kb
from routing_api.auth import User
from routing_api.clock import MOSCOW
from routing_api.db.engine import inserted_id
from routing_api.db.schema import kb_articles, kb_proposals, users
from routing_api.errors import ApiError, conflict, forbidden, invalid, not_found
from routing_api.timefmt import iso

#: what a specialist may correct in a card
FIELDS = ("title", "answer", "keywords")
STATUSES = ("pending", "approved", "rejected", "withdrawn")
STATUS_RU = {
    "pending": "ожидает рассмотрения",
    "approved": "одобрено",
    "rejected": "отклонено",
    "withdrawn": "отозвано",
}


def can_propose(user: User) -> bool:
    return user.role == "supervisor" or (user.role == "operator" and user.line == 2)


def can_review(user: User) -> bool:
    return user.role == "supervisor"


def _article_not_found() -> ApiError:
    return not_found("Карточка экспертной системы не найдена", "Expert-system card")


def _proposal_not_found() -> ApiError:
    return not_found("Предложение не найдено", "Proposal")


def create(
    conn: Connection,
    now: float,
    author: User,
    article_id: str,
    base_version: int,
    changes: Mapping[str, Any],
    comment: str,
) -> dict[str, Any]:
    """Record a pending proposal and tell supervisors; returns it as presented."""
    if not can_propose(author):
        raise forbidden(
            "Предлагать исправления карточек могут специалисты второй линии и супервизоры.",
            "Only second-line specialists and supervisors may propose card corrections.",
        )
    row = conn.execute(sa.select(kb_articles).where(kb_articles.c.id == article_id)).first()
    if row is None or row.deleted:
        raise _article_not_found()
    if base_version != row.version:
        raise conflict(
            "proposal_stale",
            f"Карточка изменилась (сейчас версия {row.version}, а предложение написано к "
            f"версии {base_version}). Обновите карточку и внесите исправление ещё раз.",
            f"The card has changed (it is at version {row.version}, the proposal was written "
            f"against version {base_version}). Reload the card and propose again.",
        )
    proposed = {k: changes[k] for k in FIELDS if changes.get(k) is not None}
    current = row.data or {}
    if all(proposed[k] == current.get(k) for k in proposed):
        raise invalid(
            "proposal_empty",
            "Предложение ничего не меняет: исправьте заголовок, ответ или ключевые слова.",
            "The proposal changes nothing: correct the title, the answer or the keywords.",
        )
    proposal_id = inserted_id(
        conn.execute(
            kb_proposals.insert().values(
                article_id=article_id,
                base_version=base_version,
                title=proposed.get("title"),
                answer=proposed.get("answer"),
                keywords=proposed.get("keywords"),
                comment=comment,
                author_id=author.id,
                created_at=now,
                status="pending",
            )
        )
    )
    proposal = get(conn, proposal_id)
    events.append(conn, now, "kb.proposal", scope="supervisor", payload=_event(proposal))
    return proposal


def get(conn: Connection, proposal_id: int) -> dict[str, Any]:
    rows = _select(conn, kb_proposals.c.id == proposal_id)
    if not rows:
        raise _proposal_not_found()
    return rows[0]


def visible_to(user: User, proposal: Mapping[str, Any]) -> bool:
    return can_review(user) or proposal["author"]["id"] == user.id


def listing(
    conn: Connection, user: User, status: str | None, limit: int = 200
) -> list[dict[str, Any]]:
    """Proposals the user may see, oldest first: supervisors all, a specialist its own."""
    if not (can_review(user) or can_propose(user)):
        raise forbidden()
    where: list[Any] = []
    if status is not None:
        where.append(kb_proposals.c.status == status)
    if not can_review(user):
        where.append(kb_proposals.c.author_id == user.id)
    return _select(conn, *where, limit=limit)


def review(
    conn: Connection,
    now: float,
    reviewer: User,
    proposal_id: int,
    decision: str,
    comment: str | None,
) -> dict[str, Any]:
    """Approve (a new card version) or reject a pending proposal; the author is told."""
    if not can_review(reviewer):
        raise forbidden(
            "Рассматривать предложения могут только супервизоры.",
            "Only supervisors may review proposals.",
        )
    proposal = get(conn, proposal_id)
    _must_be_pending(proposal)
    resulting_version = None
    if decision == "approved":
        resulting_version = _apply(conn, now, reviewer, proposal)
    _close(conn, proposal_id, decision, reviewer.id, now, comment, resulting_version)
    proposal = get(conn, proposal_id)
    events.append(
        conn,
        now,
        "kb.proposal",
        scope="operator",
        user_id=proposal["author"]["id"],
        payload=_event(proposal),
    )
    return proposal


def withdraw(conn: Connection, now: float, author: User, proposal_id: int) -> dict[str, Any]:
    """The author takes back a proposal that is still pending."""
    proposal = get(conn, proposal_id)
    if proposal["author"]["id"] != author.id:
        raise forbidden(
            "Отозвать предложение может только его автор.",
            "Only the author may withdraw a proposal.",
        )
    _must_be_pending(proposal)
    _close(conn, proposal_id, "withdrawn", None, now, None, None)
    proposal = get(conn, proposal_id)
    events.append(conn, now, "kb.proposal", scope="supervisor", payload=_event(proposal))
    return proposal


def _must_be_pending(proposal: Mapping[str, Any]) -> None:
    status = proposal["status"]
    if status != "pending":
        raise conflict(
            "proposal_reviewed",
            f"Предложение уже рассмотрено: {STATUS_RU[status]}.",
            f"The proposal is no longer pending: {status}.",
        )


def _apply(conn: Connection, now: float, reviewer: User, proposal: Mapping[str, Any]) -> int:
    row = conn.execute(
        sa.select(kb_articles).where(kb_articles.c.id == proposal["article_id"])
    ).first()
    if row is None or row.deleted:
        raise conflict(
            "proposal_stale",
            "Карточка удалена после того, как было написано предложение. Отклоните его.",
            "The card was deleted after the proposal was written; reject the proposal.",
        )
    if row.version != proposal["base_version"]:
        raise conflict(
            "proposal_stale",
            f"Карточка изменилась после того, как было написано предложение (версия "
            f"{proposal['base_version']} → {row.version}). Отклоните его или попросите автора "
            f"внести исправление заново.",
            f"The card changed after the proposal was written (version "
            f"{proposal['base_version']} → {row.version}). Reject it or ask the author for a "
            f"new one.",
        )
    article = dict(row.data)
    for field in FIELDS:
        if proposal[field] is not None:
            article[field] = proposal[field]
    article["updated_at"] = datetime.fromtimestamp(now, UTC).astimezone(MOSCOW).date().isoformat()
    return kb.upsert(conn, now, article, actor=reviewer.id)


def _close(
    conn: Connection,
    proposal_id: int,
    status: str,
    reviewer_id: int | None,
    now: float,
    comment: str | None,
    resulting_version: int | None,
) -> None:
    conn.execute(
        kb_proposals.update()
        .where(kb_proposals.c.id == proposal_id)
        .values(
            status=status,
            reviewer_id=reviewer_id,
            reviewed_at=now,
            review_comment=comment,
            resulting_version=resulting_version,
        )
    )


def _select(conn: Connection, *where: Any, limit: int = 200) -> list[dict[str, Any]]:
    author = users.alias("author")
    reviewer = users.alias("reviewer")
    rows = conn.execute(
        sa.select(
            kb_proposals,
            author.c.username.label("author_username"),
            author.c.full_name.label("author_full_name"),
            reviewer.c.username.label("reviewer_username"),
            reviewer.c.full_name.label("reviewer_full_name"),
            kb_articles.c.version.label("current_version"),
            kb_articles.c.deleted.label("current_deleted"),
            kb_articles.c.data.label("current_data"),
        )
        .join(author, author.c.id == kb_proposals.c.author_id)
        .outerjoin(reviewer, reviewer.c.id == kb_proposals.c.reviewer_id)
        .outerjoin(kb_articles, kb_articles.c.id == kb_proposals.c.article_id)
        .where(*where)
        .order_by(kb_proposals.c.created_at, kb_proposals.c.id)
        .limit(limit)
    ).all()
    return [_present(r) for r in rows]


def _present(r: Any) -> dict[str, Any]:
    data = None if r.current_deleted else r.current_data
    current = (
        None if data is None else {"version": r.current_version, **{k: data.get(k) for k in FIELDS}}
    )
    return {
        "id": r.id,
        "article_id": r.article_id,
        "article_title": (data or {}).get("title"),
        "base_version": r.base_version,
        "title": r.title,
        "answer": r.answer,
        "keywords": r.keywords,
        "comment": r.comment,
        "author": {
            "id": r.author_id,
            "username": r.author_username,
            "full_name": r.author_full_name,
        },
        "created_at": iso(r.created_at),
        "status": r.status,
        "reviewer": None
        if r.reviewer_id is None
        else {
            "id": r.reviewer_id,
            "username": r.reviewer_username,
            "full_name": r.reviewer_full_name,
        },
        "reviewed_at": iso(r.reviewed_at),
        "review_comment": r.review_comment,
        "resulting_version": r.resulting_version,
        # the card as it stands now; a pending proposal whose base is older is stale
        "current": current,
        "stale": r.status == "pending"
        and (current is None or current["version"] != r.base_version),
    }


def _event(proposal: Mapping[str, Any]) -> dict[str, Any]:
    """What a kb.proposal event carries: enough to refresh a list, not the whole text."""
    return {
        "id": proposal["id"],
        "article_id": proposal["article_id"],
        "article_title": proposal["article_title"],
        "status": proposal["status"],
        "author": proposal["author"]["username"],
        "reviewer": (proposal["reviewer"] or {}).get("username"),
        "resulting_version": proposal["resulting_version"],
    }
