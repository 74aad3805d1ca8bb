"""The port through which the identity context stores and finds users."""

from collections.abc import Collection
from typing import Protocol

from domain.identity.user import User


class UserRepository(Protocol):
    async def add(self, user: User) -> User:
        """Store a new user and return it with its id; AlreadyTaken on a unique clash."""
        ...

    async def update(self, user: User) -> User:
        """Store the user's new state; AlreadyTaken on a unique clash."""
        ...

    async def get(self, user_id: int) -> User | None: ...

    async def get_many(self, user_ids: Collection[int]) -> list[User]:
        """The stored users among `user_ids`, in no particular order."""
        ...

    async def find_by_email(self, canonical_email: str) -> User | None: ...

    async def find_by_username(self, username: str) -> User | None: ...

    async def username_taken(self, username: str, *, other_than: int | None = None) -> bool: ...

    async def email_taken(self, canonical_email: str, *, other_than: int | None = None) -> bool: ...
