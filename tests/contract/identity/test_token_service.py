"""The TokenService contract, held by the JWT adapter and by the fake."""

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
