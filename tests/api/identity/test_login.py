"""POST /api/users/login: credentials in, token out, one answer for every wrong guess."""

import pytest
from httpx import AsyncClient

from tests.support.api import PASSWORD, errors_of, register


async def test_logging_in_returns_the_user_with_a_token(client: AsyncClient) -> None:
    await register(client, "jake")

    response = await client.post(
        "/api/users/login", json={"user": {"email": "jake@example.com", "password": PASSWORD}}
    )

    assert response.status_code == 200
    user = response.json()["user"]
    assert user["username"] == "jake"
    me = await client.get("/api/user", headers={"Authorization": f"Token {user['token']}"})
    assert me.status_code == 200


async def test_the_email_is_matched_without_regard_to_case(client: AsyncClient) -> None:
    await register(client, "jake")

    response = await client.post(
        "/api/users/login", json={"user": {"email": "Jake@Example.COM", "password": PASSWORD}}
    )

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("email", "password"),
    [("jake@example.com", "wrong password"), ("nobody@example.com", PASSWORD)],
)
async def test_a_wrong_password_and_an_unknown_email_answer_alike(
    client: AsyncClient, email: str, password: str
) -> None:
    await register(client, "jake")

    response = await client.post(
        "/api/users/login", json={"user": {"email": email, "password": password}}
    )

    assert response.status_code == 401
    assert errors_of(response) == {"credentials": ["invalid"]}


@pytest.mark.parametrize("field", ["email", "password"])
async def test_a_blank_field_is_422(client: AsyncClient, field: str) -> None:
    user = {"email": "jake@example.com", "password": PASSWORD, field: ""}

    response = await client.post("/api/users/login", json={"user": user})

    assert response.status_code == 422
    assert errors_of(response) == {field: ["can't be blank"]}
