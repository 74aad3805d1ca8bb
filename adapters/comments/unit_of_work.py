"""The comments context's units of work: on SQL and in memory."""

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.comments.in_memory import InMemoryCommentRepository
from adapters.comments.sql_comment_repository import SqlCommentRepository
from adapters.shared.in_memory import InMemoryUnitOfWork
from adapters.shared.sql.conflicts import violated_foreign_key
from adapters.shared.sql.unit_of_work import SqlUnitOfWork
from application.shared.events import EventSubscriptions
from domain.comments.repository import CommentRepository
from domain.shared.errors import NotFound


class SqlCommentsUnitOfWork(SqlUnitOfWork):
    comments: CommentRepository

    def bind(self, session: AsyncSession) -> None:
        self.comments = SqlCommentRepository(session)

    async def commit(self) -> None:
        try:
            await super().commit()
        except IntegrityError as error:
            # The deferred article foreign key: the article was deleted meanwhile.
            if violated_foreign_key(error):
                raise NotFound("article") from error
            raise


class InMemoryCommentsUnitOfWork(InMemoryUnitOfWork):
    def __init__(
        self,
        comments: InMemoryCommentRepository,
        subscriptions: EventSubscriptions[None] | None = None,
    ) -> None:
        super().__init__(comments, subscriptions=subscriptions)
        self.comments: CommentRepository = comments
