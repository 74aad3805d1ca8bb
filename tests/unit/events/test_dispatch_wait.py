"""How long a running dispatcher waits after a round: the next due time, the poll at most."""

from datetime import UTC, datetime, timedelta

from adapters.shared.events.dispatcher import seconds_to_wait

STARTED = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
NOW = STARTED + timedelta(seconds=0.5)  # the round took half a second


def wait(due: datetime | None, *, claimed_any: bool) -> float:
    return seconds_to_wait(
        due, now=NOW, round_started=STARTED, claimed_any=claimed_any, longest=1.0
    )


def test_nothing_pending_waits_for_the_poll() -> None:
    assert wait(None, claimed_any=True) == wait(None, claimed_any=False) == 1.0


def test_a_publication_due_later_is_waited_for_up_to_the_poll() -> None:
    assert wait(NOW + timedelta(seconds=0.25), claimed_any=False) == 0.25
    assert wait(NOW + timedelta(seconds=30), claimed_any=True) == 1.0


def test_after_a_round_that_delivered_what_is_due_now_is_claimed_at_once() -> None:
    """Behind one of its key just delivered, or cut off by the batch's time limit."""
    assert wait(STARTED - timedelta(seconds=5), claimed_any=True) == 0.0


def test_what_came_due_during_a_round_that_claimed_nothing_is_claimed_at_once() -> None:
    assert wait(STARTED + timedelta(seconds=0.1), claimed_any=False) == 0.0


def test_what_was_due_before_a_round_that_claimed_nothing_is_another_s_it_waits() -> None:
    """Locked by another dispatcher, who goes on with it: no claim after claim meanwhile."""
    assert wait(STARTED, claimed_any=False) == 1.0
    assert wait(STARTED - timedelta(seconds=5), claimed_any=False) == 1.0
