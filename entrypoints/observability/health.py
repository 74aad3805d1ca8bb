"""Liveness and readiness probes, outside the RealWorld API (docs/operations.md).

Live: the process answers, no I/O. Ready: the database answers, within a timeout, and its
schema is at every branch's head; one query per probe on the read pool's connections. Further
named checks (events: the delivery backlog) run after those, under the same timeout.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from opentelemetry.instrumentation.utils import suppress_instrumentation

from entrypoints.http.shared.errors import error_response

log = logging.getLogger("conduit.health")

Revisions = Callable[[], Awaitable[frozenset[str]]]
SchemaProblem = Callable[[frozenset[str]], str | None]
Check = Callable[[], Awaitable[str | None]]  # a problem in a few words, or None


class Readiness:
    """`failures()`: the failing checks, named as the contract's errors; empty when ready."""

    def __init__(
        self,
        applied: Revisions,
        schema_problem: SchemaProblem,
        timeout_seconds: float,
        checks: Mapping[str, Check] | None = None,
    ) -> None:
        self._applied = applied
        self._schema_problem = schema_problem
        self._timeout = timeout_seconds
        self._checks = dict(checks or {})

    async def failures(self) -> dict[str, list[str]]:
        try:
            # A probe a second would bury the traces in root spans of its one statement.
            with suppress_instrumentation():
                async with asyncio.timeout(self._timeout):
                    applied = await self._applied()
        except TimeoutError:
            return {"database": [f"did not answer within {self._timeout:g} s"]}
        except Exception as error:
            # Logged for the operator; the probe's answer names no host or credentials.
            log.warning("readiness: the database is unreachable: %r", error)
            return {"database": [f"is unreachable ({type(error).__name__})"]}
        problem = self._schema_problem(applied)
        if problem is not None:
            return {"schema": [problem]}
        failures: dict[str, list[str]] = {}
        for name, check in self._checks.items():
            try:
                with suppress_instrumentation():
                    async with asyncio.timeout(self._timeout):
                        problem = await check()
            except TimeoutError:
                problem = f"did not answer within {self._timeout:g} s"
            except Exception as error:
                log.warning("readiness: the %s check failed: %r", name, error)
                problem = f"could not be checked ({type(error).__name__})"
            if problem is not None:
                failures[name] = [problem]
        return failures


def health_router(readiness: Readiness) -> APIRouter:
    router = APIRouter(prefix="/health", include_in_schema=False)

    @router.get("/live")
    async def live() -> JSONResponse:
        return JSONResponse({"status": "live"})

    @router.get("/ready")
    async def ready() -> JSONResponse:
        failures = await readiness.failures()
        if failures:
            return error_response(503, failures)
        return JSONResponse({"status": "ready"})

    return router
