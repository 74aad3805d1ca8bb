"""After-commit delivery for the in-process app, whose client runs no lifespan."""

from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI

from entrypoints.composition.container import ApplicationContainer
from tests.conftest import test_settings
from tests.support.databases import MigratedDatabase
from tests.support.notifications import delivering


@pytest.fixture
async def dispatching(
    app_and_container: tuple[FastAPI, ApplicationContainer], database: MigratedDatabase
) -> AsyncIterator[None]:
    """The app's publications delivered while the test runs."""
    async with delivering(test_settings(database.url), app_and_container[1]):
        yield
