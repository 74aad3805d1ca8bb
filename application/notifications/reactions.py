"""Policies: who is told of each event the context hears. Fed only by events.

Each reaction runs in a transaction of its own with the id of the event's publication, the
idempotency key: an event delivered again adds nothing (docs/adr/0019).
"""

from dataclasses import dataclass
from typing import Protocol

from application.articles.published import ArticleFavorited, ArticlePublished
from application.comments.published import CommentAdded
from application.profiles.published import UserFollowed
from application.shared.clock import Clock
from domain.notifications.notification import Kind, Occurrence
from domain.notifications.repository import NotificationRepository


class Followers(Protocol):
    """Who follows a user: profiles' published ProfileDirectory answers it, and so does
    profiles' published SQL piece inside the reaction's transaction."""

    async def followers_of(self, user_id: int) -> set[int]: ...


@dataclass(frozen=True, slots=True)
class Reactions:
    notifications: NotificationRepository
    followers: Followers
    clock: Clock

    async def article_published(self, event: ArticlePublished, publication_id: int) -> None:
        """The author's followers hear of the new article."""
        occurrence = Occurrence(
            publication_id,
            Kind.ARTICLE_PUBLISHED,
            event.author_id,
            self.clock.now(),
            article_id=event.article_id,
            article_title=event.title,
        )
        followers = await self.followers.followers_of(event.author_id)
        await self.notifications.add_all(occurrence.notify(followers))

    async def article_favorited(self, event: ArticleFavorited, publication_id: int) -> None:
        """The author hears their article was favorited."""
        occurrence = Occurrence(
            publication_id,
            Kind.ARTICLE_FAVORITED,
            event.user_id,
            self.clock.now(),
            article_id=event.article_id,
            article_title=event.title,
        )
        await self.notifications.add_all(occurrence.notify([event.author_id]))

    async def comment_added(self, event: CommentAdded, publication_id: int) -> None:
        """The article's author hears of the comment."""
        occurrence = Occurrence(
            publication_id,
            Kind.COMMENT_ADDED,
            event.author_id,
            self.clock.now(),
            article_id=event.article_id,
            article_title=event.title,
            comment_id=event.comment_id,
        )
        await self.notifications.add_all(occurrence.notify([event.article_author_id]))

    async def user_followed(self, event: UserFollowed, publication_id: int) -> None:
        """The followed user hears who followed them."""
        occurrence = Occurrence(
            publication_id, Kind.USER_FOLLOWED, event.follower_id, self.clock.now()
        )
        await self.notifications.add_all(occurrence.notify([event.followee_id]))
