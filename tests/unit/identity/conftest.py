"""Use cases wired to fakes: no database, no hashing cost, a clock the test controls."""

from dataclasses import dataclass

import pytest

from adapters.identity.fakes import FakePasswordHasher, FakeTokenService
from adapters.identity.in_memory_user_repository import InMemoryUserRepository
from adapters.identity.repository_user_directory import RepositoryUserDirectory
from adapters.identity.unit_of_work import InMemoryIdentityUnitOfWork
from adapters.shared.fakes import FixedClock
from application.identity.authenticate_caller import AuthenticateCaller
from application.identity.get_current_user import GetCurrentUser
from application.identity.log_in import LogIn
from application.identity.register_user import RegisterUser
from application.identity.update_user import UpdateUser


@dataclass
class Identity:
    users: InMemoryUserRepository
    hasher: FakePasswordHasher
    tokens: FakeTokenService
    clock: FixedClock
    register: RegisterUser
    log_in: LogIn
    current_user: GetCurrentUser
    update: UpdateUser
    authenticate: AuthenticateCaller


@pytest.fixture
def identity() -> Identity:
    users = InMemoryUserRepository()
    hasher = FakePasswordHasher()
    clock = FixedClock()
    tokens = FakeTokenService(clock)

    def uow() -> InMemoryIdentityUnitOfWork:
        return InMemoryIdentityUnitOfWork(users)

    return Identity(
        users=users,
        hasher=hasher,
        tokens=tokens,
        clock=clock,
        register=RegisterUser(uow, hasher, tokens, clock),
        log_in=LogIn(uow, hasher, tokens),
        current_user=GetCurrentUser(uow, tokens),
        update=UpdateUser(uow, hasher, tokens, clock),
        authenticate=AuthenticateCaller(tokens, RepositoryUserDirectory(uow)),
    )
