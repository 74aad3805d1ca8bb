"""The events the notifications hear, as their owners' use cases publish them (in-memory fakes)."""

from application.articles.published import ArticleFavorited, ArticlePublished
from application.comments.published import CommentAdded
from application.profiles.published import UserFollowed
from tests.unit.articles.in_memory_conduit import Conduit


async def test_creating_an_article_publishes_article_published(conduit: Conduit) -> None:
    jake = await conduit.user("jake")

    article = await conduit.article(jake, "Dragons")

    article_id = await conduit.article_directory.id_of(article.slug)
    assert article_id is not None
    expected = ArticlePublished(article_id, jake, "dragons", "Dragons")
    assert conduit.published == [expected]
    assert expected.ordering_key() == f"article:{article_id}"


async def test_a_new_favorite_publishes_article_favorited_once(conduit: Conduit) -> None:
    jake, jane = await conduit.user("jake"), await conduit.user("jane")
    article = await conduit.article(jake, "Dragons")
    conduit.published.clear()
    favorite = conduit.toggle_favorite(on=True)

    await favorite(article.slug, jane)
    await favorite(article.slug, jane)  # a repeat is not a new favorite

    ref = await conduit.article_directory.ref_of(article.slug)
    assert ref is not None
    expected = ArticleFavorited(ref.id, jake, jane, "dragons", "Dragons")
    assert conduit.published == [expected]
    assert expected.ordering_key() == f"article:{ref.id}"


async def test_unfavoriting_publishes_nothing_and_favoriting_again_does(conduit: Conduit) -> None:
    jake, jane = await conduit.user("jake"), await conduit.user("jane")
    article = await conduit.article(jake)
    await conduit.toggle_favorite(on=True)(article.slug, jane)
    conduit.published.clear()

    await conduit.toggle_favorite(on=False)(article.slug, jane)
    assert conduit.published == []
    await conduit.toggle_favorite(on=True)(article.slug, jane)

    assert [type(e) for e in conduit.published] == [ArticleFavorited]


async def test_a_comment_publishes_comment_added_with_the_articles_author(
    conduit: Conduit,
) -> None:
    jake, jane = await conduit.user("jake"), await conduit.user("jane")
    article = await conduit.article(jake, "Dragons")
    conduit.published.clear()

    comment = await conduit.add_comment()(article.slug, jane, "Nice")

    ref = await conduit.article_directory.ref_of(article.slug)
    assert ref is not None
    expected = CommentAdded(comment.id, ref.id, jake, jane, "dragons", "Dragons")
    assert conduit.published == [expected]
    assert expected.ordering_key() == f"article:{ref.id}"


async def test_a_new_follow_publishes_user_followed_once(conduit: Conduit) -> None:
    jake, jane = await conduit.user("jake"), await conduit.user("jane")

    await conduit.follow_user()("jake", jane)
    await conduit.follow_user()("jake", jane)
    await conduit.unfollow_user()("jake", jane)

    assert conduit.published == [UserFollowed(jane, jake)]
    assert UserFollowed(jane, jake).ordering_key() == f"user:{jake}"


async def test_the_events_for_notifications_are_exported() -> None:
    events = (ArticlePublished, ArticleFavorited, CommentAdded, UserFollowed)

    assert all(event.exported for event in events)
