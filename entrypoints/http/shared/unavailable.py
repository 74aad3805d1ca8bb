"""How refusals for a database that cannot serve are logged: a line each, a summary per window."""

import asyncio
import logging

from application.shared.unavailable import Unavailable

SUMMARY_SECONDS = 10.0

log = logging.getLogger("conduit.unavailable")


class OutageLog:
    """One line per failure, without a traceback (they are all alike), and at most one
    summary per `window` seconds saying how many requests were refused in it."""

    def __init__(self, window: float = SUMMARY_SECONDS) -> None:
        self._window = window
        self._refused = 0

    def refused(self, request: str, error: Unavailable) -> None:
        log.warning("%s unavailable: %s (%s)", error.resource, error.reason, request)
        self._refused += 1
        if self._refused == 1:
            asyncio.get_running_loop().call_later(self._window, self._summarize)

    def _summarize(self) -> None:
        log.warning(
            "%d requests answered 503 in the last %g s: the database was unavailable",
            self._refused,
            self._window,
        )
        self._refused = 0
