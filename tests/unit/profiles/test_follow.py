"""The Follow relation: anyone may follow anyone else, nobody follows themselves."""

import pytest

from domain.profiles.follow import Follow
from domain.shared.errors import InvalidInput


def test_a_follow_joins_two_different_users() -> None:
    assert Follow.of(1, 2) == Follow(follower_id=1, followee_id=2)


def test_nobody_follows_themselves() -> None:
    with pytest.raises(InvalidInput) as error:
        Follow.of(3, 3)

    assert error.value.errors == {"profile": ["cannot follow yourself"]}
