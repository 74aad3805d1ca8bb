"""Articles' published interface: what other contexts may know and hear about articles."""

from dataclasses import dataclass
from typing import ClassVar, Protocol

from application.shared.events import IntegrationEvent
from domain.articles.repository import ArticleRef as ArticleRef  # published to other contexts


@dataclass(frozen=True, slots=True)
class ArticleDeleted(IntegrationEvent):
    """Published in the deleting transaction; subscribers clean up what they own."""

    article_id: int


@dataclass(frozen=True, slots=True)
class ArticlePublished(IntegrationEvent):
    """A new article is out. Carries what a reader needs to be told about it; the author is
    an id (their current name is looked up when shown)."""

    exported: ClassVar[bool] = True

    article_id: int
    author_id: int
    slug: str
    title: str

    def ordering_key(self) -> str | None:
        return f"article:{self.article_id}"


@dataclass(frozen=True, slots=True)
class ArticleFavorited(IntegrationEvent):
    """`user_id` favorited the article, which they had not favorited a moment before:
    favoriting again publishes nothing; unfavoriting and favoriting again publishes anew."""

    exported: ClassVar[bool] = True

    article_id: int
    author_id: int
    user_id: int
    slug: str
    title: str

    def ordering_key(self) -> str | None:
        return f"article:{self.article_id}"


class ArticleDirectory(Protocol):
    async def id_of(self, slug: str) -> int | None:
        """The id of the article with this slug, or None."""
        ...

    async def ref_of(self, slug: str) -> ArticleRef | None:
        """The article with this slug (id, author, title), or None; as cheap as `id_of`."""
        ...
