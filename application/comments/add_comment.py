"""Use case: comment on an article."""

from collections.abc import Callable
from dataclasses import dataclass

from application.articles.published import ArticleDirectory
from application.comments.ports import CommentQueries, CommentsUnitOfWork, CommentView
from application.comments.published import CommentAdded
from application.shared.clock import Clock
from domain.comments.comment import Comment, parse_body
from domain.shared.errors import NotFound


@dataclass(frozen=True, slots=True)
class AddComment:
    """Write a comment under the article with this slug; publishes CommentAdded."""

    articles: ArticleDirectory
    uow: Callable[[], CommentsUnitOfWork]
    queries: CommentQueries
    clock: Clock

    async def __call__(self, slug: str, author_id: int, body: str | None) -> CommentView:
        parse_body(body)  # a blank body is refused before any lookup
        article = await self.articles.ref_of(slug)
        if article is None:
            raise NotFound("article")
        async with self.uow() as uow:
            stored = await uow.comments.add(
                Comment.write(article.id, author_id, body, self.clock.now())
            )
            assert stored.id is not None
            uow.publish(
                CommentAdded(
                    stored.id, article.id, article.author_id, author_id, article.slug, article.title
                )
            )
            await uow.commit()
        view = await self.queries.one(stored.id, author_id)
        if view is None:  # the article, and with it the comment, went in between
            raise NotFound("article")
        return view
