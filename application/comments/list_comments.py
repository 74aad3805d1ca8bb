"""Use case: an article's comments, oldest first."""

from dataclasses import dataclass

from application.comments.ports import CommentQueries, CommentView
from domain.shared.errors import NotFound


@dataclass(frozen=True, slots=True)
class ListComments:
    """All comments of the article; `author.following` as the viewer sees it."""

    queries: CommentQueries

    async def __call__(self, slug: str, viewer_id: int | None) -> list[CommentView]:
        comments = await self.queries.of_article(slug, viewer_id)
        if comments is None:
            raise NotFound("article")
        return comments
