"""The Notification: one user told of something another user did that concerns them."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum


class Kind(Enum):
    """What happened; the value is what clients see."""

    ARTICLE_PUBLISHED = "articlePublished"  # someone you follow published an article
    ARTICLE_FAVORITED = "articleFavorited"  # someone favorited your article
    COMMENT_ADDED = "commentAdded"  # someone commented on your article
    USER_FOLLOWED = "userFollowed"  # someone followed you


@dataclass(frozen=True, slots=True)
class Occurrence:
    """Something `actor_id` did, heard from the event published as `publication_id`.

    `article_title` is kept as it was then: it is what the notification shows once the
    article is gone."""

    publication_id: int
    kind: Kind
    actor_id: int
    at: datetime
    article_id: int | None = None
    article_title: str | None = None
    comment_id: int | None = None

    def notify(self, recipients: Iterable[int]) -> list["Notification"]:
        """One notification per recipient, in id order; never the actor: nobody is told of
        their own actions."""
        return [Notification(self, r) for r in sorted(set(recipients)) if r != self.actor_id]


@dataclass(frozen=True, slots=True)
class Notification:
    """`id` is None until stored. At most one per (publication, recipient): an event
    delivered twice notifies nobody twice."""

    occurrence: Occurrence
    recipient_id: int
    id: int | None = None
    read: bool = False
