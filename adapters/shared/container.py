"""Container of the technology every context shares: clock, engine, sessions, event wiring."""

from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.shared.clock import SystemClock
from adapters.shared.events.codec import EventCodec
from adapters.shared.events.recorder import SqlPublicationRecorder
from adapters.shared.events.registry import SqlPublicationRegistry
from adapters.shared.events.wake_up import WakeUp
from adapters.shared.sql.direct import unit_of_work_sessions
from adapters.shared.sql.engine import PoolSettings, create_engine
from adapters.shared.sql.read_database import read_database_for
from application.shared.events import EventSubscriptions, PublicationRecorder


def recording_subscriptions(
    recorder: PublicationRecorder[AsyncSession],
) -> EventSubscriptions[AsyncSession]:
    subscriptions: EventSubscriptions[AsyncSession] = EventSubscriptions()
    subscriptions.record_with(recorder)
    return subscriptions


class SharedContainer(containers.DeclarativeContainer):
    config = providers.Configuration()

    clock = providers.Singleton(SystemClock)
    pool = providers.Factory(
        PoolSettings,
        size=config.pool_size,
        max_overflow=config.max_overflow,
        timeout_seconds=config.pool_timeout_seconds,
        recycle_seconds=config.pool_recycle_seconds,
        pre_ping=config.pool_pre_ping,
    )
    # Units of work: one transaction per use-case call.
    engine = providers.Singleton(create_engine, raw_url=config.url, pool=pool, echo=config.echo)
    # Read models and directories: one statement per answer, outside transactions, on a pool
    # of their own (the driver's own on PostgreSQL: docs/adr/0010).
    read_database = providers.Singleton(
        read_database_for, url=config.url, pool=pool, echo=config.echo
    )
    # Statements marked `sent_directly` skip SQLAlchemy's layers on PostgreSQL.
    sessions = providers.Singleton(unit_of_work_sessions, engine)
    # After-commit subscribers: publications recorded by publishers, delivered by dispatchers
    # (docs/adr/0017).
    event_codec = providers.Singleton(EventCodec)
    wake_up = providers.Singleton(WakeUp)  # this process's dispatchers
    publication_recorder = providers.Singleton(
        SqlPublicationRecorder, codec=event_codec, clock=clock, wake_up=wake_up
    )
    publications = providers.Singleton(
        SqlPublicationRegistry, engine=engine, clock=clock, reads=read_database
    )
    subscriptions = providers.Singleton(recording_subscriptions, recorder=publication_recorder)
