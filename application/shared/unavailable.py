"""The failure any port may raise when the store behind it cannot serve right now."""


class Unavailable(Exception):
    """`resource` (the database) is down, restarting, unreachable or saturated: trying again
    shortly may succeed. A read did not happen. A write was rolled back, unless the
    connection died while its COMMIT was in flight, when it may have been applied: callers
    must not repeat a write blindly on this error. `reason` is one line for the log."""

    def __init__(self, resource: str, reason: str) -> None:
        self.resource = resource
        self.reason = reason
        super().__init__(f"{resource} unavailable: {reason}")
