"""The port through which the comments context stores comments."""

from typing import Protocol

from domain.comments.comment import Comment


class CommentRepository(Protocol):
    async def add(self, comment: Comment) -> Comment:
        """Store the comment and return it with its id."""
        ...

    async def get(self, comment_id: int) -> Comment | None: ...

    async def remove(self, comment_id: int) -> None: ...

    async def remove_all_of_article(self, article_id: int) -> None: ...
