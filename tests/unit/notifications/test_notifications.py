"""Notifications from the events, against in-memory fakes: who is told of what, and when not."""

import pytest

from application.articles.published import ArticlePublished
from application.notifications.ports import ArticleMention, NotificationPage
from application.notifications.reactions import Reactions
from application.profiles.published import ProfileView
from application.shared.paging import Page
from domain.shared.errors import Unauthenticated
from tests.unit.articles.in_memory_conduit import Conduit


async def page_of(conduit: Conduit, user: int, page: Page = Page()) -> NotificationPage:
    return await conduit.list_notifications()(user, page)


async def kinds_of(conduit: Conduit, user: int) -> list[str]:
    return [n.kind for n in (await page_of(conduit, user)).notifications]


async def test_followers_hear_of_a_new_article_and_its_author_does_not(conduit: Conduit) -> None:
    jake, jane, joe = (
        await conduit.user("jake"),
        await conduit.user("jane"),
        await conduit.user("joe"),
    )
    await conduit.follow_user()("jake", jane)

    await conduit.article(jake, "Dragons")

    [shown] = (await page_of(conduit, jane)).notifications
    assert (shown.kind, shown.actor, shown.article) == (
        "articlePublished",
        ProfileView("jake", None, None, True),
        ArticleMention("dragons", "Dragons"),
    )
    assert await kinds_of(conduit, joe) == []  # not a follower
    assert await kinds_of(conduit, jake) == ["userFollowed"]


async def test_the_author_hears_of_favorites_and_comments_but_not_their_own(
    conduit: Conduit,
) -> None:
    jake, jane = await conduit.user("jake"), await conduit.user("jane")
    article = await conduit.article(jake, "Dragons")

    await conduit.toggle_favorite(on=True)(article.slug, jake)
    await conduit.add_comment()(article.slug, jake, "My own")
    await conduit.toggle_favorite(on=True)(article.slug, jane)
    await conduit.toggle_favorite(on=True)(article.slug, jane)  # no new favorite
    comment = await conduit.add_comment()(article.slug, jane, "Nice")

    page = await page_of(conduit, jake)
    assert [n.kind for n in page.notifications] == ["commentAdded", "articleFavorited"]
    assert page.notifications[0].comment_id == comment.id
    assert {n.actor for n in page.notifications} == {ProfileView("jane", None, None, False)}
    assert (page.total, page.unread) == (2, 2)
    assert await kinds_of(conduit, jane) == []


async def test_an_event_delivered_again_notifies_nobody_twice(conduit: Conduit) -> None:
    jake, jane = await conduit.user("jake"), await conduit.user("jane")
    await conduit.follow_user()("jake", jane)
    reactions = Reactions(conduit.notifications, conduit.profile_directory, conduit.clock)
    event = ArticlePublished(1, jake, "dragons", "Dragons")

    await reactions.article_published(event, 99)
    await reactions.article_published(event, 99)

    assert await kinds_of(conduit, jane) == ["articlePublished"]


async def test_marking_read_up_to_an_id_answers_the_unread_count(conduit: Conduit) -> None:
    jake, jane, joe = (
        await conduit.user("jake"),
        await conduit.user("jane"),
        await conduit.user("joe"),
    )
    await conduit.follow_user()("jake", jane)
    await conduit.follow_user()("jake", joe)
    oldest = (await page_of(conduit, jake)).notifications[-1].id

    assert await conduit.mark_notifications_read()(jake, oldest) == 1
    assert [n.read for n in (await page_of(conduit, jake)).notifications] == [False, True]
    assert await conduit.mark_notifications_read()(jake) == 0
    assert (await page_of(conduit, jake)).unread == 0


async def test_a_page_of_notifications_newest_first(conduit: Conduit) -> None:
    jake = await conduit.user("jake")
    for name in ("a", "b", "c"):
        await conduit.follow_user()("jake", await conduit.user(name))

    page = await page_of(conduit, jake, Page(limit=2, offset=1))

    assert [n.actor.username for n in page.notifications if n.actor] == ["b", "a"]
    assert page.total == 3


async def test_a_caller_who_does_not_exist_is_refused(conduit: Conduit) -> None:
    with pytest.raises(Unauthenticated):
        await conduit.list_notifications()(424242, Page())
