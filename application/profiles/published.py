"""Profiles' published interface: profiles as a viewer sees them, for other contexts."""

from collections.abc import Collection
from typing import NamedTuple, Protocol

from application.identity.published import PublicUser


class ProfileView(NamedTuple):
    """A user's public profile; `following` is as seen by the viewer (False when anonymous)."""

    username: str
    bio: str | None
    image: str | None
    following: bool

    @classmethod
    def of(cls, user: PublicUser, following: bool) -> "ProfileView":
        return cls(user.username, user.bio, user.image, following)


class ProfileDirectory(Protocol):
    async def by_username(self, username: str, viewer_id: int | None) -> ProfileView | None: ...

    async def profiles(
        self, user_ids: Collection[int], viewer_id: int | None
    ) -> dict[int, ProfileView]: ...

    async def followees_of(self, viewer_id: int) -> set[int]: ...
