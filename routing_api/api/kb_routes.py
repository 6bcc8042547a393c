"""The expert system's content workflow: cards and their history, proposals, search statistics.

(The change feed itself, GET /kb/changes, lives with the reference lists in meta_routes.)
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import Field

from routing_api import kb, kb_proposals, kb_stats
from routing_api.api.deps import IdempotencyKey, Staff, act, current_user, role, server_of
from routing_api.auth import User
from routing_api.errors import forbidden, not_found
from routing_api.models import Strict

router = APIRouter(prefix="/kb", tags=["expert system"])

ArticleId = Annotated[
    str, Path(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.\-]+$", description="card id")
]
ProposalId = Annotated[int, Path(ge=1, le=2**62)]
Supervisor = Annotated[User, Depends(role("supervisor"))]


async def _reader(user: Annotated[User, Depends(current_user)]) -> User:
    """Everyone who works with the expert system (not the channel gateway)."""
    if user.role == "gateway":
        raise forbidden()
    return user


Reader = Annotated[User, Depends(_reader)]


class ProposalIn(Strict):
    base_version: int = Field(ge=1, le=2**31 - 1, description="the card version it corrects")
    title: str | None = Field(default=None, min_length=5, max_length=300)
    answer: str | None = Field(default=None, min_length=20, max_length=20000)
    keywords: list[Annotated[str, Field(min_length=1, max_length=100)]] | None = Field(
        default=None, max_length=50
    )
    comment: str = Field(min_length=3, max_length=2000, description="why the card should change")


class ApproveIn(Strict):
    comment: str | None = Field(default=None, max_length=2000)


class RejectIn(Strict):
    comment: str = Field(min_length=3, max_length=2000, description="why it is rejected")


class StatRowIn(Strict):
    query: str = Field(min_length=1, max_length=kb_stats.MAX_QUERY_CHARS)
    zero_results: int = Field(default=0, ge=0, le=kb_stats.MAX_COUNT)
    low_confidence: int = Field(default=0, ge=0, le=kb_stats.MAX_COUNT)


class SearchStatsIn(Strict):
    rows: list[StatRowIn] = Field(max_length=kb_stats.MAX_ROWS)


@router.get("/articles/{article_id}", summary="A card as it stands now")
def get_article(article_id: ArticleId, request: Request, user: Reader) -> dict[str, Any]:
    with server_of(request).db.read() as conn:
        found = kb.current(conn, article_id)
    if found is None or found["deleted"]:
        raise not_found("Карточка экспертной системы не найдена", "Expert-system card")
    return found


@router.get("/articles/{article_id}/history", summary="Every version of a card, newest first")
def article_history(article_id: ArticleId, request: Request, user: Reader) -> dict[str, Any]:
    with server_of(request).db.read() as conn:
        items = kb.history(conn, article_id)
    if not items:
        raise not_found("Карточка экспертной системы не найдена", "Expert-system card")
    return {"id": article_id, "items": items}


@router.post(
    "/articles/{article_id}/proposals",
    status_code=201,
    summary="Propose a correction (second-line specialists, supervisors)",
)
async def propose(
    article_id: ArticleId,
    body: ProposalIn,
    request: Request,
    user: Staff,
    key: IdempotencyKey = None,
) -> JSONResponse:
    changes = body.model_dump(include=set(kb_proposals.FIELDS))

    def op(conn: Any, env: Any) -> tuple[int, Any]:
        return 201, kb_proposals.create(
            conn, env.now, user, article_id, body.base_version, changes, body.comment
        )

    return await act(request, user, key, body, op)


@router.get("/proposals", summary="Proposals: supervisors see all, a specialist its own")
def list_proposals(
    request: Request,
    user: Staff,
    status: Annotated[
        Literal["pending", "approved", "rejected", "withdrawn"] | None, Query()
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
) -> dict[str, Any]:
    with server_of(request).db.read() as conn:
        return {"items": kb_proposals.listing(conn, user, status, limit)}


@router.get("/proposals/{proposal_id}", summary="One proposal with the card as it stands")
def get_proposal(proposal_id: ProposalId, request: Request, user: Staff) -> dict[str, Any]:
    with server_of(request).db.read() as conn:
        proposal = kb_proposals.get(conn, proposal_id)
    if not kb_proposals.visible_to(user, proposal):
        raise not_found("Предложение не найдено", "Proposal")
    return proposal


@router.post("/proposals/{proposal_id}/approve", summary="Approve: a new card version (supervisor)")
async def approve(
    proposal_id: ProposalId,
    request: Request,
    user: Supervisor,
    body: ApproveIn | None = None,
    key: IdempotencyKey = None,
) -> JSONResponse:
    comment = body.comment if body is not None else None

    def op(conn: Any, env: Any) -> tuple[int, Any]:
        return 200, kb_proposals.review(conn, env.now, user, proposal_id, "approved", comment)

    return await act(request, user, key, body, op)


@router.post("/proposals/{proposal_id}/reject", summary="Reject with a reason (supervisor)")
async def reject(
    proposal_id: ProposalId,
    body: RejectIn,
    request: Request,
    user: Supervisor,
    key: IdempotencyKey = None,
) -> JSONResponse:
    def op(conn: Any, env: Any) -> tuple[int, Any]:
        return 200, kb_proposals.review(conn, env.now, user, proposal_id, "rejected", body.comment)

    return await act(request, user, key, body, op)


@router.post("/proposals/{proposal_id}/withdraw", summary="The author takes a proposal back")
async def withdraw(
    proposal_id: ProposalId, request: Request, user: Staff, key: IdempotencyKey = None
) -> JSONResponse:
    def op(conn: Any, env: Any) -> tuple[int, Any]:
        return 200, kb_proposals.withdraw(conn, env.now, user, proposal_id)

    return await act(request, user, key, None, op)


@router.post(
    "/search-stats", summary="Add zero-result and low-confidence query counts (workstations)"
)
async def post_search_stats(
    body: SearchStatsIn, request: Request, user: Staff, key: IdempotencyKey = None
) -> JSONResponse:
    rows = [(r.query, r.zero_results, r.low_confidence) for r in body.rows]

    def op(conn: Any, env: Any) -> tuple[int, Any]:
        return 200, {"accepted": kb_stats.record(conn, env.now, rows)}

    return await act(request, user, key, body, op)


@router.get("/search-stats", summary="Top zero-result and low-confidence queries (supervisor)")
def get_search_stats(
    request: Request,
    user: Annotated[User, Depends(role("supervisor", "admin"))],
    days: Annotated[int, Query(ge=1, le=366)] = 7,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    server = server_of(request)
    with server.db.read() as conn:
        return kb_stats.top(conn, server.env().now, days, limit)
