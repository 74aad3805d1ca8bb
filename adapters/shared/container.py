"""Container of the technology every context shares: clock, engine, sessions, event wiring."""

from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.shared.clock import SystemClock
from adapters.shared.sql.engine import PoolSettings, create_engine, reading
from application.shared.events import EventSubscriptions


class SharedContainer(containers.DeclarativeContainer):
    config = providers.Configuration()

    clock = providers.Singleton(SystemClock)
    engine = providers.Singleton(
        create_engine,
        raw_url=config.url,
        pool=providers.Factory(
            PoolSettings,
            size=config.pool_size,
            max_overflow=config.max_overflow,
            timeout_seconds=config.pool_timeout_seconds,
            recycle_seconds=config.pool_recycle_seconds,
        ),
        echo=config.echo,
    )
    # Read models run one statement each, so they skip BEGIN/ROLLBACK round trips.
    read_engine = providers.Singleton(reading, engine)
    # expire_on_commit=False: reading attributes after commit would otherwise need a
    # lazy load, which asyncio forbids.
    sessions = providers.Singleton(
        async_sessionmaker, engine, class_=AsyncSession, expire_on_commit=False
    )
    subscriptions = providers.Singleton(EventSubscriptions[AsyncSession])
