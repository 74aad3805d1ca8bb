"""The UnitOfWork contract: all or nothing, with event subscribers inside the transaction."""

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.identity.in_memory_user_repository import InMemoryUserRepository
from adapters.identity.sql_user_repository import SqlUserRepository
from adapters.identity.unit_of_work import InMemoryIdentityUnitOfWork, SqlIdentityUnitOfWork
from adapters.shared.sql.direct import unit_of_work_sessions
from application.identity.ports import IdentityUnitOfWork
from application.shared.events import EventSubscriptions, IntegrationEvent
from domain.identity.repository import UserRepository
from domain.identity.user import User
from domain.identity.values import Email, Username
from tests.support.databases import MigratedDatabase


@dataclass(frozen=True, slots=True)
class SomethingHappened(IntegrationEvent):
    name: str


Subscriber = Callable[[SomethingHappened, UserRepository], Awaitable[None]]


@dataclass
class Harness:
    """Units of work of one implementation, and a way to subscribe with a repository."""

    new_uow: Callable[[], IdentityUnitOfWork]
    subscribe: Callable[[Subscriber], None]


@pytest.fixture
async def harness(
    implementation_database: tuple[str, MigratedDatabase | None],
) -> AsyncIterator[Harness]:
    _kind, database = implementation_database
    if database is None:
        users = InMemoryUserRepository()
        memory_subscriptions: EventSubscriptions[None] = EventSubscriptions()

        def subscribe_memory(handler: Subscriber) -> None:
            memory_subscriptions.subscribe(SomethingHappened, lambda e, _tx: handler(e, users))

        yield Harness(
            lambda: InMemoryIdentityUnitOfWork(users, memory_subscriptions), subscribe_memory
        )
        return
    sessions = unit_of_work_sessions(database.engine)
    subscriptions: EventSubscriptions[AsyncSession] = EventSubscriptions()

    def subscribe_sql(handler: Subscriber) -> None:
        subscriptions.subscribe(
            SomethingHappened, lambda e, session: handler(e, SqlUserRepository(session))
        )

    yield Harness(lambda: SqlIdentityUnitOfWork(sessions, subscriptions), subscribe_sql)
    await database.clean()


def user(name: str) -> User:
    return User.register(
        username=Username(name),
        email=Email(f"{name}@example.com"),
        password_hash="h",
        now=datetime(2026, 1, 1, tzinfo=UTC),
    )


async def names(harness: Harness, *candidates: str) -> set[str]:
    async with harness.new_uow() as uow:
        return {n for n in candidates if await uow.users.find_by_username(n)}


async def test_committed_work_is_kept(harness: Harness) -> None:
    async with harness.new_uow() as uow:
        await uow.users.add(user("jake"))
        await uow.commit()

    assert await names(harness, "jake") == {"jake"}


async def test_work_not_committed_is_rolled_back(harness: Harness) -> None:
    async with harness.new_uow() as uow:
        await uow.users.add(user("jake"))

    assert await names(harness, "jake") == set()


async def test_an_error_rolls_everything_back(harness: Harness) -> None:
    with pytest.raises(RuntimeError):
        async with harness.new_uow() as uow:
            await uow.users.add(user("jake"))
            raise RuntimeError("boom")

    assert await names(harness, "jake") == set()


async def test_subscribers_run_at_commit_inside_the_same_transaction(harness: Harness) -> None:
    async def add_a_friend(event: SomethingHappened, users: UserRepository) -> None:
        await users.add(user(f"{event.name}-friend"))

    harness.subscribe(add_a_friend)
    async with harness.new_uow() as uow:
        await uow.users.add(user("jake"))
        uow.publish(SomethingHappened("jake"))
        assert await uow.users.find_by_username("jake-friend") is None  # not before commit
        await uow.commit()

    assert await names(harness, "jake", "jake-friend") == {"jake", "jake-friend"}


async def test_a_failing_subscriber_rolls_back_the_publishers_work_too(harness: Harness) -> None:
    async def fail(_event: SomethingHappened, _users: UserRepository) -> None:
        raise RuntimeError("subscriber failed")

    harness.subscribe(fail)
    with pytest.raises(RuntimeError):
        async with harness.new_uow() as uow:
            await uow.users.add(user("jake"))
            uow.publish(SomethingHappened("jake"))
            await uow.commit()

    assert await names(harness, "jake") == set()


async def test_events_of_a_rolled_back_unit_are_never_delivered(harness: Harness) -> None:
    delivered: list[str] = []

    async def record(event: SomethingHappened, _users: UserRepository) -> None:
        delivered.append(event.name)

    harness.subscribe(record)
    async with harness.new_uow() as uow:
        uow.publish(SomethingHappened("lost"))

    async with harness.new_uow() as uow:
        uow.publish(SomethingHappened("kept"))
        await uow.commit()

    assert delivered == ["kept"]
