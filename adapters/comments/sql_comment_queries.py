"""The comments read model on SQL: one statement per answer, authors joined in."""

from collections.abc import Mapping
from functools import cache
from typing import Any

from sqlalchemy import Integer, Select, String, bindparam, select

from adapters.articles.published import article_slugs
from adapters.comments.tables import CommentRow
from adapters.identity.published import public_users
from adapters.profiles.published import is_followed_by, profile_in
from adapters.shared.sql.ids import storable_id
from adapters.shared.sql.read_database import ReadDatabase
from application.comments.ports import CommentView

_comments = CommentRow.__table__  # type: ignore[attr-defined]


def _columns(signed_in: bool) -> list[Any]:
    c, author = _comments, public_users
    viewer = bindparam("viewer_id", type_=Integer) if signed_in else None
    return [
        c.c.id,
        c.c.body,
        c.c.created_at,
        c.c.updated_at,
        author.c.username,
        author.c.bio,
        author.c.image,
        is_followed_by(viewer, c.c.author_id).label("following"),
    ]


@cache
def of_article_statement(signed_in: bool) -> Select[Any]:
    """The article LEFT JOIN its comments: no row means no article, a NULL id no comments."""
    c = _comments
    return (
        select(article_slugs.c.id.label("article_id"), *_columns(signed_in))
        .select_from(
            article_slugs.outerjoin(c, c.c.article_id == article_slugs.c.id).outerjoin(
                public_users, public_users.c.id == c.c.author_id
            )
        )
        .where(article_slugs.c.slug == bindparam("slug", type_=String))
        .order_by(c.c.created_at, c.c.id)
    )


@cache
def one_statement(signed_in: bool) -> Select[Any]:
    return (
        select(*_columns(signed_in))
        .select_from(_comments.join(public_users, public_users.c.id == _comments.c.author_id))
        .where(_comments.c.id == bindparam("comment_id", type_=Integer))
    )


def _view(row: Mapping[str, Any]) -> CommentView:
    return CommentView(
        id=row["id"],
        body=row["body"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        author=profile_in(row),
    )


class SqlCommentQueries:
    def __init__(self, database: ReadDatabase) -> None:
        self._database = database

    async def of_article(self, slug: str, viewer_id: int | None) -> list[CommentView] | None:
        statement = of_article_statement(viewer_id is not None)
        rows = await self._database.rows(statement, {"slug": slug, "viewer_id": viewer_id})
        if not rows:
            return None
        return [_view(row) for row in rows if row["id"] is not None]

    async def one(self, comment_id: int, viewer_id: int | None) -> CommentView | None:
        if not storable_id(comment_id):
            return None
        statement = one_statement(viewer_id is not None)
        parameters = {"comment_id": comment_id, "viewer_id": viewer_id}
        rows = await self._database.rows(statement, parameters)
        return _view(rows[0]) if rows else None
