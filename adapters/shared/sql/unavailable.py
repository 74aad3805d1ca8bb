"""Which database errors mean "unavailable, try again shortly" (docs/adr/0014).

Adapters raise `Unavailable` in their place, so the layers above never see a driver.
"""

import sqlite3
from types import TracebackType

import asyncpg
from sqlalchemy import exc

from application.shared.unavailable import Unavailable

# What asyncpg raises once the server went away or refused service: a restart or shutdown
# (57P01 admin, 57P02 crash, 57P03 starting up or shutting down), too many connections (53),
# a connection lost mid-message, a socket refused, reset or timed out. Nothing the
# statement itself did wrong.
POSTGRES_CONNECTION_LOST = (
    asyncpg.PostgresConnectionError,  # class 08, and "the connection was closed"
    asyncpg.exceptions.OperatorInterventionError,  # class 57
    asyncpg.exceptions.InternalClientError,  # a protocol left mid-message by the above
    OSError,  # refused, reset, unreachable, timed out (TimeoutError is an OSError)
)
POSTGRES_UNAVAILABLE = (
    *POSTGRES_CONNECTION_LOST,
    asyncpg.exceptions.InsufficientResourcesError,  # class 53: too many connections, ...
)
# SQLite's primary result codes for a file that cannot be opened or written now, or a lock
# held past the busy timeout.
_SQLITE_UNAVAILABLE = {
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_FULL,
}
RESOURCE = "database"
_MAX_REASON = 200


def unavailable(error: BaseException) -> Unavailable | None:
    """`error` as `Unavailable` when it means the database cannot serve now, else None."""
    for cause in causes(error):
        if _means_unavailable(cause):
            return Unavailable(RESOURCE, _one_line(causes(cause)[-1]))
    return None


class _RaiseUnavailable:
    """A reusable, stateless context manager: see `as_unavailable`."""

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        _type: type[BaseException] | None,
        error: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        if error is not None and (translated := unavailable(error)) is not None:
            raise translated from error


# `with as_unavailable:` raises `Unavailable` in place of any error in the block that means it.
as_unavailable = _RaiseUnavailable()


def _means_unavailable(error: BaseException) -> bool:
    match error:
        case exc.TimeoutError():  # no pooled connection came free in time
            return True
        case exc.DBAPIError(connection_invalidated=True):  # the dialect saw a disconnect
            return True
        case sqlite3.Error(sqlite_errorcode=int(code)):
            return code & 0xFF in _SQLITE_UNAVAILABLE  # extended codes carry the primary one
        case _:
            return isinstance(error, POSTGRES_UNAVAILABLE)


def causes(error: BaseException) -> list[BaseException]:
    """`error`, the driver error SQLAlchemy wrapped, and what that one was raised from."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        wrapped = current.orig if isinstance(current, exc.DBAPIError) else None
        current = wrapped if isinstance(wrapped, BaseException) else current.__cause__
    return chain


def _one_line(error: BaseException) -> str:
    # The first line only: PostgreSQL's DETAIL lines may quote the values of a row.
    first = str(error).split("\n", 1)[0]
    return f"{type(error).__name__}: {first}"[:_MAX_REASON]
