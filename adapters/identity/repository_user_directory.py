"""The UserDirectory facade served from the identity repository: what the fakes are wired
with (production answers from SQL: sql_user_directory.py)."""

from collections.abc import Callable, Collection
from dataclasses import dataclass

from application.identity.ports import IdentityUnitOfWork
from application.identity.published import PublicUser
from domain.identity.user import User


def public(user: User) -> PublicUser:
    assert user.id is not None
    return PublicUser(user.id, user.username.value, user.bio, user.image)


@dataclass(frozen=True, slots=True)
class RepositoryUserDirectory:
    """Answer other contexts' questions about users without handing out the aggregate."""

    uow: Callable[[], IdentityUnitOfWork]

    async def by_username(self, username: str) -> PublicUser | None:
        async with self.uow() as uow:
            user = await uow.users.find_by_username(username)
        return public(user) if user else None

    async def by_ids(self, ids: Collection[int]) -> dict[int, PublicUser]:
        async with self.uow() as uow:
            users = await uow.users.get_many(ids)
        return {user.id: public(user) for user in users if user.id is not None}

    async def exists(self, user_id: int) -> bool:
        async with self.uow() as uow:
            return await uow.users.get(user_id) is not None
