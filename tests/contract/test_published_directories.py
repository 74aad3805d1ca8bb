"""The published directories (identity's users, profiles, article slugs), SQL and in memory."""

from application.articles.published import ArticleRef
from application.identity.published import PublicUser
from application.profiles.published import ProfileView
from tests.contract.world import World


async def test_users_are_found_by_username_and_by_id_without_private_fields(world: World) -> None:
    jake = await world.user("jake", bio="I work")
    jane = await world.user("jane")

    assert await world.user_directory.by_username("jake") == PublicUser(
        jake, "jake", "I work", None
    )
    assert await world.user_directory.by_username("JAKE") is None
    assert await world.user_directory.by_ids([jake, jane, 424242]) == {
        jake: PublicUser(jake, "jake", "I work", None),
        jane: PublicUser(jane, "jane", None, None),
    }
    assert await world.user_directory.by_ids([]) == {}
    assert (await world.user_directory.exists(jake), await world.user_directory.exists(424242)) == (
        True,
        False,
    )


async def test_ids_no_column_can_hold_find_nobody(world: World) -> None:
    await world.user("jake")

    assert await world.user_directory.by_ids([2**31, -1, 2**63]) == {}
    assert not any([await world.user_directory.exists(i) for i in (0, -1, 2**31, 2**63)])
    assert await world.profile_directory.profiles([2**31, 2**63], None) == {}


async def test_profiles_say_whether_the_viewer_follows(world: World) -> None:
    jake = await world.user("jake", bio="bio")
    jane = await world.user("jane")
    await world.follow(jane, jake)

    assert await world.profile_directory.by_username("jake", jane) == ProfileView(
        "jake", "bio", None, True
    )
    assert await world.profile_directory.by_username("jake", None) == ProfileView(
        "jake", "bio", None, False
    )
    assert await world.profile_directory.by_username("jane", jake) == ProfileView(
        "jane", None, None, False
    )
    assert await world.profile_directory.by_username("nobody", jake) is None
    assert await world.profile_directory.profiles([jake, jane], jane) == {
        jake: ProfileView("jake", "bio", None, True),
        jane: ProfileView("jane", None, None, False),
    }
    assert await world.profile_directory.followees_of(jane) == {jake}
    assert await world.profile_directory.followees_of(jake) == set()
    assert await world.profile_directory.followers_of(jake) == {jane}
    assert await world.profile_directory.followers_of(jane) == set()


async def test_article_slugs_resolve_to_ids(world: World) -> None:
    jake = await world.user("jake")
    article = await world.article(jake, "Dragons")

    assert await world.article_directory.id_of(article.slug) == article.id
    assert await world.article_directory.id_of("no-such-slug") is None


async def test_article_slugs_resolve_to_the_article_and_its_author(world: World) -> None:
    jake = await world.user("jake")
    article = await world.article(jake, "Dragons")
    assert article.id is not None

    assert await world.article_directory.ref_of(article.slug) == ArticleRef(
        article.id, jake, article.slug, "Dragons"
    )
    assert await world.article_directory.ref_of("no-such-slug") is None
