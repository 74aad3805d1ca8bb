"""The TokenService contract, held by the JWT adapter and by the fake."""

import time
from datetime import timedelta

import pytest

from adapters.identity.fakes import FakeTokenService
from adapters.identity.jwt_token_service import JwtTokenService
from adapters.shared.fakes import FixedClock
from application.identity.ports import TokenService
from domain.shared.errors import Unauthenticated


@pytest.fixture(params=["jwt", "fake"])
def tokens(request: pytest.FixtureRequest) -> TokenService:
    clock = FixedClock()
    clock.current = clock.current.now(
        clock.current.tzinfo
    )  # JWT expiry is checked on the wall clock
    if request.param == "fake":
        return FakeTokenService(clock, timedelta(hours=1))
    return JwtTokenService("s" * 40, timedelta(hours=1), clock)


def test_an_issued_token_names_its_user(tokens: TokenService) -> None:
    claims = tokens.verify(tokens.issue(42))

    assert claims.user_id == 42
    assert claims.expires_at - claims.issued_at == timedelta(hours=1)


@pytest.mark.parametrize("bad", ["", "garbage", "a.b.c"])
def test_anything_else_is_invalid(tokens: TokenService, bad: str) -> None:
    with pytest.raises(Unauthenticated) as error:
        tokens.verify(bad)

    assert (error.value.key, error.value.message) == ("token", "is invalid")


def test_an_altered_token_is_invalid(tokens: TokenService) -> None:
    token = tokens.issue(42)
    altered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    with pytest.raises(Unauthenticated):
        tokens.verify(altered)


def test_a_token_from_another_secret_is_invalid() -> None:
    clock = FixedClock()
    clock.current = clock.current.now(clock.current.tzinfo)
    ours = JwtTokenService("s" * 40, timedelta(hours=1), clock)
    theirs = JwtTokenService("t" * 40, timedelta(hours=1), clock)

    with pytest.raises(Unauthenticated):
        ours.verify(theirs.issue(1))


def test_an_expired_jwt_is_invalid() -> None:
    clock = FixedClock()
    clock.current = clock.current.now(clock.current.tzinfo) - timedelta(hours=2)
    tokens = JwtTokenService("s" * 40, timedelta(hours=1), clock)

    with pytest.raises(Unauthenticated):
        tokens.verify(tokens.issue(1))


def test_a_remembered_token_still_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FixedClock()
    clock.current = clock.current.now(clock.current.tzinfo)
    tokens = JwtTokenService("s" * 40, timedelta(seconds=30), clock)
    token = tokens.issue(7)
    assert tokens.verify(token).user_id == 7  # decoded, then remembered

    later = time.time() + 60
    monkeypatch.setattr(time, "time", lambda: later)

    with pytest.raises(Unauthenticated):
        tokens.verify(token)


def test_remembering_is_bounded_and_forgets_nothing_it_must_check() -> None:
    clock = FixedClock()
    clock.current = clock.current.now(clock.current.tzinfo)
    tokens = JwtTokenService("s" * 40, timedelta(hours=1), clock, remembered=2)
    issued = [tokens.issue(user_id) for user_id in (1, 2, 3)]

    assert [tokens.verify(t).user_id for t in issued] == [1, 2, 3]
    assert [tokens.verify(t).user_id for t in issued] == [1, 2, 3]
    with pytest.raises(Unauthenticated):
        tokens.verify(issued[0][:-2] + "xx")
