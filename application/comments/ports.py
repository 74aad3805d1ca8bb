"""Ports of the comments context: its unit of work and its read model."""

from datetime import datetime
from typing import NamedTuple, Protocol

from application.profiles.published import ProfileView
from application.shared.unit_of_work import UnitOfWork
from domain.comments.repository import CommentRepository


class CommentsUnitOfWork(UnitOfWork, Protocol):
    comments: CommentRepository


class CommentView(NamedTuple):
    id: int
    body: str
    created_at: datetime
    updated_at: datetime
    author: ProfileView


class CommentQueries(Protocol):
    async def of_article(self, slug: str, viewer_id: int | None) -> list[CommentView] | None:
        """The article's comments, oldest first; None when there is no such article."""
        ...

    async def one(self, comment_id: int, viewer_id: int | None) -> CommentView | None: ...
