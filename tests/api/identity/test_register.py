"""POST /api/users: registration, its validation and its conflicts."""

import pytest
from httpx import AsyncClient

from tests.support.api import PASSWORD, errors_of, register


async def test_registering_returns_201_with_the_user_and_a_working_token(
    client: AsyncClient,
) -> None:
    response = await client.post(
        "/api/users",
        json={"user": {"username": "jake", "email": "jake@jake.jake", "password": "jakejake"}},
    )

    assert response.status_code == 201
    user = response.json()["user"]
    assert set(user) == {"email", "token", "username", "bio", "image"}
    assert (user["username"], user["email"], user["bio"], user["image"]) == (
        "jake",
        "jake@jake.jake",
        None,
        None,
    )
    me = await client.get("/api/user", headers={"Authorization": f"Token {user['token']}"})
    assert me.json()["user"]["username"] == "jake"


@pytest.mark.parametrize("field", ["username", "email", "password"])
@pytest.mark.parametrize("blank", ["", "   ", None, "<missing>"])
async def test_a_blank_or_missing_field_is_422_cant_be_blank(
    client: AsyncClient, field: str, blank: str | None
) -> None:
    user: dict[str, str | None] = {
        "username": "jake",
        "email": "jake@jake.jake",
        "password": PASSWORD,
    }
    if blank == "<missing>":
        del user[field]
    elif not (field == "password" and blank == "   "):
        user[field] = blank
    else:
        user[field] = ""

    response = await client.post("/api/users", json={"user": user})

    assert response.status_code == 422
    assert errors_of(response) == {field: ["can't be blank"]}


@pytest.mark.parametrize("user", [{}, {"username": "", "email": " ", "password": ""}])
async def test_every_blank_field_is_reported_at_once(
    client: AsyncClient, user: dict[str, str]
) -> None:
    response = await client.post("/api/users", json={"user": user})

    assert response.status_code == 422
    assert errors_of(response) == {
        "username": ["can't be blank"],
        "email": ["can't be blank"],
        "password": ["can't be blank"],
    }


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("1234567", False),
        ("12345678", True),
        ("p" * 64, True),
        ("p" * 256, True),
        ("p" * 257, False),
    ],
)
async def test_passwords_need_8_characters_and_no_composition(
    client: AsyncClient, password: str, accepted: bool
) -> None:
    response = await client.post(
        "/api/users", json={"user": {"username": "jake", "email": "j@j.j", "password": password}}
    )

    assert response.status_code == (201 if accepted else 422)
    if not accepted:
        assert list(errors_of(response)) == ["password"]


@pytest.mark.parametrize("field", ["username", "email"])
async def test_a_taken_username_or_email_is_409(client: AsyncClient, field: str) -> None:
    await register(client, "jake")
    user = {"username": "other", "email": "other@example.com", "password": PASSWORD}
    user[field] = {"username": "jake", "email": "JAKE@example.com"}[field]

    response = await client.post("/api/users", json={"user": user})

    assert response.status_code == 409
    assert errors_of(response) == {field: ["has already been taken"]}


@pytest.mark.parametrize(
    ("username", "problem"),
    [("has space", "may only contain"), ("a/b", "may only contain"), ("u" * 65, "too long")],
)
async def test_usernames_must_fit_in_a_url(
    client: AsyncClient, username: str, problem: str
) -> None:
    response = await client.post(
        "/api/users", json={"user": {"username": username, "email": "a@b.c", "password": PASSWORD}}
    )

    assert response.status_code == 422
    assert problem in errors_of(response)["username"][0]


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ({}, "user"),
        ({"user": "jake"}, "user"),
        ({"user": {"username": 5, "email": "a@b.c", "password": PASSWORD}}, "username"),
        ([], "body"),
    ],
)
async def test_wrong_shapes_are_422_naming_the_offending_field(
    client: AsyncClient, body: object, key: str
) -> None:
    response = await client.post("/api/users", json=body)

    assert response.status_code == 422
    assert key in errors_of(response)


async def test_malformed_json_is_422_in_the_error_shape(client: AsyncClient) -> None:
    response = await client.post(
        "/api/users", content=b'{"user": {', headers={"content-type": "application/json"}
    )

    assert response.status_code == 422
    assert errors_of(response) == {"body": ["is not valid JSON"]}


async def test_invalid_utf8_is_422_in_the_error_shape(client: AsyncClient) -> None:
    response = await client.post(
        "/api/users", content=b'{"user": "\xff\xfe"}', headers={"content-type": "application/json"}
    )

    assert response.status_code == 422
    assert errors_of(response) == {"body": ["is not valid JSON"]}


async def test_an_email_too_long_once_case_folded_is_422_not_a_database_error(
    client: AsyncClient,
) -> None:
    user = {"username": "jake", "email": "ß" * 200 + "@x.io", "password": PASSWORD}

    response = await client.post("/api/users", json={"user": user})

    assert response.status_code == 422
    assert errors_of(response) == {"email": ["is invalid"]}
