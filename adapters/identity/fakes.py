"""Fakes of the identity ports: a transparent hasher and a token book, for use-case tests."""

import secrets
from datetime import timedelta

from application.identity.ports import TokenClaims
from application.shared.clock import Clock
from domain.identity.values import Password
from domain.shared.errors import Unauthenticated


class FakePasswordHasher:
    """Not a hash at all; records how often `verify` ran so timing-safety can be asserted."""

    def __init__(self) -> None:
        self.verifications = 0

    async def hash(self, password: Password) -> str:
        return f"fake-hash:{password.value}"

    async def verify(self, password: str, password_hash: str | None) -> bool:
        self.verifications += 1
        return password_hash == f"fake-hash:{password}"


class FakeTokenService:
    """Opaque random tokens remembered in a dict; expired when the clock passes `lifetime`."""

    def __init__(self, clock: Clock, lifetime: timedelta = timedelta(days=1)) -> None:
        self._clock = clock
        self._lifetime = lifetime
        self._issued: dict[str, TokenClaims] = {}

    def issue(self, user_id: int) -> str:
        token = secrets.token_urlsafe(16)
        now = self._clock.now()
        self._issued[token] = TokenClaims(user_id, now, now + self._lifetime)
        return token

    def verify(self, token: str) -> TokenClaims:
        claims = self._issued.get(token)
        if claims is None or claims.expires_at <= self._clock.now():
            raise Unauthenticated("token", "is invalid")
        return claims
