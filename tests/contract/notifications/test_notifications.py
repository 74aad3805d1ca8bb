"""NotificationRepository and NotificationQueries, SQL and in memory: stored once per
publication and recipient, read newest first with the counts, marked read."""

from collections.abc import Sequence
from datetime import timedelta

from application.notifications.ports import ArticleMention, NotificationView
from application.profiles.published import ProfileView
from application.shared.paging import Page
from domain.notifications.notification import Kind, Notification, Occurrence
from tests.contract.articles.rows import NOW
from tests.contract.world import World


async def store(world: World, notifications: Sequence[Notification]) -> None:
    async with world.notifications() as uow:
        await uow.notifications.add_all(notifications)
        await uow.commit()


def followed(publication_id: int, actor: int, recipient: int) -> list[Notification]:
    return Occurrence(publication_id, Kind.USER_FOLLOWED, actor, NOW).notify([recipient])


async def ids_of(world: World, recipient: int, page: Page = Page()) -> list[int]:
    found = await world.notification_queries.page(recipient, page)
    assert found is not None
    return [n.id for n in found.notifications]


async def test_a_notification_shows_its_actor_as_the_recipient_sees_them_and_its_article(
    world: World,
) -> None:
    jake, jane = await world.user("jake", bio="bio"), await world.user("jane")
    await world.follow(jane, jake)
    article = await world.article(jake, "Dragons")
    assert article.id is not None
    occurrence = Occurrence(
        7, Kind.ARTICLE_PUBLISHED, jake, NOW, article_id=article.id, article_title="Dragons"
    )
    await store(world, occurrence.notify([jane]))

    page = await world.notification_queries.page(jane, Page())

    assert page is not None
    [shown] = page.notifications
    assert shown == NotificationView(
        id=shown.id,
        kind="articlePublished",
        created_at=NOW,
        read=False,
        actor=ProfileView("jake", "bio", None, True),
        article=ArticleMention("dragons", "Dragons"),
        comment_id=None,
    )
    assert (page.total, page.unread) == (1, 1)


async def test_the_same_publication_notifies_each_recipient_once(world: World) -> None:
    jake, jane, joe = await world.user("jake"), await world.user("jane"), await world.user("joe")
    occurrence = Occurrence(3, Kind.ARTICLE_PUBLISHED, jake, NOW, article_id=1, article_title="t")

    await store(world, occurrence.notify([jane]))
    await store(world, occurrence.notify([jane, joe]))  # delivered again, one more follower
    await store(world, followed(4, jake, jane))  # another publication: a new notification

    assert len(await ids_of(world, jane)) == 2
    assert len(await ids_of(world, joe)) == 1


async def test_newest_first_a_page_at_a_time_with_the_counts(world: World) -> None:
    jake, jane = await world.user("jake"), await world.user("jane")
    for publication_id in range(1, 6):
        await store(world, followed(publication_id, jake, jane))
    newest_first = await ids_of(world, jane)

    page = await world.notification_queries.page(jane, Page(limit=2, offset=1))
    beyond = await world.notification_queries.page(jane, Page(limit=2, offset=10))

    assert newest_first == sorted(newest_first, reverse=True)
    assert page is not None
    assert beyond is not None
    assert [n.id for n in page.notifications] == newest_first[1:3]
    assert (page.total, page.unread) == (5, 5)
    assert (beyond.notifications, beyond.total, beyond.unread) == ([], 5, 5)


async def test_each_recipient_sees_only_their_own(world: World) -> None:
    jake, jane, joe = await world.user("jake"), await world.user("jane"), await world.user("joe")
    await store(world, followed(1, jake, jane))

    page = await world.notification_queries.page(joe, Page())

    assert page is not None
    assert (page.notifications, page.total, page.unread) == ([], 0, 0)


async def test_marking_read_up_to_an_id_leaves_the_newer_unread(world: World) -> None:
    jake, jane = await world.user("jake"), await world.user("jane")
    for publication_id in range(1, 4):
        await store(world, followed(publication_id, jake, jane))
    oldest, middle, newest = sorted(await ids_of(world, jane))

    async with world.notifications() as uow:
        await uow.notifications.mark_read(jane, middle)
        assert await uow.notifications.unread_count(jane) == 1
        await uow.commit()

    page = await world.notification_queries.page(jane, Page())
    assert page is not None
    assert [(n.id, n.read) for n in page.notifications] == [
        (newest, False),
        (middle, True),
        (oldest, True),
    ]
    assert page.unread == 1


async def test_marking_all_read_touches_nobody_elses(world: World) -> None:
    jake, jane, joe = await world.user("jake"), await world.user("jane"), await world.user("joe")
    await store(world, followed(1, jake, jane))
    await store(world, followed(2, jake, joe))

    async with world.notifications() as uow:
        await uow.notifications.mark_read(jane, None)
        await uow.commit()

    async with world.notifications() as uow:
        assert (
            await uow.notifications.unread_count(jane),
            await uow.notifications.unread_count(joe),
        ) == (0, 1)


async def test_a_renamed_article_shows_its_new_slug_and_a_deleted_one_its_old_title(
    world: World,
) -> None:
    jake, jane = await world.user("jake"), await world.user("jane")
    renamed, deleted = await world.article(jake, "Before"), await world.article(jake, "Gone")
    for publication_id, article in enumerate((renamed, deleted), start=1):
        occurrence = Occurrence(
            publication_id,
            Kind.ARTICLE_FAVORITED,
            jane,
            NOW + timedelta(seconds=publication_id),
            article_id=article.id,
            article_title=article.title,
        )
        await store(world, occurrence.notify([jake]))
    await world.rename(renamed, "After")
    await world.delete(deleted)

    page = await world.notification_queries.page(jake, Page())

    assert page is not None
    assert [n.article for n in page.notifications] == [
        ArticleMention(None, "Gone"),
        ArticleMention("after", "After"),
    ]


async def test_an_unknown_recipient_has_no_page(world: World) -> None:
    await world.user("jake")

    for nobody in (424242, 0, -1, 2**31, 2**63):
        assert await world.notification_queries.page(nobody, Page()) is None
