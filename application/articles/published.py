"""Articles' published interface: what other contexts may know and hear about articles."""

from dataclasses import dataclass
from typing import Protocol

from application.shared.events import IntegrationEvent


@dataclass(frozen=True, slots=True)
class ArticleDeleted(IntegrationEvent):
    """Published in the deleting transaction; subscribers clean up what they own."""

    article_id: int


class ArticleDirectory(Protocol):
    async def id_of(self, slug: str) -> int | None:
        """The id of the article with this slug, or None."""
        ...
