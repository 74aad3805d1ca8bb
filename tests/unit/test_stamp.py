"""Timestamps render as UTC with milliseconds and a Z, whatever zone they were read in, and
the same instant always renders the same, remembered or not."""

from datetime import UTC, datetime, timedelta, timezone

from entrypoints.http.shared.rendering import stamp

INSTANT = datetime(2016, 2, 18, 3, 22, 56, 637_481, tzinfo=UTC)


def test_an_instant_renders_in_utc_with_milliseconds() -> None:
    assert stamp(INSTANT) == "2016-02-18T03:22:56.637Z"
    assert stamp(INSTANT.replace(microsecond=0)) == "2016-02-18T03:22:56.000Z"


def test_the_same_instant_in_another_zone_renders_the_same() -> None:
    east = INSTANT.astimezone(timezone(timedelta(hours=5, minutes=30)))
    stamp.cache_clear()
    assert stamp(east) == stamp(INSTANT) == "2016-02-18T03:22:56.637Z"


def test_remembered_stamps_are_those_of_their_own_instants() -> None:
    stamp.cache_clear()
    instants = [INSTANT + timedelta(milliseconds=n) for n in range(10_000)]  # past the cache
    first = [stamp(instant) for instant in instants]
    again = [stamp(instant) for instant in reversed(instants)]

    assert first == list(reversed(again))
    assert first[1] == "2016-02-18T03:22:56.638Z"
    assert len(set(first)) == len(instants)
    assert stamp.cache_info().hits > 0
