"""`conduit events list|retry|purge` on a registry with a failing subscriber's publications."""

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.shared.events.dispatcher import DispatchSettings
from application.shared.events import DeliveryAttempt
from tests.support.cli import conduit, one_line_error
from tests.support.databases import MigratedDatabase
from tests.support.events import Events, ThingHappened

pytestmark = pytest.mark.slow


async def failing(_event: ThingHappened, _attempt: DeliveryAttempt[AsyncSession]) -> None:
    raise RuntimeError("the mail server is on fire")


async def delivered(_event: ThingHappened, _attempt: DeliveryAttempt[AsyncSession]) -> None:
    pass


async def test_a_failing_subscribers_publications_are_listed_retried_and_purged(
    clean_database: MigratedDatabase, tmp_path: Path
) -> None:
    events = Events(clean_database)
    events.subscriptions.subscribe_after_commit(ThingHappened, "mailer", failing)
    events.subscriptions.subscribe_after_commit(ThingHappened, "audit", delivered)
    await events.publish(ThingHappened(1, key="thing:1"))
    await events.dispatcher(DispatchSettings(retry_base_seconds=0, max_attempts=2)).run_once()
    [failed] = await events.registry.listed("failed")
    url = clean_database.url

    listed = conduit(tmp_path, "events", "list", "--status", "failed", database_url=url)
    assert listed.returncode == 0, listed.stderr
    [line] = listed.stdout.splitlines()
    assert line.startswith(f"{failed.id}  failed     attempts=2  mailer  ")
    assert f"{ThingHappened.type_name()} v1  key=thing:1" in line
    assert line.endswith("RuntimeError: the mail server is on fire")
    everything = conduit(tmp_path, "events", "list", database_url=url).stdout
    assert "completed  attempts=1  audit" in everything

    retried = conduit(tmp_path, "events", "retry", str(failed.id), database_url=url)
    assert retried.stdout == "1 publication pending again\n"
    pending = conduit(tmp_path, "events", "list", "--status", "pending", database_url=url)
    assert pending.stdout.startswith(f"{failed.id}  pending    attempts=0  mailer")
    again = conduit(tmp_path, "events", "retry", str(failed.id), database_url=url)
    assert "name no failed publication" in one_line_error(again, 1)

    kept = conduit(tmp_path, "events", "purge", "--older-than", "1", database_url=url)
    assert kept.stdout == "0 completed publications deleted\n"
    purged = conduit(tmp_path, "events", "purge", "--older-than", "0", database_url=url)
    assert purged.stdout == "1 completed publication deleted\n"
    remaining = conduit(tmp_path, "events", "list", database_url=url).stdout.splitlines()
    assert [line.split()[1] for line in remaining] == ["pending"]


def test_retry_needs_ids_or_failed(tmp_path: Path) -> None:
    result = conduit(tmp_path, "events", "retry", database_url=f"sqlite:///{tmp_path}/x.db")
    assert one_line_error(result, 2) == "conduit: give publication ids or --failed (one of them)"


def test_an_unmigrated_database_is_a_one_line_error(tmp_path: Path) -> None:
    result = conduit(tmp_path, "events", "list", database_url=f"sqlite:///{tmp_path}/none.db")
    assert "does not exist: create and migrate it" in one_line_error(result, 1)
