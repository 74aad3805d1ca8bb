"""Use case: a user's profile, as the caller sees it."""

from dataclasses import dataclass

from application.profiles.published import ProfileDirectory, ProfileView
from domain.shared.errors import NotFound


@dataclass(frozen=True, slots=True)
class GetProfile:
    """Look a user up by username; `following` says whether the caller follows them."""

    profiles: ProfileDirectory

    async def __call__(self, username: str, viewer_id: int | None) -> ProfileView:
        profile = await self.profiles.by_username(username, viewer_id)
        if profile is None:
            raise NotFound("profile")
        return profile
