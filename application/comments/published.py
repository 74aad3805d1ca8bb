"""Comments' published interface: the events other contexts may hear about comments."""

from dataclasses import dataclass
from typing import ClassVar

from application.shared.events import IntegrationEvent


@dataclass(frozen=True, slots=True)
class CommentAdded(IntegrationEvent):
    """`author_id` commented on the article (`article_author_id`'s), whose slug and title
    it carries as they were then."""

    exported: ClassVar[bool] = True

    comment_id: int
    article_id: int
    article_author_id: int
    author_id: int
    slug: str
    title: str

    def ordering_key(self) -> str | None:
        return f"article:{self.article_id}"
