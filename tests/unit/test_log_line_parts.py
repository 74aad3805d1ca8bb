"""A log line's timestamp is the current UTC instant to the microsecond; a text field is
quoted exactly when it could be read as more fields or start another line."""

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from entrypoints.logging_setup import _text_value, _UtcStamp

ISO_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")


def stamped(stamp: _UtcStamp) -> datetime:
    text = stamp(None, "info", {})["timestamp"]
    assert ISO_UTC.fullmatch(text), text
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


@pytest.fixture
def local_time_not_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A zone nine hours from UTC, written out (no zone database needed): a stamp in local
    time cannot pass for UTC."""
    monkeypatch.setenv("TZ", "JST-9")
    time.tzset()
    assert time.localtime(0).tm_hour == 9
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("local_time_not_utc")
def test_the_stamp_is_now_in_utc() -> None:
    stamp = _UtcStamp()
    before = datetime.now(UTC)
    read = stamped(stamp)
    after = datetime.now(UTC)
    assert before <= read <= after


@pytest.mark.usefixtures("local_time_not_utc")
def test_each_second_gets_its_own_date_and_time(monkeypatch: pytest.MonkeyPatch) -> None:
    stamp = _UtcStamp()
    one_second = 1_000_000_000
    start = 1_700_000_000 * one_second
    after = (250_000_000, 500_000_999, one_second + 2_000, 86_400 * one_second)
    instants = iter([start + nanoseconds for nanoseconds in after])
    monkeypatch.setattr(time, "time_ns", lambda: next(instants))
    texts = [stamp(None, "info", {})["timestamp"] for _ in range(4)]
    assert texts == [
        "2023-11-14T22:13:20.250000Z",
        "2023-11-14T22:13:20.500000Z",
        "2023-11-14T22:13:21.000002Z",
        "2023-11-15T22:13:20.000000Z",
    ]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("GET", "GET"),
        ("/api/articles/{slug}", "/api/articles/{slug}"),
        (200, "200"),
        (1.5, "1.5"),
        (None, "None"),
        ("", "''"),
        ("two words", "'two words'"),
        ("a=b", "'a=b'"),
        ("x\ny", "'x\\ny'"),
        ("x\ry", "'x\\ry'"),
        ("x\x0by", "'x\\x0by'"),
        ("x\u2028y", "'x\\u2028y'"),
        ("x\x85y", "'x\\x85y'"),
        ("tab\there", "'tab\\there'"),
    ],
)
def test_a_text_value_is_quoted_only_when_it_could_mislead(value: object, written: str) -> None:
    assert _text_value(value) == written
