"""Which driver errors mean "the database is unavailable" (503), and which do not."""

import sqlite3
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import exc

from adapters.shared.sql.unavailable import as_unavailable, unavailable
from application.shared.unavailable import Unavailable


def sqlite_error(directory: Path, sql: str, *, locked: bool) -> sqlite3.Error:
    """A real error from SQLite running `sql`, while another connection holds the write lock
    or not."""
    path = directory / "db.sqlite"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY)")
    holder.execute("INSERT OR IGNORE INTO t VALUES (1)")
    if locked:
        holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute(sql)
    except sqlite3.Error as error:
        return error
    finally:
        other.close()
        holder.close()
    pytest.fail(f"{sql} did not fail")


def wrapped(orig: BaseException) -> BaseException:
    return exc.DBAPIError.instance("SELECT 1", None, orig, Exception)  # as SQLAlchemy raises them


@pytest.mark.parametrize(
    "error",
    [
        asyncpg.exceptions.AdminShutdownError(
            "terminating connection due to administrator command"
        ),
        asyncpg.exceptions.CannotConnectNowError("the database system is starting up"),
        asyncpg.exceptions.TooManyConnectionsError("sorry, too many clients already"),
        asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed"),
        ConnectionRefusedError(111, "Connect call failed"),
        ConnectionResetError(104, "Connection reset by peer"),
        exc.TimeoutError("QueuePool limit of size 1 overflow 0 reached"),
        wrapped(asyncpg.exceptions.AdminShutdownError("terminating connection")),
    ],
    ids=lambda error: type(error).__name__,
)
def test_lost_refused_or_saturated_connections_are_unavailable(error: BaseException) -> None:
    translated = unavailable(error)

    assert translated is not None
    assert translated.resource == "database"
    assert "\n" not in translated.reason


def test_a_sqlite_lock_held_too_long_is_unavailable(tmp_path: Path) -> None:
    busy = sqlite_error(tmp_path, "BEGIN IMMEDIATE", locked=True)

    assert unavailable(wrapped(busy)) is not None


@pytest.mark.parametrize(
    "error",
    [
        asyncpg.exceptions.UniqueViolationError("duplicate key value"),
        asyncpg.exceptions.UndefinedTableError('relation "users" does not exist'),
        wrapped(asyncpg.exceptions.UniqueViolationError("duplicate key value")),
        ValueError("not a database error"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_errors_of_the_statement_itself_are_not(error: BaseException) -> None:
    assert unavailable(error) is None


def test_a_broken_sqlite_constraint_is_not(tmp_path: Path) -> None:
    assert unavailable(sqlite_error(tmp_path, "INSERT INTO t VALUES (1)", locked=False)) is None


def test_the_reason_is_the_first_line_of_the_driver_error_only() -> None:
    error = asyncpg.exceptions.AdminShutdownError("terminating connection\nDETAIL: (a@b.c)")

    translated = unavailable(wrapped(error))

    assert translated is not None
    assert translated.reason == "AdminShutdownError: terminating connection"


def test_as_unavailable_raises_unavailable_in_place_of_such_errors_only() -> None:
    with pytest.raises(Unavailable), as_unavailable:
        raise ConnectionResetError(104, "Connection reset by peer")
    with pytest.raises(KeyError), as_unavailable:
        raise KeyError("other")
