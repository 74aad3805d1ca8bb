"""Profiles use cases against in-memory fakes: show, follow, unfollow."""

import pytest

from application.profiles.published import ProfileView
from domain.shared.errors import InvalidInput, NotFound
from tests.unit.articles.in_memory_conduit import Conduit


async def test_a_profile_is_the_users_public_face(conduit: Conduit) -> None:
    await conduit.user("jake")

    assert await conduit.get_profile()("jake", None) == ProfileView("jake", None, None, False)


async def test_an_unknown_username_has_no_profile(conduit: Conduit) -> None:
    viewer = await conduit.user("jane")

    with pytest.raises(NotFound) as error:
        await conduit.get_profile()("jake", viewer)

    assert error.value.resource == "profile"


async def test_following_shows_in_the_followers_view_only(conduit: Conduit) -> None:
    await conduit.user("jake")
    jane, joe = await conduit.user("jane"), await conduit.user("joe")

    followed = await conduit.follow_user()("jake", jane)

    assert followed.following
    assert (await conduit.get_profile()("jake", jane)).following
    assert not (await conduit.get_profile()("jake", joe)).following
    assert not (await conduit.get_profile()("jake", None)).following


async def test_following_twice_changes_nothing(conduit: Conduit) -> None:
    jake, jane = await conduit.user("jake"), await conduit.user("jane")

    await conduit.follow_user()("jake", jane)
    again = await conduit.follow_user()("jake", jane)

    assert again.following
    assert conduit.follows.follows == {(jane, jake)}


async def test_nobody_can_follow_themselves(conduit: Conduit) -> None:
    jake = await conduit.user("jake")

    with pytest.raises(InvalidInput) as error:
        await conduit.follow_user()("jake", jake)

    assert set(error.value.errors) == {"profile"}
    assert conduit.follows.follows == set()


@pytest.mark.parametrize("use_case", ["follow_user", "unfollow_user"])
async def test_following_or_unfollowing_an_unknown_user_is_not_found(
    conduit: Conduit, use_case: str
) -> None:
    jane = await conduit.user("jane")

    with pytest.raises(NotFound) as error:
        await getattr(conduit, use_case)()("nobody", jane)

    assert error.value.resource == "profile"


async def test_unfollowing_ends_the_follow(conduit: Conduit) -> None:
    await conduit.user("jake")
    jane = await conduit.user("jane")
    await conduit.follow_user()("jake", jane)

    unfollowed = await conduit.unfollow_user()("jake", jane)

    assert not unfollowed.following
    assert not (await conduit.get_profile()("jake", jane)).following


async def test_unfollowing_someone_not_followed_changes_nothing(conduit: Conduit) -> None:
    await conduit.user("jake")
    jane = await conduit.user("jane")

    assert not (await conduit.unfollow_user()("jake", jane)).following
    assert conduit.follows.follows == set()
