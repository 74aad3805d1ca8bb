"""Committed data for the read models: every context wired as production wires it, or faked."""

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from adapters.articles.in_memory import InMemoryArticleQueries, InMemoryArticleStore
from adapters.articles.repository_article_directory import RepositoryArticleDirectory
from adapters.articles.sql_article_directory import SqlArticleDirectory
from adapters.articles.sql_article_queries import SqlArticleQueries
from adapters.articles.unit_of_work import InMemoryArticlesUnitOfWork, SqlArticlesUnitOfWork
from adapters.comments.in_memory import InMemoryCommentQueries, InMemoryCommentRepository
from adapters.comments.sql_comment_queries import SqlCommentQueries
from adapters.comments.subscriptions import subscribe as subscribe_comments
from adapters.comments.unit_of_work import InMemoryCommentsUnitOfWork, SqlCommentsUnitOfWork
from adapters.identity.in_memory_user_repository import InMemoryUserRepository
from adapters.identity.repository_user_directory import RepositoryUserDirectory
from adapters.identity.sql_user_directory import SqlUserDirectory
from adapters.identity.unit_of_work import InMemoryIdentityUnitOfWork, SqlIdentityUnitOfWork
from adapters.notifications.in_memory import (
    InMemoryNotificationQueries,
    InMemoryNotificationRepository,
)
from adapters.notifications.sql_notification_queries import SqlNotificationQueries
from adapters.notifications.unit_of_work import (
    InMemoryNotificationsUnitOfWork,
    SqlNotificationsUnitOfWork,
)
from adapters.profiles.in_memory_follow_repository import InMemoryFollowRepository
from adapters.profiles.repository_profile_directory import RepositoryProfileDirectory
from adapters.profiles.sql_profile_directory import SqlProfileDirectory
from adapters.profiles.unit_of_work import InMemoryProfilesUnitOfWork, SqlProfilesUnitOfWork
from adapters.shared.fakes import FixedClock
from adapters.shared.sql.direct import unit_of_work_sessions
from application.articles.ports import ArticleQueries, ArticlesUnitOfWork
from application.articles.published import ArticleDeleted, ArticleDirectory
from application.comments.ports import CommentQueries, CommentsUnitOfWork
from application.comments.when_article_deleted import remove_comments_of_deleted_article
from application.identity.ports import IdentityUnitOfWork
from application.identity.published import UserDirectory
from application.notifications.ports import NotificationQueries, NotificationsUnitOfWork
from application.profiles.ports import ProfilesUnitOfWork
from application.profiles.published import ProfileDirectory
from application.shared.events import EventSubscriptions
from domain.articles.article import Article
from domain.comments.comment import Comment
from domain.profiles.follow import Follow
from tests.contract.articles.rows import NOW, TITLE, a_user, an_article
from tests.support.databases import MigratedDatabase


