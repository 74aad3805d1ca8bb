"""CommentRepository on SQL."""

from dataclasses import replace

from sqlalchemy import delete, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from adapters.comments.tables import CommentRow
from adapters.shared.sql.direct import sent_directly
from adapters.shared.sql.ids import storable_id
from domain.comments.comment import Comment
from domain.shared.errors import Unauthenticated

_comments = CommentRow.__table__  # type: ignore[attr-defined]
# A Core statement built once, not a row flushed through the ORM's unit of work: the same
# INSERT, without the session's identity map and flush bookkeeping (bench/RESULTS.md).
_INSERT = sent_directly(insert(_comments).returning(_comments.c.id))


def _to_domain(row: CommentRow) -> Comment:
    return Comment(
        id=row.id,
        article_id=row.article_id,
        author_id=row.author_id,
        body=row.body,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


class SqlCommentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, comment: Comment) -> Comment:
        values = {
            "article_id": comment.article_id,
            "author_id": comment.author_id,
            "body": comment.body,
            "created_at": comment.created_at,
            "updated_at": comment.updated_at,
        }
        try:
            stored_id = await self._session.scalar(_INSERT, values)
        except IntegrityError as error:  # the author's row is gone (article FKs wait for commit)
            raise Unauthenticated("token", "is invalid") from error
        return replace(comment, id=stored_id)

    async def get(self, comment_id: int) -> Comment | None:
        if not storable_id(comment_id):
            return None
        row = await self._session.get(CommentRow, comment_id)
        return _to_domain(row) if row else None

    async def remove(self, comment_id: int) -> None:
        if not storable_id(comment_id):
            return  # no such comment can exist, and the driver could not even bind the id
        await self._session.execute(delete(CommentRow).where(col(CommentRow.id) == comment_id))

    async def remove_all_of_article(self, article_id: int) -> None:
        await self._session.execute(
            delete(CommentRow).where(col(CommentRow.article_id) == article_id)
        )
