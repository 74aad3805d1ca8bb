"""PostgreSQL's LISTEN/NOTIFY between processes: this process's commits that recorded
publications are announced, and other processes' announcements wake this one's dispatchers.

The NOTIFY is sent after the commit on this connection, not inside the publisher's
transaction: a NOTIFY there costs every publishing write a round trip and serialises the
commits on PostgreSQL's notification queue lock, and announcements made while one is being
sent are folded into the next. A crash between a commit and its announcement, or a lost
connection, leaves other processes to their poll."""

import asyncio
import logging
from typing import Any

import asyncpg

from adapters.shared.events.background import Background
from adapters.shared.events.recorder import CHANNEL
from adapters.shared.events.wake_up import WakeUp
from adapters.shared.sql.engine import database_url

log = logging.getLogger("conduit.events")


class PostgresListener:
    """Holds one connection that listens; reconnects after `retry_seconds` when it drops."""

    def __init__(self, url: str, wake_up: WakeUp, retry_seconds: float = 1.0) -> None:
        self._dsn = (
            database_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        )
        self._wake_up = wake_up
        self._retry_seconds = retry_seconds
        self._background = Background("conduit-event-listener", self._listen)
        self._to_announce = asyncio.Event()
        wake_up.announce_with(self._to_announce.set)

    def start(self) -> None:
        self._background.start()

    async def stop(self) -> None:
        await self._background.stop()

    async def _announce(self, connection: asyncpg.Connection) -> None:
        while True:
            await self._to_announce.wait()
            self._to_announce.clear()
            await connection.execute(f"NOTIFY {CHANNEL}")

    def _heard(self, connection: asyncpg.Connection, pid: int, *_args: Any) -> None:
        # PostgreSQL tells a listening session of its own NOTIFYs too. This process's
        # dispatchers were woken at the commit already: an echo that lands after their round
        # began (a distant server, a busy loop) would start a second round, claiming nothing.
        if pid != connection.get_server_pid():
            self._wake_up.wake()

    async def _listen(self) -> None:
        while True:
            try:
                await self._listen_until_closed()
            except (OSError, asyncpg.PostgresError) as error:
                log.warning("events: cannot listen on PostgreSQL (%r); polling meanwhile", error)
            await asyncio.sleep(self._retry_seconds)

    async def _listen_until_closed(self) -> None:
        connection = await asyncpg.connect(self._dsn, timeout=10)
        try:
            closed = asyncio.Event()
            connection.add_termination_listener(lambda _c: closed.set())
            await connection.add_listener(CHANNEL, self._heard)
            self._wake_up.wake()  # anything committed while nobody listened
            announcing = asyncio.create_task(self._announce(connection))
            try:
                await closed.wait()
            finally:
                announcing.cancel()
        finally:
            if not connection.is_closed():
                await connection.close(timeout=1)
