"""Hands use cases from the container to routes through small async dependencies."""

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Depends, Request

T = TypeVar("T")


def provided(select: Callable[[Any], Callable[[], T]]) -> Any:
    """`Annotated[RegisterUser, provided(lambda c: c.identity.register_user)]`.

    Reads the container from app.state on each request: no `@inject` wiring, whose
    thread-pool hop costs ~250 us per parameter (see docs/adr/0003).
    """

    async def dependency(request: Request) -> T:
        return select(request.app.state.container)()

    return Depends(dependency)
