"""Rules for free text fields shared by several contexts."""

from domain.shared.errors import InvalidInput

BLANK = "can't be blank"


def required_text(field: str, raw: str | None, *, max_length: int) -> str:
    """Text that must not be blank; surrounding whitespace is kept as written."""
    if raw is None or not raw.strip():
        raise InvalidInput.of(field, BLANK)
    return bounded_text(field, raw, max_length=max_length)


def bounded_text(field: str, raw: str, *, max_length: int) -> str:
    if len(raw) > max_length:
        raise InvalidInput.of(field, f"is too long (maximum is {max_length} characters)")
    if "\x00" in raw:
        raise InvalidInput.of(field, "must not contain NUL characters")
    return raw


def optional_text(field: str, raw: str | None, *, max_length: int) -> str | None:
    """Text where blank means 'not set': empty strings and null are stored as None."""
    if raw is None or not raw.strip():
        return None
    return bounded_text(field, raw, max_length=max_length)
