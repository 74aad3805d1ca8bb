"""The FavoriteRepository contract, held by the in-memory fake and the SQL adapter alike."""

import pytest

from domain.shared.errors import NotFound
from tests.contract.articles.rows import Rows
from tests.contract.implementation import Implementation


@pytest.fixture
def rows(implementation: Implementation) -> Rows:
    return Rows.of(implementation)


@pytest.fixture
async def fan_and_article(rows: Rows) -> tuple[int, int]:
    """A user and someone else's stored article."""
    author = await rows.user("jake")
    fan = await rows.user("jane")
    article = await rows.article(author)
    assert article.id is not None
    return fan, article.id


async def test_favoriting_records_the_fan(rows: Rows, fan_and_article: tuple[int, int]) -> None:
    fan, article_id = fan_and_article

    await rows.favorites().add(fan, article_id)

    assert await rows.fans_of(article_id) == {fan}


async def test_favoriting_twice_is_not_an_error_and_only_the_first_is_new(
    rows: Rows, fan_and_article: tuple[int, int]
) -> None:
    fan, article_id = fan_and_article
    favorites = rows.favorites()

    assert await favorites.add(fan, article_id) is True
    assert await favorites.add(fan, article_id) is False

    assert await rows.fans_of(article_id) == {fan}


async def test_unfavoriting_forgets_only_that_fan(
    rows: Rows, fan_and_article: tuple[int, int]
) -> None:
    fan, article_id = fan_and_article
    other = await rows.user("joe")
    favorites = rows.favorites()
    await favorites.add(fan, article_id)
    await favorites.add(other, article_id)

    await favorites.remove(fan, article_id)

    assert await rows.fans_of(article_id) == {other}


async def test_unfavoriting_what_is_not_favorited_is_not_an_error(
    rows: Rows, fan_and_article: tuple[int, int]
) -> None:
    fan, article_id = fan_and_article
    favorites = rows.favorites()
    await favorites.add(fan, article_id)

    await favorites.remove(fan, article_id)
    await favorites.remove(fan, article_id)

    assert await rows.fans_of(article_id) == set()


async def test_favoriting_a_missing_article_raises_not_found(
    rows: Rows, fan_and_article: tuple[int, int]
) -> None:
    fan, article_id = fan_and_article

    with pytest.raises(NotFound) as raised:
        await rows.favorites().add(fan, article_id + 1000)

    assert raised.value.resource == "article"
