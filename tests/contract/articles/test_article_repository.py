"""The ArticleRepository contract, held by the in-memory fake and the SQL adapter alike."""

from dataclasses import replace
from datetime import timedelta

import pytest

from domain.articles.article import ArticleChanges
from domain.articles.repository import ArticleRef, SlugTaken
from domain.shared.errors import NotFound
from tests.contract.articles.rows import NOW, Rows, an_article
from tests.contract.implementation import Implementation

LATER = NOW + timedelta(seconds=1)


@pytest.fixture
def rows(implementation: Implementation) -> Rows:
    return Rows.of(implementation)


@pytest.fixture
async def author(rows: Rows) -> int:
    return await rows.user("jake")


async def test_added_articles_get_an_id_and_read_back_equal(rows: Rows, author: int) -> None:
    article = an_article(author, tags=["training", "Dragons", "angular"])

    stored = await rows.articles.add(article)

    assert stored.id is not None
    assert stored == replace(article, id=stored.id)
    assert stored.tags == ("Dragons", "angular", "training")
    assert await rows.articles.get_by_slug(article.slug) == stored


async def test_ids_are_distinct_and_found_by_slug(rows: Rows, author: int) -> None:
    first = await rows.article(author, "First")
    second = await rows.article(author, "Second")

    assert first.id != second.id
    assert await rows.articles.id_of("first") == first.id
    assert await rows.articles.id_of("second") == second.id
    assert first.id is not None
    assert await rows.articles.ref_of("first") == ArticleRef(first.id, author, "first", "First")


async def test_unknown_slugs_find_nothing(rows: Rows, author: int) -> None:
    await rows.article(author)

    assert await rows.articles.get_by_slug("no-such-article") is None
    assert await rows.articles.id_of("no-such-article") is None
    assert await rows.articles.ref_of("no-such-article") is None
    assert not await rows.articles.slug_taken("no-such-article")


async def test_an_article_without_tags_reads_back_without_tags(rows: Rows, author: int) -> None:
    stored = await rows.article(author, tags=[])

    found = await rows.articles.get_by_slug(stored.slug)

    assert found is not None
    assert found.tags == ()


async def test_adding_a_taken_slug_raises_slug_taken(rows: Rows, author: int) -> None:
    await rows.article(author)

    with pytest.raises(SlugTaken):
        await rows.articles.add(an_article(author))


async def test_slug_taken_can_leave_one_article_out(rows: Rows, author: int) -> None:
    stored = await rows.article(author)
    assert stored.id is not None

    assert await rows.articles.slug_taken(stored.slug)
    assert not await rows.articles.slug_taken(stored.slug, other_than=stored.id)
    assert await rows.articles.slug_taken(stored.slug, other_than=stored.id + 1)


async def test_updates_store_the_changed_fields_tags_and_slug(rows: Rows, author: int) -> None:
    stored = await rows.article(author, tags=["dragons", "training"])
    assert stored.id is not None
    changes = ArticleChanges(title="A new title", body="New body", tags=("cats", "dragons"))
    revised = stored.revised(author, changes, LATER)

    assert await rows.articles.update(revised) == revised

    assert await rows.articles.get_by_slug("a-new-title") == revised
    assert await rows.articles.get_by_slug(stored.slug) is None
    assert await rows.articles.id_of("a-new-title") == stored.id
    assert (revised.description, revised.created_at) == (stored.description, NOW)


async def test_updates_can_clear_the_tags(rows: Rows, author: int) -> None:
    stored = await rows.article(author, tags=["dragons"])

    await rows.articles.update(stored.revised(author, ArticleChanges(tags=()), LATER))

    found = await rows.articles.get_by_slug(stored.slug)
    assert found is not None
    assert found.tags == ()


async def test_updating_into_a_taken_slug_raises_slug_taken(rows: Rows, author: int) -> None:
    first = await rows.article(author, "First")
    second = await rows.article(author, "Second")

    with pytest.raises(SlugTaken):
        await rows.articles.update(replace(second, slug=first.slug))


async def test_updating_an_article_that_is_not_stored_raises_not_found(
    rows: Rows, author: int
) -> None:
    stored = await rows.article(author)
    assert stored.id is not None

    with pytest.raises(NotFound):
        await rows.articles.update(replace(stored, id=stored.id + 1000, slug="elsewhere"))


async def test_removing_an_article_deletes_it_with_its_favorites(rows: Rows, author: int) -> None:
    fan = await rows.user("jane")
    kept = await rows.article(author, "Kept", tags=["dragons"])
    gone = await rows.article(author, "Gone", tags=["dragons"])
    assert kept.id is not None
    assert gone.id is not None
    favorites = rows.favorites()
    await favorites.add(fan, kept.id)
    await favorites.add(fan, gone.id)

    await rows.articles.remove(gone)

    assert await rows.articles.get_by_slug("gone") is None
    assert await rows.articles.id_of("gone") is None
    assert not await rows.articles.slug_taken("gone")
    assert await rows.fans_of(gone.id) == set()
    assert await rows.fans_of(kept.id) == {fan}
    assert await rows.articles.get_by_slug("kept") == kept
