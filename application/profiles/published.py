"""Profiles' published interface: profiles as a viewer sees them, for other contexts."""

from collections.abc import Collection
from dataclasses import dataclass
from typing import ClassVar, NamedTuple, Protocol

from application.identity.published import PublicUser
from application.shared.events import IntegrationEvent


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

    async def followers_of(self, user_id: int) -> set[int]:
        """The ids of the users who follow `user_id`."""
        ...


@dataclass(frozen=True, slots=True)
class UserFollowed(IntegrationEvent):
    """`follower_id` started following `followee_id` (following again publishes nothing)."""

    exported: ClassVar[bool] = True

    follower_id: int
    followee_id: int

    def ordering_key(self) -> str | None:
        return f"user:{self.followee_id}"
