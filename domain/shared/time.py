"""Timestamps that order correctly even when two changes land in the same millisecond."""

from datetime import datetime, timedelta

# The API shows milliseconds; a later change must never look older or identical.
RESOLUTION = timedelta(milliseconds=1)


def next_timestamp(previous: datetime, now: datetime) -> datetime:
    """`now`, or one API tick after `previous` when the clock has not visibly moved."""
    return max(now, previous + RESOLUTION)
