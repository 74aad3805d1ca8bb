"""Publications made through a real `conduit serve` and waited for, in end-to-end tests."""

import asyncio
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from adapters.shared.events.registry import SqlPublicationRegistry, StoredPublication
from tests.support.server import Server

REPOSITORY = Path(__file__).resolve().parents[2]  # for PYTHONPATH: tests.support.event_subscriber
DELIVERY_SECONDS = 3.0  # what the issue asks of a notification, on a loaded machine


def create_and_delete(server: Server, count: int, prefix: str) -> None:
    """`count` articles written and deleted through the API: a publication each."""
    with httpx.Client(base_url=server.base_url, timeout=15) as http:
        user = {"username": prefix, "email": f"{prefix}@example.com", "password": "p" * 12}
        token = http.post("/api/users", json={"user": user}).json()["user"]["token"]
        headers = {"Authorization": f"Token {token}"}
        for n in range(count):
            article = {"title": f"{prefix} {n}", "description": "d", "body": "b"}
            created = http.post("/api/articles", json={"article": article}, headers=headers)
            assert created.status_code == 201, created.text
            slug = created.json()["article"]["slug"]
            assert http.delete(f"/api/articles/{slug}", headers=headers).status_code == 204


async def publications(registry: SqlPublicationRegistry) -> list[StoredPublication]:
    return [p for p in await registry.listed(limit=1_000) if p.subscriber == "e2e"]


async def until_completed(registry: SqlPublicationRegistry, count: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        statuses = Counter(p.status for p in await publications(registry))
        if statuses == Counter({"completed": count}):
            return
        await asyncio.sleep(0.05)
    pytest.fail(f"not all {count} delivered within {seconds} s: {statuses}")
