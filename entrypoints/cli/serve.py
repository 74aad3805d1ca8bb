"""`conduit serve`: the start-up checks, then uvicorn with one or several workers."""

import argparse

from entrypoints.cli.help import EVERY_SETTING, Commands, add_command
from entrypoints.cli.startup import check_before_serving
from entrypoints.logging_setup import configure_logging
from entrypoints.observability.multiprocess import metrics_directory
from entrypoints.settings import Settings


def register(commands: Commands) -> None:
    serve = add_command(
        commands, "serve", summary="serve the HTTP API with uvicorn", settings=EVERY_SETTING
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to bind; beyond loopback needs a secret"
    )
    serve.add_argument("--port", type=int, default=8000, help="port to bind")
    serve.add_argument("--workers", type=int, default=1, help="worker processes (production)")
    serve.add_argument("--reload", action="store_true", help="restart on code changes (dev)")
    serve.add_argument(
        "--migrate", action="store_true", help="upgrade the database to the newest schema first"
    )
    serve.set_defaults(run=_serve)


def _serve(args: argparse.Namespace, settings: Settings) -> None:
    from entrypoints.serving.server import serve

    configure_logging(settings.log_level, settings.log_format)  # the waits' lines
    check_before_serving(settings, host=args.host, migrate=args.migrate)
    with metrics_directory(workers=args.workers, enabled=settings.metrics_enabled):
        serve(settings, host=args.host, port=args.port, workers=args.workers, reload=args.reload)
