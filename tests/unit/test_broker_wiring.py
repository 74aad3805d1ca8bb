"""The composition root subscribes the exporter to exported events only, and only if asked."""

from sqlalchemy.ext.asyncio import AsyncSession

from adapters.shared.broker.exporter import SUBSCRIBER
from application.articles.published import ArticleDeleted
from application.shared.bounded_context import BoundedContext
from application.shared.events import EventSubscriptions
from entrypoints.composition.broker import export_to_broker, exported_events
from entrypoints.composition.container import build_container, release
from tests.conftest import test_settings as make_settings
from tests.support.exported_events import ParcelShipped, ParcelWeighed

PARCELS = BoundedContext(
    name="parcels", summary="test", publishes=(ArticleDeleted, ParcelShipped, ParcelWeighed)
)


def broker_subscriptions(subscriptions: EventSubscriptions[AsyncSession]) -> set[type]:
    after_commit = subscriptions.after_commit_subscriptions()
    return {s.event_type for s in after_commit if s.subscriber == SUBSCRIBER}


def test_exported_events_are_the_declared_ones_marked_exported() -> None:
    assert exported_events([PARCELS]) == [ParcelShipped, ParcelWeighed]


def test_the_exporter_subscribes_after_commit_as_broker() -> None:
    subscriptions: EventSubscriptions[AsyncSession] = EventSubscriptions()
    export_to_broker(subscriptions, object(), exported_events([PARCELS]))  # type: ignore[arg-type]

    assert broker_subscriptions(subscriptions) == {ParcelShipped, ParcelWeighed}


async def test_the_app_exports_every_declared_exported_event_only_with_a_broker_url() -> None:
    url = "sqlite+aiosqlite:///unused.db"
    without = build_container(make_settings(url))
    with_broker = build_container(
        make_settings(url, broker_url="amqp://guest:guest@127.0.0.1:1/", broker_exchange="x")
    )
    try:
        assert broker_subscriptions(without.shared.subscriptions()) == set()
        assert broker_subscriptions(with_broker.shared.subscriptions()) == set(exported_events())
    finally:
        await release(without)
        await release(with_broker)
