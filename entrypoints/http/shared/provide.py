"""Hands use cases from the container to routes through small async dependencies."""

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Depends, Request

T = TypeVar("T")
Select = Callable[[Any], Callable[[], Any]]


def provided(select: Callable[[Any], Callable[[], T]]) -> Any:
    """`Annotated[RegisterUser, provided(lambda c: c.identity.register_user)]`.

    Reads the container from app.state on each request: no `@inject` wiring, whose
    thread-pool hop costs ~250 us per parameter (see docs/adr/0003).
    """
    name = use_case_name(select)

    async def dependency(request: Request) -> T:
        use_case: T = use_case_for(request, name, select)
        return use_case

    return Depends(dependency)


def use_case_for(request: Request, name: tuple[str, str], select: Select) -> Any:
    """A fresh use case from the container, through the app's use-case observer if any.

    The one place the HTTP layer obtains use cases: metrics and traces per context are
    installed here (entrypoints/observability/use_cases.py), for every context at once.
    """
    use_case = select(request.app.state.container)()
    observe = request.app.state.observe_use_case
    return use_case if observe is None else observe(name, use_case)


def use_case_name(select: Select) -> tuple[str, str]:
    """(context, use case) from the selector's path: `c.articles.list_articles` gives
    ("articles", "list_articles"). Read once, when the route is declared."""
    path = _Path()
    select(path)
    if len(path.names) < 2:
        raise ValueError("a use case is selected as `container.<context>.<use case>`")
    return path.names[0], path.names[-1]


class _Path:
    def __init__(self) -> None:
        self.names: list[str] = []

    def __getattr__(self, name: str) -> "_Path":
        self.names.append(name)
        return self
