"""TokenService with signed JWTs (PyJWT, HS256): `sub`, `iat` and `exp`, nothing else."""

import math
import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

from adapters.shared.sql.ids import storable_id
from application.identity.ports import TokenClaims
from application.shared.clock import Clock
from domain.shared.errors import Unauthenticated

ALGORITHM = "HS256"
# `sub` as issue() writes it: int() alone would also take " 7", "+7", "0_7" and 4,000 digits.
_SUBJECT = re.compile(r"[1-9][0-9]{0,9}")


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
        """The claims of a token we could have issued; anything else is invalid, never an error.

        A validly signed token still comes from outside: only the secret's holder can make one,
        but a leaked or test secret must not turn odd claims (`exp` of 1e20, "tomorrow", NaN,
        a list) into a 500.
        """
        try:
            claims = jwt.decode(
                token,
                self._secret,
                # A fixed list: the token cannot choose its own algorithm ("none", RS/HS mix-ups).
                algorithms=[ALGORITHM],
                options={"require": ["exp", "iat", "sub"], "verify_exp": False},
            )
        except jwt.PyJWTError as error:
            raise Unauthenticated("token", "is invalid") from error
        subject = claims["sub"]
        if not (isinstance(subject, str) and _SUBJECT.fullmatch(subject)):
            raise Unauthenticated("token", "is invalid")
        user_id = int(subject)
        if not storable_id(user_id):
            raise Unauthenticated("token", "is invalid")
        return TokenClaims(
            user_id=user_id, issued_at=_instant(claims["iat"]), expires_at=_instant(claims["exp"])
        )


def _instant(value: Any) -> datetime:
    """A NumericDate claim as a datetime; one no datetime can hold makes the token invalid."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise Unauthenticated("token", "is invalid")
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError) as error:  # beyond year 1..9999 or the C time_t
        raise Unauthenticated("token", "is invalid") from error
