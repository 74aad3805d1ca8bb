"""After-commit events seen from outside: readiness names a backlog over its limit, /metrics
counts deliveries and failures per subscriber, times them and reports the backlog."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.shared.events.dispatcher import DispatchSettings
from application.shared.events import DeliveryAttempt
from entrypoints.observability.event_metrics import DeliveryMetrics
from tests.conftest import test_settings as make_settings
from tests.support.api import app_client, errors_of
from tests.support.databases import MigratedDatabase
from tests.support.events import Events, ThingHappened
from tests.support.metrics import samples_of, value


@asynccontextmanager
async def app_on(url: str, **settings: Any) -> AsyncIterator[AsyncClient]:
    async with app_client(make_settings(url, **settings)) as (http, _container):
        yield http


async def nothing(_event: ThingHappened, _attempt: DeliveryAttempt[AsyncSession]) -> None:
    pass


async def test_a_backlog_over_its_limit_is_not_ready_and_named(
    clean_database: MigratedDatabase,
) -> None:
    events = Events(clean_database)
    events.subscriptions.subscribe_after_commit(ThingHappened, "alpha", nothing)
    await events.publish(ThingHappened(1), ThingHappened(2))

    async with app_on(clean_database.url, events_ready_backlog=2) as http:
        assert (await http.get("/health/ready")).status_code == 200
        await events.publish(ThingHappened(3))
        ready = await http.get("/health/ready")
        assert ready.status_code == 503
        assert errors_of(ready) == {"events": ["3 publications wait for delivery (more than 2)"]}

        await events.dispatcher().run_once()
        assert (await http.get("/health/ready")).status_code == 200


async def test_deliveries_failures_latency_and_backlog_are_measured(
    clean_database: MigratedDatabase,
) -> None:
    events = Events(clean_database)

    async def fail(_event: ThingHappened, _attempt: DeliveryAttempt[AsyncSession]) -> None:
        raise RuntimeError("down")

    events.subscriptions.subscribe_after_commit(ThingHappened, "metered", nothing)
    events.subscriptions.subscribe_after_commit(ThingHappened, "metered-failing", fail)
    async with app_on(clean_database.url) as http:
        before = samples_of((await http.get("/metrics")).text)
        await events.publish(ThingHappened(1), ThingHappened(2))
        settings = DispatchSettings(retry_base_seconds=60)
        await events.dispatcher(settings, observer=DeliveryMetrics()).run_once()
        after = samples_of((await http.get("/metrics")).text)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert grew("conduit_event_publications_delivered_total", subscriber="metered") == 2
    failed = {"subscriber": "metered-failing", "final": "false"}
    assert grew("conduit_event_publications_failed_total", **failed) == 2
    assert grew("conduit_event_delivery_latency_seconds_count", subscriber="metered") == 2
    assert value(after, "conduit_event_publications_pending") == 2
