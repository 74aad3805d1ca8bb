"""The comments read model on SQL: one statement per answer, authors joined in."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.articles.published import article_slugs
from adapters.comments.tables import CommentRow
from adapters.identity.published import public_users
from adapters.profiles.published import is_followed_by
from application.comments.ports import CommentView
from application.profiles.published import ProfileView

_comments = CommentRow.__table__  # type: ignore[attr-defined]
MAX_ID = 2**31 - 1


def _columns(viewer_id: int | None) -> list[Any]:
    c, author = _comments, public_users
    return [
        c.c.id,
        c.c.body,
        c.c.created_at,
        c.c.updated_at,
        author.c.username,
        author.c.bio,
        author.c.image,
        is_followed_by(viewer_id, c.c.author_id).label("following"),
    ]


def of_article_statement(slug: str, viewer_id: int | None) -> Select[Any]:
    """The article LEFT JOIN its comments: no row means no article, a NULL id no comments."""
    c = _comments
    return (
        select(article_slugs.c.id.label("article_id"), *_columns(viewer_id))
        .select_from(
            article_slugs.outerjoin(c, c.c.article_id == article_slugs.c.id).outerjoin(
                public_users, public_users.c.id == c.c.author_id
            )
        )
        .where(article_slugs.c.slug == slug)
        .order_by(c.c.created_at, c.c.id)
    )


def one_statement(comment_id: int, viewer_id: int | None) -> Select[Any]:
    return (
        select(*_columns(viewer_id))
        .select_from(_comments.join(public_users, public_users.c.id == _comments.c.author_id))
        .where(_comments.c.id == comment_id)
    )


def _view(row: Row[Any]) -> CommentView:
    return CommentView(
        id=row.id,
        body=row.body,
        created_at=row.created_at,
        updated_at=row.updated_at,
        author=ProfileView(row.username, row.bio, row.image, bool(row.following)),
    )


class SqlCommentQueries:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine  # autocommit: one statement needs no transaction

    async def of_article(self, slug: str, viewer_id: int | None) -> list[CommentView] | None:
        rows = await self._all(of_article_statement(slug, viewer_id))
        if not rows:
            return None
        return [_view(row) for row in rows if row.id is not None]

    async def one(self, comment_id: int, viewer_id: int | None) -> CommentView | None:
        if not 0 < comment_id <= MAX_ID:
            return None
        rows = await self._all(one_statement(comment_id, viewer_id))
        return _view(rows[0]) if rows else None

    async def _all(self, statement: Select[Any]) -> Sequence[Row[Any]]:
        async with self._engine.connect() as connection:
            rows: Sequence[Row[Any]] = (await connection.execute(statement)).all()
            return rows
