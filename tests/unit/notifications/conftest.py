"""The use cases wired to in-memory fakes, fresh for each test."""

import pytest

from tests.unit.articles.in_memory_conduit import Conduit


@pytest.fixture
def conduit() -> Conduit:
    return Conduit()
