"""Value objects of the identity context: the rules a username, email and password follow."""

import re
from dataclasses import dataclass

from domain.shared.errors import InvalidInput
from domain.shared.text import BLANK

USERNAME_MAX = 64
EMAIL_MAX = 254
PASSWORD_MIN = 8
PASSWORD_MAX = 256

# Usernames appear in URLs (/profiles/{username}); word characters keep them readable there.
_USERNAME = re.compile(r"[\w.\-]+")
# Dot segments: clients and proxies resolve /profiles/.. to /, so these profiles are unreachable.
_DOT_SEGMENTS = frozenset({".", ".."})
# Deliberately loose (see docs/adr/0006): RealWorld test suites register addresses without "@",
# and only a confirmation mail could prove an address anyway. No spaces or control characters.
_EMAIL = re.compile(r"[^\s\x00-\x1f\x7f]+")


@dataclass(frozen=True, slots=True)
class Username:
    value: str

    @classmethod
    def parse(cls, raw: str | None) -> "Username":
        if raw is None or not raw.strip():
            raise InvalidInput.of("username", BLANK)
        value = raw.strip()
        if len(value) > USERNAME_MAX:
            raise InvalidInput.of("username", f"is too long (maximum is {USERNAME_MAX} characters)")
        if not _USERNAME.fullmatch(value):
            raise InvalidInput.of("username", "may only contain letters, digits, '_', '-' and '.'")
        if value in _DOT_SEGMENTS:
            raise InvalidInput.of("username", "can't be '.' or '..'")
        return cls(value)


@dataclass(frozen=True, slots=True)
class Email:
    value: str

    @classmethod
    def parse(cls, raw: str | None) -> "Email":
        if raw is None or not raw.strip():
            raise InvalidInput.of("email", BLANK)
        value = raw.strip()
        # The canonical form is stored too, and case-folding can lengthen it ("ß" -> "ss").
        if len(value.casefold()) > EMAIL_MAX or not _EMAIL.fullmatch(value):
            raise InvalidInput.of("email", "is invalid")
        return cls(value)

    @property
    def canonical(self) -> str:
        """The form uniqueness and login compare: case does not make a different address."""
        return self.value.casefold()


@dataclass(frozen=True, slots=True)
class Password:
    """A plain-text password on its way to the hasher; never stored, never shown."""

    value: str

    def __repr__(self) -> str:
        return "Password(***)"

    @classmethod
    def parse(cls, raw: str | None) -> "Password":
        # Length only: NIST 800-63B advises against composition rules.
        if raw is None or raw == "":
            raise InvalidInput.of("password", BLANK)
        if len(raw) < PASSWORD_MIN:
            raise InvalidInput.of(
                "password", f"is too short (minimum is {PASSWORD_MIN} characters)"
            )
        if len(raw) > PASSWORD_MAX:
            raise InvalidInput.of("password", f"is too long (maximum is {PASSWORD_MAX} characters)")
        return cls(raw)
