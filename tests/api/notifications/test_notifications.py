"""Two users act through the API and the right notifications appear: never of one's own
actions, newest first, marked read all at once or up to an id."""

from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy import text

from tests.support.api import errors_of, register
from tests.support.comments import TIMESTAMP, a_comment, an_article
from tests.support.databases import MigratedDatabase
from tests.support.notifications import notifications_of, notified, summary

pytestmark = pytest.mark.usefixtures("dispatching")


async def followed_by(client: AsyncClient, *names: str) -> None:
    """Each of `names` registers and follows jake, in this order."""
    for name in names:
        follower = await register(client, name)
        await client.post("/api/profiles/jake/follow", headers=follower.headers)


async def test_followers_hear_of_articles_authors_of_favorites_and_comments_users_of_follows(
    client: AsyncClient,
) -> None:
    jake, jane = await register(client, "jake"), await register(client, "jane")
    await client.post("/api/profiles/jake/follow", headers=jane.headers)
    slug = await an_article(client, jake, "Dragons")
    await client.post(f"/api/articles/{slug}/favorite", headers=jane.headers)
    comment = await a_comment(client, jane, slug)

    to_jake = await notified(client, jake, 3)
    to_jane = await notified(client, jane, 1)

    assert [summary(n) for n in to_jake] == [
        ("commentAdded", "jane", "Dragons"),
        ("articleFavorited", "jane", "Dragons"),
        ("userFollowed", "jane", None),
    ]
    assert to_jake[0]["commentId"] == comment["id"]
    assert to_jake[0]["article"] == {"slug": slug, "title": "Dragons"}
    assert [summary(n) for n in to_jane] == [("articlePublished", "jake", "Dragons")]
    assert to_jane[0]["actor"] == {
        "username": "jake",
        "bio": None,
        "image": None,
        "following": True,
    }
    assert to_jane[0]["read"] is False
    assert TIMESTAMP.match(to_jane[0]["createdAt"])


async def test_nobody_is_notified_of_their_own_actions_nor_of_repeats(
    client: AsyncClient,
) -> None:
    jake, jane = await register(client, "jake"), await register(client, "jane")
    slug = await an_article(client, jake)
    await client.post(f"/api/articles/{slug}/favorite", headers=jake.headers)
    await a_comment(client, jake, slug)
    for _ in range(2):  # following or favoriting again is no news
        await client.post("/api/profiles/jake/follow", headers=jane.headers)
        await client.post(f"/api/articles/{slug}/favorite", headers=jane.headers)
    await an_article(client, jane, "By jane")  # jake does not follow jane

    assert [summary(n)[0] for n in await notified(client, jake, 2)] == [
        "articleFavorited",
        "userFollowed",
    ]
    assert await notified(client, jane, 0) == []


