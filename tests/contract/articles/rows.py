"""Users and articles that tested rows refer to, inserted through each implementation's repos."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from adapters.articles.in_memory import (
    InMemoryArticleRepository,
    InMemoryArticleStore,
    InMemoryFavoriteRepository,
)
from adapters.articles.sql_article_repository import SqlArticleRepository, SqlFavoriteRepository
from adapters.articles.tables import FavoriteRow
from adapters.identity.in_memory_user_repository import InMemoryUserRepository
from adapters.identity.sql_user_repository import SqlUserRepository
from adapters.shared.fakes import FixedClock
from domain.articles.article import Article, ArticleContent
from domain.articles.repository import ArticleRepository, FavoriteRepository
from domain.identity.repository import UserRepository
from domain.identity.user import User
from domain.identity.values import Email, Username
from tests.contract.implementation import Implementation

NOW = datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=UTC)
TITLE = "How to train your dragon"


def a_user(name: str, at: datetime = NOW) -> User:
    return User.register(
        username=Username(name), email=Email(f"{name}@example.com"), password_hash="h", now=at
    )


def an_article(
    author_id: int, title: str = TITLE, *, tags: Sequence[str] = (), at: datetime = NOW
) -> Article:
    """A valid new article; its tags go through the domain's rules (trimmed, sorted)."""
    content = ArticleContent.parse(title, "Ever wonder how?", "Very carefully.", list(tags))
    return Article.publish(author_id, content, at)


@dataclass
class Rows:
    """The users and articles repositories of one implementation, for setting up references."""

    users: UserRepository
    articles: ArticleRepository
    store: InMemoryArticleStore  # the fake's store; unused (empty) for SQL
    session: AsyncSession | None  # the SQL session; None for the fake

    @classmethod
    def of(cls, implementation: Implementation) -> "Rows":
        store = InMemoryArticleStore()
        if implementation.kind == "memory":
            return cls(InMemoryUserRepository(), InMemoryArticleRepository(store), store, None)
        session = implementation.sql
        return cls(SqlUserRepository(session), SqlArticleRepository(session), store, session)

    def favorites(self) -> FavoriteRepository:
        """The favorites repository of the same implementation (the fake shares the store)."""
        if self.session is None:
            return InMemoryFavoriteRepository(self.store)
        return SqlFavoriteRepository(self.session, FixedClock(NOW))

    async def user(self, name: str) -> int:
        stored = await self.users.add(a_user(name))
        assert stored.id is not None
        return stored.id

    async def article(
        self, author_id: int, title: str = TITLE, *, tags: Sequence[str] = ()
    ) -> Article:
        stored = await self.articles.add(an_article(author_id, title, tags=tags))
        assert stored.id is not None
        return stored

    async def fans_of(self, article_id: int) -> set[int]:
        """Who has favorited the article, read straight from the store or the table."""
        if self.session is None:
            return {user for user, article in self.store.favorites if article == article_id}
        users = await self.session.scalars(
            select(col(FavoriteRow.user_id)).where(col(FavoriteRow.article_id) == article_id)
        )
        return set(users)
