"""GET and PUT /api/user: the caller's own account."""

from datetime import UTC, datetime, timedelta

import jwt
import pytest
from httpx import AsyncClient, Response

from tests.conftest import TEST_SECRET
from tests.support.api import PASSWORD, Account, errors_of, register


async def test_the_current_user_comes_back_with_the_token_sent(client: AsyncClient) -> None:
    jake = await register(client, "jake")

    response = await client.get("/api/user", headers=jake.headers)

    assert response.status_code == 200
    assert response.json() == {
        "user": {
            "email": "jake@example.com",
            "token": jake.token,
            "username": "jake",
            "bio": None,
            "image": None,
        }
    }


@pytest.mark.parametrize(("method", "body"), [("GET", None), ("PUT", {"user": {"bio": "x"}})])
async def test_without_a_token_it_is_401_missing(
    client: AsyncClient, method: str, body: object
) -> None:
    response = await client.request(method, "/api/user", json=body)

    assert response.status_code == 401
    assert errors_of(response) == {"token": ["is missing"]}


def _token(
    sub: object,
    *,
    expires_in: timedelta = timedelta(hours=1),
    secret: str = TEST_SECRET,
    **extra: object,
) -> str:
    now = datetime.now(UTC)
    claims = {"sub": sub, "iat": now, "exp": now + expires_in, **extra}
    return jwt.encode(claims, secret, algorithm="HS256")


@pytest.mark.parametrize(
    "header",
    [
        "Token not-a-jwt",
        "Token ",
        "Basic abc",
        "Token " + _token("1", expires_in=timedelta(seconds=-5)),
        "Token " + _token("1", secret="another-secret-another-secret-xx"),
        "Token " + _token("not-a-number"),
        "Token " + _token("99999999999999999999"),
        "Token " + jwt.encode({"sub": "1"}, TEST_SECRET, algorithm="HS256"),
    ],
    ids=[
        "garbage",
        "empty",
        "other-scheme",
        "expired",
        "wrong-key",
        "bad-sub",
        "huge-sub",
        "no-exp",
    ],
)
async def test_a_malformed_tampered_or_expired_token_is_401_invalid(
    client: AsyncClient, header: str
) -> None:
    response = await client.get("/api/user", headers={"Authorization": header})

    assert response.status_code == 401
    assert errors_of(response) == {"token": ["is invalid"]}


async def test_a_tampered_payload_is_401_invalid(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    header, _payload, signature = jake.token.split(".")
    forged_payload = jwt.utils.base64url_encode(b'{"sub":"2","iat":1,"exp":9999999999}').decode()

    response = await client.get(
        "/api/user", headers={"Authorization": f"Token {header}.{forged_payload}.{signature}"}
    )

    assert response.status_code == 401
    assert errors_of(response) == {"token": ["is invalid"]}


async def test_a_valid_token_for_a_user_that_does_not_exist_is_401_invalid(
    client: AsyncClient,
) -> None:
    response = await client.get("/api/user", headers={"Authorization": f"Token {_token('4242')}"})

    assert response.status_code == 401
    assert errors_of(response) == {"token": ["is invalid"]}


async def test_the_bearer_scheme_is_accepted_too(client: AsyncClient) -> None:
    jake = await register(client, "jake")

    response = await client.get("/api/user", headers={"Authorization": f"Bearer {jake.token}"})

    assert response.status_code == 200


async def _update(client: AsyncClient, account: Account, **fields: object) -> Response:
    return await client.put("/api/user", json={"user": fields}, headers=account.headers)


async def test_updating_changes_only_the_given_fields(client: AsyncClient) -> None:
    jake = await register(client, "jake")

    response = await _update(
        client, jake, bio="I like to skateboard", image="https://i.example/j.png"
    )

    assert response.status_code == 200
    user = response.json()["user"]
    assert user["bio"] == "I like to skateboard"
    assert user["image"] == "https://i.example/j.png"
    assert (user["username"], user["email"]) == ("jake", "jake@example.com")
    again = await client.get("/api/user", headers={"Authorization": f"Token {user['token']}"})
    assert again.json()["user"]["bio"] == "I like to skateboard"


@pytest.mark.parametrize("cleared", ["", None])
async def test_an_empty_or_null_bio_or_image_is_stored_as_null(
    client: AsyncClient, cleared: str | None
) -> None:
    jake = await register(client, "jake")
    await _update(client, jake, bio="bio", image="img")

    response = await _update(client, jake, bio=cleared, image=cleared)

    assert response.status_code == 200
    assert (response.json()["user"]["bio"], response.json()["user"]["image"]) == (None, None)


@pytest.mark.parametrize("field", ["email", "username", "password"])
@pytest.mark.parametrize("blank", ["", None])
async def test_blanking_email_username_or_password_is_422(
    client: AsyncClient, field: str, blank: str | None
) -> None:
    jake = await register(client, "jake")

    response = await _update(client, jake, **{field: blank})

    assert response.status_code == 422
    assert errors_of(response) == {field: ["can't be blank"]}


async def test_a_short_new_password_is_422(client: AsyncClient) -> None:
    jake = await register(client, "jake")

    response = await _update(client, jake, password="short")

    assert response.status_code == 422
    assert list(errors_of(response)) == ["password"]


async def test_a_new_password_replaces_the_old_one(client: AsyncClient) -> None:
    jake = await register(client, "jake")

    await _update(client, jake, password="a brand new secret")

    old = await client.post(
        "/api/users/login", json={"user": {"email": jake.email, "password": PASSWORD}}
    )
    new = await client.post(
        "/api/users/login", json={"user": {"email": jake.email, "password": "a brand new secret"}}
    )
    assert (old.status_code, new.status_code) == (401, 200)


async def test_setting_your_own_current_email_and_username_is_fine(client: AsyncClient) -> None:
    jake = await register(client, "jake")

    response = await _update(client, jake, email=jake.email, username=jake.username)

    assert response.status_code == 200


@pytest.mark.parametrize("field", ["email", "username"])
async def test_taking_another_users_email_or_username_is_409(
    client: AsyncClient, field: str
) -> None:
    jake = await register(client, "jake")
    await register(client, "jane")

    response = await _update(
        client, jake, **{field: {"email": "jane@example.com", "username": "jane"}[field]}
    )

    assert response.status_code == 409
    assert errors_of(response) == {field: ["has already been taken"]}


async def test_after_a_rename_the_returned_token_works_and_login_uses_the_new_email(
    client: AsyncClient,
) -> None:
    jake = await register(client, "jake")

    response = await _update(client, jake, username="jacob", email="jacob@example.com")

    token = response.json()["user"]["token"]
    me = await client.get("/api/user", headers={"Authorization": f"Token {token}"})
    assert me.json()["user"]["username"] == "jacob"
    login = await client.post(
        "/api/users/login", json={"user": {"email": "jacob@example.com", "password": PASSWORD}}
    )
    assert login.status_code == 200
