"""TokenService with signed JWTs (PyJWT, HS256): `sub`, `iat` and `exp`, nothing else."""

from datetime import UTC, datetime, timedelta

import jwt

from application.identity.ports import TokenClaims
from application.shared.clock import Clock
from domain.shared.errors import Unauthenticated

ALGORITHM = "HS256"
MAX_USER_ID = 2**31 - 1  # the id column is a 32-bit integer on PostgreSQL


class JwtTokenService:
    def __init__(self, secret: str, lifetime: timedelta, clock: Clock) -> None:
        self._secret = secret
        self._lifetime = lifetime
        self._clock = clock

    def issue(self, user_id: int) -> str:
        now = self._clock.now()
        claims = {"sub": str(user_id), "iat": now, "exp": now + self._lifetime}
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM)

    def verify(self, token: str) -> TokenClaims:
        try:
            claims = jwt.decode(
                token,
                self._secret,
                # A fixed list: the token cannot choose its own algorithm ("none", RS/HS mix-ups).
                algorithms=[ALGORITHM],
                options={"require": ["exp", "iat", "sub"]},
            )
            user_id = int(claims["sub"])
        except (jwt.PyJWTError, ValueError, TypeError) as error:
            raise Unauthenticated("token", "is invalid") from error
        if not 0 < user_id <= MAX_USER_ID:
            raise Unauthenticated("token", "is invalid")
        return TokenClaims(
            user_id=user_id,
            issued_at=datetime.fromtimestamp(claims["iat"], UTC),
            expires_at=datetime.fromtimestamp(claims["exp"], UTC),
        )
