"""Slugs: URL-safe names derived from titles, made unique with a short random suffix."""

import re
import secrets
import string
import unicodedata
from collections.abc import Iterator

MAX_BASE = 80
# Paths under /articles/ that are not articles: a slug equal to one would be unreachable.
RESERVED = frozenset({"feed"})
_ALPHABET = string.ascii_lowercase + string.digits
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(title: str) -> str:
    """`How to Train Your Dragon!` -> `how-to-train-your-dragon`; ASCII only, never empty."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_title.lower()).strip("-")
    slug = slug[:MAX_BASE].rstrip("-")
    return slug or "article"


def slug_candidates(title: str) -> Iterator[str]:
    """The plain slug first (unless it is reserved), then it with a random 6-character
    suffix, forever."""
    base = slugify(title)
    if base not in RESERVED:
        yield base
    while True:
        yield f"{base}-{''.join(secrets.choice(_ALPHABET) for _ in range(6))}"
