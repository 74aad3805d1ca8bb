"""Reading notifications through the API, waiting for after-commit delivery to show them."""

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from httpx import AsyncClient

from entrypoints.composition.container import ApplicationContainer
from entrypoints.composition.events import EventDelivery
from entrypoints.settings import Settings
from tests.support.api import Account

DELIVERY_SECONDS = 3.0  # the bound: a notification is visible within 3 s


def signed_up(http: httpx.Client, name: str) -> dict[str, str]:
    """A new account on a served app, by the API: the headers of its token."""
    user = {"username": name, "email": f"{name}@example.com", "password": "long enough pw"}
    response = http.post("/api/users", json={"user": user})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Token {response.json()['user']['token']}"}


@asynccontextmanager
async def delivering(settings: Settings, container: ApplicationContainer) -> AsyncIterator[None]:
    """After-commit delivery for an in-process app, as `conduit serve` runs it: the test
    client runs no lifespan."""
    delivery = EventDelivery(settings, container)
    await delivery.start()
    try:
        yield
    finally:
        await delivery.stop()


async def notifications_of(
    client: AsyncClient, account: Account, query: str = ""
) -> dict[str, Any]:
    response = await client.get(f"/api/notifications{query}", headers=account.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def notified(client: AsyncClient, account: Account, count: int) -> list[dict[str, Any]]:
    """The account's notifications once it has `count` of them (within DELIVERY_SECONDS),
    newest first; fails if it has fewer by then, or more."""
    deadline = time.monotonic() + DELIVERY_SECONDS
    while True:
        body = await notifications_of(client, account, "?limit=100")
        if body["notificationsCount"] >= count or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.02)
    assert body["notificationsCount"] == count, body
    shown: list[dict[str, Any]] = body["notifications"]
    return shown


def summary(notification: dict[str, Any]) -> tuple[str, str | None, str | None]:
    """(kind, actor's username, article's title)."""
    actor, article = notification["actor"], notification["article"]
    return (
        notification["kind"],
        actor["username"] if actor else None,
        article["title"] if article else None,
    )
