"""`conduit events`: the dispatcher as a process of its own, and the publication registry."""

import argparse
import asyncio
from datetime import UTC, datetime, timedelta

from entrypoints.cli.database import MIGRATE_FIRST
from entrypoints.cli.help import Commands, add_command
from entrypoints.cli.mistakes import CONFIGURATION, Mistake
from entrypoints.cli.startup import check_before_serving
from entrypoints.cli.target import DatabaseTarget
from entrypoints.logging_setup import configure_logging
from entrypoints.settings import Settings

STATUSES = ("pending", "completed", "failed")
# Publication ids are 64-bit, and so is a LIMIT: a larger number cannot be bound.
MAX_NUMBER = 2**63 - 1
REGISTRY = ("database_url", "readiness_timeout_seconds")
WORKER = (
    *("database_url", "database_pool_size", "database_pool_timeout_seconds", "log_level"),
    *(name for name in Settings.model_fields if name.startswith("events_")),
)


def register(commands: Commands) -> None:
    events = add_command(
        commands, "events", summary="deliver after-commit events and inspect their publications"
    )
    actions = events.add_subparsers(required=True, metavar="action")
    worker = add_command(
        actions,
        "worker",
        summary="deliver publications until stopped (any number may run, beside `serve`)",
        settings=WORKER,
    )
    worker.set_defaults(run=_worker)
    listing = add_command(
        actions, "list", summary="list publications, newest first", settings=REGISTRY
    )
    listing.add_argument("--status", choices=STATUSES, help="only those of this status")
    listing.add_argument("--limit", type=_positive, default=50, help="at most this many")
    listing.set_defaults(run=_list)
    retry = add_command(
        actions,
        "retry",
        summary="make failed publications pending again, with a fresh count of attempts",
        settings=REGISTRY,
    )
    retry.add_argument("ids", nargs="*", type=_positive, metavar="ID", help="publication ids")
    retry.add_argument("--failed", action="store_true", help="every failed publication")
    retry.set_defaults(run=_retry)
    purge = add_command(
        actions,
        "purge",
        summary="delete completed publications older than some days",
        settings=REGISTRY,
    )
    purge.add_argument(
        "--older-than", type=_days, required=True, metavar="DAYS", help="completed before"
    )
    purge.set_defaults(run=_purge)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number")
    if number > MAX_NUMBER:
        raise argparse.ArgumentTypeError(f"{value} is more than {MAX_NUMBER}")
    return number


def _days(value: str) -> float:
    days = float(value)
    if not days >= 0:
        raise argparse.ArgumentTypeError(f"{value} is not a number of days (0 or more)")
    try:
        _before(days)
    except OverflowError:
        raise argparse.ArgumentTypeError(f"{value} days reach before the year 1") from None
    return days


def _before(days: float) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


def _worker(_args: argparse.Namespace, settings: Settings) -> None:
    from entrypoints.composition.events import run_worker

    configure_logging(settings.log_level, settings.log_format)
    check_before_serving(settings, host="127.0.0.1", migrate=False)
    asyncio.run(run_worker(settings))


def _migrated(settings: Settings) -> None:
    target = DatabaseTarget.of(settings.database_url)
    target.require_existing(MIGRATE_FIRST)
    problem = target.schema_problem(settings.readiness_timeout_seconds)
    if problem is not None:
        raise Mistake(f"the database schema {problem} ({target.shown}): run `conduit db upgrade`")


def _list(args: argparse.Namespace, settings: Settings) -> None:
    from entrypoints.composition.events import publication_registry

    async def listed() -> None:
        async with publication_registry(settings) as registry:
            publications = await registry.listed(args.status, args.limit)
        for p in publications:
            when = p.completed_at if p.status == "completed" else p.next_attempt_at
            error = f"  {p.last_error}" if p.last_error else ""
            print(
                f"{p.id}  {p.status:<9}  attempts={p.attempts}  {p.subscriber}  "
                f"{p.event_type} v{p.event_version}  key={p.ordering_key or '-'}  "
                f"published={_shown(p.created_at)}  "
                f"{'completed' if p.status == 'completed' else 'next'}={_shown(when)}{error}"
            )
        if not publications:
            print("no publications" + (f" {args.status}" if args.status else ""))

    _migrated(settings)
    asyncio.run(listed())


def _retry(args: argparse.Namespace, settings: Settings) -> None:
    from entrypoints.composition.events import publication_registry

    if bool(args.ids) == args.failed:
        raise Mistake("give publication ids or --failed (one of them)", CONFIGURATION)

    async def retried() -> int:
        async with publication_registry(settings) as registry:
            return await registry.retry(set(args.ids) if args.ids else None)

    _migrated(settings)
    count = asyncio.run(retried())
    print(f"{count} publication{'s' if count != 1 else ''} pending again")
    missed = len(set(args.ids)) - count if args.ids else 0
    if missed:
        raise Mistake(
            f"{missed} of the ids given name no failed publication "
            "(see `conduit events list --status failed`)"
        )


def _purge(args: argparse.Namespace, settings: Settings) -> None:
    from entrypoints.composition.events import publication_registry

    before = _before(args.older_than)

    async def purged() -> int:
        async with publication_registry(settings) as registry:
            return await registry.purge(before)

    _migrated(settings)
    count = asyncio.run(purged())
    print(f"{count} completed publication{'s' if count != 1 else ''} deleted")


def _shown(when: datetime | None) -> str:
    return "-" if when is None else when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
