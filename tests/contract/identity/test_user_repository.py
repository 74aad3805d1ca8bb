"""The UserRepository contract, held by the in-memory fake and the SQL adapter alike."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from adapters.identity.in_memory_user_repository import InMemoryUserRepository
from adapters.identity.sql_user_repository import SqlUserRepository
from domain.identity.repository import UserRepository
from domain.identity.user import User
from domain.identity.values import Email, Username
from domain.shared.errors import AlreadyTaken
from tests.contract.implementation import Implementation

NOW = datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=UTC)


@pytest.fixture
def users(implementation: Implementation) -> UserRepository:
    if implementation.kind == "memory":
        return InMemoryUserRepository()
    return SqlUserRepository(implementation.sql)


def new_user(name: str, email: str | None = None) -> User:
    return User.register(
        username=Username(name),
        email=Email(email or f"{name}@example.com"),
        password_hash=f"hash-of-{name}",
        now=NOW,
    )


async def test_added_users_get_an_id_and_read_back_equal(users: UserRepository) -> None:
    stored = await users.add(new_user("jake"))

    assert stored.id is not None
    assert await users.get(stored.id) == stored
    assert stored.created_at == NOW


async def test_ids_are_distinct(users: UserRepository) -> None:
    first = await users.add(new_user("jake"))
    second = await users.add(new_user("jane"))

    assert first.id != second.id


async def test_unknown_ids_and_names_find_nothing(users: UserRepository) -> None:
    assert await users.get(987654) is None
    assert await users.find_by_username("nobody") is None
    assert await users.find_by_email("nobody@example.com") is None


async def test_users_are_found_by_username_and_by_canonical_email(users: UserRepository) -> None:
    stored = await users.add(new_user("jake", "Jake@Example.com"))

    assert await users.find_by_username("jake") == stored
    assert await users.find_by_username("JAKE") is None  # usernames are case-sensitive
    assert await users.find_by_email("jake@example.com") == stored


@pytest.mark.parametrize(
    ("clash", "field"),
    [(("jake", "other@example.com"), "username"), (("other", "JAKE@example.com"), "email")],
)
async def test_adding_a_taken_username_or_email_raises_already_taken(
    users: UserRepository, clash: tuple[str, str], field: str
) -> None:
    await users.add(new_user("jake"))

    with pytest.raises(AlreadyTaken) as raised:
        await users.add(new_user(*clash))

    assert raised.value.field == field


async def test_taken_checks_can_leave_one_user_out(users: UserRepository) -> None:
    jake = await users.add(new_user("jake"))
    assert jake.id is not None

    assert await users.username_taken("jake")
    assert not await users.username_taken("jake", other_than=jake.id)
    assert await users.email_taken("jake@example.com")
    assert not await users.email_taken("jake@example.com", other_than=jake.id)
    assert not await users.username_taken("jane")


async def test_updates_are_stored(users: UserRepository) -> None:
    jake = await users.add(new_user("jake"))
    assert jake.id is not None
    changed = replace(
        jake,
        username=Username("jacob"),
        bio="bio",
        image=None,
        updated_at=NOW + timedelta(seconds=1),
    )

    await users.update(changed)

    assert await users.get(jake.id) == changed
    assert await users.find_by_username("jake") is None


async def test_updating_into_a_taken_username_raises_already_taken(users: UserRepository) -> None:
    await users.add(new_user("jake"))
    jane = await users.add(new_user("jane"))

    with pytest.raises(AlreadyTaken):
        await users.update(replace(jane, username=Username("jake")))
