"""The dispatcher's settings follow the database: SQLite's one writer is taken in fewer batches."""

from adapters.shared.events.dispatcher import DispatchSettings
from entrypoints.composition.events import SQLITE_GATHER_SECONDS, dispatch_settings
from tests.conftest import test_settings as make_settings


def test_on_sqlite_one_batch_at_a_time_after_commits_gathered_longer() -> None:
    chosen = dispatch_settings(make_settings("sqlite+aiosqlite:///conduit.db", events_batch_size=7))

    assert (chosen.concurrency, chosen.gather_seconds) == (1, SQLITE_GATHER_SECONDS)
    assert DispatchSettings().gather_seconds < SQLITE_GATHER_SECONDS
    assert chosen.batch_size == 7


def test_on_postgresql_the_configured_concurrency_and_the_short_gathering() -> None:
    url = "postgresql+asyncpg://postgres@127.0.0.1/conduit"
    chosen = dispatch_settings(make_settings(url, events_concurrency=3))

    assert (chosen.concurrency, chosen.gather_seconds) == (3, DispatchSettings().gather_seconds)
