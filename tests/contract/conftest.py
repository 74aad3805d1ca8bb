"""Port contract tests run once per implementation: the in-memory fake, SQLite, PostgreSQL."""

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.contract.implementation import Implementation
from tests.contract.world import World, committed_world
from tests.support.databases import MigratedDatabase

IMPLEMENTATIONS = ["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=IMPLEMENTATIONS)
def implementation_database(request: pytest.FixtureRequest) -> tuple[str, MigratedDatabase | None]:
    if request.param == "memory":
        return "memory", None
    database: MigratedDatabase = request.getfixturevalue(f"{request.param}_database")
    return request.param, database


@pytest.fixture
async def implementation(
    implementation_database: tuple[str, MigratedDatabase | None],
) -> AsyncIterator[Implementation]:
    """A SQL session rolled back after the test (nothing is committed), or none for fakes."""
    kind, database = implementation_database
    if database is None:
        yield Implementation(kind, None)
        return
    async with AsyncSession(database.engine, expire_on_commit=False) as session:
        yield Implementation(kind, session)
        await session.rollback()


@pytest.fixture
async def world(
    implementation_database: tuple[str, MigratedDatabase | None],
) -> AsyncIterator[World]:
    """Every context wired to one implementation, its data committed (SQL) and cleaned after."""
    async with committed_world(*implementation_database) as built:
        yield built
