"""Identity's published interface: what other contexts may know about a user, and ask."""

from collections.abc import Collection
from typing import NamedTuple, Protocol


class PublicUser(NamedTuple):
    """A user as others see them: no email, no credentials."""

    id: int
    username: str
    bio: str | None
    image: str | None


class UserDirectory(Protocol):
    """Read-only lookups other contexts use; each call is its own short read."""

    async def by_username(self, username: str) -> PublicUser | None: ...

    async def by_ids(self, ids: Collection[int]) -> dict[int, PublicUser]: ...

    async def exists(self, user_id: int) -> bool: ...
