"""Routes: show a profile, follow, unfollow."""

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel

from application.profiles.follow_user import FollowUser, UnfollowUser
from application.profiles.get_profile import GetProfile
from application.profiles.published import ProfileView
from entrypoints.http.shared.auth import AuthenticatedFirstRoute, CallerId, OptionalCallerId
from entrypoints.http.shared.provide import provided
from entrypoints.http.shared.schemas import Profile, Text, error_responses

router = APIRouter(route_class=AuthenticatedFirstRoute, tags=["Profile"])

Username = Annotated[Text, Path(description="The profile's username")]


class ProfileResponse(BaseModel):
    profile: Profile

    @classmethod
    def of(cls, view: ProfileView) -> "ProfileResponse":
        return cls(profile=Profile.model_validate(view))


@router.get(
    "/profiles/{username}",
    operation_id="GetProfileByUsername",
    summary="A user's profile; `following` reflects the caller",
    responses=error_responses(401, 404, 422),
)
async def get_profile(
    username: Username,
    caller: OptionalCallerId,
    get_profile: Annotated[GetProfile, provided(lambda c: c.profiles.get_profile)],
) -> ProfileResponse:
    return ProfileResponse.of(await get_profile(username, caller))


@router.post(
    "/profiles/{username}/follow",
    operation_id="FollowUserByUsername",
    summary="Follow a user (any request body is ignored)",
    responses=error_responses(401, 404, 422),
)
async def follow(
    username: Username,
    caller: CallerId,
    follow_user: Annotated[FollowUser, provided(lambda c: c.profiles.follow_user)],
) -> ProfileResponse:
    return ProfileResponse.of(await follow_user(username, caller))


@router.delete(
    "/profiles/{username}/follow",
    operation_id="UnfollowUserByUsername",
    summary="Stop following a user",
    responses=error_responses(401, 404, 422),
)
async def unfollow(
    username: Username,
    caller: CallerId,
    unfollow_user: Annotated[UnfollowUser, provided(lambda c: c.profiles.unfollow_user)],
) -> ProfileResponse:
    return ProfileResponse.of(await unfollow_user(username, caller))
