"""UserRepository in memory: the fake for fast use-case tests, held to the same contract."""

from collections.abc import Collection
from dataclasses import replace

from domain.identity.user import User
from domain.shared.errors import AlreadyTaken


class InMemoryUserRepository:
    def __init__(self) -> None:
        self.users: dict[int, User] = {}
        self._next_id = 1

    async def add(self, user: User) -> User:
        self._refuse_clashes(user, other_than=None)
        stored = replace(user, id=self._next_id)
        self._next_id += 1
        self.users[stored.id] = stored  # type: ignore[index]
        return stored

    async def update(self, user: User) -> User:
        if user.id not in self.users:
            raise LookupError(f"user {user.id} is not stored")
        self._refuse_clashes(user, other_than=user.id)
        self.users[user.id] = user
        return user

    async def get(self, user_id: int) -> User | None:
        return self.users.get(user_id)

    async def get_many(self, user_ids: Collection[int]) -> list[User]:
        return [self.users[i] for i in set(user_ids) if i in self.users]

    async def find_by_email(self, canonical_email: str) -> User | None:
        return next((u for u in self.users.values() if u.email.canonical == canonical_email), None)

    async def find_by_username(self, username: str) -> User | None:
        return next((u for u in self.users.values() if u.username.value == username), None)

    async def username_taken(self, username: str, *, other_than: int | None = None) -> bool:
        return any(u.username.value == username and u.id != other_than for u in self.users.values())

    async def email_taken(self, canonical_email: str, *, other_than: int | None = None) -> bool:
        return any(
            u.email.canonical == canonical_email and u.id != other_than for u in self.users.values()
        )

    def _refuse_clashes(self, user: User, other_than: int | None) -> None:
        for other in self.users.values():
            if other.id == other_than:
                continue
            if other.username == user.username:
                raise AlreadyTaken("username")
            if other.email.canonical == user.email.canonical:
                raise AlreadyTaken("email")
