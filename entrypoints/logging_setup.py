"""Logging for every process: one format (text or JSON lines) for our lines and uvicorn's.

Log with the standard library (`logging.getLogger("conduit.<area>")`, fields in `extra=`);
structlog renders every line. The one line each request writes (the access line) skips the
standard library's record machinery: `fast_logger` writes it through structlog directly, in
the same format, at less than half the cost. Third-party loggers pass at WARNING and above
whatever the level, so no library's debug output (SQL parameters, result rows) is let
through. See docs/adr/0012-logging.md.
"""

import json
import logging
import logging.config
import re
import sys
import time
from contextvars import ContextVar
from typing import Any, Literal, TextIO

import structlog
from structlog.typing import EventDict, FilteringBoundLogger, Processor, WrappedLogger

LogLevel = Literal["debug", "info", "warning", "error", "critical"]
LogFormat = Literal["text", "json"]

# Set by the HTTP request log while it handles a request; None outside requests.
request_id: ContextVar[str | None] = ContextVar("conduit_request_id", default=None)

# Loggers whose level follows the setting; every other logger stays at WARNING or above.
OWN_LOGGERS = ("conduit", "uvicorn")
THIRD_PARTY_FLOOR = logging.WARNING


def _add_request_id(_logger: WrappedLogger, _name: str, event: EventDict) -> EventDict:
    if "request_id" not in event:
        current = request_id.get()
        if current is not None:
            event["request_id"] = current
    return event


def _drop_uvicorn_colors(_logger: WrappedLogger, _name: str, event: EventDict) -> EventDict:
    event.pop("color_message", None)  # uvicorn's ANSI copy of the message, as an extra
    return event


def _render_text(_logger: WrappedLogger, _name: str, event: EventDict) -> str:
    """`<time> <LEVEL> <logger> <message> key=value ...`, then the traceback, if any."""
    head = (
        f"{event.pop('timestamp')} {event.pop('level', '').upper():<7} "
        f"{event.pop('logger', '-')} {event.pop('event', '')}"
    )
    exception = event.pop("exception", None)
    fields = " ".join(f"{key}={_text_value(value)}" for key, value in event.items())
    line = f"{head} {fields}" if fields else head
    return f"{line}\n{exception}" if exception else line


# Spaces, tabs and `=` would read as more fields; the rest end a line for `str.splitlines()`.
_NEEDS_QUOTES = re.compile("[ \t=\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]").search


def _text_value(value: object) -> str:
    """Quoted (newlines escaped) when it could be read as more fields or another line."""
    text = str(value)
    return repr(text) if not text or _NEEDS_QUOTES(text) else text


class _UtcStamp:
    """`timestamp`: ISO 8601 in UTC to the microsecond, `2026-12-03T20:12:38.181214Z`.

    The date and time of day are formatted once a second, not per line (structlog's
    TimeStamper builds a datetime and its ISO text for each: 2.2 against 0.6 us).
    """

    def __init__(self) -> None:
        self._second: tuple[int, str] = (-1, "")  # one attribute: threads may log too

    def __call__(self, _logger: WrappedLogger, _name: str, event: EventDict) -> EventDict:
        now, nanoseconds = divmod(time.time_ns(), 1_000_000_000)
        second, text = self._second
        if now != second:
            text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now))
            self._second = (now, text)
        event["timestamp"] = f"{text}.{nanoseconds // 1000:06d}Z"
        return event


_STAMP = _UtcStamp()


# Built once: json.dumps with a `default` builds an encoder per call, twice the cost.
_JSON = json.JSONEncoder(default=repr)


def _encode_json(event: EventDict, **_options: Any) -> str:
    return _JSON.encode(event)


def _renderer(log_format: LogFormat) -> Processor:
    if log_format == "json":
        return structlog.processors.JSONRenderer(serializer=_encode_json)
    return _render_text


def _formatter(log_format: LogFormat) -> logging.Formatter:
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[
            _STAMP,
            structlog.stdlib.add_log_level,
            structlog.stdlib.add_logger_name,
            structlog.stdlib.ExtraAdder(),
            _drop_uvicorn_colors,
            _add_request_id,
        ],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            _renderer(log_format),
        ],
    )


def logging_config(
    level: LogLevel, log_format: LogFormat, stream: TextIO | None = None
) -> dict[str, Any]:
    """A `logging.config.dictConfig` dictionary; uvicorn's `log_config` takes it as it is."""
    own = level.upper()
    floor = max(logging.getLevelName(own), THIRD_PARTY_FLOOR)
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"conduit": {"()": _formatter, "log_format": log_format}},
        "handlers": {
            "stream": {
                "class": "logging.StreamHandler",
                "formatter": "conduit",
                "stream": stream if stream is not None else "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stream"], "level": logging.getLevelName(floor)},
        "loggers": {
            **{name: {"handlers": [], "level": own, "propagate": True} for name in OWN_LOGGERS},
            "uvicorn.error": {"handlers": [], "level": "NOTSET", "propagate": True},
            # Our request log writes the access line (route template, request id, user).
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
            # It logs each failed connection attempt as an error: once a second while the
            # broker is down. conduit.broker says so once per outage instead (docs/adr/0018).
            "aiormq.connection": {"handlers": [], "level": "CRITICAL", "propagate": True},
        },
    }


def configure_logging(level: LogLevel, log_format: LogFormat, stream: TextIO | None = None) -> None:
    """Applies `logging_config` and the same format to `fast_logger`; safe to call again
    (each uvicorn worker, each app built)."""
    logging.config.dictConfig(logging_config(level, log_format, stream))
    structlog.configure(
        # No traceback step: lines on the hot path carry none.
        processors=[structlog.processors.add_log_level, _STAMP, _renderer(log_format)],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.WriteLoggerFactory(stream if stream is not None else sys.stderr),
        cache_logger_on_first_use=False,
    )


def fast_logger(name: str) -> FilteringBoundLogger:
    """A logger bound to the current configuration, for lines on the hot path: build it
    after `configure_logging`, keep it, and pass every field (request_id too) explicitly."""
    logger: FilteringBoundLogger = structlog.get_logger().bind(logger=name)
    return logger
