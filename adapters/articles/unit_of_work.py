"""The articles context's units of work: on SQL and in memory."""

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.articles.in_memory import (
    InMemoryArticleRepository,
    InMemoryArticleStore,
    InMemoryFavoriteRepository,
)
from adapters.articles.sql_article_repository import SqlArticleRepository, SqlFavoriteRepository
from adapters.shared.in_memory import InMemoryUnitOfWork
from adapters.shared.sql.unit_of_work import SqlUnitOfWork
from application.shared.clock import Clock
from application.shared.events import EventSubscriptions
from domain.articles.repository import ArticleRepository, FavoriteRepository


class SqlArticlesUnitOfWork(SqlUnitOfWork):
    articles: ArticleRepository
    favorites: FavoriteRepository

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        subscriptions: EventSubscriptions[AsyncSession],
        clock: Clock,
    ) -> None:
        super().__init__(sessions, subscriptions)
        self._clock = clock

    def bind(self, session: AsyncSession) -> None:
        self.articles = SqlArticleRepository(session)
        self.favorites = SqlFavoriteRepository(session, self._clock)


class InMemoryArticlesUnitOfWork(InMemoryUnitOfWork):
    def __init__(
        self, store: InMemoryArticleStore, subscriptions: EventSubscriptions[None] | None = None
    ) -> None:
        super().__init__(store, subscriptions=subscriptions)
        self.articles: ArticleRepository = InMemoryArticleRepository(store)
        self.favorites: FavoriteRepository = InMemoryFavoriteRepository(store)
