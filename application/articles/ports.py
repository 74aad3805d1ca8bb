"""Ports of the articles context: its unit of work and its read model."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple, Protocol

from application.profiles.published import ProfileView
from application.shared.paging import Page
from application.shared.unit_of_work import UnitOfWork
from domain.articles.repository import ArticleRepository, FavoriteRepository


class ArticlesUnitOfWork(UnitOfWork, Protocol):
    articles: ArticleRepository
    favorites: FavoriteRepository


class ArticleView(NamedTuple):
    """An article as a viewer sees it. `body` is None in lists, which leave it out."""

    slug: str
    title: str
    description: str
    body: str | None
    tags: list[str]
    created_at: datetime
    updated_at: datetime
    favorited: bool
    favorites_count: int
    author: ProfileView


class ArticlePage(NamedTuple):
    articles: list[ArticleView]
    total: int


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """Filters combine with AND; usernames for `author` and `favorited`."""

    tag: str | None = None
    author: str | None = None
    favorited: str | None = None
    followed_by: int | None = field(default=None)


class ArticleQueries(Protocol):
    """The read model: every method answers in a constant number of statements."""

    async def page(self, filter: ArticleFilter, page: Page, viewer_id: int | None) -> ArticlePage:
        """Newest first (ties: newest id first); `total` counts all matches."""
        ...

    async def one(self, slug: str, viewer_id: int | None) -> ArticleView | None: ...

    async def tags(self) -> list[str]:
        """Every tag some article carries, sorted."""
        ...
