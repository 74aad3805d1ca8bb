"""Comments on an article: post, list in creation order, delete by their author only."""

import pytest
from httpx import AsyncClient

from tests.support.api import errors_of, register
from tests.support.comments import TIMESTAMP, a_comment, an_article, comments_on

NOT_FOUND_ARTICLE = {"article": ["not found"]}
NOT_FOUND_COMMENT = {"comment": ["not found"]}


async def test_posting_a_comment_returns_201_with_the_comment(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    slug = await an_article(client, jake)

    response = await client.post(
        f"/api/articles/{slug}/comments",
        json={"comment": {"body": "Thank you so much!"}},
        headers=jake.headers,
    )

    assert response.status_code == 201
    comment = response.json()["comment"]
    assert set(response.json()) == {"comment"}
    assert set(comment) == {"id", "createdAt", "updatedAt", "body", "author"}
    assert type(comment["id"]) is int
    assert comment["body"] == "Thank you so much!"
    assert TIMESTAMP.match(comment["createdAt"]), comment["createdAt"]
    assert TIMESTAMP.match(comment["updatedAt"]), comment["updatedAt"]
    assert comment["author"] == {"username": "jake", "bio": None, "image": None, "following": False}


@pytest.mark.parametrize("body", ["", "   ", None, "<missing>"])
async def test_a_blank_or_missing_body_is_422_cant_be_blank(
    client: AsyncClient, body: str | None
) -> None:
    jake = await register(client, "jake")
    slug = await an_article(client, jake)
    comment = {} if body == "<missing>" else {"body": body}

    response = await client.post(
        f"/api/articles/{slug}/comments", json={"comment": comment}, headers=jake.headers
    )

    assert response.status_code == 422
    assert errors_of(response) == {"body": ["can't be blank"]}


@pytest.mark.parametrize("payload", [{}, {"body": "no wrapper"}, {"comment": "x"}])
async def test_a_missing_or_wrong_comment_wrapper_is_422_on_comment(
    client: AsyncClient, payload: object
) -> None:
    jake = await register(client, "jake")
    slug = await an_article(client, jake)

    response = await client.post(
        f"/api/articles/{slug}/comments", json=payload, headers=jake.headers
    )

    assert response.status_code == 422
    assert list(errors_of(response)) == ["comment"]


@pytest.mark.parametrize("payload", [{"comment": {"body": "hi"}}, {}])
@pytest.mark.parametrize("known_slug", [True, False], ids=["known-slug", "unknown-slug"])
async def test_commenting_without_a_token_is_401_before_lookup_and_validation(
    client: AsyncClient, payload: object, known_slug: bool
) -> None:
    jake = await register(client, "jake")
    slug = await an_article(client, jake) if known_slug else "no-such-article"

    response = await client.post(f"/api/articles/{slug}/comments", json=payload)

    assert response.status_code == 401
    assert errors_of(response) == {"token": ["is missing"]}


async def test_comments_are_listed_in_ascending_creation_order(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    jane = await register(client, "jane")
    slug = await an_article(client, jake)
    posted = [
        await a_comment(client, jake, slug, "first"),
        await a_comment(client, jane, slug, "second"),
        await a_comment(client, jake, slug, "third"),
    ]

    response = await client.get(f"/api/articles/{slug}/comments")

    assert response.status_code == 200
    assert response.json() == {"comments": posted}
    assert [c["id"] for c in posted] == sorted({c["id"] for c in posted})


async def test_only_the_articles_own_comments_are_listed(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    dragons = await an_article(client, jake, "Dragons")
    unicorns = await an_article(client, jake, "Unicorns")
    mine = await a_comment(client, jake, dragons, "about dragons")

    response = await client.get(f"/api/articles/{dragons}/comments")
    none = await client.get(f"/api/articles/{unicorns}/comments")

    assert (response.status_code, none.status_code) == (200, 200)
    assert response.json() == {"comments": [mine]}
    assert none.json() == {"comments": []}


@pytest.mark.parametrize("method", ["POST", "GET"])
async def test_comments_of_an_unknown_article_are_404(client: AsyncClient, method: str) -> None:
    jake = await register(client, "jake")

    response = await client.request(
        method,
        "/api/articles/no-such-article/comments",
        json={"comment": {"body": "hi"}} if method == "POST" else None,
        headers=jake.headers,
    )

    assert response.status_code == 404
    assert errors_of(response) == NOT_FOUND_ARTICLE


async def test_the_comment_authors_following_flag_reflects_the_caller(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    jane = await register(client, "jane")
    slug = await an_article(client, jake)
    await a_comment(client, jake, slug)
    follow = await client.post("/api/profiles/jake/follow", headers=jane.headers)
    assert follow.status_code == 200, follow.text

    as_jane = await client.get(f"/api/articles/{slug}/comments", headers=jane.headers)
    anonymous = await client.get(f"/api/articles/{slug}/comments")

    assert (as_jane.status_code, anonymous.status_code) == (200, 200)
    assert as_jane.json()["comments"][0]["author"]["following"] is True
    assert anonymous.json()["comments"][0]["author"]["following"] is False


async def test_renaming_the_author_shows_at_once_in_the_comments(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    slug = await an_article(client, jake)
    await a_comment(client, jake, slug)
    rename = await client.put(
        "/api/user", json={"user": {"username": "jacob", "bio": "new bio"}}, headers=jake.headers
    )
    assert rename.status_code == 200, rename.text

    response = await client.get(f"/api/articles/{slug}/comments")

    assert response.status_code == 200
    author = response.json()["comments"][0]["author"]
    assert author == {"username": "jacob", "bio": "new bio", "image": None, "following": False}


async def test_the_author_deletes_a_comment_with_204_and_it_is_gone(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    slug = await an_article(client, jake)
    doomed = await a_comment(client, jake, slug, "doomed")
    kept = await a_comment(client, jake, slug, "kept")

    response = await client.delete(
        f"/api/articles/{slug}/comments/{doomed['id']}", headers=jake.headers
    )

    assert response.status_code == 204
    assert response.content == b""
    assert await comments_on(client, slug) == [kept]
    again = await client.delete(
        f"/api/articles/{slug}/comments/{doomed['id']}", headers=jake.headers
    )
    assert again.status_code == 404
    assert errors_of(again) == NOT_FOUND_COMMENT


@pytest.mark.parametrize("where", ["existing", "unknown-article", "unknown-comment"])
async def test_deleting_without_a_token_is_401_first(client: AsyncClient, where: str) -> None:
    jake = await register(client, "jake")
    slug = await an_article(client, jake)
    comment_id = (await a_comment(client, jake, slug))["id"]
    path = {
        "existing": f"/api/articles/{slug}/comments/{comment_id}",
        "unknown-article": f"/api/articles/no-such-article/comments/{comment_id}",
        "unknown-comment": f"/api/articles/{slug}/comments/{comment_id + 1000}",
    }[where]

    response = await client.delete(path)

    assert response.status_code == 401
    assert errors_of(response) == {"token": ["is missing"]}
    assert len(await comments_on(client, slug)) == 1


async def test_deleting_on_an_unknown_article_is_404_article(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    slug = await an_article(client, jake)
    comment_id = (await a_comment(client, jake, slug))["id"]

    response = await client.delete(
        f"/api/articles/no-such-article/comments/{comment_id}", headers=jake.headers
    )

    assert response.status_code == 404
    assert errors_of(response) == NOT_FOUND_ARTICLE


@pytest.mark.parametrize("target", ["next", "0", "-1", "99999999999999999999"])
async def test_deleting_a_comment_that_does_not_exist_is_404_comment(
    client: AsyncClient, target: str
) -> None:
    jake = await register(client, "jake")
    slug = await an_article(client, jake)
    comment_id = (await a_comment(client, jake, slug))["id"]
    target = str(comment_id + 1000) if target == "next" else target

    response = await client.delete(f"/api/articles/{slug}/comments/{target}", headers=jake.headers)

    # A number too big for the column may be refused as an invalid id instead; never a 500.
    huge = len(target) > 18 and response.status_code == 422
    assert response.status_code == (422 if huge else 404), response.text
    assert errors_of(response) == ({"id": errors_of(response)["id"]} if huge else NOT_FOUND_COMMENT)


async def test_deleting_a_comment_through_another_article_is_404_comment(
    client: AsyncClient,
) -> None:
    jake = await register(client, "jake")
    dragons = await an_article(client, jake, "Dragons")
    unicorns = await an_article(client, jake, "Unicorns")
    comment = await a_comment(client, jake, dragons)

    response = await client.delete(
        f"/api/articles/{unicorns}/comments/{comment['id']}", headers=jake.headers
    )

    assert response.status_code == 404
    assert errors_of(response) == NOT_FOUND_COMMENT
    assert await comments_on(client, dragons) == [comment]


@pytest.mark.parametrize("caller", ["stranger", "article-author"])
async def test_only_the_comment_author_may_delete_it(client: AsyncClient, caller: str) -> None:
    jake = await register(client, "jake")
    jane = await register(client, "jane")
    bob = await register(client, "bob")
    slug = await an_article(client, jake)
    comment = await a_comment(client, jane, slug)
    intruder = {"stranger": bob, "article-author": jake}[caller]

    response = await client.delete(
        f"/api/articles/{slug}/comments/{comment['id']}", headers=intruder.headers
    )

    assert response.status_code == 403
    assert errors_of(response) == {"comment": ["forbidden"]}
    assert await comments_on(client, slug) == [comment]


async def test_a_non_integer_comment_id_is_422_on_id(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    slug = await an_article(client, jake)

    response = await client.delete(f"/api/articles/{slug}/comments/abc", headers=jake.headers)

    assert response.status_code == 422
    assert list(errors_of(response)) == ["id"]


async def test_deleting_the_article_takes_its_comments_with_it(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    slug = await an_article(client, jake)
    await a_comment(client, jake, slug)

    deleted = await client.delete(f"/api/articles/{slug}", headers=jake.headers)
    response = await client.get(f"/api/articles/{slug}/comments")

    assert deleted.status_code == 204
    assert response.status_code == 404
    assert errors_of(response) == NOT_FOUND_ARTICLE


async def test_a_deleted_comments_id_is_never_given_to_the_next_one(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    slug = await an_article(client, jake)
    first = await a_comment(client, jake, slug, "first")
    deleted = await client.delete(
        f"/api/articles/{slug}/comments/{first['id']}", headers=jake.headers
    )
    assert deleted.status_code == 204

    second = await a_comment(client, jake, slug, "second")
    retried = await client.delete(
        f"/api/articles/{slug}/comments/{first['id']}", headers=jake.headers
    )

    assert second["id"] > first["id"]
    assert retried.status_code == 404
    assert errors_of(retried) == NOT_FOUND_COMMENT
    assert [c["body"] for c in await comments_on(client, slug)] == ["second"]
