"""Ports through which the articles context stores articles and favorites."""

from typing import NamedTuple, Protocol

from domain.articles.article import Article


class SlugTaken(Exception):
    """Another article holds the slug; the caller retries with the next candidate."""


class ArticleRef(NamedTuple):
    """Which article a slug names and whose it is: what events about it carry."""

    id: int
    author_id: int
    slug: str
    title: str


class ArticleRepository(Protocol):
    async def add(self, article: Article) -> Article:
        """Store a new article with its tags; SlugTaken if its slug is in use."""
        ...

    async def get_by_slug(self, slug: str) -> Article | None:
        """The article, locked against concurrent changes until the transaction ends."""
        ...

    async def id_of(self, slug: str) -> int | None: ...

    async def ref_of(self, slug: str) -> ArticleRef | None:
        """The article's id, author and title, without locking or loading it."""
        ...

    async def slug_taken(self, slug: str, *, other_than: int | None = None) -> bool: ...

    async def update(self, article: Article) -> Article:
        """Store the article's new state; SlugTaken if its new slug is in use."""
        ...

    async def remove(self, article: Article) -> None:
        """Delete the article with its tags and favorites."""
        ...


class FavoriteRepository(Protocol):
    async def add(self, user_id: int, article_id: int) -> bool:
        """True if the favorite is new; favoriting twice is not an error (False).
        NotFound('article') if the article is gone."""
        ...

    async def remove(self, user_id: int, article_id: int) -> None:
        """Unfavoriting what is not favorited is not an error."""
        ...
