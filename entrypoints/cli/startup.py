"""What `conduit serve` checks before it serves: it starts only as it would be ready to serve.

In order: the secret for the address, CONDUIT_DATABASE_URL, the database answering (waited for
with bounded retries), migrations when asked, and the schema at head (docs/adr/0015).
"""

import logging
import time

from application.shared.unavailable import Unavailable
from entrypoints.cli.mistakes import CONFIGURATION, Mistake
from entrypoints.cli.target import DatabaseTarget
from entrypoints.serving.loopback_only import is_loopback
from entrypoints.settings import Settings

log = logging.getLogger("conduit.startup")


def check_before_serving(settings: Settings, *, host: str, migrate: bool) -> None:
    """Returns once the database answers with its schema at head; raises `Mistake` else."""
    if not is_loopback(host) and not settings.has_secret:
        # The development secret is public: anyone could forge tokens for a reachable server.
        raise Mistake(
            f"refusing to serve on {host} without CONDUIT_JWT_SECRET (the development "
            "secret is only for 127.0.0.1); set one, e.g. `openssl rand -hex 32`",
            CONFIGURATION,
        )
    target = DatabaseTarget.of(settings.database_url)
    if not migrate:
        target.require_existing("migrate it first (`conduit db upgrade`, or serve --migrate)")
    problem = wait_for_database(settings, target)
    if migrate:
        from entrypoints.cli.database import upgrade

        upgrade(target, "heads", report=log.info)
        problem = _schema_problem(settings, target)
    if problem is not None:
        raise Mistake(
            f"the database schema {problem} ({target.shown}): run `conduit db upgrade` "
            "or serve with --migrate"
        )


def wait_for_database(settings: Settings, target: DatabaseTarget) -> str | None:
    """The schema's problem (None at head) once the database answers; while it does not, up
    to CONDUIT_DATABASE_STARTUP_ATTEMPTS tries, a log line each."""
    attempts = settings.database_startup_attempts
    pause = settings.database_startup_retry_seconds
    for attempt in range(1, attempts + 1):
        try:
            return _schema_problem(settings, target)
        except Unavailable as unavailable:
            if attempt == attempts:
                waited = f"{attempts} attempts, {pause:g} s apart"
                raise Mistake(
                    f"the database did not answer ({target.shown}) after {waited}: "
                    f"{unavailable.reason}"
                ) from unavailable
            log.warning(
                "the database does not answer yet (attempt %d of %d, again in %g s): %s",
                attempt,
                attempts,
                pause,
                unavailable.reason,
            )
        time.sleep(pause)
    raise AssertionError("unreachable: the last attempt returns or raises")


def _schema_problem(settings: Settings, target: DatabaseTarget) -> str | None:
    return target.schema_problem(settings.readiness_timeout_seconds)
