"""Each context's promises about its routes, gathered from tests/api/<ctx>/endpoints.py.

A context's module holds `ENDPOINTS` ((method, path) -> who may call: "R" a token required,
"O" optional, "-" none) and `BUDGET` (GET path -> SQL statements per answer). Tests check
both against the app's routes, so a new route cannot go unchecked.
"""

import importlib
import importlib.util
from types import ModuleType
from typing import Literal

from fastapi import APIRouter
from fastapi.routing import APIRoute

from entrypoints.composition.contexts import ROUTES, declared_contexts

Auth = Literal["R", "O", "-"]
Operation = tuple[str, str]  # ("get", "/api/articles/{slug}")
MODULE = "tests.api.{}.endpoints"


def endpoints_module(context: str) -> ModuleType:
    name = MODULE.format(context)
    if importlib.util.find_spec(name) is None:
        raise AssertionError(
            f"{context} is declared but tests/api/{context}/endpoints.py is missing"
        )
    return importlib.import_module(name)


def endpoints_of(context: str) -> dict[Operation, Auth]:
    endpoints: dict[Operation, Auth] = endpoints_module(context).ENDPOINTS
    return endpoints


def budget_of(context: str) -> dict[str, int]:
    budget: dict[str, int] = endpoints_module(context).BUDGET
    return budget


def every_endpoint() -> dict[Operation, Auth]:
    return {op: auth for c in declared_contexts() for op, auth in endpoints_of(c.name).items()}


def every_budget() -> dict[str, int]:
    return {path: cost for c in declared_contexts() for path, cost in budget_of(c.name).items()}


def router_of(context: str) -> APIRouter:
    router: APIRouter = importlib.import_module(ROUTES.format(context)).router
    return router


def routes_of(context: str) -> set[Operation]:
    """The operations of the context's router, as ("get", "/api/...")."""
    return {
        (method.lower(), route.path)
        for route in router_of(context).routes
        if isinstance(route, APIRoute)
        for method in route.methods or ()
    }
