"""The port through which the profiles context stores follow relations."""

from typing import Protocol

from domain.profiles.follow import Follow


class FollowRepository(Protocol):
    async def add(self, follow: Follow) -> bool:
        """Store the relation: True if it is new; storing it twice is not an error (False)."""
        ...

    async def remove(self, follower_id: int, followee_id: int) -> None:
        """Forget the relation; forgetting one that does not exist is not an error."""
        ...

    async def is_following(self, follower_id: int, followee_id: int) -> bool: ...

    async def followees_of(self, follower_id: int) -> set[int]: ...

    async def followers_of(self, followee_id: int) -> set[int]: ...
