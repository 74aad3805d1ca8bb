"""Routes: show a profile, follow, unfollow."""

from typing import Annotated

from fastapi import Path, Response

from application.profiles.follow_user import FollowUser, UnfollowUser
from application.profiles.get_profile import GetProfile
from application.profiles.published import ProfileView
from entrypoints.http.shared.auth import CallerId, OptionalCallerId
from entrypoints.http.shared.provide import provided
from entrypoints.http.shared.rendering import json_response, profile
from entrypoints.http.shared.router import context_router
from entrypoints.http.shared.schemas import Profile, ResponseModel, Text, error_responses

router = context_router(tags=["Profile"])

Username = Annotated[Text, Path(description="The profile's username")]


class ProfileResponse(ResponseModel):
    profile: Profile


def profile_response(view: ProfileView) -> Response:
    return json_response({"profile": profile(view)})


@router.get(
    "/profiles/{username}",
    operation_id="GetProfileByUsername",
    response_model=ProfileResponse,
    summary="A user's profile; `following` reflects the caller",
    responses=error_responses(401, 404, 422),
)
async def get_profile(
    username: Username,
    caller: OptionalCallerId,
    get_profile: Annotated[GetProfile, provided(lambda c: c.profiles.get_profile)],
) -> Response:
    return profile_response(await get_profile(username, caller))


@router.post(
    "/profiles/{username}/follow",
    operation_id="FollowUserByUsername",
    response_model=ProfileResponse,
    summary="Follow a user (any request body is ignored)",
    responses=error_responses(401, 404, 422),
)
async def follow(
    username: Username,
    caller: CallerId,
    follow_user: Annotated[FollowUser, provided(lambda c: c.profiles.follow_user)],
) -> Response:
    return profile_response(await follow_user(username, caller))


@router.delete(
    "/profiles/{username}/follow",
    operation_id="UnfollowUserByUsername",
    response_model=ProfileResponse,
    summary="Stop following a user",
    responses=error_responses(401, 404, 422),
)
async def unfollow(
    username: Username,
    caller: CallerId,
    unfollow_user: Annotated[UnfollowUser, provided(lambda c: c.profiles.unfollow_user)],
) -> Response:
    return profile_response(await unfollow_user(username, caller))
