"""Test databases: a migrated SQLite file and a migrated PostgreSQL database per test session."""

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.shared.sql.engine import PoolSettings, create_engine
from adapters.shared.sql.metadata import metadata
from adapters.shared.sql.read_database import ReadDatabase, read_database_for
from migrations import runner
from tests.support.services import require_service

POSTGRES_HOST = os.environ.get("CONDUIT_TEST_POSTGRES_HOST", "127.0.0.1")
POSTGRES_PORT = int(os.environ.get("CONDUIT_TEST_POSTGRES_PORT", "5432"))
POSTGRES_USER = os.environ.get("CONDUIT_TEST_POSTGRES_USER", "postgres")


# Tables whose rows the migrations create: reset, not emptied, between tests.
SEEDED = {"article_count": "UPDATE article_count SET total = 0"}


def postgres_url(database: str) -> str:
    return f"postgresql+asyncpg://{POSTGRES_USER}@{POSTGRES_HOST}:{POSTGRES_PORT}/{database}"


def require_postgres() -> None:
    require_service("PostgreSQL", POSTGRES_HOST, POSTGRES_PORT)


async def recreate_postgres_database(name: str) -> str:
    admin = await asyncpg.connect(
        host=POSTGRES_HOST, port=POSTGRES_PORT, user=POSTGRES_USER, database="postgres"
    )
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return postgres_url(name)


def worker_suffix() -> str:
    """Unique per test process: parallel workers and parallel runs never share a database."""
    return f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{os.getpid()}"


async def drop_postgres_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin = await asyncpg.connect(
        host=POSTGRES_HOST, port=POSTGRES_PORT, user=POSTGRES_USER, database="postgres"
    )
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


async def terminate_connections(url: str) -> None:
    """Ends every server session on the PostgreSQL database at `url`, as a restart would."""
    admin = await asyncpg.connect(
        host=POSTGRES_HOST, port=POSTGRES_PORT, user=POSTGRES_USER, database="postgres"
    )
    try:
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
            url.rsplit("/", 1)[1],
        )
    finally:
        await admin.close()


async def fresh_database(backend: str, directory: Path, name: str) -> str:
    """The URL of an empty database of `backend` named after `name` and this test worker."""
    if backend == "sqlite":
        path = directory / f"{name}.db"
        path.unlink(missing_ok=True)
        return f"sqlite+aiosqlite:///{path}"
    require_postgres()
    return await recreate_postgres_database(f"conduit_{name}_{worker_suffix()}")


@asynccontextmanager
async def temporary_database(backend: str, directory: Path, name: str) -> AsyncIterator[str]:
    """An empty database for one test; a PostgreSQL one is dropped afterwards."""
    url = await fresh_database(backend, directory, name)
    try:
        yield url
    finally:
        if backend == "postgres":
            await drop_postgres_database(url)


@dataclass
class MigratedDatabase:
    """A migrated database shared by a test session; `clean()` empties it between tests."""

    backend: str
    url: str
    _engine: AsyncEngine | None = field(default=None, repr=False)
    _reads: ReadDatabase | None = field(default=None, repr=False)

    @property
    def engine(self) -> AsyncEngine:
        if self._engine is None:
            self._engine = create_engine(self.url)
        return self._engine

    @property
    def reads(self) -> ReadDatabase:
        """The read database the app would use on this database (asyncpg on PostgreSQL)."""
        if self._reads is None:
            self._reads = read_database_for(self.url, PoolSettings(size=4))
        return self._reads

    @classmethod
    async def migrated(cls, backend: str, directory: Path) -> "MigratedDatabase":
        url = await fresh_database(backend, directory, "test")
        # Alembic's async env runs its own event loop, so it gets a thread of its own.
        await asyncio.to_thread(runner.upgrade, url)
        return cls(backend, url)

    async def clean(self) -> None:
        """Back to the state right after migrating: data gone, migration-seeded rows reset."""
        async with self.engine.begin() as connection:
            for table in reversed(metadata.sorted_tables):
                if table.name in SEEDED:
                    await connection.execute(text(SEEDED[table.name]))
                else:
                    await connection.execute(text(f"DELETE FROM {table.name}"))

    async def dispose(self) -> None:
        if self._engine is not None:
            await self._engine.dispose()
        if self._reads is not None:
            await self._reads.close()
        if self.backend == "postgres":
            await drop_postgres_database(self.url)
