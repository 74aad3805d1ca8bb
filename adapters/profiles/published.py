"""Profiles' published SQL pieces, for other contexts' read models (docs/adr/0008)."""

from sqlalchemy import ColumnElement, Select, exists, false, select

from adapters.profiles.tables import FollowRow

_follows = FollowRow.__table__  # type: ignore[attr-defined]


def is_followed_by(viewer_id: int | None, author_id: ColumnElement[int]) -> ColumnElement[bool]:
    """`following` of a profile as `viewer_id` sees it: false for anonymous viewers."""
    if viewer_id is None:
        return false()
    return exists().where(_follows.c.follower_id == viewer_id, _follows.c.followee_id == author_id)


def followees_of(viewer_id: int) -> Select[tuple[int]]:
    """The ids of the users `viewer_id` follows, as a subquery for IN (...)."""
    return select(_follows.c.followee_id).where(_follows.c.follower_id == viewer_id)
