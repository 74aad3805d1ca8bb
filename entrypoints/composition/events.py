"""After-commit event delivery wired to the container: the dispatcher, and on PostgreSQL the
listener that wakes it; `conduit serve` runs it in each worker, `conduit events worker` alone."""

import asyncio
import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import replace

from sqlalchemy.engine import make_url

from adapters.shared.clock import SystemClock
from adapters.shared.events.dispatcher import DeliveryObserver, Dispatcher, DispatchSettings
from adapters.shared.events.listener import PostgresListener
from adapters.shared.events.registry import SqlPublicationRegistry
from adapters.shared.sql.engine import create_engine
from entrypoints.composition.container import ApplicationContainer, build_container, release
from entrypoints.settings import Settings

log = logging.getLogger("conduit.events")
SQLITE_GATHER_SECONDS = 0.05


def dispatch_settings(settings: Settings) -> DispatchSettings:
    sqlite = make_url(settings.database_url).get_backend_name() == "sqlite"
    chosen = DispatchSettings(
        max_attempts=settings.events_max_attempts,
        retry_base_seconds=settings.events_retry_base_seconds,
        retry_max_seconds=settings.events_retry_max_seconds,
        poll_seconds=settings.events_poll_seconds,
        batch_size=settings.events_batch_size,
        concurrency=1 if sqlite else settings.events_concurrency,
        delivery_timeout_seconds=settings.events_delivery_timeout_seconds,
    )
    # On SQLite every batch takes the one writer from the requests: fewer, fuller batches
    # halved what event delivery took off the write mix (bench/RESULTS.md).
    return replace(chosen, gather_seconds=SQLITE_GATHER_SECONDS) if sqlite else chosen


class EventDelivery:
    """One dispatcher per process (unless `dispatch` is false), woken by this process's
    commits and, on PostgreSQL, by every other process's through LISTEN/NOTIFY; this
    process's commits are announced there whether it dispatches or not."""

    def __init__(
        self,
        settings: Settings,
        container: ApplicationContainer,
        observer: DeliveryObserver | None = None,
        *,
        dispatch: bool = True,
    ) -> None:
        shared = container.shared
        self.dispatcher = (
            None
            if not dispatch
            else Dispatcher(
                shared.subscriptions(),
                shared.sessions(),
                shared.publications(),
                shared.clock(),
                shared.wake_up(),
                dispatch_settings(settings),
                observer,
            )
        )
        self._listener = (
            PostgresListener(settings.database_url, shared.wake_up())
            if make_url(settings.database_url).get_backend_name() == "postgresql"
            else None
        )

    async def start(self) -> None:
        if self._listener is not None:
            self._listener.start()
        if self.dispatcher is not None:
            self.dispatcher.start()

    async def stop(self) -> None:
        if self.dispatcher is not None:
            await self.dispatcher.stop()
        if self._listener is not None:
            await self._listener.stop()


@asynccontextmanager
async def publication_registry(settings: Settings) -> AsyncIterator[SqlPublicationRegistry]:
    """The registry alone, for the operator's commands."""
    engine = create_engine(settings.database_url)
    try:
        yield SqlPublicationRegistry(engine, SystemClock())
    finally:
        await engine.dispose()


async def run_worker(settings: Settings) -> None:
    """Delivers until SIGTERM or SIGINT, then finishes the delivery in progress' transaction
    by rolling it back (it stays pending) and returns."""
    container = build_container(settings)
    delivery = EventDelivery(settings, container)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    try:
        await delivery.start()
        log.info("events worker: delivering publications (SIGTERM or Ctrl+C stops)")
        await stopping.wait()
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            with suppress(ValueError):
                loop.remove_signal_handler(signum)
        await delivery.stop()
        await release(container)
