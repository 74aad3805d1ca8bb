"""Use cases: follow and unfollow a user by username."""

from collections.abc import Callable
from dataclasses import dataclass

from application.identity.published import PublicUser, UserDirectory
from application.profiles.ports import ProfilesUnitOfWork
from application.profiles.published import ProfileView, UserFollowed
from domain.profiles.follow import Follow
from domain.shared.errors import NotFound


async def _existing(users: UserDirectory, username: str) -> PublicUser:
    user = await users.by_username(username)
    if user is None:
        raise NotFound("profile")
    return user


@dataclass(frozen=True, slots=True)
class FollowUser:
    """Follow someone; following them again changes nothing. Nobody follows themselves.
    A follow that is new publishes UserFollowed."""

    users: UserDirectory
    uow: Callable[[], ProfilesUnitOfWork]

    async def __call__(self, username: str, follower_id: int) -> ProfileView:
        user = await _existing(self.users, username)
        follow = Follow.of(follower_id, user.id)
        async with self.uow() as uow:
            if await uow.follows.add(follow):
                uow.publish(UserFollowed(follower_id, user.id))
            await uow.commit()
        return ProfileView.of(user, following=True)


@dataclass(frozen=True, slots=True)
class UnfollowUser:
    """Stop following someone; unfollowing a stranger changes nothing."""

    users: UserDirectory
    uow: Callable[[], ProfilesUnitOfWork]

    async def __call__(self, username: str, follower_id: int) -> ProfileView:
        user = await _existing(self.users, username)
        async with self.uow() as uow:
            await uow.follows.remove(follower_id, user.id)
            await uow.commit()
        return ProfileView.of(user, following=False)
