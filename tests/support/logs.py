"""Reading what the app logs: logging pointed at a buffer, lines parsed back."""

import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from entrypoints.logging_setup import LogFormat, LogLevel, configure_logging


@contextmanager
def captured_logs(
    log_format: LogFormat = "json", level: LogLevel = "info"
) -> Iterator[io.StringIO]:
    """Every line written meanwhile, in `log_format`. An app's request log binds the stream
    on its first request: build the app before, send its first request inside."""
    stream = io.StringIO()
    configure_logging(level, log_format, stream)
    try:
        yield stream
    finally:
        configure_logging("info", "text")


def json_lines(text: str) -> list[dict[str, Any]]:
    """Every line parsed; fails on the first line that is not one JSON object."""
    lines = []
    for line in text.splitlines():
        parsed = json.loads(line)
        assert isinstance(parsed, dict), line
        lines.append(parsed)
    return lines


def access_lines(text: str) -> list[dict[str, Any]]:
    return [line for line in json_lines(text) if line.get("logger") == "conduit.access"]
