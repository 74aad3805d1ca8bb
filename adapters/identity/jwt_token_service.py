"""TokenService with signed JWTs (PyJWT, HS256): `sub`, `iat` and `exp`, nothing else."""

import time
from datetime import UTC, datetime, timedelta

import jwt

from adapters.shared.sql.ids import storable_id
from application.identity.ports import TokenClaims
from application.shared.clock import Clock
from domain.shared.errors import Unauthenticated

ALGORITHM = "HS256"


class JwtTokenService:
    """Issues and checks tokens. Checked tokens are remembered until they expire: a client sends
    the same token with every request, and decoding one costs ~200 us (bench/RESULTS.md)."""

    def __init__(
        self, secret: str, lifetime: timedelta, clock: Clock, remembered: int = 4096
    ) -> None:
        self._secret = secret
        self._lifetime = lifetime
        self._clock = clock
        self._remembered = remembered
        self._verified: dict[str, TokenClaims] = {}  # only tokens that passed every check

    def issue(self, user_id: int) -> str:
        now = self._clock.now()
        claims = {"sub": str(user_id), "iat": now, "exp": now + self._lifetime}
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM)

    def verify(self, token: str) -> TokenClaims:
        claims = self._verified.get(token) or self._decode(token)
        if claims.expires_at.timestamp() <= time.time():  # one expiry rule for both paths
            self._verified.pop(token, None)
            raise Unauthenticated("token", "is invalid")
        if token in self._verified:
            return claims
        if len(self._verified) >= self._remembered:
            del self._verified[next(iter(self._verified))]  # the oldest: dicts keep order
        self._verified[token] = claims
        return claims

    def _decode(self, token: str) -> TokenClaims:
        try:
            claims = jwt.decode(
                token,
                self._secret,
                # A fixed list: the token cannot choose its own algorithm ("none", RS/HS mix-ups).
                algorithms=[ALGORITHM],
                options={"require": ["exp", "iat", "sub"], "verify_exp": False},
            )
            user_id = int(claims["sub"])
        except (jwt.PyJWTError, ValueError, TypeError) as error:
            raise Unauthenticated("token", "is invalid") from error
        if not storable_id(user_id):
            raise Unauthenticated("token", "is invalid")
        return TokenClaims(
            user_id=user_id,
            issued_at=datetime.fromtimestamp(claims["iat"], UTC),
            expires_at=datetime.fromtimestamp(claims["exp"], UTC),
        )
