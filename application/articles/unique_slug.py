"""Retries a write with the next slug candidate when another article took the slug first."""

from collections.abc import Awaitable, Callable, Iterator
from typing import TypeVar

from domain.articles.repository import SlugTaken

T = TypeVar("T")
ATTEMPTS = 5


async def with_unique_slug(candidates: Iterator[str], write: Callable[[str], Awaitable[T]]) -> T:
    """Call `write(slug)` with each candidate until one is free (each call its own transaction).

    The plain slug is tried first; a concurrent writer may take it between our check and our
    insert, which the unique index reports as SlugTaken. Random suffixes then make a second
    clash practically impossible, but the loop is bounded all the same.
    """
    for _attempt in range(ATTEMPTS - 1):
        try:
            return await write(next(candidates))
        except SlugTaken:
            continue
    return await write(next(candidates))
