"""Fixtures every test level may use: the migrated databases and the app under test."""

from collections.abc import AsyncIterator
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from entrypoints.composition.app import create_app
from entrypoints.composition.container import ApplicationContainer, build_container, release
from entrypoints.settings import Settings
from migrations.metadata import load_metadata
from tests.support.databases import MigratedDatabase

load_metadata()

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
TEST_SECRET = "test-secret-" + "x" * 32


# Any, as pydantic's mypy plugin types the fields in Settings(...): pydantic checks the values.
# With `object`, mypy would match each value against BaseSettings' own `_env_file`-like options.
def test_settings(database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": database_url,
        "jwt_secret": TEST_SECRET,
        # Argon2 at its cheapest: the tests check behaviour, not hashing strength.
        "password_hash_time_cost": 1,
        "password_hash_memory_kib": 8,
        **overrides,
    }
    return Settings(_env_file=None, **values)


@pytest.fixture(scope="session")
async def sqlite_database(
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[MigratedDatabase]:
    db = await MigratedDatabase.migrated("sqlite", tmp_path_factory.mktemp("sqlite"))
    yield db
    await db.dispose()


@pytest.fixture(scope="session")
async def postgres_database(
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[MigratedDatabase]:
    db = await MigratedDatabase.migrated("postgres", tmp_path_factory.mktemp("postgres"))
    yield db
    await db.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def database(request: pytest.FixtureRequest) -> MigratedDatabase:
    """Each test that asks for it runs twice: on SQLite and on PostgreSQL."""
    db: MigratedDatabase = request.getfixturevalue(f"{request.param}_database")
    return db


@pytest.fixture
async def clean_database(database: MigratedDatabase) -> AsyncIterator[MigratedDatabase]:
    yield database
    await database.clean()


@pytest.fixture(scope="session")
async def app_and_container(
    database: MigratedDatabase,
) -> AsyncIterator[tuple[FastAPI, ApplicationContainer]]:
    settings = test_settings(database.url)
    container = build_container(settings)
    app = create_app(settings, container)
    yield app, container
    await release(container)


@pytest.fixture
async def client(
    app_and_container: tuple[FastAPI, ApplicationContainer], clean_database: MigratedDatabase
) -> AsyncIterator[AsyncClient]:
    app, _container = app_and_container
    async with AsyncClient(
        transport=ASGITransport(app=app), base_url="http://conduit.test"
    ) as http:
        yield http
