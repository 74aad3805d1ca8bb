"""Profiles' published SQL pieces, for other contexts' read models (docs/adr/0008)."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, false, select

from adapters.profiles.tables import FollowRow
from application.profiles.published import ProfileView

_follows = FollowRow.__table__  # type: ignore[attr-defined]


def is_followed_by(
    viewer: int | ColumnElement[int] | None, user_id: ColumnElement[int]
) -> ColumnElement[bool]:
    """`following` of a profile as `viewer` (an id or a bind parameter) sees it; false for
    anonymous viewers."""
    if viewer is None:
        return false()
    return exists().where(_follows.c.follower_id == viewer, _follows.c.followee_id == user_id)


def followees_of(viewer: int | ColumnElement[int]) -> Select[tuple[int]]:
    """The ids of the users `viewer` follows, as a subquery for IN (...)."""
    return select(_follows.c.followee_id).where(_follows.c.follower_id == viewer)


def followers_of(
    user: int | ColumnElement[int], as_of: datetime | None = None
) -> Select[tuple[int]]:
    """The ids of the users who follow `user` (who followed by `as_of`, if given)."""
    query = select(_follows.c.follower_id).where(_follows.c.followee_id == user)
    return query if as_of is None else query.where(_follows.c.created_at <= as_of)


def profile_in(row: Mapping[str, Any]) -> ProfileView:
    """The profile a row carries: identity's public user columns and a `following` column
    built with `is_followed_by`."""
    return ProfileView(row["username"], row["bio"], row["image"], bool(row["following"]))
