"""POST /api/articles and GET /api/articles/{slug}."""

import pytest
from httpx import AsyncClient

from tests.support.api import errors_of, register
from tests.support.articles import (
    ARTICLE_KEYS,
    BODY,
    DATE,
    DESCRIPTION,
    SLUG,
    TITLE,
    create_article,
    favorite,
    follow,
    get_article,
    list_articles,
    update_user,
)


async def test_creating_returns_201_with_exactly_the_article_fields(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    tags = ["reactjs", "angularjs", "dragons"]
    payload = {"title": TITLE, "description": DESCRIPTION, "body": BODY, "tagList": tags}

    response = await client.post("/api/articles", json={"article": payload}, headers=jake.headers)

    assert response.status_code == 201
    article = response.json()["article"]
    assert set(article) == ARTICLE_KEYS
    assert (article["title"], article["description"], article["body"]) == (TITLE, DESCRIPTION, BODY)
    assert article["tagList"] == ["angularjs", "dragons", "reactjs"]
    assert (article["favorited"], article["favoritesCount"]) == (False, 0)
    assert article["author"] == {"username": "jake", "bio": None, "image": None, "following": False}


async def test_the_taglist_is_optional_and_defaults_to_empty(client: AsyncClient) -> None:
    jake = await register(client, "jake")

    article = await create_article(client, jake)

    assert article["tagList"] == []


async def test_the_taglist_is_sorted_and_deduplicated(client: AsyncClient) -> None:
    jake = await register(client, "jake")

    article = await create_article(client, jake, tags=["zebra", "alpha", "zebra", "mid", "alpha"])

    assert article["tagList"] == ["alpha", "mid", "zebra"]


async def test_the_slug_is_derived_from_the_title(client: AsyncClient) -> None:
    jake = await register(client, "jake")

    article = await create_article(client, jake, "How to train your dragon")

    assert article["slug"].startswith("how-to-train-your-dragon")
    assert SLUG.match(article["slug"])


@pytest.mark.parametrize(
    "title",
    [
        "Hello, World!",
        "  Lots   of   spaces  ",
        "Ünïcödé — tïtle / with 100% ?&# stuff",
        "???",
        "日本語のタイトル",
        "-dashes--everywhere-",
    ],
)
async def test_the_slug_is_url_safe_whatever_the_title(client: AsyncClient, title: str) -> None:
    jake = await register(client, "jake")

    article = await create_article(client, jake, title)

    assert SLUG.match(article["slug"]), article["slug"]
    response = await get_article(client, article["slug"])
    assert response.status_code == 200
    assert response.json()["article"]["title"] == title


async def test_duplicate_titles_are_both_created_with_distinct_slugs(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    jane = await register(client, "jane")

    first = await create_article(client, jake, "Same title")
    second = await create_article(client, jane, "Same title")
    third = await create_article(client, jake, "Same title")

    assert len({first["slug"], second["slug"], third["slug"]}) == 3
    for article in (first, second, third):
        assert SLUG.match(article["slug"])
        response = await get_article(client, article["slug"])
        assert response.json()["article"]["author"] == article["author"]


@pytest.mark.parametrize("field", ["title", "description", "body"])
@pytest.mark.parametrize("blank", ["", "   ", None, "<missing>"])
async def test_a_blank_or_missing_field_is_422_cant_be_blank(
    client: AsyncClient, field: str, blank: str | None
) -> None:
    jake = await register(client, "jake")
    article: dict[str, str | None] = {"title": TITLE, "description": DESCRIPTION, "body": BODY}
    if blank == "<missing>":
        del article[field]
    else:
        article[field] = blank

    response = await client.post("/api/articles", json={"article": article}, headers=jake.headers)

    assert response.status_code == 422
    assert errors_of(response) == {field: ["can't be blank"]}


async def test_every_blank_field_is_reported_at_once(client: AsyncClient) -> None:
    jake = await register(client, "jake")

    response = await client.post("/api/articles", json={"article": {}}, headers=jake.headers)

    assert response.status_code == 422
    assert errors_of(response) == {
        "title": ["can't be blank"],
        "description": ["can't be blank"],
        "body": ["can't be blank"],
    }


@pytest.mark.parametrize("tag_list", ["dragons", {"a": 1}, 42])
async def test_a_taglist_that_is_not_a_list_is_422(client: AsyncClient, tag_list: object) -> None:
    jake = await register(client, "jake")
    article = {"title": TITLE, "description": DESCRIPTION, "body": BODY, "tagList": tag_list}

    response = await client.post("/api/articles", json={"article": article}, headers=jake.headers)

    assert response.status_code == 422
    assert list(errors_of(response)) == ["tagList"]


@pytest.mark.parametrize(
    "content",
    [b"{not json", b'{"title": "no wrapper"}', b'{"article": "not an object"}'],
    ids=["malformed", "no-wrapper", "wrapper-not-object"],
)
async def test_a_malformed_body_is_422_in_the_error_shape(
    client: AsyncClient, content: bytes
) -> None:
    jake = await register(client, "jake")

    response = await client.post(
        "/api/articles",
        content=content,
        headers={**jake.headers, "Content-Type": "application/json"},
    )

    assert response.status_code == 422
    assert errors_of(response)


@pytest.mark.parametrize("content", [b'{"article":{}}', b"{not json"], ids=["blank", "malformed"])
async def test_creating_without_a_token_is_401_before_validation(
    client: AsyncClient, content: bytes
) -> None:
    response = await client.post(
        "/api/articles", content=content, headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 401
    assert errors_of(response) == {"token": ["is missing"]}


async def test_reading_without_a_token_gives_the_article_as_created(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    created = await create_article(client, jake, tags=["dragons"])

    response = await get_article(client, created["slug"])

    assert response.status_code == 200
    assert response.json() == {"article": created}


async def test_reading_with_a_token_reflects_following_and_favorited(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    jane = await register(client, "jane")
    created = await create_article(client, jake)
    await follow(client, jane, "jake")
    await favorite(client, jane, created["slug"])

    as_jane = await get_article(client, created["slug"], jane)
    anonymous = await get_article(client, created["slug"])

    assert (as_jane.status_code, anonymous.status_code) == (200, 200)
    jane_view, anonymous_view = as_jane.json()["article"], anonymous.json()["article"]
    assert (jane_view["favorited"], jane_view["author"]["following"]) == (True, True)
    assert (anonymous_view["favorited"], anonymous_view["author"]["following"]) == (False, False)
    assert jane_view["favoritesCount"] == anonymous_view["favoritesCount"] == 1


@pytest.mark.parametrize("with_token", [False, True], ids=["anonymous", "with-token"])
async def test_an_unknown_slug_is_404(client: AsyncClient, with_token: bool) -> None:
    jake = await register(client, "jake")

    response = await get_article(client, "no-such-article", jake if with_token else None)

    assert response.status_code == 404
    assert errors_of(response) == {"article": ["not found"]}


async def test_dates_are_utc_iso_with_milliseconds_and_stable(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    created = await create_article(client, jake)

    first = await get_article(client, created["slug"])
    second = await get_article(client, created["slug"], jake)
    listed = await list_articles(client)

    assert DATE.match(created["createdAt"]), created["createdAt"]
    assert DATE.match(created["updatedAt"]), created["updatedAt"]
    created_at = {
        created["createdAt"],
        first.json()["article"]["createdAt"],
        second.json()["article"]["createdAt"],
        listed["articles"][0]["createdAt"],
    }
    assert created_at == {created["createdAt"]}
    assert f'"createdAt":"{created["createdAt"]}"' in first.text.replace(" ", "")


async def test_the_author_is_read_fresh_after_a_rename(client: AsyncClient) -> None:
    jake = await register(client, "jake")
    created = await create_article(client, jake)

    await update_user(client, jake, username="jacob", bio="I changed my name")

    response = await get_article(client, created["slug"])
    listed = await list_articles(client)
    expected = {"username": "jacob", "bio": "I changed my name", "image": None, "following": False}
    assert response.status_code == 200
    assert response.json()["article"]["author"] == expected
    assert listed["articles"][0]["author"] == expected
    assert (await list_articles(client, author="jacob"))["articlesCount"] == 1
    assert (await list_articles(client, author="jake"))["articlesCount"] == 0


async def test_an_article_titled_feed_stays_readable(client: AsyncClient) -> None:
    jake = await register(client, "jake")

    created = await client.post(
        "/api/articles",
        json={"article": {"title": "Feed", "description": "d", "body": "b"}},
        headers=jake.headers,
    )

    slug = created.json()["article"]["slug"]
    assert slug != "feed"
    assert (await client.get(f"/api/articles/{slug}")).json()["article"]["title"] == "Feed"
