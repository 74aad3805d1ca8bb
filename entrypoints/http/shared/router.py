"""The router every context's routes hang on: under /api, the token checked first."""

from typing import Any

from fastapi import APIRouter

from entrypoints.http.shared.auth import AuthenticatedFirstRoute

API_PREFIX = "/api"


def context_router(**options: Any) -> APIRouter:
    """The prefix is the router's own, so each route's template is its full path
    (`/api/articles/{slug}`), the one the request log and metrics name it by."""
    return APIRouter(prefix=API_PREFIX, route_class=AuthenticatedFirstRoute, **options)
