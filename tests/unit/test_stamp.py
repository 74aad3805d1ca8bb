"""Timestamps render as UTC with milliseconds and a Z, whatever zone they were read in."""

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from entrypoints.http.shared.rendering import stamp, stamps

INSTANT = datetime(2016, 2, 18, 3, 22, 56, 637_481, tzinfo=UTC)


def test_an_instant_renders_in_utc_with_milliseconds() -> None:
    assert stamp(INSTANT) == "2016-02-18T03:22:56.637Z"
    assert stamp(INSTANT.replace(microsecond=0)) == "2016-02-18T03:22:56.000Z"


def test_the_same_instant_in_another_zone_renders_the_same() -> None:
    east = INSTANT.astimezone(timezone(timedelta(hours=5, minutes=30)))
    assert stamp(east) == stamp(INSTANT) == "2016-02-18T03:22:56.637Z"


def test_every_field_is_padded_and_milliseconds_are_cut_not_rounded() -> None:
    early = datetime(7, 1, 2, 3, 4, 5, 999_999, tzinfo=UTC)
    assert stamp(early) == "0007-01-02T03:04:05.999Z"


def test_something_never_updated_shows_its_creation_stamp_twice() -> None:
    assert stamps(INSTANT, INSTANT) == ("2016-02-18T03:22:56.637Z",) * 2


def test_an_update_shows_its_own_stamp() -> None:
    later = INSTANT + timedelta(seconds=1, microseconds=400)
    assert stamps(INSTANT, later) == ("2016-02-18T03:22:56.637Z", "2016-02-18T03:22:57.637Z")


def test_the_same_instant_read_in_two_zones_is_not_an_update() -> None:
    east = INSTANT.astimezone(timezone(timedelta(hours=-3)))
    assert stamps(INSTANT, east) == ("2016-02-18T03:22:56.637Z",) * 2


def test_a_wall_clock_time_repeated_at_the_end_of_summer_time_is_two_instants() -> None:
    new_york = ZoneInfo("America/New_York")
    first = datetime(2026, 11, 1, 1, 30, tzinfo=new_york)
    repeated = first.replace(fold=1)  # an hour later, the same wall-clock time
    assert stamps(first, repeated) == ("2026-11-01T05:30:00.000Z", "2026-11-01T06:30:00.000Z")
