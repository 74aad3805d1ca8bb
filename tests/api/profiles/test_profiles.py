"""GET /api/profiles/{username} and POST/DELETE /api/profiles/{username}/follow."""

import pytest
from httpx import AsyncClient

from tests.support.api import errors_of, register
from tests.support.articles import PROFILE_KEYS, follow, unfollow, update_user


def _profile(username: str, *, following: bool, bio: str | None = None) -> dict[str, object]:
    return {"profile": {"username": username, "bio": bio, "image": None, "following": following}}


async def test_a_profile_without_a_token_is_not_followed(client: AsyncClient) -> None:
    await register(client, "jake")

    response = await client.get("/api/profiles/jake")

    assert response.status_code == 200
    assert response.json() == _profile("jake", following=False)


async def test_a_profile_has_exactly_username_bio_image_and_following(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    await update_user(client, jake, bio="I work at statefarm", image="https://i.example/j.png")

    response = await client.get("/api/profiles/jake")

    assert response.status_code == 200
    profile = response.json()["profile"]
    assert set(profile) == PROFILE_KEYS
    assert profile == {
        "username": "jake",
        "bio": "I work at statefarm",
        "image": "https://i.example/j.png",
        "following": False,
    }


async def test_following_reflects_the_caller(client: AsyncClient) -> None:
    await register(client, "jake")
    jane = await register(client, "jane")
    bob = await register(client, "bob")
    await follow(client, jane, "jake")

    as_jane = await client.get("/api/profiles/jake", headers=jane.headers)
    as_bob = await client.get("/api/profiles/jake", headers=bob.headers)
    anonymous = await client.get("/api/profiles/jake")

    assert (as_jane.status_code, as_bob.status_code, anonymous.status_code) == (200, 200, 200)
    assert as_jane.json() == _profile("jake", following=True)
    assert as_bob.json() == _profile("jake", following=False)
    assert anonymous.json() == _profile("jake", following=False)


async def test_your_own_profile_is_not_followed(client: AsyncClient) -> None:
    jake = await register(client, "jake")

    response = await client.get("/api/profiles/jake", headers=jake.headers)

    assert response.status_code == 200
    assert response.json() == _profile("jake", following=False)


@pytest.mark.parametrize("with_token", [False, True], ids=["anonymous", "with-token"])
async def test_an_unknown_profile_is_404(client: AsyncClient, with_token: bool) -> None:
    jake = await register(client, "jake")

    response = await client.get("/api/profiles/nobody", headers=jake.headers if with_token else {})

    assert response.status_code == 404
    assert errors_of(response) == {"profile": ["not found"]}


async def test_an_invalid_token_on_a_profile_read_is_401_invalid(client: AsyncClient) -> None:
    await register(client, "jake")

    response = await client.get("/api/profiles/jake", headers={"Authorization": "Token garbage"})

    assert response.status_code == 401
    assert errors_of(response) == {"token": ["is invalid"]}


async def test_following_returns_the_profile_with_following_true(client: AsyncClient) -> None:
    await register(client, "jake")
    jane = await register(client, "jane")

    response = await client.post("/api/profiles/jake/follow", headers=jane.headers)

    assert response.status_code == 200
    assert response.json() == _profile("jake", following=True)
    again = await client.get("/api/profiles/jake", headers=jane.headers)
    assert again.json() == _profile("jake", following=True)


async def test_following_twice_in_a_row_is_200_and_still_following(client: AsyncClient) -> None:
    await register(client, "jake")
    jane = await register(client, "jane")
    await follow(client, jane, "jake")

    response = await client.post("/api/profiles/jake/follow", headers=jane.headers)

    assert response.status_code == 200
    assert response.json() == _profile("jake", following=True)


async def test_one_unfollow_undoes_a_double_follow(client: AsyncClient) -> None:
    await register(client, "jake")
    jane = await register(client, "jane")
    await follow(client, jane, "jake")
    await follow(client, jane, "jake")

    await unfollow(client, jane, "jake")

    response = await client.get("/api/profiles/jake", headers=jane.headers)
    assert response.status_code == 200
    assert response.json() == _profile("jake", following=False)


@pytest.mark.parametrize(
    "body",
    [b'{"user":{"email":"x"}}', b"{}", b"not json at all"],
    ids=["user-object", "empty-object", "garbage"],
)
async def test_the_follow_body_is_ignored(client: AsyncClient, body: bytes) -> None:
    await register(client, "jake")
    jane = await register(client, "jane")

    response = await client.post(
        "/api/profiles/jake/follow",
        content=body,
        headers={**jane.headers, "Content-Type": "application/json"},
    )

    assert response.status_code == 200
    assert response.json() == _profile("jake", following=True)


async def test_unfollowing_returns_the_profile_with_following_false(client: AsyncClient) -> None:
    await register(client, "jake")
    jane = await register(client, "jane")
    await follow(client, jane, "jake")

    response = await client.delete("/api/profiles/jake/follow", headers=jane.headers)

    assert response.status_code == 200
    assert response.json() == _profile("jake", following=False)
    again = await client.get("/api/profiles/jake", headers=jane.headers)
    assert again.json() == _profile("jake", following=False)


async def test_unfollowing_twice_or_when_not_following_is_200_not_following(
    client: AsyncClient,
) -> None:
    await register(client, "jake")
    jane = await register(client, "jane")

    first = await client.delete("/api/profiles/jake/follow", headers=jane.headers)
    second = await client.delete("/api/profiles/jake/follow", headers=jane.headers)

    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json() == second.json() == _profile("jake", following=False)


async def test_following_only_affects_the_follower(client: AsyncClient) -> None:
    await register(client, "jake")
    jane = await register(client, "jane")
    bob = await register(client, "bob")
    await follow(client, jane, "jake")
    await follow(client, bob, "jake")

    await unfollow(client, bob, "jake")

    response = await client.get("/api/profiles/jake", headers=jane.headers)
    assert response.status_code == 200
    assert response.json() == _profile("jake", following=True)


@pytest.mark.parametrize("method", ["POST", "DELETE"])
@pytest.mark.parametrize("username", ["jake", "nobody"])
async def test_follow_and_unfollow_without_a_token_are_401_missing(
    client: AsyncClient, method: str, username: str
) -> None:
    await register(client, "jake")

    response = await client.request(method, f"/api/profiles/{username}/follow")

    assert response.status_code == 401
    assert errors_of(response) == {"token": ["is missing"]}


@pytest.mark.parametrize("method", ["POST", "DELETE"])
async def test_following_or_unfollowing_an_unknown_user_is_404(
    client: AsyncClient, method: str
) -> None:
    jane = await register(client, "jane")

    response = await client.request(method, "/api/profiles/nobody/follow", headers=jane.headers)

    assert response.status_code == 404
    assert errors_of(response) == {"profile": ["not found"]}


async def test_following_yourself_is_422(client: AsyncClient) -> None:
    jake = await register(client, "jake")

    response = await client.post("/api/profiles/jake/follow", headers=jake.headers)

    assert response.status_code == 422
    assert errors_of(response) == {"profile": ["cannot follow yourself"]}
    profile = await client.get("/api/profiles/jake", headers=jake.headers)
    assert profile.json() == _profile("jake", following=False)


async def test_a_renamed_user_is_found_under_the_new_name_only(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    jane = await register(client, "jane")
    await follow(client, jane, "jake")

    await update_user(client, jake, username="jacob", bio="renamed")

    new = await client.get("/api/profiles/jacob", headers=jane.headers)
    old = await client.get("/api/profiles/jake", headers=jane.headers)
    assert new.status_code == 200
    assert new.json() == _profile("jacob", following=True, bio="renamed")
    assert old.status_code == 404
    assert errors_of(old) == {"profile": ["not found"]}
