"""The notifications' after-commit handlers on SQL: followers read in the delivery's own
transaction, and a publication delivered twice notifies nobody twice."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.notifications.subscriptions import subscribe
from adapters.shared.sql.direct import unit_of_work_sessions
from application.articles.published import ArticlePublished
from application.profiles.published import UserFollowed
from application.shared.events import DeliveryAttempt, EventSubscriptions, IntegrationEvent
from application.shared.paging import Page
from tests.contract.articles.rows import NOW
from tests.contract.world import World, sql_world
from tests.support.databases import MigratedDatabase


@pytest.fixture
def world(clean_database: MigratedDatabase) -> World:
    return sql_world(clean_database)


async def deliver(
    database: MigratedDatabase,
    event: IntegrationEvent,
    publication_id: int,
    published_at: datetime | None = None,
) -> None:
    """What a dispatcher does: the handler on a session of its own, then commit."""
    subscriptions: EventSubscriptions[AsyncSession] = EventSubscriptions()
    subscribe(subscriptions)
    [handler] = [
        s.handler
        for s in subscriptions.after_commit_subscriptions()
        if s.event_type is type(event) and s.subscriber == "notifications"
    ]
    sessions = unit_of_work_sessions(database.engine)
    async with sessions() as session:
        published = published_at or datetime.now(UTC)
        await handler(event, DeliveryAttempt(session, publication_id, 1, published))
        await session.commit()


async def followed_author_publishes(world: World) -> tuple[tuple[int, int, int], ArticlePublished]:
    """jake, followed by jane and joe, publishes "Dragons": the three users and the event."""
    jake, jane, joe = [await world.user(name) for name in ("jake", "jane", "joe")]
    await world.follow(jane, jake)
    await world.follow(joe, jake)
    article = await world.article(jake, "Dragons")
    assert article.id is not None
    return (jake, jane, joe), ArticlePublished(article.id, jake, article.slug, "Dragons")


async def test_followers_are_notified_once_however_often_it_is_delivered(
    world: World, clean_database: MigratedDatabase
) -> None:
    (jake, jane, joe), event = await followed_author_publishes(world)

    await deliver(clean_database, event, 41)
    await deliver(clean_database, event, 41)  # redelivered after a crash, say

    for reader in (jane, joe):
        page = await world.notification_queries.page(reader, Page())
        assert page is not None
        assert [(n.kind, n.actor.username if n.actor else None) for n in page.notifications] == [
            ("articlePublished", "jake")
        ]
    author = await world.notification_queries.page(jake, Page())
    assert author is not None
    assert author.total == 0


async def test_a_late_delivery_tells_only_those_who_followed_before_the_article_came_out(
    world: World, clean_database: MigratedDatabase
) -> None:
    (_jake, jane, joe), event = await followed_author_publishes(world)
    published_at = NOW + timedelta(seconds=1)
    async with clean_database.engine.begin() as connection:  # joe followed after that
        await connection.execute(
            text("UPDATE follows SET created_at = :at WHERE follower_id = :joe"),
            {"at": published_at + timedelta(milliseconds=40), "joe": joe},
        )

    await deliver(clean_database, event, 7, published_at)

    for reader, told in ((jane, 1), (joe, 0)):
        page = await world.notification_queries.page(reader, Page())
        assert page is not None
        assert page.total == told


async def test_each_publication_is_a_notification_of_its_own(
    world: World, clean_database: MigratedDatabase
) -> None:
    jake, jane = await world.user("jake"), await world.user("jane")

    await deliver(clean_database, UserFollowed(jane, jake), 1)
    await deliver(clean_database, UserFollowed(jane, jake), 2)  # unfollowed and followed again

    page = await world.notification_queries.page(jake, Page())
    assert page is not None
    assert (page.total, page.unread) == (2, 2)
