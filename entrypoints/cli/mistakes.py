"""Expected failures of `conduit` commands, each told in one line (a traceback only with --debug).

An expected failure is one the operator fixes outside the code: a setting, the database's
address, its existence or its schema; or one a team fixes in a context's declaration, which
says what is wrong in a line. Anything else is a bug and keeps its traceback.
"""

import socket
import sqlite3
import sys
from collections.abc import Iterator

import asyncpg
from pydantic import ValidationError

from application.shared.unavailable import Unavailable
from entrypoints.composition.contexts import DeclarationError
from entrypoints.settings import InsecureConfiguration

CONFIGURATION = 2  # exit code: a setting is wrong (as argparse's usage errors)
STATE = 1  # exit code: the database is missing, unreachable or not migrated
# A file that cannot be opened, is no database, or may not be written.
_SQLITE_UNUSABLE = {
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_NOTADB,
    sqlite3.SQLITE_READONLY,
    sqlite3.SQLITE_PERM,
}


class Mistake(Exception):
    """An expected failure: `message` says what to fix, in one line."""

    def __init__(self, message: str, exit_code: int = STATE) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


def as_mistake(error: BaseException, database: str) -> Mistake | None:
    """`error` (or what it was raised from) told in one line; None for a bug.

    `database` names the database for the message: its URL without the password."""
    for cause in _causes(error):
        match cause:
            case Mistake():
                return cause
            case ValidationError():
                return settings_mistake(cause)
            case InsecureConfiguration():
                return Mistake(str(cause), CONFIGURATION)
            case DeclarationError():  # a context's declaration, in application/<ctx>/context.py
                return Mistake(f"context declarations: {cause}", CONFIGURATION)
            case asyncpg.InvalidCatalogNameError():
                return Mistake(
                    f"{_first_line(cause)} ({database}): create it (e.g. `createdb`) "
                    "or correct CONDUIT_DATABASE_URL"
                )
            case asyncpg.InvalidAuthorizationSpecificationError() | asyncpg.InvalidPasswordError():
                return Mistake(f"the database refused the login: {_first_line(cause)} ({database})")
            case socket.gaierror():
                return Mistake(f"cannot resolve the database's host ({database}): {cause}")
            case ConnectionRefusedError():
                return Mistake(f"the database refused the connection ({database})")
            case TimeoutError():
                return Mistake(f"the database did not answer in time ({database})")
            case OSError():
                return Mistake(f"cannot reach the database ({database}): {_first_line(cause)}")
            case sqlite3.Error(sqlite_errorcode=int(code)) if code & 0xFF in _SQLITE_UNUSABLE:
                return Mistake(f"cannot use the SQLite database ({database}): {cause}")
            case _ if _alembic_command_error(cause):  # an unknown revision, an ambiguous target
                return Mistake(f"migrations: {_first_line(cause)}")
    # Last: what it was raised from, when known, says more.
    for cause in _causes(error):
        if isinstance(cause, Unavailable):
            return Mistake(f"the database is unavailable ({database}): {cause.reason}")
    return None


def _alembic_command_error(error: BaseException) -> bool:
    # Looked up, not imported: importing Alembic costs every `conduit` command ~0.3-0.7 s,
    # and an error of Alembic's can only come from a command that imported it.
    exceptions = sys.modules.get("alembic.util.exc")
    return exceptions is not None and isinstance(error, exceptions.CommandError)


def settings_mistake(error: ValidationError) -> Mistake:
    """Every invalid setting named by its variable, with what it accepts, in one line."""
    problems = []
    for problem in error.errors():
        variable = "CONDUIT_" + "_".join(str(part) for part in problem["loc"]).upper()
        given = problem.get("input")
        shown = f"={given!r}" if isinstance(given, str | int | float) else ""
        problems.append(f"{variable}{shown}: {problem['msg'][:1].lower()}{problem['msg'][1:]}")
    return Mistake("; ".join(problems), CONFIGURATION)


def _causes(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        wrapped = getattr(current, "orig", None)  # SQLAlchemy's DBAPIError wraps the driver's
        current = wrapped if isinstance(wrapped, BaseException) else current.__cause__


def _first_line(error: BaseException) -> str:
    return str(error).strip().split("\n", 1)[0]
