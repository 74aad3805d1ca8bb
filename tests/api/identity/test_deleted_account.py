"""A token outlives its account: once the user is gone, every operation needing a caller is 401."""

from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy import text

from tests.support.api import Account, errors_of, register
from tests.support.comments import a_comment, an_article
from tests.support.databases import MigratedDatabase


def operations_needing_a_token(app: Any) -> list[tuple[str, str]]:
    """(method, path) of every operation whose only security is the token: from the app."""
    operations = []
    for path, methods in app.openapi()["paths"].items():
        for method, operation in methods.items():
            security = operation.get("security") or [{}]
            if {} not in security:
                operations.append((method.upper(), path))
    return operations


async def _delete_account(database: MigratedDatabase, username: str) -> None:
    """What an operator would do: the API itself has no way to delete an account."""
    async with database.engine.begin() as connection:
        await connection.execute(
            text("DELETE FROM users WHERE username = :username"), {"username": username}
        )


@pytest.fixture
async def ghost(client: AsyncClient, clean_database: MigratedDatabase) -> Account:
    """A signed-in user whose account was deleted afterwards; their token still verifies."""
    account = await register(client, "ghost")
    assert (await client.get("/api/user", headers=account.headers)).status_code == 200
    await _delete_account(clean_database, "ghost")
    return account


async def test_every_operation_needing_a_token_refuses_a_deleted_users_token(
    client: AsyncClient, app_and_container: Any, ghost: Account
) -> None:
    jane = await register(client, "jane")
    slug = await an_article(client, jane)
    comment = await a_comment(client, jane, slug)
    values = {"{slug}": slug, "{username}": "jane", "{id}": str(comment["id"])}
    operations = operations_needing_a_token(app_and_container[0])
    assert {("GET", "/api/articles/feed"), ("DELETE", "/api/profiles/{username}/follow")} <= set(
        operations
    )

    for method, template in operations:
        path = template
        for name, value in values.items():
            path = path.replace(name, value)
        # No body: the token is checked before the body, so this is all it takes.
        response = await client.request(method, path, headers=ghost.headers)

        assert response.status_code == 401, (method, path, response.text)
        assert errors_of(response) == {"token": ["is invalid"]}
    assert (await client.get(f"/api/articles/{slug}/comments")).json()["comments"] == [comment]


async def test_a_deleted_users_token_does_not_pass_for_the_next_user(
    client: AsyncClient, ghost: Account
) -> None:
    newcomer = await register(client, "newcomer")

    response = await client.get("/api/user", headers=ghost.headers)

    assert response.status_code == 401
    assert errors_of(response) == {"token": ["is invalid"]}
    assert (await client.get("/api/user", headers=newcomer.headers)).status_code == 200
