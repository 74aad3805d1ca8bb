"""CONDUIT_DATABASE_URL checked before anything connects: a URL, a supported database, and for
SQLite a file whose directory exists (and, unless it is to be created, the file itself)."""

import asyncio
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from entrypoints.cli.mistakes import CONFIGURATION, Mistake

# What the engine accepts: the async driver is filled in for the bare names.
SUPPORTED = {"sqlite", "sqlite+aiosqlite", "postgresql", "postgres", "postgresql+asyncpg"}
EXAMPLES = "e.g. sqlite+aiosqlite:///./conduit.db or postgresql://user@host:5432/conduit"


@dataclass(frozen=True)
class DatabaseTarget:
    url: str
    shown: str  # for messages: the URL without its password
    sqlite_file: Path | None  # None: PostgreSQL, or SQLite in memory

    @classmethod
    def of(cls, raw: str) -> "DatabaseTarget":
        """Raises `Mistake` for a URL that cannot work, naming the variable."""
        try:
            url = make_url(raw)
        except (ArgumentError, ValueError) as error:
            raise Mistake(
                f"CONDUIT_DATABASE_URL is not a database URL ({error}); {EXAMPLES}", CONFIGURATION
            ) from None
        if url.drivername not in SUPPORTED:
            raise Mistake(
                f"CONDUIT_DATABASE_URL names {url.drivername!r}, which Conduit does not "
                f"support: it runs on SQLite or PostgreSQL, {EXAMPLES}",
                CONFIGURATION,
            )
        target = cls(raw, url.render_as_string(hide_password=True), _sqlite_file(url))
        if target.sqlite_file is not None and not target.sqlite_file.parent.is_dir():
            raise Mistake(
                f"the directory {target.sqlite_file.parent} of the SQLite database "
                f"({target.shown}) does not exist: create it or correct CONDUIT_DATABASE_URL",
                CONFIGURATION,
            )
        return target

    def schema_problem(self, timeout_seconds: float) -> str | None:
        """None when the schema is at head, else what is wrong (readiness's check, once).
        Raises `Unavailable` when the database does not answer within the timeout."""
        from entrypoints.composition.schema import schema_problem

        return asyncio.run(schema_problem(self.url, timeout_seconds))

    def require_existing(self, to_create: str) -> None:
        """Refuses a SQLite file that does not exist yet, rather than create an empty one:
        `to_create` says what would."""
        if self.sqlite_file is not None and not self.sqlite_file.exists():
            raise Mistake(f"the SQLite database {self.sqlite_file} does not exist: {to_create}")


def _sqlite_file(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database).absolute()


def shown(raw: str) -> str:
    """The URL for messages: without its password; the variable's name if it is no URL."""
    try:
        return make_url(raw).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "CONDUIT_DATABASE_URL"
