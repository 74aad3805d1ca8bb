"""An after-commit subscriber a real `conduit serve` loads in end-to-end tests
(CONDUIT_TEST_SUBSCRIBERS=tests.support.event_subscriber:subscribe).

It writes one effect per delivery of ArticleDeleted in the delivery's transaction. While the
file named by CONDUIT_TEST_GATE does not exist it asks to be retried later; with
CONDUIT_TEST_DELIVERY_SECONDS it lingers that long after writing, before the commit.
"""

import asyncio
import os
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from application.articles.published import ArticleDeleted
from application.shared.events import DeliveryAttempt, EventSubscriptions, RetryLater

SUBSCRIBER = "e2e"


async def on_article_deleted(event: ArticleDeleted, attempt: DeliveryAttempt[AsyncSession]) -> None:
    gate = os.environ.get("CONDUIT_TEST_GATE")
    if gate and not await asyncio.to_thread(Path(gate).exists):
        raise RetryLater("the gate is closed", after_seconds=0.05)
    await attempt.transaction.execute(
        text(
            "INSERT INTO event_effects (seq, publication_id, subscriber, number) "
            "VALUES (0, :id, :subscriber, :number)"
        ),
        {"id": attempt.publication_id, "subscriber": SUBSCRIBER, "number": event.article_id},
    )
    await asyncio.sleep(float(os.environ.get("CONDUIT_TEST_DELIVERY_SECONDS", "0")))


def subscribe(subscriptions: EventSubscriptions[AsyncSession]) -> None:
    subscriptions.subscribe_after_commit(ArticleDeleted, SUBSCRIBER, on_article_deleted)
