"""Use cases that read articles: one by slug, a filtered list, the feed, the tags."""

from dataclasses import dataclass

from application.articles.ports import ArticleFilter, ArticlePage, ArticleQueries, ArticleView
from application.identity.published import UserDirectory
from application.shared.paging import Page
from domain.shared.errors import NotFound, Unauthenticated


@dataclass(frozen=True, slots=True)
class GetArticle:
    """One article; `favorited` and `author.following` as the viewer sees them."""

    queries: ArticleQueries

    async def __call__(self, slug: str, viewer_id: int | None) -> ArticleView:
        article = await self.queries.one(slug, viewer_id)
        if article is None:
            raise NotFound("article")
        return article


@dataclass(frozen=True, slots=True)
class ListArticles:
    """Articles matching every given filter, newest first, one page of them."""

    queries: ArticleQueries

    async def __call__(
        self, filter: ArticleFilter, page: Page, viewer_id: int | None
    ) -> ArticlePage:
        return await self.queries.page(filter, page, viewer_id)


@dataclass(frozen=True, slots=True)
class GetFeed:
    """Articles by the authors the viewer follows, newest first; a deleted viewer has none."""

    queries: ArticleQueries
    users: UserDirectory

    async def __call__(self, viewer_id: int, page: Page) -> ArticlePage:
        feed = await self.queries.page(ArticleFilter(followed_by=viewer_id), page, viewer_id)
        # A follow references its follower, who cannot be deleted while it exists: a feed
        # with articles proves the viewer exists, so only an empty one costs a lookup.
        if feed.total == 0 and not await self.users.exists(viewer_id):
            raise Unauthenticated("token", "is invalid")
        return feed


@dataclass(frozen=True, slots=True)
class ListTags:
    """Every tag in use."""

    queries: ArticleQueries

    async def __call__(self) -> list[str]:
        return await self.queries.tags()
