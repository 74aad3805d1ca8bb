"""The ProfileDirectory facade: identity's public users plus this context's follow relations."""

from collections.abc import Callable, Collection
from dataclasses import dataclass

from application.identity.published import PublicUser, UserDirectory
from application.profiles.ports import ProfilesUnitOfWork
from application.profiles.published import ProfileView


def profile_of(user: PublicUser, following: bool) -> ProfileView:
    return ProfileView(user.username, user.bio, user.image, following)


@dataclass(frozen=True, slots=True)
class FollowsProfileDirectory:
    """Profiles for other contexts, built from the identity facade and the follows store."""

    users: UserDirectory
    uow: Callable[[], ProfilesUnitOfWork]

    async def by_username(self, username: str, viewer_id: int | None) -> ProfileView | None:
        user = await self.users.by_username(username)
        if user is None:
            return None
        if viewer_id is None:
            return profile_of(user, following=False)
        async with self.uow() as uow:
            return profile_of(user, await uow.follows.is_following(viewer_id, user.id))

    async def profiles(
        self, user_ids: Collection[int], viewer_id: int | None
    ) -> dict[int, ProfileView]:
        users = await self.users.by_ids(user_ids)
        followed = await self.followees_of(viewer_id) if viewer_id is not None else set()
        return {uid: profile_of(user, uid in followed) for uid, user in users.items()}

    async def followees_of(self, viewer_id: int) -> set[int]:
        async with self.uow() as uow:
            return await uow.follows.followees_of(viewer_id)
