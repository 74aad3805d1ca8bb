"""The Article aggregate: validated content, revisions by the author only, slugs, timestamps."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from domain.articles.article import TITLE_MAX, Article, ArticleChanges, ArticleContent
from domain.shared.errors import Forbidden, InvalidInput
from domain.shared.time import RESOLUTION

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
AUTHOR = 7


def article(title: str = "How to train your dragon", tags: list[str] | None = None) -> Article:
    content = ArticleContent.parse(title, "Ever wonder how?", "Very carefully.", tags or [])
    return replace(Article.publish(AUTHOR, content, NOW), id=1)


def test_content_reports_every_invalid_field_at_once() -> None:
    with pytest.raises(InvalidInput) as error:
        ArticleContent.parse(None, "", "   ", None)

    assert error.value.errors == {
        "title": ["can't be blank"],
        "description": ["can't be blank"],
        "body": ["can't be blank"],
        "tagList": ["must be a list of tags, [] for none"],
    }


def test_content_refuses_an_overlong_title() -> None:
    with pytest.raises(InvalidInput) as error:
        ArticleContent.parse("t" * (TITLE_MAX + 1), "d", "b", [])

    assert set(error.value.errors) == {"title"}


def test_a_published_article_takes_its_slug_from_the_title_and_sorts_its_tags() -> None:
    published = article("How to Train Your Dragon", tags=["training", "dragons"])

    assert published.slug == "how-to-train-your-dragon"
    assert published.tags == ("dragons", "training")
    assert published.created_at == published.updated_at == NOW


def test_only_the_author_may_revise() -> None:
    with pytest.raises(Forbidden) as error:
        article().revised(AUTHOR + 1, ArticleChanges(body="Mine now"), NOW)

    assert error.value.resource == "article"


def test_a_revision_changes_only_the_given_fields() -> None:
    original = article(tags=["dragons"])
    later = NOW + timedelta(minutes=5)

    revised = original.revised(AUTHOR, ArticleChanges(description="New"), later)

    assert revised == replace(original, description="New", updated_at=later)


def test_changes_outside_the_given_fields_are_ignored() -> None:
    changes = ArticleChanges.parse(frozenset({"body"}), title="", description=None, body="New")

    assert changes == ArticleChanges(body="New")


def test_given_changes_must_be_valid_and_are_all_reported() -> None:
    with pytest.raises(InvalidInput) as error:
        ArticleChanges.parse(frozenset({"title", "body", "tags"}), title=" ", body=None, tags=None)

    assert set(error.value.errors) == {"title", "body", "tagList"}


def test_a_new_title_brings_a_new_slug() -> None:
    revised = article().revised(AUTHOR, ArticleChanges(title="A whole new title"), NOW)

    assert (revised.title, revised.slug) == ("A whole new title", "a-whole-new-title")


def test_a_title_change_with_the_same_slug_keeps_a_suffixed_slug() -> None:
    original = replace(article("Dragons"), slug="dragons-x1y2z3")

    revised = original.revised(AUTHOR, ArticleChanges(title="DRAGONS!"), NOW)

    assert (revised.title, revised.slug) == ("DRAGONS!", "dragons-x1y2z3")


def test_new_tags_replace_the_old_ones_and_empty_tags_clear_them() -> None:
    original = article(tags=["dragons"])

    assert original.revised(AUTHOR, ArticleChanges(tags=("cats",)), NOW).tags == ("cats",)
    assert original.revised(AUTHOR, ArticleChanges(tags=()), NOW).tags == ()


@pytest.mark.parametrize("now", [NOW, NOW - timedelta(hours=1), NOW + RESOLUTION / 2])
def test_updated_at_moves_forward_even_when_the_clock_has_not(now: datetime) -> None:
    revised = article().revised(AUTHOR, ArticleChanges(body="Again"), now)

    assert revised.updated_at == NOW + RESOLUTION


def test_updated_at_follows_a_clock_that_has_moved_on() -> None:
    later = NOW + timedelta(seconds=3)

    assert article().revised(AUTHOR, ArticleChanges(body="Again"), later).updated_at == later


def test_each_revision_at_the_same_instant_is_strictly_later() -> None:
    first = article().revised(AUTHOR, ArticleChanges(body="One"), NOW)
    second = first.revised(AUTHOR, ArticleChanges(body="Two"), NOW)

    assert NOW < first.updated_at < second.updated_at
    assert second.created_at == NOW