@dataclass
class World:
    """Units of work that commit, and the read models that see what they committed."""

    identity: Callable[[], IdentityUnitOfWork]
    profiles: Callable[[], ProfilesUnitOfWork]
    articles: Callable[[], ArticlesUnitOfWork]
    comments: Callable[[], CommentsUnitOfWork]
    article_queries: ArticleQueries
    comment_queries: CommentQueries
    user_directory: UserDirectory
    profile_directory: ProfileDirectory
    article_directory: ArticleDirectory
    notifications: Callable[[], NotificationsUnitOfWork]
    notification_queries: NotificationQueries

    async def user(self, name: str, bio: str | None = None) -> int:
        async with self.identity() as uow:
            stored = await uow.users.add(replace(a_user(name), bio=bio))
            await uow.commit()
        assert stored.id is not None
        return stored.id

    async def follow(self, follower_id: int, followee_id: int) -> None:
        async with self.profiles() as uow:
            await uow.follows.add(Follow.of(follower_id, followee_id))
            await uow.commit()

    async def article(
        self, author_id: int, title: str = TITLE, *, tags: Sequence[str] = (), at: datetime = NOW
    ) -> Article:
        async with self.articles() as uow:
            stored = await uow.articles.add(an_article(author_id, title, tags=tags, at=at))
            await uow.commit()
        return stored

    async def favorite(self, user_id: int, article: Article) -> None:
        assert article.id is not None
        async with self.articles() as uow:
            await uow.favorites.add(user_id, article.id)
            await uow.commit()

    async def retag(self, article: Article, tags: tuple[str, ...]) -> None:
        async with self.articles() as uow:
            await uow.articles.update(replace(article, tags=tags))
            await uow.commit()

    async def rename(self, article: Article, title: str) -> None:
        async with self.articles() as uow:
            await uow.articles.update(replace(article, title=title, slug=title.lower()))
            await uow.commit()

    async def delete(self, article: Article) -> None:
        assert article.id is not None
        async with self.articles() as uow:
            await uow.articles.remove(article)
            uow.publish(ArticleDeleted(article.id))
            await uow.commit()

    async def comment(self, article: Article, author_id: int, body: str, at: datetime) -> int:
        assert article.id is not None
        async with self.comments() as uow:
            stored = await uow.comments.add(Comment.write(article.id, author_id, body, at))
            await uow.commit()
        assert stored.id is not None
        return stored.id


def in_memory_world() -> World:
    users, follows = InMemoryUserRepository(), InMemoryFollowRepository()
    store, comments = InMemoryArticleStore(), InMemoryCommentRepository()
    subscriptions: EventSubscriptions[None] = EventSubscriptions()

    async def on_article_deleted(event: ArticleDeleted, _tx: None) -> None:
        await remove_comments_of_deleted_article(event, comments)

    subscriptions.subscribe(ArticleDeleted, on_article_deleted)

    def identity() -> IdentityUnitOfWork:
        return InMemoryIdentityUnitOfWork(users)

    def profiles() -> ProfilesUnitOfWork:
        return InMemoryProfilesUnitOfWork(follows)

    def articles() -> ArticlesUnitOfWork:
        return InMemoryArticlesUnitOfWork(store, subscriptions)

    user_directory = RepositoryUserDirectory(identity)
    profile_directory = RepositoryProfileDirectory(user_directory, profiles)
    article_directory = RepositoryArticleDirectory(articles)
    notifications = InMemoryNotificationRepository()
    return World(
        identity,
        profiles,
        articles,
        lambda: InMemoryCommentsUnitOfWork(comments),
        InMemoryArticleQueries(store, user_directory, profile_directory),
        InMemoryCommentQueries(comments, article_directory, profile_directory),
        user_directory,
        profile_directory,
        article_directory,
        lambda: InMemoryNotificationsUnitOfWork(notifications),
        InMemoryNotificationQueries(
            notifications, user_directory, profile_directory, article_directory
        ),
    )


def sql_world(database: MigratedDatabase) -> World:
    sessions = unit_of_work_sessions(database.engine)
    subscriptions: EventSubscriptions[AsyncSession] = EventSubscriptions()
    subscribe_comments(subscriptions)
    clock = FixedClock(NOW)
    return World(
        lambda: SqlIdentityUnitOfWork(sessions, subscriptions),
        lambda: SqlProfilesUnitOfWork(sessions, subscriptions, clock),
        lambda: SqlArticlesUnitOfWork(sessions, subscriptions, clock),
        lambda: SqlCommentsUnitOfWork(sessions, subscriptions),
        SqlArticleQueries(database.reads),
        SqlCommentQueries(database.reads),
        SqlUserDirectory(database.reads),
        SqlProfileDirectory(database.reads),
        SqlArticleDirectory(database.reads),
        lambda: SqlNotificationsUnitOfWork(sessions, subscriptions),
        SqlNotificationQueries(database.reads),
    )


@asynccontextmanager
async def committed_world(kind: str, database: MigratedDatabase | None) -> AsyncIterator[World]:
    """The world of one implementation; SQL data is committed, and deleted afterwards."""
    if database is None:
        yield in_memory_world()
        return
    yield sql_world(database)
    await database.clean()
