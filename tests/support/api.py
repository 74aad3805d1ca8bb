"""Small helpers that drive the API the way a client would."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from httpx import ASGITransport, AsyncClient, Response

from entrypoints.composition.app import create_app
from entrypoints.composition.container import ApplicationContainer, build_container, release
from entrypoints.settings import Settings

PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class Account:
    username: str
    email: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Token {self.token}"}


@asynccontextmanager
async def app_client(settings: Settings) -> AsyncIterator[tuple[AsyncClient, ApplicationContainer]]:
    """An in-process client of an app built from `settings`, and its container (released
    afterwards)."""
    container = build_container(settings)
    app = create_app(settings, container)
    try:
        async with AsyncClient(
            transport=ASGITransport(app=app), base_url="http://conduit.test"
        ) as http:
            yield http, container
    finally:
        await release(container)


async def register(client: AsyncClient, username: str, password: str = PASSWORD) -> Account:
    response = await client.post(
        "/api/users",
        json={
            "user": {"username": username, "email": f"{username}@example.com", "password": password}
        },
    )
    assert response.status_code == 201, response.text
    user = response.json()["user"]
    return Account(user["username"], user["email"], user["token"])


def errors_of(response: Response) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"errors"}, body
    errors: dict[str, Any] = body["errors"]
    return errors
