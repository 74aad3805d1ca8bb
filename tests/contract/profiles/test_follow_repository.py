"""The FollowRepository contract, held by the in-memory fake and the SQL adapter alike."""

import pytest

from adapters.profiles.in_memory_follow_repository import InMemoryFollowRepository
from adapters.profiles.sql_follow_repository import SqlFollowRepository
from adapters.shared.fakes import FixedClock
from domain.profiles.follow import Follow
from domain.profiles.repository import FollowRepository
from domain.shared.errors import Unauthenticated
from tests.contract.articles.rows import Rows
from tests.contract.implementation import Implementation


@pytest.fixture
def follows(implementation: Implementation) -> FollowRepository:
    if implementation.kind == "memory":
        return InMemoryFollowRepository()
    return SqlFollowRepository(implementation.sql, FixedClock())


@pytest.fixture
async def people(implementation: Implementation) -> tuple[int, int, int]:
    """Three stored users (the follows table refers to users)."""
    rows = Rows.of(implementation)
    return await rows.user("jake"), await rows.user("jane"), await rows.user("joe")


async def test_nobody_follows_anyone_at_first(
    follows: FollowRepository, people: tuple[int, int, int]
) -> None:
    jake, jane, _joe = people

    assert not await follows.is_following(jake, jane)
    assert await follows.followees_of(jake) == set()


async def test_a_follow_is_one_way(follows: FollowRepository, people: tuple[int, int, int]) -> None:
    jake, jane, _joe = people

    await follows.add(Follow.of(jake, jane))

    assert await follows.is_following(jake, jane)
    assert not await follows.is_following(jane, jake)


async def test_adding_a_follow_twice_is_not_an_error_and_only_the_first_is_new(
    follows: FollowRepository, people: tuple[int, int, int]
) -> None:
    jake, jane, _joe = people

    assert await follows.add(Follow.of(jake, jane)) is True
    assert await follows.add(Follow.of(jake, jane)) is False

    assert await follows.followees_of(jake) == {jane}


async def test_a_users_followers_are_those_who_follow_them(
    follows: FollowRepository, people: tuple[int, int, int]
) -> None:
    jake, jane, joe = people
    await follows.add(Follow.of(jane, jake))
    await follows.add(Follow.of(joe, jake))
    await follows.add(Follow.of(jake, joe))

    assert await follows.followers_of(jake) == {jane, joe}
    assert await follows.followers_of(jane) == set()


async def test_removing_a_follow_ends_it(
    follows: FollowRepository, people: tuple[int, int, int]
) -> None:
    jake, jane, joe = people
    await follows.add(Follow.of(jake, jane))
    await follows.add(Follow.of(jake, joe))

    await follows.remove(jake, jane)

    assert not await follows.is_following(jake, jane)
    assert await follows.followees_of(jake) == {joe}


async def test_removing_a_follow_that_does_not_exist_is_not_an_error(
    follows: FollowRepository, people: tuple[int, int, int]
) -> None:
    jake, jane, _joe = people
    await follows.add(Follow.of(jake, jane))

    await follows.remove(jake, jane)
    await follows.remove(jake, jane)
    await follows.remove(jane, jake)

    assert await follows.followees_of(jake) == set()


async def test_followees_are_only_those_the_user_follows(
    follows: FollowRepository, people: tuple[int, int, int]
) -> None:
    jake, jane, joe = people
    await follows.add(Follow.of(jake, jane))
    await follows.add(Follow.of(jake, joe))
    await follows.add(Follow.of(jane, joe))

    assert await follows.followees_of(jake) == {jane, joe}
    assert await follows.followees_of(jane) == {joe}
    assert await follows.followees_of(joe) == set()


async def test_a_follow_by_a_user_who_is_not_stored_raises_unauthenticated(
    implementation: Implementation,
    follows: FollowRepository,
    people: tuple[int, int, int],
) -> None:
    # Tokens are checked without a database trip, so a token can outlive its user; the
    # article, comment and favorite repositories answer that with Unauthenticated (401).
    if implementation.kind == "memory":
        pytest.skip("the fake cannot see identity's users")
    _jake, jane, _joe = people

    with pytest.raises(Unauthenticated):
        await follows.add(Follow.of(jane + 1000, jane))
