"""Timestamps render as UTC with milliseconds and a Z, whatever zone they were read in."""

from datetime import UTC, datetime, timedelta, timezone

from entrypoints.http.shared.rendering import stamp

INSTANT = datetime(2016, 2, 18, 3, 22, 56, 637_481, tzinfo=UTC)


def test_an_instant_renders_in_utc_with_milliseconds() -> None:
    assert stamp(INSTANT) == "2016-02-18T03:22:56.637Z"
    assert stamp(INSTANT.replace(microsecond=0)) == "2016-02-18T03:22:56.000Z"


def test_the_same_instant_in_another_zone_renders_the_same() -> None:
    east = INSTANT.astimezone(timezone(timedelta(hours=5, minutes=30)))
    assert stamp(east) == stamp(INSTANT) == "2016-02-18T03:22:56.637Z"
