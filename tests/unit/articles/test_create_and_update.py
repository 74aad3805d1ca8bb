"""CreateArticle and UpdateArticle against in-memory fakes: validation, slugs, authorship."""

import re
from typing import TypedDict, Unpack

import pytest

from adapters.articles.unit_of_work import InMemoryArticlesUnitOfWork
from application.articles.create_article import CreateArticle, CreateArticleCommand
from application.articles.update_article import UpdateArticleCommand
from domain.articles.article import Article
from domain.articles.repository import ArticleRef, ArticleRepository
from domain.shared.errors import Forbidden, InvalidInput, NotFound
from domain.shared.time import RESOLUTION
from tests.unit.articles.in_memory_conduit import Conduit

TITLE = "How to train your dragon"
SLUG = "how-to-train-your-dragon"
SUFFIXED = re.compile(rf"^{SLUG}-[a-z0-9]{{6}}$")


class MissesConcurrentSlugs:
    """An article repository whose slug check runs before a concurrent writer takes the slug."""

    def __init__(self, inner: ArticleRepository) -> None:
        self._inner = inner

    async def slug_taken(self, slug: str, *, other_than: int | None = None) -> bool:
        return False

    async def add(self, article: Article) -> Article:
        return await self._inner.add(article)

    async def get_by_slug(self, slug: str) -> Article | None:
        return await self._inner.get_by_slug(slug)

    async def id_of(self, slug: str) -> int | None:
        return await self._inner.id_of(slug)

    async def ref_of(self, slug: str) -> ArticleRef | None:
        return await self._inner.ref_of(slug)

    async def update(self, article: Article) -> Article:
        return await self._inner.update(article)

    async def remove(self, article: Article) -> None:
        await self._inner.remove(article)


class Changes(TypedDict, total=False):
    """The fields an update may give; the ones given are the keys present."""

    title: str | None
    description: str | None
    body: str | None
    tags: list[str] | None


def update(slug: str, editor_id: int, **fields: Unpack[Changes]) -> UpdateArticleCommand:
    given = frozenset(fields)
    return UpdateArticleCommand(slug, editor_id, given, **fields)


async def test_a_created_article_is_shown_as_its_author_sees_it(conduit: Conduit) -> None:
    jake = await conduit.user("jake")

    view = await conduit.article(jake, TITLE, tags=["training", "dragons"])

    assert (view.slug, view.title, view.body) == (SLUG, TITLE, "Very carefully.")
    assert view.tags == ["dragons", "training"]
    assert (view.favorited, view.favorites_count) == (False, 0)
    assert (view.author.username, view.author.following) == ("jake", False)
    assert view.created_at == view.updated_at == conduit.clock.now()


async def test_creating_reports_every_invalid_field_and_stores_nothing(conduit: Conduit) -> None:
    jake = await conduit.user("jake")

    with pytest.raises(InvalidInput) as error:
        await conduit.create_article()(CreateArticleCommand(jake, "", None, " ", [""]))

    assert set(error.value.errors) == {"title", "description", "body", "tagList"}
    assert conduit.store.articles == {}


async def test_two_articles_with_one_title_get_distinct_slugs(conduit: Conduit) -> None:
    jake = await conduit.user("jake")

    first = await conduit.article(jake, TITLE)
    second = await conduit.article(jake, TITLE)

    assert first.slug == SLUG
    assert SUFFIXED.match(second.slug)


async def test_creating_retries_when_the_slug_is_taken_between_check_and_insert(
    conduit: Conduit,
) -> None:
    jake = await conduit.user("jake")
    await conduit.article(jake, TITLE)

    def racing_uow() -> InMemoryArticlesUnitOfWork:
        uow = conduit.articles_uow()
        uow.articles = MissesConcurrentSlugs(uow.articles)
        return uow

    create = CreateArticle(racing_uow, conduit.article_queries, conduit.clock)
    command = CreateArticleCommand(jake, TITLE, "d", "b", [])

    assert SUFFIXED.match((await create(command)).slug)
    assert len(conduit.store.articles) == 2


async def test_updating_an_unknown_article_is_not_found(conduit: Conduit) -> None:
    jake = await conduit.user("jake")

    with pytest.raises(NotFound) as error:
        await conduit.update_article()(update("no-such-article", jake, body="New"))

    assert error.value.resource == "article"


async def test_only_the_author_may_update(conduit: Conduit) -> None:
    jake, jane = await conduit.user("jake"), await conduit.user("jane")
    await conduit.article(jake, TITLE)

    with pytest.raises(Forbidden):
        await conduit.update_article()(update(SLUG, jane, title="Mine now"))

    assert (await conduit.get_article()(SLUG, None)).title == TITLE


async def test_an_update_changes_only_the_given_fields(conduit: Conduit) -> None:
    jake = await conduit.user("jake")
    before = await conduit.article(jake, TITLE, tags=["dragons"])
    conduit.clock.advance(seconds=5)

    after = await conduit.update_article()(update(SLUG, jake, description="New"))

    assert after.description == "New"
    assert (after.slug, after.title, after.body, after.tags) == (
        before.slug,
        before.title,
        before.body,
        before.tags,
    )
    assert after.updated_at == conduit.clock.now()


async def test_a_new_title_moves_the_article_to_a_new_slug(conduit: Conduit) -> None:
    jake = await conduit.user("jake")
    await conduit.article(jake, TITLE)

    moved = await conduit.update_article()(update(SLUG, jake, title="Dragons revisited"))

    assert moved.slug == "dragons-revisited"
    with pytest.raises(NotFound):
        await conduit.get_article()(SLUG, None)


async def test_a_new_title_whose_slug_is_taken_gets_a_suffixed_slug(conduit: Conduit) -> None:
    jake = await conduit.user("jake")
    await conduit.article(jake, TITLE)
    await conduit.article(jake, "Another one")

    moved = await conduit.update_article()(update("another-one", jake, title=TITLE))

    assert SUFFIXED.match(moved.slug)
    assert (await conduit.get_article()(SLUG, None)).title == TITLE


async def test_an_update_at_the_same_instant_still_moves_updated_at(conduit: Conduit) -> None:
    jake = await conduit.user("jake")
    created = await conduit.article(jake, TITLE)

    updated = await conduit.update_article()(update(SLUG, jake, body="Again"))

    assert updated.updated_at == created.updated_at + RESOLUTION


async def test_an_invalid_update_changes_nothing(conduit: Conduit) -> None:
    jake = await conduit.user("jake")
    await conduit.article(jake, TITLE)

    with pytest.raises(InvalidInput):
        await conduit.update_article()(update(SLUG, jake, title="Fine", body=""))

    assert (await conduit.get_article()(SLUG, None)).title == TITLE