async def test_a_page_at_a_time_newest_first_with_the_counts(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    await followed_by(client, "a1", "a2", "a3", "a4", "a5")
    everything = await notified(client, jake, 5)

    body = await notifications_of(client, jake, "?limit=2&offset=1")
    beyond = await notifications_of(client, jake, "?offset=10")

    assert [summary(n)[1] for n in everything] == ["a5", "a4", "a3", "a2", "a1"]
    assert body == {
        "notifications": everything[1:3],
        "notificationsCount": 5,
        "unreadCount": 5,
    }
    assert beyond == {"notifications": [], "notificationsCount": 5, "unreadCount": 5}


async def test_marking_read_up_to_an_id_then_all(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    await followed_by(client, "a1", "a2", "a3")
    newest, middle, _oldest = [n["id"] for n in await notified(client, jake, 3)]

    up_to = await client.post(
        "/api/notifications/read", json={"notifications": {"upTo": middle}}, headers=jake.headers
    )
    after_up_to = await notifications_of(client, jake)
    everything = await client.post("/api/notifications/read", headers=jake.headers)

    assert (up_to.status_code, up_to.json()) == (200, {"unreadCount": 1})
    assert after_up_to["notifications"][0]["id"] == newest
    assert [n["read"] for n in after_up_to["notifications"]] == [False, True, True]
    assert after_up_to["unreadCount"] == 1
    assert (everything.status_code, everything.json()) == (200, {"unreadCount": 0})
    assert (await notifications_of(client, jake))["unreadCount"] == 0


async def test_marking_read_touches_only_the_callers_notifications(client: AsyncClient) -> None:
    jake, jane = await register(client, "jake"), await register(client, "jane")
    await client.post("/api/profiles/jake/follow", headers=jane.headers)
    await client.post("/api/profiles/jane/follow", headers=jake.headers)
    await notified(client, jake, 1)
    await notified(client, jane, 1)

    response = await client.post("/api/notifications/read", json={}, headers=jake.headers)

    assert response.json() == {"unreadCount": 0}
    assert (await notifications_of(client, jane))["unreadCount"] == 1


async def test_a_deleted_article_leaves_its_title_and_no_slug(client: AsyncClient) -> None:
    jake, jane = await register(client, "jake"), await register(client, "jane")
    slug = await an_article(client, jake, "Gone soon")
    await client.post(f"/api/articles/{slug}/favorite", headers=jane.headers)
    await a_comment(client, jane, slug)
    await notified(client, jake, 2)

    assert (await client.delete(f"/api/articles/{slug}", headers=jake.headers)).status_code == 204

    shown = await notified(client, jake, 2)
    assert [n["article"] for n in shown] == [{"slug": None, "title": "Gone soon"}] * 2


async def test_an_actor_whose_account_is_gone_shows_as_null(
    client: AsyncClient, clean_database: MigratedDatabase
) -> None:
    jake, jane = await register(client, "jake"), await register(client, "jane")
    await client.post("/api/profiles/jake/follow", headers=jane.headers)
    await client.delete("/api/profiles/jake/follow", headers=jane.headers)
    await notified(client, jake, 1)
    async with clean_database.engine.begin() as connection:  # no API deletes an account
        await connection.execute(text("DELETE FROM users WHERE username = 'jane'"))

    [shown] = await notified(client, jake, 1)

    assert summary(shown) == ("userFollowed", None, None)


@pytest.mark.parametrize(
    ("method", "path"), [("GET", "/api/notifications"), ("POST", "/api/notifications/read")]
)
async def test_a_token_is_needed(client: AsyncClient, method: str, path: str) -> None:
    missing = await client.request(method, path)
    invalid = await client.request(method, path, headers={"Authorization": "Token nonsense"})

    assert missing.status_code == 401
    assert errors_of(missing) == {"token": ["is missing"]}
    assert invalid.status_code == 401
    assert "token" in errors_of(invalid)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?limit=0", "limit"),
        ("?limit=101", "limit"),
        ("?offset=-1", "offset"),
        ("?limit=x", "limit"),
    ],
)
async def test_a_bad_page_is_422(client: AsyncClient, query: str, field: str) -> None:
    jake = await register(client, "jake")

    response = await client.get(f"/api/notifications{query}", headers=jake.headers)

    assert response.status_code == 422
    assert field in errors_of(response)


@pytest.mark.parametrize(
    "body",
    [
        {"notifications": {"upTo": 0}},
        {"notifications": {"upTo": "many"}},
        {"notifications": {"upTo": "5"}},
        {"notifications": {"upTo": True}},
        {"notifications": {"upTo": 2.5}},
        {"notifications": {}},
        {"notifications": []},
        [],
        "read",
    ],
    ids=str,
)
async def test_a_bad_mark_read_body_is_422_and_marks_nothing(
    client: AsyncClient, body: Any
) -> None:
    jake, jane = await register(client, "jake"), await register(client, "jane")
    await client.post("/api/profiles/jake/follow", headers=jane.headers)
    await notified(client, jake, 1)

    response = await client.post("/api/notifications/read", json=body, headers=jake.headers)

    assert response.status_code == 422, response.text
    assert errors_of(response)
    assert (await notifications_of(client, jake))["unreadCount"] == 1


async def test_an_id_beyond_any_marks_everything_read(client: AsyncClient) -> None:
    jake, jane = await register(client, "jake"), await register(client, "jane")
    await client.post("/api/profiles/jake/follow", headers=jane.headers)
    await notified(client, jake, 1)

    response = await client.post(
        "/api/notifications/read", json={"notifications": {"upTo": 2**63}}, headers=jake.headers
    )

    assert (response.status_code, response.json()) == (200, {"unreadCount": 0})
