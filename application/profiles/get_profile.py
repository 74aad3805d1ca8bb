"""Use case: a user's profile, as the caller sees it."""

from collections.abc import Callable
from dataclasses import dataclass

from application.identity.published import UserDirectory
from application.profiles.ports import ProfilesUnitOfWork
from application.profiles.profile_directory import profile_of
from application.profiles.published import ProfileView
from domain.shared.errors import NotFound


@dataclass(frozen=True, slots=True)
class GetProfile:
    """Look a user up by username; `following` says whether the caller follows them."""

    users: UserDirectory
    uow: Callable[[], ProfilesUnitOfWork]

    async def __call__(self, username: str, viewer_id: int | None) -> ProfileView:
        user = await self.users.by_username(username)
        if user is None:
            raise NotFound("profile")
        if viewer_id is None:
            return profile_of(user, following=False)
        async with self.uow() as uow:
            return profile_of(user, await uow.follows.is_following(viewer_id, user.id))
